//! `themes/NAME/theme.toml`: the theme's own metadata and the `[extra]` it contributes.

use std::path::{Path, PathBuf};

use crate::error::{line_of_offset, Diagnostic, Result};

#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    pub dir: PathBuf,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Theme {
    /// Loads `themes/NAME/theme.toml` below the site root.
    pub fn load(root: &Path, name: &str) -> Result<Theme> {
        let dir = root.join("themes").join(name);
        let file = dir.join("theme.toml");
        if !dir.is_dir() {
            return Err(Diagnostic::new(format!(
                "theme `{name}` not found: no folder {}",
                dir.display()
            ))
            .with_hint("check `theme = ...` in config.toml, or copy the theme into themes/")
            .into());
        }
        let extra = match std::fs::read_to_string(&file) {
            Ok(text) => {
                let value: toml::Value = toml::from_str(&text).map_err(|e| {
                    let line = e.span().map(|s| line_of_offset(&text, s.start));
                    Diagnostic::in_file(&file, e.message().trim().to_string()).at_line(line)
                })?;
                // As in Zola, only `[extra]` is read, and only if it is a table.
                match crate::config::toml_to_json(value) {
                    serde_json::Value::Object(mut t) => match t.remove("extra") {
                        Some(serde_json::Value::Object(extra)) => extra,
                        _ => Default::default(),
                    },
                    _ => Default::default(),
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Default::default(),
            Err(e) => return Err(crate::site_files::read_error(&file, "cannot read", &e).into()),
        };
        Ok(Theme {
            name: name.to_string(),
            dir,
            extra,
        })
    }
}
