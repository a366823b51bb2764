//! A section: a folder with an `_index.md`.

use std::path::{Path, PathBuf};

use super::front_matter::{self, SectionFrontMatter};
use super::page::asset_url;
use super::FileInfo;
use crate::config::Config;
use crate::error::{line_of_key, Diagnostic};

#[derive(Debug, Clone)]
pub struct Section {
    pub file: FileInfo,
    pub meta: SectionFrontMatter,
    pub raw_content: String,
    pub body_line: usize,
    pub path: String,
    pub components: Vec<String>,
    pub permalink: String,
    pub lang: String,
    pub assets: Vec<PathBuf>,
    pub word_count: usize,
    pub reading_time: usize,
    /// Filled by the resolve stage.
    pub pages: Vec<usize>,
    pub ignored_pages: Vec<usize>,
    pub subsections: Vec<usize>,
    pub ancestors: Vec<usize>,
}

impl Section {
    pub fn parse(
        path: &Path,
        text: &str,
        content_dir: &Path,
        config: &Config,
    ) -> Result<Section, Diagnostic> {
        let mut file = FileInfo::new(path, content_dir);
        // For `_index.md` the folder is the section itself, not a container.
        if let Some(dir) = path.parent().and_then(|d| d.strip_prefix(content_dir).ok()) {
            file.components = dir
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
        }
        let lang = file.find_language(config)?;
        let split = front_matter::split(text, path)?;
        let meta: SectionFrontMatter = front_matter::parse_typed(&split, path)?;
        for alias in &meta.aliases {
            if let Some(reason) = crate::links::unsafe_path_reason(alias) {
                let line = line_of_key(split.front_matter, "aliases")
                    .map(|l| split.front_matter_line + l - 1);
                return Err(Diagnostic::in_file(
                    path,
                    format!("the alias `{alias}` is refused: {reason}"),
                )
                .at_line(line));
            }
        }
        if let Some(reason) = crate::links::unsafe_path_reason(&meta.paginate_path).or_else(|| {
            meta.paginate_path
                .starts_with('/')
                .then_some("it starts with `/`")
        }) {
            let line = line_of_key(split.front_matter, "paginate_path")
                .map(|l| split.front_matter_line + l - 1);
            return Err(Diagnostic::in_file(
                path,
                format!(
                    "`paginate_path = \"{}\"` is refused: {reason}",
                    meta.paginate_path
                ),
            )
            .at_line(line)
            .with_hint("write a plain folder name such as `page`"));
        }
        // A section in another language goes below `/<code>/` (Zola).
        let mut components = file.components.clone();
        if lang != config.default_language {
            components.insert(0, lang.clone());
        }
        let path_str = if components.is_empty() {
            "/".to_string()
        } else {
            format!("/{}/", components.join("/"))
        };
        let (word_count, reading_time) = super::word_count(split.body);
        Ok(Section {
            raw_content: split.body.to_string(),
            body_line: split.front_matter_line + split.front_matter.lines().count() + 1,
            components,
            permalink: config.make_permalink(&path_str),
            path: path_str,
            lang,
            assets: vec![],
            word_count,
            reading_time,
            pages: vec![],
            ignored_pages: vec![],
            subsections: vec![],
            ancestors: vec![],
            meta,
            file,
        })
    }

    /// The implicit root section Zola creates when `content/_index.md` (or, for another
    /// language, `_index.<code>.md`) does not exist.
    pub fn default_index(content_dir: &Path, config: &Config, lang: &str) -> Section {
        let path = match lang == config.default_language {
            true => content_dir.join("_index.md"),
            false => content_dir.join(format!("_index.{lang}.md")),
        };
        Section::parse(&path, "+++\n+++\n", content_dir, config).expect("the default index parses")
    }

    pub fn is_index(&self) -> bool {
        self.file.components.is_empty()
    }

    pub fn is_paginated(&self) -> bool {
        self.meta.paginate_by.is_some_and(|n| n > 0)
    }

    pub fn serialized_assets(&self) -> Vec<String> {
        self.assets
            .iter()
            .map(|a| asset_url(&self.path, &self.file.parent, a))
            .collect()
    }
}
