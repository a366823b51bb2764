//! The write stage: where rendered outputs go. Builds stage changed files beside the output
//! folder and swap them in only when everything succeeded; `check` discards; `serve` (later)
//! keeps them in memory.

mod claims;
mod guard;
mod html_tags;
mod intact;
mod journal;
mod manifest;
mod safe_dirs;
mod scan;
mod scan_rules;
mod signals;
mod staged;
mod urls;

pub use claims::{as_source, Claims};
pub use guard::{keep_example, output_text, Guarded, OutputGuard};
pub use intact::intact;
pub(crate) use manifest::{hasher as hasher_for_inputs, mtime_ns as mtime_of};
pub use scan::{Rules, Scan};

pub use staged::{StagedOutput, WriteStats};

use std::fs;
use std::io;
use std::path::Path;

pub trait Sink: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Writes a file handed over in parts, in order, so that a big output (a site feed holds
    /// every page) is never whole in memory.
    fn write_parts(&self, rel: &str, parts: &mut dyn Iterator<Item = Vec<u8>>) -> io::Result<()> {
        let mut all = vec![];
        for part in parts {
            all.extend_from_slice(&part);
        }
        self.write(rel, &all)
    }
    fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.write(rel, &fs::read(src)?)
    }
    /// Hard-links instead of copying where the sink can (`hard_link_static`).
    fn link(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.copy(rel, src)
    }
}

/// Discards everything: `yiyong check` renders all templates without writing.
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, _: &str, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn write_parts(&self, _: &str, parts: &mut dyn Iterator<Item = Vec<u8>>) -> io::Result<()> {
        // The parts are still rendered: that is what `check` checks.
        parts.for_each(drop);
        Ok(())
    }
    fn copy(&self, _: &str, _: &Path) -> io::Result<()> {
        Ok(())
    }
}

/// Writes `bytes` to `path` through a temporary file and a rename, so a reader (or a build
/// interrupted half-way) never sees half a file. Creates missing folders.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    // Unique per process and call: two builds of one site may share its cache folder.
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!(
        "{}.{}-{n}.tmp",
        path.extension().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path)
}
