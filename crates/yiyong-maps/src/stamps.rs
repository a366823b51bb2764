//! The markers of a map's PNG: each `<use>` of a symbol drawn by resvg once per size and
//! half-pixel position, then copied wherever it is used. At 10,000 heroes the 24 maps hold
//! some 1,300 markers of a dozen kinds and sizes, and resvg's outlining and filling of each
//! one's white edge was a fifth of painting them (`docs/outreach-bench.md`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

/// A `<use>` of a symbol: the symbol (its id made `s`), what it inherits where it is used
/// (as attributes), and its box in the SVG's units.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamp {
    pub symbol: String,
    pub context: String,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// Room around a stamp's box for what is drawn past it (a symbol with `overflow="visible"`
/// and its stroke), in pixels.
const MARGIN: i32 = 4;

/// (symbol, context, width and height in 1/64 unit, the box's half pixel in x and y).
type Key = (String, String, u32, u32, u8, u8);

#[derive(Default)]
pub struct Stamps {
    drawn: Mutex<HashMap<Key, Arc<Option<Pixmap>>>>,
}

impl Stamps {
    /// Copies each stamp onto `pixmap` (opaque) at `scale` pixels a unit.
    pub fn draw(&self, pixmap: &mut Pixmap, stamps: &[Stamp], scale: f32, options: &usvg::Options) {
        for s in stamps {
            let (ix, hx) = halves(s.x * scale);
            let (iy, hy) = halves(s.y * scale);
            let size = |v: f32| (v * 64.0).round() as u32;
            let key = (
                s.symbol.clone(),
                s.context.clone(),
                size(s.width),
                size(s.height),
                hx,
                hy,
            );
            let known = self.drawn.lock().unwrap().get(&key).cloned();
            let drawn = known.unwrap_or_else(|| {
                let d = Arc::new(render(s, scale, hx, hy, options));
                self.drawn.lock().unwrap().insert(key, d.clone());
                d
            });
            if let Some(stamp) = drawn.as_ref() {
                over(pixmap, stamp, ix - MARGIN, iy - MARGIN);
            }
        }
    }
}

/// A position as its pixel and the half pixel past it (1/4 pixel at most from resvg's).
fn halves(v: f32) -> (i32, u8) {
    let h = (v * 2.0).round() as i32;
    (h.div_euclid(2), h.rem_euclid(2) as u8)
}

/// The symbol alone, drawn by resvg with its box's corner at (MARGIN + hx/2, MARGIN + hy/2).
fn render(s: &Stamp, scale: f32, hx: u8, hy: u8, options: &usvg::Options) -> Option<Pixmap> {
    let (w, h) = (s.width, s.height);
    let svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}"><defs>{}</defs><g{}><use href="#s" width="{w}" height="{h}"/></g></svg>"##,
        s.symbol, s.context
    );
    let tree = usvg::Tree::from_str(&svg, options).ok()?;
    let side = |v: f32| (v * scale).ceil() as u32 + 2 * MARGIN as u32 + 1;
    let mut pixmap = Pixmap::new(side(w), side(h))?;
    let m = MARGIN as f32;
    let (dx, dy) = (m + f32::from(hx) / 2.0, m + f32::from(hy) / 2.0);
    let transform = Transform::from_row(scale, 0.0, 0.0, scale, dx, dy);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    Some(pixmap)
}

/// `stamp` (premultiplied) over the opaque `pixmap`, its top-left corner at (x, y).
fn over(pixmap: &mut Pixmap, stamp: &Pixmap, x: i32, y: i32) {
    let (pw, ph) = (pixmap.width() as i32, pixmap.height() as i32);
    let sw = stamp.width() as i32;
    // The columns of the stamp that fall inside the pixmap.
    let (c0, c1) = ((-x).max(0), (pw - x).min(sw));
    if c0 >= c1 {
        return;
    }
    let data = pixmap.data_mut();
    for (row, src) in stamp.data().chunks_exact(sw as usize * 4).enumerate() {
        let ty = y + row as i32;
        if !(0..ph).contains(&ty) {
            continue;
        }
        let start = (ty * pw + x + c0) as usize * 4;
        let dst = &mut data[start..start + (c1 - c0) as usize * 4];
        let src = &src[c0 as usize * 4..c1 as usize * 4];
        for (d, s) in dst.chunks_exact_mut(4).zip(src.chunks_exact(4)) {
            match s[3] {
                0 => {}
                255 => d[..3].copy_from_slice(&s[..3]),
                a => {
                    let keep = 255 - u32::from(a);
                    for k in 0..3 {
                        d[k] = (u32::from(s[k]) + (u32::from(d[k]) * keep + 127) / 255) as u8;
                    }
                }
            }
        }
    }
}
