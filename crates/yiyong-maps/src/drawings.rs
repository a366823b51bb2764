//! Each place's own map, kept between builds in the maps' cache folder. Drawing 5,000 of them
//! (clusters, label placement) was most of what the maps added to a rebuild in which no place
//! had changed. One file holds them all, named by a hash of everything a drawing is made from
//! (every place, the settings, the site's addresses) and of the running program, so a change
//! to any place, setting or the program itself draws them all again.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::svg::Svg;

const MAGIC: &[u8] = b"yiyong-maps-drawings 1\n";
const PREFIX: &str = "places-";

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
    let bytes = std::fs::read(file).ok()?;
    let mut rest = bytes.strip_prefix(MAGIC)?;
    let mut out = Vec::with_capacity(n);
    let mut take = |len: usize| -> Option<&[u8]> {
        let (head, tail) = rest.split_at_checked(len)?;
        rest = tail;
        Some(head)
    };
    while out.len() < n {
        let width = f64::from_le_bytes(take(8)?.try_into().ok()?);
        let height = f64::from_le_bytes(take(8)?.try_into().ok()?);
        let len = u32::from_le_bytes(take(4)?.try_into().ok()?) as usize;
        let markup = String::from_utf8(take(len)?.to_vec()).ok()?;
        out.push(Svg {
            markup,
            width,
            height,
        });
    }
    rest.is_empty().then_some(out)
}

/// Keeps `svgs` in `file` (through a temporary file, so a reader never sees half of it) and
/// removes the drawings of earlier versions of the site. A failure only costs the next build
/// the drawing.
pub fn save<'a>(file: &Path, svgs: impl Iterator<Item = &'a Svg>) {
    let Some(dir) = file.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let mut bytes = MAGIC.to_vec();
    for svg in svgs {
        bytes.extend(svg.width.to_le_bytes());
        bytes.extend(svg.height.to_le_bytes());
        bytes.extend((svg.markup.len() as u32).to_le_bytes());
        bytes.extend(svg.markup.as_bytes());
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
            Svg {
                markup: "<svg>一</svg>".into(),
                width: 360.0,
                height: 260.5,
            },
            Svg {
                markup: String::new(),
                width: 1.0,
                height: 2.0,
            },
        ];
        save(&f, svgs.iter());
        let back = load(&f, 2).unwrap();
        assert_eq!(back[0].markup, "<svg>一</svg>");
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
