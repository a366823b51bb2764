//! The site's icons for browsers and phones: `favicon.ico` (16, 32 and 48 px) and
//! `apple-touch-icon.png` (180 px, on white: a phone shows transparency as black), drawn at
//! build time from the association's logo (`[extra.yiyong] logo`), else from the site's or the
//! theme's `favicon.svg`. A file of the same name the site (or its theme) ships in `static/`
//! wins and nothing is written. Drawn once per picture: the results are kept in the build
//! cache (`.yiyong-cache/icons`), by the picture's hash.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use image::codecs::ico::{IcoEncoder, IcoFrame};
use image::{imageops, ExtendedColorType, ImageEncoder, RgbaImage};
use serde_json::{json, Value};
use yiyong_core::error::Diagnostic;
use yiyong_core::extension::RenderedSite;
use yiyong_core::Config;

/// The sizes inside favicon.ico: the browser's tab (16, 32 on a dense screen) and Windows (48).
const ICO_SIZES: [u32; 3] = [16, 32, 48];
/// What iOS and many Android launchers ask for (`<link rel="apple-touch-icon">`).
const TOUCH_SIZE: u32 = 180;
/// The touch icon's margin on each side, of its size: the phone rounds its corners.
const TOUCH_MARGIN: f32 = 0.08;
/// Changes whenever what is drawn changes, so that an old cache entry is not reused.
const DRAWING: &str = "icons-1";

pub const ICO: &str = "favicon.ico";
pub const TOUCH: &str = "apple-touch-icon.png";

/// The folders a site's pictures are looked up in, as the templates' image functions do.
fn picture_dirs(root: &Path, config: &Config) -> (Vec<PathBuf>, Option<PathBuf>) {
    let theme = config
        .theme
        .as_ref()
        .map(|t| root.join("themes").join(t))
        .filter(|d| d.is_dir());
    let mut dirs = vec![root.join("static")];
    dirs.extend(theme.iter().map(|t| t.join("static")));
    (dirs, theme)
}

/// Where a picture the config names is looked up (static/, the theme's static/, content/, the
/// site folder, as `get_image_metadata` looks), and the folders it may resolve into (the
/// site's and the theme's).
fn lookup(root: &Path, config: &Config) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let (mut dirs, theme) = picture_dirs(root, config);
    dirs.push(root.join("content"));
    dirs.push(root.to_path_buf());
    let mut allowed = vec![root.to_path_buf()];
    allowed.extend(theme);
    (dirs, allowed)
}

/// A picture the config names (`images/logo.png`), as the build finds it: see `lookup`.
fn find_named(rel: &str, root: &Path, config: &Config) -> Option<PathBuf> {
    let (dirs, allowed) = lookup(root, config);
    let allowed: Vec<&Path> = allowed.iter().map(PathBuf::as_path).collect();
    let rel = rel.trim().trim_start_matches('/');
    yiyong_core::find_site_file(rel, &dirs, &allowed)
        .ok()
        .flatten()
}

/// The association's logo (`[extra.yiyong] logo`) as the build finds it, the file the header
/// shows and the icons are drawn from; `None` when none is set or it is nowhere the build
/// looks. `yiyong doctor` asks this, so that it never says "no logo" for one the header shows.
pub fn logo_file(root: &Path, config: &Config) -> Option<PathBuf> {
    find_named(logo_setting(config)?, root, config)
}

/// `site_image(path="images/logo.svg")`: a picture of the site's (under `static/`, the theme's
/// `static/`, `content/` or the site folder, as `get_image_metadata` looks) as
/// `{url, width, height}`, worked out once per file (by path, size and time changed): the
/// header's emblem and the footer's 公安 icon are on every page, and reading and measuring
/// them for each was 6% of the template time at 16,000 pages.
pub struct SiteImage {
    root: PathBuf,
    dirs: Vec<PathBuf>,
    allowed: Vec<PathBuf>,
    base_url: String,
    /// By the path asked for.
    known: std::sync::Mutex<HashMap<String, Measured>>,
}

/// A picture as `site_image` found it: the file, its size and time changed, and the answer.
type Measured = (PathBuf, u64, Option<SystemTime>, Value);

impl SiteImage {
    pub fn new(root: &Path, config: &Config) -> SiteImage {
        let (dirs, allowed) = lookup(root, config);
        SiteImage {
            root: root.to_path_buf(),
            dirs,
            allowed,
            base_url: config.base_url.trim_end_matches('/').to_string(),
            known: Default::default(),
        }
    }

    fn measure(&self, rel: &str, file: &Path) -> std::result::Result<Value, String> {
        let (w, h) = if file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
        {
            let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
            let tree = resvg::usvg::Tree::from_data(&bytes, &resvg::usvg::Options::default())
                .map_err(|e| e.to_string())?;
            let size = tree.size();
            (size.width().round() as u32, size.height().round() as u32)
        } else {
            image::image_dimensions(file).map_err(|e| e.to_string())?
        };
        Ok(json!({
            "url": format!("{}/{}", self.base_url, rel),
            "width": w,
            "height": h,
        }))
    }
}

impl tera::Function for SiteImage {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = args.get("path").and_then(Value::as_str).ok_or_else(|| {
            tera::Error::msg("site_image needs `path`, e.g. site_image(path=\"images/logo.svg\")")
        })?;
        let rel = path.trim().trim_start_matches('/');
        let stamp = |f: &Path| {
            std::fs::metadata(f)
                .ok()
                .map(|m| (m.len(), m.modified().ok()))
        };
        let known = self
            .known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(rel)
            .cloned();
        // The same file, unchanged (one `stat`; finding it again took most of the time).
        if let Some((file, len, time, v)) = known {
            if stamp(&file) == Some((len, time)) {
                return Ok(v);
            }
        }
        let allowed: Vec<&Path> = self.allowed.iter().map(PathBuf::as_path).collect();
        let file = yiyong_core::find_site_file(rel, &self.dirs, &allowed)
            .ok()
            .flatten()
            .ok_or_else(|| {
                tera::Error::msg(format!(
                    "site_image: `{path}` is not in static/, content/ or the theme's static/ of {}",
                    self.root.display()
                ))
            })?;
        let (len, time) = stamp(&file).unwrap_or((0, None));
        let v = self
            .measure(rel, &file)
            .map_err(|e| tera::Error::msg(format!("site_image: {}: {e}", file.display())))?;
        self.known
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), (file, len, time, v.clone()));
        Ok(v)
    }
}

/// `[extra.yiyong] logo`, as written.
pub fn logo_setting(config: &Config) -> Option<&str> {
    config
        .extra
        .get("yiyong")
        .and_then(|y| y.get("logo"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Writes the icons the site does not ship itself; a logo that cannot be read or drawn is an
/// error naming it.
pub fn write(r: &dyn RenderedSite) -> Vec<Diagnostic> {
    let root = r.root();
    let config = r.config();
    let (static_dirs, _) = picture_dirs(root, config);
    let shipped = |name: &str| static_dirs.iter().any(|d| d.join(name).is_file());
    let want_ico = !shipped(ICO);
    let want_touch = !shipped(TOUCH);
    if !want_ico && !want_touch {
        return vec![];
    }
    let source = match logo_setting(config) {
        Some(logo) => match find_named(logo, root, config) {
            Some(p) => p,
            None => {
                return vec![Diagnostic::new(format!(
                        "config.toml: the logo `{logo}` ([extra.yiyong] logo) is not in static/, \
                         content/ or the theme's static/"
                    ))
                    .with_hint("put the picture under static/ and write its path from there, e.g. logo = \"images/logo.png\"")];
            }
        },
        None => match static_dirs
            .iter()
            .map(|d| d.join("favicon.svg"))
            .find(|p| p.is_file())
        {
            Some(p) => p,
            None => return vec![],
        },
    };
    let icons = match drawn(&source, &r.cache_dir("icons")) {
        Ok(i) => i,
        Err(e) => {
            return vec![Diagnostic::in_file(
                &source,
                format!("cannot make favicon.ico and the app icon from this picture: {e}"),
            )
            .with_hint("use a PNG, JPEG or SVG logo (text in an SVG must be turned into paths)")]
        }
    };
    let mut errors = vec![];
    if want_ico {
        errors.extend(r.write_file(ICO, &icons.ico).err());
    }
    if want_touch {
        errors.extend(r.write_file(TOUCH, &icons.touch).err());
    }
    errors
}

pub struct Icons {
    pub ico: Vec<u8>,
    pub touch: Vec<u8>,
}

/// The icons of the picture at `source`, from the cache when it holds them.
fn drawn(source: &Path, cache: &Path) -> Result<Icons, String> {
    let bytes = std::fs::read(source).map_err(|e| e.to_string())?;
    let svg = source
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    let key = xxhash_rust::xxh3::xxh3_128(&[DRAWING.as_bytes(), b"\0", &bytes].concat());
    let (ico_file, touch_file) = (
        cache.join(format!("{key:032x}.ico")),
        cache.join(format!("{key:032x}.png")),
    );
    if let (Ok(ico), Ok(touch)) = (std::fs::read(&ico_file), std::fs::read(&touch_file)) {
        return Ok(Icons { ico, touch });
    }
    let icons = draw(&bytes, svg)?;
    // A failed cache write only costs the next build the drawing.
    if std::fs::create_dir_all(cache).is_ok() {
        let _ = std::fs::write(&ico_file, &icons.ico);
        let _ = std::fs::write(&touch_file, &icons.touch);
    }
    Ok(icons)
}

/// Draws the icons of a picture (an SVG's text, or a raster image's bytes).
pub fn draw(bytes: &[u8], svg: bool) -> Result<Icons, String> {
    let square = |size: u32, margin: f32| -> Result<RgbaImage, String> {
        if svg {
            svg_square(bytes, size, margin)
        } else {
            raster_square(bytes, size, margin)
        }
    };
    let mut frames = vec![];
    for size in ICO_SIZES {
        let img = square(size, 0.0)?;
        let frame = IcoFrame::as_png(img.as_raw(), size, size, ExtendedColorType::Rgba8)
            .map_err(|e| e.to_string())?;
        frames.push(frame);
    }
    let mut ico = vec![];
    IcoEncoder::new(&mut ico)
        .encode_images(&frames)
        .map_err(|e| e.to_string())?;
    let mut touch_img = square(TOUCH_SIZE, TOUCH_MARGIN)?;
    on_white(&mut touch_img);
    let mut touch = vec![];
    image::codecs::png::PngEncoder::new(&mut touch)
        .write_image(
            touch_img.as_raw(),
            TOUCH_SIZE,
            TOUCH_SIZE,
            ExtendedColorType::Rgba8,
        )
        .map_err(|e| e.to_string())?;
    Ok(Icons { ico, touch })
}

/// An SVG drawn centred in a transparent square of `size` px, `margin` (a fraction of the
/// size) left free on each side.
fn svg_square(bytes: &[u8], size: u32, margin: f32) -> Result<RgbaImage, String> {
    use resvg::{tiny_skia, usvg};
    let tree =
        usvg::Tree::from_data(bytes, &usvg::Options::default()).map_err(|e| e.to_string())?;
    let (w, h) = (tree.size().width(), tree.size().height());
    let inner = size as f32 * (1.0 - 2.0 * margin);
    let scale = (inner / w).min(inner / h);
    let (dx, dy) = (
        (size as f32 - w * scale) / 2.0,
        (size as f32 - h * scale) / 2.0,
    );
    let mut pixmap = tiny_skia::Pixmap::new(size, size).ok_or("an empty picture")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_row(scale, 0.0, 0.0, scale, dx, dy),
        &mut pixmap.as_mut(),
    );
    // tiny-skia keeps premultiplied colours; an image keeps straight ones.
    let straight: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    RgbaImage::from_raw(size, size, straight).ok_or_else(|| "a picture of no size".into())
}

/// A PNG, JPEG or WebP scaled to fit a transparent square of `size` px, centred.
fn raster_square(bytes: &[u8], size: u32, margin: f32) -> Result<RgbaImage, String> {
    let img = image::load_from_memory(bytes).map_err(|e| e.to_string())?;
    let inner = ((size as f32) * (1.0 - 2.0 * margin)).round().max(1.0) as u32;
    let fitted = img
        .resize(inner, inner, imageops::FilterType::Lanczos3)
        .to_rgba8();
    let mut square = RgbaImage::new(size, size);
    let x = (size - fitted.width()) / 2;
    let y = (size - fitted.height()) / 2;
    imageops::overlay(&mut square, &fitted, x.into(), y.into());
    Ok(square)
}

/// Puts the picture on white (opaque), as phones show a transparent touch icon on black.
fn on_white(img: &mut RgbaImage) {
    for p in img.pixels_mut() {
        let a = p[3] as u32;
        for c in 0..3 {
            p[c] = ((p[c] as u32 * a + 255 * (255 - a)) / 255) as u8;
        }
        p[3] = 255;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STAR: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#a8071a"/><path fill="#fff" d="M16 4.5l3.1 8.2h8.7l-7 5.3 2.6 8.5L16 21.4l-7.4 5.1 2.6-8.5-7-5.3h8.7z"/></svg>"##;

    #[test]
    fn an_svg_makes_an_ico_of_three_sizes_and_an_opaque_touch_icon() {
        let icons = draw(STAR.as_bytes(), true).unwrap();
        let ico = image::load_from_memory_with_format(&icons.ico, image::ImageFormat::Ico).unwrap();
        // The decoder gives the largest entry.
        assert_eq!((ico.width(), ico.height()), (48, 48));
        assert_eq!(u16::from_le_bytes([icons.ico[4], icons.ico[5]]), 3);
        let touch = image::load_from_memory(&icons.touch).unwrap().to_rgba8();
        assert_eq!(touch.dimensions(), (180, 180));
        assert!(touch.pixels().all(|p| p[3] == 255));
        // The corner is the margin (white), the middle the brand red.
        assert_eq!(touch.get_pixel(1, 1).0, [255, 255, 255, 255]);
        assert_eq!(touch.get_pixel(90, 30).0[..3], [0xa8, 0x07, 0x1a]);
    }

    #[test]
    fn a_wide_raster_logo_is_centred_in_the_square() {
        let mut wide = RgbaImage::new(200, 100);
        for p in wide.pixels_mut() {
            *p = image::Rgba([0, 0, 255, 255]);
        }
        let mut png = vec![];
        image::codecs::png::PngEncoder::new(&mut png)
            .write_image(wide.as_raw(), 200, 100, ExtendedColorType::Rgba8)
            .unwrap();
        let icons = draw(&png, false).unwrap();
        let ico = image::load_from_memory(&icons.ico).unwrap().to_rgba8();
        assert_eq!(ico.get_pixel(24, 24).0, [0, 0, 255, 255]);
        assert_eq!(
            ico.get_pixel(24, 2).0[3],
            0,
            "above a wide logo is transparent"
        );
    }

    #[test]
    fn a_broken_picture_is_an_error_not_a_panic() {
        assert!(draw(b"not a picture", false).is_err());
        assert!(draw(b"<svg", true).is_err());
    }
}
