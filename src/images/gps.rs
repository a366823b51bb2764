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
    exif_gps(bytes) || marker_gps(bytes)
}

/// Whether any EXIF or XMP is present (used to refuse formats that cannot be stripped).
pub fn has_exif(bytes: &[u8]) -> bool {
    exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .is_ok()
        || tiff_headers(bytes)
            .take(MAX_EXIF_BLOCKS)
            .any(|at| parse_gps(&bytes[at..]).is_some())
        || markers()
            .find_iter(bytes)
            .any(|m| m.pattern().as_usize() == XMP)
}

/// EXIF with a GPS position: the container's own block (as kamadak-exif finds it), and every
/// other TIFF header in the file, parsed as an EXIF block: a second JPEG after the first one's
/// end, an MPF or motion-photo trailer, a PNG `eXIf` or HEIF `Exif` item.
fn exif_gps(bytes: &[u8]) -> bool {
    let container = exif::Reader::new()
        .read_from_container(&mut std::io::Cursor::new(bytes))
        .is_ok_and(|e| e.fields().any(is_gps_field));
    container
        || tiff_headers(bytes)
            .take(MAX_EXIF_BLOCKS)
            .any(|at| parse_gps(&bytes[at..]) == Some(true))
}

/// Parses an EXIF (TIFF) block starting at `data`: `Some(has GPS)`, or `None` if it is not one.
/// A block damaged after its GPS fields still counts (`continue_on_error`).
fn parse_gps(data: &[u8]) -> Option<bool> {
    let block = data[..data.len().min(MAX_EXIF_LEN)].to_vec();
    let fields: Vec<exif::Field> = match exif::Reader::new().continue_on_error(true).read_raw(block)
    {
        Ok(e) => e.fields().cloned().collect(),
        Err(e) => match e.distill_partial_result(|_| ()) {
            Ok(e) => e.fields().cloned().collect(),
            Err(_) => return None,
        },
    };
    Some(fields.iter().any(is_gps_field))
}

fn is_gps_field(f: &exif::Field) -> bool {
    matches!(
        f.tag,
        exif::Tag::GPSLatitude | exif::Tag::GPSLongitude | exif::Tag::GPSDestLatitude
    )
}

/// Offsets of byte sequences that start like a TIFF header with a plausible first IFD.
fn tiff_headers(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    tiff_finder()
        .find_overlapping_iter(bytes)
        .map(|m| m.start())
        .filter(move |&at| {
            let Some(off) = bytes.get(at + 4..at + 8) else {
                return false;
            };
            let off = if bytes[at] == b'I' {
                u32::from_le_bytes([off[0], off[1], off[2], off[3]])
            } else {
                u32::from_be_bytes([off[0], off[1], off[2], off[3]])
            } as usize;
            off >= 8 && at + off < bytes.len()
        })
}

fn tiff_finder() -> &'static AhoCorasick {
    static FINDER: OnceLock<AhoCorasick> = OnceLock::new();
    FINDER.get_or_init(|| AhoCorasick::new([b"II*\0", b"MM\0*"]).expect("valid patterns"))
}

/// Text markers of metadata, by needle index: XMP spells GPS as `exif:GPSLatitude` (any
/// prefix: the colon is what is matched, so a JavaScript EXIF reader's tag table does not
/// count), in UTF-8 or UTF-16; QuickTime writes an ISO 6709 position in a `©xyz` atom (`©` is
/// the single byte 0xA9 there) or under Apple's location key.
const LATITUDE: &[u8] = b":GPSLatitude";
const LONGITUDE: &[u8] = b":GPSLongitude";
const NEEDLES: [&[u8]; 4] = [b"<x:xmpmeta", b"\xa9xyz", LATITUDE, LONGITUDE];
const XMP: usize = 0;
const QUICKTIME_XYZ: usize = 1;

fn markers() -> &'static AhoCorasick {
    static FINDER: OnceLock<AhoCorasick> = OnceLock::new();
    FINDER.get_or_init(|| {
        let mut needles: Vec<Vec<u8>> = NEEDLES.iter().map(|n| n.to_vec()).collect();
        needles.push(b"com.apple.quicktime.location.ISO6709".to_vec());
        // UTF-16 XMP: the same text with a zero byte after (LE) or before (BE) each letter.
        for text in [LATITUDE, LONGITUDE] {
            needles.push(text.iter().flat_map(|&b| [b, 0]).collect());
            needles.push(text.iter().flat_map(|&b| [0, b]).collect());
        }
        AhoCorasick::new(needles).expect("valid patterns")
    })
}

/// A GPS position in XMP or a QuickTime location. `©xyz` counts only when followed by a
/// position (a sign and a digit after its 4-byte header), so that pixel data that happens to
/// hold those four bytes is no false alarm.
fn marker_gps(bytes: &[u8]) -> bool {
    markers()
        .find_iter(bytes)
        .any(|m| match m.pattern().as_usize() {
            XMP => false,
            QUICKTIME_XYZ => bytes
                .get(m.end() + 4..m.end() + 6)
                .is_some_and(|p| matches!(p[0], b'+' | b'-') && p[1].is_ascii_digit()),
            _ => true,
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
