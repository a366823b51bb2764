//! Fast path for HTML escaping. General path: `tera::escape_html` (Tera's autoescape, `& < > "
//! ' /`), which pushes one char at a time. Pages' HTML is escaped whole into every feed (41 MB
//! for the 10,000-hero corpus), so here the text is searched sixteen bytes at a time and
//! copied in runs between the bytes it replaces. Also `escape_xml_into`, what Tera's
//! `escape_xml` filter gives, for the feed entries and sitemap written without Tera.
//!
//! Figure (docs/fast-paths.md): warm rebuild of the 10,000-hero Zola corpus, cachegrind,
//! `RAYON_NUM_THREADS=1`: 5,402 M instructions with it, 6,051 M with Tera's (+12%);
//! `[timing]   feeds` median 62 ms with, 82 ms without. Build with
//! `RUSTFLAGS="--cfg yiyong_general_escape"` to measure without it.
//!
//! Contract: the `escape_*` tests in src/fast_paths_tests.rs.

/// Byte for byte what `tera::escape_html` gives.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 4 + 16);
    escape_html_into(&mut out, s);
    out
}

/// `escape_html`, appended to `out`.
pub fn escape_html_into(out: &mut String, s: &str) {
    // SAFETY: only ASCII bytes are replaced, and only by ASCII, so what is appended is as
    // UTF-8 as `s`.
    escape_html_into_bytes(unsafe { out.as_mut_vec() }, s);
}

/// `escape_html`, appended to the bytes of a page being written (`fast_render` writes a
/// value's escaped text straight into its output, not into a string copied there).
pub fn escape_html_into_bytes(out: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
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

pub(crate) fn is_special(c: u8) -> bool {
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
pub(crate) fn specials(block: &[u8; 16]) -> u32 {
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
pub(crate) fn specials(block: &[u8; 16]) -> u32 {
    block
        .iter()
        .enumerate()
        .fold(0, |found, (i, &c)| found | (u32::from(is_special(c)) << i))
}
