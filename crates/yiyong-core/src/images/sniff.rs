//! What kind of image a file holds, from its first bytes: the file's name says nothing about
//! its content (phones and Windows save JPEGs as `.jfif`, `.jpe`, `.pjpeg`, or without an
//! extension, and a renamed photo keeps its GPS), so metadata is removed by content.

use std::io::Read;
use std::path::Path;

/// How many bytes `sniff` looks at: enough for the longest signature and an ISO-BMFF `ftyp`
/// box with a few compatible brands.
pub const HEAD_LEN: usize = 64;

/// An image kind that may carry private metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Jpeg,
    Png,
    WebP,
    Gif,
    Tiff,
    /// HEIF: HEIC and AVIF (ISO-BMFF with an image brand).
    Heif,
    /// JPEG XL in its container (a bare codestream cannot carry metadata).
    Jxl,
}

impl Kind {
    /// Whether yiyong removes this kind's metadata without recompressing it.
    pub fn strippable(self) -> bool {
        matches!(self, Kind::Jpeg | Kind::Png | Kind::WebP | Kind::Gif)
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Jpeg => "JPEG",
            Kind::Png => "PNG",
            Kind::WebP => "WebP",
            Kind::Gif => "GIF",
            Kind::Tiff => "TIFF",
            Kind::Heif => "HEIC/AVIF",
            Kind::Jxl => "JPEG XL",
        }
    }
}

/// Brands of `ftyp` that mark a HEIF still image (HEIC, AVIF and their sequences); a video
/// (MP4, MOV) has none of them.
const HEIF_BRANDS: [&[u8; 4]; 10] = [
    b"mif1", b"msf1", b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"avif", b"avis",
];

/// The image kind of a file starting with `head` (at least its first `HEAD_LEN` bytes, or
/// the whole file if shorter), or `None` for anything else.
pub fn sniff(head: &[u8]) -> Option<Kind> {
    let kind = match head {
        [0xFF, 0xD8, 0xFF, ..] => Kind::Jpeg,
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Kind::Png,
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => Kind::WebP,
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Kind::Gif,
        // Classic and BigTIFF, both byte orders; camera raw files (DNG, NEF, CR2) are TIFF too.
        [b'I', b'I', 42 | 43, 0, ..] | [b'M', b'M', 0, 42 | 43, ..] => Kind::Tiff,
        [0, 0, 0, 0x0C, b'J', b'X', b'L', b' ', 0x0D, 0x0A, 0x87, 0x0A, ..] => Kind::Jxl,
        [_, _, _, _, b'f', b't', b'y', b'p', ..] if heif_brand(head) => Kind::Heif,
        _ => return None,
    };
    Some(kind)
}

/// Whether the `ftyp` box at the start names a HEIF brand, as major or compatible brand.
fn heif_brand(head: &[u8]) -> bool {
    let size = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
    let end = size.clamp(8, head.len());
    // Major brand at 8, minor version at 12, compatible brands from 16.
    let major = head.get(8..12).into_iter();
    let compatible = head.get(16..end).unwrap_or_default().chunks_exact(4);
    major
        .chain(compatible)
        .any(|brand| HEIF_BRANDS.iter().any(|b| &b[..] == brand))
}

/// Reads the first bytes of `path` and sniffs them.
pub fn sniff_file(path: &Path) -> std::io::Result<Option<Kind>> {
    let mut head = [0u8; HEAD_LEN];
    let mut file = std::fs::File::open(path)?;
    let mut len = 0;
    while len < HEAD_LEN {
        match file.read(&mut head[len..])? {
            0 => break,
            n => len += n,
        }
    }
    Ok(sniff(&head[..len]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_signature() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE1rest"), Some(Kind::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nIHDR"), Some(Kind::Png));
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Some(Kind::WebP));
        assert_eq!(sniff(b"RIFF\0\0\0\0AVI LIST"), None);
        assert_eq!(sniff(b"GIF89a\x01\0"), Some(Kind::Gif));
        assert_eq!(sniff(b"II*\0\x08\0\0\0"), Some(Kind::Tiff));
        assert_eq!(sniff(b"MM\0*\0\0\0\x08"), Some(Kind::Tiff));
        assert_eq!(
            sniff(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"),
            Some(Kind::Heif)
        );
        assert_eq!(
            sniff(b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf"),
            Some(Kind::Heif)
        );
        // An MP4 or MOV video is not a HEIF image, even with an ftyp box.
        assert_eq!(sniff(b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2"), None);
        assert_eq!(sniff(b"\0\0\0\x14ftypqt  \0\0\0\0qt  "), None);
        assert_eq!(sniff(b"\0\0\0\x0cJXL \r\n\x87\n"), Some(Kind::Jxl));
        assert_eq!(sniff(b"<!doctype html>"), None);
        assert_eq!(sniff(b"%PDF-1.7"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"\xFF\xD8"), None);
    }

    #[test]
    fn a_short_or_lying_ftyp_size_is_safe() {
        assert_eq!(sniff(b"\xff\xff\xff\xffftypmif1"), Some(Kind::Heif));
        assert_eq!(sniff(b"\0\0\0\0ftyp"), None);
        assert_eq!(sniff(b"\0\0\0\x01ftypisomabcdmif1"), None);
    }
}
