//! Where a content file sits in `content/`, and the names Zola derives from that.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::error::Diagnostic;

#[derive(Debug, Clone)]
pub struct FileInfo {
    pub path: PathBuf,
    /// Path below `content/` with `/` separators, e.g. `blog/post/index.md`.
    pub relative: String,
    /// Folders from `content/` to the item: for a bundle the bundle folder is not included.
    pub components: Vec<String>,
    /// File stem; for a bundle (`x/index.md`) the bundle folder's name.
    pub name: String,
    /// The folder holding the file.
    pub parent: PathBuf,
    pub is_bundle: bool,
    /// Path below `content/` without the extension and the language code (`blog/x` for
    /// `blog/x.fr.md`, `blog/x/index` for `blog/x/index.fr.md`): the files of one piece of
    /// content in several languages share it (Zola's `canonical`).
    pub canonical: String,
    /// The file's text as the build read it (front matter and body), kept from loading until
    /// the checks have read it (`Site::advance` then drops it): the privacy lint read every
    /// content file from disk a second time (16,500 at 10,000 heroes; reading them once takes
    /// 0.2 s of CPU in the kernel). `None` for items made otherwise (default sections, `serve`'s updates).
    pub text: Option<String>,
}

impl FileInfo {
    pub fn new(path: &Path, content_dir: &Path) -> FileInfo {
        let rel = path.strip_prefix(content_dir).unwrap_or(path);
        let relative = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let mut components: Vec<String> = rel
            .parent()
            .map(|p| {
                p.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let canonical = relative
            .strip_suffix(".md")
            .unwrap_or(&relative)
            .to_string();
        // `index.fr.md` is a bundle too, as in Zola (its name is checked for a language later).
        let is_bundle = stem == "index" || (stem.starts_with("index.") && !components.is_empty());
        let name = if stem == "index" {
            components.pop().unwrap_or_default()
        } else {
            if is_bundle {
                components.pop();
            }
            stem
        };
        FileInfo {
            canonical,
            path: path.to_path_buf(),
            relative,
            components,
            name,
            parent: path.parent().unwrap_or(content_dir).to_path_buf(),
            is_bundle,
            text: None,
        }
    }

    /// Zola's `find_language`: `x.fr.md` is `x` in French when the site has `[languages.fr]`.
    /// A code that is the default language's is kept in the name (as Zola keeps it); one the
    /// site does not declare is an error. Sites with one language keep every name whole.
    pub fn find_language(&mut self, config: &Config) -> Result<String, Diagnostic> {
        let default = &config.default_language;
        if !config.is_multilingual() {
            return Ok(default.clone());
        }
        let stem = self.canonical.rsplit('/').next().unwrap_or("");
        let Some((base, code)) = stem.split_once('.') else {
            return Ok(default.clone());
        };
        if code == default {
            return Ok(default.clone());
        }
        if !config.languages.contains_key(code) {
            let known: Vec<&str> = config.other_languages().map(|(c, _)| c).collect();
            return Err(Diagnostic::in_file(
                &self.path,
                format!("the file name says language `{code}`, which config.toml does not declare"),
            )
            .with_hint(format!(
                "add `[languages.{code}]` to config.toml, or rename the file (languages declared: {}, and `{default}` without a code)",
                known.join(", ")
            )));
        }
        let (base, code) = (base.to_string(), code.to_string());
        let dir = self.canonical.len() - stem.len();
        self.canonical = format!("{}{base}", &self.canonical[..dir]);
        if base == "index" && self.is_bundle {
            // A translated bundle page: named after its folder, as `index.md` is.
            self.name = self
                .parent
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
        } else {
            self.name = base;
        }
        Ok(code)
    }

    /// The `_index.md` of the section this file belongs to (for a page), as a relative path.
    pub fn parent_section_relative(&self) -> String {
        if self.components.is_empty() {
            "_index.md".into()
        } else {
            format!("{}/_index.md", self.components.join("/"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_names() {
        let f = FileInfo::new(
            Path::new("/s/content/blog/post/index.md"),
            Path::new("/s/content"),
        );
        assert_eq!(f.name, "post");
        assert_eq!(f.components, vec!["blog"]);
        assert!(f.is_bundle);
        assert_eq!(f.relative, "blog/post/index.md");
        let f = FileInfo::new(Path::new("/s/content/a.md"), Path::new("/s/content"));
        assert_eq!(f.parent_section_relative(), "_index.md");
    }
}
