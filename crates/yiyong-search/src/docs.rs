//! The documents of the index: one per published page that may be searched, with the fields
//! search weighs apart (title, hero name, place, district, honour, body), in the order of the
//! index (newest first, so a smaller number is a more recent page: recency costs nothing).
//!
//! Privacy rests on the outreach layer's `transform`, which has already replaced an anonymous
//! hero's real name with 张某 in the title, the front matter and the Markdown before anything
//! here reads them; this module adds nothing that transform has not seen.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use yiyong_core::{Library, Page};

use yiyong_outreach::Sections;

/// The page types, in the order of their numbers in the index, with the name a visitor reads:
/// the one list of them. `meta.json` ships both (`types`, `labels`); the search page's script
/// fills its type filter and labels each result from them. "page" (anything untyped) stays
/// last.
pub const TYPES: &[(&str, &str)] = &[
    ("hero", "英雄"),
    ("place", "阵地"),
    ("event", "活动"),
    ("news", "新闻"),
    ("team", "志愿者队伍"),
    ("service", "办事指南"),
    ("page", "其他页面"),
];

/// The fields, in the order of their bits in a posting.
pub const FIELDS: usize = 6;

/// One searchable page.
#[derive(Debug, Clone)]
pub struct Doc {
    /// Site path without the leading `/` (`heroes/zhang-mou/`).
    pub url: String,
    /// Index into [`TYPES`].
    pub kind: usize,
    /// `YYYY-MM-DD`, or empty.
    pub date: String,
    /// title, hero name, place, district, honours, and the body's lead (the description and
    /// summary where the text does not say them, each followed by a space).
    pub fields: [String; FIELDS],
    /// The rest of the body: the page's text, shared with the text kept for `serve` rather
    /// than copied (at 16,000 pages a copy was 25 MB of the build's peak).
    pub text: Arc<str>,
}

impl Doc {
    pub fn district(&self) -> &str {
        self.fields[3].split(' ').next().unwrap_or("")
    }
}

/// Each page's plain text by its file.
pub type Texts = HashMap<PathBuf, Arc<str>>;

/// Whether a page belongs in the index: published, rendered, and neither it nor a section
/// above it opted out with `in_search_index = false` or is a draft (`--drafts` previews
/// drafts on the site, but the index is what gets shared, so it never holds them).
pub fn searchable(page: &Page, lib: &Library) -> bool {
    let m = &page.meta;
    if m.draft || m.in_search_index == Some(false) || !m.renders() {
        return false;
    }
    page.ancestors.iter().all(|&s| {
        lib.sections
            .get(s)
            .is_none_or(|s| s.meta.in_search_index && !s.meta.draft)
    })
}

/// The documents, newest first. `text(i)` gives page `i`'s plain text.
pub fn collect(
    lib: &Library,
    sections: &Sections,
    text: impl Fn(usize) -> Arc<str> + Sync,
) -> Vec<Doc> {
    use rayon::prelude::*;
    let mut docs: Vec<(Option<chrono::NaiveDateTime>, Doc)> = lib
        .pages
        .par_iter()
        .enumerate()
        .filter(|(_, p)| searchable(p, lib))
        .map(|(i, p)| (p.datetime, doc(p, lib, sections, text(i))))
        .collect();
    // Newest first; undated pages last; the path breaks ties, so the order is always the same.
    docs.sort_by(|(da, a), (db, b)| db.cmp(da).then_with(|| a.url.cmp(&b.url)));
    docs.into_iter().map(|(_, d)| d).collect()
}

fn doc(page: &Page, lib: &Library, sections: &Sections, text: Arc<str>) -> Doc {
    let kind = sections.type_of(page).unwrap_or("page");
    let extra = page.meta.extra.get(kind);
    let s = |k: &str| {
        extra
            .and_then(|e| e.get(k))
            .and_then(Value::as_str)
            .unwrap_or("")
    };
    let name = if kind == "hero" { s("name") } else { "" };
    let place = match kind {
        "hero" => s("deed_place").to_string(),
        "place" => s("address").to_string(),
        "event" => venue(s("venue"), lib),
        "team" => [s("service_area"), s("address")]
            .join(" ")
            .trim()
            .to_string(),
        "service" => s("office").to_string(),
        _ => String::new(),
    };
    let mut districts: Vec<&str> = vec![];
    for d in [s("district")]
        .into_iter()
        .chain(terms(page, "districts"))
        .map(str::trim)
    {
        if !d.is_empty() && !districts.contains(&d) {
            districts.push(d);
        }
    }
    let honours: Vec<&str> = extra
        .and_then(|e| e.get("honours"))
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|h| h.get("title")?.as_str()).collect())
        .unwrap_or_default();
    let summary = if matches!(kind, "hero" | "service") {
        s("summary")
    } else {
        ""
    };
    // The description and summary first (what a list shows), unless the text says them.
    let mut body = String::new();
    for t in [page.meta.description.as_deref().unwrap_or(""), summary] {
        if !t.is_empty() && !text.contains(t) && !body.contains(t) {
            body.push_str(t);
            body.push(' ');
        }
    }
    Doc {
        url: page.path.trim_start_matches('/').to_string(),
        kind: TYPES
            .iter()
            .position(|(t, _)| *t == kind)
            .unwrap_or(TYPES.len() - 1),
        date: page
            .date
            .as_deref()
            .unwrap_or("")
            .chars()
            .take(10)
            .collect(),
        fields: [
            page.meta.title.clone().unwrap_or_default(),
            name.to_string(),
            place,
            districts.join(" "),
            honours.join(" "),
            body,
        ],
        text,
    }
}

fn terms<'a>(page: &'a Page, taxonomy: &str) -> impl Iterator<Item = &'a str> {
    page.meta
        .taxonomies
        .get(taxonomy)
        .into_iter()
        .flatten()
        .map(String::as_str)
}

/// An event's venue: written out, or a link to a place page (then that page's title).
fn venue(v: &str, lib: &Library) -> String {
    match v.strip_prefix("@/") {
        Some(rel) => match lib.get(rel) {
            Some(yiyong_core::ItemRef::Page(i)) => {
                lib.pages[i].meta.title.clone().unwrap_or_default()
            }
            _ => String::new(),
        },
        None => v.to_string(),
    }
}
