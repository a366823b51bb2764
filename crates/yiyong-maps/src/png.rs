//! A PNG of every map, drawn in Rust by resvg, for WeChat posts and social previews. Chinese
//! labels need a CJK font: the one the owner names (`[extra.yiyong.maps] font`), else the first
//! system font with Chinese glyphs; with neither, the build says so instead of drawing boxes.
//! Each PNG is kept in `.yiyong-cache/maps/` under a hash of its SVG, so a rebuild with no place
//! changed draws nothing.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use resvg::tiny_skia::Pixmap;
use resvg::usvg::{self, fontdb};

pub struct Painter {
    options: usvg::Options<'static>,
    /// Pixel buffers of maps drawn already, for the next: a fresh 7 MB buffer is zeroed by
    /// the kernel a page at a time, and those page faults were a sixth of painting a map.
    buffers: std::sync::Mutex<Vec<Vec<u8>>>,
    /// The labels' glyphs (`glyphs.rs`); `None` if the family has no regular or bold face.
    glyphs: Option<super::glyphs::Glyphs>,
    /// The markers (`stamps.rs`).
    stamps: super::stamps::Stamps,
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
        let fontdb = Arc::new(shared(only_family(&db, &family)));
        let glyphs = super::glyphs::Glyphs::new(fontdb.clone(), &family);
        let options = usvg::Options {
            fontdb,
            font_family: family,
            resources_dir: Some(resources),
            languages: vec!["zh-CN".into()],
            ..Default::default()
        };
        Ok(Painter {
            options,
            buffers: Default::default(),
            glyphs,
            stamps: Default::default(),
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
        let pixmap = self.draw(&svg, scale, true)?;
        // A background picture (a photo or tiles of one) is what PNG's filters are for.
        let png = encode(&pixmap, svg.contains("<image"));
        self.buffers.lock().unwrap().push(pixmap.take());
        png
    }

    /// The picture: drawn by resvg, its markers and texts by `stamps` and `glyphs` when
    /// `own` and they can draw them all (after the rest: a map's markers and texts are on top
    /// of what they mark).
    fn draw(&self, svg: &str, scale: f32, own: bool) -> Result<Pixmap, String> {
        let glyphs = self.glyphs.as_ref().filter(|_| own);
        let split = glyphs.and_then(|g| Some((g, super::split::split(svg)?)));
        let shapes = split.as_ref().map_or(svg, |(_, s)| s.rest.as_str());
        let tree = usvg::Tree::from_str(shapes, &self.options)
            .map_err(|e| format!("cannot draw the map: {e}"))?;
        let size = tree
            .size()
            .to_int_size()
            .scale_by(scale)
            .ok_or("the map has no size")?;
        let mut buffer = self.buffers.lock().unwrap().pop().unwrap_or_default();
        let bytes = (size.width() as usize).checked_mul(size.height() as usize * 4);
        buffer.resize(bytes.ok_or("the map is too large to draw")?, 0);
        let mut pixmap = Pixmap::from_vec(buffer, size).ok_or("the map is too large to draw")?;
        pixmap.fill(resvg::tiny_skia::Color::WHITE);
        let transform = resvg::tiny_skia::Transform::from_scale(scale, scale);
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        if let Some((glyphs, split)) = &split {
            self.stamps
                .draw(&mut pixmap, &split.stamps, scale, &self.options);
            glyphs.draw(&mut pixmap, &split.labels, scale);
        }
        Ok(pixmap)
    }
}

/// How `encode` encodes, in the cache's names: a cache from an older encoder is not
/// reused, so that a site's PNGs are the same bytes whatever its cache held.
const ENCODING: &str = "indexed-rle-or-rgb-l2-glyphs-stamps";

/// The cache file for a picture: a hash of everything that decides its pixels and bytes.
pub fn cache_name(svg: &str, family: &str, scale: f32) -> String {
    let key = format!("{ENCODING}\u{0}{family}\u{0}{scale}\u{0}{svg}");
    let h = xxhash_rust::xxh3::xxh3_128(key.as_bytes());
    format!("{h:032x}.png")
}

/// A drawn map as an indexed PNG (`palette.rs`), with the `png` crate, not tiny-skia's own
/// encoder, which took longer than drawing the map; RGB when it has too many colours for a
/// palette (the map is opaque: an alpha channel would be a quarter of the data).
/// A map over a background picture (`photo`) keeps RGB with the balanced mode (level 6,
/// adaptive filters): PNG's filters are made for photographs.
fn encode(pixmap: &Pixmap, photo: bool) -> Result<Vec<u8>, String> {
    let indexed = (!photo)
        .then(|| super::palette::indexed(pixmap.data()))
        .flatten();
    let mut out = vec![];
    let mut enc = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    enc.set_depth(png::BitDepth::Eight);
    let fail = |e: png::EncodingError| format!("cannot encode the map as PNG: {e}");
    match indexed {
        Some((palette, pixels)) => {
            enc.set_color(png::ColorType::Indexed);
            enc.set_palette(palette);
            let idat = rle_rows(&pixels, pixmap.width() as usize)?;
            let mut w = enc.write_header().map_err(fail)?;
            w.write_chunk(png::chunk::IDAT, &idat).map_err(fail)?;
            w.finish().map_err(fail)?;
        }
        None => {
            enc.set_color(png::ColorType::Rgb);
            // A drawing with too many colours for a palette compresses best unfiltered, at
            // zlib level 2 (level 3 took 70% longer for 4% fewer bytes).
            if photo {
                enc.set_compression(png::Compression::Balanced);
            } else {
                enc.set_deflate_compression(png::DeflateCompression::Level(2));
                enc.set_filter(png::Filter::NoFilter);
            }
            let rgb: Vec<u8> = pixmap
                .data()
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect();
            let mut w = enc.write_header().map_err(fail)?;
            w.write_image_data(&rgb).map_err(fail)?;
            w.finish().map_err(fail)?;
        }
    }
    Ok(out)
}

/// The image data of an indexed map: its rows unfiltered, compressed by zlib's run-length
/// strategy (`Z_RLE`, matches one byte back only). A map is flat colours, so its rows are
/// runs of one index: this made the 24 PNGs of the 10,000-hero corpus 9% larger than zlib
/// level 2 (2.34 against 2.15 MB) in a third of the time (50 against 141 ms on one core;
/// docs/outreach-bench.md). The `png` crate offers no strategy, so the stream is made here
/// and written as one IDAT chunk.
fn rle_rows(pixels: &[u8], width: usize) -> Result<Vec<u8>, String> {
    let mut rows = Vec::with_capacity(pixels.len() + pixels.len() / width.max(1) + 1);
    for row in pixels.chunks(width.max(1)) {
        rows.push(0); // filter type None
        rows.extend_from_slice(row);
    }
    let mut out = vec![0u8; zlib_rs::compress_bound(rows.len())];
    let config = zlib_rs::DeflateConfig {
        strategy: zlib_rs::Strategy::Rle,
        ..Default::default()
    };
    let (stream, code) = zlib_rs::compress_slice(&mut out, &rows, config);
    if code != zlib_rs::ReturnCode::Ok {
        return Err(format!("cannot compress the map's pixels: {code:?}"));
    }
    let len = stream.len();
    out.truncate(len);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A picture of flat colours with single-pixel edges, as a map is drawn.
    fn drawing(width: u32, height: u32) -> resvg::tiny_skia::Pixmap {
        let mut p = resvg::tiny_skia::Pixmap::new(width, height).unwrap();
        for (i, px) in p.data_mut().chunks_exact_mut(4).enumerate() {
            let (x, y) = (i as u32 % width, i as u32 / width);
            let c: [u8; 3] = match (x / 7 + y / 5) % 4 {
                _ if x == y => [10, 20, 30],
                0 => [255, 255, 255],
                1 => [180, 35, 24],
                2 => [47, 107, 31],
                _ => [240, 238, 230],
            };
            px.copy_from_slice(&[c[0], c[1], c[2], 255]);
        }
        p
    }

    /// Texts as the maps write them: labels that start at x, marker numbers in bold centred
    /// on white, a scale's text that ends at x, Chinese, digits and a space.
    const TEXTS: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 390 200" width="390" height="200" font-family="PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif" font-size="13"><defs><symbol id="m-tp" viewBox="0 0 20 20" overflow="visible"><path d="M10 0.5a9.5 9.5 0 1 0 0.01 0Z" fill="#b42318" stroke="#fff" stroke-width="1.5"/></symbol><symbol id="m-g" viewBox="0 0 20 20" overflow="visible"><path d="M10 0L20 10L10 20L0 10Z" fill="#2f6b1f" stroke="#fff" stroke-width="1.5"/></symbol></defs><rect width="390" height="200" fill="#f4f1ea"/><g class="map-markers" text-anchor="middle" font-size="10" font-weight="bold" fill="#fff"><a href="/x/"><title>t</title><use href="#m-tp" class="mk" x="28.3" y="28.1" width="24" height="24"/><text class="mk-no" x="40.3" y="43.9">356</text></a><use href="#m-g" class="mk" x="67.75" y="27.6" width="26" height="26"/><text class="mk-no" x="80.75" y="44.4" font-size="9">1024</text><use href="#m-tp" class="mk" x="300.1" y="100.35" width="20" height="20"/></g><g class="map-legend"><use href="#m-g" x="12" y="150" width="16" height="16"/></g><g class="map-labels" font-size="13" fill="#1a1a1a"><rect x="100" y="28" width="150" height="20" fill="#fff" fill-opacity="0.88"/><text class="lb-t" x="103.3" y="43.1">二七区文化长廊129</text><text class="lb-t" x="20.6" y="90.4">郑州市 见义勇为 主题广场7</text></g><text class="map-ink" x="370" y="140" text-anchor="end" fill="#333">10 公里</text><text class="map-ink" x="195" y="170" text-anchor="middle" font-size="12" fill="#333">北</text><text class="map-caption" x="12" y="190" font-size="13" fill="#555">示意图，非标准地图，位置仅供参考</text></svg>"##;

    #[test]
    fn the_labels_and_markers_come_out_as_resvg_draws_them() {
        let painter = Painter::new(None, std::env::temp_dir()).unwrap();
        assert!(
            painter.glyphs.is_some(),
            "the CJK family has a regular and a bold face"
        );
        let split = super::super::split::split(TEXTS).unwrap();
        assert_eq!(split.labels.len(), 7, "every text is drawn by glyphs.rs");
        assert_eq!(split.stamps.len(), 4, "every marker is drawn by stamps.rs");
        let scale = 1080.0 / 390.0;
        let ours = painter.draw(TEXTS, scale, true).unwrap();
        let resvg = painter.draw(TEXTS, scale, false).unwrap();
        let background = painter.draw(&split.rest, scale, false).unwrap();
        let (w, h) = (ours.width() as i64, ours.height() as i64);
        let px = |p: &Pixmap, x: i64, y: i64| {
            let at = (y.clamp(0, h - 1) * w + x.clamp(0, w - 1)) as usize * 4;
            [p.data()[at], p.data()[at + 1], p.data()[at + 2]]
        };
        let far = |p: [u8; 3], q: [u8; 3]| (0..3).any(|k| p[k].abs_diff(q[k]) > 96);
        let (mut ink, mut off) = (0, 0);
        for (x, y) in (0..h).flat_map(|y| (0..w).map(move |x| (x, y))) {
            ink += usize::from(far(px(&resvg, x, y), px(&background, x, y)));
            // A pixel of ours is off when resvg has nothing like it within a pixel: texts
            // start on whole pixels here, markers on half pixels, and digits lose HarfBuzz's
            // kerning.
            let near = (-1..=1).flat_map(|dy| (-1..=1).map(move |dx| (dx, dy)));
            let mut near = near.map(|(dx, dy)| px(&resvg, x + dx, y + dy));
            off += usize::from(near.all(|r| far(px(&ours, x, y), r)));
        }
        assert!(ink > 10_000, "{ink} pixels of text and markers");
        assert!(
            off * 50 < ink,
            "{off} of {ink} pixels of text and markers differ"
        );
    }

    #[test]
    fn markers_are_copied_where_resvg_draws_them() {
        // The markers alone, compared pixel for pixel: a half-pixel position is within a
        // quarter pixel of resvg's, so only some edge pixels may differ.
        let painter = Painter::new(None, std::env::temp_dir()).unwrap();
        let end = TEXTS.find("<g class=\"map-labels\"").unwrap();
        let markers = format!(
            "{}</svg>",
            TEXTS[..end]
                .replace("<text", "<desc")
                .replace("</text>", "</desc>")
        );
        let scale = 1080.0 / 390.0;
        let ours = painter.draw(&markers, scale, true).unwrap();
        let resvg = painter.draw(&markers, scale, false).unwrap();
        let background = painter
            .draw(
                &super::super::split::split(&markers).unwrap().rest,
                scale,
                false,
            )
            .unwrap();
        let far = |p: &[u8], q: &[u8]| (0..3).any(|k| p[k].abs_diff(q[k]) > 64);
        let (mut ink, mut off) = (0, 0);
        for ((a, b), bg) in ours
            .data()
            .chunks_exact(4)
            .zip(resvg.data().chunks_exact(4))
            .zip(background.data().chunks_exact(4))
        {
            ink += usize::from(far(b, bg));
            off += usize::from(far(a, b));
        }
        assert!(ink > 4_000, "{ink} pixels of markers");
        assert!(off * 100 < ink, "{off} of {ink} pixels of markers differ");
    }

    #[test]
    fn an_indexed_map_decodes_to_its_own_pixels() {
        // Odd sizes, so that rows end mid-run and the last row is short of nothing.
        for (w, h) in [(1, 1), (37, 23), (1080, 61)] {
            let pixmap = drawing(w, h);
            let png = encode(&pixmap, false).unwrap();
            let mut reader = png::Decoder::new(std::io::Cursor::new(png))
                .read_info()
                .unwrap();
            assert_eq!(reader.info().color_type, png::ColorType::Indexed);
            let palette = reader.info().palette.clone().unwrap().into_owned();
            let mut buf = vec![0; reader.output_buffer_size().unwrap()];
            let frame = reader.next_frame(&mut buf).unwrap();
            assert_eq!((frame.width, frame.height), (w, h));
            let stride = frame.line_size;
            for y in 0..h as usize {
                for x in 0..w as usize {
                    let i = buf[y * stride + x] as usize;
                    let at = (y * w as usize + x) * 4;
                    assert_eq!(
                        &palette[i * 3..i * 3 + 3],
                        &pixmap.data()[at..at + 3],
                        "{w}×{h} at {x},{y}"
                    );
                }
            }
        }
    }
}
