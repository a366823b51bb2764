//! Characters XML 1.0 forbids: the C0 controls other than tab, line feed and carriage return
//! (U+0000–U+001F), and U+FFFE and U+FFFF. They arrive invisibly, pasted from Word or a PDF
//! into a title or a story, and one of them makes a whole feed unreadable to feed readers.
//!
//! Zola writes them through, and a Zola site must still build here, so they are not an
//! error: each content file holding one gets a warning naming the file and line, and the
//! XML outputs (feeds, sitemaps) and iCalendar files (RFC 5545 forbids controls too) are
//! written without them. HTML pages keep them, as Zola writes them: browsers show nothing.

use std::borrow::Cow;
use std::path::Path;

use crate::error::Diagnostic;

fn forbidden(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Whether `b` holds a forbidden character (given UTF-8, where the bytes EF BF BE / EF BF BF
/// are only ever U+FFFE / U+FFFF). The controls are looked for with a fold over blocks, which
/// compiles to vector instructions: a feed of a large site is tens of megabytes, and both
/// searches together take 14 ms for 40 MB of Chinese HTML (release build, this machine).
fn may_hold_forbidden(b: &[u8]) -> bool {
    let control =
        |x: u8| (x < 0x20) as u8 & (x != b'\t') as u8 & (x != b'\n') as u8 & (x != b'\r') as u8;
    b.chunks(64)
        .any(|block| block.iter().fold(0, |acc, &x| acc | control(x)) != 0)
        || memchr::memmem::find(b, b"\xEF\xBF\xBE").is_some()
        || memchr::memmem::find(b, b"\xEF\xBF\xBF").is_some()
}

/// The byte offset and the character of the first forbidden character in `text`.
pub fn first_forbidden(text: &str) -> Option<(usize, char)> {
    if !may_hold_forbidden(text.as_bytes()) {
        return None;
    }
    text.char_indices().find(|&(_, c)| forbidden(c))
}

/// A warning for a content file holding a forbidden character, at the line of the first.
pub fn content_warning(file: &Path, text: &str) -> Option<Diagnostic> {
    let (at, c) = first_forbidden(text)?;
    let count = text.chars().filter(|&c| forbidden(c)).count();
    let line = text[..at].matches('\n').count() + 1;
    let more = match count {
        1 => String::new(),
        n => format!(" (and {} more in the file)", n - 1),
    };
    Some(
        Diagnostic::in_file(
            file,
            format!(
                "invisible control character U+{:04X}{more}, probably pasted from Word or a PDF; \
                 it is left out of the feeds, sitemap and calendar files",
                c as u32
            ),
        )
        .at_line(Some(line))
        .with_hint(
            "delete it: retype the text around it (不可见的控制字符：请删除该处文字后重新输入)",
        ),
    )
}

/// `bytes` without forbidden characters; borrowed when there is none (the usual case).
/// Text that is not UTF-8 is left as it is: every output here is written from Rust strings.
pub fn strip(bytes: &[u8]) -> Cow<'_, [u8]> {
    if !may_hold_forbidden(bytes) {
        return Cow::Borrowed(bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) if s.contains(forbidden) => Cow::Owned(
            s.chars()
                .filter(|&c| !forbidden(c))
                .collect::<String>()
                .into_bytes(),
        ),
        _ => Cow::Borrowed(bytes),
    }
}

/// Whether an output file is XML or iCalendar, by its name.
pub fn is_strict_output(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".ics")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_strips_only_what_xml_forbids() {
        let fine = "标题，全角逗号\t制表\r\n换行\u{7f}\u{fffd}";
        assert_eq!(first_forbidden(fine), None);
        assert!(matches!(strip(fine.as_bytes()), Cow::Borrowed(_)));
        let bad = "甲\u{8}乙\0丙\u{fffe}丁\u{1b}";
        assert_eq!(first_forbidden(bad), Some((3, '\u{8}')));
        assert_eq!(&*strip(bad.as_bytes()), "甲乙丙丁".as_bytes());
        let w = content_warning(Path::new("a.md"), "+++\ntitle = \"x\u{8}\"\n+++\n\0").unwrap();
        let w = w.to_string();
        assert!(
            w.contains("a.md:2") && w.contains("U+0008") && w.contains("1 more"),
            "{w}"
        );
    }
}
