//! The labels of a map's PNG, drawn by yiyong instead of resvg: each glyph is outlined and
//! rasterised once per size and quarter-pixel position, then copied wherever it is written.
//!
//! resvg lays every `<text>` out anew (a HarfBuzz shaper made for each of a map's ~70 texts,
//! over the large CJK font's tables) and fills each glyph's outline anew: at 10,000 heroes
//! the labels were 175 of the 24 maps' ~400 ms of painting (`docs/outreach-bench.md`), though
//! they are a few hundred glyphs (区, 长, 廊, the digits…) written again and again. A map's
//! texts are horizontal runs of Chinese and digits, which need no shaping beyond each glyph's
//! advance (`split.rs` leaves a map with any other kind of text to resvg).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use resvg::tiny_skia::{FillRule, Mask, PathBuilder, Pixmap, Transform};
use resvg::usvg::fontdb;
use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{DrawSettings, OutlinePen};
use skrifa::{FontRef, GlyphId, MetadataProvider};

/// One `<text>` of a map, in the SVG's units: its baseline's start, middle or end at `x, y`.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub bold: bool,
    /// How far left of `x` the text starts, as a share of its width (0, ½ or 1).
    pub anchor: f32,
    pub fill: [u8; 3],
    pub text: String,
}

/// `#rrggbb` or `#rgb`.
pub(crate) fn hex(s: &str) -> Option<[u8; 3]> {
    let h = s.trim().strip_prefix('#')?;
    let digit = |i: usize, n: usize| u8::from_str_radix(h.get(i..i + n)?, 16).ok();
    match h.len() {
        6 => Some([digit(0, 2)?, digit(2, 2)?, digit(4, 2)?]),
        3 => Some([digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17]),
        _ => None,
    }
}

/// A glyph's coverage, rasterised once, with its top-left corner relative to the pixel its
/// origin falls in.
struct Drawn {
    mask: Option<Mask>,
    left: i32,
    top: i32,
}

/// (bold, glyph, size in 1/64 px, origin's quarter pixel).
type Key = (bool, u32, u32, u8);

/// The chosen family's regular and bold faces, and the glyphs drawn so far (shared by the
/// maps painted side by side).
pub struct Glyphs {
    db: Arc<fontdb::Database>,
    regular: fontdb::ID,
    bold: fontdb::ID,
    drawn: Mutex<HashMap<Key, Arc<Drawn>>>,
}

impl Glyphs {
    pub fn new(db: Arc<fontdb::Database>, family: &str) -> Option<Glyphs> {
        let face = |weight| {
            db.query(&fontdb::Query {
                families: &[fontdb::Family::Name(family)],
                weight,
                ..Default::default()
            })
        };
        Some(Glyphs {
            regular: face(fontdb::Weight::NORMAL)?,
            bold: face(fontdb::Weight::BOLD)?,
            db,
            drawn: Mutex::default(),
        })
    }

    /// Writes `labels` onto `pixmap` (opaque, as a map is) at `scale` pixels a unit.
    pub fn draw(&self, pixmap: &mut Pixmap, labels: &[Label], scale: f32) {
        for l in labels {
            let face = if l.bold { self.bold } else { self.regular };
            self.db.with_face_data(face, |data, index| {
                if let Ok(font) = FontRef::from_index(data, index) {
                    self.write(pixmap, &font, l, scale);
                }
            });
        }
    }

    fn write(&self, pixmap: &mut Pixmap, font: &FontRef, l: &Label, scale: f32) {
        let px = l.size * scale;
        let metrics = font.glyph_metrics(Size::new(px), LocationRef::default());
        let charmap = font.charmap();
        let run: Vec<(GlyphId, f32)> = l
            .text
            .chars()
            .filter(|c| !c.is_control())
            .map(|c| {
                let g = charmap.map(c).unwrap_or(GlyphId::NOTDEF);
                (g, metrics.advance_width(g).unwrap_or(0.0))
            })
            .collect();
        let width: f32 = run.iter().map(|(_, a)| a).sum();
        // The text starts on a whole pixel, its glyphs a quarter pixel apart: then a word
        // written again (二七区, 长廊) is the same glyphs at the same offsets, drawn once.
        // With each glyph placed at a quarter pixel anywhere, half of the glyphs written
        // were drawn anew (918 of 2,016 at 1,000 heroes).
        let start = (l.x * scale - width * l.anchor).round();
        let iy = (l.y * scale).round() as i32;
        let mut x = 0.0;
        for (g, advance) in run {
            let (ix, qx) = quarters(x);
            let ix = ix + start as i32;
            let key = (l.bold, g.to_u32(), (px * 64.0).round() as u32, qx);
            let known = self.drawn.lock().unwrap().get(&key).cloned();
            let drawn = known.unwrap_or_else(|| {
                let d = Arc::new(rasterise(font, g, px, qx));
                self.drawn.lock().unwrap().insert(key, d.clone());
                d
            });
            blend(pixmap, &drawn, ix, iy, l.fill);
            x += advance;
        }
    }
}

/// A position as its pixel and the quarter of a pixel past it.
fn quarters(v: f32) -> (i32, u8) {
    let q = (v * 4.0).round() as i32;
    (q.div_euclid(4), q.rem_euclid(4) as u8)
}

/// A glyph's outline, y up in the font, as a path y down with its origin at (dx, 0).
struct Pen {
    path: PathBuilder,
    dx: f32,
}

impl OutlinePen for Pen {
    fn move_to(&mut self, x: f32, y: f32) {
        self.path.move_to(x + self.dx, -y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.path.line_to(x + self.dx, -y);
    }
    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        let dx = self.dx;
        self.path.quad_to(cx + dx, -cy, x + dx, -y);
    }
    fn curve_to(&mut self, c0x: f32, c0y: f32, c1x: f32, c1y: f32, x: f32, y: f32) {
        let dx = self.dx;
        self.path
            .cubic_to(c0x + dx, -c0y, c1x + dx, -c1y, x + dx, -y);
    }
    fn close(&mut self) {
        self.path.close();
    }
}

fn rasterise(font: &FontRef, g: GlyphId, px: f32, qx: u8) -> Drawn {
    let empty = Drawn {
        mask: None,
        left: 0,
        top: 0,
    };
    let Some(outline) = font.outline_glyphs().get(g) else {
        return empty;
    };
    let mut pen = Pen {
        path: PathBuilder::new(),
        dx: f32::from(qx) / 4.0,
    };
    let settings = DrawSettings::unhinted(Size::new(px), LocationRef::default());
    if outline.draw(settings, &mut pen).is_err() {
        return empty;
    }
    let Some(path) = pen.path.finish() else {
        return empty; // a space
    };
    let b = path.bounds();
    let (left, top) = (b.left().floor() as i32, b.top().floor() as i32);
    let (w, h) = (
        (b.right().ceil() as i32 - left + 1) as u32,
        (b.bottom().ceil() as i32 - top + 1) as u32,
    );
    let Some(mut mask) = Mask::new(w, h) else {
        return empty;
    };
    let shift = Transform::from_translate(-left as f32, -top as f32);
    mask.fill_path(&path, FillRule::Winding, true, shift);
    Drawn {
        mask: Some(mask),
        left,
        top,
    }
}

/// Paints `fill` through the glyph's coverage onto an opaque pixmap (premultiplied colour
/// equals plain colour there).
fn blend(pixmap: &mut Pixmap, d: &Drawn, ix: i32, iy: i32, fill: [u8; 3]) {
    let Some(mask) = &d.mask else { return };
    let (pw, ph) = (pixmap.width() as i32, pixmap.height() as i32);
    let (x, mw) = (ix + d.left, mask.width() as i32);
    // The columns of the glyph that fall inside the pixmap.
    let (c0, c1) = ((-x).max(0), (pw - x).min(mw));
    if c0 >= c1 {
        return;
    }
    let data = pixmap.data_mut();
    for (row, cover) in mask.data().chunks_exact(mw as usize).enumerate() {
        let y = iy + d.top + row as i32;
        if !(0..ph).contains(&y) {
            continue;
        }
        let start = (y * pw + x + c0) as usize * 4;
        let dst = &mut data[start..start + (c1 - c0) as usize * 4];
        for (p, &c) in dst
            .chunks_exact_mut(4)
            .zip(&cover[c0 as usize..c1 as usize])
        {
            match c {
                0 => {}
                255 => p[..3].copy_from_slice(&fill),
                c => {
                    let (c, keep) = (u32::from(c), 255 - u32::from(c));
                    for (k, f) in fill.iter().enumerate() {
                        p[k] = ((u32::from(*f) * c + u32::from(p[k]) * keep + 127) / 255) as u8;
                    }
                }
            }
        }
    }
}
