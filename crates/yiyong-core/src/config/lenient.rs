//! The config tables where Zola 0.22 ignores keys it does not know.
//!
//! Zola refuses unknown keys at the top of `config.toml`, in `[markdown]` and in
//! `[languages.xx]` (`deny_unknown_fields`), and yiyong refuses them there too. In
//! `[[taxonomies]]`, `[link_checker]`, `[slugify]`, `[search]` and `[markdown.highlighting]`
//! Zola reads what it knows and drops the rest without a word, so real sites carry such keys
//! (`rss = true` in a taxonomy, from older Zola versions): yiyong builds them as Zola does and
//! says, as a warning, that the key has no effect. Where both refuse a key, the error says
//! what the key became if older Zola versions took it.

use std::path::Path;

use super::fields::struct_fields;
use super::markdown::{Highlighting, MarkdownConfig};
use super::{Config, LanguageOptions, LinkChecker, SearchConfig, SlugifyConfig, TaxonomyConfig};
use crate::error::{line_of_key, Diagnostic};

/// Warnings for every key of the lenient tables that neither Zola nor yiyong reads.
/// `text` has been parsed into a `Config` already, so it is valid TOML.
pub fn ignored_key_warnings(text: &str, file: &Path) -> Vec<Diagnostic> {
    let Ok(root) = text.parse::<toml::Table>() else {
        return vec![];
    };
    let mut found: Vec<(String, String)> = vec![];
    check_tables(&root, "", &mut found);
    if let Some(toml::Value::Table(langs)) = root.get("languages") {
        for (code, options) in langs {
            if let toml::Value::Table(options) = options {
                check_tables(options, &format!("languages.{code}."), &mut found);
            }
        }
    }
    found
        .into_iter()
        .map(|(table, key)| {
            Diagnostic::in_file(
                file,
                format!("`{key}` in {table} is not a Zola setting: ignored, as Zola ignores it"),
            )
            .at_line(line_of_any_key(text, &key))
            .with_hint(hint(&table, &key))
        })
        .collect()
}

/// Looks through the lenient tables found directly in `table` (the root or a language).
fn check_tables(table: &toml::Table, prefix: &str, found: &mut Vec<(String, String)>) {
    if let Some(toml::Value::Array(list)) = table.get("taxonomies") {
        let known = struct_fields::<TaxonomyConfig>();
        for entry in list.iter().filter_map(|v| v.as_table()) {
            let name = entry.get("name").and_then(|n| n.as_str()).unwrap_or("");
            let label = format!("the [[{prefix}taxonomies]] entry `{name}`");
            unknown(entry, known, &label, found);
        }
    }
    let tables: [(&str, &[&str]); 3] = [
        ("link_checker", struct_fields::<LinkChecker>()),
        ("slugify", struct_fields::<SlugifyConfig>()),
        ("search", struct_fields::<SearchConfig>()),
    ];
    for (name, known) in tables {
        if let Some(toml::Value::Table(t)) = table.get(name) {
            unknown(t, known, &format!("[{prefix}{name}]"), found);
        }
    }
    let highlighting = table
        .get("markdown")
        .and_then(|m| m.get("highlighting"))
        .and_then(|h| h.as_table());
    if let Some(h) = highlighting {
        let known = struct_fields::<Highlighting>();
        unknown(h, known, "[markdown.highlighting]", found);
    }
}

fn unknown(table: &toml::Table, known: &[&str], label: &str, found: &mut Vec<(String, String)>) {
    for key in table.keys().filter(|k| !known.contains(&k.as_str())) {
        found.push((label.to_string(), key.clone()));
    }
}

/// The line of `key = `, at the start of a line or inside an inline table
/// (`{ name = "tags", rss = true }`).
fn line_of_any_key(text: &str, key: &str) -> Option<usize> {
    line_of_key(text, key).or_else(|| {
        text.lines()
            .position(|l| {
                l.match_indices(key).any(|(at, _)| {
                    let before = l[..at].chars().next_back();
                    let after = l[at + key.len()..].trim_start();
                    matches!(before, Some(' ' | '{' | ',')) && after.starts_with('=')
                })
            })
            .map(|i| i + 1)
    })
}

fn hint(table: &str, key: &str) -> String {
    match key {
        "rss" if table.contains("taxonomies") => {
            "Zola 0.22 calls it `feed`: write `feed = true` for a feed of each term".into()
        }
        _ => "remove it; see the Zola documentation for the keys this table takes".into(),
    }
}

/// Every key Zola 0.22 refuses (at the top, in `[markdown]`, in `[languages.xx]`), each with
/// what to do about it. Empty if there is none (the parse failed for another reason).
pub fn refused_keys(text: &str, file: &Path) -> Vec<Diagnostic> {
    let Ok(root) = text.parse::<toml::Table>() else {
        return vec![];
    };
    let mut found: Vec<(String, String)> = vec![];
    unknown(&root, struct_fields::<Config>(), "", &mut found);
    if let Some(toml::Value::Table(md)) = root.get("markdown") {
        // The pre-0.22 highlighting keys are read only to be refused with this hint.
        let known: Vec<&str> = struct_fields::<MarkdownConfig>()
            .iter()
            .copied()
            .filter(|k| !k.starts_with("highlight_"))
            .collect();
        unknown(md, &known, " in [markdown]", &mut found);
    }
    if let Some(toml::Value::Table(langs)) = root.get("languages") {
        for (code, options) in langs.iter().filter_map(|(c, o)| Some((c, o.as_table()?))) {
            let label = format!(" in [languages.{code}]");
            unknown(
                options,
                struct_fields::<LanguageOptions>(),
                &label,
                &mut found,
            );
        }
    }
    let mut refused: Vec<Diagnostic> = found
        .into_iter()
        .map(|(table, key)| {
            Diagnostic::in_file(file, format!("unknown field `{key}`{table}"))
                .at_line(line_of_any_key(text, &key))
                .with_hint(refused_key_hint(&key))
        })
        .collect();
    // In the order of the file (TOML tables come in key order).
    refused.sort_by_key(|d| d.line);
    refused
}

/// What to do about a key Zola 0.22 refuses too: keys older Zola versions took say what
/// they became, as sites written for those versions carry them.
fn refused_key_hint(key: &str) -> String {
    match key {
        "generate_feed" => "Zola 0.19 renamed it: write `generate_feeds = true`".into(),
        "feed_filename" => {
            "Zola 0.19 made it a list: write `feed_filenames = [\"atom.xml\"]`".into()
        }
        "highlight_code"
        | "highlight_theme"
        | "highlight_themes_css"
        | "extra_syntaxes"
        | "extra_syntaxes_and_themes" => {
            "Zola 0.22 highlights with `[markdown.highlighting]`: `theme = \"github-dark\"` (or \
             light_theme/dark_theme), and extra_grammars/extra_themes for your own files"
                .into()
        }
        "external_links_target_blank" | "smart_punctuation" | "render_emoji" => {
            format!("`{key}` goes under [markdown]")
        }
        _ => format!(
            "`{key}` is not a configuration key; remove it, or put your own settings under [extra]"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unknown_keys_of_lenient_tables_are_named() {
        let text = "base_url = \"x\"\n[[taxonomies]]\nname = \"tags\"\nrss = true\nfeed = true\n\
                    [search]\nindex_format = \"fuse_json\"\nfoo = 1\n\
                    [languages.fr]\n[[languages.fr.taxonomies]]\nname = \"t\"\nbar = 2\n";
        let w = ignored_key_warnings(text, Path::new("config.toml"));
        let said: Vec<String> = w.iter().map(|d| d.message.clone()).collect();
        assert_eq!(w.len(), 3, "{said:?}");
        assert!(said[0].starts_with("`rss` in the [[taxonomies]] entry `tags`"));
        assert_eq!(w[0].line, Some(4));
        assert!(w[0].hint.as_deref().unwrap().contains("feed = true"));
        assert!(said[1].starts_with("`foo` in [search]"));
        assert!(said[2].starts_with("`bar` in the [[languages.fr.taxonomies]] entry `t`"));
        let inline = "base_url = \"x\"\ntaxonomies = [\n  { name = \"tags\", rss = true },\n]\n";
        let w = ignored_key_warnings(inline, Path::new("config.toml"));
        assert_eq!(w[0].line, Some(3));
    }

    #[test]
    fn every_refused_key_is_named_in_file_order_with_what_replaced_it() {
        let text = "base_url = \"x\"\ngenerate_feed = true\nfeed_filename = \"rss.xml\"\n\
                    [markdown]\nhighlight_code = true\nrender_emoji = true\n\
                    [languages.fr]\ntitel = \"x\"\n";
        let r = refused_keys(text, Path::new("config.toml"));
        let said: Vec<(Option<usize>, &str)> =
            r.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            said,
            [
                (Some(2), "unknown field `generate_feed`"),
                (Some(3), "unknown field `feed_filename`"),
                (Some(5), "unknown field `highlight_code` in [markdown]"),
                (Some(8), "unknown field `titel` in [languages.fr]"),
            ]
        );
        assert!(r[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("generate_feeds = true"));
        assert!(r[2]
            .hint
            .as_deref()
            .unwrap()
            .contains("[markdown.highlighting]"));
    }
}
