//! HTML escaping as Tera's autoescape does it (`& < > " ' /`). Pages' HTML is escaped whole
//! into every feed (41 MB for the benchmark corpus), so the text is searched sixteen bytes at
//! a time and copied in runs between the bytes it replaces.

/// Byte for byte what `tera::escape_html` gives.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 4 + 16);
    escape_html_into(&mut out, s);
    out
}

/// `escape_html`, appended to `out`.
pub fn escape_html_into(out: &mut String, s: &str) {
    let b = s.as_bytes();
    // SAFETY: only ASCII bytes are replaced, and only by ASCII, so what is appended is as
    // UTF-8 as `s`.
    let out = unsafe { out.as_mut_vec() };
    out.reserve(b.len() + b.len() / 4 + 16);
    // The start of the bytes not copied yet.
    let mut run = 0;
    let mut replace = |out: &mut Vec<u8>, at: usize, with: &[u8]| {
        out.extend_from_slice(&b[run..at]);
        out.extend_from_slice(with);
        run = at + 1;
    };
    let mut blocks = b.chunks_exact(16);
    let mut at = 0;
    for block in &mut blocks {
        let mut found = specials(block.try_into().expect("16 bytes"));
        while found != 0 {
            let i = at + found.trailing_zeros() as usize;
            replace(out, i, replacement(b[i]));
            found &= found - 1;
        }
        at += 16;
    }
    for (i, &c) in blocks.remainder().iter().enumerate() {
        if is_special(c) {
            replace(out, at + i, replacement(c));
        }
    }
    out.extend_from_slice(&b[run..]);
}

/// What Tera's `escape_xml` filter gives, appended to `out`.
pub fn escape_xml_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
}

fn is_special(c: u8) -> bool {
    matches!(c, b'&' | b'<' | b'>' | b'"' | b'\'' | b'/')
}

fn replacement(c: u8) -> &'static [u8] {
    match c {
        b'&' => b"&amp;",
        b'<' => b"&lt;",
        b'>' => b"&gt;",
        b'"' => b"&quot;",
        b'\'' => b"&#x27;",
        _ => b"&#x2F;",
    }
}

/// A bit for each byte of `block` that `escape_html` replaces (bit i for byte i).
#[cfg(target_arch = "x86_64")]
fn specials(block: &[u8; 16]) -> u32 {
    use std::arch::x86_64::*;
    // SAFETY: SSE2 is part of every x86_64 CPU; the load reads the 16 bytes of `block`.
    unsafe {
        let v = _mm_loadu_si128(block.as_ptr().cast());
        let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
        let any = _mm_or_si128(
            _mm_or_si128(_mm_or_si128(eq(b'&'), eq(b'<')), eq(b'>')),
            _mm_or_si128(_mm_or_si128(eq(b'"'), eq(b'\'')), eq(b'/')),
        );
        _mm_movemask_epi8(any) as u32
    }
}

#[cfg(not(target_arch = "x86_64"))]
fn specials(block: &[u8; 16]) -> u32 {
    block
        .iter()
        .enumerate()
        .fold(0, |found, (i, &c)| found | (u32::from(is_special(c)) << i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_tera_does() {
        let s = "a&b<c>d\"e'f/g 中文“引号”&amp; <p>正文</p>\n";
        assert_eq!(escape_html(s), tera::escape_html(s));
        assert_eq!(escape_html(""), "");
        // Every byte value near the escaped ones, at every offset within a block.
        let near: String = (0x20u8..0x41).map(char::from).collect();
        for pad in 0..17 {
            let s = format!("{}{near}中{near}é", "中".repeat(pad));
            assert_eq!(escape_html(&s), tera::escape_html(&s), "{pad}");
            let s = format!("{}{}", "x".repeat(pad), "<a href=\"/x\">文</a>".repeat(3));
            assert_eq!(escape_html(&s), tera::escape_html(&s), "{pad}");
            let s = "/".repeat(pad) + &"&".repeat(33 - pad);
            assert_eq!(escape_html(&s), tera::escape_html(&s), "{pad}");
        }
        // Each special byte followed by each ASCII byte.
        let pairs: String = (0x20u8..0x7F)
            .flat_map(|c| ['&', '<', '>', '"', '\'', '/'].map(|s| format!("{s}{}", c as char)))
            .collect();
        for pad in 0..17 {
            let s = format!("{}{pairs}", "x".repeat(pad));
            assert_eq!(escape_html(&s), tera::escape_html(&s), "{pad}");
        }
    }

    #[test]
    fn finds_every_special_byte_at_every_place_in_a_block() {
        for place in 0..16 {
            for b in 0u8..=0xFF {
                let mut block = *b"abcdefghijklmnop";
                block[place] = b;
                let expected = if is_special(b) { 1 << place } else { 0 };
                assert_eq!(specials(&block), expected, "{b:#x} at {place}");
            }
        }
        assert_eq!(specials(b"&&&&&&&&&&&&&&&&"), 0xFFFF);
    }
}
