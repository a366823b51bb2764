//! The commit journal: how a build's staged files reach the output all or nothing.
//!
//! A build stages only the files whose bytes changed, so the old and new outputs share most
//! files and cannot be swapped with one rename (re-linking the whole tree would cost more than
//! the build). Instead, before the first file moves, the list of moves and removals is written
//! beside the stage, together with the new manifest. Replaying the journal is idempotent: a
//! move whose staged file is gone has happened, a removal of a missing file has happened. So
//! whatever stops a commit part-way (kill -9, power, a full disk), the next yiyong run on this
//! output completes it before anything else, and the output is the new one, whole. Ctrl-C and
//! SIGTERM are held back while a commit runs (see `signals`), so they never leave a mix.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize)]
pub struct Journal {
    /// Files to move from the stage into the output, as relative paths.
    pub moves: Vec<String>,
    /// Outputs of the last build this one no longer makes.
    pub removes: Vec<String>,
    /// The new manifest, saved already, and where it goes.
    pub manifest_pending: PathBuf,
    pub manifest: PathBuf,
}

/// Where the journal of an output is kept: beside its manifest in the site's cache, never
/// in or beside the output.
pub fn path_of(manifest: &Path) -> PathBuf {
    manifest.with_extension("journal")
}

/// Saves the journal; from here on the commit is decided.
pub fn write(journal: &Journal) -> io::Result<()> {
    let text = serde_json::to_vec(journal).map_err(io::Error::other)?;
    let path = path_of(&journal.manifest);
    let tmp = path.with_extension("journal-tmp");
    fs::write(&tmp, text)?;
    fs::File::open(&tmp)?.sync_all()?;
    fs::rename(tmp, path)
}

/// Finishes what an earlier run left: replays a saved journal (returns how many files it
/// moved), or throws away a stage that never reached its commit.
pub fn recover(out: &Path, stage: &Path, manifest: &Path) -> io::Result<Option<usize>> {
    let path = path_of(manifest);
    match fs::read(&path) {
        Ok(bytes) => {
            let journal: Journal = serde_json::from_slice(&bytes)
                .map_err(|e| io::Error::other(format!("{} is damaged ({e})", path.display())))?;
            replay(out, stage, &journal).map(Some)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if fs::symlink_metadata(stage).is_ok() {
                fs::remove_dir_all(stage)?;
            }
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Carries out the journal; safe to run again after any interruption.
pub fn replay(out: &Path, stage: &Path, journal: &Journal) -> io::Result<usize> {
    let mut dirs = super::safe_dirs::SafeDirs::new(out);
    let mut moved = 0;
    for rel in &journal.moves {
        let from = stage.join(rel);
        if fs::symlink_metadata(&from).is_err() {
            continue; // moved by the run that was interrupted
        }
        let dest = dirs.prepare(rel)?;
        if fs::symlink_metadata(&dest).is_ok_and(|m| m.is_dir()) {
            fs::remove_dir_all(&dest)?;
        }
        fs::rename(&from, &dest)?;
        moved += 1;
    }
    for rel in &journal.removes {
        dirs.remove(rel)?;
    }
    if fs::symlink_metadata(&journal.manifest_pending).is_ok() {
        fs::rename(&journal.manifest_pending, &journal.manifest)?;
    }
    if fs::symlink_metadata(stage).is_ok() {
        fs::remove_dir_all(stage)?;
    }
    fs::remove_file(path_of(&journal.manifest))?;
    Ok(moved)
}
