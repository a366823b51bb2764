//! The template data model. Page and section values are built when a template needs them,
//! from the compact library plus the rendered HTML, rather than kept as JSON: a full set of
//! JSON page values is as large as everything else together, and every listing needs its own
//! copy anyway because Tera contexts own their data.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::{json, Map, Value};

use crate::content::{Heading, Page, Rendered, Section};
use crate::library::{ItemRef, Library, Taxonomy, Term};
use crate::templates::page_fields::PageField;
use crate::templates::usage::{ContentUse, Shape};

pub use super::config_values::ConfigValues;

/// Rendered Markdown for every page and section, in library order.
pub struct RenderedSite {
    pub pages: Vec<Rendered>,
    pub sections: Vec<Rendered>,
}

/// What rendering produced for one item, kept for templates.
struct ItemHtml {
    content: String,
    summary: Option<String>,
    /// Kept as headings and made a value when a template reads it: most templates never do,
    /// and the values of 16,500 pages' tables of contents were 34 MB of a 10,000-hero build's
    /// peak (heaptrack).
    toc: Vec<Heading>,
    backlinks: Value,
    /// Targets of the item's `@/` links (a change to them changes other pages' backlinks).
    links: Vec<String>,
}

pub struct Values {
    pub config: ConfigValues,
    lib: Arc<Library>,
    pages: Vec<ItemHtml>,
    sections: Vec<ItemHtml>,
    /// Each section's value without its pages, made on first use: a theme asks for the
    /// section above every page (breadcrumbs, a back link: `get_section(metadata_only=true)`,
    /// twice per page on the default theme, 20,000 times at 10,000 heroes), and making it
    /// anew each time was 1% of a build's CPU. Cleared with any change to the library.
    section_meta: Vec<OnceLock<Value>>,
}

fn unset(n: usize) -> Vec<OnceLock<Value>> {
    (0..n).map(|_| OnceLock::new()).collect()
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

fn keep(r: Rendered, backlinks: Vec<Value>) -> ItemHtml {
    let links = link_keys(&r);
    ItemHtml {
        links,
        content: r.content,
        summary: r.summary,
        toc: r.toc,
        backlinks: Value::Array(backlinks),
    }
}

pub fn build(lib: Arc<Library>, rendered: RenderedSite, config: ConfigValues) -> Values {
    use rayon::prelude::*;
    let back = backlinks(&lib, &rendered);
    let back_of = |relative: &str| back.get(relative).cloned().unwrap_or_default();
    // On all cores: for 16,000 pages this was a pause between two parallel stages.
    let pages = lib
        .pages
        .par_iter()
        .zip(rendered.pages)
        .map(|(p, r)| keep(r, back_of(&p.file.relative)))
        .collect();
    let sections = lib
        .sections
        .iter()
        .zip(rendered.sections)
        .map(|(s, r)| keep(r, back_of(&s.file.relative)))
        .collect();
    Values {
        config,
        section_meta: unset(lib.sections.len()),
        lib,
        pages,
        sections,
    }
}

impl Values {
    /// Swaps the library the values are built from (`serve` takes the old one back).
    pub fn replace_library(&mut self, lib: Arc<Library>) -> Arc<Library> {
        self.section_meta = unset(lib.sections.len());
        std::mem::replace(&mut self.lib, lib)
    }
}

impl Values {
    /// The values for a library rebuilt from this one's (`serve`'s structural updates):
    /// `from_old[i]` is the old index of page `i`, or `None` for a page rendered afresh (in
    /// `fresh`, in order); sections keep their places. Backlinks are made again for every item,
    /// as `build` makes them; returns the items whose backlinks changed.
    pub fn rebuild(
        self,
        lib: Arc<Library>,
        from_old: &[Option<usize>],
        fresh: Vec<Rendered>,
    ) -> (Values, Vec<ItemRef>) {
        let mut old: Vec<Option<ItemHtml>> = self.pages.into_iter().map(Some).collect();
        let mut fresh = fresh.into_iter();
        let mut pages: Vec<ItemHtml> = from_old
            .iter()
            .map(|o| match o {
                Some(i) => old[*i].take().expect("each old page is kept once"),
                None => keep(fresh.next().expect("one rendering per new page"), vec![]),
            })
            .collect();
        let mut sections = self.sections;
        // Who links to whom, in the order `build` visits the items.
        let mut map: HashMap<&str, Vec<Value>> = HashMap::new();
        let items = lib
            .pages
            .iter()
            .map(|p| (&p.permalink, p.meta.title.as_deref()))
            .zip(&pages)
            .chain(
                lib.sections
                    .iter()
                    .map(|s| (&s.permalink, s.meta.title.as_deref()))
                    .zip(&sections),
            );
        for ((permalink, title), item) in items {
            for key in &item.links {
                let target = key.rsplit_once('#').map_or(key.as_str(), |(t, _)| t);
                let list = map.entry(target).or_default();
                let v = json!({ "permalink": permalink, "title": title });
                if !list.contains(&v) {
                    list.push(v);
                }
            }
        }
        let back = |rel: &str| Value::Array(map.get(rel).cloned().unwrap_or_default());
        let mut changed = vec![];
        let mut relink = |item: &mut ItemHtml, back: Value, id: ItemRef| {
            if item.backlinks != back {
                item.backlinks = back;
                changed.push(id);
            }
        };
        let page_backs: Vec<Value> = lib.pages.iter().map(|p| back(&p.file.relative)).collect();
        let section_backs: Vec<Value> = lib
            .sections
            .iter()
            .map(|s| back(&s.file.relative))
            .collect();
        drop(map);
        for (i, (item, b)) in pages.iter_mut().zip(page_backs).enumerate() {
            relink(item, b, ItemRef::Page(i));
        }
        for (i, (item, b)) in sections.iter_mut().zip(section_backs).enumerate() {
            relink(item, b, ItemRef::Section(i));
        }
        let values = Values {
            config: self.config,
            section_meta: unset(lib.sections.len()),
            lib,
            pages,
            sections,
        };
        (values, changed)
    }
}

fn link_keys(r: &Rendered) -> Vec<String> {
    r.internal_links
        .iter()
        .map(|(t, a)| format!("{t}#{}", a.as_deref().unwrap_or("")))
        .collect()
}

/// Zola's `translations`: the item and its versions in other languages, each with `lang`,
/// `permalink`, `title` and `path` (the Markdown file's path, as Zola gives it).
fn translations(lib: &Library, canonical: &str) -> Value {
    let list = lib.translations_of(canonical).iter().map(|&item| {
        let (lang, permalink, title, path) = match item {
            ItemRef::Page(i) => {
                let p = &lib.pages[i];
                (&p.lang, &p.permalink, &p.meta.title, &p.file.path)
            }
            ItemRef::Section(i) => {
                let s = &lib.sections[i];
                (&s.lang, &s.permalink, &s.meta.title, &s.file.path)
            }
        };
        // Absolute, as Zola gives it: templates hand it to `get_page` (Zola's test_site_i18n).
        let path = std::path::absolute(path).unwrap_or_else(|_| path.clone());
        json!({"lang": lang, "permalink": permalink, "title": title, "path": path})
    });
    Value::Array(list.collect())
}

fn toc_value(toc: &[Heading]) -> Value {
    serde_json::to_value(toc).unwrap_or(Value::Array(vec![]))
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

fn page_field(lib: &Library, p: &Page, html: &ItemHtml, field: PageField) -> Value {
    let ymd = || p.year_month_day();
    match field {
        PageField::Ancestors => strings(&ancestors(lib, &p.ancestors)),
        PageField::Assets => strings(&p.serialized_assets()),
        PageField::Authors => strings(&p.meta.authors),
        PageField::Backlinks => html.backlinks.clone(),
        PageField::ColocatedPath => opt(&p.colocated_path()),
        PageField::Components => strings(&p.components),
        PageField::Content => Value::String(html.content.clone()),
        PageField::Date => opt(&p.date),
        PageField::Day => ymd().map_or(Value::Null, |d| Value::from(d.2)),
        PageField::Description => opt(&p.meta.description),
        PageField::Draft => Value::Bool(p.meta.draft),
        PageField::Extra => Value::Object(p.meta.extra.clone()),
        PageField::Lang => Value::String(p.lang.clone()),
        PageField::Month => ymd().map_or(Value::Null, |d| Value::from(d.1)),
        PageField::Path => Value::String(p.path.clone()),
        PageField::Permalink => Value::String(p.permalink.clone()),
        PageField::ReadingTime => Value::from(p.reading_time),
        PageField::RelativePath => Value::String(p.file.relative.clone()),
        PageField::Slug => Value::String(p.slug.clone()),
        PageField::Summary => opt(&html.summary),
        PageField::Taxonomies => Value::Object(
            p.meta
                .taxonomies
                .iter()
                .map(|(k, v)| (k.clone(), strings(v)))
                .collect(),
        ),
        PageField::Title => opt(&p.meta.title),
        PageField::Toc => toc_value(&html.toc),
        PageField::Translations => translations(lib, &p.file.canonical),
        PageField::Updated => opt(&p.updated),
        PageField::WordCount => Value::from(p.word_count),
        PageField::Year => ymd().map_or(Value::Null, |d| Value::from(d.0)),
        // Filled in by `page_full`.
        PageField::Lower | PageField::Higher => Value::Null,
    }
}

/// A page value with the fields `shape` says the template can read; the others are left
/// out, or set to null where their absence could show (see `templates::usage`). This runs
/// for every page in every listing, so it is built in one pass, never re-serialized.
fn page_value(lib: &Library, p: &Page, html: &ItemHtml, shape: &Shape, content: bool) -> Value {
    fields_value(lib, p, html, shape, content, |f| shape.reads(f))
}

/// A page value with the fields `reads` picks (see `page_value`).
fn fields_value(
    lib: &Library,
    p: &Page,
    html: &ItemHtml,
    shape: &Shape,
    content: bool,
    reads: impl Fn(PageField) -> bool,
) -> Value {
    Value::Object(
        PageField::ALL
            .into_iter()
            .filter_map(|f| {
                let v = if reads(f) && (content || f != PageField::Content) {
                    page_field(lib, p, html, f)
                } else if shape.keeps_keys {
                    Value::Null
                } else {
                    return None;
                };
                Some((f.name().to_string(), v))
            })
            .collect(),
    )
}

fn section_value(lib: &Library, s: &Section, html: &ItemHtml) -> Value {
    json!({
        "relative_path": s.file.relative,
        "colocated_path": if s.file.components.is_empty() { Value::Null } else { json!(format!("{}/", s.file.components.join("/"))) },
        "content": html.content,
        "permalink": s.permalink,
        "draft": s.meta.draft,
        "ancestors": ancestors(lib, &s.ancestors),
        "title": s.meta.title,
        "description": s.meta.description,
        "extra": s.meta.extra,
        "path": s.path,
        "components": s.components,
        "toc": toc_value(&html.toc),
        "word_count": s.word_count,
        "reading_time": s.reading_time,
        "lang": s.lang,
        "assets": s.serialized_assets(),
        "pages": [],
        "subsections": s.subsections.iter().map(|&i| lib.sections[i].file.relative.clone()).collect::<Vec<_>>(),
        "translations": translations(lib, &s.file.canonical),
        "backlinks": html.backlinks,
        "generate_feeds": s.meta.generate_feeds,
        "transparent": s.meta.transparent,
        "paginate_by": s.meta.paginate_by,
    })
}

impl Values {
    /// `config` with the keys a template may read: cloning the whole of it for each of
    /// thousands of renders cost more than the templates' use of it.
    /// Kept once per template for the default language; cut afresh for another language
    /// (multilingual sites are small next to the registers this cache is for).
    pub fn config_for(&self, shape: &Shape, lang: &str) -> Value {
        let cut = |config: &Value| match config {
            Value::Object(all) => Value::Object(
                all.iter()
                    .filter(|(k, _)| shape.may_read_key(k))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            ),
            other => other.clone(),
        };
        match self.config.others.get(lang) {
            Some(own) => cut(own),
            None => shape
                .config
                .get_or_init(|| cut(&self.config.default))
                .clone(),
        }
    }

    /// Length of a page's rendered HTML (content and summary), for sizing output buffers.
    pub fn html_len(&self, i: usize) -> usize {
        self.pages[i].content.len() + self.pages[i].summary.as_ref().map_or(0, |s| s.len())
    }

    /// A section's rendered HTML.
    pub fn section_html(&self, i: usize) -> &str {
        &self.sections[i].content
    }

    /// A page's rendered HTML and summary.
    pub fn html(&self, i: usize) -> (&str, Option<&str>) {
        (&self.pages[i].content, self.pages[i].summary.as_deref())
    }

    /// A page as listings show it (no `lower`/`higher`), with every field.
    pub fn page(&self, i: usize) -> Value {
        self.listed(i, &Shape::all())
    }

    /// A page in a listing, with the fields `shape` reads of listed pages.
    pub fn listed(&self, i: usize, shape: &Shape) -> Value {
        let (lib, p, html) = (&self.lib, &self.lib.pages[i], &self.pages[i]);
        fields_value(lib, p, html, shape, true, |f| shape.listing_reads(f))
    }

    /// A page as its own template sees it: with its lower and higher neighbours (with their
    /// HTML only if the template reads it through them).
    pub fn page_full(&self, i: usize, shape: &Shape) -> Value {
        let p = &self.lib.pages[i];
        let mut v = page_value(&self.lib, p, &self.pages[i], shape, true);
        let neighbours = shape.content == ContentUse::Any;
        let n = |j: usize| {
            let (lib, p, html) = (&self.lib, &self.lib.pages[j], &self.pages[j]);
            fields_value(lib, p, html, shape, neighbours, |f| {
                shape.neighbour_reads(f)
            })
        };
        if let Some(map) = v.as_object_mut() {
            for (field, which) in [(PageField::Lower, p.lower), (PageField::Higher, p.higher)] {
                if let (true, Some(slot)) = (shape.reads(field), map.get_mut(field.name())) {
                    *slot = which.map(n).unwrap_or(Value::Null);
                }
            }
        }
        v
    }

    /// A page with only what the built-in feed entries read, its HTML escaped already (see
    /// `templates::feed_parts`).
    pub fn feed_entry(&self, i: usize) -> Value {
        let (p, html) = (&self.lib.pages[i], &self.pages[i]);
        let plain = [
            PageField::Lang,
            PageField::Title,
            PageField::Date,
            PageField::Updated,
            PageField::Authors,
            PageField::Permalink,
        ]
        .map(|f| (f.name().to_string(), page_field(&self.lib, p, html, f)));
        let escaped = [
            (
                "summary".to_string(),
                opt(&html.summary.as_deref().map(super::escape_html)),
            ),
            (
                "content".to_string(),
                Value::String(super::escape_html(&html.content)),
            ),
        ];
        Value::Object(plain.into_iter().chain(escaped).collect())
    }

    pub fn page_list(&self, list: &[usize], shape: &Shape) -> Vec<Value> {
        use rayon::prelude::*;
        // Long lists (feeds, taxonomy lists, big sections) are built on all cores.
        if list.len() > 512 {
            list.par_iter().map(|&i| self.listed(i, shape)).collect()
        } else {
            list.iter().map(|&i| self.listed(i, shape)).collect()
        }
    }

    /// A section with its pages filled in (`Some(as the template reads them)`), or only its
    /// metadata.
    pub fn section(&self, i: usize, pages: Option<&Shape>) -> Value {
        let Some(shape) = pages else {
            return self.section_meta[i]
                .get_or_init(|| section_value(&self.lib, &self.lib.sections[i], &self.sections[i]))
                .clone();
        };
        let mut v = section_value(&self.lib, &self.lib.sections[i], &self.sections[i]);
        v["pages"] = Value::Array(self.page_list(&self.lib.sections[i].pages, shape));
        v
    }

    /// A term with its pages (`Some(as the template reads them)`), or an empty page list.
    pub fn term(&self, term: &Term, pages: Option<&Shape>) -> Value {
        let mut v = json!({
            "name": term.name,
            "slug": term.slug,
            "path": term.path,
            "permalink": term.permalink,
            "page_count": term.pages.len(),
        });
        v["pages"] = Value::Array(match pages {
            Some(shape) => self.page_list(&term.pages, shape),
            None => vec![],
        });
        v
    }

    /// What `get_taxonomy` returns.
    pub fn taxonomy(&self, tax: &Taxonomy, shape: &Shape) -> Value {
        let mut v = json!({
            "kind": tax.config,
            "lang": tax.config.lang,
            "permalink": tax.permalink,
        });
        v["items"] = Value::Array(
            tax.terms
                .iter()
                .map(|t| self.term(t, Some(shape)))
                .collect(),
        );
        v
    }
}

/// The usual variables every rendered template gets; `shape` is the template's, for `config`.
pub fn base_context(
    values: &Values,
    shape: &Shape,
    lang: &str,
    path: &str,
    permalink: &str,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("config".into(), values.config_for(shape, lang));
    m.insert("lang".into(), json!(lang));
    m.insert("current_path".into(), json!(path));
    m.insert("current_url".into(), json!(permalink));
    m
}
