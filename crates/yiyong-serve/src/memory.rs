//! The output of a build while serving: kept in memory, never written to disk.

use std::collections::{HashMap, HashSet};
use std::io;
use std::path::Path;
use std::sync::{Arc, Mutex};

use yiyong_core::Sink;

pub type Files = HashMap<String, Arc<Vec<u8>>>;

/// Collects a build's output files, keyed by path relative to the output root.
#[derive(Default)]
pub struct MemoryOutput {
    files: Mutex<Files>,
    written: Mutex<HashSet<String>>,
}

impl MemoryOutput {
    /// Starts from a previous output: an incremental rebuild overwrites only what it renders.
    pub fn from_files(files: Files) -> MemoryOutput {
        MemoryOutput {
            files: Mutex::new(files),
            written: Mutex::default(),
        }
    }

    pub fn into_files(self) -> Files {
        self.files.into_inner().unwrap()
    }

    /// The files, and the paths written since this output was made.
    pub fn into_parts(self) -> (Files, HashSet<String>) {
        (
            self.files.into_inner().unwrap(),
            self.written.into_inner().unwrap(),
        )
    }

    fn put(&self, rel: &str, bytes: Vec<u8>) {
        self.written.lock().unwrap().insert(rel.to_string());
        self.files
            .lock()
            .unwrap()
            .insert(rel.to_string(), Arc::new(bytes));
    }
}

impl Sink for MemoryOutput {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.put(rel, bytes.to_vec());
        Ok(())
    }
    fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.put(rel, std::fs::read(src)?);
        Ok(())
    }
}
