//! sitemap.xml (split past 30,000 URLs), robots.txt, 404.html and alias redirects.

use std::borrow::Cow;

use serde_json::{json, Map, Value};

use super::pagination::pagers_folder;
use super::Renderer;
use crate::config::ExcludePaginated;
use crate::content::front_matter::Extra;
use crate::error::Diagnostic;

const SITEMAP_LIMIT: usize = 30_000;

pub fn render_aliases(r: &Renderer) -> Vec<Diagnostic> {
    let items = r
        .lib
        .pages
        .iter()
        .map(|p| (&p.meta.aliases, &p.permalink, &p.file.relative))
        .chain(
            r.lib
                .sections
                .iter()
                .map(|s| (&s.meta.aliases, &s.permalink, &s.file.relative)),
        );
    let mut errors = vec![];
    for (aliases, permalink, source) in items {
        for alias in aliases {
            let a = alias.trim_matches('/');
            let file = if a.ends_with(".html") {
                a.to_string()
            } else {
                super::index_file(a)
            };
            let name = format!("alias `{alias}` of {}", super::pages::source_name(source));
            let written = crate::write::as_source(&name, || r.write_redirect(&file, permalink));
            errors.extend(written.err());
        }
    }
    errors
}

/// One URL of the sitemap.
#[derive(Clone)]
struct Entry<'a> {
    permalink: Cow<'a, str>,
    updated: Option<&'a str>,
    extra: Option<&'a Extra>,
}

impl<'a> Entry<'a> {
    fn new(permalink: impl Into<Cow<'a, str>>, updated: Option<&'a str>) -> Self {
        Entry {
            permalink: permalink.into(),
            updated: updated.map(|u| u.get(..10).unwrap_or(u)),
            extra: None,
        }
    }

    /// As a template sees it.
    fn value(&self) -> Value {
        let extra = self.extra.map_or(Value::Null, |e| Value::Object(e.clone()));
        json!({ "permalink": self.permalink, "updated": self.updated, "extra": extra })
    }
}

fn sitemap_entries<'a>(r: &Renderer<'a>) -> Vec<Entry<'a>> {
    let mut entries = vec![];
    let paginated = r.config.exclude_paginated_pages_in_sitemap != ExcludePaginated::All;
    let lib = r.lib;
    for p in lib.pages.iter().filter(|p| p.meta.renders()) {
        let mut e = Entry::new(&p.permalink, p.updated.as_deref().or(p.date.as_deref()));
        e.extra = Some(&p.meta.extra);
        entries.push(e);
    }
    for s in lib.sections.iter().filter(|s| s.meta.render) {
        let mut e = Entry::new(&s.permalink, None);
        e.extra = Some(&s.meta.extra);
        entries.push(e);
        if s.is_paginated() && paginated && s.meta.redirect_to.is_none() {
            let by = s.meta.paginate_by.unwrap_or(1);
            let path = pagers_folder(&s.path, &s.meta.paginate_path);
            entries.extend(pager_entries(r, &path, s.pages.len(), by));
        }
    }
    for tax in lib.taxonomies.iter().filter(|t| t.config.render) {
        entries.push(Entry::new(&tax.permalink, None));
        for term in &tax.terms {
            entries.push(Entry::new(&term.permalink, None));
            if tax.config.is_paginated() && paginated {
                let by = tax.config.paginate_by.unwrap_or(1);
                let path = pagers_folder(&term.path, tax.config.paginate_path());
                let shown = term.pages.iter().filter(|&&p| lib.pages[p].meta.renders());
                entries.extend(pager_entries(r, &path, shown.count(), by));
            }
        }
    }
    entries.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    entries.dedup_by(|a, b| a.permalink == b.permalink);
    entries
}

/// The pagers Zola lists in a sitemap: `PATH/page/1/` (a redirect to the listing) up to
/// the last. For a term, Zola counts its pages with `render = false` too and so can list a
/// pager it never writes; only the pages shown are counted here.
fn pager_entries<'a>(r: &Renderer, path: &str, pages: usize, by: usize) -> Vec<Entry<'a>> {
    (1..=pages.div_ceil(by.max(1)))
        .map(|n| Entry::new(r.config.make_permalink(&format!("{path}{n}/")), None))
        .collect()
}

/// Which sitemap files to write: one `sitemap.xml`, or past `limit` URLs `sitemap1.xml`…
/// plus an index at `sitemap.xml` listing them (as the sitemaps protocol requires).
struct SitemapPlan<T> {
    files: Vec<(String, Vec<T>)>,
    index: Vec<String>,
}

fn plan_sitemaps<T: Clone>(entries: Vec<T>, limit: usize) -> SitemapPlan<T> {
    if entries.len() <= limit {
        return SitemapPlan {
            files: vec![("sitemap.xml".into(), entries)],
            index: vec![],
        };
    }
    let files: Vec<(String, Vec<T>)> = entries
        .chunks(limit)
        .enumerate()
        .map(|(i, c)| (format!("sitemap{}.xml", i + 1), c.to_vec()))
        .collect();
    let index = files.iter().map(|f| f.0.clone()).collect();
    SitemapPlan { files, index }
}

fn ctx(r: &Renderer) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("config".into(), r.values.config.default.clone());
    m.insert("lang".into(), json!(r.config.default_language));
    m
}

pub fn render_special(r: &Renderer) -> Vec<Diagnostic> {
    crate::write::as_source("the built-in sitemap, robots.txt or 404 page", || {
        render_special_as(r)
    })
}

fn render_special_as(r: &Renderer) -> Vec<Diagnostic> {
    let mut errors = vec![];
    if r.config.generate_sitemap {
        let plan = plan_sitemaps(sitemap_entries(r), SITEMAP_LIMIT);
        // `fast_sitemap` writes the built-in template's output without Tera.
        let builtin = crate::templates::is_builtin(r.tera, "sitemap.xml")
            && cfg!(not(yiyong_general_sitemap));
        for (name, chunk) in plan.files {
            let xml = if builtin {
                let entries = chunk.iter().map(|e| (&*e.permalink, e.updated));
                Ok(super::fast_sitemap::sitemap(entries))
            } else {
                let mut c = ctx(r);
                let values = chunk.iter().map(Entry::value).collect();
                c.insert("entries".into(), Value::Array(values));
                r.render("sitemap.xml", c, "sitemap")
            };
            errors.extend(xml.and_then(|x| r.write_file(&name, x.as_bytes())).err());
        }
        if !plan.index.is_empty() {
            let mut c = ctx(r);
            let urls: Vec<String> = plan
                .index
                .iter()
                .map(|n| r.config.make_permalink(n))
                .collect();
            c.insert("sitemaps".into(), json!(urls));
            errors.extend(
                r.render("split_sitemap_index.xml", c, "sitemap")
                    .and_then(|x| r.write_file("sitemap.xml", x.as_bytes()))
                    .err(),
            );
        }
    }
    if r.config.generate_robots_txt {
        errors.extend(
            r.render("robots.txt", ctx(r), "robots.txt")
                .and_then(|x| r.write_file("robots.txt", x.as_bytes()))
                .err(),
        );
    }
    let mut c = ctx(r);
    c.insert("current_path".into(), json!("/404.html"));
    c.insert(
        "current_url".into(),
        json!(r.config.make_permalink("404.html")),
    );
    errors.extend(
        r.render("404.html", c, "404.html")
            .and_then(|x| r.write_html_file("404.html", x))
            .err(),
    );
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_past_the_limit() {
        let entries: Vec<Value> = (0..30_001)
            .map(|i| json!({ "permalink": format!("https://a.org/{i}/") }))
            .collect();
        let plan = plan_sitemaps(entries.clone(), SITEMAP_LIMIT);
        assert_eq!(plan.index, vec!["sitemap1.xml", "sitemap2.xml"]);
        assert_eq!(plan.files[0].1.len(), 30_000);
        assert_eq!(plan.files[1].1.len(), 1);
        let small = plan_sitemaps(entries[..30_000].to_vec(), SITEMAP_LIMIT);
        assert_eq!(small.files.len(), 1);
        assert_eq!(small.files[0].0, "sitemap.xml");
        assert!(small.index.is_empty());
    }
}
