//! sitemap.xml (split past 30,000 URLs), robots.txt, 404.html and alias redirects.

use serde_json::{json, Map, Value};

use super::pagination::{section_pagers, term_pagers};
use super::Renderer;
use crate::config::ExcludePaginated;
use crate::error::Diagnostic;

const SITEMAP_LIMIT: usize = 30_000;

pub fn render_aliases(r: &Renderer) -> Vec<Diagnostic> {
    let items = r
        .lib
        .pages
        .iter()
        .map(|p| (&p.meta.aliases, &p.permalink))
        .chain(
            r.lib
                .sections
                .iter()
                .map(|s| (&s.meta.aliases, &s.permalink)),
        );
    let mut errors = vec![];
    for (aliases, permalink) in items {
        for alias in aliases {
            let a = alias.trim_matches('/');
            let file = if a.ends_with(".html") {
                a.to_string()
            } else {
                super::index_file(a)
            };
            errors.extend(r.write_redirect(&file, permalink).err());
        }
    }
    errors
}

fn entry(permalink: &str, updated: Option<&str>) -> Value {
    json!({ "permalink": permalink, "updated": updated.map(|u| u.get(..10).unwrap_or(u)), "extra": Value::Null })
}

fn sitemap_entries(r: &Renderer) -> Vec<Value> {
    let mut entries = vec![];
    let paginated = r.config.exclude_paginated_pages_in_sitemap != ExcludePaginated::All;
    for p in &r.lib.pages {
        let mut e = entry(&p.permalink, p.updated.as_deref().or(p.date.as_deref()));
        e["extra"] = json!(p.meta.extra);
        entries.push(e);
    }
    for s in r
        .lib
        .sections
        .iter()
        .filter(|s| s.meta.render && s.meta.redirect_to.is_none())
    {
        let mut e = entry(&s.permalink, None);
        e["extra"] = json!(s.meta.extra);
        entries.push(e);
        if s.is_paginated() && paginated {
            for pager in section_pagers(r.config, s).iter().skip(1) {
                entries.push(entry(&pager.permalink, None));
            }
        }
    }
    for tax in r.lib.taxonomies.iter().filter(|t| t.config.render) {
        entries.push(entry(&tax.permalink, None));
        for term in &tax.terms {
            entries.push(entry(&term.permalink, None));
            if tax.config.is_paginated() && paginated {
                for pager in term_pagers(r.config, tax, term).iter().skip(1) {
                    entries.push(entry(&pager.permalink, None));
                }
            }
        }
    }
    entries.sort_by(|a, b| a["permalink"].as_str().cmp(&b["permalink"].as_str()));
    entries.dedup_by(|a, b| a["permalink"] == b["permalink"]);
    entries
}

/// Which sitemap files to write: one `sitemap.xml`, or past `limit` URLs `sitemap1.xml`…
/// plus an index at `sitemap.xml` listing them (as the sitemaps protocol requires).
struct SitemapPlan {
    files: Vec<(String, Vec<Value>)>,
    index: Vec<String>,
}

fn plan_sitemaps(entries: Vec<Value>, limit: usize) -> SitemapPlan {
    if entries.len() <= limit {
        return SitemapPlan {
            files: vec![("sitemap.xml".into(), entries)],
            index: vec![],
        };
    }
    let files: Vec<(String, Vec<Value>)> = entries
        .chunks(limit)
        .enumerate()
        .map(|(i, c)| (format!("sitemap{}.xml", i + 1), c.to_vec()))
        .collect();
    let index = files.iter().map(|f| f.0.clone()).collect();
    SitemapPlan { files, index }
}

fn ctx(r: &Renderer) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("config".into(), r.values.config.clone());
    m.insert("lang".into(), json!(r.config.default_language));
    m
}

pub fn render_special(r: &Renderer) -> Vec<Diagnostic> {
    let mut errors = vec![];
    if r.config.generate_sitemap {
        let plan = plan_sitemaps(sitemap_entries(r), SITEMAP_LIMIT);
        for (name, chunk) in plan.files {
            let mut c = ctx(r);
            c.insert("entries".into(), Value::Array(chunk));
            errors.extend(
                r.render("sitemap.xml", c, "sitemap")
                    .and_then(|x| r.write_file(&name, x.as_bytes()))
                    .err(),
            );
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
            .and_then(|x| r.write_file("404.html", x.as_bytes()))
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
