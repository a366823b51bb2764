//! Where a content file sits in `content/`, and the names Zola derives from that.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct FileInfo {
    pub path: PathBuf,
    /// Path below `content/` with `/` separators, e.g. `blog/post/index.md`.
    pub relative: String,
    /// Folders from `content/` to the item: for a bundle the bundle folder is not included.
    pub components: Vec<String>,
    /// File stem; for a bundle (`x/index.md`) the bundle folder's name.
    pub name: String,
    /// The folder holding the file.
    pub parent: PathBuf,
    pub is_bundle: bool,
}

impl FileInfo {
    pub fn new(path: &Path, content_dir: &Path) -> FileInfo {
        let rel = path.strip_prefix(content_dir).unwrap_or(path);
        let relative = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let mut components: Vec<String> = rel
            .parent()
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let is_bundle = stem == "index";
        let name = if is_bundle {
            components.pop().unwrap_or_default()
        } else {
            stem
        };
        FileInfo {
            path: path.to_path_buf(),
            relative,
            components,
            name,
            parent: path.parent().unwrap_or(content_dir).to_path_buf(),
            is_bundle,
        }
    }

    /// The `_index.md` of the section this file belongs to (for a page), as a relative path.
    pub fn parent_section_relative(&self) -> String {
        if self.components.is_empty() {
            "_index.md".into()
        } else {
            format!("{}/_index.md", self.components.join("/"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_names() {
        let f = FileInfo::new(
            Path::new("/s/content/blog/post/index.md"),
            Path::new("/s/content"),
        );
        assert_eq!(f.name, "post");
        assert_eq!(f.components, vec!["blog"]);
        assert!(f.is_bundle);
        assert_eq!(f.relative, "blog/post/index.md");
        let f = FileInfo::new(Path::new("/s/content/a.md"), Path::new("/s/content"));
        assert_eq!(f.parent_section_relative(), "_index.md");
    }
}
