//! Re-rendering after content edits, for `serve`: an edited page whose place in the site is
//! unchanged (same path, date, weight, taxonomies, links…) is parsed and rendered alone and
//! put into the loaded library; then only the outputs it appears in are rendered again.
//! Anything that moves a page (or adds, removes or renames one) needs a full rebuild.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::changes::{Change, Plan};
use super::{fail, pipeline, Site};
use crate::content::front_matter::SortBy;
use crate::content::Page;
use crate::error::{Error, Result};
use crate::library::{ItemRef, Library};
use crate::output::{OutputId, Renderer};
use crate::templates::deps::Dep;
use crate::write::Sink;
use rayon::prelude::*;

/// The parts of a page that decide where it goes and what lists it: if they are equal, the
/// site's structure is unchanged. Compared field by field, not as text.
#[derive(PartialEq)]
struct Placement<'a> {
    path: &'a str,
    permalink: &'a str,
    slug: &'a str,
    lang: &'a str,
    date: &'a Option<String>,
    updated: &'a Option<String>,
    assets: &'a [std::path::PathBuf],
    meta_date: &'a Option<serde_json::Value>,
    meta_updated: &'a Option<serde_json::Value>,
    weight: Option<usize>,
    draft: bool,
    meta_slug: &'a Option<String>,
    meta_path: &'a Option<String>,
    taxonomies: &'a std::collections::BTreeMap<String, Vec<String>>,
    template: &'a Option<String>,
    aliases: &'a [String],
    in_search_index: Option<bool>,
    render: Option<bool>,
}

fn place_of(p: &Page) -> Placement<'_> {
    let m = &p.meta;
    Placement {
        path: &p.path,
        permalink: &p.permalink,
        slug: &p.slug,
        lang: &p.lang,
        date: &p.date,
        updated: &p.updated,
        assets: &p.assets,
        meta_date: &m.date,
        meta_updated: &m.updated,
        weight: m.weight,
        draft: m.draft,
        meta_slug: &m.slug,
        meta_path: &m.path,
        taxonomies: &m.taxonomies,
        template: &m.template,
        aliases: &m.aliases,
        in_search_index: m.in_search_index,
        render: m.render,
    }
}

fn sorted_by_title(lib: &Library, page: &Page) -> bool {
    page.ancestors.iter().any(|&s| {
        matches!(
            lib.sections[s].meta.sort_by,
            SortBy::Title | SortBy::TitleBytes
        )
    })
}

impl Site {
    /// Takes in changed content files (edited, added, removed; a rename is a removal and an
    /// addition) and runs the pipeline's stages over them (see `pipeline`). `Ok(None)` means
    /// only a full rebuild is right.
    pub fn update_pages(&mut self, paths: &[&Path]) -> Result<Option<Plan>> {
        let mut errors = vec![];
        let changes = self.read_changes(paths, &mut errors)?;
        if !errors.is_empty() {
            return Err(Error::many(errors));
        }
        let Some(changes) = changes else {
            return Ok(None);
        };
        // An edit that moves no page needs no resolve, and a narrower plan.
        let in_place = changes.iter().all(|c| match c {
            Change::Edited(i, page) => {
                let old = &self.library.pages[*i];
                place_of(page) == place_of(old)
                    && (page.meta.title == old.meta.title || !sorted_by_title(&self.library, old))
            }
            _ => false,
        });
        let files: Vec<PathBuf> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Edited(_, p) | Change::Added(p) => Some(p.file.path.clone()),
                Change::Removed(_) => None,
            })
            .collect();
        let edited: Vec<usize> = changes
            .iter()
            .filter_map(|c| match c {
                Change::Edited(i, _) => Some(*i),
                _ => None,
            })
            .collect();
        let moved = match in_place {
            true => None,
            false => match self.before_moving(&changes) {
                Some(m) => Some(m),
                None => return Ok(None),
            },
        };
        let Some((lib, old)) = self.take_library() else {
            return Ok(None);
        };
        let (lib, from_old, sources) = match in_place {
            true => edit_in_place(lib, changes),
            false => self.resolve_again(lib, changes)?,
        };
        self.library = Arc::new(lib);
        self.reset_values();
        let scope = pipeline::Scope::Changed {
            from_old: from_old.clone(),
            sources,
            old,
            files,
        };
        let relinked = self.advance(scope, None, vec![])?;
        Ok(match moved {
            None => Some(self.plan(edited.into_iter(), &relinked)),
            Some(moved) => self.plan_moved(moved, &from_old, &relinked),
        })
    }

    /// Reads the changed files as a load would, and runs the extensions' transform on them.
    /// `None`: something only a full rebuild handles (a section's `_index.md`).
    fn read_changes(
        &mut self,
        paths: &[&Path],
        errors: &mut Vec<crate::error::Diagnostic>,
    ) -> Result<Option<Vec<Change>>> {
        let content_dir = self.root.join("content");
        let canonical = std::fs::canonicalize(&content_dir).unwrap_or(content_dir.clone());
        let mut changes = vec![];
        for path in paths {
            let rel = path.strip_prefix(&canonical).unwrap_or(path);
            let rel = rel.to_string_lossy().replace('\\', "/");
            if self.config.is_content_ignored(Path::new(&rel)) {
                continue;
            }
            if rel.ends_with("_index.md") {
                return Ok(None);
            }
            let old = match self.library.get(&rel) {
                Some(ItemRef::Page(i)) => Some(i),
                Some(ItemRef::Section(_)) => return Ok(None),
                None => None,
            };
            // The load's rule (`site_files`): nothing linked in from outside the site is
            // read; a full rebuild reports it as a load does.
            if path.exists() && !crate::site_files::SiteFolder::new(&self.root).holds(path) {
                return Ok(None);
            }
            let text = match std::fs::read_to_string(path) {
                Ok(text) => text,
                Err(_) if !path.exists() => {
                    changes.extend(old.map(Change::Removed));
                    continue;
                }
                Err(_) => return Ok(None),
            };
            let file = match old {
                Some(i) => self.library.pages[i].file.path.clone(),
                None => content_dir.join(&rel),
            };
            let (mut page, ignored) = Page::parse(&file, &text, &content_dir, &self.config)?;
            let ignored = ignored.into_iter().map(|k| (file.clone(), k)).collect();
            self.warnings
                .extend(crate::content::page_keys::warnings(ignored));
            crate::content::count_words(std::slice::from_mut(&mut page));
            if page.meta.draft && !self.config.include_drafts {
                changes.extend(old.map(Change::Removed));
                continue;
            }
            // As in a build, extensions change the page before its place is decided.
            for ext in self.active.iter() {
                let r = ext.transform_edited(
                    std::slice::from_mut(&mut page),
                    &self.library,
                    &self.config,
                );
                errors.extend(r.errors);
                self.warnings.extend(r.warnings);
            }
            changes.push(match old {
                Some(i) => Change::Edited(i, page),
                None => Change::Added(page),
            });
        }
        Ok(Some(changes))
    }

    /// The outputs an edit of `pages` shows in: the pages and their neighbours, the listings
    /// holding them, and everything that read content through global functions.
    fn plan(&self, edited: impl Iterator<Item = usize>, relinked: &[OutputId]) -> Plan {
        let lib = &self.library;
        let mut pages = HashSet::new();
        // Pages and sections whose backlinks changed (a link added or removed) render whole.
        let mut outputs: HashSet<OutputId> = relinked.iter().copied().collect();
        let mut reads = HashSet::from([Dep::Any]);
        for i in edited {
            let p = &lib.pages[i];
            // Sections whose listing holds the page (a parent's, or a transparent one's).
            let listing: Vec<usize> = p
                .ancestors
                .iter()
                .copied()
                .filter(|&s| lib.sections[s].pages.contains(&i))
                .collect();
            reads.extend(
                [Some(i), p.lower, p.higher]
                    .into_iter()
                    .flatten()
                    .map(Dep::Page),
            );
            reads.extend(listing.iter().map(|&s| Dep::Section(s)));
            pages.insert(i);
            let p = &lib.pages[i];
            for n in [Some(i), p.lower, p.higher].into_iter().flatten() {
                outputs.insert(OutputId::Page(n));
            }
            outputs.extend(listing.iter().map(|&s| OutputId::Section(s)));
            for (t, tax) in lib.taxonomies.iter().enumerate() {
                for (k, term) in tax.terms.iter().enumerate() {
                    if term.pages.contains(&i) {
                        outputs.insert(OutputId::Term(t, k));
                    }
                }
            }
        }
        let whole: HashSet<OutputId> = self
            .touched
            .lock()
            .unwrap()
            .iter()
            .filter(|(_, deps)| deps.iter().any(|d| reads.contains(d)))
            .map(|(id, _)| *id)
            .collect();
        outputs.extend(whole.iter().copied());
        let mut whole = whole;
        whole.extend(relinked.iter().copied());
        Plan {
            pages,
            outputs: outputs.into_iter().collect(),
            whole,
            removed: vec![],
        }
    }

    /// Renders the planned outputs. Listings touched only because they hold an edited page
    /// render just the pagers holding it; outputs that read content through functions render
    /// whole. The site-wide outputs follow with `render_site_wide`.
    pub fn render_plan(&self, plan: &Plan, sink: &dyn Sink) -> Result<()> {
        // What these outputs read is noted again: a new page's reads were never noted.
        let whole = Renderer {
            touched: Some(&self.touched),
            ..self.renderer(sink)
        };
        let focused = Renderer {
            focus: Some(&plan.pages),
            memo: whole.memo.clone(),
            ..whole
        };
        let mut errors: Vec<_> = plan
            .outputs
            .par_iter()
            .flat_map_iter(|id| {
                let r = if plan.whole.contains(id) {
                    &whole
                } else {
                    &focused
                };
                crate::output::render_one(r, *id)
            })
            .collect();
        errors.extend(self.images.process_new(sink));
        fail(errors)
    }

    /// After a template edit (templates already reloaded): renders the outputs whose
    /// template is among `affected` (see `templates::dependents`), then the site-wide ones.
    pub fn render_for_templates(&self, affected: &HashSet<String>, sink: &dyn Sink) -> Result<()> {
        let r = self.renderer(sink);
        let mut errors: Vec<_> = crate::output::all_outputs(&self.library)
            .into_par_iter()
            .filter(|id| affected.contains(&crate::output::template_of(&r, *id)))
            .flat_map_iter(|id| crate::output::render_one(&r, id))
            .collect();
        errors.extend(self.images.process_new(sink));
        fail(errors)?;
        self.render_site_wide(sink)
    }

    /// The outputs that gather the whole site (feeds, taxonomy lists, sitemap, extension
    /// outputs such as calendars): the slow part of an edit, which `serve` does after the
    /// reload, holding back requests for these files until they are ready.
    pub fn render_site_wide(&self, sink: &dyn Sink) -> Result<()> {
        let whole = self.renderer(sink);
        let mut errors = crate::output::render_site_wide(&whole);
        for ext in self.active.iter() {
            errors.extend(ext.outputs(&whole));
        }
        errors.extend(self.images.process_new(sink));
        fail(errors)
    }
}

/// Puts edited pages that stay where they were into the library, keeping what resolve gave
/// the old ones. Returns the library, each page's old index (`None` for an edited one) and
/// the edited pages' Markdown sources, in order.
fn edit_in_place(
    mut lib: Library,
    changes: Vec<Change>,
) -> (Library, Vec<Option<usize>>, Vec<String>) {
    let mut from_old: Vec<Option<usize>> = (0..lib.pages.len()).map(Some).collect();
    let mut edited: Vec<(usize, Page)> = changes
        .into_iter()
        .filter_map(|c| match c {
            Change::Edited(i, p) => Some((i, p)),
            _ => None,
        })
        .collect();
    edited.sort_by_key(|(i, _)| *i);
    let mut sources = vec![];
    for (i, mut page) in edited {
        let old = &lib.pages[i];
        page.ancestors = old.ancestors.clone();
        (page.lower, page.higher) = (old.lower, old.higher);
        sources.push(std::mem::take(&mut page.raw_content));
        lib.pages[i] = page;
        from_old[i] = None;
    }
    (lib, from_old, sources)
}
