//! `resize_image` operations and the crop/resize they come down to, with Zola's arithmetic so
//! that the same arguments give the same sizes.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResizeOp {
    /// Exactly width × height, ignoring the aspect ratio.
    Scale(u32, u32),
    FitWidth(u32),
    FitHeight(u32),
    /// Within width × height, aspect kept; never enlarged.
    Fit(u32, u32),
    /// Exactly width × height, aspect kept, the overflow cropped from the centre.
    Fill(u32, u32),
}

impl ResizeOp {
    pub fn from_args(op: &str, width: Option<u32>, height: Option<u32>) -> Result<Self, String> {
        let need_both = |f: fn(u32, u32) -> ResizeOp| match (width, height) {
            (Some(w), Some(h)) => Ok(f(w, h)),
            _ => Err(format!("op=\"{op}\" needs both `width` and `height`")),
        };
        let op = match op {
            "scale" => need_both(ResizeOp::Scale)?,
            "fit" => need_both(ResizeOp::Fit)?,
            "fill" => need_both(ResizeOp::Fill)?,
            "fit_width" => ResizeOp::FitWidth(width.ok_or("op=\"fit_width\" needs `width`")?),
            "fit_height" => ResizeOp::FitHeight(height.ok_or("op=\"fit_height\" needs `height`")?),
            other => {
                return Err(format!(
                    "unknown op \"{other}\": use scale, fit_width, fit_height, fit or fill"
                ))
            }
        };
        let zero = match op {
            ResizeOp::Scale(w, h) | ResizeOp::Fit(w, h) | ResizeOp::Fill(w, h) => w == 0 || h == 0,
            ResizeOp::FitWidth(w) => w == 0,
            ResizeOp::FitHeight(h) => h == 0,
        };
        if zero {
            return Err("width and height must be at least 1".into());
        }
        Ok(op)
    }
}

impl fmt::Display for ResizeOp {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            ResizeOp::Scale(w, h) => write!(f, "scale:{w}x{h}"),
            ResizeOp::FitWidth(w) => write!(f, "fit_width:{w}"),
            ResizeOp::FitHeight(h) => write!(f, "fit_height:{h}"),
            ResizeOp::Fit(w, h) => write!(f, "fit:{w}x{h}"),
            ResizeOp::Fill(w, h) => write!(f, "fill:{w}x{h}"),
        }
    }
}

/// `a * b / c`, saturating rather than wrapping (a very narrow source fitted to a big width).
fn scaled(a: u32, b: u32, c: u32) -> u32 {
    u32::try_from(a as u64 * b as u64 / c.max(1) as u64).unwrap_or(u32::MAX)
}

/// What to do to the (already oriented) source: crop first, then resize.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Instructions {
    pub crop: Option<(u32, u32, u32, u32)>,
    pub resize: Option<(u32, u32)>,
}

impl Instructions {
    pub fn new(op: ResizeOp, (ow, oh): (u32, u32)) -> Self {
        let resize = |w: u32, h: u32| Instructions {
            crop: None,
            resize: Some((w.max(1), h.max(1))),
        };
        match op {
            ResizeOp::Scale(w, h) => resize(w, h),
            ResizeOp::FitWidth(w) => resize(w, scaled(oh, w, ow)),
            ResizeOp::FitHeight(h) => resize(scaled(ow, h, oh), h),
            ResizeOp::Fit(w, h) if ow <= w && oh <= h => Instructions::default(),
            ResizeOp::Fit(w, h) => {
                if ow as u64 * h as u64 > oh as u64 * w as u64 {
                    Self::new(ResizeOp::FitWidth(w), (ow, oh))
                } else {
                    Self::new(ResizeOp::FitHeight(h), (ow, oh))
                }
            }
            ResizeOp::Fill(w, h) => {
                let (fw, fh) = (ow as f32 / w as f32, oh as f32 / h as f32);
                // Nearly the same aspect: cropping a pixel or two is not worth it.
                if (fw - fh).abs() <= 0.1 {
                    return resize(w, h);
                }
                let crop = if fw < fh {
                    let ch = ((fw * h as f32).round() as u32).clamp(1, oh);
                    (0, (oh - ch) / 2, ow, ch)
                } else {
                    let cw = ((fh * w as f32).round() as u32).clamp(1, ow);
                    ((ow - cw) / 2, 0, cw, oh)
                };
                Instructions {
                    crop: Some(crop),
                    resize: Some((w, h)),
                }
            }
        }
    }

    /// A stable description used in cache keys.
    pub fn describe(&self) -> String {
        format!("{:?}/{:?}", self.crop, self.resize)
    }

    /// The size of the result for a source of `size`.
    pub fn output_size(&self, size: (u32, u32)) -> (u32, u32) {
        self.resize
            .or(self.crop.map(|(_, _, w, h)| (w, h)))
            .unwrap_or(size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_follow_zola() {
        let src = (4000, 3000);
        let size = |op| Instructions::new(op, src).output_size(src);
        assert_eq!(size(ResizeOp::Scale(100, 100)), (100, 100));
        assert_eq!(size(ResizeOp::FitWidth(800)), (800, 600));
        assert_eq!(size(ResizeOp::FitHeight(300)), (400, 300));
        assert_eq!(size(ResizeOp::Fit(800, 800)), (800, 600));
        assert_eq!(size(ResizeOp::Fit(5000, 5000)), (4000, 3000));
        assert_eq!(size(ResizeOp::Fill(300, 300)), (300, 300));
        let fill = Instructions::new(ResizeOp::Fill(300, 300), src);
        assert_eq!(fill.crop, Some((500, 0, 3000, 3000)));
    }

    #[test]
    fn bad_arguments_are_explained() {
        assert!(ResizeOp::from_args("fill", Some(1), None)
            .unwrap_err()
            .contains("height"));
        assert!(ResizeOp::from_args("stretch", Some(1), Some(1))
            .unwrap_err()
            .contains("fit_width"));
    }
}
