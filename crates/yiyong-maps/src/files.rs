//! The map files: each map as an SVG, and as a PNG drawn from it (cached by the SVG's hash),
//! plus the 「离我最近」 script, all in the maps folder of the output.

use std::path::PathBuf;

use rayon::prelude::*;
use yiyong_core::error::Diagnostic;
use yiyong_core::extension::RenderedSite;

use super::atlas::{Atlas, Selection};
use super::png::{cache_name, Painter};

const NEAREST_JS: &str = include_str!("../assets/nearest.js");
const TIANDITU_JS: &str = include_str!("../assets/tianditu.js");
/// PNGs are 1,080 px wide, the width of a WeChat article's pictures.
const PNG_WIDTH: f32 = 1080.0;

pub fn write_all(site: &dyn RenderedSite, atlas: &Atlas) -> Vec<Diagnostic> {
    if atlas.places.is_empty() {
        return vec![];
    }
    let folder = atlas.settings.folder.clone();
    let mut errors = vec![];
    errors.extend(
        site.write_file(&format!("{folder}/nearest.js"), NEAREST_JS.as_bytes())
            .err(),
    );
    if atlas.settings.tianditu.is_some() {
        let js = TIANDITU_JS.as_bytes();
        errors.extend(site.write_file(&format!("{folder}/tianditu.js"), js).err());
    }
    let cache = site.cache_dir("maps");
    let font = atlas.settings.font.as_ref().map(|f| site.root().join(f));
    let font_key = font
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "system".into());
    let painter = std::sync::OnceLock::new();
    let resources = resources(site);
    let local_background = atlas
        .background()
        .map(|b| (b.href.clone(), b.local.clone()));
    // The cached PNGs this build uses: the others are of maps the site no longer has.
    let used = std::sync::Mutex::new(std::collections::HashSet::new());
    let paint = |svg: &str, width: f32| -> Result<Vec<u8>, String> {
        let scale = PNG_WIDTH / width;
        let name = cache_name(svg, &font_key, scale);
        let file = cache.join(&name);
        used.lock().unwrap_or_else(|e| e.into_inner()).insert(name);
        if let Ok(bytes) = std::fs::read(&file) {
            return Ok(bytes);
        }
        let painter: &Result<Painter, String> =
            painter.get_or_init(|| Painter::new(font.as_deref(), resources.clone()));
        // The picture's address on the site becomes its file below static/.
        let local;
        let svg = match &local_background {
            Some((href, file)) => {
                local = svg.replace(
                    &format!("href=\"{}\"", super::svg::esc(href)),
                    &format!("href=\"{}\"", super::svg::esc(file)),
                );
                &local
            }
            None => svg,
        };
        let bytes = painter.as_ref().map_err(Clone::clone)?.paint(svg, scale)?;
        // A failed cache write only costs the next build the drawing.
        let _ = std::fs::create_dir_all(&cache);
        let tmp = file.with_extension(format!("tmp{}", std::process::id()));
        if std::fs::write(&tmp, &bytes).is_ok() {
            let _ = std::fs::rename(&tmp, &file);
        }
        Ok(bytes)
    };
    let s = &atlas.settings;
    // A place's map is inline on its page: it is a file only as the PNG `place_png` asks for.
    let selections = atlas.all(s.png && s.place_png);
    // In chunks, so that 5,000 place maps are never all in memory at once; each map is drawn
    // and handed to the output on the same thread (the output scans and hashes what it gets:
    // on one thread that was most of this stage).
    for chunk in selections.chunks(256) {
        let results: Vec<Result<(), Diagnostic>> = chunk
            .par_iter()
            .map(|sel| {
                let (svg, width) = file_svg(atlas, sel);
                let stem = atlas.file_stem(sel);
                let want_png = s.png && (s.place_png || !matches!(sel, Selection::Place(_)));
                let png = want_png.then(|| paint(&svg, width)).transpose();
                if !matches!(sel, Selection::Place(_)) {
                    let bytes = file_bytes(&svg);
                    site.write_file(&format!("{folder}/{stem}.svg"), bytes.as_bytes())?;
                }
                match png.map_err(|message| Diagnostic::new(format!("map pictures: {message}")))? {
                    Some(bytes) => site.write_file(&format!("{folder}/{stem}.png"), &bytes),
                    None => Ok(()),
                }
            })
            .collect();
        let mut failed = results.into_iter().filter_map(Result::err).peekable();
        if failed.peek().is_some() {
            // One message per cause: a missing font fails every PNG alike.
            let mut seen = std::collections::HashSet::new();
            errors.extend(failed.filter(|d| seen.insert(d.message.clone())));
            return errors;
        }
    }
    atlas.keep();
    prune(
        &cache,
        &used.into_inner().unwrap_or_else(|e| e.into_inner()),
    );
    errors
}

/// Removes the cached PNGs no map of this build used: every edit of a place made new ones, and
/// the demo's cache had grown to 84 MB of pictures of maps that no longer exist.
fn prune(cache: &std::path::Path, used: &std::collections::HashSet<String>) {
    for entry in std::fs::read_dir(cache).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".png") && !used.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A map as a standalone file: an XML declaration and a size, so that viewers and resvg draw
/// it at its intended size.
/// A map's markup and its width.
fn file_svg(atlas: &Atlas, sel: &Selection) -> (String, f32) {
    let svg = match sel {
        Selection::Place(i) => atlas.place_svg(*i),
        _ => std::sync::Arc::new(atlas.draw(sel, false, true)),
    };
    (svg.markup().to_string(), svg.width as f32)
}

/// The dark colour scheme for a map file shown as a picture (`<img>`), where the page's CSS
/// does not reach: the same colours as the theme's rules for maps inside pages.
const DARK: &str = "<style>@media (prefers-color-scheme:dark){.map-bg{fill:#1d1d1d}.map-band,.lb{fill:#141414}.map-labels,.map-ink{fill:#e8e8e8}.map-caption{fill:#b3b3b3}.map-scale,.map-leaders{stroke:#e8e8e8}.map-north{fill:#e8e8e8}}</style>";

/// The file's bytes: an XML declaration, and the dark scheme after the description.
fn file_bytes(svg: &str) -> String {
    let svg = svg.replacen("<defs>", &format!("{DARK}<defs>"), 1);
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{svg}\n")
}

/// Where a background picture named under `static/` is read from when drawing the PNG.
fn resources(site: &dyn RenderedSite) -> PathBuf {
    site.root().join("static")
}
