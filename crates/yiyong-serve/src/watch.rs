//! Watching the site's sources and turning file events into `Change`s.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

use notify::{RecursiveMode, Watcher as _};

use super::Change;
use yiyong_core::error::{Error, Result};

pub struct Watcher {
    root: PathBuf,
    rx: Receiver<notify::Result<notify::Event>>,
    _inner: notify::RecommendedWatcher,
}

/// Folders whose changes matter; the root itself is watched for config and data files.
const WATCHED: &[&str] = &["content", "templates", "themes", "static", "sass", "data"];

impl Watcher {
    /// Watches the site's folders, and `extra` (relative to the root, as Zola's
    /// `--extra-watch-path`): a change there rebuilds the whole site.
    pub fn start(root: &Path, extra: &[PathBuf]) -> Result<Watcher> {
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let (tx, rx) = channel();
        let mut inner = notify::recommended_watcher(move |ev| {
            let _ = tx.send(ev);
        })
        .map_err(|e| Error::msg(format!("cannot watch the site for changes: {e}")))?;
        let watch = |w: &mut notify::RecommendedWatcher, p: &Path, mode| {
            w.watch(p, mode)
                .map_err(|e| Error::msg(format!("cannot watch {}: {e}", p.display())))
        };
        watch(&mut inner, &root, RecursiveMode::NonRecursive)?;
        for dir in WATCHED.iter().map(|d| root.join(d)).filter(|d| d.is_dir()) {
            watch(&mut inner, &dir, RecursiveMode::Recursive)?;
        }
        for d in extra {
            // Resolved first: `..` or a symlink could otherwise lead out of the site.
            let dir = std::fs::canonicalize(root.join(d)).ok();
            let Some(dir) = dir.filter(|d| d.starts_with(&root)) else {
                return Err(Error::msg(format!(
                    "--extra-watch-path {}: no such folder inside the site",
                    d.display()
                )));
            };
            watch(&mut inner, &dir, RecursiveMode::Recursive)?;
        }
        Ok(Watcher {
            root,
            rx,
            _inner: inner,
        })
    }

    /// Blocks until something relevant changed, then collects what else changes until the
    /// files have been quiet for `settle` (an editor's save is often several events).
    pub fn next_batch(&self, settle: Duration) -> Vec<Change> {
        let mut changes: Vec<Change> = vec![];
        loop {
            let event = if changes.is_empty() {
                self.rx.recv().ok()
            } else {
                match self.rx.recv_timeout(settle) {
                    Ok(e) => Some(e),
                    Err(_) => return changes,
                }
            };
            let Some(Ok(event)) = event else { continue };
            if matches!(event.kind, notify::EventKind::Access(_)) {
                continue;
            }
            for path in event.paths {
                if let Some(c) = classify(&self.root, &path) {
                    if !changes.contains(&c) {
                        changes.push(c);
                    }
                }
            }
        }
    }
}

fn ignored(rel: &Path) -> bool {
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    rel.components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        || name.ends_with('~')
        || name.ends_with(".tmp")
        || name.ends_with(".swp")
        || name.starts_with('#')
        || name == "4913"
        || rel.starts_with("public")
        || rel.starts_with("target")
}

pub fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    if rel.as_os_str().is_empty() || ignored(rel) {
        return None;
    }
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let p = path.to_path_buf();
    let in_theme = |dir: &str| parts.len() > 2 && parts[0] == "themes" && parts[2] == dir;
    Some(match parts[0].as_str() {
        "content" if rel.extension().is_some_and(|e| e == "md") => Change::Content(p),
        "templates" => Change::Template(p),
        "static" => Change::Static(p),
        "themes" if in_theme("templates") => Change::Template(p),
        "themes" if in_theme("static") => Change::Static(p),
        _ if parts.len() == 1 && !is_site_file(&parts[0]) => return None,
        _ => Change::Other(p),
    })
}

/// Files at the root that affect a build: the config and data files.
fn is_site_file(name: &str) -> bool {
    [
        ".toml", ".json", ".yaml", ".yml", ".csv", ".xml", ".bib", ".txt",
    ]
    .iter()
    .any(|ext| name.ends_with(ext))
}
