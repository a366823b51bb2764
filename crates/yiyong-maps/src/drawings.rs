//! Each place's own map, kept between builds in the maps' cache folder. Drawing 5,000 of them
//! (clusters, label placement) was most of what the maps added to a rebuild in which no place
//! had changed. One file holds them all, named by a hash of everything a drawing is made from
//! (every place, the settings, the site's addresses) and of the running program, so a change
//! to any place, setting or the program itself draws them all again.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::svg::Svg;

// Version 2: a table of every drawing's size and length, then all the markup as one UTF-8
// text, so that loading is one read and one check, not a string per drawing.
const MAGIC: &[u8] = b"yiyong-maps-drawings 2\n";
const PREFIX: &str = "places-";
/// A drawing's entry in the table: width, height (f64) and markup length (u32).
const ENTRY: usize = 20;

/// The cache file for drawings made from `inputs` (a full description of them).
pub fn file(dir: &Path, inputs: &str) -> PathBuf {
    let key = format!("{inputs}\n{:?}", program());
    let hash = xxhash_rust::xxh3::xxh3_64(key.as_bytes());
    dir.join(format!("{PREFIX}{hash:016x}.bin"))
}

/// The running program's size and time: a rebuilt yiyong may draw differently.
fn program() -> Option<(u64, std::time::SystemTime)> {
    let meta = std::env::current_exe().ok()?.metadata().ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// The `n` drawings kept in `file`, if it holds exactly that many.
pub fn load(file: &Path, n: usize) -> Option<Vec<Svg>> {
    let mut bytes = std::fs::read(file).ok()?;
    let table = bytes.strip_prefix(MAGIC)?.get(..n.checked_mul(ENTRY)?)?;
    let mut sizes = Vec::with_capacity(n);
    let mut at = 0usize;
    for e in table.chunks_exact(ENTRY) {
        let width = f64::from_le_bytes(e[0..8].try_into().ok()?);
        let height = f64::from_le_bytes(e[8..16].try_into().ok()?);
        let len = u32::from_le_bytes(e[16..20].try_into().ok()?) as usize;
        sizes.push((width, height, at..at.checked_add(len)?));
        at += len;
    }
    bytes.drain(..MAGIC.len() + n * ENTRY);
    let text = std::sync::Arc::new(String::from_utf8(bytes).ok()?);
    // Every span must end on a character boundary, and the last one at the end.
    let fits = sizes
        .iter()
        .all(|(_, _, r)| text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
    (fits && at == text.len()).then(|| {
        sizes
            .into_iter()
            .map(|(w, h, r)| Svg::part_of(text.clone(), Some(r), w, h))
            .collect()
    })
}

/// Keeps `svgs` in `file` (through a temporary file, so a reader never sees half of it) and
/// removes the drawings of earlier versions of the site. A failure only costs the next build
/// the drawing.
pub fn save<'a>(file: &Path, svgs: impl Iterator<Item = &'a Svg>) {
    let Some(dir) = file.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let svgs: Vec<&Svg> = svgs.collect();
    let mut bytes = MAGIC.to_vec();
    for svg in &svgs {
        bytes.extend(svg.width.to_le_bytes());
        bytes.extend(svg.height.to_le_bytes());
        bytes.extend((svg.markup().len() as u32).to_le_bytes());
    }
    for svg in &svgs {
        bytes.extend(svg.markup().as_bytes());
    }
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| f.write_all(&bytes));
    if written.is_err() || std::fs::rename(&tmp, file).is_err() {
        let _ = std::fs::remove_file(&tmp);
        return;
    }
    for old in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = old.file_name().to_string_lossy().into_owned();
        if name.starts_with(PREFIX) && old.path() != file {
            let _ = std::fs::remove_file(old.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawings_come_back_as_kept_and_a_damaged_file_is_ignored() {
        let dir = std::env::temp_dir().join(format!("yiyong-drawings-{}", std::process::id()));
        let f = file(&dir, "some places");
        let svgs = [
            Svg::new("<svg>一</svg>".into(), 360.0, 260.5),
            Svg::new(String::new(), 1.0, 2.0),
        ];
        save(&f, svgs.iter());
        let back = load(&f, 2).unwrap();
        assert_eq!(back[0].markup(), "<svg>一</svg>");
        assert_eq!(
            (back[0].width, back[0].height, back[1].height),
            (360.0, 260.5, 2.0)
        );
        assert!(load(&f, 3).is_none(), "a different number of places");
        assert!(load(&f, 1).is_none(), "bytes left over");
        let bytes = std::fs::read(&f).unwrap();
        std::fs::write(&f, &bytes[..bytes.len() - 3]).unwrap();
        assert!(load(&f, 2).is_none(), "a cut file");
        // A new version of the site removes the old file.
        let g = file(&dir, "other places");
        save(&g, svgs.iter());
        assert!(!f.exists() && g.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
