//! The start tags of an HTML file with their attributes, and the text of its `<style>`
//! elements: all the output scan (`scan.rs`) needs to find what a page asks for.
//!
//! Why by hand: the scan reads every HTML output of every build, and reading them with
//! `lol_html` (a streaming rewriter: selector matching, token objects, a rewriter per file)
//! was 16% of the CPU of a cold build of the 10,000-hero association site; this reads the
//! same tags at memchr speed (docs/outreach-bench.md has the figures). Files with SVG or
//! MathML are left to `lol_html` (`has_foreign_content`): in foreign content the tokenizer
//! reads `<style>`, `<textarea>` and the rest otherwise. It follows the HTML tokenizer where
//! that changes which tags are seen: comments and bogus comments, the
//! raw-text elements whose content holds no tags (`script`, `style`, `title`, `textarea`,
//! `xmp`, `iframe`, `noembed`, `noframes`, `noscript`, `plaintext`), quoted attribute values
//! that hold `>`, the first of two attributes of one name. `scan.rs` checks it against
//! `lol_html` on real sites (`same_findings_as_lol_html`).

/// One start tag: its name and the attributes asked for (names in lower case; values as
/// written, entities and all, as `lol_html` gives them).
pub struct Tag<'a> {
    pub name: String,
    attrs: Vec<(String, &'a str)>,
}

impl<'a> Tag<'a> {
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }
}

/// Elements whose content is text up to their end tag.
const RAW: &[&str] = &[
    "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript",
];

/// Whether `<svg` or `<math` (in any case) opens an element somewhere in `html`: foreign
/// content, which this reader does not follow (the scan reads such files with `lol_html`).
pub fn has_foreign_content(html: &[u8]) -> bool {
    memchr::memchr_iter(b'<', html).any(|at| {
        let rest = &html[at + 1..];
        let word = |w: &[u8]| {
            rest.len() > w.len()
                && rest[..w.len()].eq_ignore_ascii_case(w)
                && !rest[w.len()].is_ascii_alphanumeric()
        };
        word(b"svg") || word(b"math")
    })
}

/// What the reader meets, in the file's order.
pub enum Seen<'t, 'a> {
    Tag(&'t Tag<'a>),
    /// The text of a `<style>` element.
    Style(&'a str),
}

/// Calls `f` with each start tag, with those of its attributes named in `keep` (a few: a tag
/// of a million attributes costs no more than reading it), and the text of each `<style>`.
pub fn read<'a>(html: &'a str, keep: &[&str], mut f: impl FnMut(Seen<'_, 'a>)) {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]) {
        i += lt + 1;
        match b.get(i) {
            Some(b'!') if b[i..].starts_with(b"!--") => i = comment_end(b, i + 3),
            Some(b'!' | b'?') => i = after(b, i, b'>'),
            Some(b'/') if b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) => {
                // An end tag: its attributes (which browsers ignore) may quote a `>`.
                let Some((_, end)) = attributes(html, after_name(b, i + 1), &[]) else {
                    return;
                };
                i = end;
            }
            Some(b'/') => i = after(b, i, b'>'),
            Some(c) if c.is_ascii_alphabetic() => {
                let name_end = after_name(b, i);
                let name = html[i..name_end].to_ascii_lowercase();
                // A tag cut off by the end of the file is no tag (the tokenizer drops it).
                let Some((attrs, end)) = attributes(html, name_end, keep) else {
                    return;
                };
                i = end;
                let t = Tag { name, attrs };
                f(Seen::Tag(&t));
                if t.name == "plaintext" {
                    return;
                }
                if RAW.contains(&t.name.as_str()) {
                    let close = match t.name.as_str() {
                        "script" => script_end(b, i),
                        name => raw_end(b, i, name),
                    };
                    if t.name == "style" {
                        f(Seen::Style(&html[i..close]));
                    }
                    i = close;
                }
            }
            _ => {}
        }
    }
}

/// Past the next `c` at or after `from` (the end of the file without one).
fn after(b: &[u8], from: usize, c: u8) -> usize {
    memchr::memchr(c, &b[from..]).map_or(b.len(), |at| from + at + 1)
}

/// Past a comment's `-->` (`<!-->` and `<!--->` end where they start, as in browsers).
fn comment_end(b: &[u8], from: usize) -> usize {
    if b[from..].starts_with(b">") {
        return from + 1;
    }
    if b[from..].starts_with(b"->") {
        return from + 2;
    }
    // `-->`, or `--!>`, which browsers take as an end too (a comment said to hide a script
    // until a later `-->` would hide it from the scan only).
    let mut i = from;
    while let Some(at) = memchr::memmem::find(&b[i..], b"--") {
        let dashes = i + at;
        match b.get(dashes + 2) {
            Some(b'>') => return dashes + 3,
            Some(b'!') if b.get(dashes + 3) == Some(&b'>') => return dashes + 4,
            _ => i = dashes + 1,
        }
    }
    b.len()
}

/// The end of a tag name: whitespace, `/` or `>`.
fn after_name(b: &[u8], from: usize) -> usize {
    b[from..]
        .iter()
        .position(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>')
        .map_or(b.len(), |at| from + at)
}

/// The attributes from `from` to the tag's `>`, and the offset past it; `None` when the
/// file ends first.
fn attributes<'a>(
    html: &'a str,
    mut i: usize,
    keep: &[&str],
) -> Option<(Vec<(String, &'a str)>, usize)> {
    let b = html.as_bytes();
    let mut attrs: Vec<(String, &str)> = vec![];
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        match b.get(i)? {
            b'>' => return Some((attrs, i + 1)),
            _ => {
                // A name runs to whitespace, `/`, `>` or `=` (an `=` first is part of it).
                let start = i;
                i += 1;
                while i < b.len()
                    && !matches!(b[i], b'/' | b'>' | b'=')
                    && !b[i].is_ascii_whitespace()
                {
                    i += 1;
                }
                let name = &html[start..i];
                let mut j = i;
                while j < b.len() && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                let mut value = "";
                if b.get(j) == Some(&b'=') {
                    j += 1;
                    while j < b.len() && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    match b.get(j)? {
                        q @ (b'"' | b'\'') => {
                            let close = memchr::memchr(*q, &b[j + 1..])?;
                            value = &html[j + 1..j + 1 + close];
                            i = j + close + 2;
                        }
                        b'>' => i = j,
                        _ => {
                            let end = b[j..]
                                .iter()
                                .position(|c| c.is_ascii_whitespace() || *c == b'>')
                                .map_or(b.len(), |at| j + at);
                            value = &html[j..end];
                            i = end;
                        }
                    }
                }
                let kept = keep.iter().find(|k| k.eq_ignore_ascii_case(name));
                if let Some(k) = kept.filter(|k| !attrs.iter().any(|(n, _)| n == *k)) {
                    attrs.push((k.to_string(), value));
                }
            }
        }
    }
}

/// Whether `b[i..]` is the tag `<name` (`</name` when `end`) followed by whitespace, `/` or `>`.
fn tag_at(b: &[u8], i: usize, name: &str, end: bool) -> bool {
    let open: &[u8] = if end { b"</" } else { b"<" };
    let rest = &b[i..];
    rest.starts_with(open)
        && rest.len() > open.len() + name.len()
        && rest[open.len()..open.len() + name.len()].eq_ignore_ascii_case(name.as_bytes())
        && (matches!(rest[open.len() + name.len()], b'/' | b'>')
            || rest[open.len() + name.len()].is_ascii_whitespace())
}

/// Where a script's text ends, with the tokenizer's escaped states: after `<!--` a `<script>`
/// makes the next `</script>` part of the text, until `-->`.
fn script_end(b: &[u8], from: usize) -> usize {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let mut state = State::Data;
    let mut i = from;
    while i < b.len() {
        let step = match state {
            State::Data if b[i..].starts_with(b"<!--") => {
                state = State::Escaped;
                // On the dashes: `<!-->` ends where it starts.
                2
            }
            State::Data | State::Escaped if tag_at(b, i, "script", true) => return i,
            State::Escaped | State::DoubleEscaped if b[i..].starts_with(b"-->") => {
                state = State::Data;
                3
            }
            State::Escaped if tag_at(b, i, "script", false) => {
                state = State::DoubleEscaped;
                7
            }
            State::DoubleEscaped if tag_at(b, i, "script", true) => {
                state = State::Escaped;
                8
            }
            _ => 1,
        };
        i += step;
    }
    b.len()
}

/// Where the raw text of a `name` element ends: at `</name` followed by whitespace, `/` or
/// `>`, in any case.
fn raw_end(b: &[u8], from: usize, name: &str) -> usize {
    let mut i = from;
    while let Some(at) = memchr::memmem::find(&b[i..], b"</") {
        let start = i + at;
        let rest = &b[start + 2..];
        if rest.len() >= name.len()
            && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && rest
                .get(name.len())
                .is_none_or(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>')
        {
            return start;
        }
        i = start + 2;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    /// Every prefix of a page full of edge cases is read without a panic (a file cut off
    /// anywhere: in a comment, a tag, a quoted value, a raw-text element).
    #[test]
    fn any_cut_is_read() {
        let page = "<!DOCTYPE html><!-- c --><a href=\"/a/\" title='x > y'>一</a><script>\
                    if (a<b) {}</script ><style>.x{}</style><img src=p.png alt=二 /><!--><?x>\
                    </p a=\">\"><textarea><b></textarea><plaintext><a href=/z/>";
        for (end, _) in page.char_indices() {
            let mut tags = 0;
            super::read(&page[..end], &["href"], |_| tags += 1);
            assert!(tags <= 9, "{end}");
        }
    }
}
