//! Taxonomy list pages, term pages (paginated when configured) and term feeds.

use rayon::prelude::*;
use serde_json::json;

use super::pagination::term_pagers;
use super::{OutputId, Renderer};
use crate::error::Diagnostic;
use crate::library::{Taxonomy, Term};
use crate::templates::context::base_context;
use crate::templates::exists;
use crate::write::as_source;

pub fn template(r: &Renderer, tax: &Taxonomy, kind: &str) -> String {
    let specific = format!("{}/{kind}.html", tax.config.name);
    if exists(r.tera, &specific) {
        specific
    } else {
        format!("taxonomy_{kind}.html")
    }
}

/// Term pages (and their pagers and feeds) of every taxonomy.
pub fn render_terms(r: &Renderer) -> Vec<Diagnostic> {
    r.lib
        .taxonomies
        .par_iter()
        .filter(|t| t.config.render)
        .flat_map_iter(|tax| {
            tax.terms
                .par_iter()
                .flat_map_iter(|term| render_term(r, tax, term))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The list page of every taxonomy: each holds all its pages, so they run one at a time.
pub fn render_lists(r: &Renderer) -> Vec<Diagnostic> {
    r.lib
        .taxonomies
        .iter()
        .filter(|t| t.config.render)
        .flat_map(|tax| render_list(r, tax))
        .collect()
}

fn render_list(r: &Renderer, tax: &Taxonomy) -> Vec<Diagnostic> {
    let tpl = template(r, tax, "list");
    let shape = r.shape(&tpl);
    let mut ctx = base_context(
        r.values,
        &shape,
        &tax.config.lang,
        &tax.path,
        &tax.permalink,
    );
    ctx.insert("taxonomy".into(), json!(tax.config));
    // A list that never names `pages` (most show each term's name and `page_count`) gets
    // terms without their pages: on the 10,000-hero corpus the three lists' pages were
    // 36,000 page values and 70 MB of the build's peak memory.
    let pages = shape.may_read_key("pages").then_some(&*shape);
    ctx.insert(
        "terms".into(),
        serde_json::Value::Array(tax.terms.iter().map(|t| r.values.term(t, pages)).collect()),
    );
    let source = format!("taxonomy `{}`", tax.config.name);
    r.render(&tpl, ctx, &source)
        .and_then(|h| {
            let name = format!("the list of taxonomy `{}`", tax.config.name);
            as_source(&name, || r.write_html(&tax.path, h))
        })
        .err()
        .into_iter()
        .collect()
}

pub fn render_term(r: &Renderer, tax: &Taxonomy, term: &Term) -> Vec<Diagnostic> {
    let name = format!("taxonomy `{}` term `{}`", tax.config.name, term.name);
    as_source(&name, || render_term_as(r, tax, term))
}

fn render_term_as(r: &Renderer, tax: &Taxonomy, term: &Term) -> Vec<Diagnostic> {
    let id = OutputId::Term(
        r.lib
            .taxonomies
            .iter()
            .position(|t| std::ptr::eq(t, tax))
            .unwrap_or(0),
        tax.terms
            .iter()
            .position(|t| std::ptr::eq(t, term))
            .unwrap_or(0),
    );
    let source = format!("taxonomy `{}` term `{}`", tax.config.name, term.name);
    let tpl = template(r, tax, "single");
    let shape = r.shape(&tpl);
    let mut errors = vec![];
    if !tax.config.is_paginated() {
        let mut ctx = base_context(
            r.values,
            &shape,
            &tax.config.lang,
            &term.path,
            &term.permalink,
        );
        ctx.insert("taxonomy".into(), json!(tax.config));
        ctx.insert("term".into(), r.values.term(term, Some(&shape)));
        errors.extend(
            r.render_noted(id, &tpl, ctx, &source)
                .and_then(|h| r.write_html(&term.path, h))
                .err(),
        );
    } else {
        // A paginated term lists its pages in the paginator, so each pager costs its own
        // pages rather than the whole term. Zola gives `term.pages` too: a template that
        // never reads `paginator` (anemone's) gets them, as it would from Zola.
        // A template that may read anything (anemone's base reads `nav_item[language_key]`)
        // gets them too: they were missing on its term pages.
        let pages = (!shape.surely_paginated()).then_some(&*shape);
        let term_value = r.values.term(term, pages);
        // The pagers render side by side: one after another, a large district's 30 pagers
        // were the last 50 ms of a 10,000-hero build, with the other core idle.
        let pagers = term_pagers(r.config, &r.lib.pages, tax, term);
        errors.par_extend(
            pagers
                .par_iter()
                .filter(|p| r.wants_pager(&p.pages))
                .filter_map(|pager| {
                    let mut ctx = base_context(
                        r.values,
                        &shape,
                        &tax.config.lang,
                        &pager.path,
                        &pager.permalink,
                    );
                    ctx.insert("taxonomy".into(), json!(tax.config));
                    ctx.insert("term".into(), term_value.clone());
                    ctx.insert("paginator".into(), pager.value(r.values, &shape));
                    r.render_noted(id, &tpl, ctx, &source)
                        .and_then(|h| r.write_html(&pager.path, h))
                        .err()
                }),
        );
        let folder = super::pagination::pagers_folder(&term.path, tax.config.paginate_path());
        let first = format!("{}1/index.html", folder.trim_start_matches('/'));
        errors.extend(r.write_redirect(&first, &term.permalink).err());
    }
    if tax.config.feed {
        errors.extend(super::feeds::render_term_feeds(r, tax, term));
    }
    errors
}
