//! The template data model: each page and section is turned into a JSON value once, and
//! listings, pagers, taxonomies and feeds reuse those values instead of re-serializing.

use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use crate::content::Rendered;
use crate::library::{Library, Taxonomy, Term};

pub struct Values {
    pub config: Value,
    /// Page values without `lower`/`higher`.
    pub pages: Vec<Value>,
    /// Section values with `pages` empty.
    pub sections: Vec<Value>,
}

/// Rendered Markdown for every page and section, in library order.
pub struct RenderedSite {
    pub pages: Vec<Rendered>,
    pub sections: Vec<Rendered>,
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

fn ancestors(lib: &Library, list: &[usize]) -> Vec<String> {
    list.iter()
        .map(|&s| lib.sections[s].file.relative.clone())
        .collect()
}

pub fn build(lib: &Library, rendered: RenderedSite, config: Value) -> Values {
    let back = backlinks(lib, &rendered);
    let RenderedSite {
        pages: rp,
        sections: rs,
    } = rendered;
    let pages = lib
        .pages
        .par_iter()
        .zip(rp.into_par_iter())
        .map(|(p, r)| {
            let (year, month, day) = match p.year_month_day() {
                Some((y, m, d)) => (json!(y), json!(m), json!(d)),
                None => (Value::Null, Value::Null, Value::Null),
            };
            let mut v = json!({
                "relative_path": p.file.relative,
                "colocated_path": p.file.is_bundle.then(|| format!("{}/", p.file.relative.trim_end_matches("/index.md"))),
                "permalink": p.permalink,
                "slug": p.slug,
                "ancestors": ancestors(lib, &p.ancestors),
                "title": p.meta.title,
                "description": p.meta.description,
                "updated": p.updated,
                "date": p.date,
                "year": year, "month": month, "day": day,
                "taxonomies": p.meta.taxonomies,
                "authors": p.meta.authors,
                "extra": p.meta.extra,
                "path": p.path,
                "components": p.components,
                "word_count": p.word_count,
                "reading_time": p.reading_time,
                "assets": p.serialized_assets(),
                "draft": p.meta.draft,
                "lang": p.lang,
                "lower": Value::Null,
                "higher": Value::Null,
                "translations": [],
                "backlinks": back.get(&p.file.relative).cloned().unwrap_or_default(),
            });
            move_rendered(&mut v, r);
            v
        })
        .collect();
    let sections = lib
        .sections
        .iter()
        .zip(rs)
        .map(|(s, r)| {
            let mut v = json!({
                "relative_path": s.file.relative,
                "colocated_path": if s.components.is_empty() { Value::Null } else { json!(format!("{}/", s.components.join("/"))) },
                "permalink": s.permalink,
                "draft": s.meta.draft,
                "ancestors": ancestors(lib, &s.ancestors),
                "title": s.meta.title,
                "description": s.meta.description,
                "extra": s.meta.extra,
                "path": s.path,
                "components": s.components,
                "word_count": s.word_count,
                "reading_time": s.reading_time,
                "lang": s.lang,
                "assets": s.serialized_assets(),
                "pages": [],
                "subsections": s.subsections.iter().map(|&i| lib.sections[i].file.relative.clone()).collect::<Vec<_>>(),
                "translations": [],
                "backlinks": back.get(&s.file.relative).cloned().unwrap_or_default(),
                "generate_feeds": s.meta.generate_feeds,
                "transparent": s.meta.transparent,
                "paginate_by": s.meta.paginate_by,
            });
            let summary_free = Rendered { summary: None, ..r };
            move_rendered(&mut v, summary_free);
            if let Some(o) = v.as_object_mut() {
                o.remove("summary");
            }
            v
        })
        .collect();
    Values {
        config,
        pages,
        sections,
    }
}

/// Moves the (large) rendered HTML into a value instead of copying it.
fn move_rendered(v: &mut Value, r: Rendered) {
    if let Some(o) = v.as_object_mut() {
        o.insert("content".into(), Value::String(r.content));
        o.insert(
            "summary".into(),
            r.summary.map(Value::String).unwrap_or(Value::Null),
        );
        o.insert(
            "toc".into(),
            serde_json::to_value(r.toc).unwrap_or(Value::Array(vec![])),
        );
    }
}

impl Values {
    /// A page as its own template sees it: with its lower and higher neighbours.
    pub fn page_full(&self, lib: &Library, i: usize) -> Value {
        let mut v = self.pages[i].clone();
        let p = &lib.pages[i];
        if let Some(obj) = v.as_object_mut() {
            obj.insert(
                "lower".into(),
                p.lower
                    .map(|l| self.pages[l].clone())
                    .unwrap_or(Value::Null),
            );
            obj.insert(
                "higher".into(),
                p.higher
                    .map(|h| self.pages[h].clone())
                    .unwrap_or(Value::Null),
            );
        }
        v
    }

    pub fn page_list(&self, list: &[usize]) -> Vec<Value> {
        list.iter().map(|&i| self.pages[i].clone()).collect()
    }

    /// A section with its pages filled in (unless only metadata is wanted).
    pub fn section_full(&self, lib: &Library, i: usize, with_pages: bool) -> Value {
        let mut v = self.sections[i].clone();
        if with_pages {
            if let Some(obj) = v.as_object_mut() {
                obj.insert(
                    "pages".into(),
                    Value::Array(self.page_list(&lib.sections[i].pages)),
                );
            }
        }
        v
    }

    pub fn term(&self, term: &Term, with_pages: bool) -> Value {
        let mut v = json!({
            "name": term.name,
            "slug": term.slug,
            "path": term.path,
            "permalink": term.permalink,
            "page_count": term.pages.len(),
        });
        let pages = if with_pages {
            self.page_list(&term.pages)
        } else {
            vec![]
        };
        v["pages"] = Value::Array(pages);
        v
    }

    /// What `get_taxonomy` returns.
    pub fn taxonomy(&self, tax: &Taxonomy) -> Value {
        let mut v = json!({
            "kind": tax.config,
            "lang": tax.config.lang,
            "permalink": tax.permalink,
        });
        v["items"] = Value::Array(tax.terms.iter().map(|t| self.term(t, true)).collect());
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
