//! The order of the stages, written once. A build (`Site::load`) and `serve`'s updates
//! (`Site::update_pages`) reach resolve their own way, then both run `Site::advance`:
//!
//! ```text
//! build:   load every file ──┐
//!                            ├─ transform (extensions) ─ resolve ─┐
//! update:  read changed files┘       (resolve only if a page moved)┘
//!   advance: check (validate, lint) ─ functions (core, then extensions) ─ Markdown ─
//!            rendered (extensions) ─ values
//! then:    render (every output, or the planned ones) ∥ outputs (extensions; after it in serve) ─ write
//! ```
//!
//! The scope differs, the order does not: a build renders every page's Markdown and builds
//! the template values; an update renders only the changed pages' and carries the others'
//! over from the previous pass.

use std::path::PathBuf;
use std::sync::OnceLock;

use super::{fail, install_functions, markdown_stage, print_notes, stage, Site};
use crate::content::Rendered;
use crate::error::{Diagnostic, Result};
use crate::library::ItemRef;
use crate::output::OutputId;
use crate::templates::context::{self, RenderedSite, Values};

/// What a pass renders Markdown for.
pub(super) enum Scope {
    /// A build: every page and section.
    All(markdown_stage::Sources),
    /// An update: the pages whose `from_old` is `None` (their sources, in order); the
    /// others keep their rendering from `old`, the previous pass's values.
    Changed {
        from_old: Vec<Option<usize>>,
        sources: Vec<String>,
        old: Values,
        /// The changed files, which the lint reads again.
        files: Vec<PathBuf>,
    },
}

impl Site {
    /// Runs the stages after resolve on the library in `self.library` (its values not set
    /// yet). `tera`: templates parsed already (a build parses them while content loads), or
    /// `None` to parse them again. `errors`: what earlier stages found, reported with these
    /// stages' own, all at once. Returns the outputs whose backlinks changed (an update).
    pub(super) fn advance(
        &mut self,
        mut scope: Scope,
        tera: Option<tera::Tera>,
        mut errors: Vec<Diagnostic>,
    ) -> Result<Vec<OutputId>> {
        let prof = self.profile.clone();
        let t = std::time::Instant::now();
        let only = match &scope {
            Scope::All(_) => None,
            Scope::Changed { files, .. } => Some(files.as_slice()),
        };
        self.check(only, &mut errors);
        self.drop_source_texts();
        stage(prof.as_ref(), "check", t);
        let t = std::time::Instant::now();
        match tera {
            Some(mut tera) => {
                install_functions(&mut tera, self.site_data(), &self.active);
                self.tera = tera;
            }
            None => self.reload_templates()?,
        }
        stage(prof.as_ref(), "functions", t);
        let t = std::time::Instant::now();
        let config_value = match &scope {
            Scope::All(_) => context::ConfigValues::new(&self.config),
            Scope::Changed { old, .. } => old.config.clone(),
        };
        let markdown = self.markdown(&mut scope, &config_value);
        stage(prof.as_ref(), "markdown", t);
        let t = std::time::Instant::now();
        let (mut pages, sections) = match markdown {
            Ok(r) => (r.pages, r.sections),
            Err(mut e) => {
                errors.append(&mut e);
                (vec![], vec![])
            }
        };
        fail(errors)?;
        for ext in self.active.iter() {
            ext.rendered(&self.library, &self.config, &mut pages);
        }
        if self.markdown_only {
            return Ok(vec![]);
        }
        let lib = self.library.clone();
        let (values, relinked) = match scope {
            Scope::All(_) => {
                let rendered = RenderedSite { pages, sections };
                self.external_links = external_links(&lib, &rendered);
                (context::build(lib, rendered, config_value), vec![])
            }
            Scope::Changed { from_old, old, .. } => old.rebuild(lib, &from_old, pages),
        };
        let relinked = relinked
            .into_iter()
            .map(|item| match item {
                ItemRef::Page(i) => OutputId::Page(i),
                ItemRef::Section(s) => OutputId::Section(s),
            })
            .collect();
        let _ = self.values.set(values);
        stage(prof.as_ref(), "serialize", t);
        Ok(relinked)
    }

    /// The extensions' checks of the resolved site (or of the changed files' part of it).
    fn check(&mut self, only: Option<&[PathBuf]>, errors: &mut Vec<Diagnostic>) {
        let mut notes = vec![];
        for ext in self.active.iter() {
            errors.extend(ext.validate(&self.library, &self.config));
            let t = std::time::Instant::now();
            let lint = ext.lint(&self.root, &self.library, &self.config, only);
            crate::profile::timing("privacy lint", t);
            errors.extend(lint.errors);
            self.warnings.extend(lint.warnings);
            notes.extend(lint.notes);
        }
        if self.config.mode == "check" {
            // Listed here so that `check` shows every opt-out even when it fails.
            print_notes(&notes);
        }
    }

    /// The files' texts were kept for the checks alone (`FileInfo::text`): 32 MB at 10,000
    /// heroes, freed before the renders need the memory. (Under `serve` the library may be
    /// shared already; its items then keep theirs until the next full load.)
    fn drop_source_texts(&mut self) {
        if let Some(lib) = std::sync::Arc::get_mut(&mut self.library) {
            let pages = lib.pages.iter_mut().map(|p| &mut p.file.text);
            let sections = lib.sections.iter_mut().map(|s| &mut s.file.text);
            pages.chain(sections).for_each(|t| *t = None);
        }
    }

    /// Renders the Markdown the scope asks for: every item, or the changed pages (in the
    /// `pages` of the result, in order).
    fn markdown(
        &self,
        scope: &mut Scope,
        config_value: &context::ConfigValues,
    ) -> std::result::Result<RenderedSite, Vec<Diagnostic>> {
        let mut inputs = markdown_stage::Inputs {
            config: &self.config,
            config_value,
            tera: &self.tera,
            lib: &self.library,
            highlighter: self.highlighter.as_ref(),
            sources: Default::default(),
        };
        let (from_old, sources) = match scope {
            Scope::All(sources) => {
                // Taken: each source is dropped as soon as it is rendered.
                inputs.sources = std::mem::take(sources);
                return markdown_stage::render(&mut inputs);
            }
            Scope::Changed {
                from_old, sources, ..
            } => (from_old, sources),
        };
        let links = self
            .permalinks
            .get_or_init(|| markdown_stage::permalinks(&self.library));
        let fresh = from_old.iter().enumerate().filter(|(_, o)| o.is_none());
        let mut pages: Vec<Rendered> = vec![];
        let mut errors = vec![];
        for ((i, _), raw) in fresh.zip(sources) {
            let (r, mut e) = markdown_stage::render_page(&inputs, links, i, raw);
            errors.append(&mut e);
            pages.push(r);
        }
        match errors.is_empty() {
            true => Ok(RenderedSite {
                pages,
                sections: vec![],
            }),
            false => Err(errors),
        }
    }

    /// Starts a pass over a new library: the values and the `@/` link table are made again.
    pub(super) fn reset_values(&mut self) {
        self.values = std::sync::Arc::new(OnceLock::new());
        self.permalinks = OnceLock::new();
    }
}

/// External links found in content: (file, url), for `check`.
fn external_links(lib: &crate::library::Library, r: &RenderedSite) -> Vec<(PathBuf, String)> {
    lib.pages
        .iter()
        .map(|p| &p.file.path)
        .zip(&r.pages)
        .chain(lib.sections.iter().map(|s| &s.file.path).zip(&r.sections))
        .flat_map(|(f, r)| r.external_links.iter().map(move |l| (f.clone(), l.clone())))
        .collect()
}
