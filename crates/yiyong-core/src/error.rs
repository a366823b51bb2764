//! Diagnostics: every problem the user can fix names the file, the line where known, and what
//! to do. A build collects all of them before failing, so the user sees every mistake at once.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found while building, with enough context for the user to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(message: impl Into<String>) -> Self {
        Diagnostic {
            file: None,
            line: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn in_file(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: Some(file.as_ref().to_path_buf()),
            ..Diagnostic::new(message)
        }
    }

    pub fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl Diagnostic {
    /// The same text, introduced as a warning.
    pub fn as_warning(&self) -> String {
        self.to_string().replacen("error: ", "warning: ", 1)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: ")?;
        match (&self.file, self.line) {
            (Some(file), Some(line)) => write!(f, "{}:{}: ", file.display(), line)?,
            (Some(file), None) => write!(f, "{}: ", file.display())?,
            _ => {}
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", hint)?;
        }
        Ok(())
    }
}

/// A failed step: one or more diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    pub fn msg(message: impl Into<String>) -> Self {
        Diagnostic::new(message).into()
    }

    pub fn many(diagnostics: Vec<Diagnostic>) -> Self {
        Error { diagnostics }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error {
            diagnostics: vec![d],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", d)?;
        }
        if self.diagnostics.len() > 1 {
            write!(f, "\n{} errors found.", self.diagnostics.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// Formats a Tera error with its whole cause chain: Tera puts the useful part (the template
/// line, the missing variable) in the sources, not in the top-level message.
pub fn tera_chain(err: &tera::Error) -> String {
    let mut out = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        source = cause.source();
    }
    out
}

/// Turns a byte offset into a 1-based line number.
pub fn line_of_offset(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|b| *b == b'\n')
        .count()
        + 1
}

/// Lines of offsets met mostly in increasing order: each stretch of text is counted once,
/// where counting from the start for every heading and link made a long page quadratic.
pub struct Lines<'s> {
    text: &'s str,
    offset: usize,
    line: usize,
}

impl<'s> Lines<'s> {
    pub fn new(text: &'s str) -> Self {
        Lines {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of `offset`, as `line_of_offset` gives it.
    pub fn at(&mut self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        if end < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        let stretch = &self.text.as_bytes()[self.offset..end];
        self.line += stretch.iter().filter(|&&b| b == b'\n').count();
        self.offset = end;
        self.line
    }
}

/// Finds the 1-based line of `key = ...` or `key: ...` in front matter text, for errors that
/// serde reports without a position.
pub fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            t.strip_prefix(key).is_some_and(|rest| {
                let rest = rest.trim_start();
                rest.starts_with('=') || rest.starts_with(':')
            })
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_counts_as_line_of_offset_does() {
        let text = "一\n二\n\n三 four\nfive\n";
        let mut lines = Lines::new(text);
        let mut offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        offsets.extend([text.len(), 100, 3, 0, 8]);
        offsets.insert(5, 3);
        for offset in offsets {
            assert_eq!(lines.at(offset), line_of_offset(text, offset), "{offset}");
        }
    }
}
