//! Checks of config values that parse but cannot be used: output names leaving the output
//! folder, and values Zola refuses (its enums) that yiyong reads as plain strings.

use std::path::Path;

use super::Config;
use crate::error::{line_of_offset, Diagnostic, Result};

impl Config {
    /// Refuses names that become output paths (`taxonomy_root`, a taxonomy's `paginate_path`,
    /// `feed_filenames`) when they would leave the output folder.
    pub(super) fn check_output_names(&self, file: &Path) -> Result<()> {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let mut named: Vec<(&str, &str)> = vec![];
        if let Some(root) = &self.taxonomy_root {
            named.push(("taxonomy_root", root));
        }
        for tax in &self.taxonomies {
            if let Some(p) = &tax.paginate_path {
                named.push(("paginate_path", p));
            }
        }
        for f in &self.feed_filenames {
            named.push(("feed_filenames", f));
        }
        let mut errors = vec![];
        for (key, value) in named {
            let reason = crate::links::unsafe_path_reason(value).or_else(|| {
                (value.starts_with('/') && key != "taxonomy_root").then_some("it starts with `/`")
            });
            if let Some(reason) = reason {
                errors.push(
                    Diagnostic::in_file(file, format!("`{key} = \"{value}\"` is refused: {reason}"))
                        .at_line(
                            text.find(&format!("\"{value}\""))
                                .map(|at| line_of_offset(&text, at))
                                .or_else(|| crate::error::line_of_key(&text, key)),
                        )
                        .with_hint("output names are plain names inside the output folder, such as `page` or `atom.xml`"),
                );
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(crate::error::Error::many(errors))
        }
    }

    /// Values that are enums in Zola and strings here: `index_format` (in `[search]` and in
    /// each language's) and `[markdown.highlighting] style`.
    pub(super) fn check_enum_values(&self, file: &Path) -> Result<()> {
        const FORMATS: &[&str] = &[
            "elasticlunr_javascript",
            "elasticlunr_json",
            "fuse_javascript",
            "fuse_json",
        ];
        const STYLES: &[&str] = &["inline", "class"];
        let languages = self.languages.values().filter_map(|l| l.search.as_ref());
        let formats = std::iter::once(&self.search)
            .chain(languages)
            .map(|s| ("index_format", s.index_format.as_str(), FORMATS));
        let styles = self.markdown.highlighting.iter();
        let styles = styles.map(|h| ("style", h.style.as_str(), STYLES));
        let mut all = formats.chain(styles);
        let Some((key, value, allowed)) = all.find(|(_, v, allowed)| !allowed.contains(v)) else {
            return Ok(());
        };
        let text = std::fs::read_to_string(file).unwrap_or_default();
        Err(
            Diagnostic::in_file(file, format!("unknown `{key} = \"{value}\"`"))
                .at_line(crate::error::line_of_key(&text, key))
                .with_hint(format!(
                    "use one of {} (Zola refuses others too)",
                    allowed.join(", ")
                ))
                .into(),
        )
    }
}
