//! `Guarded`: a `Sink` wrapper that shows every output to the extensions' `OutputGuard`s
//! before passing it on, so a final sweep sees exactly what is published, whoever wrote it.

use std::io;
use std::path::Path;

use super::claims::current_source;
use super::Sink;
use crate::error::Diagnostic;

/// An output file's bytes as text, for a guard or the scan that reads them. Checked with SIMD
/// first: a rendered page is UTF-8, and std's check of mostly-Chinese text was 0.6% of a
/// 10,000-hero build; anything else is read as `from_utf8_lossy` reads it.
pub fn output_text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// Keeps `output` (with what wrote it) among the three examples a finding names, which are the
/// first three by name: outputs are written in parallel, in an order that changes from build
/// to build, and the same finding should name the same pages every time.
pub fn keep_example(first: &mut Vec<(String, String)>, output: &str, source: &str) {
    let at = first.partition_point(|(o, _)| o.as_str() < output);
    if at < 3 {
        first.insert(at, (output.to_string(), source.to_string()));
        first.truncate(3);
    }
}

// The trait lives here, below the extension layer, because write must not depend on it;
// `extension` re-exports it for implementers.
/// Sees every output file on its way to the output folder (`build`) or to nowhere (`check`).
pub trait OutputGuard: Send + Sync {
    /// Whether the bytes of `rel` are wanted: copied files (static, images) are read only then.
    fn reads(&self, rel: &str) -> bool;
    /// One output: its site path, what wrote it, and its bytes when `reads` said so. An output
    /// written in parts (a feed) is seen part by part.
    fn inspect(&self, rel: &str, source: &str, bytes: Option<&[u8]>);
    /// What must stop the build.
    fn finish(&self) -> Vec<Diagnostic>;
}

/// Copied files larger than this are not read (a video is no text).
const READ_LIMIT: u64 = 32 << 20;

pub struct Guarded<'a> {
    inner: &'a dyn Sink,
    guards: Vec<Box<dyn OutputGuard>>,
}

impl<'a> Guarded<'a> {
    pub fn new(inner: &'a dyn Sink, guards: Vec<Box<dyn OutputGuard>>) -> Guarded<'a> {
        Guarded { inner, guards }
    }

    pub fn finish(self) -> Vec<Diagnostic> {
        self.guards.iter().flat_map(|g| g.finish()).collect()
    }

    fn copied(&self, rel: &str, src: &Path) {
        if self.guards.is_empty() {
            return;
        }
        let source = current_source();
        for g in &self.guards {
            let small = std::fs::metadata(src).is_ok_and(|m| m.len() <= READ_LIMIT);
            match std::fs::read(src) {
                Ok(bytes) if small && g.reads(rel) => g.inspect(rel, &source, Some(&bytes)),
                _ => g.inspect(rel, &source, None),
            }
        }
    }
}

impl Sink for Guarded<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        if !self.guards.is_empty() {
            let source = current_source();
            for g in &self.guards {
                g.inspect(rel, &source, g.reads(rel).then_some(bytes));
            }
        }
        self.inner.write(rel, bytes)
    }

    fn write_parts(&self, rel: &str, parts: &mut dyn Iterator<Item = Vec<u8>>) -> io::Result<()> {
        if self.guards.is_empty() {
            return self.inner.write_parts(rel, parts);
        }
        let source = current_source();
        let mut first = true;
        let mut seen = parts.inspect(|part| {
            for g in &self.guards {
                if g.reads(rel) {
                    g.inspect(rel, &source, Some(part));
                } else if first {
                    g.inspect(rel, &source, None);
                }
            }
            first = false;
        });
        self.inner.write_parts(rel, &mut seen)
    }

    fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.copied(rel, src);
        self.inner.copy(rel, src)
    }

    fn link(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.copied(rel, src);
        self.inner.link(rel, src)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn examples_are_the_first_by_name_whatever_the_order() {
        let names = ["e.html", "b.html", "d.html", "a.html", "c.html"];
        let mut orders = vec![names.to_vec()];
        orders.push(names.iter().rev().copied().collect());
        for order in orders {
            let mut first = vec![];
            for n in order {
                super::keep_example(&mut first, n, "x.md");
            }
            let kept: Vec<&str> = first.iter().map(|(o, _)| o.as_str()).collect();
            assert_eq!(kept, ["a.html", "b.html", "c.html"]);
        }
    }
}
