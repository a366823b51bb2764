//! Page and section HTML, with section pagination.

use rayon::prelude::*;
use serde_json::{json, Value};

use super::pagination::{section_pagers, Pager};
use super::{OutputId, Renderer};
use crate::content::Section;
use crate::error::Diagnostic;
use crate::templates::context::base_context;
use crate::write::as_source;

pub fn page_template(r: &Renderer, i: usize) -> String {
    let page = &r.lib.pages[i];
    if let Some(t) = &page.meta.template {
        return t.clone();
    }
    // The nearest ancestor section's `page_template` applies.
    page.ancestors
        .iter()
        .rev()
        .find_map(|&s| r.lib.sections[s].meta.page_template.clone())
        .unwrap_or_else(|| "page.html".into())
}

pub fn render_pages(r: &Renderer) -> Vec<Diagnostic> {
    (0..r.lib.pages.len())
        .into_par_iter()
        .filter_map(|i| render_page(r, i))
        .collect()
}

pub fn render_page(r: &Renderer, i: usize) -> Option<Diagnostic> {
    let page = &r.lib.pages[i];
    if !page.meta.renders() {
        return None;
    }
    let template = page_template(r, i);
    let shape = r.shape(&template);
    let mut ctx = base_context(r.values, &shape, &page.lang, &page.path, &page.permalink);
    ctx.insert("page".into(), r.values.page_full(i, &shape));
    let result = r
        .render_noted(OutputId::Page(i), &template, ctx, &page.file.relative)
        .and_then(|html| {
            as_source(&source_name(&page.file.relative), || {
                r.write_html(&page.path, html)
            })
        });
    result.err().map(|e| with_file(e, &page.file.path))
}

/// How a content file is named in messages about the outputs it writes.
pub fn source_name(relative: &str) -> String {
    format!("content/{relative}")
}

fn with_file(mut d: Diagnostic, file: &std::path::Path) -> Diagnostic {
    if d.file.is_none() {
        d.file = Some(file.to_path_buf());
    }
    d
}

pub fn section_template(s: &Section) -> String {
    s.meta.template.clone().unwrap_or_else(|| {
        if s.is_index() {
            "index.html".into()
        } else {
            "section.html".into()
        }
    })
}

pub fn render_sections(r: &Renderer) -> Vec<Diagnostic> {
    (0..r.lib.sections.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            render_section(r, i)
                .into_iter()
                .map(move |e| with_file(e, &r.lib.sections[i].file.path))
        })
        .collect()
}

pub fn render_section(r: &Renderer, i: usize) -> Vec<Diagnostic> {
    let s = &r.lib.sections[i];
    as_source(&source_name(&s.file.relative), || {
        render_section_as(r, i, s)
    })
}

fn render_section_as(r: &Renderer, i: usize, s: &Section) -> Vec<Diagnostic> {
    if !s.meta.render {
        return vec![];
    }
    if let Some(to) = &s.meta.redirect_to {
        let url = if crate::links::is_external(to) {
            to.clone()
        } else {
            r.config.make_permalink(to)
        };
        return r
            .write_redirect(&super::index_file(&s.path), &url)
            .err()
            .into_iter()
            .collect();
    }
    let template = section_template(s);
    if !s.is_paginated() {
        let shape = r.shape(&template);
        let mut ctx = base_context(r.values, &shape, &s.lang, &s.path, &s.permalink);
        ctx.insert("section".into(), r.values.section(i, Some(&shape)));
        return r
            .render_noted(OutputId::Section(i), &template, ctx, &s.file.relative)
            .and_then(|h| r.write_html(&s.path, h))
            .err()
            .into_iter()
            .collect();
    }
    let section_value = r.values.section(i, None);
    let shape = r.shape(&template);
    let list = section_pagers(r.config, s);
    let mut errors: Vec<Diagnostic> = list
        .par_iter()
        .filter(|pager| r.wants_pager(&pager.pages))
        .filter_map(|pager: &Pager| {
            let mut ctx = base_context(r.values, &shape, &s.lang, &pager.path, &pager.permalink);
            ctx.insert("section".into(), section_value.clone());
            ctx.insert("paginator".into(), pager.value(r.values, &shape));
            r.render_noted(OutputId::Section(i), &template, ctx, &s.file.relative)
                .and_then(|h| {
                    let name = format!("{} (pager {})", source_name(&s.file.relative), pager.index);
                    as_source(&name, || r.write_html(&pager.path, h))
                })
                .err()
        })
        .collect();
    let folder = super::pagination::pagers_folder(&s.path, &s.meta.paginate_path);
    let first = format!("{}1/index.html", folder.trim_start_matches('/'));
    errors.extend(r.write_redirect(&first, &s.permalink).err());
    errors
}

/// The `paginator` for a pager, reusing the pre-serialized page values.
impl Pager {
    pub fn value(
        &self,
        values: &crate::templates::context::Values,
        shape: &crate::templates::usage::Shape,
    ) -> Value {
        let mut v = json!({
            "paginate_by": self.paginate_by,
            "base_url": self.base_url,
            "number_pagers": self.number_pagers,
            "first": self.first,
            "last": self.last,
            "previous": self.previous,
            "next": self.next,
            "current_index": self.index,
            "total_pages": self.total_pages,
        });
        v["pages"] = Value::Array(values.page_list(&self.pages, shape));
        v
    }
}
