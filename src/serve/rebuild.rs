//! What a change costs: a static file is copied alone; a template change re-renders the
//! templated outputs from the loaded content; a content change re-renders what depends on it
//! (see `Site::update_page`); anything else (config, Sass, data files) rebuilds everything.

use std::path::Path;
use std::sync::Arc;

use super::memory::{Files, MemoryOutput};
use super::Change;
use crate::error::{Error, Result};
use crate::site::{Options, Site};

pub struct State {
    opts: Options,
    site: Option<Site>,
}

impl State {
    pub fn new(opts: Options) -> State {
        State { opts, site: None }
    }

    pub fn full(&mut self) -> Result<Arc<Files>> {
        self.site = None;
        let site = Site::load(&self.opts)?;
        let out = MemoryOutput::default();
        site.render(&out)?;
        self.site = Some(site);
        Ok(Arc::new(out.into_files()))
    }

    /// Rebuilds after `changes`, starting from the output being served.
    pub fn apply(
        &mut self,
        changes: &[Change],
        current: &Files,
    ) -> (Result<Arc<Files>>, &'static str) {
        let only = |f: fn(&Change) -> bool| changes.iter().all(f);
        if self.site.is_none() || changes.iter().any(|c| matches!(c, Change::Other(_))) {
            return (self.full(), "everything");
        }
        if only(|c| matches!(c, Change::Static(_))) {
            return (self.statics(changes, current), "static files");
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
            match site.update_pages(&paths) {
                Ok(Some(outputs)) => {
                    let out = MemoryOutput::from_files(current.clone());
                    return match site.render_outputs(&outputs, &out) {
                        Ok(()) => (Ok(Arc::new(out.into_files())), "changed pages"),
                        Err(e) => (Err(e), "changed pages"),
                    };
                }
                Ok(None) => {}
                Err(e) => return (Err(e), "changed pages"),
            }
            return (self.full(), "everything");
        }
        if only(|c| matches!(c, Change::Template(_) | Change::Static(_)))
            && !changes.iter().any(is_shortcode)
        {
            let site = self.site.as_mut().expect("checked above");
            if let Err(e) = site.reload_templates(&self.opts) {
                return (Err(e), "templates");
            }
            let out = MemoryOutput::from_files(current.clone());
            return match site.render(&out) {
                Ok(_) => (Ok(Arc::new(out.into_files())), "templates"),
                Err(e) => (Err(e), "templates"),
            };
        }
        (self.full(), "everything")
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

fn is_shortcode(c: &Change) -> bool {
    matches!(c, Change::Template(p) if p.components().any(|c| c.as_os_str() == "shortcodes"))
}
