//! Every output file has one author. A page, a pager, a taxonomy list, a feed, a static file,
//! an alias, an image: whatever writes into the output goes through `Claims`, which refuses a
//! path outside the output folder and reports every path written twice, or written both as a
//! file and as a folder (`path = "index.html"` would turn the home page into a folder), naming
//! both sources. Checking at the sink catches every writer, including ones added later.

use std::cell::RefCell;
use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::Mutex;

use super::Sink;
use crate::error::Diagnostic;

thread_local! {
    /// What the current thread is writing for (a content file, `static/x.css`, …).
    static SOURCE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f` with writes on this thread attributed to `source` (restored afterwards, so nested
/// scopes and rayon's work stealing keep the right name).
pub fn as_source<R>(source: &str, f: impl FnOnce() -> R) -> R {
    let previous = SOURCE.with(|s| s.replace(Some(source.to_string())));
    let out = f();
    SOURCE.with(|s| *s.borrow_mut() = previous);
    out
}

pub(super) fn current_source() -> String {
    SOURCE.with(|s| {
        s.borrow()
            .clone()
            .unwrap_or_else(|| "a generated file".into())
    })
}

/// Why `rel` cannot be an output path, if it cannot.
pub fn bad_output_path(rel: &str) -> Option<&'static str> {
    if rel.is_empty() {
        return Some("it is empty");
    }
    if rel.starts_with('/') {
        return Some("it is absolute");
    }
    if rel.contains('\\') || rel.contains('\0') {
        return Some("it contains a backslash or a NUL");
    }
    if rel
        .split('/')
        .any(|c| c.is_empty() || c == "." || c == "..")
    {
        return Some("it contains `..`, `.` or an empty folder name");
    }
    None
}

pub struct Claims<'a> {
    inner: &'a dyn Sink,
    claimed: Mutex<HashMap<String, String>>,
    problems: Mutex<Vec<Diagnostic>>,
}

impl<'a> Claims<'a> {
    pub fn new(inner: &'a dyn Sink) -> Claims<'a> {
        Claims {
            inner,
            claimed: Mutex::new(HashMap::new()),
            problems: Mutex::new(vec![]),
        }
    }

    /// Whether `rel` may be written now; records the problem when not.
    fn claim(&self, rel: &str) -> bool {
        if let Some(reason) = bad_output_path(rel) {
            let d = Diagnostic::new(format!(
                "{} would write to `{rel}`, which is refused: {reason}",
                current_source()
            ))
            .with_hint("every output stays inside the output folder; check paths, slugs and names");
            self.problems.lock().unwrap().push(d);
            return false;
        }
        let mut claimed = self.claimed.lock().unwrap();
        if let Some(first) = claimed.get(rel) {
            let d = Diagnostic::new(format!(
                "`{rel}` in the output would be written by both {first} and {}",
                current_source()
            ))
            .with_hint("give one of them another `path`, `slug`, alias or file name; yiyong never lets one output silently replace another");
            self.problems.lock().unwrap().push(d);
            return false;
        }
        claimed.insert(rel.to_string(), current_source());
        true
    }

    /// All problems: paths refused or claimed twice, and paths that are both a file and a
    /// folder (`a.html` and `a.html/index.html`).
    pub fn finish(self) -> Vec<Diagnostic> {
        let mut problems = self.problems.into_inner().unwrap();
        let claimed = self.claimed.into_inner().unwrap();
        // On every core: this runs after the last output, with nothing beside it (at 20,000
        // outputs, 13 ms on one core).
        use rayon::prelude::*;
        let mut paths: Vec<(&String, &String)> = claimed.iter().collect();
        paths.par_sort_unstable();
        // In sorted order the first path at or after `file/` is inside that folder, if any is.
        let clashes: Vec<Diagnostic> = paths
            .par_iter()
            .filter_map(|(file, who)| {
                let folder = format!("{file}/");
                let at = paths.partition_point(|(p, _)| p.as_str() < folder.as_str());
                let (p, other) = paths.get(at).filter(|(p, _)| p.starts_with(&folder))?;
                Some(
                    Diagnostic::new(format!(
                        "`{file}` in the output is a file written by {who}, but {other} needs a folder of that name for `{p}`"
                    ))
                    .with_hint("give one of them another `path`, `slug` or file name"),
                )
            })
            .collect();
        problems.extend(clashes);
        problems
    }
}

impl Sink for Claims<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        if self.claim(rel) {
            self.inner.write(rel, bytes)
        } else {
            Ok(())
        }
    }
    fn write_parts(&self, rel: &str, parts: &mut dyn Iterator<Item = Vec<u8>>) -> io::Result<()> {
        if self.claim(rel) {
            self.inner.write_parts(rel, parts)
        } else {
            parts.for_each(drop);
            Ok(())
        }
    }
    fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        if self.claim(rel) {
            self.inner.copy(rel, src)
        } else {
            Ok(())
        }
    }
    fn link(&self, rel: &str, src: &Path) -> io::Result<()> {
        if self.claim(rel) {
            self.inner.link(rel, src)
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::write::NullSink;

    #[test]
    fn names_both_sources_of_a_clash() {
        let claims = Claims::new(&NullSink);
        as_source("page a.md", || claims.write("x/index.html", b"1")).unwrap();
        as_source("static/x/index.html", || claims.write("x/index.html", b"2")).unwrap();
        as_source("page b.md", || claims.write("index.html/index.html", b"3")).unwrap();
        as_source("home", || claims.write("index.html", b"4")).unwrap();
        as_source("feed", || claims.write("../../tmp/x", b"5")).unwrap();
        let text: Vec<String> = claims.finish().iter().map(|d| d.message.clone()).collect();
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(text[0].contains("page a.md") && text[0].contains("static/x/index.html"));
        assert!(text[1].contains("feed") && text[1].contains("refused"));
        assert!(text[2].contains("home") && text[2].contains("page b.md"));
    }

    #[test]
    fn output_path_rules() {
        for bad in ["", "/etc/x", "a/../b", "a//b", "./a", "a\\b"] {
            assert!(bad_output_path(bad).is_some(), "{bad}");
        }
        assert!(bad_output_path("新闻/a b/index.html").is_none());
    }
}
