//! The content model: pages and sections as loaded from `content/`, before they are linked
//! into a site tree.

#[cfg_attr(yiyong_general_toml, allow(dead_code))]
pub(crate) mod fast_toml;
pub mod file_info;
pub mod front_matter;
mod load;
pub mod page;
pub mod page_keys;
pub mod section;

pub use file_info::FileInfo;
pub(crate) use load::walk_order;
pub use load::{load_content, Loaded};
pub use page::Page;
pub use section::Section;

/// A heading in a table of contents.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Heading {
    pub level: u32,
    pub id: String,
    pub permalink: String,
    pub title: String,
    pub children: Vec<Heading>,
}

/// What Markdown rendering produced for one page or section.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub content: String,
    pub summary: Option<String>,
    pub toc: Vec<Heading>,
    /// Every heading id in the document, for anchor checks.
    pub anchors: Vec<String>,
    /// `@/` links: (target relative path, anchor, line).
    pub internal_links: Vec<(String, Option<String>)>,
    pub external_links: Vec<String>,
}

/// Works out the pages' `word_count` and `reading_time` from their Markdown, in parallel.
pub fn count_words(pages: &mut [Page]) {
    use rayon::prelude::*;
    pages
        .par_iter_mut()
        .for_each(|p| (p.word_count, p.reading_time) = word_count(&p.raw_content));
}

/// Word count and reading time at Zola's 200 words a minute. Words are counted as Unicode
/// word segmentation does for the scripts sites use: a run of letters or digits is one word
/// (with inner `'`, `.` or `_`), and each Han, kana or other CJK character is a word of its
/// own. Written by hand because full segmentation cost a third of load time.
pub fn word_count(raw: &str) -> (usize, usize) {
    // As Zola (`get_reading_analytics`): each "```" toggles between text and code, and code
    // is not counted.
    // Most pages have no code fence: their text is counted whole, without looking for "```"
    // (the substring search was a third of counting a hero's story).
    let count: usize = match memchr::memmem::find(raw.as_bytes(), b"```") {
        None => count_words_in(raw),
        Some(_) => raw.split("```").step_by(2).map(count_words_in).sum(),
    };
    (count, count.div_ceil(200))
}

fn count_words_in(raw: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if is_cjk(c) {
            count += 1;
            in_word = false;
        } else if is_word_char(c) {
            if !in_word {
                count += 1;
                in_word = true;
            }
        } else if in_word
            && matches!(c, '\'' | '’' | '.' | '_')
            && chars
                .peek()
                .is_some_and(|n| n.is_alphanumeric() && !is_cjk(*n))
        {
            // joins the word, as in "don't" or "3.14"
        } else {
            in_word = false;
        }
    }
    count
}

/// `char::is_alphanumeric`, answered without its table lookup for ASCII and the Chinese
/// punctuation that fills every sentence here (the lookup was 2% of a build).
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if matches!(
        c,
        '，' | '。'
            | '、'
            | '：'
            | '；'
            | '！'
            | '？'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '《'
            | '》'
            | '（'
            | '）'
            | '—'
            | '…'
            | '·'
    ) {
        return false;
    }
    c.is_alphanumeric()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF | 0x3100..=0x312F)
}

#[cfg(test)]
mod tests {
    use super::is_word_char;

    #[test]
    fn word_chars_agree_with_std() {
        for c in "，。、：；！？“”‘’《》（）—…·a9Zé中〇".chars() {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c}");
        }
    }

    #[test]
    fn counts_words() {
        assert_eq!(super::word_count("Hello world, don't panic 3.14").0, 5);
        assert_eq!(super::word_count("见义勇为 hero").0, 5);
        assert_eq!(super::word_count("one\n```\nlet x = 1;\n```\ntwo").0, 2);
    }
}
