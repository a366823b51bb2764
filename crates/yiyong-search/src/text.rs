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
        let (name, closing) = tag_name(&rest[..end]);
        rest = rest.get(end + 1..).unwrap_or("");
        match skip_until {
            Some(t) if closing && name == t => skip_until = None,
            Some(_) => {}
            None => {
                if let Some(t) = SKIPPED.iter().find(|t| **t == name) {
                    if !closing {
                        skip_until = Some(t);
                    }
                } else if BLOCKS.contains(&name.as_str()) {
                    push_space(&mut out);
                }
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The lower-case name of a tag from what is between `<` and `>`, and whether it closes.
fn tag_name(inside: &str) -> (String, bool) {
    let closing = inside.starts_with('/');
    let name = inside
        .trim_start_matches('/')
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    (name, closing)
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
        let run = rest
            .find(|c: char| c == '&' || c.is_whitespace())
            .unwrap_or(rest.len());
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
