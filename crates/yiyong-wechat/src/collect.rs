//! Getting the news pages as the site renders them. The core offers no "render one page"
//! call; what it offers is the extension seam: an extension's `rendered` hook sees every
//! page's rendered Markdown (shortcodes rendered, `@/` links resolved to permalinks) after the
//! outreach layer's `transform` has masked anonymous heroes. So the exporter is an extension
//! that keeps the news pages' HTML from that hook, and `wechat export` loads the site with it
//! (`Site::load`, which renders Markdown but writes nothing).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use yiyong_core::extension::{Active, Extension};
use yiyong_core::{Config, Library, Rendered};
use yiyong_outreach::Sections;

/// One news page, as rendered for the site.
#[derive(Debug, Clone)]
pub struct Source {
    /// The content file, and its path below `content/` (`news/a.md`).
    pub file: PathBuf,
    pub relative: String,
    pub title: String,
    pub description: Option<String>,
    /// The summary the site shows (written by the outreach layer when the page has none).
    pub summary: Option<String>,
    pub permalink: String,
    /// Site path, e.g. `/news/a/`.
    pub path: String,
    pub date: Option<String>,
    /// `[extra.news]`: source, author, photographer, cover.
    pub news: serde_json::Map<String, Value>,
    pub authors: Vec<String>,
    pub content: String,
    /// The page's own privacy opt-out table, if any (`[extra.privacy]`).
    pub privacy: Option<Value>,
}

/// The news pages of a site with the outreach layer, in library order; `None` for `serve`'s
/// updates, which pass only the edited pages (a whole build passes one per page).
pub(crate) fn news_sources(
    lib: &Library,
    config: &Config,
    rendered: &[Rendered],
) -> Option<Vec<Source>> {
    if rendered.len() != lib.pages.len() {
        return None;
    }
    let sections = Sections::from_config(config);
    let sources = lib
        .pages
        .iter()
        .zip(rendered)
        .filter(|(p, _)| sections.type_of(p) == Some("news"))
        .map(|(p, r)| Source {
            file: p.file.path.clone(),
            relative: p.file.relative.clone(),
            title: p.meta.title.clone().unwrap_or_default(),
            description: p.meta.description.clone(),
            summary: r.summary.clone(),
            permalink: p.permalink.clone(),
            path: p.path.clone(),
            date: p.date.clone(),
            news: p
                .meta
                .extra
                .get("news")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
            authors: p.meta.authors.clone(),
            content: r.content.clone(),
            privacy: p.meta.extra.get("privacy").cloned(),
        })
        .collect();
    Some(sources)
}

/// Keeps what the `rendered` hook saw, for the command or for the build's own outputs.
#[derive(Default, Clone)]
pub struct Store(Arc<Mutex<Vec<Source>>>);

impl Store {
    pub(crate) fn keep(&self, sources: Option<Vec<Source>>) {
        if let Some(s) = sources {
            *self.0.lock().unwrap_or_else(|e| e.into_inner()) = s;
        }
    }

    /// What was kept, leaving it there (`serve` renders outputs again after edits that bring
    /// no new sources).
    pub(crate) fn peek(&self) -> Vec<Source> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn take(&self) -> Vec<Source> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// The extension `wechat export` registers after the others (so it sees their changes).
pub struct Collector {
    pub store: Store,
}

struct Collecting(Store);

impl Extension for Collector {
    fn name(&self) -> &str {
        "wechat-export"
    }

    fn activate(&self, config: &Config) -> Option<Arc<dyn Active>> {
        yiyong_outreach::enabled(config)
            .then(|| Arc::new(Collecting(self.store.clone())) as Arc<dyn Active>)
    }
}

impl Active for Collecting {
    fn rendered(&self, lib: &Library, config: &Config, pages: &mut [Rendered]) {
        self.0.keep(news_sources(lib, config, pages));
    }
}
