//! What the last build wrote: for each output file its size, modification time and a hash of
//! its bytes. With it a rebuild knows which files are unchanged without reading them, and
//! which are stale without walking the whole output folder.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::Path;
use std::time::UNIX_EPOCH;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub len: u64,
    pub mtime_ns: u128,
    pub hash: u64,
}

pub type Manifest = HashMap<String, Entry>;

/// A 64-bit content hash: a collision would only skip rewriting one identical-looking file.
/// XXH3 hashes a big site's 150 MB of output in a few milliseconds (SipHash took 100).
pub fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// The same hash as `hash`, of bytes that come in parts.
pub fn hasher() -> xxhash_rust::xxh3::Xxh3 {
    xxhash_rust::xxh3::Xxh3::new()
}

pub fn mtime_ns(meta: &fs::Metadata) -> u128 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos())
}

/// True when the file on disk is still the one the manifest describes.
pub fn still_matches(entry: &Entry, path: &Path) -> bool {
    // Not through a symlink: a link put in place of an output is not the output.
    fs::symlink_metadata(path)
        .is_ok_and(|m| m.is_file() && m.len() == entry.len && mtime_ns(&m) == entry.mtime_ns)
}

pub fn load(path: &Path) -> Option<Manifest> {
    let text = fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    if lines.next()? != "yiyong-manifest 2" {
        return None;
    }
    lines
        .map(|l| {
            let mut parts = l.splitn(4, '\t');
            let len = parts.next()?.parse().ok()?;
            let mtime_ns = parts.next()?.parse().ok()?;
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            Some((
                parts.next()?.to_string(),
                Entry {
                    len,
                    mtime_ns,
                    hash,
                },
            ))
        })
        .collect()
}

/// Written to a temporary file first, so an interrupted write leaves no half manifest.
/// Sorted by path, so that it reads (and diffs) the same from one build to the next.
/// Sorted and formatted on all cores: it is the last thing a build does, alone.
pub fn save(path: &Path, mut entries: Vec<(String, Entry)>) -> io::Result<()> {
    use rayon::prelude::*;
    use std::fmt::Write as _;
    entries.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let chunks: Vec<String> = entries
        .par_chunks(1024)
        .map(|chunk| {
            let mut out = String::with_capacity(chunk.len() * 80);
            for (k, e) in chunk {
                let _ = writeln!(out, "{}\t{}\t{:x}\t{}", e.len, e.mtime_ns, e.hash, k);
            }
            out
        })
        .collect();
    let mut out = String::with_capacity(20 + chunks.iter().map(String::len).sum::<usize>());
    out.push_str("yiyong-manifest 2\n");
    chunks.iter().for_each(|c| out.push_str(c));
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, out)?;
    fs::rename(tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saves_sorted_and_loads_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache/manifest");
        // More than one chunk of 1,024, in no order.
        let entries: Vec<(String, Entry)> = (0..3000u64)
            .map(|i| (i * 7919) % 3000)
            .map(|i| {
                let e = Entry {
                    len: i,
                    mtime_ns: u128::from(i) * 1_000_000_007,
                    hash: i.wrapping_mul(0x9E37_79B9_7F4A_7C15),
                };
                (format!("p/{i}/index.html"), e)
            })
            .collect();
        save(&path, entries.clone()).unwrap();
        let text = fs::read_to_string(&path).unwrap();
        let names: Vec<&str> = text
            .lines()
            .skip(1)
            .map(|l| l.rsplit('\t').next().unwrap())
            .collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
        assert_eq!(
            load(&path).unwrap(),
            entries.into_iter().collect::<Manifest>()
        );
    }
}
