//! Web Mercator onto a picture: which part of the world a map shows and at what scale, the
//! scale bar's length and the pixel position of a point.

/// Pixels: x to the right, y down.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Xy {
    pub x: f64,
    pub y: f64,
}

/// EPSG:3857 metres (x east, y north).
pub fn mercator(wgs: (f64, f64)) -> (f64, f64) {
    coordtransform::wgs84_to_epsg3857(wgs.0, wgs.1)
}

#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// Pixels of the drawing area.
    pub width: f64,
    pub height: f64,
    /// Mercator metres at the drawing area's centre, and pixels per Mercator metre.
    centre: (f64, f64),
    scale: f64,
    /// The latitude of the centre (ground metres per Mercator metre is its cosine).
    lat: f64,
}

impl Frame {
    /// A frame showing every point with `margin` pixels to spare on each side; `min_span_m` keeps
    /// a lone place or a tight group from being blown up to street level.
    pub fn fit(
        points: &[(f64, f64)],
        width: f64,
        max_height: f64,
        margin: f64,
        min_span_m: f64,
    ) -> Frame {
        let merc: Vec<(f64, f64)> = points.iter().map(|p| mercator(*p)).collect();
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for &(x, y) in &merc {
            x0 = x0.min(x);
            x1 = x1.max(x);
            y0 = y0.min(y);
            y1 = y1.max(y);
        }
        if merc.is_empty() {
            (x0, y0, x1, y1) = (0.0, 0.0, 0.0, 0.0);
        }
        let lat = if points.is_empty() {
            0.0
        } else {
            points.iter().map(|p| p.1).sum::<f64>() / points.len() as f64
        };
        // Mercator metres stretch by 1/cos(lat): the minimum span is in ground metres.
        let min_span = min_span_m / lat.to_radians().cos().max(0.01);
        let dx = (x1 - x0).max(min_span);
        let dy = (y1 - y0).max(min_span * 0.6);
        // As tall as the points need, between 55 % of the width and `max_height`.
        let height = (width * dy / dx).clamp(width * 0.55, max_height.max(width * 0.55));
        let scale = ((width - 2.0 * margin) / dx).min((height - 2.0 * margin) / dy);
        Frame {
            width,
            height,
            centre: ((x0 + x1) / 2.0, (y0 + y1) / 2.0),
            scale,
            lat,
        }
    }

    pub fn project(&self, wgs: (f64, f64)) -> Xy {
        let (x, y) = mercator(wgs);
        Xy {
            x: self.width / 2.0 + (x - self.centre.0) * self.scale,
            y: self.height / 2.0 - (y - self.centre.1) * self.scale,
        }
    }

    /// Ground metres per pixel at the centre.
    pub fn metres_per_px(&self) -> f64 {
        self.lat.to_radians().cos() / self.scale
    }

    /// A round length (1, 2 or 5 × 10ⁿ metres) near `target_px` pixels: (metres, pixels).
    pub fn scale_bar(&self, target_px: f64) -> (f64, f64) {
        let m = self.metres_per_px() * target_px;
        let p = 10f64.powf(m.log10().floor());
        let nice = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|f| f * p)
            .rfind(|v| *v <= m)
            .unwrap_or(p);
        (nice, nice / self.metres_per_px())
    }
}

/// 「500 米」 or 「2 公里」.
pub fn length_label(m: f64) -> String {
    if m >= 1000.0 {
        format!("{} 公里", trim(m / 1000.0))
    } else {
        format!("{} 米", trim(m))
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.1}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mercator_matches_the_slippy_map_formula() {
        // Zoom 0 world of 256 px: x = (lon+180)/360·256, y = (1 − asinh(tan φ)/π)/2·256.
        let (lon, lat) = (113.6853f64, 34.7599f64);
        let (mx, my) = mercator((lon, lat));
        let r = 6378137.0;
        let world = 2.0 * std::f64::consts::PI * r;
        let px = (mx + world / 2.0) / world * 256.0;
        let py = (world / 2.0 - my) / world * 256.0;
        assert!((px - (lon + 180.0) / 360.0 * 256.0).abs() < 1e-9);
        let phi = lat.to_radians();
        let expect = (1.0 - phi.tan().asinh() / std::f64::consts::PI) / 2.0 * 256.0;
        assert!((py - expect).abs() < 1e-9);
    }

    #[test]
    fn frame_fits_points_and_scale_bar_is_ground_metres() {
        // Two points 0.1° of longitude apart at 34.76°N: 9.14 km on the ground.
        let pts = [(113.60, 34.76), (113.70, 34.76)];
        let f = Frame::fit(&pts, 720.0, 720.0, 40.0, 500.0);
        let a = f.project(pts[0]);
        let b = f.project(pts[1]);
        assert!((a.x - 40.0).abs() < 1e-6 && (b.x - 680.0).abs() < 1e-6);
        let ground = super::super::coords::distance_m(pts[0], pts[1]);
        assert!((ground / (b.x - a.x) - f.metres_per_px()).abs() / f.metres_per_px() < 0.01);
        let (m, px) = f.scale_bar(100.0);
        assert!([1.0, 2.0, 5.0]
            .iter()
            .any(|d| (m / 10f64.powf(m.log10().floor()) - d).abs() < 1e-9));
        assert!(px <= 100.0 && px > 40.0, "{m} m over {px} px");
        assert_eq!(length_label(2000.0), "2 公里");
        assert_eq!(length_label(500.0), "500 米");
    }
}
