//! Removing metadata from a GIF without re-encoding it. A GIF is a header, a colour table and
//! a sequence of blocks; metadata lives in comment extensions and application extensions
//! (Photoshop and exiftool put XMP, GPS included, in an "XMP DataXMP" one). Those are dropped
//! block by block (lossless: the image data is copied byte for byte), as is anything after
//! the trailer. No crate does this without decoding and re-encoding the frames, and the
//! format (GIF89a spec) is small enough to walk here.

/// Application extensions that change how the picture is shown, kept: animation looping
/// (Netscape, ANIMEXTS) and the ICC colour profile.
const KEPT_APPLICATIONS: [&[u8; 11]; 3] = [b"NETSCAPE2.0", b"ANIMEXTS1.0", b"ICCRGBG1012"];

const EXTENSION: u8 = 0x21;
const IMAGE: u8 = 0x2C;
const TRAILER: u8 = 0x3B;
const GRAPHIC_CONTROL: u8 = 0xF9;
const PLAIN_TEXT: u8 = 0x01;
const APPLICATION: u8 = 0xFF;

/// The GIF without comment and metadata extensions and without anything after its trailer.
/// Fails on a file whose blocks do not parse (a file cut short at a block boundary is
/// completed with a trailer, as viewers show it).
pub fn strip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let short = |at: usize| format!("it is cut short at byte {at}");
    let flags = *bytes.get(10).ok_or_else(|| short(bytes.len()))?;
    let mut pos = 13 + colour_table_len(flags);
    let mut out = bytes.get(..pos).ok_or_else(|| short(bytes.len()))?.to_vec();
    loop {
        match bytes.get(pos) {
            None => break,
            Some(&TRAILER) => break,
            Some(&IMAGE) => {
                let local = *bytes.get(pos + 9).ok_or_else(|| short(pos))?;
                // Descriptor (10 bytes), local colour table, LZW code size, then data blocks.
                let data = pos + 10 + colour_table_len(local) + 1;
                let end = sub_blocks_end(bytes, data).ok_or_else(|| short(pos))?;
                out.extend_from_slice(&bytes[pos..end]);
                pos = end;
            }
            Some(&EXTENSION) => {
                let label = *bytes.get(pos + 1).ok_or_else(|| short(pos))?;
                let end = sub_blocks_end(bytes, pos + 2).ok_or_else(|| short(pos))?;
                if keep_extension(label, &bytes[pos + 2..end]) {
                    out.extend_from_slice(&bytes[pos..end]);
                }
                pos = end;
            }
            Some(b) => return Err(format!("unexpected byte 0x{b:02X} at byte {pos}")),
        }
    }
    out.push(TRAILER);
    Ok(out)
}

/// Size in bytes of the colour table announced by a descriptor's flags byte.
fn colour_table_len(flags: u8) -> usize {
    if flags & 0x80 == 0 {
        0
    } else {
        3 << ((flags & 0x07) + 1)
    }
}

/// Where a chain of data sub-blocks starting at `pos` ends (after its zero-length block).
fn sub_blocks_end(bytes: &[u8], mut pos: usize) -> Option<usize> {
    loop {
        let len = *bytes.get(pos)? as usize;
        pos += 1 + len;
        if len == 0 {
            return Some(pos);
        }
        if pos > bytes.len() {
            return None;
        }
    }
}

/// `blocks` is the extension's sub-blocks; an application extension's first one is its
/// 11-byte identifier and authentication code.
fn keep_extension(label: u8, blocks: &[u8]) -> bool {
    match label {
        GRAPHIC_CONTROL | PLAIN_TEXT => true,
        APPLICATION => blocks
            .get(1..12)
            .is_some_and(|id| blocks[0] == 11 && KEPT_APPLICATIONS.iter().any(|k| &k[..] == id)),
        // Comments, and extensions no viewer knows.
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &[u8] = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff";
    const LOOP: &[u8] = b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00";
    const FRAME: &[u8] = b"\x21\xf9\x04\x00\x00\x00\x00\x00\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00";

    #[test]
    fn comments_and_xmp_go_frames_and_looping_stay() {
        let mut gif = HEAD.to_vec();
        gif.extend_from_slice(b"\x21\xfe\x05hello\x00");
        gif.extend_from_slice(LOOP);
        gif.extend_from_slice(b"\x21\xff\x0bXMP DataXMP\x03abc\x00");
        gif.extend_from_slice(FRAME);
        gif.extend_from_slice(b"\x3bafter the trailer");
        let want = [HEAD, LOOP, FRAME, b";"].concat();
        assert_eq!(strip(&gif).unwrap(), want);
    }

    #[test]
    fn damaged_gifs_fail_and_a_missing_trailer_is_added() {
        let whole = [HEAD, FRAME].concat();
        assert_eq!(strip(&whole).unwrap(), [HEAD, FRAME, b";"].concat());
        for cut in [5, 11, HEAD.len() + 3, whole.len() - 1] {
            assert!(strip(&whole[..cut]).is_err(), "cut at {cut}");
        }
        assert!(strip(&[HEAD, b"\x99"].concat()).is_err());
    }
}
