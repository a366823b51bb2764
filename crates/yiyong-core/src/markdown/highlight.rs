//! Code highlighting with giallo, the library Zola 0.22 uses, so themes and fence
//! annotations (`linenos`, `hl_lines`, `hide_lines`, `linenostart`) behave the same.

use std::path::Path;

use giallo::{HighlightOptions, HtmlRenderer, Registry, ThemeVariant};

use crate::config::Highlighting;
use crate::error::Diagnostic;

pub struct Highlighter {
    registry: Registry,
    theme: ThemeVariant<String>,
    renderer: HtmlRenderer,
    error_on_missing: bool,
    css_prefix: Option<String>,
}

const CSS_PREFIX: &str = "z-";

/// giallo's tokenizer tries its patterns again from each position of a line, so a line costs
/// about the square of its length: one 55,000-character line of Rust took 68 s, a
/// 14,000-character line of brackets 11 s (found by fuzzing; minified JSON does it by
/// accident). A block with a line longer than this, or whose lines' squared lengths add up to
/// more than `MAX_BLOCK_COST` (2.6 s for 40 lines of 1,000 brackets, the worst case measured;
/// 6,500 lines of this project's own Rust add up to 12,500,000 and take 0.33 s), gets the plain
/// grammar: the same markup, line numbers and marked lines, without colours. VS Code likewise
/// stops colouring lines over 20,000 characters.
const MAX_LINE_CHARS: usize = 1_000;
const MAX_BLOCK_COST: usize = 40_000_000;

fn too_costly(code: &str) -> bool {
    let mut cost = 0usize;
    for line in code.lines() {
        let n = line.chars().count();
        if n > MAX_LINE_CHARS {
            return true;
        }
        cost += n * n;
    }
    cost > MAX_BLOCK_COST
}

impl Highlighter {
    pub fn new(
        cfg: &Highlighting,
        root: &Path,
        config_file: &Path,
    ) -> Result<Highlighter, Diagnostic> {
        let err = |m: String| Diagnostic::in_file(config_file, m);
        let mut registry = Registry::builtin()
            .map_err(|e| err(format!("cannot load the built-in highlighting data: {e}")))?;
        for g in &cfg.extra_grammars {
            registry
                .add_grammar_from_path(root.join(g))
                .map_err(|e| err(format!("cannot load grammar `{g}`: {e}")))?;
        }
        for t in &cfg.extra_themes {
            registry
                .add_theme_from_path(root.join(t))
                .map_err(|e| err(format!("cannot load highlight theme `{t}`: {e}")))?;
        }
        registry.link_grammars();
        let theme =
            match (&cfg.theme, &cfg.light_theme, &cfg.dark_theme) {
                (Some(t), _, _) => ThemeVariant::Single(t.clone()),
                (None, Some(l), Some(d)) => ThemeVariant::Dual {
                    light: l.clone(),
                    dark: d.clone(),
                },
                _ => return Err(err(
                    "[markdown.highlighting] needs `theme`, or both `light_theme` and `dark_theme`"
                        .into(),
                )),
            };
        let names: Vec<&String> = match &theme {
            ThemeVariant::Single(t) => vec![t],
            ThemeVariant::Dual { light, dark } => vec![light, dark],
        };
        for n in names {
            if !registry.contains_theme(n) {
                return Err(err(format!("highlight theme `{n}` does not exist")).with_hint("see the giallo theme list, e.g. \"github-light\", \"github-dark\", \"catppuccin-latte\""));
            }
        }
        let css_prefix = (cfg.style == "class").then(|| CSS_PREFIX.to_string());
        let data_attr_position = match cfg.data_attr_position.as_str() {
            "pre" => giallo::DataAttrPosition::Pre,
            "both" => giallo::DataAttrPosition::Both,
            "none" => giallo::DataAttrPosition::None,
            _ => giallo::DataAttrPosition::Code,
        };
        let renderer = HtmlRenderer {
            css_class_prefix: css_prefix.clone(),
            data_attr_position,
            ..Default::default()
        };
        Ok(Highlighter {
            registry,
            theme,
            renderer,
            error_on_missing: cfg.error_on_missing_language,
            css_prefix,
        })
    }

    /// Highlights one fenced block; the error names a missing language.
    pub fn highlight(&self, code: &str, fence: &str) -> Result<String, String> {
        let parsed = giallo::parse_markdown_fence(fence);
        if self.error_on_missing
            && !self.registry.contains_grammar(&parsed.lang)
            && parsed.lang != giallo::PLAIN_GRAMMAR_NAME
        {
            return Err(format!(
                "no syntax highlighting for language `{}`",
                parsed.lang
            ));
        }
        let theme = match &self.theme {
            ThemeVariant::Single(t) => ThemeVariant::Single(t.as_str()),
            ThemeVariant::Dual { light, dark } => ThemeVariant::Dual {
                light: light.as_str(),
                dark: dark.as_str(),
            },
        };
        let lang = if too_costly(code) {
            giallo::PLAIN_GRAMMAR_NAME
        } else {
            parsed.lang.as_str()
        };
        let options = HighlightOptions::new(lang, theme).fallback_to_plain(true);
        let highlighted = self
            .registry
            .highlight(code, &options)
            .map_err(|e| e.to_string())?;
        let mut renderer = self.renderer.clone();
        renderer.other_metadata = parsed.rest;
        Ok(renderer.render(&highlighted, &parsed.options))
    }

    /// With `style = "class"`, the stylesheet(s) to write: (file name, CSS).
    pub fn stylesheets(&self) -> Vec<(String, String)> {
        let Some(prefix) = &self.css_prefix else {
            return vec![];
        };
        match &self.theme {
            ThemeVariant::Single(t) => self
                .registry
                .generate_css(t, prefix)
                .map(|c| vec![("giallo.css".to_string(), c)])
                .unwrap_or_default(),
            ThemeVariant::Dual { light, dark } => self
                .registry
                .generate_dual_css(light, dark, prefix)
                .map(|(l, d)| {
                    vec![
                        ("giallo-light.css".to_string(), l),
                        ("giallo-dark.css".to_string(), d),
                    ]
                })
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_or_many_long_lines_are_too_costly() {
        assert!(!too_costly(&"let x = 1;\n".repeat(10_000)));
        assert!(too_costly(&"[".repeat(MAX_LINE_CHARS + 1)));
        // Full-width text counts characters, not bytes: 900 Chinese characters are 2,700 bytes.
        assert!(!too_costly(&"字".repeat(900)));
        assert!(too_costly(&format!("{}\n", "x".repeat(900)).repeat(50)));
    }
}
