//! Finding GPS coordinates in a file's bytes, wherever a phone, a camera or an editor put them:
//! an EXIF block (in any container, and in images appended after the first one), an XMP packet
//! (UTF-8 or UTF-16), or a QuickTime/MP4 location (motion-photo trailers, videos). Used by
//! `yiyong check` on the sources and by the build on every image it writes.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

/// Embedded EXIF blocks looked at per file: a real file has a handful (one per embedded
/// image); the cap keeps a file made of fake TIFF headers from taking seconds.
const MAX_EXIF_BLOCKS: usize = 64;
/// The longest EXIF block read: JPEG limits one to 64 KiB; HEIF writers stay well below this.
const MAX_EXIF_LEN: usize = 1 << 20;

/// Whether the bytes carry GPS coordinates.
pub fn has_gps(bytes: &[u8]) -> bool {
    scan(bytes).gps
}

/// Whether any EXIF or XMP is present (used to refuse formats that cannot be stripped).
pub fn has_exif(bytes: &[u8]) -> bool {
    let found = scan(bytes);
    found.exif || found.xmp || found.gps
}

#[derive(Default)]
struct Found {
    exif: bool,
    xmp: bool,
    gps: bool,
}

/// One pass over the bytes. EXIF counts in the container's own block (as kamadak-exif finds
/// it) and in every other TIFF header in the file, parsed as an EXIF block: a second JPEG
/// after the first one's end, an MPF or motion-photo trailer, a PNG `eXIf` or HEIF `Exif`
/// item. Stops at the first position found.
fn scan(bytes: &[u8]) -> Found {
    let mut found = Found::default();
    if let Ok(e) = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) {
        found.exif = true;
        found.gps = e.fields().any(is_gps_field);
    }
    let mut blocks = 0;
    for m in finder().find_iter(bytes) {
        if found.gps {
            break;
        }
        match m.pattern().as_usize() {
            TIFF_LE | TIFF_BE if blocks < MAX_EXIF_BLOCKS && plausible_tiff(bytes, m.start()) => {
                blocks += 1;
                if let Some(gps) = parse_gps(&bytes[m.start()..]) {
                    found.exif = true;
                    found.gps = gps;
                }
            }
            TIFF_LE | TIFF_BE => {}
            XMP => found.xmp = true,
            // `©xyz` counts only when followed by a position (a sign and a digit after its
            // 4-byte header), so that pixel data that happens to hold those four bytes is no
            // false alarm.
            QUICKTIME_XYZ => {
                found.gps = bytes
                    .get(m.end() + 4..m.end() + 6)
                    .is_some_and(|p| matches!(p[0], b'+' | b'-') && p[1].is_ascii_digit())
            }
            _ => found.gps = true,
        }
    }
    found
}

/// Parses an EXIF (TIFF) block starting at `data`: `Some(has GPS)`, or `None` if it is not one.
/// A block damaged after its GPS fields still counts (`continue_on_error`).
fn parse_gps(data: &[u8]) -> Option<bool> {
    let block = data[..data.len().min(MAX_EXIF_LEN)].to_vec();
    let has_gps = |e: &exif::Exif| e.fields().any(is_gps_field);
    match exif::Reader::new().continue_on_error(true).read_raw(block) {
        Ok(e) => Some(has_gps(&e)),
        Err(e) => e.distill_partial_result(|_| ()).ok().map(|e| has_gps(&e)),
    }
}

fn is_gps_field(f: &exif::Field) -> bool {
    matches!(
        f.tag,
        exif::Tag::GPSLatitude | exif::Tag::GPSLongitude | exif::Tag::GPSDestLatitude
    )
}

/// Whether the TIFF header at `at` points to a first IFD inside the file.
fn plausible_tiff(bytes: &[u8], at: usize) -> bool {
    let Some(off) = bytes.get(at + 4..at + 8) else {
        return false;
    };
    let off = [off[0], off[1], off[2], off[3]];
    let off = if bytes[at] == b'I' {
        u32::from_le_bytes(off)
    } else {
        u32::from_be_bytes(off)
    } as usize;
    off >= 8 && at + off < bytes.len()
}

/// What is looked for, by needle index: TIFF headers (EXIF blocks), an XMP packet, and GPS
/// in text. XMP spells GPS as `exif:GPSLatitude` (any prefix: the colon is what is matched, so
/// a JavaScript EXIF reader's tag table does not count), in UTF-8 or UTF-16; QuickTime writes
/// an ISO 6709 position in a `©xyz` atom (`©` is the single byte 0xA9 there) or under Apple's
/// location key.
const NEEDLES: [&[u8]; 7] = [
    b"II*\0",
    b"MM\0*",
    b"<x:xmpmeta",
    b"\xa9xyz",
    b"com.apple.quicktime.location.ISO6709",
    b":GPSLatitude",
    b":GPSLongitude",
];
const TIFF_LE: usize = 0;
const TIFF_BE: usize = 1;
const XMP: usize = 2;
const QUICKTIME_XYZ: usize = 3;

fn finder() -> &'static AhoCorasick {
    static FINDER: OnceLock<AhoCorasick> = OnceLock::new();
    FINDER.get_or_init(|| {
        let mut needles: Vec<Vec<u8>> = NEEDLES.iter().map(|n| n.to_vec()).collect();
        // UTF-16 XMP: the same text with a zero byte after (LE) or before (BE) each letter.
        for text in &NEEDLES[5..] {
            needles.push(text.iter().flat_map(|&b| [b, 0]).collect());
            needles.push(text.iter().flat_map(|&b| [0, b]).collect());
        }
        AhoCorasick::new(needles).expect("valid patterns")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xmp_gps_in_any_encoding() {
        let xmp = "<x:xmpmeta><rdf:Description exif:GPSLatitude='34,45.59N'/></x:xmpmeta>";
        assert!(has_gps(xmp.as_bytes()));
        let le: Vec<u8> = xmp.bytes().flat_map(|b| [b, 0]).collect();
        let be: Vec<u8> = xmp.bytes().flat_map(|b| [0, b]).collect();
        assert!(has_gps(&le) && has_gps(&be));
        assert!(!has_gps(
            b"<x:xmpmeta><rdf:Description xmp:Rating='5'/></x:xmpmeta>"
        ));
        // An EXIF library's tag table names the tag without a namespace prefix.
        assert!(!has_gps(
            b"0x0002: \"GPSLatitude\", 0x0004: \"GPSLongitude\""
        ));
    }

    #[test]
    fn quicktime_location_needs_a_position() {
        assert!(has_gps(
            b"udta\0\0\0\x1e\xa9xyz\0\x12\x15\xc7+34.7600+113.6853/"
        ));
        assert!(!has_gps(b"\xa9xyz\x01\x02\x03\x04\x05\x06"));
    }

    #[test]
    fn fake_tiff_headers_are_cheap_and_harmless() {
        // 200,000 plausible headers: only the first few are parsed (see MAX_EXIF_BLOCKS).
        let noise: Vec<u8> = b"II*\0\x08\0\0\0".repeat(200_000);
        assert!(!has_gps(&noise));
    }
}
