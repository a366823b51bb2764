//! A drawn map as an indexed (palette) image: one byte a pixel instead of three, so zlib has a
//! third of the data to compress and the PNG comes out smaller.
//!
//! A map is flat colours with anti-aliased edges: the 24 maps of the 10,000-hero corpus hold
//! 156 to 335 colours each. Up to 256 the palette is exact. Above it, the 256 most frequent
//! colours are kept and each rarer colour (0.016–0.031% of a district map's pixels, the
//! edge pixels where three colours meet) takes the nearest of them; a picture with more of
//! those than `MAX_APPROXIMATED` (a background photo, gradients) is left to RGB.

use rustc_hash::FxHashMap as HashMap;

/// At most this share of the pixels may take a near colour instead of their own.
const MAX_APPROXIMATED: f64 = 0.001;

/// The palette (RGB triples) and each pixel's index into it; `None` when the picture has too
/// many colours to be shown faithfully with 256. `rgba`: opaque pixels, 4 bytes each.
pub fn indexed(rgba: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    // The picture is read once, as runs (some 80,000 for a 1080 × 1600 map): a second pass
    // over its 7 MB cost more than compressing the indexes.
    let mut list: Vec<(u32, u32)> = Vec::with_capacity(1 << 16);
    runs(rgba, |c, n| list.push((c, n as u32)));
    let counts = count(&list);
    let mut colours: Vec<(u32, u32)> = counts.into_iter().collect();
    // By frequency, then by colour: the same picture gets the same palette every build.
    colours.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let kept = colours.len().min(256);
    let rare: u64 = colours[kept..].iter().map(|c| u64::from(c.1)).sum();
    if rare as f64 > (rgba.len() / 4) as f64 * MAX_APPROXIMATED {
        return None;
    }
    let mut index: HashMap<u32, u8> = colours[..kept]
        .iter()
        .enumerate()
        .map(|(i, c)| (c.0, i as u8))
        .collect();
    for (colour, _) in &colours[kept..] {
        let near = nearest(*colour, &colours[..kept]);
        index.insert(*colour, near);
    }
    let palette = colours[..kept]
        .iter()
        .flat_map(|c| [(c.0 >> 16) as u8, (c.0 >> 8) as u8, c.0 as u8])
        .collect();
    Some((palette, pixels(&list, rgba.len() / 4, &index)))
}

/// The pixel's colour as `0xRRGGBB` (the alpha byte, always 255 here, dropped).
fn rgb(p: &[u8]) -> u32 {
    let word = u32::from_be_bytes([p[0], p[1], p[2], p[3]]);
    word >> 8
}

/// Calls `f` with each run of pixels of one colour, in order: the colour and the run's
/// length. Most of a map is runs of its background: the pixels are read as words, 8 at a
/// time within a run (byte by byte, and then in 16-byte pieces, this was 3% of a 10,000-hero
/// build by callgrind).
fn runs(rgba: &[u8], mut f: impl FnMut(u32, usize)) {
    let copied: Vec<u32>;
    let px: &[u32] = match bytemuck::try_cast_slice(rgba) {
        Ok(words) => words,
        // A buffer not aligned to 4 bytes (no allocator gives one): read through a copy.
        Err(_) => {
            let word = |c: &[u8]| u32::from_ne_bytes([c[0], c[1], c[2], c[3]]);
            copied = rgba.chunks_exact(4).map(word).collect();
            &copied
        }
    };
    let mut i = 0;
    while i < px.len() {
        let c = px[i];
        let mut n = 1;
        // Written without an early exit within the 8, so that they are compared at once.
        for eight in px[i + 1..].chunks_exact(8) {
            if !eight.iter().fold(true, |same, &p| same & (p == c)) {
                break;
            }
            n += 8;
        }
        while i + n < px.len() && px[i + n] == c {
            n += 1;
        }
        f(rgb(&c.to_ne_bytes()), n);
        i += n;
    }
}

/// How many pixels have each colour.
fn count(runs: &[(u32, u32)]) -> HashMap<u32, u32> {
    let mut counts: HashMap<u32, u32> = HashMap::default();
    for &(c, n) in runs {
        *counts.entry(c).or_default() += n;
    }
    counts
}

/// The index of the palette colour nearest `c` (squared distance in RGB).
fn nearest(c: u32, palette: &[(u32, u32)]) -> u8 {
    let channels = |c: u32| {
        [
            (c >> 16) as i32 & 255,
            (c >> 8) as i32 & 255,
            c as i32 & 255,
        ]
    };
    let [r, g, b] = channels(c);
    let distance = |p: &(u32, u32)| {
        let [pr, pg, pb] = channels(p.0);
        (r - pr).pow(2) + (g - pg).pow(2) + (b - pb).pow(2)
    };
    (0..palette.len())
        .min_by_key(|&i| distance(&palette[i]))
        .unwrap_or(0) as u8
}

/// Each pixel's palette index.
fn pixels(runs: &[(u32, u32)], len: usize, index: &HashMap<u32, u8>) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    for &(c, n) in runs {
        out.resize(out.len() + n as usize, index[&c]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(colours: &[(u32, usize)]) -> Vec<u8> {
        colours
            .iter()
            .flat_map(|&(c, n)| std::iter::repeat_n(c, n))
            .flat_map(|c| [(c >> 16) as u8, (c >> 8) as u8, c as u8, 255])
            .collect()
    }

    #[test]
    fn up_to_256_colours_are_exact() {
        let colours: Vec<(u32, usize)> = (0..256).map(|i| (i * 0x010101, 3)).collect();
        let rgba = picture(&colours);
        let (palette, px) = indexed(&rgba).unwrap();
        assert_eq!(palette.len(), 256 * 3);
        for (i, p) in px.iter().enumerate() {
            let at = *p as usize * 3;
            assert_eq!(&palette[at..at + 3], &rgba[i * 4..i * 4 + 3], "pixel {i}");
        }
    }

    #[test]
    fn a_rare_colour_beyond_256_takes_the_nearest() {
        // 256 common colours, then one pixel of a colour next to 0x404040.
        let mut colours: Vec<(u32, usize)> = (0..256).map(|i| (i * 0x010101, 10_000)).collect();
        colours.push((0x414040, 1));
        let (palette, px) = indexed(&picture(&colours)).unwrap();
        let last = *px.last().unwrap() as usize * 3;
        assert_eq!(&palette[last..last + 3], &[0x40, 0x40, 0x40]);
    }

    #[test]
    fn runs_of_every_length_keep_every_pixel() {
        // Runs of 1 to 40 pixels, across the 8-pixel blocks, against a pixel-by-pixel reading.
        let colours: Vec<(u32, usize)> = (0..200u32)
            .map(|i| ((i % 7) * 0x102030, i as usize % 40 + 1))
            .collect();
        let rgba = picture(&colours);
        let (palette, px) = indexed(&rgba).unwrap();
        assert_eq!(px.len(), rgba.len() / 4);
        for (i, p) in px.iter().enumerate() {
            let at = *p as usize * 3;
            assert_eq!(&palette[at..at + 3], &rgba[i * 4..i * 4 + 3], "pixel {i}");
        }
    }

    #[test]
    fn too_many_colours_stay_rgb() {
        let colours: Vec<(u32, usize)> = (0..1000).map(|i| (i * 7919, 1)).collect();
        assert!(indexed(&picture(&colours)).is_none());
    }
}
