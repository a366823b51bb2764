//! Removing private metadata (EXIF with GPS, XMP, IPTC, comments) from images that are copied
//! rather than processed, without recompressing them.

use bytes::Bytes;
use img_parts::jpeg::{markers, Jpeg};
use img_parts::png::Png;
use img_parts::riff::{RiffChunk, RiffContent};
use img_parts::webp::{
    WebP, CHUNK_ALPH, CHUNK_ANIM, CHUNK_ANMF, CHUNK_ICCP, CHUNK_VP8, CHUNK_VP8L, CHUNK_VP8X,
};

use super::sniff::Kind;

/// The file's bytes without metadata, by content kind (`Kind::strippable`). Colour profiles
/// and what is needed to decode (JPEG's JFIF and Adobe headers, PNG's colour and animation
/// chunks) are kept; for JPEG and GIF anything after the image's end goes too.
pub fn strip(kind: Kind, bytes: &[u8]) -> Result<Vec<u8>, String> {
    let bad = |e: img_parts::Error| format!("cannot read it as {}: {e}", kind.name());
    match kind {
        Kind::Jpeg => super::jpeg::strip(bytes),
        Kind::Gif => super::gif::strip(bytes),
        Kind::Png => {
            // img-parts stops at IEND: anything appended after it is dropped.
            let mut png = Png::from_bytes(Bytes::copy_from_slice(bytes)).map_err(bad)?;
            png.chunks_mut().retain(|c| keep_png_chunk(&c.kind()));
            Ok(png.encoder().bytes().to_vec())
        }
        Kind::WebP => {
            // The RIFF size bounds what is read: anything appended after it is dropped.
            let mut webp = WebP::from_bytes(Bytes::copy_from_slice(bytes)).map_err(bad)?;
            webp.chunks_mut()
                .retain(|c| KEPT_WEBP_CHUNKS.contains(&c.id()));
            clear_vp8x_metadata_flags(&mut webp);
            Ok(webp.encoder().bytes().to_vec())
        }
        Kind::Tiff | Kind::Heif | Kind::Jxl => Err(format!(
            "yiyong cannot remove metadata from {} files",
            kind.name()
        )),
    }
}

/// Critical PNG chunks (upper-case first letter) and the ancillary ones that change how the
/// picture looks or moves; text, EXIF, time stamps and private chunks go.
fn keep_png_chunk(kind: &[u8; 4]) -> bool {
    kind[0].is_ascii_uppercase()
        || matches!(
            kind,
            b"tRNS"
                | b"gAMA"
                | b"cHRM"
                | b"sRGB"
                | b"iCCP"
                | b"sBIT"
                | b"bKGD"
                | b"pHYs"
                | b"cICP"
                | b"mDCv"
                | b"cLLi"
                | b"acTL"
                | b"fcTL"
                | b"fdAT"
        )
}

/// WebP chunks that make the picture: image data, alpha, animation, colour profile.
const KEPT_WEBP_CHUNKS: [[u8; 4]; 7] = [
    CHUNK_VP8X, CHUNK_VP8, CHUNK_VP8L, CHUNK_ALPH, CHUNK_ANIM, CHUNK_ANMF, CHUNK_ICCP,
];

/// The extended header's EXIF and XMP flags announce chunks that are gone (img-parts updates
/// them only when a chunk is set, not when one is removed).
fn clear_vp8x_metadata_flags(webp: &mut WebP) {
    for chunk in webp.chunks_mut() {
        if chunk.id() != CHUNK_VP8X {
            continue;
        }
        if let Some(data) = chunk.content().data() {
            let mut data = data.to_vec();
            if let Some(flags) = data.first_mut() {
                *flags &= !0b0000_1100;
            }
            *chunk = RiffChunk::new(CHUNK_VP8X, RiffContent::Data(Bytes::from(data)));
        }
    }
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
