//! Markdown to HTML: shortcodes, heading ids and anchors, `@/` links, external link
//! attributes, code highlighting, footnotes, table of contents and the summary.

mod events;
mod highlight;
pub mod shortcodes;
pub mod summary;
mod toc;

pub use highlight::Highlighter;

use std::collections::HashMap;
use std::path::Path;

use pulldown_cmark::{Options, Parser};
use serde_json::Value;

use crate::config::{AnchorLinks, Config};
use crate::content::Rendered;
use crate::error::Diagnostic;

/// Where `@/` links lead: a content-relative path (`blog/post.md`) → its permalink.
pub trait Permalinks: Sync {
    fn permalink(&self, relative: &str) -> Option<&str>;
}

impl Permalinks for HashMap<String, String> {
    fn permalink(&self, relative: &str) -> Option<&str> {
        self.get(relative).map(String::as_str)
    }
}

/// Everything rendering one document needs to know about the site.
pub struct RenderContext<'a> {
    pub config: &'a Config,
    pub config_value: &'a Value,
    pub tera: &'a tera::Tera,
    /// Content-relative path (`blog/post.md`) → permalink, for `@/` links.
    pub permalinks: &'a dyn Permalinks,
    pub file: &'a Path,
    pub body_line: usize,
    pub permalink: &'a str,
    pub lang: &'a str,
    pub insert_anchor_links: AnchorLinks,
    /// `("page", value)` or `("section", value)`, given to shortcodes; the value is made
    /// only if the document calls one.
    pub item: Option<(&'static str, &'a dyn Fn() -> Value)>,
    pub highlighter: Option<&'a Highlighter>,
}

pub fn options(config: &Config) -> Options {
    let md = &config.markdown;
    let mut o = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if md.smart_punctuation {
        o |= Options::ENABLE_SMART_PUNCTUATION;
    }
    if md.github_alerts {
        o |= Options::ENABLE_GFM;
    }
    if md.definition_list {
        o |= Options::ENABLE_DEFINITION_LIST;
    }
    o
}

/// Renders one page or section body. Problems come back beside what could be rendered, so
/// the links found are still checked.
pub fn render(raw: &str, ctx: &RenderContext) -> (Rendered, Vec<Diagnostic>) {
    // A panic (a bug) becomes an error naming the file, not the end of the build or server.
    crate::templates::guard::catch_panic(|| render_unguarded(raw, ctx)).unwrap_or_else(|msg| {
        (
            Rendered::default(),
            vec![Diagnostic::in_file(ctx.file, msg)],
        )
    })
}

fn render_unguarded(raw: &str, ctx: &RenderContext) -> (Rendered, Vec<Diagnostic>) {
    let expanded = match shortcodes::expand(raw, ctx) {
        Ok(e) => e,
        Err(errors) => return (Rendered::default(), errors),
    };
    let parser = Parser::new_ext(&expanded.markdown, options(ctx.config));
    let mut out = events::transform(parser.into_offset_iter(), &expanded.markdown, ctx);
    let errors = std::mem::take(&mut out.errors);
    let mut html = String::with_capacity(expanded.markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.events.iter().cloned());
    let summary = out.summary_cut.map(|cut| {
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, out.events[..cut].iter().cloned());
        summary::close_tags(&shortcodes::restore(s, &expanded.html))
    });
    let content = shortcodes::restore(html, &expanded.html);
    let rendered = Rendered {
        content,
        summary,
        toc: toc::build(&out.headings, ctx.permalink),
        anchors: out
            .headings
            .iter()
            .map(|h| h.id.clone())
            .chain(out.extra_anchors)
            .collect(),
        internal_links: out.internal_links,
        external_links: out.external_links,
    };
    (rendered, errors)
}

/// Renders Markdown for the `markdown` filter: no shortcodes, no site links checks.
pub fn render_simple(raw: &str, config: &Config, inline: bool) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, Parser::new_ext(raw, options(config)));
    if inline {
        let t = html.trim();
        if let Some(inner) = t.strip_prefix("<p>").and_then(|t| t.strip_suffix("</p>")) {
            if !inner.contains("<p>") {
                return inner.to_string();
            }
        }
    }
    html
}

pub(crate) fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String");
    out
}

pub(crate) fn escape_href(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_href(&mut out, s).expect("writing to a String");
    out
}
