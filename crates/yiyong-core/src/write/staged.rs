//! Staged, atomic output. Changed files go to a staging folder beside the output; once the
//! whole build has succeeded they are moved into place and stale files removed. A failed build
//! leaves the previous output untouched, and an unchanged file is never rewritten, so it keeps
//! its modification time (cheap rsync/CDN deploys, fast rebuilds).

use std::collections::HashMap;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::journal::Journal;
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
    /// Held until the commit is done: one build of an output at a time.
    _lock: fs::File,
    /// Files an earlier, interrupted commit had left to move (see `journal`).
    pub recovered: Option<usize>,
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
        let lock = super::signals::lock_output(manifest_path, out_dir)?;
        let recovered = super::journal::recover(out_dir, &stage_dir, manifest_path)?;
        fs::create_dir_all(&stage_dir)?;
        let fresh = !out_dir.exists();
        Ok(StagedOutput {
            previous: if fresh {
                None
            } else {
                manifest::load(manifest_path)
            },
            fresh,
            recovered,
            _lock: lock,
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

    /// Files in the output that this build did not produce and no manifest lists: the files a
    /// commit without a manifest would delete.
    pub fn foreign_files(&self) -> io::Result<Vec<String>> {
        if self.fresh || self.previous.is_some() {
            return Ok(vec![]);
        }
        let produced = self.produced.lock().unwrap();
        let mut foreign = unlisted(&self.out_dir, &produced, self.preserve_dotfiles)?;
        foreign.sort();
        Ok(foreign)
    }

    /// Moves staged files into the output, removes outputs this build did not produce, and
    /// saves the manifest: all or nothing, through the journal (see `journal`).
    pub fn commit(self) -> io::Result<WriteStats> {
        let produced = self.produced.into_inner().unwrap();
        let changed = self.changed.into_inner().unwrap();
        let mut stats = WriteStats {
            produced: produced.len(),
            changed: changed.len(),
            removed: 0,
        };
        let _hold = super::signals::Committing::start();
        if self.fresh {
            fs::rename(&self.stage_dir, &self.out_dir)?;
            let manifest = manifest_entries(produced, |rel| self.out_dir.join(rel));
            // The output is complete without it; a lost manifest only makes the next build slower.
            let _ = manifest::save(&self.manifest_path, manifest);
            return Ok(stats);
        }
        let removes: Vec<String> = match &self.previous {
            Some(prev) => prev
                .keys()
                .filter(|k| !produced.contains_key(*k))
                .cloned()
                .collect(),
            None => unlisted(&self.out_dir, &produced, self.preserve_dotfiles)?,
        };
        let staged: std::collections::HashSet<&str> = changed.iter().map(String::as_str).collect();
        let manifest = manifest_entries(produced, |rel| {
            if staged.contains(rel) {
                self.stage_dir.join(rel)
            } else {
                self.out_dir.join(rel)
            }
        });
        let pending = self.manifest_path.with_extension("pending");
        manifest::save(&pending, manifest)?;
        let journal = Journal {
            moves: changed,
            removes,
            manifest_pending: pending,
            manifest: self.manifest_path.clone(),
        };
        super::journal::write(&journal)?;
        super::journal::replay(&self.out_dir, &self.stage_dir, &journal)?;
        stats.removed = journal.removes.len();
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

/// The manifest of this build; `at` says where each file is now (staged or already in
/// place), for the modification times not known yet. A rename keeps them.
fn manifest_entries(
    produced: HashMap<String, Produced>,
    at: impl Fn(&str) -> PathBuf + Sync,
) -> Vec<(String, Entry)> {
    use rayon::prelude::*;
    produced
        .into_par_iter()
        .filter_map(|(rel, p)| {
            let mtime_ns = match p.mtime {
                Some(m) => m,
                None => manifest::mtime_ns(&fs::symlink_metadata(at(&rel)).ok()?),
            };
            let entry = Entry {
                len: p.len,
                mtime_ns,
                hash: p.hash,
            };
            Some((rel, entry))
        })
        .collect()
}

/// Every entry below `out` as (relative path, is a folder), folders before their contents;
/// dotfiles at the top are left out when they are preserved. Symlinks are entries, never
/// followed.
fn walk_output(out: &Path, preserve_dotfiles: bool) -> io::Result<Vec<(String, bool)>> {
    let walker = walkdir::WalkDir::new(out)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            !(preserve_dotfiles
                && e.depth() == 1
                && e.file_name().to_string_lossy().starts_with('.'))
        });
    let mut entries = vec![];
    for entry in walker {
        let entry = entry?;
        let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        entries.push((rel, entry.file_type().is_dir()));
    }
    Ok(entries)
}

/// Without a manifest (and with `--force`, see `foreign_files`): every file in the output
/// this build did not produce.
fn unlisted(
    out: &Path,
    produced: &HashMap<String, Produced>,
    preserve_dotfiles: bool,
) -> io::Result<Vec<String>> {
    Ok(walk_output(out, preserve_dotfiles)?
        .into_iter()
        .filter(|(rel, is_dir)| !is_dir && !produced.contains_key(rel))
        .map(|(rel, _)| rel)
        .collect())
}
