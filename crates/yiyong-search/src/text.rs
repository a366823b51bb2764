//! The plain text of a page's rendered Markdown: what a visitor reads, without tags, scripts,
//! styles or code blocks' markup. Written by hand rather than with an HTML parser because it
//! runs over every page of every build and needs only this much: tags out, the common
//! entities decoded, block ends as line breaks (so words of two paragraphs are not joined
//! into one term). Any input gives some text; nothing here can fail.

/// Tags whose content is not text a visitor reads.
const SKIPPED: &[&str] = &["script", "style", "template", "svg", "noscript"];
/// Tags that end a block: a space in the text, so no bigram spans two blocks.
const BLOCKS: &[&str] = &[
    "p",
    "br",
    "li",
    "ul",
    "ol",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "section",
    "article",
    "figcaption",
    "dt",
    "dd",
    "table",
    "hr",
];

/// The text of `html`, whitespace collapsed, at most `limit` characters.
pub fn plain(html: &str, limit: usize) -> String {
    let mut out = String::with_capacity(html.len().min(limit * 3));
    let mut count = 0;
    let mut rest = html;
    let mut skip_until: Option<&'static str> = None;
    while !rest.is_empty() && count < limit {
        let Some(lt) = rest.find('<') else {
            if skip_until.is_none() {
                push_text(&mut out, rest, limit - count);
            }
            break;
        };
        if skip_until.is_none() {
            count += push_text(&mut out, &rest[..lt], limit - count);
        }
        rest = &rest[lt + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let (buf, closing) = tag_name(&rest[..end]);
        let name = buf.as_ref().map_or("", TagName::as_str);
        rest = rest.get(end + 1..).unwrap_or("");
        match skip_until {
            Some(t) if closing && name == t => skip_until = None,
            Some(_) => {}
            None => {
                if let Some(t) = SKIPPED.iter().find(|t| **t == name) {
                    if !closing {
                        skip_until = Some(t);
                    }
                } else if BLOCKS.contains(&name) {
                    push_space(&mut out);
                }
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// A tag's name, lower-cased, on the stack: every tag of every page is named, and one
/// allocation each was a fifth of the text's extraction (callgrind).
struct TagName {
    bytes: [u8; TagName::MAX],
    len: usize,
}

impl TagName {
    /// Longer than any name in `SKIPPED` or `BLOCKS`.
    const MAX: usize = 12;

    fn as_str(&self) -> &str {
        // Only ASCII bytes are kept (see `tag_name`).
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or("")
    }
}

/// The lower-case name of a tag from what is between `<` and `>`, and whether it closes; no
/// name when it could not be one of this module's (longer than `TagName::MAX`, or not ASCII).
/// The name ends at whitespace or `/`.
fn tag_name(inside: &str) -> (Option<TagName>, bool) {
    let closing = inside.starts_with('/');
    let inside = inside.trim_start_matches('/');
    let mut name = TagName {
        bytes: [0; TagName::MAX],
        len: 0,
    };
    for c in inside.chars() {
        if c.is_whitespace() || c == '/' {
            break;
        }
        if !c.is_ascii() || name.len == TagName::MAX {
            return (None, closing);
        }
        name.bytes[name.len] = c.to_ascii_lowercase() as u8;
        name.len += 1;
    }
    (Some(name), closing)
}

fn push_space(out: &mut String) {
    if !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
}

/// Appends text with entities decoded and whitespace collapsed; returns characters added.
fn push_text(out: &mut String, text: &str, room: usize) -> usize {
    let mut added = 0;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if added >= room {
            break;
        }
        // A run without `&` or whitespace (most of a page's text) goes in whole rather than
        // a character at a time.
        let run = run_len(rest);
        if run > 0 {
            let (taken, n) = first_chars(&rest[..run], room - added);
            out.push_str(taken);
            added += n;
            rest = &rest[taken.len()..];
            continue;
        }
        let (decoded, used) = if c == '&' {
            entity(rest).unwrap_or(('&', 1))
        } else {
            (c, c.len_utf8())
        };
        rest = &rest[used..];
        if decoded.is_whitespace() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
                added += 1;
            }
        } else {
            out.push(decoded);
            added += 1;
        }
    }
    added
}

/// The length of the run at the start of `s` without `&` or whitespace, found a byte at a
/// time: only a byte that can start a whitespace character beyond ASCII (`C2`, `E1`, `E2`,
/// `E3`: U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000) is decoded to check it. Chinese
/// text's characters (`E4`–`E9`…) never are; the character-by-character search with
/// `char::is_whitespace` was a third of the text's extraction (callgrind).
fn run_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'&' | b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => return i,
            // Lead bytes only (a continuation byte is 80–BF): `i` is a character's start.
            0xC2 | 0xE1 | 0xE2 | 0xE3 => match s[i..].chars().next() {
                Some(c) if c.is_whitespace() => return i,
                Some(c) => i += c.len_utf8(),
                None => return i,
            },
            _ => i += 1,
        }
    }
    b.len()
}

/// The first `max` characters of `s` (all of it when shorter) and how many they are.
fn first_chars(s: &str, max: usize) -> (&str, usize) {
    // Characters are the bytes that do not continue one.
    let n = s.bytes().filter(|b| b & 0xC0 != 0x80).count();
    if n <= max {
        return (s, n);
    }
    let end = s.char_indices().nth(max).map_or(s.len(), |(i, _)| i);
    (&s[..end], max)
}

/// The entity at the start of `s` (`&amp;`, `&#39;`, `&#x4e00;`…) and its length in bytes.
fn entity(s: &str) -> Option<(char, usize)> {
    let window = match s.char_indices().nth(12) {
        Some((i, _)) => &s[..i],
        None => s,
    };
    let semi = window.find(';')?;
    let body = &s[1..semi];
    let c = match body {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let num = body.strip_prefix('#')?;
            let n = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(n)?
        }
    };
    Some((c, semi + 1))
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn tags_out_blocks_apart_entities_decoded() {
        let html = "<p>勇救<strong>落水</strong>儿童</p><p>水落&amp;石出&#x4e00;</p><script>var x='<p>'</script>尾";
        assert_eq!(plain(html, 1000), "勇救落水儿童 水落&石出一 尾");
    }

    #[test]
    fn runs_end_where_the_character_search_ended() {
        let old = |s: &str| {
            s.find(|c: char| c == '&' || c.is_whitespace())
                .unwrap_or(s.len())
        };
        let spaces = [
            '\t', '\n', '\u{b}', '\u{c}', '\r', ' ', '\u{85}', '\u{a0}', '\u{1680}', '\u{2003}',
            '\u{2028}', '\u{202f}', '\u{205f}', '\u{3000}',
        ];
        let others = [
            'a', 'é', '\u{1c}', '\u{a9}', '\u{1681}', '\u{2010}', '“', '。', '、', '中', '&', '😀',
        ];
        for &a in spaces.iter().chain(&others) {
            for &b in spaces.iter().chain(&others) {
                let s = format!("勇{a}x{b}尾");
                assert_eq!(super::run_len(&s), old(&s), "{s:?}");
            }
        }
        assert_eq!(super::run_len(""), 0);
    }

    #[test]
    fn tag_names_as_before() {
        assert_eq!(plain("<P CLASS=x>a</P>b<BR/>c<//p>d", 100), "a b c d");
        assert_eq!(
            plain("a<p中>b<p\u{3000}x>c<figcaption>d<figcaptionx>e", 100),
            "ab c de"
        );
        assert_eq!(plain("<SCRIPT>x</Script>y<svg/>z</svg>w", 100), "yw");
    }

    #[test]
    fn any_input_is_fine() {
        for s in [
            "<",
            "&",
            "&#xffffffff;",
            "<p",
            "a<script>b",
            "&#;",
            "<<>>",
            "é&a",
        ] {
            plain(s, 10);
        }
        assert_eq!(plain("一二三四五", 3), "一二三");
        assert_eq!(plain("一二 三四&amp;五", 4), "一二 三");
        assert_eq!(plain("<p>ab</p>c&lt;d  e", 100), "ab c<d e");
    }
}
