//! `config` as templates see it, for each language of the site.

use std::collections::HashMap;

use serde_json::Value;

/// `config` as templates see it, for each language (Zola's `Config::serialize(lang)`): a
/// page in French reads the French title, feeds and taxonomies.
#[derive(Clone, Default)]
pub struct ConfigValues {
    pub default: Value,
    /// The site's other languages, by code; empty for a site in one language.
    pub others: HashMap<String, Value>,
}

impl ConfigValues {
    pub fn new(config: &crate::config::Config) -> ConfigValues {
        ConfigValues {
            default: config.to_template_value(&config.default_language),
            others: config
                .other_languages()
                .map(|(code, _)| (code.to_string(), config.to_template_value(code)))
                .collect(),
        }
    }

    /// The value for `lang` (the default language's for any other code).
    pub fn of(&self, lang: &str) -> &Value {
        self.others.get(lang).unwrap_or(&self.default)
    }
}
