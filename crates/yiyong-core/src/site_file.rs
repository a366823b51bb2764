//! The one rule for every file a template or a page names and the build then reads
//! (`load_data`, `get_url(cachebust = true)`, `get_hash`, `resize_image`, `get_image_metadata`,
//! the outreach layer's photos): the path is looked up in a few folders of the site, and the
//! file it reaches must lie inside the site folder once `..` and symlinks are followed.
//!
//! Why: a site's content and templates may come from many hands, and the build may run on a
//! shared machine; `load_data(path = "../../../etc/passwd")` must not copy that file into a
//! public page. A file inside the site reached through `..` (`static/../data/x.toml`) or
//! through a symlink that stays inside the site is fine.

use std::fmt;
use std::path::{Component, Path, PathBuf};

/// A path that exists but leads outside the folders a site may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outside {
    pub given: String,
    pub resolved: PathBuf,
}

impl fmt::Display for Outside {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let how = if Path::new(self.given.trim_start_matches('/'))
            .components()
            .any(|c| c == Component::ParentDir)
        {
            "through `..`"
        } else {
            "through a symlink"
        };
        write!(
            f,
            "`{}` leads outside the site folder ({how}, to {}); the build reads only files \
             inside the site: copy the file into the site (for example into static/ or data/) and \
             give its path there (只能读取站点文件夹内的文件)",
            self.given,
            self.resolved.display()
        )
    }
}

/// Looks `path` up in `dirs`, in order, and returns the first existing file, or `None` when
/// no folder has it. A leading `/` is ignored, as in Zola. The file found must be inside one
/// of `allowed` after canonicalizing (following `..` and every symlink); if it is not, the
/// lookup fails rather than trying the next folder, so the error names the file the path
/// really reaches. The path is returned as joined (not canonicalized), so messages and cache
/// keys show it the way the site names it.
pub fn find(path: &str, dirs: &[PathBuf], allowed: &[&Path]) -> Result<Option<PathBuf>, Outside> {
    let rel = path.trim_start_matches('/');
    let Some(file) = dirs.iter().map(|d| d.join(rel)).find(|p| p.is_file()) else {
        return Ok(None);
    };
    // An existing file canonicalizes; if it vanished meanwhile, the read reports it.
    let Ok(real) = file.canonicalize() else {
        return Ok(Some(file));
    };
    let inside = allowed
        .iter()
        .filter_map(|a| a.canonicalize().ok())
        .any(|a| real.starts_with(a));
    if inside {
        Ok(Some(file))
    } else {
        Err(Outside {
            given: path.to_string(),
            resolved: real,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let outer = tempfile::tempdir().unwrap();
        let root = outer.path().join("site");
        std::fs::create_dir_all(root.join("static/css")).unwrap();
        std::fs::create_dir_all(root.join("data")).unwrap();
        std::fs::write(root.join("static/css/a.css"), "a").unwrap();
        std::fs::write(root.join("data/x.toml"), "k = 1").unwrap();
        std::fs::write(outer.path().join("secret.txt"), "s").unwrap();
        (outer, root)
    }

    #[test]
    fn inside_paths_are_found_in_folder_order() {
        let (_o, root) = site();
        let dirs = [root.join("static"), root.clone()];
        let allowed = [root.as_path()];
        let got = |p| find(p, &dirs, &allowed).unwrap();
        assert_eq!(got("css/a.css"), Some(root.join("static/css/a.css")));
        assert_eq!(got("/data/x.toml"), Some(root.join("data/x.toml")));
        // `..` that stays inside the site is fine.
        assert_eq!(
            got("../data/x.toml"),
            Some(root.join("static/../data/x.toml"))
        );
        assert_eq!(got("nothere.css"), None);
    }

    #[test]
    fn dotdot_and_symlinks_out_of_the_site_are_refused() {
        let (outer, root) = site();
        let dirs = [root.join("static"), root.clone()];
        let allowed = [root.as_path()];
        let e = find("../secret.txt", &dirs, &allowed).unwrap_err();
        assert_eq!(
            e.resolved,
            outer.path().canonicalize().unwrap().join("secret.txt")
        );
        assert!(e.to_string().contains("through `..`"), "{e}");
        std::os::unix::fs::symlink(outer.path().join("secret.txt"), root.join("static/s.txt"))
            .unwrap();
        let e = find("s.txt", &dirs, &allowed).unwrap_err();
        assert!(e.to_string().contains("through a symlink"), "{e}");
        // A symlink inside the site to a file inside the site is fine.
        std::os::unix::fs::symlink(root.join("data/x.toml"), root.join("static/x.toml")).unwrap();
        assert!(find("x.toml", &dirs, &allowed).unwrap().is_some());
    }
}
