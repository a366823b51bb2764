//! Pictures made fit for `media/uploadimg` (spec §3.1 step 2, W13d): JPEG or PNG under 1 MB,
//! whatever the site holds (WebP, AVIF, a 3 MB phone photo). Every picture is decoded and
//! encoded again, which drops EXIF, XMP and any GPS position with all other metadata, and
//! applies the EXIF orientation first so that the picture still stands the right way up.
//! Identified by the SHA-256 of the source file, so a picture is prepared and uploaded once.

use std::io::Cursor;
use std::path::Path;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader};
use sha2::{Digest, Sha256};

/// What `uploadimg` accepts: strictly under 1 MB.
pub const UPLOAD_MAX: usize = 1024 * 1024;
/// Bigger source files are not decoded (a picture for a news article never needs it).
const SOURCE_MAX: u64 = 50 * 1024 * 1024;
/// Wider pictures are scaled down first: the article column is at most 677 px (×2 for sharp
/// phone screens is plenty).
const MAX_SIDE: u32 = 2000;

pub struct Prepared {
    pub bytes: Vec<u8>,
    pub mime: &'static str,
    pub ext: &'static str,
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The SHA-256 of a file's bytes.
pub fn file_sha(file: &Path) -> Result<String, String> {
    let meta =
        std::fs::metadata(file).map_err(|e| format!("无法读取图片 {}：{e}", file.display()))?;
    if meta.len() > SOURCE_MAX {
        return Err(format!(
            "图片 {} 太大：{:.1} MB，最多 50 MB",
            file.display(),
            meta.len() as f64 / 1048576.0
        ));
    }
    let bytes = std::fs::read(file).map_err(|e| format!("无法读取图片 {}：{e}", file.display()))?;
    Ok(sha256_hex(&bytes))
}

/// The file as a JPEG (or a PNG when it has transparency) under 1 MB, without metadata.
pub fn prepare(file: &Path) -> Result<Prepared, String> {
    let bad = |e: String| format!("图片 {} 无法转换为微信接受的格式：{e}", file.display());
    let bytes = std::fs::read(file).map_err(|e| bad(e.to_string()))?;
    let reader = ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()
        .map_err(|e| bad(e.to_string()))?;
    let mut decoder = reader.into_decoder().map_err(|e| bad(e.to_string()))?;
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| bad(e.to_string()))?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    if img.width().max(img.height()) > MAX_SIDE {
        img = img.resize(MAX_SIDE, MAX_SIDE, image::imageops::FilterType::Lanczos3);
    }
    let alpha = img.color().has_alpha();
    // Smaller and smaller until it fits: a few rounds at most for any real photo.
    for _ in 0..8 {
        let out = if alpha {
            encode_png(&img)
        } else {
            encode_jpeg(&img, 85)
        }
        .map_err(&bad)?;
        if out.len() < UPLOAD_MAX {
            let (mime, ext) = if alpha {
                ("image/png", "png")
            } else {
                ("image/jpeg", "jpg")
            };
            return Ok(Prepared {
                bytes: out,
                mime,
                ext,
            });
        }
        let (w, h) = (img.width() * 3 / 4, img.height() * 3 / 4);
        img = img.resize(w.max(1), h.max(1), image::imageops::FilterType::Lanczos3);
    }
    Err(bad("缩小多次后仍超过 1 MB".into()))
}

fn encode_png(img: &DynamicImage) -> Result<Vec<u8>, String> {
    let mut out = Cursor::new(vec![]);
    img.to_rgba8()
        .write_to(&mut out, ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}

fn encode_jpeg(img: &DynamicImage, quality: u8) -> Result<Vec<u8>, String> {
    let mut out = vec![];
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    img.to_rgb8()
        .write_with_encoder(enc)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_noisy_picture_comes_out_under_the_limit() {
        // Noise defeats compression: a 2000×2000 noisy PNG is far above 1 MB.
        let mut seed = 7u32;
        let img = image::RgbImage::from_fn(2000, 2000, |_, _| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            image::Rgb([(seed >> 16) as u8, (seed >> 8) as u8, seed as u8])
        });
        let dir = std::env::temp_dir().join(format!("yiyong-media-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("noise.png");
        img.save(&f).unwrap();
        assert!(std::fs::metadata(&f).unwrap().len() as usize > UPLOAD_MAX);
        let p = prepare(&f).unwrap();
        assert!(p.bytes.len() < UPLOAD_MAX);
        assert_eq!(&p.bytes[..3], &[0xFF, 0xD8, 0xFF]);
        let _ = std::fs::remove_dir_all(dir);
    }
}
