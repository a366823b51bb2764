//! The output of a build while serving: kept in memory, never written to disk.

use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::write::Sink;

pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// Collects a build's output files, keyed by path relative to the output root.
#[derive(Default)]
pub struct MemoryOutput {
    files: Mutex<Files>,
}

impl MemoryOutput {
    /// Starts from a previous output: an incremental rebuild overwrites only what it renders.
    pub fn from_files(files: Files) -> MemoryOutput {
        MemoryOutput {
            files: Mutex::new(files),
        }
    }

    pub fn into_files(self) -> Files {
        self.files.into_inner().unwrap()
    }
}

impl Sink for MemoryOutput {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let bytes = Arc::new(bytes.to_vec());
        self.files.lock().unwrap().insert(rel.to_string(), bytes);
        Ok(())
    }
    fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        let bytes = Arc::new(std::fs::read(src)?);
        self.files.lock().unwrap().insert(rel.to_string(), bytes);
        Ok(())
    }
}
