//! Removing private metadata (EXIF with GPS, XMP, IPTC, comments) from images that are copied
//! rather than processed, without recompressing them; and finding GPS tags for `yiyong check`.

use bytes::Bytes;
use img_parts::jpeg::{markers, Jpeg};
use img_parts::png::Png;
use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::{WebP, CHUNK_EXIF, CHUNK_VP8X, CHUNK_XMP};

/// The raster formats whose metadata can be removed losslessly.
pub fn strippable(ext: &str) -> bool {
    matches!(ext, "jpg" | "jpeg" | "png" | "webp")
}

/// Raster formats that may carry metadata yiyong cannot remove.
pub fn opaque_raster(ext: &str) -> bool {
    matches!(ext, "tif" | "tiff" | "heic" | "heif" | "avif" | "jxl")
}

/// The file's bytes without metadata segments. Colour profiles and the JPEG segments needed
/// to decode (JFIF, Adobe) are kept.
pub fn strip(ext: &str, bytes: Vec<u8>) -> Result<Vec<u8>, String> {
    let bytes = Bytes::from(bytes);
    let bad = |e: img_parts::Error| format!("cannot read it as {ext}: {e}");
    match ext {
        "jpg" | "jpeg" => {
            let mut jpeg = Jpeg::from_bytes(bytes).map_err(bad)?;
            jpeg.segments_mut()
                .retain(|s| keep_jpeg_segment(s.marker(), &s.contents()[..]));
            Ok(jpeg.encoder().bytes().to_vec())
        }
        "png" => {
            let mut png = Png::from_bytes(bytes).map_err(bad)?;
            png.chunks_mut()
                .retain(|c| !matches!(&c.kind(), b"eXIf" | b"iTXt" | b"tEXt" | b"zTXt" | b"tIME"));
            Ok(png.encoder().bytes().to_vec())
        }
        "webp" => {
            let mut webp = WebP::from_bytes(bytes).map_err(bad)?;
            webp.remove_chunks_by_id(CHUNK_EXIF);
            webp.remove_chunks_by_id(CHUNK_XMP);
            clear_vp8x_xmp_flag(&mut webp);
            Ok(webp.encoder().bytes().to_vec())
        }
        _ => Ok(bytes.to_vec()),
    }
}

fn keep_jpeg_segment(marker: u8, contents: &[u8]) -> bool {
    match marker {
        // APP1 (EXIF, XMP), APP13 (IPTC), comments, and vendor segments APP3–APP12, APP15.
        markers::APP1 | markers::APP13 | markers::COM => false,
        markers::APP2 => contents.starts_with(b"ICC_PROFILE\0"),
        m if (markers::APP3..=markers::APP12).contains(&m) || m == markers::APP15 => false,
        _ => true,
    }
}

/// img-parts recomputes the EXIF and ICC flags of the extended header, not the XMP one.
fn clear_vp8x_xmp_flag(webp: &mut WebP) {
    for chunk in webp.chunks_mut() {
        if chunk.id() != CHUNK_VP8X {
            continue;
        }
        if let Some(data) = chunk.content().data() {
            let mut data = data.to_vec();
            if let Some(flags) = data.first_mut() {
                *flags &= !0b0000_0100;
            }
            *chunk = RiffChunk::new(CHUNK_VP8X, RiffContent::Data(Bytes::from(data)));
        }
    }
}

/// Whether the image carries GPS coordinates, in EXIF or in an XMP packet.
pub fn has_gps(bytes: &[u8]) -> bool {
    let exif = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .ok();
    let in_exif = exif.is_some_and(|e| {
        e.fields()
            .any(|f| matches!(f.tag, exif::Tag::GPSLatitude | exif::Tag::GPSLongitude))
    });
    in_exif || contains(bytes, b"exif:GPSLatitude") || contains(bytes, b"exif:GPSLongitude")
}

/// Whether any EXIF data is present (used to refuse formats that cannot be stripped).
pub fn has_exif(bytes: &[u8]) -> bool {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .is_ok()
        || contains(bytes, b"<x:xmpmeta")
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Whether a JPEG ends its image data properly: a file cut short (an interrupted upload or
/// copy) decodes into a half-grey picture without complaint, so look for the end marker
/// after the first scan (in scan data 0xFF is always followed by 0x00 or a marker).
pub fn jpeg_complete(bytes: &[u8]) -> bool {
    let Ok(jpeg) = Jpeg::from_bytes(Bytes::copy_from_slice(bytes)) else {
        return false;
    };
    let mut offset = 2;
    for seg in jpeg.segments() {
        offset += seg.len();
        if seg.marker() == markers::SOS {
            return bytes
                .get(offset..)
                .is_some_and(|scan| scan.windows(2).any(|w| w == [0xFF, markers::EOI]));
        }
    }
    false
}
