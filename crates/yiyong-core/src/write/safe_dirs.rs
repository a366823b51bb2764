//! Folders inside the output that are really there: a commit never writes or deletes through a
//! symlink that someone put inside the output (`public/about -> /elsewhere`). Such a link is
//! replaced by a real folder when a file must go below it, and files below it are never
//! removed, since they are not the output's.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub struct SafeDirs {
    out: PathBuf,
    /// Folders below `out` checked to be real folders in this commit.
    known: HashSet<PathBuf>,
}

impl SafeDirs {
    pub fn new(out: &Path) -> SafeDirs {
        SafeDirs {
            out: out.to_path_buf(),
            known: HashSet::new(),
        }
    }

    /// Makes every folder above `rel` a real folder (replacing a symlink or a file standing
    /// there, never following it) and returns where `rel` goes.
    pub fn prepare(&mut self, rel: &str) -> io::Result<PathBuf> {
        let mut cur = self.out.clone();
        let parts: Vec<&str> = rel.split('/').collect();
        for part in &parts[..parts.len().saturating_sub(1)] {
            cur.push(part);
            if self.known.contains(&cur) {
                continue;
            }
            match fs::symlink_metadata(&cur) {
                Ok(m) if m.is_dir() => {}
                Ok(_) => {
                    // A file or a symlink (to anything): removing it removes the link only.
                    fs::remove_file(&cur)?;
                    fs::create_dir(&cur)?;
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir(&cur)?,
                Err(e) => return Err(e),
            }
            self.known.insert(cur.clone());
        }
        Ok(self.out.join(rel))
    }

    /// Removes the output file `rel` (a file or a symlink itself, never what a link points to)
    /// and the folders it leaves empty. Nothing happens when a folder above it is not a real
    /// folder of the output.
    pub fn remove(&mut self, rel: &str) -> io::Result<bool> {
        let parts: Vec<&str> = rel.split('/').collect();
        let mut cur = self.out.clone();
        for part in &parts[..parts.len().saturating_sub(1)] {
            cur.push(part);
            if !fs::symlink_metadata(&cur).is_ok_and(|m| m.is_dir()) {
                return Ok(false);
            }
        }
        let path = self.out.join(rel);
        let removed = match fs::symlink_metadata(&path) {
            Ok(m) if !m.is_dir() => {
                fs::remove_file(&path)?;
                true
            }
            _ => false,
        };
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != self.out && d.starts_with(&self.out)) {
            if fs::remove_dir(d).is_err() {
                break;
            }
            self.known.remove(d);
            dir = d.parent();
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_writes_or_deletes_through_a_symlink() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, elsewhere) = (tmp.path().join("out"), tmp.path().join("elsewhere"));
        fs::create_dir_all(&out).unwrap();
        fs::create_dir_all(&elsewhere).unwrap();
        fs::write(elsewhere.join("index.html"), "theirs").unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("about")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("old")).unwrap();
        let mut dirs = SafeDirs::new(&out);
        assert!(!dirs.remove("old/index.html").unwrap());
        let dest = dirs.prepare("about/index.html").unwrap();
        fs::write(&dest, "ours").unwrap();
        assert_eq!(
            fs::read_to_string(elsewhere.join("index.html")).unwrap(),
            "theirs"
        );
        assert!(!fs::symlink_metadata(out.join("about"))
            .unwrap()
            .is_symlink());
        assert!(dirs.remove("about/index.html").unwrap());
        assert!(!out.join("about").exists(), "emptied folder pruned");
    }
}
