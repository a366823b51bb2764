//! Automatic summaries for pages without `<!-- more -->`: the opening text up to the end of a
//! Chinese sentence (。！？, with a closing quote if one follows), never cutting inside a tag.

use yiyong_core::close_tags;

/// At least this many characters of text before a sentence end is accepted.
const MIN_CHARS: usize = 60;
/// Past this many characters the summary stops at the end of the current paragraph.
const MAX_CHARS: usize = 240;

pub fn auto_summary(html: &str) -> Option<String> {
    let mut text_chars = 0;
    let mut in_tag = false;
    let mut chars = html.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                if text_chars >= MAX_CHARS && html[..=i].ends_with("</p>") {
                    return Some(close_tags(&html[..=i]));
                }
            }
            _ if in_tag => {}
            _ => {
                text_chars += 1;
                if matches!(c, '。' | '！' | '？') && text_chars >= MIN_CHARS {
                    let mut end = i + c.len_utf8();
                    while let Some(&(j, q)) = chars.peek() {
                        if matches!(q, '”' | '」' | '』' | '）') {
                            end = j + q.len_utf8();
                            chars.next();
                        } else {
                            break;
                        }
                    }
                    return Some(close_tags(&html[..end]));
                }
            }
        }
    }
    (text_chars > 0).then(|| close_tags(html))
}

#[cfg(test)]
mod tests {
    use super::auto_summary;

    #[test]
    fn ends_at_a_sentence_and_closes_tags() {
        let long = "一".repeat(70);
        let html = format!("<p>{long}<strong>强调。</strong>后面的话。</p>\n<p>第二段。</p>");
        assert_eq!(
            auto_summary(&html).unwrap(),
            format!("<p>{long}<strong>强调。</strong></p>")
        );
        let quoted = format!("<p>{long}“好。”然后</p>");
        assert_eq!(
            auto_summary(&quoted).unwrap(),
            format!("<p>{long}“好。”</p>")
        );
        assert_eq!(auto_summary("<p>短。</p>").unwrap(), "<p>短。</p>");
    }
}
