//! The template data model. Page and section values are built when a template needs them,
//! from the compact library plus the rendered HTML, rather than kept as JSON: a full set of
//! JSON page values is as large as everything else together, and every listing needs its own
//! copy anyway because Tera contexts own their data.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Map, Value};

use crate::content::{Page, Rendered, Section};
use crate::library::{Library, Taxonomy, Term};

/// Rendered Markdown for every page and section, in library order.
pub struct RenderedSite {
    pub pages: Vec<Rendered>,
    pub sections: Vec<Rendered>,
}

/// What rendering produced for one item, kept for templates.
struct ItemHtml {
    content: String,
    summary: Option<String>,
    toc: Value,
    backlinks: Value,
    /// Targets of the item's `@/` links (a change to them changes other pages' backlinks).
    links: Vec<String>,
}

pub struct Values {
    pub config: Value,
    lib: Arc<Library>,
    pages: Vec<ItemHtml>,
    sections: Vec<ItemHtml>,
}

fn backlinks(lib: &Library, rendered: &RenderedSite) -> HashMap<String, Vec<Value>> {
    let mut map: HashMap<String, Vec<Value>> = HashMap::new();
    let items = lib
        .pages
        .iter()
        .map(|p| (&p.permalink, p.meta.title.as_deref()))
        .zip(&rendered.pages)
        .chain(
            lib.sections
                .iter()
                .map(|s| (&s.permalink, s.meta.title.as_deref()))
                .zip(&rendered.sections),
        );
    for ((permalink, title), r) in items {
        for (target, _) in &r.internal_links {
            let list = map.entry(target.clone()).or_default();
            let v = json!({ "permalink": permalink, "title": title });
            if !list.contains(&v) {
                list.push(v);
            }
        }
    }
    map
}

fn keep(r: Rendered, back: &mut HashMap<String, Vec<Value>>, relative: &str) -> ItemHtml {
    let links = link_keys(&r);
    ItemHtml {
        links,
        content: r.content,
        summary: r.summary,
        toc: serde_json::to_value(r.toc).unwrap_or(Value::Array(vec![])),
        backlinks: Value::Array(back.remove(relative).unwrap_or_default()),
    }
}

pub fn build(lib: Arc<Library>, rendered: RenderedSite, config: Value) -> Values {
    let mut back = backlinks(&lib, &rendered);
    let pages = lib
        .pages
        .iter()
        .zip(rendered.pages)
        .map(|(p, r)| keep(r, &mut back, &p.file.relative))
        .collect();
    let sections = lib
        .sections
        .iter()
        .zip(rendered.sections)
        .map(|(s, r)| keep(r, &mut back, &s.file.relative))
        .collect();
    Values {
        config,
        lib,
        pages,
        sections,
    }
}

impl Values {
    /// Puts a page's new rendering in place, keeping its backlinks; `None` when its `@/`
    /// links changed, which changes other pages' backlinks (a full rebuild is needed).
    pub fn replace_page(&mut self, i: usize, r: Rendered) -> Option<()> {
        let has_backlinks = self.pages[i]
            .backlinks
            .as_array()
            .is_some_and(|b| !b.is_empty());
        if link_keys(&r) != self.pages[i].links || has_backlinks {
            return None;
        }
        let backlinks = std::mem::take(&mut self.pages[i].backlinks);
        let mut none = HashMap::new();
        self.pages[i] = keep(r, &mut none, "");
        self.pages[i].backlinks = backlinks;
        Some(())
    }

    /// Swaps the library the values are built from (see `Site::update_pages`).
    pub fn replace_library(&mut self, lib: Arc<Library>) -> Arc<Library> {
        std::mem::replace(&mut self.lib, lib)
    }
}

fn link_keys(r: &Rendered) -> Vec<String> {
    r.internal_links
        .iter()
        .map(|(t, a)| format!("{t}#{}", a.as_deref().unwrap_or("")))
        .collect()
}

fn ancestors(lib: &Library, list: &[usize]) -> Vec<String> {
    list.iter()
        .map(|&s| lib.sections[s].file.relative.clone())
        .collect()
}

fn strings(list: &[String]) -> Value {
    Value::Array(list.iter().map(|s| Value::String(s.clone())).collect())
}

fn opt(s: &Option<String>) -> Value {
    s.as_ref()
        .map(|s| Value::String(s.clone()))
        .unwrap_or(Value::Null)
}

/// Built field by field (not with `json!`, which re-serializes nested maps): this runs for
/// every page in every listing.
/// `content: false` leaves the page's HTML out (an empty string), for templates that never
/// read it (see `templates::usage`).
fn page_value(lib: &Library, p: &Page, html: &ItemHtml, content: bool) -> Value {
    let (year, month, day) = match p.year_month_day() {
        Some((y, m, d)) => (Value::from(y), Value::from(m), Value::from(d)),
        None => (Value::Null, Value::Null, Value::Null),
    };
    let taxonomies: Map<String, Value> = p
        .meta
        .taxonomies
        .iter()
        .map(|(k, v)| (k.clone(), strings(v)))
        .collect();
    let colocated = p
        .file
        .is_bundle
        .then(|| format!("{}/", p.file.relative.trim_end_matches("/index.md")));
    // Collected, not inserted one by one: BTreeMap builds a map in one pass from a list.
    let fields: [(&str, Value); 29] = [
        ("relative_path", Value::String(p.file.relative.clone())),
        ("colocated_path", opt(&colocated)),
        (
            "content",
            Value::String(if content {
                html.content.clone()
            } else {
                String::new()
            }),
        ),
        ("permalink", Value::String(p.permalink.clone())),
        ("slug", Value::String(p.slug.clone())),
        ("ancestors", strings(&ancestors(lib, &p.ancestors))),
        ("title", opt(&p.meta.title)),
        ("description", opt(&p.meta.description)),
        ("updated", opt(&p.updated)),
        ("date", opt(&p.date)),
        ("year", year),
        ("month", month),
        ("day", day),
        ("taxonomies", Value::Object(taxonomies)),
        ("authors", strings(&p.meta.authors)),
        ("extra", Value::Object(p.meta.extra.clone())),
        ("path", Value::String(p.path.clone())),
        ("components", strings(&p.components)),
        ("summary", opt(&html.summary)),
        ("toc", html.toc.clone()),
        ("word_count", Value::from(p.word_count)),
        ("reading_time", Value::from(p.reading_time)),
        ("assets", strings(&p.serialized_assets())),
        ("draft", Value::Bool(p.meta.draft)),
        ("lang", Value::String(p.lang.clone())),
        ("lower", Value::Null),
        ("higher", Value::Null),
        ("translations", Value::Array(vec![])),
        ("backlinks", html.backlinks.clone()),
    ];
    Value::Object(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn section_value(lib: &Library, s: &Section, html: &ItemHtml) -> Value {
    json!({
        "relative_path": s.file.relative,
        "colocated_path": if s.components.is_empty() { Value::Null } else { json!(format!("{}/", s.components.join("/"))) },
        "content": html.content,
        "permalink": s.permalink,
        "draft": s.meta.draft,
        "ancestors": ancestors(lib, &s.ancestors),
        "title": s.meta.title,
        "description": s.meta.description,
        "extra": s.meta.extra,
        "path": s.path,
        "components": s.components,
        "toc": html.toc,
        "word_count": s.word_count,
        "reading_time": s.reading_time,
        "lang": s.lang,
        "assets": s.serialized_assets(),
        "pages": [],
        "subsections": s.subsections.iter().map(|&i| lib.sections[i].file.relative.clone()).collect::<Vec<_>>(),
        "translations": [],
        "backlinks": html.backlinks,
        "generate_feeds": s.meta.generate_feeds,
        "transparent": s.meta.transparent,
        "paginate_by": s.meta.paginate_by,
    })
}

impl Values {
    /// Length of a page's rendered HTML (content and summary), for sizing output buffers.
    pub fn html_len(&self, i: usize) -> usize {
        self.pages[i].content.len() + self.pages[i].summary.as_ref().map_or(0, |s| s.len())
    }

    /// A page as listings show it (no `lower`/`higher`).
    pub fn page(&self, i: usize) -> Value {
        self.listed(i, true)
    }

    /// A page in a listing, with or without its HTML.
    pub fn listed(&self, i: usize, content: bool) -> Value {
        page_value(&self.lib, &self.lib.pages[i], &self.pages[i], content)
    }

    /// A page as its own template sees it: with its lower and higher neighbours (and their
    /// HTML if `neighbours_content`).
    pub fn page_full(&self, i: usize, neighbours_content: bool) -> Value {
        let mut v = self.page(i);
        let p = &self.lib.pages[i];
        let n = |j: usize| self.listed(j, neighbours_content);
        v["lower"] = p.lower.map(n).unwrap_or(Value::Null);
        v["higher"] = p.higher.map(n).unwrap_or(Value::Null);
        v
    }

    /// A page with only what the built-in feed entries read (see `templates::feed_parts`).
    pub fn feed_entry(&self, i: usize) -> Value {
        let (p, html) = (&self.lib.pages[i], &self.pages[i]);
        let fields: [(&str, Value); 8] = [
            ("lang", Value::String(p.lang.clone())),
            ("title", opt(&p.meta.title)),
            ("date", opt(&p.date)),
            ("updated", opt(&p.updated)),
            ("authors", strings(&p.meta.authors)),
            ("permalink", Value::String(p.permalink.clone())),
            ("summary", opt(&html.summary)),
            ("content", Value::String(html.content.clone())),
        ];
        Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }

    pub fn page_list(&self, list: &[usize], content: bool) -> Vec<Value> {
        use rayon::prelude::*;
        // Long lists (feeds, taxonomy lists, big sections) are built on all cores.
        if list.len() > 512 {
            list.par_iter().map(|&i| self.listed(i, content)).collect()
        } else {
            list.iter().map(|&i| self.listed(i, content)).collect()
        }
    }

    /// A section with its pages filled in (`Some(with their HTML)`), or only its metadata.
    pub fn section(&self, i: usize, pages: Option<bool>) -> Value {
        let mut v = section_value(&self.lib, &self.lib.sections[i], &self.sections[i]);
        if let Some(content) = pages {
            v["pages"] = Value::Array(self.page_list(&self.lib.sections[i].pages, content));
        }
        v
    }

    /// A term with its pages (`Some(with their HTML)`), or with an empty page list.
    pub fn term(&self, term: &Term, pages: Option<bool>) -> Value {
        let mut v = json!({
            "name": term.name,
            "slug": term.slug,
            "path": term.path,
            "permalink": term.permalink,
            "page_count": term.pages.len(),
        });
        v["pages"] = Value::Array(match pages {
            Some(content) => self.page_list(&term.pages, content),
            None => vec![],
        });
        v
    }

    /// What `get_taxonomy` returns.
    pub fn taxonomy(&self, tax: &Taxonomy) -> Value {
        let mut v = json!({
            "kind": tax.config,
            "lang": tax.config.lang,
            "permalink": tax.permalink,
        });
        v["items"] = Value::Array(tax.terms.iter().map(|t| self.term(t, Some(true))).collect());
        v
    }
}

/// The usual variables every rendered template gets.
pub fn base_context(
    values: &Values,
    lang: &str,
    path: &str,
    permalink: &str,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("config".into(), values.config.clone());
    m.insert("lang".into(), json!(lang));
    m.insert("current_path".into(), json!(path));
    m.insert("current_url".into(), json!(permalink));
    m
}
