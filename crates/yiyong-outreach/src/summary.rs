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

/// Characters of the plain-text excerpt lists show under a title (`get_news`'s `excerpt`).
pub const EXCERPT_CHARS: usize = 100;

fn sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

fn closing(c: char) -> bool {
    matches!(c, '”' | '」' | '』' | '）' | '’' | '》')
}

fn clause_end(c: char) -> bool {
    matches!(c, '，' | '；' | '：' | '、' | ',' | ';')
}

/// The opening of a plain text for a list: whole sentences (ending in 。！？ with their closing
/// quote) of its first paragraph (after a salutation ending in 「：」), as many as fit in `max` characters. A first sentence longer
/// than that is cut after its last clause that fits (，；：、) and given 「……」; text without any
/// such mark is cut where no Latin word or number is split. Never ends mid-word, and never
/// with a writer's own 「…」 from a description that was cut by hand.
pub fn excerpt(text: &str, max: usize) -> String {
    // The first paragraph that is not a salutation (「各区县见义勇为协会：」 opens a notice).
    let mut paragraphs = text.split('\n').map(str::trim).filter(|p| !p.is_empty());
    let mut text = paragraphs.next().unwrap_or_default();
    while text.ends_with(['：', ':']) {
        match paragraphs.next() {
            Some(next) => text = next,
            None => break,
        }
    }
    let mut sentence = 0;
    let mut clause = 0;
    let mut chars = text.char_indices().peekable();
    let mut count = 0;
    while let Some((i, c)) = chars.next() {
        count += 1;
        if count > max {
            break;
        }
        if sentence_end(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, q)) = chars.peek().filter(|(_, q)| closing(*q)) {
                end = j + q.len_utf8();
                chars.next();
            }
            sentence = end;
        } else if clause_end(c) {
            clause = i;
        }
    }
    if count <= max {
        return text.to_string();
    }
    if sentence > 0 {
        return text[..sentence].to_string();
    }
    let cut = if clause > 0 {
        clause
    } else {
        // `max` characters in, backed off to the start of a Latin word or number.
        let mut end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
        let alnum = |i: usize| {
            text[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric())
        };
        let next_alnum = |i: usize| {
            text[i..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
        };
        while end > 0 && alnum(end) && next_alnum(end) {
            end -= 1;
        }
        end
    };
    format!("{}……", text[..cut].trim_end())
}

/// A description cut short by hand: it ends in 「…」 or 「...」 (often in the middle of a word).
pub fn cut_by_hand(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with('…') || t.ends_with("...")
}

/// The text of the opening of a Markdown body, paragraph by paragraph (one a line), up to
/// about `limit` characters: headings, pictures, code, tables, HTML and shortcodes are left
/// out, a link keeps its words.
pub fn markdown_text(markdown: &str, limit: usize) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    // Only the opening is read: a long article's end never reaches the excerpt.
    let mut head = markdown.len().min(limit * 16);
    while !markdown.is_char_boundary(head) {
        head -= 1;
    }
    let plain = without_shortcodes(&markdown[..head]);
    let mut out = String::new();
    let mut skip = 0usize;
    let mut chars = 0usize;
    for event in Parser::new_ext(&plain, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES) {
        match event {
            Event::Start(Tag::Heading { .. } | Tag::Image { .. } | Tag::CodeBlock(_))
            | Event::Start(Tag::Table(_) | Tag::FootnoteDefinition(_)) => skip += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::Image | TagEnd::CodeBlock)
            | Event::End(TagEnd::Table | TagEnd::FootnoteDefinition) => {
                skip = skip.saturating_sub(1)
            }
            Event::Text(t) | Event::Code(t) if skip == 0 => {
                chars += t.chars().count();
                out.push_str(&t);
            }
            Event::SoftBreak if skip == 0 => {
                // A line break inside a paragraph: nothing between Chinese characters.
                let ascii = out
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric());
                if ascii {
                    out.push(' ');
                }
            }
            Event::End(TagEnd::Paragraph) if skip == 0 => {
                if chars >= limit {
                    break;
                }
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

/// Shortcodes (`{{ video(…) }}`, `{% note() %}`) are the theme's, not words.
fn without_shortcodes(md: &str) -> String {
    let mut out = String::with_capacity(md.len());
    let mut rest = md;
    loop {
        let Some(start) = [rest.find("{{"), rest.find("{%")]
            .into_iter()
            .flatten()
            .min()
        else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..start]);
        let closer = if rest[start..].starts_with("{{") {
            "}}"
        } else {
            "%}"
        };
        match rest[start + 2..].find(closer) {
            Some(e) => rest = &rest[start + 2 + e + 2..],
            None => {
                out.push_str(&rest[start..]);
                return out;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{auto_summary, excerpt, markdown_text};

    #[test]
    fn excerpts_end_at_a_sentence_or_a_clause_never_mid_word() {
        let s = "第一句话说完了。第二句话也说完了！第三句。";
        assert_eq!(excerpt(s, 100), s);
        assert_eq!(excerpt(s, 17), "第一句话说完了。第二句话也说完了！");
        assert_eq!(excerpt(s, 10), "第一句话说完了。");
        // A closing quote stays with its sentence.
        assert_eq!(excerpt("他说：“好。”然后走了很远很远。", 8), "他说：“好。”");
        // One long sentence: cut after its last clause that fits.
        let long = format!(
            "{}，{}，{}。",
            "甲".repeat(10),
            "乙".repeat(10),
            "丙".repeat(10)
        );
        assert_eq!(
            excerpt(&long, 25),
            format!("{}，{}……", "甲".repeat(10), "乙".repeat(10))
        );
        // No mark at all: never inside a Latin word or number.
        let latin = format!("{}yiyong2024版本", "字".repeat(8));
        assert_eq!(excerpt(&latin, 12), format!("{}……", "字".repeat(8)));
        // The first paragraph only.
        assert_eq!(excerpt("第一段。\n第二段。", 100), "第一段。");
        // A salutation is not the gist of a notice.
        assert_eq!(
            excerpt("各区县协会：\n请于月底前报送。", 100),
            "请于月底前报送。"
        );
    }

    #[test]
    fn markdown_text_keeps_the_words_only() {
        let md = "# 标题\n\n![图](a.jpg)\n\n第一段有[链接](https://x.org)和**强调**，\n还有下一行。\n\n{{ video(src=\"a.mp4\") }}\n\n<!-- more -->\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n第二段。\n";
        assert_eq!(
            markdown_text(md, 500),
            "第一段有链接和强调，还有下一行。\n第二段。"
        );
        assert_eq!(markdown_text("一句话。\n\n另一段。", 2), "一句话。");
        assert_eq!(markdown_text("a {b} c", 50), "a {b} c");
    }

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
