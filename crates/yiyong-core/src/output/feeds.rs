//! Atom and RSS feeds: site-wide, per section (`generate_feeds = true`) and per taxonomy term.

use serde_json::{json, Map, Value};

use super::{fast_feed_entries, Renderer};
use crate::error::Diagnostic;
use crate::library::{Taxonomy, Term};
use crate::templates::context::base_context;

fn render_feeds(
    r: &Renderer,
    (base_path, lang): (&str, &str),
    list: &[usize],
    extra: Map<String, Value>,
    source: &str,
) -> Vec<Diagnostic> {
    let name = if source.ends_with(".md") {
        format!("the feed of {}", super::pages::source_name(source))
    } else {
        format!("the {source}")
    };
    crate::write::as_source(&name, || {
        render_feeds_as(r, (base_path, lang), list, extra, source)
    })
}

fn render_feeds_as(
    r: &Renderer,
    (base_path, lang): (&str, &str),
    list: &[usize],
    extra: Map<String, Value>,
    source: &str,
) -> Vec<Diagnostic> {
    let pages = r.lib.feed_pages(list, r.config.feed_limit);
    // As in Zola, a feed with nothing dated in it is not written.
    if pages.is_empty() {
        return vec![];
    }
    let last_updated = pages
        .iter()
        .filter_map(|&i| {
            let p = &r.lib.pages[i];
            std::cmp::max(p.updated_datetime, p.datetime)
                .map(|dt| (dt, p.updated.clone().or(p.date.clone())))
        })
        .max_by_key(|x| x.0)
        .and_then(|x| x.1);
    let mut errors = vec![];
    // Each language has its own feed file names (`[languages.xx] feed_filenames`).
    for name in r.config.feed_filenames_of(lang) {
        let rel = format!("{}{name}", base_path.trim_start_matches('/'));
        let feed_url = r.config.make_permalink(&rel);
        let shape = r.shape(name);
        let mut ctx = base_context(r.values, &shape, lang, &format!("/{rel}"), &feed_url);
        ctx.insert("feed_url".into(), json!(feed_url));
        ctx.insert("last_updated".into(), json!(last_updated));
        ctx.extend(extra.clone());
        let written = if crate::templates::is_builtin(r.tera, name) {
            write_builtin(r, (name, lang), &rel, ctx, &pages, source)
        } else {
            ctx.insert(
                "pages".into(),
                Value::Array(r.values.page_list(&pages, &shape)),
            );
            r.render_sized(name, ctx, source, size_hint(r, &pages))
                .and_then(|xml| r.write_file(&rel, xml.as_bytes()))
        };
        errors.extend(written.err());
    }
    errors
}

/// Escaped HTML grows by about a third; reserving more costs nothing until written.
fn size_hint(r: &Renderer, pages: &[usize]) -> usize {
    pages
        .iter()
        .map(|&i| r.values.html_len(i) * 3 / 2 + 2048)
        .sum()
}

/// Entries rendered together, with one page list; a window of chunks is rendered in parallel
/// and written before the next, so a feed of the whole site (41 MB for the benchmark corpus)
/// is never whole in memory.
const CHUNK: usize = 64;
const WINDOW: usize = 8;

/// A built-in feed from its parts: head, entries rendered in parallel chunks, foot.
fn write_builtin(
    r: &Renderer,
    (name, lang): (&str, &str),
    rel: &str,
    ctx: Map<String, Value>,
    pages: &[usize],
    source: &str,
) -> Result<(), Diagnostic> {
    use rayon::prelude::*;
    // Named `.xml` so that Tera escapes them as it does the whole template.
    let part = |p: &str| format!("{}{name}.{p}.xml", crate::templates::FEED_PARTS);
    let head = r.render(&part("head"), ctx.clone(), source)?;
    let foot = r.render(&part("foot"), ctx, source)?;
    let entries_shape = r.shape(&part("entries"));
    let site = fast_feed_entries::Site::new(r.config);
    let entries = |chunk: &[usize]| {
        if let Some(out) = direct_entries(r, name, &site, chunk) {
            return Ok(out);
        }
        let mut c = base_context(r.values, &entries_shape, lang, "", "");
        c.insert(
            "pages".into(),
            Value::Array(chunk.iter().map(|&i| r.values.feed_entry(i)).collect()),
        );
        r.render_sized(&part("entries"), c, source, size_hint(r, chunk))
    };
    let mut failed = None;
    let written = {
        let windows = pages.chunks(CHUNK * WINDOW).map_while(|window| {
            let rendered: Result<Vec<String>, _> = window.par_chunks(CHUNK).map(entries).collect();
            rendered.map_err(|e| failed = Some(e)).ok()
        });
        let mut parts = std::iter::once(head)
            .chain(windows.flatten())
            .chain(std::iter::once(foot))
            .map(|part| match crate::xml_chars::strip(part.as_bytes()) {
                std::borrow::Cow::Borrowed(_) => part.into_bytes(),
                std::borrow::Cow::Owned(clean) => clean,
            });
        r.sink.write_parts(rel, &mut parts)
    };
    match failed {
        Some(e) => Err(e),
        None => written.map_err(|e| super::write_error(rel, e)),
    }
}

/// A chunk of entries written without Tera (`fast_feed_entries`), unless a page has to be
/// left to it.
#[cfg(not(yiyong_general_feeds))]
fn direct_entries(
    r: &Renderer,
    name: &str,
    site: &fast_feed_entries::Site,
    chunk: &[usize],
) -> Option<String> {
    let list: Vec<fast_feed_entries::Entry> = chunk
        .iter()
        .map(|&i| {
            let (content, summary) = r.values.html(i);
            fast_feed_entries::Entry {
                page: &r.lib.pages[i],
                content,
                summary,
            }
        })
        .collect();
    let mut out = String::with_capacity(size_hint(r, chunk));
    fast_feed_entries::write(&mut out, name, site, &list).then_some(out)
}

/// The general path: every entry through Tera.
#[cfg(yiyong_general_feeds)]
fn direct_entries(
    _: &Renderer,
    _: &str,
    _: &fast_feed_entries::Site,
    _: &[usize],
) -> Option<String> {
    None
}

pub fn render(r: &Renderer) -> Vec<Diagnostic> {
    let mut errors = vec![];
    // As Zola: the site feed of a multilingual site holds the default language's pages,
    // and each other language with `generate_feeds` has its own below `/<code>/`.
    let default = r.config.default_language.as_str();
    let multilingual = r.config.is_multilingual();
    let mut site_feeds = vec![(default, "/".to_string(), r.config.generate_feeds)];
    for (code, options) in r.config.other_languages() {
        site_feeds.push((code, format!("/{code}/"), options.generate_feeds));
    }
    for (lang, base, on) in &site_feeds {
        if !on {
            continue;
        }
        let pages: Vec<usize> = (0..r.lib.pages.len())
            .filter(|&i| !multilingual || r.lib.pages[i].lang == *lang)
            .collect();
        errors.extend(render_feeds(
            r,
            (base, lang),
            &pages,
            Map::new(),
            "site feed",
        ));
    }
    for (i, s) in r.lib.sections.iter().enumerate() {
        let site_feed = site_feeds.iter().any(|(l, _, on)| *on && *l == s.lang);
        if s.meta.generate_feeds && !(s.is_index() && site_feed) {
            let mut extra = Map::new();
            extra.insert("section".into(), r.values.section(i, None));
            let at = (s.path.as_str(), s.lang.as_str());
            errors.extend(render_feeds(r, at, &s.pages, extra, &s.file.relative));
        }
    }
    errors
}

pub fn render_term_feeds(r: &Renderer, tax: &Taxonomy, term: &Term) -> Vec<Diagnostic> {
    let mut extra = Map::new();
    extra.insert("taxonomy".into(), json!(tax.config));
    extra.insert("term".into(), r.values.term(term, None));
    let lang = match tax.config.lang.is_empty() {
        true => &r.config.default_language,
        false => &tax.config.lang,
    };
    render_feeds(
        r,
        (&term.path, lang),
        &term.pages,
        extra,
        &format!("feed of term `{}`", term.name),
    )
}
