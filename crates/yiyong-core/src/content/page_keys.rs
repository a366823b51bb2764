//! Page front matter keys that Zola ignores, and so does yiyong.
//!
//! Zola 0.22's `PageFrontMatter` reads the keys it knows and drops the rest without a word,
//! so real sites carry keys that do nothing (`insert_anchor_links`, which only sections take;
//! `author`, which is `authors`; keys of other generators). A build refusing them would stop
//! on the first such page, so they are accepted and named once per key in a warning, with the
//! number of pages carrying it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::front_matter::{Extra, PageFrontMatter};
use crate::config::struct_fields;
use crate::error::Diagnostic;

/// A front matter key no page reads, and its line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoredKey {
    pub key: String,
    pub line: Option<usize>,
}

/// The keys of a page's front matter table that `PageFrontMatter` does not read.
pub fn unknown_keys(table: &Extra) -> Vec<String> {
    static KNOWN: std::sync::OnceLock<&[&str]> = std::sync::OnceLock::new();
    let known = KNOWN.get_or_init(struct_fields::<PageFrontMatter>);
    table
        .keys()
        .filter(|k| !known.contains(&k.as_str()))
        .cloned()
        .collect()
}

/// One warning per ignored key, at the first page carrying it (pages come in path order).
pub fn warnings(found: Vec<(PathBuf, IgnoredKey)>) -> Vec<Diagnostic> {
    let mut by_key: BTreeMap<String, Vec<(PathBuf, Option<usize>)>> = BTreeMap::new();
    for (file, k) in found {
        by_key.entry(k.key).or_default().push((file, k.line));
    }
    by_key
        .into_iter()
        .map(|(key, files)| {
            let others = match files.len() - 1 {
                0 => String::new(),
                1 => " (and in 1 other page)".into(),
                n => format!(" (and in {n} other pages)"),
            };
            let (file, line) = &files[0];
            Diagnostic::in_file(
                file,
                format!(
                    "`{key}` is not a page front matter key: ignored, as Zola ignores it{others}"
                ),
            )
            .at_line(*line)
            .with_hint(hint(&key))
        })
        .collect()
}

fn hint(key: &str) -> String {
    match key {
        "insert_anchor_links" => "it has no effect on a page: set it in the section's _index.md \
                                  or under [markdown] in config.toml"
            .into(),
        "author" => "Zola's key is `authors = [\"...\"]`".into(),
        "sort_by" | "paginate_by" | "page_template" | "transparent" | "redirect_to" => {
            format!("`{key}` is a section key: it belongs in the section's _index.md")
        }
        _ => format!(
            "remove it, or move it under [extra] to read it in templates as page.extra.{key}"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_warning_per_key_at_its_first_page() {
        let at = |f: &str, k: &str, l| {
            let key = IgnoredKey {
                key: k.into(),
                line: Some(l),
            };
            (PathBuf::from(f), key)
        };
        let w = warnings(vec![
            at("a.md", "insert_anchor_links", 3),
            at("a.md", "colour", 4),
            at("b.md", "insert_anchor_links", 2),
            at("c.md", "insert_anchor_links", 5),
        ]);
        assert_eq!(w.len(), 2);
        assert_eq!(
            w[0].message,
            "`colour` is not a page front matter key: ignored, as Zola ignores it"
        );
        assert!(w[0].hint.as_deref().unwrap().contains("page.extra.colour"));
        assert!(
            w[1].message.ends_with("(and in 2 other pages)"),
            "{}",
            w[1].message
        );
        assert_eq!(
            (w[1].file.as_deref(), w[1].line),
            (Some("a.md".as_ref()), Some(3))
        );
    }

    #[test]
    fn the_struct_fields_are_the_known_keys() {
        let mut table = Extra::new();
        for k in [
            "title",
            "render",
            "extra",
            "in_search_index",
            "insert_anchor_links",
        ] {
            table.insert(k.to_string(), serde_json::Value::Null);
        }
        assert_eq!(unknown_keys(&table), ["insert_anchor_links"]);
    }
}
