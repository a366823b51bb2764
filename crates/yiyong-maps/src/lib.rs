//! Maps of the association's places (theme parks, corridors, squares, work stations…), drawn
//! at build time: an SVG diagram with an accessible list beside it, a PNG copy for WeChat and
//! social previews, and links that open each place in 高德, 百度 or 腾讯. No script is needed
//! to read any of it and nothing is requested from another host; the optional 天地图 layer and
//! background picture are the owner's choice (`[extra.yiyong.maps]`).
//!
//! It joins the build through `yiyong_core::extension` as [`Maps`], active wherever the
//! outreach layer is (sites with `[extra.yiyong]`), and reads places through its schema.

mod atlas;
mod coords;
mod drawings;
mod files;
mod frame;
mod functions;
mod glyphs;
mod html;
mod layout;
mod nav;
mod palette;
mod panels;
mod places;
mod png;
mod settings;
mod split;
mod stamps;
mod svg;

use std::sync::Arc;

use yiyong_core::error::{line_of_key, Diagnostic};
use yiyong_core::extension::{Active, Extension, Functions, RenderedSite};
use yiyong_core::{Config, Library};

pub use coords::{distance_m, Datum, Point};
pub use svg::CAPTION;

/// The extension, registered once by the CLI.
#[derive(Default)]
pub struct Maps;

/// The maps in one build. The atlas the template functions drew from is kept for the outputs,
/// so that each place's map, drawn for its page, is kept (and painted, with `place_png`)
/// without being drawn again.
#[derive(Default)]
struct Build {
    atlas: std::sync::Mutex<Option<(usize, Arc<atlas::Atlas>)>>,
}

impl Extension for Maps {
    fn name(&self) -> &str {
        "maps"
    }

    fn activate(&self, config: &Config) -> Option<Arc<dyn Active>> {
        yiyong_outreach::enabled(config).then(|| Arc::new(Build::default()) as Arc<dyn Active>)
    }
}

impl Active for Build {
    fn validate(&self, lib: &Library, config: &Config) -> Vec<Diagnostic> {
        let (_, bad) = places::collect(lib, config);
        let mut out: Vec<Diagnostic> = bad
            .into_iter()
            .map(|b| {
                let text = std::fs::read_to_string(&b.file).unwrap_or_default();
                let key = if b.message.starts_with("`datum`") {
                    "datum"
                } else {
                    "lat"
                };
                Diagnostic::in_file(&b.file, b.message).at_line(coordinates_line(&text, key))
            })
            .collect();
        out.extend(
            settings::Settings::problems(config)
                .into_iter()
                .map(|m| Diagnostic::new(format!("config.toml: {m}"))),
        );
        out
    }

    fn functions(&self, lib: &Arc<Library>, config: &Arc<Config>, f: &mut dyn Functions) {
        let atlas = Arc::new(atlas::Atlas::new(lib, config).keeping(&f.cache_dir("maps")));
        let key = Arc::as_ptr(lib) as usize;
        *self.atlas.lock().unwrap_or_else(|e| e.into_inner()) = Some((key, atlas.clone()));
        functions::register(f, atlas);
    }

    fn outputs(&self, site: &dyn RenderedSite) -> Vec<Diagnostic> {
        // The functions' atlas, if it was made from this very library (else a new one).
        let key = site.library() as *const Library as usize;
        let kept = self.atlas.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let atlas = match kept {
            Some((k, a)) if k == key => a,
            _ => Arc::new(atlas::Atlas::new(site.library(), site.config())),
        };
        files::write_all(site, &atlas)
    }
}

/// The line of `key` in the coordinates table (TOML `[extra.place.coordinates]` or YAML).
fn coordinates_line(text: &str, key: &str) -> Option<usize> {
    let header = text
        .lines()
        .position(|l| {
            l.trim_start().starts_with("[extra.place.coordinates")
                || l.trim_start().starts_with("coordinates")
        })
        .unwrap_or(0);
    let below: String = text.lines().skip(header).collect::<Vec<_>>().join("\n");
    line_of_key(&below, key)
        .map(|l| l + header)
        .or(Some(header + 1))
}

/// `[extra.yiyong.maps]`, for the other modules.
fn settings(config: &Config) -> Option<&serde_json::Map<String, serde_json::Value>> {
    settings::table(config)
}
