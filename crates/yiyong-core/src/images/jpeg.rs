//! Removing metadata from a JPEG without recompressing it, through the whole file: img-parts
//! (used for PNG and WebP) parses a JPEG only up to its first scan and keeps the rest as one
//! block, which is where a progressive JPEG's later segments, and everything appended after
//! the end-of-image marker, live: a second image with its own GPS, a multi-picture (MPF) or
//! Ultra HDR gain map, a Samsung/Google motion photo's MP4. All of that is dropped here.

use img_parts::jpeg::markers;

/// Segments kept: everything needed to decode (tables, frame and scan headers), the JFIF and
/// Adobe headers (they say how to read the colours) and the colour profile. Every other
/// application segment (EXIF, XMP, IPTC, MPF, vendor data) and every comment goes.
fn keep(marker: u8, contents: &[u8]) -> bool {
    match marker {
        markers::APP0 => contents.starts_with(b"JFIF\0"),
        markers::APP2 => contents.starts_with(b"ICC_PROFILE\0"),
        markers::APP14 => contents.starts_with(b"Adobe"),
        m if (markers::APP0..=markers::APP15).contains(&m) => false,
        markers::COM => false,
        _ => true,
    }
}

/// The JPEG without metadata segments and without anything after its end-of-image marker.
/// Fails on a file that does not parse as a JPEG to its end marker.
pub fn strip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    if !bytes.starts_with(&[markers::P, markers::SOI]) {
        return Err("it does not start like a JPEG".into());
    }
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&[markers::P, markers::SOI]);
    let mut pos = 2;
    loop {
        let at = next_marker(bytes, pos)?;
        let marker = bytes[at];
        match marker {
            markers::EOI => {
                out.extend_from_slice(&[markers::P, markers::EOI]);
                return Ok(out);
            }
            markers::SOI => return Err(format!("a second start-of-image marker at byte {at}")),
            // Markers without a length (restart, TEM) carry no data.
            markers::RST0..=markers::RST7 | 0x01 => {
                out.extend_from_slice(&[markers::P, marker]);
                pos = at + 1;
            }
            _ => {
                let len = bytes
                    .get(at + 1..at + 3)
                    .map(|l| u16::from_be_bytes([l[0], l[1]]) as usize)
                    .filter(|&l| l >= 2 && at + 1 + l <= bytes.len())
                    .ok_or_else(|| format!("the segment at byte {at} is cut short"))?;
                let end = at + 1 + len;
                if keep(marker, &bytes[at + 3..end]) {
                    out.push(markers::P);
                    out.extend_from_slice(&bytes[at..end]);
                }
                pos = end;
                if marker == markers::SOS {
                    let scan_end = scan_end(bytes, pos)?;
                    out.extend_from_slice(&bytes[pos..scan_end]);
                    pos = scan_end;
                }
            }
        }
    }
}

/// The position of the next marker's code byte from `pos`, skipping fill bytes (0xFF) and any
/// stray bytes between segments.
fn next_marker(bytes: &[u8], mut pos: usize) -> Result<usize, String> {
    loop {
        let ff = memchr::memchr(markers::P, bytes.get(pos..).unwrap_or_default())
            .ok_or("it has no end-of-image marker (truncated)")?;
        pos += ff + 1;
        match bytes.get(pos) {
            None => return Err("it has no end-of-image marker (truncated)".into()),
            Some(&markers::P) | Some(&0x00) => continue,
            Some(_) => return Ok(pos),
        }
    }
}

/// Where the entropy-coded data starting at `pos` ends: at the first 0xFF that is neither a
/// stuffed 0xFF00, a restart marker nor fill, i.e. at the 0xFF of the next marker.
fn scan_end(bytes: &[u8], mut pos: usize) -> Result<usize, String> {
    loop {
        let ff = memchr::memchr(markers::P, bytes.get(pos..).unwrap_or_default())
            .ok_or("its image data has no end marker (truncated)")?;
        let at = pos + ff;
        match bytes.get(at + 1) {
            None => return Err("its image data has no end marker (truncated)".into()),
            Some(0x00) | Some(markers::RST0..=markers::RST7) => pos = at + 2,
            Some(&markers::P) => pos = at + 1,
            Some(_) => return Ok(at),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SOI, an APP1, a DQT, SOS with entropy holding stuffed and restart bytes, a COM after
    /// the scan, EOI, then a trailer.
    fn sample() -> Vec<u8> {
        let mut b = vec![0xFF, 0xD8];
        b.extend_from_slice(b"\xFF\xE1\x00\x08Exif\0\0");
        b.extend_from_slice(b"\xFF\xDB\x00\x04\x01\x02");
        b.extend_from_slice(b"\xFF\xDA\x00\x03\x00");
        b.extend_from_slice(b"\x11\xFF\x00\x22\xFF\xD0\x33\xFF\xFF");
        b.extend_from_slice(b"\xFF\xFE\x00\x05hi!");
        b.extend_from_slice(b"\xFF\xD9");
        b.extend_from_slice(b"\xFF\xD8\xFF\xE1 trailer with secrets");
        b
    }

    #[test]
    fn metadata_and_trailer_go_the_image_stays() {
        let out = strip(&sample()).unwrap();
        let mut want = vec![0xFF, 0xD8];
        want.extend_from_slice(b"\xFF\xDB\x00\x04\x01\x02");
        want.extend_from_slice(b"\xFF\xDA\x00\x03\x00");
        // The fill bytes before the comment's marker belong to the scan and are kept.
        want.extend_from_slice(b"\x11\xFF\x00\x22\xFF\xD0\x33\xFF\xFF");
        want.extend_from_slice(b"\xFF\xD9");
        assert_eq!(out, want);
    }

    #[test]
    fn cut_short_files_fail() {
        let s = sample();
        for cut in [3, 7, 14, 20, 25, 30] {
            assert!(strip(&s[..cut]).is_err(), "cut at {cut}");
        }
        assert!(strip(b"\xFF\xD8\xFF\xDB\x00\xFF").is_err());
        assert!(strip(b"not a jpeg").is_err());
    }
}
