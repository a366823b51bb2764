//! The content model: pages and sections as loaded from `content/`, before they are linked
//! into a site tree.

pub mod file_info;
pub mod front_matter;
mod load;
pub mod page;
pub mod section;
pub mod slug;

pub use file_info::FileInfo;
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

/// Zola's naive word count and its 200-words-a-minute reading time.
pub fn word_count(raw: &str) -> (usize, usize) {
    use unicode_segmentation::UnicodeSegmentation;
    let wc = raw.unicode_words().count();
    (wc, wc.div_ceil(200))
}
