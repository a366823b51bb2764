//! The `[markdown]` section, including Zola 0.22's `[markdown.highlighting]`.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum AnchorLinks {
    Left,
    Right,
    Heading,
    #[default]
    None,
}

/// `[markdown.highlighting]`: unknown keys are ignored, as Zola ignores them (`lenient`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct Highlighting {
    pub error_on_missing_language: bool,
    /// "inline" (colours in style attributes) or "class" (CSS classes).
    pub style: String,
    pub theme: Option<String>,
    pub light_theme: Option<String>,
    pub dark_theme: Option<String>,
    pub extra_grammars: Vec<String>,
    pub extra_themes: Vec<String>,
    /// "code", "pre", "both" or "none".
    pub data_attr_position: String,
}

impl Default for Highlighting {
    fn default() -> Self {
        Highlighting {
            error_on_missing_language: false,
            style: "inline".into(),
            theme: None,
            light_theme: None,
            dark_theme: None,
            extra_grammars: vec![],
            extra_themes: vec![],
            data_attr_position: "code".into(),
        }
    }
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarkdownConfig {
    pub render_emoji: bool,
    pub external_links_class: Option<String>,
    pub external_links_target_blank: bool,
    pub external_links_no_follow: bool,
    pub external_links_no_referrer: bool,
    pub external_links_external: bool,
    pub smart_punctuation: bool,
    pub definition_list: bool,
    pub lazy_async_image: bool,
    pub bottom_footnotes: bool,
    pub github_alerts: bool,
    pub insert_anchor_links: AnchorLinks,
    pub highlighting: Option<Highlighting>,
    /// Pre-0.22 keys: parsed only to give a helpful error instead of "unknown field".
    #[serde(skip_serializing)]
    highlight_code: Option<bool>,
    #[serde(skip_serializing)]
    highlight_theme: Option<String>,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            render_emoji: false,
            external_links_class: None,
            external_links_target_blank: false,
            external_links_no_follow: false,
            external_links_no_referrer: false,
            external_links_external: false,
            smart_punctuation: false,
            definition_list: false,
            lazy_async_image: false,
            bottom_footnotes: false,
            github_alerts: false,
            insert_anchor_links: AnchorLinks::None,
            highlighting: None,
            highlight_code: None,
            highlight_theme: None,
        }
    }
}

impl MarkdownConfig {
    pub(crate) fn legacy_keys_used(&self) -> bool {
        self.highlight_code.is_some() || self.highlight_theme.is_some()
    }

    pub fn has_external_link_tweaks(&self) -> bool {
        self.external_links_target_blank
            || self.external_links_no_follow
            || self.external_links_no_referrer
            || self.external_links_external
            || self.external_links_class.is_some()
    }

    /// Highlighting is on when `[markdown.highlighting]` is there, as in Zola 0.22, which
    /// then requires `theme` or both `light_theme` and `dark_theme` (the highlighter says so).
    pub fn highlighting_enabled(&self) -> bool {
        self.highlighting.is_some()
    }
}
