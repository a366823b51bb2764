//! `get_url(cachebust = true)`'s file hashes, kept for the build: the default theme asks for
//! its stylesheet's on every page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Hashes by file, size and time changed, so that a file changed under `serve` is hashed anew.
pub type FileHashes = std::sync::Mutex<HashMap<(PathBuf, u64, std::time::SystemTime), String>>;

pub(super) fn hash_file(path: &Path, known: &FileHashes) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let key = (path.to_path_buf(), meta.len(), meta.modified().ok()?);
    if let Some(h) = known.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return Some(h.clone());
    }
    let bytes = std::fs::read(path).ok()?;
    let hash = format!("{:x}", Sha256::digest(&bytes));
    known
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(key, hash.clone());
    Some(hash)
}
