//! Renders the Markdown of every page and section in parallel, then checks `@/` anchors.

use std::collections::HashMap;

use rayon::prelude::*;
use serde_json::{json, Value};

use crate::config::Config;
use crate::content::{Page, Rendered, Section};
use crate::error::Diagnostic;
use crate::library::{ItemRef, Library};
use crate::markdown::{self, Highlighter, RenderContext};
use crate::templates::context::RenderedSite;

/// Markdown bodies, in library order.
#[derive(Default)]
pub struct Sources {
    pub pages: Vec<String>,
    pub sections: Vec<String>,
}

pub struct Inputs<'a> {
    pub config: &'a Config,
    pub config_value: &'a crate::templates::context::ConfigValues,
    pub tera: &'a tera::Tera,
    pub lib: &'a Library,
    pub highlighter: Option<&'a Highlighter>,
    pub sources: Sources,
}

/// The library as the Markdown renderer's `@/` link table: a whole build looks each link up
/// in it, where building a table of its 16,500 paths first took 6 ms on one core.
struct ByRelative<'a>(&'a Library);

impl crate::markdown::Permalinks for ByRelative<'_> {
    fn permalink(&self, relative: &str) -> Option<&str> {
        let item = self.0.by_relative.get(relative)?;
        Some(self.0.permalink_of(*item))
    }
}

pub fn permalinks(lib: &Library) -> HashMap<String, String> {
    lib.by_relative
        .iter()
        .map(|(rel, item)| (rel.clone(), lib.permalink_of(*item).to_string()))
        .collect()
}

/// What differs between rendering a page and a section.
struct Item<'a> {
    file: &'a std::path::Path,
    body_line: usize,
    permalink: &'a str,
    lang: &'a str,
    anchors: Option<crate::config::AnchorLinks>,
    /// What shortcodes see as `page` or `section`, made only when one is called.
    shortcode_view: (&'static str, Box<dyn Fn() -> Value + 'a>),
}

fn page_item<'a>(lib: &'a Library, p: &'a Page) -> Item<'a> {
    Item {
        file: &p.file.path,
        body_line: p.body_line,
        permalink: &p.permalink,
        lang: &p.lang,
        anchors: p
            .ancestors
            .last()
            .and_then(|&s| lib.sections[s].meta.insert_anchor_links),
        shortcode_view: ("page", Box::new(|| shortcode_page(lib, p))),
    }
}

/// The `page` a shortcode sees: Zola's page as it is before its Markdown is rendered (no
/// content, summary, table of contents or neighbours yet). Shortcodes read `page.assets`
/// (galleries) and other fields besides the title.
fn shortcode_page(lib: &Library, p: &Page) -> Value {
    let ymd = p.year_month_day();
    let ancestors: Vec<&str> = p
        .ancestors
        .iter()
        .map(|&s| lib.sections[s].file.relative.as_str())
        .collect();
    json!({"title": p.meta.title, "description": p.meta.description,
    "permalink": p.permalink, "path": p.path, "slug": p.slug, "components": p.components,
    "date": p.date, "updated": p.updated, "year": ymd.map(|d| d.0),
    "month": ymd.map(|d| d.1), "day": ymd.map(|d| d.2), "extra": p.meta.extra,
    "taxonomies": p.meta.taxonomies, "authors": p.meta.authors, "draft": p.meta.draft,
    "lang": p.lang, "relative_path": p.file.relative, "ancestors": ancestors,
    "colocated_path": p.colocated_path(),
    "assets": p.serialized_assets(), "word_count": p.word_count,
    "reading_time": p.reading_time, "content": "", "summary": null, "toc": [],
    "lower": null, "higher": null, "translations": [], "backlinks": []})
}

fn section_item(s: &Section) -> Item<'_> {
    Item {
        file: &s.file.path,
        body_line: s.body_line,
        permalink: &s.permalink,
        lang: &s.lang,
        anchors: s.meta.insert_anchor_links,
        shortcode_view: (
            "section",
            Box::new(|| {
                json!({"title": s.meta.title, "permalink": s.permalink, "path": s.path,
                "extra": s.meta.extra, "relative_path": s.file.relative})
            }),
        ),
    }
}

fn render_item(
    inp: &Inputs,
    links: &dyn crate::markdown::Permalinks,
    item: Item,
    raw: &str,
) -> (Rendered, Vec<Diagnostic>) {
    let ctx = RenderContext {
        config: inp.config,
        config_value: inp.config_value.of(item.lang),
        tera: inp.tera,
        permalinks: links,
        file: item.file,
        body_line: item.body_line,
        permalink: item.permalink,
        lang: item.lang,
        insert_anchor_links: item
            .anchors
            .unwrap_or(inp.config.markdown.insert_anchor_links),
        item: Some((item.shortcode_view.0, &*item.shortcode_view.1)),
        highlighter: inp.highlighter,
    };
    markdown::render(raw, &ctx)
}

/// Renders the Markdown of page `i` from `raw` (an edited page, for `serve`).
pub fn render_page(
    inp: &Inputs,
    links: &HashMap<String, String>,
    i: usize,
    raw: &str,
) -> (Rendered, Vec<Diagnostic>) {
    let item = page_item(inp.lib, &inp.lib.pages[i]);
    render_item(inp, links, item, raw)
}

/// Renders every page and section. Each Markdown source is dropped once rendered, so the
/// memory it held goes to the HTML of the next rather than to fresh pages.
pub fn render(inp: &mut Inputs) -> Result<RenderedSite, Vec<Diagnostic>> {
    let links = ByRelative(inp.lib);
    let sources = std::mem::take(&mut inp.sources);
    let inp = &*inp;
    let page_results: Vec<(Rendered, Vec<Diagnostic>)> = inp
        .lib
        .pages
        .par_iter()
        .zip(sources.pages.into_par_iter())
        .map(|(p, raw)| render_item(inp, &links, page_item(inp.lib, p), &raw))
        .collect();
    let section_results: Vec<(Rendered, Vec<Diagnostic>)> = inp
        .lib
        .sections
        .par_iter()
        .zip(sources.sections.into_par_iter())
        .map(|(s, raw)| render_item(inp, &links, section_item(s), &raw))
        .collect();
    let mut errors = vec![];
    // Items whose Markdown failed: their headings are incomplete, so links to them are not
    // checked (a failing shortcode would otherwise bring a "broken anchor" for every link
    // to a heading after it).
    let mut failed = std::collections::HashSet::new();
    let mut split = |results: Vec<(Rendered, Vec<Diagnostic>)>, item: fn(usize) -> ItemRef| {
        results
            .into_iter()
            .enumerate()
            .map(|(i, (r, mut e))| {
                if !e.is_empty() {
                    failed.insert(item(i));
                }
                errors.append(&mut e);
                r
            })
            .collect::<Vec<Rendered>>()
    };
    let site = RenderedSite {
        pages: split(page_results, ItemRef::Page),
        sections: split(section_results, ItemRef::Section),
    };
    errors.extend(check_anchors(inp.lib, &site, &failed));
    if errors.is_empty() {
        Ok(site)
    } else {
        Err(errors)
    }
}

/// Every `@/page.md#anchor` must name a heading (or footnote) that exists in the target.
fn check_anchors(
    lib: &Library,
    site: &RenderedSite,
    failed: &std::collections::HashSet<ItemRef>,
) -> Vec<Diagnostic> {
    let anchors_of = |item: ItemRef| -> &[String] {
        match item {
            ItemRef::Page(i) => &site.pages[i].anchors,
            ItemRef::Section(i) => &site.sections[i].anchors,
        }
    };
    let sources = lib
        .pages
        .iter()
        .map(|p| &p.file.path)
        .zip(&site.pages)
        .chain(
            lib.sections
                .iter()
                .map(|s| &s.file.path)
                .zip(&site.sections),
        );
    let mut errors = vec![];
    for (file, rendered) in sources {
        for (target, anchor) in &rendered.internal_links {
            let (Some(anchor), Some(item)) = (anchor, lib.get(target)) else {
                continue;
            };
            if failed.contains(&item) {
                continue;
            }
            if !anchors_of(item).iter().any(|a| a == anchor) {
                let text = std::fs::read_to_string(file).unwrap_or_default();
                let needle = format!("@/{target}#{anchor}");
                let line = text
                    .lines()
                    .position(|l| l.contains(&needle))
                    .map(|i| i + 1);
                errors.push(
                    Diagnostic::in_file(file, format!("broken anchor: `{needle}` — content/{target} has no heading with id `{anchor}`"))
                        .at_line(line)
                        .with_hint("check the heading's spelling; ids are slugs of the heading text, e.g. `## 事迹经过` → #shi-ji-jing-guo"),
                );
            }
        }
    }
    errors
}
