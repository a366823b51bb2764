//! Multilingual sites: `[languages.xx]` as Zola 0.22 reads it (`add_default_language`,
//! `serialize(lang)`, `get_translation`).
//!
//! The default language's options live at the top of `config.toml` (`title`, `taxonomies`,
//! `[translations]`…); a `[languages.<default>]` table is merged into them, and an option
//! given in both places is refused, as Zola refuses it. Every other language keeps its own
//! table: its taxonomies, feeds, search index and translations are its own, with no fallback
//! to the default language's.

use std::path::Path;

use serde_json::{json, Map, Value};

use super::{Config, LanguageOptions, SearchConfig, TaxonomyConfig};
use crate::error::{Diagnostic, Result};

impl Default for LanguageOptions {
    fn default() -> Self {
        LanguageOptions {
            title: None,
            description: None,
            generate_feeds: false,
            // Zola's default for a language, as for the site.
            feed_filenames: vec!["atom.xml".into()],
            taxonomies: vec![],
            build_search_index: false,
            search: None,
            translations: Default::default(),
        }
    }
}

impl Config {
    /// Checks the language codes and merges `[languages.<default_language>]` into the
    /// top-level options, refusing an option set in both places (Zola's `merge`).
    pub(super) fn merge_default_language(&mut self, file: &Path) -> Result<()> {
        for code in std::iter::once(&self.default_language).chain(self.languages.keys()) {
            if !valid_code(code) {
                return Err(Diagnostic::in_file(
                    file,
                    format!("`{code}` is not a language code"),
                )
                .with_hint("write a code such as `en`, `fr`, `zh-Hans` or `pt-BR` (Zola refuses others too)")
                .into());
            }
        }
        let Some(own) = self.languages.remove(&self.default_language) else {
            return Ok(());
        };
        let twice = |key: &str| -> crate::error::Error {
            Diagnostic::in_file(
                file,
                format!(
                    "`{key}` of the default language `{}` is set twice: at the top and in [languages.{}]",
                    self.default_language, self.default_language
                ),
            )
            .with_hint("keep only one of them (Zola refuses both too)")
            .into()
        };
        match (&self.title, own.title) {
            (Some(_), Some(_)) => return Err(twice("title")),
            (None, t) => self.title = t,
            _ => {}
        }
        match (&self.description, own.description) {
            (Some(_), Some(_)) => return Err(twice("description")),
            (None, d) => self.description = d,
            _ => {}
        }
        if self.feed_filenames.is_empty() || self.feed_filenames == ["atom.xml"] {
            self.feed_filenames = own.feed_filenames;
        } else if !own.feed_filenames.is_empty() {
            return Err(twice("feed_filenames"));
        }
        if self.taxonomies.is_empty() {
            self.taxonomies = own.taxonomies;
        } else if !own.taxonomies.is_empty() {
            return Err(twice("taxonomies"));
        }
        if self.translations.is_empty() {
            self.translations = own.translations;
        } else if !own.translations.is_empty() {
            return Err(twice("translations"));
        }
        self.generate_feeds |= own.generate_feeds;
        self.build_search_index |= own.build_search_index;
        if let Some(search) = own.search {
            self.search = search;
        }
        Ok(())
    }

    /// The languages other than the default one, by code.
    pub fn other_languages(&self) -> impl Iterator<Item = (&str, &LanguageOptions)> {
        self.languages
            .iter()
            .filter(|(code, _)| **code != self.default_language)
            .map(|(code, o)| (code.as_str(), o))
    }

    /// Whether the site has a language besides the default one.
    pub fn is_multilingual(&self) -> bool {
        self.other_languages().next().is_some()
    }

    /// The options of language `lang` (the default language's from the top of the file).
    pub fn language(&self, lang: &str) -> Option<LanguageOptions> {
        if lang == self.default_language {
            return Some(LanguageOptions {
                title: self.title.clone(),
                description: self.description.clone(),
                generate_feeds: self.generate_feeds,
                feed_filenames: self.feed_filenames.clone(),
                taxonomies: self.taxonomies.clone(),
                build_search_index: self.build_search_index,
                search: Some(self.search.clone()),
                translations: self.translations.clone(),
            });
        }
        self.languages.get(lang).cloned()
    }

    /// The taxonomies of language `lang`.
    pub fn taxonomies_of(&self, lang: &str) -> &[TaxonomyConfig] {
        if lang == self.default_language {
            return &self.taxonomies;
        }
        self.languages
            .get(lang)
            .map_or(&[][..], |o| &o.taxonomies[..])
    }

    /// Every language's taxonomies, the default language's first.
    pub fn all_taxonomies(&self) -> impl Iterator<Item = &TaxonomyConfig> {
        self.taxonomies
            .iter()
            .chain(self.other_languages().flat_map(|(_, o)| &o.taxonomies))
    }

    /// The feed file names of language `lang`.
    pub fn feed_filenames_of(&self, lang: &str) -> &[String] {
        match self.languages.get(lang) {
            Some(o) if lang != self.default_language => &o.feed_filenames,
            _ => &self.feed_filenames,
        }
    }

    /// Whether language `lang` has a search index, and how it is made.
    pub fn search_of(&self, lang: &str) -> Option<&SearchConfig> {
        if lang == self.default_language {
            return self.build_search_index.then_some(&self.search);
        }
        let o = self.languages.get(lang)?;
        // Zola's per-language `search` defaults to the default search settings.
        o.build_search_index
            .then(|| o.search.as_ref().unwrap_or(&self.search))
    }

    /// The translation of `key` for `lang` (Zola's `get_translation`: no fallback to
    /// another language, a missing key is an error for the caller to report).
    pub fn translation(&self, lang: &str, key: &str) -> Option<&str> {
        if lang == self.default_language {
            return self.translations.get(key).map(|s| s.as_str());
        }
        self.languages
            .get(lang)?
            .translations
            .get(key)
            .map(|s| s.as_str())
    }

    /// The `config` object templates rendering something in `lang` see (Zola's
    /// `Config::serialize`): that language's title, description, feeds and taxonomies, and
    /// in `languages` every *other* language, the default one included.
    pub fn to_template_value(&self, lang: &str) -> Value {
        let own = self
            .language(lang)
            .unwrap_or_else(|| self.language(&self.default_language).unwrap_or_default());
        let mut languages = Map::new();
        for code in std::iter::once(self.default_language.as_str())
            .chain(self.other_languages().map(|(c, _)| c))
            .filter(|c| *c != lang)
        {
            if let Some(o) = self.language(code) {
                languages.insert(code.to_string(), json!(o));
            }
        }
        json!({
            "base_url": self.base_url,
            "mode": self.mode,
            "title": own.title,
            "description": own.description,
            "default_language": self.default_language,
            "languages": languages,
            "generate_feed": own.generate_feeds,
            "generate_feeds": own.generate_feeds,
            "feed_filenames": own.feed_filenames,
            "taxonomies": own.taxonomies,
            "author": self.author,
            "build_search_index": own.build_search_index,
            "extra": self.extra,
            "markdown": self.markdown,
            "search": self.search,
            "generate_sitemap": self.generate_sitemap,
            "generate_robots_txt": self.generate_robots_txt,
            "exclude_paginated_pages_in_sitemap": self.exclude_paginated_pages_in_sitemap,
        })
    }
}

/// A Unicode language identifier as far as sites write them: a language subtag of 2, 3 or
/// 5 to 8 letters, then subtags of 1 to 8 letters or digits, split by `-` or `_`.
fn valid_code(code: &str) -> bool {
    let mut parts = code.split(['-', '_']);
    let first = parts.next().unwrap_or("");
    let first_ok =
        matches!(first.len(), 2 | 3 | 5..=8) && first.bytes().all(|b| b.is_ascii_alphabetic());
    first_ok
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Config> {
        Config::parse(s, Path::new("config.toml"))
    }

    #[test]
    fn default_language_table_is_merged() {
        let c = parse("base_url = \"https://a.org\"\n[languages.en]\ntitle = \"A\"\n[languages.fr]\ntitle = \"B\"\n").unwrap();
        assert_eq!(c.title.as_deref(), Some("A"));
        assert!(!c.languages.contains_key("en"));
        assert!(c.is_multilingual());
        let v = c.to_template_value("fr");
        assert_eq!(v["title"], "B");
        assert_eq!(v["languages"]["en"]["title"], "A");
        assert!(v["languages"].get("fr").is_none());
        let err =
            parse("base_url = \"https://a.org\"\ntitle = \"X\"\n[languages.en]\ntitle = \"A\"\n")
                .unwrap_err();
        assert!(err.to_string().contains("set twice"), "{err}");
    }

    #[test]
    fn codes() {
        for ok in ["en", "fr", "zh-Hans", "pt_BR", "ast"] {
            assert!(valid_code(ok), "{ok}");
        }
        for bad in ["", "e", "english-language-x1234567890", "f r", "12"] {
            assert!(!valid_code(bad), "{bad}");
        }
    }
}
