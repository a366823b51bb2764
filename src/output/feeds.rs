//! Atom and RSS feeds: site-wide, per section (`generate_feeds = true`) and per taxonomy term.

use serde_json::{json, Map, Value};

use super::Renderer;
use crate::error::Diagnostic;
use crate::library::{Taxonomy, Term};
use crate::templates::context::base_context;

/// Dated pages only, newest first, cut to `feed_limit`.
fn feed_pages(r: &Renderer, list: &[usize]) -> Vec<usize> {
    let mut pages: Vec<usize> = list
        .iter()
        .copied()
        .filter(|&i| r.lib.pages[i].datetime.is_some())
        .collect();
    pages.sort_by(|&a, &b| {
        let (a, b) = (&r.lib.pages[a], &r.lib.pages[b]);
        b.datetime
            .cmp(&a.datetime)
            .then_with(|| a.permalink.cmp(&b.permalink))
    });
    if let Some(limit) = r.config.feed_limit {
        pages.truncate(limit);
    }
    pages
}

fn render_feeds(
    r: &Renderer,
    base_path: &str,
    list: &[usize],
    extra: Map<String, Value>,
    source: &str,
) -> Vec<Diagnostic> {
    let pages = feed_pages(r, list);
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
    for name in &r.config.feed_filenames {
        let rel = format!("{}{name}", base_path.trim_start_matches('/'));
        let feed_url = r.config.make_permalink(&rel);
        let mut ctx = base_context(
            r.values,
            &r.config.default_language,
            &format!("/{rel}"),
            &feed_url,
        );
        ctx.insert("feed_url".into(), json!(feed_url));
        ctx.insert("last_updated".into(), json!(last_updated));
        ctx.extend(extra.clone());
        let xml = if crate::templates::is_builtin_feed(r.tera, name) {
            render_builtin(r, name, ctx, &pages, source)
        } else {
            let shape = r.shape(name);
            ctx.insert(
                "pages".into(),
                Value::Array(r.values.page_list(&pages, &shape)),
            );
            r.render_sized(name, ctx, source, size_hint(r, &pages))
        };
        errors.extend(xml.and_then(|xml| r.write_file(&rel, xml.as_bytes())).err());
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

/// A built-in feed from its parts: head, entries rendered in parallel chunks, foot.
fn render_builtin(
    r: &Renderer,
    name: &str,
    ctx: Map<String, Value>,
    pages: &[usize],
    source: &str,
) -> Result<String, Diagnostic> {
    use rayon::prelude::*;
    // Named `.xml` so that Tera escapes them as it does the whole template.
    let part = |p: &str| format!("{}{name}.{p}.xml", crate::templates::FEED_PARTS);
    let mut xml = r.render(&part("head"), ctx.clone(), source)?;
    let chunks: Vec<String> = pages
        .par_chunks(128)
        .map(|chunk| {
            let mut c = base_context(r.values, &r.config.default_language, "", "");
            c.insert(
                "pages".into(),
                Value::Array(chunk.iter().map(|&i| r.values.feed_entry(i)).collect()),
            );
            r.render_sized(&part("entries"), c, source, size_hint(r, chunk))
        })
        .collect::<Result<_, _>>()?;
    let foot = r.render(&part("foot"), ctx, source)?;
    xml.reserve(chunks.iter().map(String::len).sum::<usize>() + foot.len());
    for c in chunks {
        xml.push_str(&c);
    }
    xml.push_str(&foot);
    Ok(xml)
}

pub fn render(r: &Renderer) -> Vec<Diagnostic> {
    let mut errors = vec![];
    if r.config.generate_feeds {
        let all: Vec<usize> = (0..r.lib.pages.len()).collect();
        errors.extend(render_feeds(r, "/", &all, Map::new(), "site feed"));
    }
    for (i, s) in r.lib.sections.iter().enumerate() {
        if s.meta.generate_feeds && !(s.is_index() && r.config.generate_feeds) {
            let mut extra = Map::new();
            extra.insert("section".into(), r.values.section(i, None));
            errors.extend(render_feeds(r, &s.path, &s.pages, extra, &s.file.relative));
        }
    }
    errors
}

pub fn render_term_feeds(r: &Renderer, tax: &Taxonomy, term: &Term) -> Vec<Diagnostic> {
    let mut extra = Map::new();
    extra.insert("taxonomy".into(), json!(tax.config));
    extra.insert("term".into(), r.values.term(term, None));
    render_feeds(
        r,
        &term.path,
        &term.pages,
        extra,
        &format!("feed of term `{}`", term.name),
    )
}
