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
    /// Opens each file once, so one that cannot be read is reported with the walk's errors
    /// (for files only copied later, such as static files: their errors then come with the
    /// content's, before anything is rendered).
    pub check_readable: bool,
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

    /// Whether `path` (following any links) lies inside the site folder.
    pub fn holds(&self, path: &Path) -> bool {
        std::fs::canonicalize(path).is_ok_and(|real| real.starts_with(&self.real))
    }

    /// Every file below `dir` (nothing when `dir` does not exist), under the module's rule.
    pub fn walk(&self, dir: &Path, options: Options) -> Walk {
        let mut walk = Walk::default();
        match std::fs::symlink_metadata(dir) {
            Err(e) if e.kind() == ErrorKind::NotFound => return walk,
            Ok(m) if m.file_type().is_symlink() => {
                self.follow(dir, options, &mut vec![], &mut walk);
                return walk;
            }
            _ => {}
        }
        // The folder may be reached through a linked parent (a theme linked in from elsewhere).
        match std::fs::canonicalize(dir) {
            Ok(real) if !real.starts_with(&self.real) => {
                walk.warnings.push(leads_outside(dir, &real));
            }
            _ => self.walk_into(dir, options, &mut vec![], &mut walk),
        }
        walk
    }

    /// Walks `dir` without following links (walkdir's own following loses the path of a
    /// linked folder it cannot open), then follows each link by the rule. `through` holds the
    /// real folders of the links being followed, for loop detection.
    fn walk_into(&self, dir: &Path, options: Options, through: &mut Vec<PathBuf>, walk: &mut Walk) {
        let mut walker = walkdir::WalkDir::new(dir);
        if options.sorted {
            walker = walker.sort_by_file_name();
        }
        let hidden = |p: &Path, depth: usize| {
            options.skip_hidden
                && depth > 0
                && p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        };
        let mut entries = walker.into_iter();
        while let Some(entry) = entries.next() {
            let e = match entry {
                Ok(e) => e,
                Err(err) => {
                    let path = err.path().unwrap_or(dir);
                    if !hidden(path, err.depth()) {
                        walk.errors.push(unreadable_folder(path, &err));
                    }
                    continue;
                }
            };
            let kind = e.file_type();
            if hidden(e.path(), e.depth()) {
                if kind.is_dir() {
                    entries.skip_current_dir();
                }
            } else if kind.is_file() {
                self.found(e.into_path(), options, walk);
            } else if kind.is_symlink() && e.depth() > 0 {
                self.follow(e.path(), options, through, walk);
            } else if !kind.is_dir() && !kind.is_symlink() {
                walk.errors.push(special_file(e.path()));
            }
        }
    }

    fn found(&self, file: PathBuf, options: Options, walk: &mut Walk) {
        if options.check_readable {
            if let Err(e) = std::fs::File::open(&file) {
                walk.errors.push(read_error(&file, "cannot read file", &e));
                return;
            }
        }
        walk.files.push(file);
    }

    /// Follows the symlink `link` if it stays in the site and does not loop.
    fn follow(&self, link: &Path, options: Options, through: &mut Vec<PathBuf>, walk: &mut Walk) {
        let target = || std::fs::read_link(link).unwrap_or_default();
        let (meta, real) = match std::fs::metadata(link).and_then(|m| {
            let real = std::fs::canonicalize(link)?;
            Ok((m, real))
        }) {
            Ok(found) => found,
            Err(e) => {
                let why = match e.kind() {
                    ErrorKind::NotFound => "which does not exist".to_string(),
                    _ => e.to_string(),
                };
                let msg = format!("symlink to {} ({why}): left out", target().display());
                walk.warnings.push(
                    Diagnostic::in_file(link, msg)
                        .with_hint("remove the link, or restore what it points to"),
                );
                return;
            }
        };
        if !real.starts_with(&self.real) {
            walk.warnings.push(leads_outside(link, &real));
        } else if meta.is_file() {
            self.found(link.to_path_buf(), options, walk);
        } else if !meta.is_dir() {
            walk.errors.push(special_file(link));
        } else {
            // A loop: the target holds a folder the walk is in (a link's own, or one of the
            // links followed to get here).
            let here = link
                .parent()
                .and_then(|p| std::fs::canonicalize(p).ok())
                .unwrap_or_default();
            if through.iter().chain([&here]).any(|d| d.starts_with(&real)) {
                let msg = format!(
                    "symlink loop: it leads back to {}, which holds it; not followed",
                    target().display()
                );
                walk.warnings.push(Diagnostic::in_file(link, msg).with_hint(
                    "remove the link; the folder it points to is published once already",
                ));
                return;
            }
            through.push(here);
            self.walk_into(link, options, through, walk);
            through.pop();
        }
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

fn special_file(path: &Path) -> Diagnostic {
    Diagnostic::in_file(
        path,
        "not a regular file (a pipe, socket or device): it cannot be published",
    )
    .with_hint("remove it from the site folder")
}

fn unreadable_folder(path: &Path, err: &walkdir::Error) -> Diagnostic {
    let io = err.io_error();
    let what = io.map_or_else(|| err.to_string(), |e| e.to_string());
    let hint = if io.is_some_and(|e| e.kind() == ErrorKind::PermissionDenied) {
        permission_hint(path)
    } else {
        "check the disk and the folder, or remove it from the site".to_string()
    };
    Diagnostic::in_file(path, format!("cannot read this folder: {what}")).with_hint(hint)
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
