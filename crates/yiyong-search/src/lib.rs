//! Chinese full-text search: issue 24.
//!
//! At the end of a build the published pages' text goes into a character-bigram index
//! (`tokens`: Han text as pairs and single characters, other text as words), weighted by
//! field (`docs`: title, hero name, place, district, honour, body), split into shards by term
//! (`index`) and written below `search/` with the page's script (`files`, `assets/search.js`).
//! The browser fetches only the shards of the query's terms, intersects them, then checks each
//! candidate's text for the exact query (its short fields as stored, its body as the page
//! shows it), so 落水 never finds a page that only has 水落石出. No dictionary, no segmenter
//! (in the build or in the browser), nothing from another host.
//!
//! It joins the build as [`Search`]: on for sites with `[extra.yiyong]` unless
//! `[extra.yiyong.search] index = false`. Page text comes from the `rendered` hook (shortcodes
//! rendered, anonymous names already masked by the outreach layer's `transform`).

mod docs;
mod encode;
mod files;
mod index;
mod text;
mod tokens;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde_json::Value;
use yiyong_core::error::Diagnostic;
use yiyong_core::extension::{Active, Extension, Functions, Reads, RenderedSite, Report};
use yiyong_core::{Config, Library, Page, Rendered};
use yiyong_outreach::Sections;

pub use files::FOLDER;
/// The text of a page's content as the index reads it (the search page's script reads the same
/// from the published page: `pageText` in `assets/search.js`).
pub use text::plain as text_of;

/// At most this many characters of a page's text are indexed and stored: the longest news
/// report runs to a few thousand; a pasted document should not make the index balloon.
const TEXT_LIMIT: usize = 20_000;

/// The extension, registered once by the CLI.
#[derive(Default)]
pub struct Search;

/// Whether the site's config asks for the index: sites with the outreach layer, unless
/// `[extra.yiyong.search] index = false`. Plain Zola sites get nothing new (their
/// `build_search_index` is Zola's own option).
pub fn enabled(config: &Config) -> bool {
    yiyong_outreach::enabled(config)
        && config
            .extra
            .get("yiyong")
            .and_then(|y| y.get("search"))
            .and_then(|s| s.get("index"))
            .and_then(Value::as_bool)
            .unwrap_or(true)
}

/// The index in one build: the pages' text kept from the `rendered` hook for the outputs, and
/// the pages `serve` has re-read since (their kept text is stale).
#[derive(Default)]
struct Build {
    texts: Mutex<docs::Texts>,
    edited: Mutex<HashSet<PathBuf>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Extension for Search {
    fn name(&self) -> &str {
        "search"
    }

    fn activate(&self, config: &Config) -> Option<Arc<dyn Active>> {
        enabled(config).then(|| Arc::new(Build::default()) as Arc<dyn Active>)
    }
}

impl Active for Build {
    /// Only notes which pages `serve` re-read: their text is taken again in `outputs`.
    fn transform_edited(&self, pages: &mut [Page], _site: &Library, _config: &Config) -> Report {
        lock(&self.edited).extend(pages.iter().map(|p| p.file.path.clone()));
        Report::default()
    }

    /// `search_version()`: a hash of the search page's script, for its address
    /// (`search.js?v=…`), so that a browser that kept an older script (it fetches the index
    /// files in the format of its own version) fetches this build's.
    fn functions(&self, _lib: &Arc<Library>, _config: &Arc<Config>, f: &mut dyn Functions) {
        let version = Value::String(files::script_version());
        let function = move |_: &std::collections::HashMap<String, Value>| Ok(version.clone());
        f.add("search_version", Reads::Args, Box::new(function));
    }

    fn rendered(&self, lib: &Library, _config: &Config, pages: &mut [Rendered]) {
        // A whole build passes one entry per page; `serve`'s updates only the edited pages,
        // whose texts `outputs` then reads from the page values instead.
        if pages.len() != lib.pages.len() {
            return;
        }
        let texts: docs::Texts = lib
            .pages
            .par_iter()
            .zip(pages.par_iter())
            .filter(|(p, _)| docs::searchable(p, lib))
            .map(|(p, r)| {
                (
                    p.file.path.clone(),
                    text::plain(&r.content, TEXT_LIMIT).into(),
                )
            })
            .collect();
        *lock(&self.texts) = texts;
        lock(&self.edited).clear();
    }

    fn outputs(&self, site: &dyn RenderedSite) -> Vec<Diagnostic> {
        let lib = site.library();
        let mut texts = lock(&self.texts);
        refresh(site, &mut texts, &std::mem::take(&mut *lock(&self.edited)));
        let sections = Sections::from_config(site.config());
        let docs = docs::collect(lib, &sections, |i| {
            texts
                .get(&lib.pages[i].file.path)
                .cloned()
                .unwrap_or_else(|| "".into())
        });
        drop(texts);
        let shards = index::build(&docs);
        files::write_all(site, &docs, shards)
    }
}

/// Takes the text of the pages edited since the last build, and of any page without one (added
/// under `serve`), from the rendered page values.
fn refresh(site: &dyn RenderedSite, texts: &mut docs::Texts, edited: &HashSet<PathBuf>) {
    let lib = site.library();
    let fresh: Vec<(PathBuf, Arc<str>)> = (0..lib.pages.len())
        .into_par_iter()
        .filter(|&i| {
            let p = &lib.pages[i];
            docs::searchable(p, lib)
                && (edited.contains(&p.file.path) || !texts.contains_key(&p.file.path))
        })
        .map(|i| {
            let value = site.page_value(i);
            let html = value.get("content").and_then(Value::as_str).unwrap_or("");
            (
                lib.pages[i].file.path.clone(),
                text::plain(html, TEXT_LIMIT).into(),
            )
        })
        .collect();
    texts.extend(fresh);
}
