//! Output formats of processed images and their encoders. Encoders write no metadata: the
//! pixels are all that leaves a processed image.

use image::codecs::avif::AvifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::{DynamicImage, ImageEncoder};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Jpeg {
        quality: u8,
    },
    Png,
    /// `None` is lossless, as in Zola.
    WebP {
        quality: Option<u8>,
    },
    Avif {
        quality: u8,
        speed: u8,
    },
}

impl Format {
    /// `auto` keeps lossy sources lossy (JPEG) and lossless ones lossless (PNG), as Zola does.
    pub fn from_args(
        source_is_lossy: bool,
        format: &str,
        quality: Option<u8>,
        speed: Option<u8>,
    ) -> Result<Format, String> {
        if let Some(q) = quality {
            if !(1..=100).contains(&q) {
                return Err(format!("quality {q} is out of range: use 1 to 100"));
            }
        }
        if let Some(s) = speed {
            if !(1..=10).contains(&s) {
                return Err(format!("speed {s} is out of range: use 1 to 10"));
            }
        }
        let jpeg = Format::Jpeg {
            quality: quality.unwrap_or(75),
        };
        Ok(match format {
            "auto" if source_is_lossy => jpeg,
            "auto" | "png" => Format::Png,
            "jpg" | "jpeg" => jpeg,
            "webp" => Format::WebP { quality },
            "avif" => Format::Avif {
                quality: quality.unwrap_or(80),
                speed: speed.unwrap_or(5),
            },
            other => {
                return Err(format!(
                    "unknown format \"{other}\": use auto, jpg, png, webp or avif"
                ))
            }
        })
    }

    pub fn extension(&self) -> &'static str {
        match self {
            Format::Jpeg { .. } => "jpg",
            Format::Png => "png",
            Format::WebP { .. } => "webp",
            Format::Avif { .. } => "avif",
        }
    }

    /// A stable description used in cache keys.
    pub fn key(&self) -> String {
        format!("{self:?}")
    }

    pub fn encode(&self, img: &DynamicImage) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let err = |e: image::ImageError| e.to_string();
        match *self {
            Format::Jpeg { quality } => {
                // JPEG has no alpha channel.
                let rgb = img.to_rgb8();
                JpegEncoder::new_with_quality(&mut out, quality)
                    .write_image(
                        &rgb,
                        rgb.width(),
                        rgb.height(),
                        image::ExtendedColorType::Rgb8,
                    )
                    .map_err(err)?;
            }
            Format::Png => {
                let (bytes, color) = eight_bit(img);
                PngEncoder::new(&mut out)
                    .write_image(&bytes, img.width(), img.height(), color)
                    .map_err(err)?;
            }
            Format::WebP { quality } => {
                let rgba = img.to_rgba8();
                let enc = webp::Encoder::from_rgba(&rgba, rgba.width(), rgba.height());
                let mem = match quality {
                    Some(q) => enc.encode(q as f32),
                    None => enc.encode_lossless(),
                };
                out.extend_from_slice(&mem);
            }
            Format::Avif { quality, speed } => {
                let rgba = img.to_rgba8();
                AvifEncoder::new_with_speed_quality(&mut out, speed, quality)
                    .write_image(
                        &rgba,
                        rgba.width(),
                        rgba.height(),
                        image::ExtendedColorType::Rgba8,
                    )
                    .map_err(err)?;
            }
        }
        Ok(out)
    }
}

/// PNG output keeps grey and alpha but not 16-bit depth (photos do not need it).
fn eight_bit(img: &DynamicImage) -> (Vec<u8>, image::ExtendedColorType) {
    use image::ExtendedColorType as C;
    match img {
        DynamicImage::ImageLuma8(i) => (i.as_raw().clone(), C::L8),
        DynamicImage::ImageLumaA8(i) => (i.as_raw().clone(), C::La8),
        DynamicImage::ImageRgb8(i) => (i.as_raw().clone(), C::Rgb8),
        i if i.color().has_alpha() => (i.to_rgba8().into_raw(), C::Rgba8),
        i => (i.to_rgb8().into_raw(), C::Rgb8),
    }
}
