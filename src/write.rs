//! The write stage. Outputs go to a staging folder beside the output folder, and only files
//! whose bytes changed are staged; once the whole build has succeeded they are moved into
//! place and stale files removed. A failed build leaves the previous output untouched, and an
//! unchanged file keeps its modification time (cheap rsync/CDN deploys, fast rebuilds).

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Where rendered outputs go: a staged folder for builds, nothing for `check`, memory for
/// `serve`.
pub trait Sink: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.write(rel, &fs::read(src)?)
    }
    /// Hard-links instead of copying where the sink can (`hard_link_static`).
    fn link(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.copy(rel, src)
    }
}

/// Discards everything: `yiyong check` renders all templates without writing.
pub struct NullSink;

impl Sink for NullSink {
    fn write(&self, _: &str, _: &[u8]) -> io::Result<()> {
        Ok(())
    }
    fn copy(&self, _: &str, _: &Path) -> io::Result<()> {
        Ok(())
    }
}

pub struct StagedOutput {
    out_dir: PathBuf,
    stage_dir: PathBuf,
    fresh: bool,
    preserve_dotfiles: bool,
    produced: Mutex<HashSet<String>>,
    changed: Mutex<Vec<String>>,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct WriteStats {
    pub produced: usize,
    pub changed: usize,
    pub removed: usize,
}

impl StagedOutput {
    pub fn new(out_dir: &Path) -> io::Result<StagedOutput> {
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
        Ok(StagedOutput {
            fresh: !out_dir.exists(),
            out_dir: out_dir.to_path_buf(),
            stage_dir,
            preserve_dotfiles: false,
            produced: Mutex::new(HashSet::new()),
            changed: Mutex::new(vec![]),
        })
    }

    /// Keeps dotfiles at the top of the output (`preserve_dotfiles_in_output`).
    pub fn preserving_dotfiles(mut self, yes: bool) -> Self {
        self.preserve_dotfiles = yes;
        self
    }

    fn stage(&self, rel: &str, f: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
        let target = self.stage_dir.join(rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        f(&target)?;
        self.changed.lock().unwrap().push(rel.to_string());
        Ok(())
    }

    /// Moves staged files into the output and removes outputs this build did not produce.
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
            return Ok(stats);
        }
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
        stats.removed = remove_stale(&self.out_dir, &produced, self.preserve_dotfiles)?;
        fs::remove_dir_all(&self.stage_dir)?;
        Ok(stats)
    }

    /// Drops the staged files; the output folder was never touched.
    pub fn abort(self) {
        let _ = fs::remove_dir_all(&self.stage_dir);
    }
}

impl Sink for StagedOutput {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.produced.lock().unwrap().insert(rel.to_string());
        if !self.fresh && fs::read(self.out_dir.join(rel)).is_ok_and(|old| old == bytes) {
            return Ok(());
        }
        self.stage(rel, |t| fs::write(t, bytes))
    }

    fn copy(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.produced.lock().unwrap().insert(rel.to_string());
        if !self.fresh && same_file_contents(src, &self.out_dir.join(rel)) {
            return Ok(());
        }
        self.stage(rel, |t| fs::copy(src, t).map(|_| ()))
    }

    fn link(&self, rel: &str, src: &Path) -> io::Result<()> {
        self.produced.lock().unwrap().insert(rel.to_string());
        if !self.fresh && same_file_contents(src, &self.out_dir.join(rel)) {
            return Ok(());
        }
        // Across file systems a hard link is impossible: fall back to a copy.
        self.stage(rel, |t| {
            fs::hard_link(src, t).or_else(|_| fs::copy(src, t).map(|_| ()))
        })
    }
}

fn same_file_contents(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(ma), Ok(mb)) if ma.len() == mb.len() && mb.is_file() => {
            fs::read(a).ok() == fs::read(b).ok()
        }
        _ => false,
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

fn remove_stale(
    out: &Path,
    produced: &HashSet<String>,
    preserve_dotfiles: bool,
) -> io::Result<usize> {
    let mut removed = 0;
    let mut dirs = vec![];
    for entry in walkdir::WalkDir::new(out)
        .min_depth(1)
        .into_iter()
        .filter_entry(|e| {
            !(preserve_dotfiles
                && e.depth() == 1
                && e.file_name().to_string_lossy().starts_with('.'))
        })
    {
        let entry = entry?;
        let rel = entry.path().strip_prefix(out).unwrap_or(entry.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if entry.file_type().is_dir() {
            dirs.push(entry.into_path());
        } else if !produced.contains(&rel) {
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
