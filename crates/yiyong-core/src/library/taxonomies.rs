//! Taxonomies: terms collected from page front matter, each with its pages by date.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

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

/// `/tags/`, `/<taxonomy_root>/tags/`, and below `/<code>/` for another language (Zola).
pub fn taxonomy_path(config: &Config, tax: &TaxonomyConfig) -> String {
    let lang = match tax.lang.is_empty() || tax.lang == config.default_language {
        true => String::new(),
        false => format!("/{}", tax.lang),
    };
    match &config.taxonomy_root {
        Some(root) if !root.trim_matches('/').is_empty() => {
            format!("{lang}/{}/{}/", root.trim_matches('/'), tax.slug)
        }
        _ => format!("{lang}/{}/", tax.slug),
    }
}

pub fn build(lib: &Library, config: &Config) -> Result<Vec<Taxonomy>, Vec<Diagnostic>> {
    let mut errors = vec![];
    // Every language's taxonomies: a page files its terms under its own language's.
    let all: Vec<&TaxonomyConfig> = config.all_taxonomies().collect();
    let mut grouped: Vec<BTreeMap<String, (String, Vec<usize>)>> = vec![BTreeMap::new(); all.len()];
    // A site has few terms on many pages: each name is slugified once.
    let mut slugs: HashMap<&str, String> = HashMap::new();
    for (pi, page) in lib.pages.iter().enumerate() {
        for (name, terms) in &page.meta.taxonomies {
            let Some(ti) = all
                .iter()
                .position(|t| &t.name == name && t.lang == page.lang)
            else {
                errors.push(unknown_taxonomy(config, page, name));
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
    let taxonomies = all
        .into_iter()
        .zip(grouped)
        .map(|(tc, terms)| {
            let path = taxonomy_path(config, tc);
            // Each term's pages sorted on every core (a district of 10,000 heroes holds
            // hundreds, compared through pages scattered in memory).
            let terms: Vec<(String, (String, Vec<usize>))> = terms.into_iter().collect();
            let mut terms: Vec<Term> = terms
                .into_par_iter()
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
            // By slug, then name, as Zola 0.22 (`Taxonomy::new`) orders them.
            terms.sort_by(|a, b| a.slug.cmp(&b.slug).then_with(|| a.name.cmp(&b.name)));
            Taxonomy {
                config: (*tc).clone(),
                permalink: config.make_permalink(&path),
                path,
                terms,
            }
        })
        .collect();
    Ok(taxonomies)
}

fn unknown_taxonomy(config: &Config, page: &crate::content::Page, name: &str) -> Diagnostic {
    let known: Vec<&str> = config
        .taxonomies_of(&page.lang)
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    let text = std::fs::read_to_string(&page.file.path).unwrap_or_default();
    let table = match page.lang == config.default_language {
        true => "taxonomies".to_string(),
        false => format!("languages.{}.taxonomies", page.lang),
    };
    let message = match page.lang == config.default_language {
        true => format!("unknown taxonomy `{name}`"),
        false => format!("unknown taxonomy `{name}` for language `{}`", page.lang),
    };
    Diagnostic::in_file(&page.file.path, message)
        .at_line(line_of_key(&text, name))
        .with_hint(if known.is_empty() {
            format!("add `{table} = [{{ name = \"{name}\" }}]` to config.toml")
        } else {
            match page.lang == config.default_language {
                true => format!("the taxonomies in config.toml are: {}", known.join(", ")),
                false => format!(
                    "the taxonomies of language `{}` in config.toml are: {}",
                    page.lang,
                    known.join(", ")
                ),
            }
        })
}
