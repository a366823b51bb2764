//! A site made by `yiyong init` in a temporary folder, the site a new association starts from:
//! the tests of the default theme and of the staff's commands on it write a few files into it,
//! build it with the real binary and read what a visitor gets.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct InitSite {
    _dir: tempfile::TempDir,
    /// The site's folder (`site/` in the temporary folder).
    pub root: PathBuf,
}

impl InitSite {
    /// `yiyong init site` in a new temporary folder; panics with the tool's words if it fails.
    pub fn new() -> InitSite {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = run_in(dir.path(), &["init", "site"]);
        assert!(
            out.status.success(),
            "yiyong init failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let root = dir.path().join("site");
        InitSite { _dir: dir, root }
    }

    /// Runs yiyong in the site's folder, with English messages.
    pub fn run(&self, args: &[&str]) -> Output {
        run_in(&self.root, args)
    }

    /// Writes a file below the site's folder, making its folders.
    pub fn write(&self, rel: &str, text: &str) -> &Self {
        let p = self.root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    /// A file of the built site (below `public/`).
    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join("public").join(rel))
            .unwrap_or_else(|e| panic!("public/{rel}: {e}"))
    }

    /// Builds; panics with the tool's error text if the build fails.
    pub fn build(&self) -> &Self {
        let out = self.run(&["build"]);
        assert!(
            out.status.success(),
            "the build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self
    }
}

/// The site's folder, for `site.join(…)` and for helpers that take a path.
impl std::ops::Deref for InitSite {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.root
    }
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .args(args)
        .current_dir(dir)
        // The tests read the English messages whatever the machine's locale.
        .env("YIYONG_LANG", "en")
        .output()
        .expect("run yiyong")
}
