//! Site configuration: every key Zola 0.22 accepts, with unknown keys refused where Zola
//! refuses them and ignored (with a warning) where Zola ignores them (see `lenient`).

mod checks;
mod fields;
mod languages;
mod lenient;
mod markdown;
mod theme;
mod toml_json;
pub use fields::struct_fields;
pub use toml_json::toml_to_json;

pub use markdown::{AnchorLinks, Highlighting, MarkdownConfig};
pub use theme::Theme;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::{Deserialize, Serialize};

use crate::error::{line_of_offset, Diagnostic, Result};
use crate::slug::{slugify_paths, SlugStrategy};

/// A `[[taxonomies]]` entry. Unknown keys are ignored, as Zola ignores them (`lenient`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct TaxonomyConfig {
    pub name: String,
    #[serde(skip_deserializing)]
    pub slug: String,
    pub paginate_by: Option<usize>,
    pub paginate_path: Option<String>,
    pub feed: bool,
    pub render: bool,
    #[serde(skip_deserializing)]
    pub lang: String,
}

impl Default for TaxonomyConfig {
    fn default() -> Self {
        TaxonomyConfig {
            name: String::new(),
            slug: String::new(),
            paginate_by: None,
            paginate_path: None,
            feed: false,
            render: true,
            lang: String::new(),
        }
    }
}

impl TaxonomyConfig {
    pub fn is_paginated(&self) -> bool {
        self.paginate_by.is_some_and(|n| n > 0)
    }

    pub fn paginate_path(&self) -> &str {
        self.paginate_path.as_deref().unwrap_or("page")
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, Default)]
#[serde(default)]
pub struct SlugifyConfig {
    pub paths: SlugStrategy,
    pub taxonomies: SlugStrategy,
    pub anchors: SlugStrategy,
    pub paths_keep_dates: bool,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum LinkLevel {
    #[default]
    Error,
    Warn,
}

#[derive(Clone, Debug, Deserialize, Serialize, Default)]
#[serde(default)]
pub struct LinkChecker {
    pub skip_prefixes: Vec<String>,
    pub skip_anchor_prefixes: Vec<String>,
    pub internal_level: LinkLevel,
    pub external_level: LinkLevel,
    /// Globs of content files whose external links are not checked (Zola's key).
    pub ignored_files: Vec<String>,
    #[serde(skip)]
    pub ignored_files_globs: Option<GlobSet>,
}

impl LinkChecker {
    /// Whether `[link_checker] ignored_files` names this content file. Zola matches the
    /// whole path; the file name alone is also matched, as `ignored_content` does.
    pub fn is_file_ignored(&self, file: &Path) -> bool {
        self.ignored_files_globs
            .as_ref()
            .is_some_and(|g| g.is_match(file) || file.file_name().is_some_and(|n| g.is_match(n)))
    }
}

/// `[search]` is accepted for compatibility; the search index is built by a later module.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct SearchConfig {
    pub include_title: bool,
    pub include_description: bool,
    pub include_date: bool,
    pub include_path: bool,
    pub include_content: bool,
    pub truncate_content_length: Option<usize>,
    pub index_format: String,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            include_title: true,
            include_description: false,
            include_date: false,
            include_path: false,
            include_content: true,
            truncate_content_length: None,
            index_format: "elasticlunr_javascript".into(),
        }
    }
}

/// `[images]`, a yiyong addition (Zola has no such table): how images that are copied, not
/// processed, are treated.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImagesConfig {
    /// Remove EXIF/XMP/IPTC metadata (GPS above all) from images (JPEG, PNG, WebP, GIF, known
    /// by content) copied from static/. Colocated page assets and processed images are always
    /// stripped.
    pub strip_static_metadata: bool,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            strip_static_metadata: true,
        }
    }
}

/// Per-language options of `[languages.xx]` (see `languages` for how they are used).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct LanguageOptions {
    pub title: Option<String>,
    pub description: Option<String>,
    pub generate_feeds: bool,
    pub feed_filenames: Vec<String>,
    pub taxonomies: Vec<TaxonomyConfig>,
    pub build_search_index: bool,
    pub search: Option<SearchConfig>,
    pub translations: HashMap<String, String>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum ExcludePaginated {
    #[default]
    None,
    All,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub base_url: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub default_language: String,
    pub theme: Option<String>,
    pub output_dir: String,
    pub preserve_dotfiles_in_output: bool,
    pub compile_sass: bool,
    pub minify_html: bool,
    pub ignored_content: Vec<String>,
    pub ignored_static: Vec<String>,
    pub generate_feeds: bool,
    pub exclude_paginated_pages_in_sitemap: ExcludePaginated,
    pub feed_filenames: Vec<String>,
    pub feed_limit: Option<usize>,
    pub hard_link_static: bool,
    pub author: Option<String>,
    pub taxonomies: Vec<TaxonomyConfig>,
    pub taxonomy_root: Option<String>,
    pub build_search_index: bool,
    pub generate_sitemap: bool,
    pub generate_robots_txt: bool,
    pub markdown: MarkdownConfig,
    pub link_checker: LinkChecker,
    pub slugify: SlugifyConfig,
    pub search: SearchConfig,
    pub images: ImagesConfig,
    pub translations: HashMap<String, String>,
    pub languages: BTreeMap<String, LanguageOptions>,
    pub extra: serde_json::Map<String, serde_json::Value>,

    #[serde(skip)]
    pub ignored_content_globs: Option<GlobSet>,
    #[serde(skip)]
    pub ignored_static_globs: Option<GlobSet>,
    /// Whether drafts are rendered (`--drafts`).
    #[serde(skip)]
    pub include_drafts: bool,
    /// "build", "serve" or "check", exposed to templates as `config.mode`.
    #[serde(skip)]
    pub mode: String,
    /// Keys Zola ignores and so yiyong does, said as warnings (`lenient`).
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            base_url: String::new(),
            title: None,
            description: None,
            default_language: "en".into(),
            theme: None,
            output_dir: "public".into(),
            preserve_dotfiles_in_output: false,
            compile_sass: false,
            minify_html: false,
            ignored_content: vec![],
            ignored_static: vec![],
            generate_feeds: false,
            exclude_paginated_pages_in_sitemap: ExcludePaginated::None,
            feed_filenames: vec!["atom.xml".into()],
            feed_limit: None,
            hard_link_static: false,
            author: None,
            taxonomies: vec![],
            taxonomy_root: None,
            build_search_index: false,
            generate_sitemap: true,
            generate_robots_txt: true,
            markdown: MarkdownConfig::default(),
            link_checker: LinkChecker::default(),
            slugify: SlugifyConfig::default(),
            search: SearchConfig::default(),
            images: ImagesConfig::default(),
            translations: HashMap::new(),
            languages: BTreeMap::new(),
            extra: serde_json::Map::new(),
            ignored_content_globs: None,
            ignored_static_globs: None,
            include_drafts: false,
            mode: "build".into(),
            warnings: vec![],
        }
    }
}

impl Config {
    /// Parses config text; `file` is only used to name it in errors.
    pub fn parse(text: &str, file: &Path) -> Result<Config> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            // serde stops at the first unknown key: name all of them at once.
            let refused = match e.message().contains("unknown field") {
                true => lenient::refused_keys(text, file),
                false => vec![],
            };
            if !refused.is_empty() {
                return crate::error::Error::many(refused);
            }
            let line = e.span().map(|s| line_of_offset(text, s.start));
            Diagnostic::in_file(file, e.message().trim().to_string())
                .at_line(line)
                .into()
        })?;
        if config.base_url.is_empty() {
            return Err(Diagnostic::in_file(file, "`base_url` is missing")
                .with_hint("add `base_url = \"https://example.org\"` at the top of the file")
                .into());
        }
        if config.markdown.legacy_keys_used() {
            // Zola 0.22 refuses them as unknown keys; said with what replaced them.
            return Err(crate::error::Error::many(lenient::refused_keys(text, file)));
        }
        config.finish(file)?;
        config.warnings = lenient::ignored_key_warnings(text, file);
        Ok(config)
    }

    pub fn from_file(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::in_file(path, format!("cannot read the config file: {e}"))
                .with_hint("run yiyong in the site folder, or pass --root DIR / --config FILE")
        })?;
        Config::parse(&text, path)
    }

    fn finish(&mut self, file: &Path) -> Result<()> {
        self.check_output_names(file)?;
        self.check_enum_values(file)?;
        self.merge_default_language(file)?;
        let lang = self.default_language.clone();
        let strategy = self.slugify.taxonomies;
        for tax in &mut self.taxonomies {
            tax.slug = slugify_paths(&tax.name, strategy);
            tax.lang = lang.clone();
        }
        for (code, options) in &mut self.languages {
            for tax in &mut options.taxonomies {
                tax.slug = slugify_paths(&tax.name, strategy);
                tax.lang = code.clone();
            }
        }
        self.ignored_content_globs =
            Some(build_globs(&self.ignored_content, "ignored_content", file)?);
        self.ignored_static_globs =
            Some(build_globs(&self.ignored_static, "ignored_static", file)?);
        self.link_checker.ignored_files_globs = Some(build_globs(
            &self.link_checker.ignored_files,
            "ignored_files",
            file,
        )?);
        Ok(())
    }

    /// Adds the taxonomies extensions fill in (`Active::taxonomies`), after the site's own;
    /// one the site already declares under that name is left as the site set it.
    pub fn add_taxonomies(&mut self, extra: impl IntoIterator<Item = TaxonomyConfig>) {
        for mut tax in extra {
            if self.taxonomies.iter().any(|t| t.name == tax.name) {
                continue;
            }
            tax.slug = slugify_paths(&tax.name, self.slugify.taxonomies);
            tax.lang = self.default_language.clone();
            self.taxonomies.push(tax);
        }
    }

    /// Builds an absolute URL from a site path, as Zola's `make_permalink` does.
    pub fn make_permalink(&self, path: &str) -> String {
        let base = self.base_url.trim_end_matches('/');
        let path = path.trim_start_matches('/');
        let trailing = path.is_empty()
            || path.ends_with('/')
            || self
                .feed_filenames
                .iter()
                .any(|f| path.ends_with(f.as_str()))
            || has_file_extension(path);
        // Joined by hand: `format!` was 0.7% of a 10,000-hero build (124,000 addresses).
        let mut url = String::with_capacity(base.len() + path.len() + 2);
        url.push_str(base);
        url.push('/');
        url.push_str(path);
        if !trailing {
            url.push('/');
        }
        url
    }

    /// A URL of this site without its scheme and host, for a link from one of its own pages
    /// (the `root_relative` filter): `https://example.org/sub/heroes/` is `/sub/heroes/` when
    /// `base_url` is `https://example.org/sub` (its path is kept), and `base_url` itself is
    /// `/sub` (`/` without a path). Anything else is given back as it is: another host or
    /// scheme, a path already, and a `base_url` that names no host (`/`, as some Zola sites
    /// set it). A remainder that would start `//` (a host, to a browser) is not shortened.
    pub fn root_relative<'a>(&self, url: &'a str) -> std::borrow::Cow<'a, str> {
        use std::borrow::Cow;
        let base = self.base_url.trim_end_matches('/');
        let Some(rest) = url.strip_prefix(base) else {
            return Cow::Borrowed(url);
        };
        if !(rest.is_empty() || rest.starts_with(['/', '?', '#'])) {
            return Cow::Borrowed(url);
        }
        let authority = match base.find("://") {
            Some(i) => i + 3,
            None if base.starts_with("//") => 2,
            None => return Cow::Borrowed(url),
        };
        let path = base[authority..]
            .find('/')
            .map_or(base.len(), |i| authority + i);
        let out = &url[path..];
        if out.starts_with("//") || out.starts_with("/\\") {
            return Cow::Borrowed(url);
        }
        if out.starts_with('/') {
            Cow::Borrowed(out)
        } else {
            Cow::Owned(format!("/{out}"))
        }
    }

    pub fn taxonomy(&self, name: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies.iter().find(|t| t.name == name)
    }

    pub fn is_content_ignored(&self, rel: &Path) -> bool {
        self.ignored_content_globs
            .as_ref()
            .is_some_and(|g| g.is_match(rel) || rel.file_name().is_some_and(|n| g.is_match(n)))
    }

    pub fn is_static_ignored(&self, rel: &Path) -> bool {
        self.ignored_static_globs
            .as_ref()
            .is_some_and(|g| g.is_match(rel) || rel.file_name().is_some_and(|n| g.is_match(n)))
    }

    /// Merges theme `[extra]` under the site's own `[extra]`: the site wins key by key.
    pub fn merge_theme_extra(&mut self, theme_extra: &serde_json::Map<String, serde_json::Value>) {
        for (k, v) in theme_extra {
            match self.extra.get_mut(k) {
                None => {
                    self.extra.insert(k.clone(), v.clone());
                }
                Some(mine) => merge_json(mine, v),
            }
        }
    }
}

fn merge_json(into: &mut serde_json::Value, from: &serde_json::Value) {
    if let (Some(into), Some(from)) = (into.as_object_mut(), from.as_object()) {
        for (k, v) in from {
            match into.get_mut(k) {
                None => {
                    into.insert(k.clone(), v.clone());
                }
                Some(mine) => merge_json(mine, v),
            }
        }
    }
}

fn has_file_extension(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
}

fn build_globs(patterns: &[String], key: &str, file: &Path) -> Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for p in patterns {
        let glob = Glob::new(p).map_err(|e| {
            Diagnostic::in_file(file, format!("invalid glob `{p}` in `{key}`: {e}"))
        })?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|e| Diagnostic::in_file(file, format!("invalid `{key}`: {e}")).into())
}

/// Finds `zola.toml` before `config.toml` in the site root, as Zola does.
pub fn find_config_file(root: &Path) -> PathBuf {
    let zola = root.join("zola.toml");
    if zola.exists() {
        zola
    } else {
        root.join("config.toml")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Config> {
        Config::parse(s, Path::new("config.toml"))
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let err = parse("base_url = \"https://a.org\"\ntitel = \"x\"\n").unwrap_err();
        let text = err.to_string();
        assert!(text.contains("titel"), "{text}");
        assert!(text.contains("config.toml:2"), "{text}");
    }

    #[test]
    fn permalinks() {
        let c = parse("base_url = \"https://a.org/\"").unwrap();
        assert_eq!(c.make_permalink("/"), "https://a.org/");
        assert_eq!(c.make_permalink("/blog/x/"), "https://a.org/blog/x/");
        assert_eq!(c.make_permalink("atom.xml"), "https://a.org/atom.xml");
        assert_eq!(c.make_permalink("blog"), "https://a.org/blog/");
    }

    #[test]
    fn root_relative_urls() {
        let c = parse("base_url = \"https://a.org/\"").unwrap();
        assert_eq!(c.root_relative("https://a.org/blog/x/"), "/blog/x/");
        assert_eq!(c.root_relative("https://a.org/"), "/");
        assert_eq!(c.root_relative("https://a.org"), "/");
        assert_eq!(c.root_relative("https://a.org?q=1"), "/?q=1");
        assert_eq!(
            c.root_relative("https://a.org/css/a.css?h=1"),
            "/css/a.css?h=1"
        );
        // Other hosts, schemes and look-alikes stay as they are.
        for other in [
            "https://a.org.cn/x/",
            "https://a.orgx/",
            "http://a.org/x/",
            "https://b.org/x/",
            "/x/",
            "x/",
            "mailto:a@a.org",
            "",
        ] {
            assert_eq!(c.root_relative(other), other);
        }
        // What a browser would read as another host is not shortened.
        assert_eq!(
            c.root_relative("https://a.org//b.org/x"),
            "https://a.org//b.org/x"
        );
        assert_eq!(
            c.root_relative("https://a.org/\\b.org/x"),
            "https://a.org/\\b.org/x"
        );

        let sub = parse("base_url = \"https://a.org/sub\"").unwrap();
        assert_eq!(
            sub.root_relative("https://a.org/sub/blog/x/"),
            "/sub/blog/x/"
        );
        assert_eq!(sub.root_relative("https://a.org/sub/"), "/sub/");
        assert_eq!(sub.root_relative("https://a.org/sub"), "/sub");
        assert_eq!(
            sub.root_relative("https://a.org/subway/"),
            "https://a.org/subway/"
        );
        assert_eq!(
            sub.root_relative("https://a.org/other/"),
            "https://a.org/other/"
        );

        let port = parse("base_url = \"http://127.0.0.1:1111\"").unwrap();
        assert_eq!(port.root_relative("http://127.0.0.1:1111/a/"), "/a/");
        assert_eq!(
            port.root_relative("http://127.0.0.1:2222/a/"),
            "http://127.0.0.1:2222/a/"
        );

        // A base_url without a host leaves every URL as it is.
        let bare = parse("base_url = \"/\"").unwrap();
        assert_eq!(bare.root_relative("/a/"), "/a/");
        assert_eq!(bare.root_relative("https://a.org/a/"), "https://a.org/a/");
    }
}
