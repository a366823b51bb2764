//! The one narrow way features join the build. The core calls every registered extension at
//! fixed points and knows nothing else about them: the outreach layer (heroes, places, events)
//! is an extension, so the core never learns what a hero is.
//!
//! An [`Extension`] is registered once (by the CLI); each build asks it once, from the config,
//! whether it takes part ([`Extension::activate`]). What it returns, an [`Active`], has the
//! hooks, in build order: `transform` (change the loaded pages, before resolve), `validate`
//! and `lint` (read the resolved site), `rendered` (adjust rendered Markdown), `functions`
//! (template functions), beside the templates `outputs`, and over every output `output_guard`.
//! `taxonomies` is asked before the content is loaded.
//!
//! What a hook gets is read-only, except the loaded pages before resolve: after resolve the
//! site's structure (addresses, sections, sorting, taxonomy terms) is fixed, so a change then
//! would leave it disagreeing with the pages (a hidden name still sorted by, or still a term).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
pub use crate::config::TaxonomyConfig;
use crate::content::{Page, Rendered, Section};
use crate::error::Diagnostic;
use crate::library::Library;
pub use crate::write::{keep_example, output_text, OutputGuard};

/// A feature that can join a build.
pub trait Extension: Send + Sync {
    fn name(&self) -> &str;

    /// Decides once per build whether the extension takes part (a plain Zola site should
    /// build exactly as without it); its hooks are on what it returns.
    fn activate(&self, config: &Config) -> Option<Arc<dyn Active>>;
}

/// An extension taking part in one build. Every hook has a default that does nothing.
pub trait Active: Send + Sync {
    /// Before resolve: may change the loaded pages (hide a name, derive a field), so that
    /// resolve and everything after it see the result: a term, a sort by title and an address
    /// are made from the changed page. `sections` are the loaded sections: an extension may
    /// give a section a default it did not set (the outreach layer's page size for its rolls),
    /// never take away what the author wrote.
    /// What it returns is reported with the build's other errors and warnings.
    fn transform(
        &self,
        _pages: &mut [Page],
        _sections: &mut [Section],
        _config: &Config,
    ) -> Report {
        Report::default()
    }

    /// Taxonomies the extension fills in `transform` (the outreach layer's heroes by year and
    /// by honour level). They are added to the site's own before the content is loaded, so
    /// that their terms get pages, pagers and `get_taxonomy_url` like any other; a taxonomy
    /// the site declares itself under the same name keeps the site's settings.
    fn taxonomies(&self, _config: &Config) -> Vec<TaxonomyConfig> {
        vec![]
    }

    /// How many items a feed holds when the site's `feed_limit` says nothing (`None`: all,
    /// as in Zola). The site's own `feed_limit` always wins.
    fn default_feed_limit(&self, _config: &Config) -> Option<usize> {
        None
    }

    /// `transform` for pages edited under `serve` (parsed again, while their Markdown source
    /// is still in `raw_content`), with the rest of the site as last built.
    fn transform_edited(&self, _pages: &mut [Page], _site: &Library, _config: &Config) -> Report {
        Report::default()
    }

    /// Checks the resolved content; problems are reported with the build's other errors.
    fn validate(&self, _lib: &Library, _config: &Config) -> Vec<Diagnostic> {
        vec![]
    }

    /// Reads the site's source files for what must not be published (the privacy lint), or
    /// only the files in `only` (pages edited under `serve`).
    fn lint(
        &self,
        _root: &Path,
        _lib: &Library,
        _config: &Config,
        _only: Option<&[PathBuf]>,
    ) -> Report {
        Report::default()
    }

    /// May adjust rendered Markdown (one entry per page, in library order) before templates
    /// see it, e.g. to write summaries.
    fn rendered(&self, _lib: &Library, _config: &Config, _pages: &mut [Rendered]) {}

    /// Adds template functions; they may read the library and config.
    fn functions(&self, _lib: &Arc<Library>, _config: &Arc<Config>, _f: &mut dyn Functions) {}

    /// Writes outputs of its own (calendar files, JSON feeds, indexes…), made from the library
    /// while the core renders its templates: never read what the core writes.
    fn outputs(&self, _site: &dyn RenderedSite) -> Vec<Diagnostic> {
        vec![]
    }

    /// Reads every output before the build publishes it (a final sweep for what must never
    /// be published); its findings fail the build like any error.
    fn output_guard(&self) -> Option<Box<dyn OutputGuard>> {
        None
    }
}

/// What a template function's result depends on, which `serve` needs to know which pages to
/// render again after an edit. The core records it on every call; the function itself does
/// nothing for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reads {
    /// Content from anywhere in the site (a list of heroes, statistics): a page that calls it
    /// is rendered again after any content edit.
    Site,
    /// Only its arguments (a chart drawn from the numbers it is given).
    Args,
}

/// Where an extension adds its template functions (`--profile` times them too).
pub trait Functions {
    fn add(&mut self, name: &'static str, reads: Reads, f: Box<dyn tera::Function>);

    /// The folder `RenderedSite::cache_dir` gives, for functions whose results are worth
    /// keeping between builds (the maps' drawings of each place).
    fn cache_dir(&self, name: &str) -> PathBuf;
}

/// What an extension sees when it writes outputs of its own: the rendered site, and a way to
/// write a file through the same checks as the core's outputs (claims, guards, the XML
/// character rules). The render stage implements it, so this layer does not depend on render.
/// `Sync`: an extension may write its files from several threads.
pub trait RenderedSite: Sync {
    fn library(&self) -> &Library;
    fn config(&self) -> &Config;
    /// Page `i` of the library as templates see it, with every field.
    fn page_value(&self, i: usize) -> serde_json::Value;
    fn write_file(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic>;
    /// The site's folder, for files the config names (a font, a picture).
    fn root(&self) -> &Path;
    /// A folder the extension may keep between builds (`.yiyong-cache/<name>` in the site),
    /// like the processed images' cache; it may not exist yet.
    fn cache_dir(&self, name: &str) -> PathBuf;
}

/// What a hook found: errors fail the build, warnings are shown, and notes (such as each
/// page's privacy opt-out and its reason) are listed by `check`.
#[derive(Debug, Default)]
pub struct Report {
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
    pub notes: Vec<String>,
}

/// The extensions registered for every build, in the order they run.
#[derive(Clone, Default)]
pub struct Extensions(pub Vec<Arc<dyn Extension>>);

impl Extensions {
    /// The extensions that take part in a build with this config.
    pub fn activate(&self, config: &Config) -> Activated {
        Activated(
            self.0
                .iter()
                .filter_map(|e| Some((e.name().to_string(), e.activate(config)?)))
                .collect(),
        )
    }
}

impl std::fmt::Debug for Extensions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|e| e.name()))
            .finish()
    }
}

/// The extensions taking part in one build, with their names, in order.
#[derive(Clone, Default)]
pub struct Activated(Vec<(String, Arc<dyn Active>)>);

impl Activated {
    pub fn iter(&self) -> impl Iterator<Item = &Arc<dyn Active>> {
        self.0.iter().map(|(_, a)| a)
    }

    pub fn named(&self) -> impl Iterator<Item = (&str, &Arc<dyn Active>)> {
        self.0.iter().map(|(n, a)| (n.as_str(), a))
    }
}
