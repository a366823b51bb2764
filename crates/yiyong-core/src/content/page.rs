//! A page: one Markdown file (`x.md` or a bundle `x/index.md`).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{Datelike, NaiveDateTime};
use regex::Regex;

use super::front_matter::{self, PageFrontMatter};
use super::page_keys::{self, IgnoredKey};
use super::FileInfo;
use crate::config::Config;
use crate::error::{line_of_key, Diagnostic};
use crate::links::unsafe_path_reason;
use crate::slug::slugify_paths;

#[derive(Debug, Clone)]
pub struct Page {
    pub file: FileInfo,
    pub meta: PageFrontMatter,
    pub raw_content: String,
    /// 1-based line of the first body line.
    pub body_line: usize,
    pub date: Option<String>,
    pub datetime: Option<NaiveDateTime>,
    pub updated: Option<String>,
    pub updated_datetime: Option<NaiveDateTime>,
    pub slug: String,
    /// Site path with leading and trailing `/`, e.g. `/blog/post/`.
    pub path: String,
    pub components: Vec<String>,
    pub permalink: String,
    pub lang: String,
    /// Colocated files of a bundle.
    pub assets: Vec<PathBuf>,
    pub word_count: usize,
    pub reading_time: usize,
    /// Filled by the resolve stage: indices of ancestor sections (root first), and siblings.
    pub ancestors: Vec<usize>,
    pub lower: Option<usize>,
    pub higher: Option<usize>,
    /// Whether the feeds list the page (when dated). Always, as in Zola, unless an extension's
    /// `transform` leaves it out.
    pub in_feeds: bool,
}

fn date_prefix() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(r"^(\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?)?)(?:_|-)(.+)$").unwrap()
    })
}

impl Page {
    /// Whether a feed lists the page: it is dated and no extension left it out (`in_feeds`).
    /// The one test of the core's Atom and RSS feeds and of any feed an extension writes.
    pub fn in_a_feed(&self) -> bool {
        self.datetime.is_some() && self.in_feeds
    }

    /// Reads a page file; also returns the front matter keys it ignores, as Zola does.
    pub fn parse(
        path: &Path,
        text: &str,
        content_dir: &Path,
        config: &Config,
    ) -> Result<(Page, Vec<IgnoredKey>), Diagnostic> {
        let mut file = FileInfo::new(path, content_dir);
        let lang = file.find_language(config)?;
        let split = front_matter::split(text, path)?;
        let mut unknown = vec![];
        let meta: PageFrontMatter = front_matter::parse_typed_seen(&split, path, |table| {
            unknown = page_keys::unknown_keys(table)
        })?;
        let mut date = front_matter::date_field(&meta.date, "date", &split, path)?;
        let updated = front_matter::date_field(&meta.updated, "updated", &split, path)?;

        let mut name_slug_source = file.name.clone();
        if let Some(caps) = date_prefix().captures(&file.name) {
            if let Some(dt) = front_matter::parse_datetime(&caps[1]) {
                if date.is_none() {
                    date = Some((caps[1].to_string(), dt));
                }
                if !config.slugify.paths_keep_dates {
                    name_slug_source = caps[2].to_string();
                }
            }
        }
        refuse_empty(&meta, &split, path)?;
        let slug = match &meta.slug {
            Some(s) => slugify_paths(s, config.slugify.paths),
            None => slugify_paths(&name_slug_source, config.slugify.paths),
        };
        let line_of = |key: &str| {
            line_of_key(split.front_matter, key).map(|l| split.front_matter_line + l - 1)
        };
        if let Some(reason) = unsafe_path_reason(&slug) {
            return Err(Diagnostic::in_file(
                path,
                format!("the slug `{slug}` is refused: {reason}"),
            )
            .at_line(line_of("slug")));
        }
        let path_str = match &meta.path {
            Some(p) => {
                if let Some(reason) = unsafe_path_reason(p) {
                    return Err(Diagnostic::in_file(
                        path,
                        format!("`path = \"{p}\"` is refused: {reason}"),
                    )
                    .at_line(line_of("path"))
                    .with_hint("use a path inside the site, such as \"news/2024/meeting\""));
                }
                let p = p.trim().trim_matches('/');
                if p.is_empty() {
                    "/".to_string()
                } else {
                    format!("/{p}/")
                }
            }
            None => {
                // A page in another language goes below `/<code>/`, unless its `path` says
                // where (Zola).
                let prefix = match lang == config.default_language {
                    true => String::new(),
                    false => format!("/{lang}"),
                };
                match file.components.is_empty() {
                    true => format!("{prefix}/{slug}/"),
                    false => format!("{prefix}/{}/{slug}/", file.components.join("/")),
                }
            }
        };
        for alias in &meta.aliases {
            if let Some(reason) = unsafe_path_reason(alias) {
                return Err(Diagnostic::in_file(
                    path,
                    format!("the alias `{alias}` is refused: {reason}"),
                )
                .at_line(line_of("aliases")));
            }
        }
        let components = path_str
            .split('/')
            .filter(|c| !c.is_empty())
            .map(String::from)
            .collect();
        let permalink = config.make_permalink(&path_str);
        let body_line = split.front_matter_line + split.front_matter.lines().count() + 1;
        let ignored = unknown
            .into_iter()
            .map(|key| IgnoredKey {
                line: line_of(&key),
                key,
            })
            .collect();
        let page = Page {
            raw_content: split.body.to_string(),
            body_line,
            date: date.as_ref().map(|d| d.0.clone()),
            datetime: date.map(|d| d.1),
            updated: updated.as_ref().map(|d| d.0.clone()),
            updated_datetime: updated.map(|d| d.1),
            slug,
            path: path_str,
            components,
            permalink,
            lang,
            assets: vec![],
            // Filled by `count_words` when some template can read them.
            word_count: 0,
            reading_time: 0,
            ancestors: vec![],
            lower: None,
            higher: None,
            in_feeds: true,
            meta,
            file,
        };
        Ok((page, ignored))
    }

    pub fn title(&self) -> &str {
        self.meta.title.as_deref().unwrap_or("")
    }

    pub fn year_month_day(&self) -> Option<(i32, u32, u32)> {
        self.datetime.map(|d| (d.year(), d.month(), d.day()))
    }

    /// Zola's `colocated_path`: a bundle's folder below `content/`, ending in `/`.
    pub fn colocated_path(&self) -> Option<String> {
        // The bundle's folder, whatever the language of its `index.md`/`index.fr.md`.
        let folder = self.file.relative.rsplit_once('/').map(|d| d.0);
        self.file
            .is_bundle
            .then(|| format!("{}/", folder.unwrap_or("")))
    }

    /// `page.assets` as Zola serializes them: `/` and the file's path below `content/`
    /// (Zola's `Page::serialize_assets`), which differs from the URL the file is copied to
    /// when the page has a `path`, a `slug` or a date in its folder name. Templates hand them
    /// to `load_data`, `resize_image` or `get_url`, which look in `content/`.
    pub fn serialized_assets(&self) -> Vec<String> {
        let dir = self.file.relative.rsplit_once('/').map_or("", |d| d.0);
        let folder = if dir.is_empty() {
            "/".to_string()
        } else {
            format!("/{dir}/")
        };
        self.assets
            .iter()
            .map(|a| asset_url(&folder, &self.file.parent, a))
            .collect()
    }
}

/// Values Zola refuses as empty: `slug`, `path` and taxonomy terms (front_matter/page.rs).
fn refuse_empty(
    meta: &PageFrontMatter,
    split: &front_matter::Split,
    file: &Path,
) -> Result<(), Diagnostic> {
    let empty = [("slug", &meta.slug), ("path", &meta.path)]
        .into_iter()
        .find(|(_, v)| v.as_deref() == Some(""))
        .map(|(key, _)| (key, format!("`{key}` can't be empty if present")))
        .or_else(|| {
            let mut terms = meta.taxonomies.iter();
            terms
                .find(|(_, list)| list.iter().any(|t| t.trim().is_empty()))
                .map(|(tax, _)| (tax.as_str(), format!("a `{tax}` term is empty")))
        });
    let Some((key, message)) = empty else {
        return Ok(());
    };
    let line = line_of_key(split.front_matter, key).map(|l| split.front_matter_line + l - 1);
    Err(Diagnostic::in_file(file, message)
        .at_line(line)
        .with_hint("write a value, or remove the key (Zola refuses it too)"))
}

/// URL of a colocated asset: the item's path plus its path below the bundle folder.
pub fn asset_url(item_path: &str, bundle_dir: &Path, asset: &Path) -> String {
    let rel = asset.strip_prefix(bundle_dir).unwrap_or(asset);
    let rel = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    format!("{item_path}{rel}")
}
