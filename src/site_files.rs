//! Walking the site's own folders (`content/`, `static/`, `templates/`, `sass/`, a theme's
//! folders) under one rule, so that nothing in them is left out without a word:
//!
//! - a folder that cannot be listed, or an entry that is neither a file nor a folder (a FIFO,
//!   a socket, a device), is an **error**: the build fails before anything is written, so
//!   the previous output (built when the folder could be read) is not pruned of its files;
//! - a symlink whose target lies inside the site folder is followed, file or folder;
//! - a symlink that leads out of the site folder is **not followed**, with a warning naming
//!   the link and its target. A warning, not an error: the rest of the site still publishes,
//!   and yiyong never reads or publishes files from elsewhere on the server (a link to a home
//!   folder or to `/etc` must not end up on the public site); the user is told how to bring
//!   the files in;
//! - a dangling symlink, and a symlink to a folder that holds it (a loop, which would walk
//!   forever), are left out with a warning; the loop's files are walked anyway, once.
//!
//! Files that cannot be *read* are reported by whoever reads them; `read_error` gives those
//! reports the same wording and hint.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// What a walk found: the files (by the path under the walked folder, even when reached
/// through a symlink, so a linked file is published under the link's name), and problems.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub errors: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

impl Walk {
    /// Adds another walk's findings after this one's.
    pub fn extend(&mut self, other: Walk) {
        self.files.extend(other.files);
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }
}

/// How a folder is walked.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Each folder's entries by name (else in the order the file system gives them).
    pub sorted: bool,
    /// Leaves out names starting with `.` below the folder (and does not warn about them).
    pub skip_hidden: bool,
}

/// The site folder, resolved once, that symlinks must stay inside.
pub struct SiteFolder {
    real: PathBuf,
}

impl SiteFolder {
    pub fn new(root: &Path) -> SiteFolder {
        SiteFolder {
            real: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// Whether `link` (a symlink, or a path through one) ends inside the site folder; if not,
    /// where it ends.
    fn inside(&self, link: &Path) -> Result<(), PathBuf> {
        match std::fs::canonicalize(link) {
            Ok(target) if target.starts_with(&self.real) => Ok(()),
            Ok(target) => Err(target),
            // A dangling link: the walk reports it as such.
            Err(_) => Ok(()),
        }
    }

    /// Every file below `dir` (nothing when `dir` does not exist), under the module's rule.
    pub fn walk(&self, dir: &Path, options: Options) -> Walk {
        let mut walk = Walk::default();
        if std::fs::symlink_metadata(dir).is_err_and(|e| e.kind() == ErrorKind::NotFound) {
            return walk;
        }
        // The folder itself may be reached through a link (a theme linked in from elsewhere).
        if let Err(target) = self.inside(dir) {
            walk.warnings.push(leads_outside(dir, &target));
            return walk;
        }
        let mut walker = walkdir::WalkDir::new(dir).follow_links(true);
        if options.sorted {
            walker = walker.sort_by_file_name();
        }
        let hidden = |p: &Path, depth: usize| {
            options.skip_hidden
                && depth > 0
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        };
        let mut outside = vec![];
        // Decided before a linked folder is entered, so nothing outside the site is listed.
        let entries = walker.into_iter().filter_entry(|e| {
            if hidden(e.path(), e.depth()) {
                return false;
            }
            if e.depth() > 0 && e.path_is_symlink() {
                if let Err(target) = self.inside(e.path()) {
                    outside.push(leads_outside(e.path(), &target));
                    return false;
                }
            }
            true
        });
        for entry in entries {
            match entry {
                Ok(e) if e.file_type().is_file() => walk.files.push(e.into_path()),
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => walk.errors.push(
                    Diagnostic::in_file(
                        e.path(),
                        "not a regular file (a pipe, socket or device): it cannot be published",
                    )
                    .with_hint("remove it from the site folder"),
                ),
                Err(err) => {
                    let path = err.path().unwrap_or(dir).to_path_buf();
                    if !hidden(&path, err.depth()) {
                        problem(&mut walk, &path, &err);
                    }
                }
            }
        }
        walk.warnings.splice(0..0, outside);
        walk
    }
}

fn leads_outside(link: &Path, target: &Path) -> Diagnostic {
    Diagnostic::in_file(
        link,
        format!(
            "symlink to {}, outside the site folder: not followed, its files are not published",
            target.display()
        ),
    )
    .with_hint("copy the files into the site folder (or move them in and link the other way)")
}

/// Sorts a failed step of the walk into the module's warnings and errors.
fn problem(walk: &mut Walk, path: &Path, err: &walkdir::Error) {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = || std::fs::read_link(path).unwrap_or_default();
    if let Some(ancestor) = err.loop_ancestor() {
        walk.warnings.push(
            Diagnostic::in_file(
                path,
                format!(
                    "symlink loop: it leads back to {}, which holds it; not followed",
                    ancestor.display()
                ),
            )
            .with_hint("remove the link; the folder it points to is published once already"),
        );
    } else if is_link {
        let io = err.io_error();
        let why = match io.map(|e| e.kind()) {
            Some(ErrorKind::NotFound) => "which does not exist".to_string(),
            _ => io.map_or_else(|| err.to_string(), |e| e.to_string()),
        };
        walk.warnings.push(
            Diagnostic::in_file(
                path,
                format!(
                    "symlink to {} ({why}): left out",
                    target().display()
                ),
            )
            .with_hint("remove the link, or restore what it points to"),
        );
    } else {
        let io = err.io_error();
        let denied = io.is_some_and(|e| e.kind() == ErrorKind::PermissionDenied);
        let what = io.map_or_else(|| err.to_string(), |e| e.to_string());
        let mut d = Diagnostic::in_file(path, format!("cannot read this folder: {what}"));
        d = d.with_hint(if denied {
            permission_hint(path)
        } else {
            "check the disk and the folder, or remove it from the site".to_string()
        });
        walk.errors.push(d);
    }
}

fn permission_hint(path: &Path) -> String {
    format!(
        "let the user running yiyong read it, e.g. `chmod -R u+rX {}` (or chown it to that user)",
        path.display()
    )
}

/// A file that could not be read (`doing`: "cannot read file", "cannot copy to x"), with the
/// permissions hint when that is the cause.
pub fn read_error(path: &Path, doing: &str, err: &std::io::Error) -> Diagnostic {
    let d = Diagnostic::in_file(path, format!("{doing}: {err}"));
    match err.kind() {
        ErrorKind::PermissionDenied => d.with_hint(permission_hint(path)),
        ErrorKind::IsADirectory => d.with_hint("a folder stands where a file is expected"),
        _ => d,
    }
}
