//! Taxonomies: terms collected from page front matter, each with its pages by date.

use std::collections::{BTreeMap, HashMap};

use super::sort::compare;
use super::Library;
use crate::config::{Config, TaxonomyConfig};
use crate::content::front_matter::SortBy;
use crate::error::{line_of_key, Diagnostic};
use crate::slug::slugify_paths;

#[derive(Debug, Clone)]
pub struct Term {
    pub name: String,
    pub slug: String,
    pub path: String,
    pub permalink: String,
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub config: TaxonomyConfig,
    pub path: String,
    pub permalink: String,
    pub terms: Vec<Term>,
}

pub fn taxonomy_path(config: &Config, tax: &TaxonomyConfig) -> String {
    match &config.taxonomy_root {
        Some(root) if !root.trim_matches('/').is_empty() => {
            format!("/{}/{}/", root.trim_matches('/'), tax.slug)
        }
        _ => format!("/{}/", tax.slug),
    }
}

pub fn build(lib: &Library, config: &Config) -> Result<Vec<Taxonomy>, Vec<Diagnostic>> {
    let mut errors = vec![];
    let mut grouped: Vec<BTreeMap<String, (String, Vec<usize>)>> =
        vec![BTreeMap::new(); config.taxonomies.len()];
    // A site has few terms on many pages: each name is slugified once.
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for (pi, page) in lib.pages.iter().enumerate() {
        for (name, terms) in &page.meta.taxonomies {
            let Some(ti) = config.taxonomies.iter().position(|t| &t.name == name) else {
                let known: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
                let text = std::fs::read_to_string(&page.file.path).unwrap_or_default();
                errors.push(
                    Diagnostic::in_file(&page.file.path, format!("unknown taxonomy `{name}`"))
                        .at_line(line_of_key(&text, name))
                        .with_hint(if known.is_empty() {
                            format!("add `taxonomies = [{{ name = \"{name}\" }}]` to config.toml")
                        } else {
                            format!("the taxonomies in config.toml are: {}", known.join(", "))
                        }),
                );
                continue;
            };
            for term in terms {
                let slug = slugs
                    .entry(term)
                    .or_insert_with(|| slugify_paths(term, config.slugify.taxonomies));
                let entry = grouped[ti]
                    .entry(slug.clone())
                    .or_insert_with(|| (term.clone(), vec![]));
                if entry.1.last() != Some(&pi) {
                    entry.1.push(pi);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let taxonomies = config
        .taxonomies
        .iter()
        .zip(grouped)
        .map(|(tc, terms)| {
            let path = taxonomy_path(config, tc);
            let mut terms: Vec<Term> = terms
                .into_iter()
                .map(|(slug, (name, mut pages))| {
                    pages.sort_by(|&a, &b| compare(&lib.pages[a], &lib.pages[b], SortBy::Date));
                    let term_path = format!("{path}{slug}/");
                    Term {
                        permalink: config.make_permalink(&term_path),
                        path: term_path,
                        name,
                        slug,
                        pages,
                    }
                })
                .collect();
            terms.sort_by(|a, b| super::natural_cmp(&a.name, &b.name));
            Taxonomy {
                config: tc.clone(),
                permalink: config.make_permalink(&path),
                path,
                terms,
            }
        })
        .collect();
    Ok(taxonomies)
}
