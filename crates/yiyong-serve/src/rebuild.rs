//! What a change costs: a static file is copied alone; a template change re-renders the
//! templated outputs from the loaded content; a content change re-renders what depends on it
//! (see `Site::update_pages`: edits, and pages added, removed or renamed); anything else (config, Sass, data files) rebuilds everything.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use super::memory::{Files, MemoryOutput};
use super::Change;
use yiyong_core::error::{Error, Result};
use yiyong_core::{Options, Site};

pub struct State {
    opts: Options,
    site: Option<Site>,
    /// What the site-wide outputs wrote last time: held back while they are re-rendered.
    site_wide: Option<Arc<HashSet<String>>>,
    /// How warnings are worded (`ServeOptions::warnings`); as the core words them when None.
    warnings: Option<crate::WordWarnings>,
}

/// A rebuild's result. With `pending`, those files are stale until `finish` has run.
pub struct Step {
    pub files: Arc<Files>,
    pub pending: Option<Arc<HashSet<String>>>,
}

fn done(files: Files) -> Step {
    Step {
        files: Arc::new(files),
        pending: None,
    }
}

impl State {
    pub fn new(opts: Options, warnings: Option<crate::WordWarnings>) -> State {
        State {
            opts,
            site: None,
            site_wide: None,
            warnings,
        }
    }

    pub fn full(&mut self) -> Result<Arc<Files>> {
        self.site = None;
        self.site_wide = None;
        let site = Site::load(&self.opts)?;
        let said = match self.warnings {
            Some(f) => f(&site.warnings),
            None => site.warnings.iter().map(|w| w.as_warning()).collect(),
        };
        for w in said {
            eprintln!("{w}");
        }
        let out = MemoryOutput::default();
        site.render(&out)?;
        self.site = Some(site);
        Ok(Arc::new(out.into_files()))
    }

    /// Drops changes that cannot affect the site: a file under content/ that is gone again
    /// and was no page's asset (an editor's or `sed -i`'s temporary file).
    pub fn relevant(&self, changes: Vec<Change>) -> Vec<Change> {
        let Some(site) = &self.site else {
            return changes;
        };
        let content = std::fs::canonicalize(self.opts.root.join("content")).ok();
        let known = |p: &Path| {
            site.library
                .pages
                .iter()
                .any(|pg| pg.assets.iter().any(|a| same_file(a, p)))
                || site
                    .library
                    .sections
                    .iter()
                    .any(|s| s.assets.iter().any(|a| same_file(a, p)))
        };
        changes
            .into_iter()
            .filter(|c| match c {
                Change::Other(p) => {
                    let temp = content.as_ref().is_some_and(|c| p.starts_with(c)) && !p.exists();
                    !temp || known(p)
                }
                _ => true,
            })
            .collect()
    }

    /// Rebuilds after `changes`, starting from the output being served.
    pub fn apply(&mut self, changes: &[Change], current: &Files) -> (Result<Step>, &'static str) {
        let (result, what) = self.apply_inner(changes, current);
        if result.is_err() {
            // A failed partial rebuild may leave the loaded site half-updated.
            self.site = None;
        }
        (result, what)
    }

    /// Renders the site-wide outputs held back by a `Step` with `pending`.
    pub fn finish(&mut self, files: &Files) -> Result<Arc<Files>> {
        let site = self
            .site
            .as_ref()
            .ok_or_else(|| Error::msg("no site loaded"))?;
        let out = MemoryOutput::from_files(files.clone());
        if let Err(e) = site.render_site_wide(&out) {
            self.site = None;
            return Err(e);
        }
        let (mut files, written) = out.into_parts();
        // What the site-wide outputs no longer write (a removed page's alias, say) goes.
        if let Some(before) = &self.site_wide {
            for rel in before.difference(&written) {
                files.remove(rel);
            }
        }
        self.site_wide = Some(Arc::new(written));
        Ok(Arc::new(files))
    }

    /// After a full rebuild has been served: finds out which files the site-wide outputs
    /// are, so that the next page edit can send its reload before rendering them.
    pub fn learn_site_wide(&mut self) {
        if let (None, Some(site)) = (&self.site_wide, &self.site) {
            let out = MemoryOutput::default();
            if site.render_site_wide(&out).is_ok() {
                self.site_wide = Some(Arc::new(out.into_parts().1));
            }
        }
    }

    fn everything(&mut self) -> (Result<Step>, &'static str) {
        (
            self.full().map(|files| Step {
                files,
                pending: None,
            }),
            "everything",
        )
    }

    fn apply_inner(&mut self, changes: &[Change], current: &Files) -> (Result<Step>, &'static str) {
        let only = |f: fn(&Change) -> bool| changes.iter().all(f);
        if self.site.is_none() || changes.iter().any(|c| matches!(c, Change::Other(_))) {
            return self.everything();
        }
        if only(|c| matches!(c, Change::Static(_))) {
            let files = self.statics(changes, current);
            return (
                files.map(|files| Step {
                    files,
                    pending: None,
                }),
                "static files",
            );
        }
        if only(|c| matches!(c, Change::Content(_))) {
            let paths: Vec<&Path> = changes
                .iter()
                .filter_map(|c| match c {
                    Change::Content(p) => Some(p.as_path()),
                    _ => None,
                })
                .collect();
            let site = self.site.as_mut().expect("checked above");
            let plan = match site.update_pages(&paths) {
                Ok(Some(plan)) => plan,
                Ok(None) => return self.everything(),
                Err(e) => return (Err(e), "changed pages"),
            };
            // A removed page's files go first: a page renamed onto its own address is
            // written again below.
            let mut files = current.clone();
            for rel in &plan.removed {
                files.remove(rel);
            }
            let out = MemoryOutput::from_files(files);
            if let Err(e) = site.render_plan(&plan, &out) {
                return (Err(e), "changed pages");
            }
            let files = out.into_files();
            if let Some(pending) = self.site_wide.clone() {
                let step = Step {
                    files: Arc::new(files),
                    pending: Some(pending),
                };
                return (Ok(step), "changed pages");
            }
            // The first time, learn which files the site-wide outputs are.
            let files = self.finish(&files);
            return (
                files.map(|files| Step {
                    files,
                    pending: None,
                }),
                "changed pages",
            );
        }
        // A removed template changes which template other outputs fall back to.
        let removed = changes
            .iter()
            .any(|c| matches!(c, Change::Template(p) if !p.exists()));
        if only(|c| matches!(c, Change::Template(_) | Change::Static(_)))
            && !changes.iter().any(is_shortcode)
            && !removed
        {
            let site = self.site.as_mut().expect("checked above");
            if let Err(e) = site.reload_templates() {
                return (Err(e), "templates");
            }
            let theme = site.config.theme.clone().filter(|t| !t.is_empty());
            let names = template_names(&self.opts.root, theme.as_deref(), changes);
            let affected =
                match yiyong_core::template_dependents(&self.opts.root, theme.as_deref(), &names) {
                    Ok(a) => a,
                    Err(e) => return (Err(e.into()), "templates"),
                };
            let out = MemoryOutput::from_files(current.clone());
            for change in changes {
                if let Change::Static(path) = change {
                    if let Some(rel) = static_rel(&self.opts.root, path) {
                        if let Some(src) = site.static_source(&rel) {
                            if let Err(e) = site.copy_static(&rel, &src, &out) {
                                return (Err(e.into()), "templates");
                            }
                        }
                    }
                }
            }
            return match site.render_for_templates(&affected, &out) {
                Ok(()) => (Ok(done(out.into_files())), "templates"),
                Err(e) => (Err(e), "templates"),
            };
        }
        self.everything()
    }

    /// Copies changed static files alone (site static over theme static), or removes them.
    fn statics(&mut self, changes: &[Change], current: &Files) -> Result<Arc<Files>> {
        let site = self.site.as_ref().expect("loaded");
        let out = MemoryOutput::from_files(current.clone());
        let mut files_removed = vec![];
        for change in changes {
            let Change::Static(path) = change else {
                continue;
            };
            let Some(rel) = static_rel(&self.opts.root, path) else {
                continue;
            };
            match site.static_source(&rel) {
                Some(src) => site.copy_static(&rel, &src, &out).map_err(Error::from)?,
                None => files_removed.push(rel),
            }
        }
        let mut files = out.into_files();
        for rel in files_removed {
            files.remove(&rel);
        }
        Ok(Arc::new(files))
    }
}

/// Whether a page asset is the (canonical, possibly deleted) path the watcher reported.
fn same_file(asset: &Path, changed: &Path) -> bool {
    asset.file_name() == changed.file_name()
        && asset
            .parent()
            .and_then(|d| std::fs::canonicalize(d).ok())
            .as_deref()
            == changed.parent()
}

/// `ROOT/static/a/b.png` or `ROOT/themes/t/static/a/b.png` → `a/b.png`.
fn static_rel(root: &Path, path: &Path) -> Option<String> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let parts: Vec<String> = path
        .strip_prefix(&root)
        .ok()?
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let skip = if parts.first()? == "static" { 1 } else { 3 };
    Some(parts.get(skip..)?.join("/")).filter(|s| !s.is_empty())
}

/// Template names of changed template files: `templates/a.html` → `a.html`; a theme's
/// `themes/t/templates/a.html` → `a.html` and `t/templates/a.html`.
fn template_names(root: &Path, theme: Option<&str>, changes: &[Change]) -> HashSet<String> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut names = HashSet::new();
    for c in changes {
        let Change::Template(p) = c else { continue };
        let Ok(rel) = p.strip_prefix(&root) else {
            continue;
        };
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.first().map(String::as_str) == Some("templates") {
            names.insert(parts[1..].join("/"));
        } else if parts.len() > 3 && Some(parts[1].as_str()) == theme {
            let name = parts[3..].join("/");
            names.insert(format!("{}/templates/{name}", parts[1]));
            names.insert(name);
        }
    }
    names
}

fn is_shortcode(c: &Change) -> bool {
    matches!(c, Change::Template(p) if p.components().any(|c| c.as_os_str() == "shortcodes"))
}
