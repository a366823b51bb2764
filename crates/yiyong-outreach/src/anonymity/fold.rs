//! Text folded so that a protected name is found however it was written: `欧阳**振华**`,
//! `欧阳<strong>振华</strong>`, `欧阳 振华`, a zero-width space inside the name, traditional
//! 歐陽振華, `&#27431;阳振华`, `%E6%AC%A7…` in a URL, `\u6b27` in JSON, "Ouyang Zhenhua",
//! `ou-yang-zhen-hua`, full-width `Ｏｕｙａｎｇ`. Folding keeps only letters and digits: Han
//! characters read as simplified (fast2s), Latin letters lowercased without tone marks
//! (deunicode); spaces, punctuation, markup and invisible characters are dropped.

use std::borrow::Cow;

/// One folded stream with, for each byte of it, the byte offset of its character in the
/// (entity-decoded) original, so a match can be turned into a line and checked for word edges.
#[derive(Default)]
pub struct Stream {
    pub text: String,
    offsets: Vec<u32>,
    /// Without offsets (a first look, which only asks whether there is anything at all).
    light: bool,
}

impl Stream {
    fn push(&mut self, c: char, at: usize) {
        let before = self.text.len();
        self.text.push(c);
        if self.light {
            return;
        }
        let at = at as u32;
        self.offsets
            .extend(std::iter::repeat_n(at, self.text.len() - before));
    }

    /// A break no pattern crosses (between one tag's attributes and the next tag's).
    fn split(&mut self, at: usize) {
        self.push('\u{1}', at);
    }

    /// The original offset of the folded byte `i`.
    pub fn origin(&self, i: usize) -> usize {
        self.offsets.get(i).copied().unwrap_or(0) as usize
    }
}

/// A text folded into its visible text and, separately, the insides of its HTML tags
/// (attribute values: `alt`, `href`, `title`…), so a tag between two halves of a name does
/// not hide it while attributes are still searched.
pub struct Folded<'a> {
    /// The text after entity, `\u` and `%` decoding; offsets point into it.
    pub decoded: Cow<'a, str>,
    pub text: Stream,
    pub tags: Stream,
}

/// Folds `s`; with `html`, tags are read as tags (Markdown with inline HTML counts as HTML).
pub fn fold(s: &str, html: bool) -> Folded<'_> {
    let mut f = fold_with(s, html, false);
    fast2s::replace(&mut f.text.text);
    fast2s::replace(&mut f.tags.text);
    f
}

/// A first look: the same streams without offsets and with traditional characters left as
/// they are (the caller searches every spelling), at about half the cost.
pub fn fold_light(s: &str, html: bool) -> Folded<'_> {
    fold_with(s, html, true)
}

fn fold_with(s: &str, html: bool, light: bool) -> Folded<'_> {
    let decoded = decode(s);
    let mut text = Stream {
        light,
        ..Stream::default()
    };
    let mut tags = Stream {
        light,
        ..Stream::default()
    };
    {
        let d: &str = &decoded;
        let b = d.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if html
                && b[i] == b'<'
                && b.get(i + 1)
                    .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'/')
            {
                let end = memchr::memchr(b'>', &b[i..]).map_or(b.len(), |e| i + e);
                // The tag's own name (`strong`, `/p`) is markup; its attributes are content.
                let name_end = b[i + 1..end]
                    .iter()
                    .position(|c| c.is_ascii_whitespace())
                    .map_or(end, |p| i + 1 + p);
                fold_into(&mut tags, &d[name_end..end], name_end);
                tags.split(end);
                i = (end + 1).min(b.len());
                continue;
            }
            let c = d[i..].chars().next().expect("on a char boundary");
            fold_char(c, i, &mut text);
            i += c.len_utf8();
        }
    }
    Folded {
        decoded,
        text,
        tags,
    }
}

/// Folds a short plain string (a name, a slug, a term, a path).
pub fn fold_plain(s: &str) -> String {
    let mut out = Stream::default();
    fold_into(&mut out, &decode(s), 0);
    fast2s::replace(&mut out.text);
    out.text
}

fn fold_into(out: &mut Stream, s: &str, base: usize) {
    for (i, c) in s.char_indices() {
        fold_char(c, base + i, out);
    }
}

fn fold_char(c: char, at: usize, out: &mut Stream) {
    match c {
        'a'..='z' | '0'..='9' => out.push(c, at),
        'A'..='Z' => out.push(c.to_ascii_lowercase(), at),
        c if c.is_ascii() => {}
        // Full-width Latin letters and digits (Ｏｕｙａｎｇ, ０-９) are their ASCII forms.
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            let ascii = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            out.push(ascii.to_ascii_lowercase(), at)
        }
        c if is_han(c) => out.push(c, at),
        c if c.is_alphabetic() => {
            // ō, é, ü…: the letter without its mark.
            for a in deunicode::deunicode_char(c).unwrap_or("").chars() {
                if a.is_ascii_alphanumeric() {
                    out.push(a.to_ascii_lowercase(), at);
                }
            }
        }
        _ => {}
    }
}

pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Decodes what a template or a writer may have encoded: HTML entities (`&#27431;`, `&lt;`),
/// JSON `\u6b27` escapes and URL `%E6%AC%A7` escapes, repeatedly for double encoding (a feed
/// holds escaped HTML). Text with none of them is borrowed as it is.
pub fn decode(s: &str) -> Cow<'_, str> {
    let mut out = Cow::Borrowed(s);
    for _ in 0..3 {
        let b = out.as_bytes();
        let has = memchr::memchr3(b'&', b'\\', b'%', b).is_some();
        if !has {
            break;
        }
        let next = decode_once(&out);
        if next == *out {
            break;
        }
        out = Cow::Owned(next);
    }
    out
}

fn decode_once(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut pending: Vec<u8> = vec![];
    let mut i = 0;
    while i < b.len() {
        // Copy the stretch up to the next escape as it is.
        let next = memchr::memchr3(b'&', b'\\', b'%', &b[i..]).map_or(b.len(), |n| i + n);
        if next > i {
            flush(&mut pending, &mut out);
            out.push_str(&s[i..next]);
            i = next;
            continue;
        }
        if b[i] == b'%' {
            if let Some(v) = hex_at(b, i + 1, 2) {
                pending.push(v as u8);
                i += 3;
                continue;
            }
        }
        flush(&mut pending, &mut out);
        let (c, len) = match b[i] {
            b'&' => entity(&s[i..]).unwrap_or(('&', 1)),
            b'\\' if b.get(i + 1) == Some(&b'u') => match hex_at(b, i + 2, 4) {
                Some(v) => (char::from_u32(v).unwrap_or('\u{FFFD}'), 6),
                None => ('\\', 1),
            },
            _ => ('%', 1),
        };
        out.push(c);
        i += len;
    }
    flush(&mut pending, &mut out);
    out
}

/// `%`-escaped bytes collected so far, as text.
fn flush(pending: &mut Vec<u8>, out: &mut String) {
    if !pending.is_empty() {
        out.push_str(&String::from_utf8_lossy(pending));
        pending.clear();
    }
}

fn hex_at(b: &[u8], at: usize, n: usize) -> Option<u32> {
    let digits = b.get(at..at + n)?;
    let s = std::str::from_utf8(digits).ok()?;
    u32::from_str_radix(s, 16).ok()
}

/// One HTML entity at the start of `s`: the character and the entity's length.
pub fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.as_bytes().iter().take(12).position(|&c| c == b';')?;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let v = match num.strip_prefix(['x', 'X']) {
            Some(h) => u32::from_str_radix(h, 16).ok()?,
            None => num.parse().ok()?,
        };
        char::from_u32(v)?
    } else {
        match body {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            "nbsp" => ' ',
            _ => return None,
        }
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &str) -> String {
        let f = fold(s, true);
        format!("{}|{}", f.text.text, f.tags.text)
    }

    #[test]
    fn folds_what_hides_a_name() {
        assert!(all("欧阳**振华**").contains("欧阳振华"));
        assert!(all("欧阳<strong>振华</strong>说").contains("欧阳振华"));
        assert!(all("欧阳 振华").contains("欧阳振华"));
        assert!(all("欧阳\u{200B}振华").contains("欧阳振华"));
        assert!(all("歐陽振華").contains("欧阳振华"));
        assert!(all("&#27431;阳振华").contains("欧阳振华"));
        assert!(all("欧阳&lt;em&gt;振华").contains("欧阳振华"));
        assert!(all("\\u6b27\\u9633振华").contains("欧阳振华"));
        assert!(
            all("<a href=\"/heroes/%E6%AC%A7%E9%98%B3%E6%8C%AF%E5%8D%8E/\">x</a>")
                .contains("欧阳振华")
        );
        assert!(all("<img alt=\"欧阳振华\">").contains("欧阳振华"));
        assert!(all("Ouyang Zhenhua").contains("ouyangzhenhua"));
        assert!(all("ou-yang-zhen-hua").contains("ouyangzhenhua"));
        assert!(all("Ｏｕｙａｎｇ Ｚｈｅｎｈｕａ").contains("ouyangzhenhua"));
        assert!(all("Ōuyáng Zhènhuá").contains("ouyangzhenhua"));
        assert!(all("<!-- 欧阳振华 -->").contains("欧阳振华"));
        // A comparison is not a tag.
        assert_eq!(all("a < b"), "ab|");
    }

    #[test]
    fn offsets_point_into_the_original() {
        let f = fold("第一行\n欧阳 振华", true);
        let at = f.text.text.find("欧阳").unwrap();
        assert_eq!(&f.decoded[f.text.origin(at)..][..6], "欧阳");
    }
}
