//! Staged, atomic output. Changed files go to a staging folder beside the output; once the
//! whole build has succeeded they are moved into place and stale files removed. A failed build
//! leaves the previous output untouched, and an unchanged file is never rewritten, so it keeps
//! its modification time (cheap rsync/CDN deploys, fast rebuilds).

use std::collections::HashMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::manifest::{self, Entry, Manifest};
use super::Sink;

/// A file this build produced: its size and hash, and its mtime when known without asking
/// the file system again (left untouched, or written by `write`).
struct Produced {
    len: u64,
    hash: u64,
    mtime: Option<u128>,
}

pub struct StagedOutput {
    out_dir: PathBuf,
    stage_dir: PathBuf,
    manifest_path: PathBuf,
    fresh: bool,
    preserve_dotfiles: bool,
    previous: Option<Manifest>,
    produced: Mutex<HashMap<String, Produced>>,
    changed: Mutex<Vec<String>>,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    pub produced: usize,
    pub changed: usize,
    pub removed: usize,
}

impl StagedOutput {
    /// `manifest_path` remembers what was written, for the next build.
    pub fn new(out_dir: &Path, manifest_path: &Path) -> io::Result<StagedOutput> {
        let name = out_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = out_dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let stage_dir = parent.join(format!(".yiyong-stage-{name}"));
        if stage_dir.exists() {
            fs::remove_dir_all(&stage_dir)?;
        }
        fs::create_dir_all(&stage_dir)?;
        let fresh = !out_dir.exists();
        Ok(StagedOutput {
            previous: if fresh {
                None
            } else {
                manifest::load(manifest_path)
            },
            fresh,
            out_dir: out_dir.to_path_buf(),
            stage_dir,
            manifest_path: manifest_path.to_path_buf(),
            preserve_dotfiles: false,
            produced: Mutex::new(HashMap::new()),
            changed: Mutex::new(vec![]),
        })
    }

    /// Keeps dotfiles at the top of the output (`preserve_dotfiles_in_output`).
    pub fn preserving_dotfiles(mut self, yes: bool) -> Self {
        self.preserve_dotfiles = yes;
        self
    }

    /// Whether the output already holds exactly these bytes; if so, with the mtime to record.
    fn unchanged(&self, rel: &str, bytes: &[u8], hash: u64) -> Option<Option<u128>> {
        if self.fresh {
            return None;
        }
        match &self.previous {
            Some(_) => self.listed_unchanged(rel, bytes.len(), hash),
            // No manifest (first build by this version, or it was deleted): compare bytes.
            None => fs::read(self.out_dir.join(rel))
                .is_ok_and(|old| old == bytes)
                .then_some(None),
        }
    }

    /// Whether the manifest lists this file with this length and hash, still on disk as then.
    fn listed_unchanged(&self, rel: &str, len: usize, hash: u64) -> Option<Option<u128>> {
        let dest = self.out_dir.join(rel);
        self.previous
            .as_ref()?
            .get(rel)
            .filter(|e| e.hash == hash && e.len == len as u64 && manifest::still_matches(e, &dest))
            .map(|e| Some(e.mtime_ns))
    }

    fn record(&self, rel: &str, len: usize, hash: u64, mtime: Option<u128>) {
        self.produced.lock().unwrap().insert(
            rel.to_string(),
            Produced {
                len: len as u64,
                hash,
                mtime,
            },
        );
    }

    /// Stages a file with `how`, which may return the new file's mtime.
    fn stage(
        &self,
        rel: &str,
        how: impl FnOnce(&Path) -> io::Result<Option<u128>>,
    ) -> io::Result<Option<u128>> {
        let target = self.stage_dir.join(rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let mtime = how(&target)?;
        self.changed.lock().unwrap().push(rel.to_string());
        Ok(mtime)
    }

    fn put(
        &self,
        rel: &str,
        bytes: &[u8],
        how: impl FnOnce(&Path) -> io::Result<Option<u128>>,
    ) -> io::Result<()> {
        let hash = manifest::hash(bytes);
        if let Some(kept) = self.unchanged(rel, bytes, hash) {
            self.record(rel, bytes.len(), hash, kept);
            return Ok(());
        }
        let mtime = self.stage(rel, how)?;
        self.record(rel, bytes.len(), hash, mtime);
        Ok(())
    }

    /// Moves staged files into the output, removes outputs this build did not produce, and
    /// saves the manifest.
    pub fn commit(self) -> io::Result<WriteStats> {
        let produced = self.produced.into_inner().unwrap();
        let changed = self.changed.into_inner().unwrap();
        let mut stats = WriteStats {
            produced: produced.len(),
            changed: changed.len(),
            removed: 0,
        };
        if self.fresh {
            fs::rename(&self.stage_dir, &self.out_dir)?;
        } else {
            for rel in &changed {
                let dest = self.out_dir.join(rel);
                if let Some(parent) = dest.parent() {
                    make_dir_over_files(&self.out_dir, parent)?;
                }
                if dest.is_dir() {
                    fs::remove_dir_all(&dest)?;
                }
                fs::rename(self.stage_dir.join(rel), &dest)?;
            }
            stats.removed = match &self.previous {
                Some(prev) => remove_listed(
                    &self.out_dir,
                    prev.keys().filter(|k| !produced.contains_key(*k)),
                )?,
                None => remove_unlisted(&self.out_dir, &produced, self.preserve_dotfiles)?,
            };
            fs::remove_dir_all(&self.stage_dir)?;
        }
        let manifest: Vec<(String, Entry)> = produced
            .into_iter()
            .filter_map(|(rel, p)| {
                let mtime_ns = match p.mtime {
                    Some(m) => m,
                    None => manifest::mtime_ns(&fs::metadata(self.out_dir.join(&rel)).ok()?),
                };
                Some((
                    rel,
                    Entry {
                        len: p.len,
                        mtime_ns,
                        hash: p.hash,
                    },
                ))
            })
            .collect();
        // The output is complete without it; a lost manifest only makes the next build slower.
        let _ = manifest::save(&self.manifest_path, manifest);
        Ok(stats)
    }

    /// Drops the staged files; the output folder was never touched.
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.stage_dir);
    }
}

impl Sink for StagedOutput {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        // The mtime is read from the open file: a rename keeps it, and asking by path after
        // the build would walk the output folder again.
        self.put(rel, bytes, |t| {
            let mut f = fs::File::create(t)?;
            f.write_all(bytes)?;
            Ok(Some(manifest::mtime_ns(&f.metadata()?)))
        })
    }

    /// Streamed into the staging folder and hashed on the way; a file that turns out unchanged
    /// is then dropped from the stage, as `write` would not have staged it.
    fn write_parts(&self, rel: &str, parts: &mut dyn Iterator<Item = Vec<u8>>) -> io::Result<()> {
        let target = self.stage_dir.join(rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut f = fs::File::create(&target)?;
        let (mut hasher, mut len) = (manifest::hasher(), 0);
        for part in parts {
            hasher.update(&part);
            len += part.len();
            f.write_all(&part)?;
        }
        let hash = hasher.digest();
        let kept = match (&self.previous, self.fresh) {
            (_, true) => None,
            (Some(_), false) => self.listed_unchanged(rel, len, hash),
            (None, false) => {
                let same = |old: Vec<u8>| old.len() == len && manifest::hash(&old) == hash;
                fs::read(self.out_dir.join(rel))
                    .is_ok_and(same)
                    .then_some(None)
            }
        };
        if let Some(mtime) = kept {
            drop(f);
            fs::remove_file(&target)?;
            self.record(rel, len, hash, mtime);
        } else {
            let mtime = manifest::mtime_ns(&f.metadata()?);
            self.changed.lock().unwrap().push(rel.to_string());
            self.record(rel, len, hash, Some(mtime));
        }
        Ok(())
    }

    fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        let bytes = fs::read(src)?;
        self.put(rel, &bytes, |t| fs::copy(src, t).map(|_| None))
    }

    fn link(&self, rel: &str, src: &Path) -> io::Result<()> {
        let bytes = fs::read(src)?;
        // Across file systems a hard link is impossible: fall back to a copy.
        self.put(rel, &bytes, |t| {
            fs::hard_link(src, t)
                .or_else(|_| fs::copy(src, t).map(|_| ()))
                .map(|_| None)
        })
    }
}

/// Creates `dir` inside `root`, replacing any file that stands where a folder must go.
fn make_dir_over_files(root: &Path, dir: &Path) -> io::Result<()> {
    let mut cur = root.to_path_buf();
    for comp in dir.strip_prefix(root).unwrap_or(dir).components() {
        cur.push(comp);
        if cur.is_file() {
            fs::remove_file(&cur)?;
        }
    }
    fs::create_dir_all(dir)
}

/// Removes the files the last build wrote and this one did not, and folders left empty.
fn remove_listed<'a>(out: &Path, stale: impl Iterator<Item = &'a String>) -> io::Result<usize> {
    let mut removed = 0;
    for rel in stale {
        let path = out.join(rel);
        if path.is_file() {
            fs::remove_file(&path)?;
            removed += 1;
        }
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != out && d.starts_with(out)) {
            if fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(removed)
}

/// Without a manifest: walks the output and removes every file this build did not produce.
fn remove_unlisted(
    out: &Path,
    produced: &HashMap<String, Produced>,
    preserve_dotfiles: bool,
) -> io::Result<usize> {
    let mut removed = 0;
    let mut dirs = vec![];
    let walker = walkdir::WalkDir::new(out)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            !(preserve_dotfiles
                && e.depth() == 1
                && e.file_name().to_string_lossy().starts_with('.'))
        });
    for entry in walker {
        let entry = entry?;
        let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else if !produced.contains_key(&rel) {
            fs::remove_file(entry.path())?;
            removed += 1;
        }
    }
    for d in dirs.iter().rev() {
        if fs::read_dir(d).is_ok_and(|mut it| it.next().is_none()) {
            fs::remove_dir(d)?;
        }
    }
    Ok(removed)
}
