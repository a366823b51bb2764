//! Getting the news pages as the site renders them. The core offers no "render one page"
//! call; what it offers is the extension seam: an extension's `rendered` hook sees every
//! page's rendered Markdown (shortcodes rendered, `@/` links resolved to permalinks) after the
//! outreach layer's `transform` has masked anonymous heroes. So the exporter is an extension
//! that keeps the news pages' HTML from that hook, and `wechat export` loads the site with it
//! (`Site::load`, which renders Markdown but writes nothing).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use yiyong_core::extension::{Active, Extension, RenderedSite};
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
fn news_sources(lib: &Library, config: &Config, rendered: &[Rendered]) -> Option<Vec<Source>> {
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
    fn keep(&self, sources: Option<Vec<Source>>) {
        if let Some(s) = sources {
            *self.0.lock().unwrap_or_else(|e| e.into_inner()) = s;
        }
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

/// The build's preview pages (`public/wechat/`), only when the config asks for them with
/// `[extra.yiyong.wechat] preview = true`: unlinked pages are never published by surprise.
pub struct Previews;

struct Previewing(Store);

/// Whether the site's config turns the build's preview pages on.
pub fn previews_on(config: &Config) -> bool {
    yiyong_outreach::enabled(config)
        && config
            .extra
            .get("yiyong")
            .and_then(|y| y.get("wechat"))
            .and_then(|w| w.get("preview"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
}

impl Extension for Previews {
    fn name(&self) -> &str {
        "wechat"
    }

    fn activate(&self, config: &Config) -> Option<Arc<dyn Active>> {
        previews_on(config).then(|| Arc::new(Previewing(Store::default())) as Arc<dyn Active>)
    }
}

impl Active for Previewing {
    fn rendered(&self, lib: &Library, config: &Config, pages: &mut [Rendered]) {
        self.0.keep(news_sources(lib, config, pages));
    }

    /// Written through the build's writer, so the final sweep (anonymous names, ID and mobile
    /// numbers) reads them like every other output.
    fn outputs(&self, site: &dyn RenderedSite) -> Vec<yiyong_core::error::Diagnostic> {
        // Not `take`: `serve` renders outputs again after edits that bring no new sources.
        let sources = self.0 .0.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let mut errors = vec![];
        for a in crate::article::build_all(&sources, site.config(), site.root()) {
            let html = crate::document::preview(&a);
            if let Err(e) = site.write_file(&format!("wechat/{}.html", a.name), html.as_bytes()) {
                errors.push(e);
            }
        }
        errors
    }
}
