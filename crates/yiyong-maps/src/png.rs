//! A PNG of every map, drawn in Rust by resvg, for WeChat posts and social previews. Chinese
//! labels need a CJK font: the one the owner names (`[extra.yiyong.maps] font`), else the first
//! system font with Chinese glyphs; with neither, the build says so instead of drawing boxes.
//! Each PNG is kept in `.yiyong-cache/maps/` under a hash of its SVG, so a rebuild with no place
//! changed draws nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use resvg::usvg::{self, fontdb};

pub struct Painter {
    options: usvg::Options<'static>,
    /// Pixel buffers of maps drawn already, for the next: a fresh 7 MB buffer is zeroed by
    /// the kernel a page at a time, and those page faults were a sixth of painting a map.
    buffers: std::sync::Mutex<Vec<Vec<u8>>>,
}

/// A database of the chosen family's faces alone: with every system font in it, resvg spent
/// most of a map's 160 ms choosing among them for each label.
fn only_family(all: &fontdb::Database, family: &str) -> fontdb::Database {
    let mut db = fontdb::Database::new();
    let mut sources: Vec<fontdb::Source> = vec![];
    for f in all
        .faces()
        .filter(|f| f.families.iter().any(|(n, _)| n == family))
    {
        let same = |s: &fontdb::Source| match (s, &f.source) {
            (fontdb::Source::File(a), fontdb::Source::File(b)) => a == b,
            _ => false,
        };
        if !sources.iter().any(same) {
            sources.push(f.source.clone());
        }
    }
    for s in sources {
        db.load_font_source(s);
    }
    let others: Vec<fontdb::ID> = db
        .faces()
        .filter(|f| !f.families.iter().any(|(n, _)| n == family))
        .map(|f| f.id)
        .collect();
    for id in others {
        db.remove_face(id);
    }
    db
}

/// The database with each font file mapped once for the build. A face read from its file is
/// mapped again for every label resvg lays out: at 1,000 heroes that was 6,100 opens and maps
/// of the 20 MB Noto CJK collections for 24 PNGs (`strace -c`).
fn shared(mut db: fontdb::Database) -> fontdb::Database {
    let ids: Vec<fontdb::ID> = db.faces().map(|f| f.id).collect();
    for id in ids {
        // SAFETY: the map is of a font file that another process could change while it is
        // mapped; fontdb's `memmap-fonts` feature, which this crate enables, maps the same
        // file on every use anyway, so one lasting map adds no exposure.
        unsafe {
            db.make_shared_face_data(id);
        }
    }
    db
}

/// Whether the face has glyphs for common Chinese characters.
fn has_chinese(db: &fontdb::Database, id: fontdb::ID) -> bool {
    use skrifa::MetadataProvider;
    db.with_face_data(id, |data, index| {
        skrifa::FontRef::from_index(data, index)
            .map(|f| {
                let map = f.charmap();
                "中国见义勇为".chars().all(|c| map.map(c).is_some())
            })
            .unwrap_or(false)
    })
    .unwrap_or(false)
}

impl Painter {
    /// `font`: the owner's font file, if configured. `resources`: where relative image paths
    /// (a background picture) are read from.
    pub fn new(font: Option<&Path>, resources: PathBuf) -> Result<Painter, String> {
        let mut db = fontdb::Database::new();
        let family = match font {
            Some(path) => {
                let before: Vec<_> = db.faces().map(|f| f.id).collect();
                db.load_font_file(path).map_err(|e| {
                    format!(
                        "cannot read the map font {}: {e}; check `font` in [extra.yiyong.maps]",
                        path.display()
                    )
                })?;
                let face = db
                    .faces()
                    .find(|f| !before.contains(&f.id) && has_chinese(&db, f.id))
                    .ok_or_else(|| format!("the map font {} has no Chinese characters; name a CJK font (for example Noto Sans CJK SC) in `font` under [extra.yiyong.maps]", path.display()))?;
                face.families
                    .first()
                    .map(|(n, _)| n.clone())
                    .unwrap_or_default()
            }
            None => {
                db.load_system_fonts();
                let mut chinese: Vec<&fontdb::FaceInfo> =
                    db.faces().filter(|f| has_chinese(&db, f.id)).collect();
                // Prefer a Simplified Chinese sans face when several are installed.
                chinese.sort_by_key(|f| {
                    let n = f.families.first().map(|(n, _)| n.as_str()).unwrap_or("");
                    (!n.contains("SC"), !n.contains("Sans"), n.to_string())
                });
                let face = chinese.first().ok_or_else(|| {
                    "no font with Chinese characters was found for the map pictures (PNG); install one (Debian: apt-get install fonts-noto-cjk) or name a font file in `font` under [extra.yiyong.maps]".to_string()
                })?;
                face.families
                    .first()
                    .map(|(n, _)| n.clone())
                    .unwrap_or_default()
            }
        };
        let options = usvg::Options {
            fontdb: Arc::new(shared(only_family(&db, &family))),
            font_family: family,
            resources_dir: Some(resources),
            languages: vec!["zh-CN".into()],
            ..Default::default()
        };
        Ok(Painter {
            options,
            buffers: Default::default(),
        })
    }

    /// Draws `svg` at `scale` × its size on white and encodes it as PNG.
    pub fn paint(&self, svg: &str, scale: f32) -> Result<Vec<u8>, String> {
        // The theme's font list names fonts this machine may not have; the chosen CJK face
        // goes first so that every label is drawn with it.
        let svg = svg.replacen(
            &format!("font-family=\"{}\"", super::svg::FONTS),
            &format!(
                "font-family=\"{}\"",
                self.options.font_family.replace('"', "")
            ),
            1,
        );
        let tree = usvg::Tree::from_str(&svg, &self.options)
            .map_err(|e| format!("cannot draw the map: {e}"))?;
        let size = tree
            .size()
            .to_int_size()
            .scale_by(scale)
            .ok_or("the map has no size")?;
        let mut buffer = self.buffers.lock().unwrap().pop().unwrap_or_default();
        let bytes = (size.width() as usize).checked_mul(size.height() as usize * 4);
        buffer.resize(bytes.ok_or("the map is too large to draw")?, 0);
        let mut pixmap = resvg::tiny_skia::Pixmap::from_vec(buffer, size)
            .ok_or("the map is too large to draw")?;
        pixmap.fill(resvg::tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(scale, scale),
            &mut pixmap.as_mut(),
        );
        // A background picture (a photo or tiles of one) is what PNG's filters are for.
        let png = encode(&pixmap, svg.contains("<image"));
        self.buffers.lock().unwrap().push(pixmap.take());
        png
    }
}

/// How `encode` encodes, in the cache's names: a cache from an older encoder is not
/// reused, so that a site's PNGs are the same bytes whatever its cache held.
const ENCODING: &str = "indexed-l2-unfiltered";

/// The cache file for a picture: a hash of everything that decides its pixels and bytes.
pub fn cache_name(svg: &str, family: &str, scale: f32) -> String {
    let key = format!("{ENCODING}\u{0}{family}\u{0}{scale}\u{0}{svg}");
    let h = xxhash_rust::xxh3::xxh3_128(key.as_bytes());
    format!("{h:032x}.png")
}

/// A drawn map as an indexed PNG (`palette.rs`), with the `png` crate, not tiny-skia's own
/// encoder, which took longer than drawing the map; RGB when it has too many colours for a
/// palette (the map is opaque: an alpha channel would be a quarter of the data).
/// Flat colours compress best unfiltered, at zlib level 2 here: the filters PNG has for
/// photographs only hurt a drawing, and level 3 took 70% longer for 4% fewer bytes
/// (docs/outreach-bench.md has the figures). A map over a
/// background picture (`photo`) keeps RGB with the balanced mode (level 6, adaptive filters).
fn encode(pixmap: &resvg::tiny_skia::Pixmap, photo: bool) -> Result<Vec<u8>, String> {
    let indexed = (!photo)
        .then(|| super::palette::indexed(pixmap.data()))
        .flatten();
    let mut out = vec![];
    let mut enc = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    enc.set_depth(png::BitDepth::Eight);
    if photo {
        enc.set_compression(png::Compression::Balanced);
    } else {
        enc.set_deflate_compression(png::DeflateCompression::Level(2));
        enc.set_filter(png::Filter::NoFilter);
    }
    let data = match indexed {
        Some((palette, pixels)) => {
            enc.set_color(png::ColorType::Indexed);
            enc.set_palette(palette);
            pixels
        }
        None => {
            enc.set_color(png::ColorType::Rgb);
            pixmap
                .data()
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect()
        }
    };
    let fail = |e: png::EncodingError| format!("cannot encode the map as PNG: {e}");
    let mut w = enc.write_header().map_err(fail)?;
    w.write_image_data(&data).map_err(fail)?;
    w.finish().map_err(fail)?;
    Ok(out)
}
