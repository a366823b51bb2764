//! Diagnostics printed in the staff's language. In English they are printed as the core
//! formats them; in Chinese the frame is Chinese too (「错误：文件 第 5 行：…」, 「提示：」).

use yiyong_core::error::{Diagnostic, Error};
use yiyong_outreach::i18n::is_zh;

use crate::messages as m;

/// One diagnostic, as an error or a warning.
pub fn diagnostic(d: &Diagnostic, warning: bool) -> String {
    if !is_zh() {
        return match warning {
            true => d.as_warning(),
            false => d.to_string(),
        };
    }
    let label = if warning { m::WARNING } else { m::ERROR };
    let mut out = format!("{}：", label.text());
    match (&d.file, d.line) {
        (Some(f), Some(l)) => {
            out.push_str(&m::AT_LINE.fmt(&[("file", &f.display()), ("line", &l)]))
        }
        (Some(f), None) => out.push_str(&m::IN_FILE.fmt(&[("file", &f.display())])),
        _ => {}
    }
    out.push_str(&d.message);
    if let Some(h) = &d.hint {
        out.push_str(&format!("\n  {}：{h}", m::HINT.text()));
    }
    out
}

/// A failed command: every diagnostic, then how many there were.
pub fn error(e: &Error) -> String {
    let mut out: Vec<String> = e.diagnostics.iter().map(|d| diagnostic(d, false)).collect();
    if e.diagnostics.len() > 1 {
        out.push(m::ERRORS_FOUND.fmt(&[("n", &e.diagnostics.len())]));
    }
    out.join("\n")
}

/// The build's errors with front matter mistakes explained in the clerk's words.
pub fn explained(e: Error) -> Error {
    Error::many(yiyong_outreach::clerk::explain(e.diagnostics))
}

/// Warnings likewise (a misspelt page key gets its "did you mean").
pub fn warnings(w: &[Diagnostic]) -> Vec<String> {
    yiyong_outreach::clerk::explain_warnings(w.to_vec())
        .iter()
        .map(|d| diagnostic(d, true))
        .collect()
}
