//! `serve`'s structural updates: pages added, removed or renamed, or edited so that they move
//! (a new date, slug or terms). Loading the whole site again took 2.2–2.5 s at 10,000 heroes;
//! instead the kept pages and their rendered Markdown are reused, resolve runs again over them
//! (it reads no file), only new or changed pages' Markdown is rendered, and only the outputs
//! whose content changed are rendered again. Indices shift in such a change, so the site before
//! and after is compared by content path (`Key`), never by index.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use super::changes::{Change, Plan};
use super::Site;
use crate::content::{Loaded, Page};
use crate::error::{Error, Result};
use crate::library::Library;
use crate::output::OutputId;
use crate::templates::context::Values;
use crate::templates::deps::Dep;

/// An output or a read, named so that it survives index shifts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Page(String),
    Section(String),
    /// By permalink: a term has no file.
    Term(String),
    Any,
}

fn output_key(lib: &Library, id: OutputId) -> Key {
    match id {
        OutputId::Page(i) => Key::Page(lib.pages[i].file.relative.clone()),
        OutputId::Section(s) => Key::Section(lib.sections[s].file.relative.clone()),
        OutputId::Term(t, k) => Key::Term(lib.taxonomies[t].terms[k].permalink.clone()),
    }
}

fn dep_key(lib: &Library, d: Dep) -> Key {
    match d {
        Dep::Any => Key::Any,
        Dep::Page(i) => Key::Page(lib.pages[i].file.relative.clone()),
        Dep::Section(s) => Key::Section(lib.sections[s].file.relative.clone()),
    }
}

/// What the site looked like before the change, by key.
struct Before {
    /// Page → (lower, higher).
    neighbours: HashMap<String, (Option<String>, Option<String>)>,
    /// Section → its listed and ignored pages.
    sections: HashMap<String, (Vec<String>, Vec<String>)>,
    /// Term permalink → its pages.
    terms: HashMap<String, Vec<String>>,
    touched: Vec<(Key, Vec<Key>)>,
}

fn rels(lib: &Library, list: &[usize]) -> Vec<String> {
    list.iter()
        .map(|&i| lib.pages[i].file.relative.clone())
        .collect()
}

impl Before {
    fn of(lib: &Library, touched: &HashMap<OutputId, HashSet<Dep>>) -> Before {
        let rel = |i: Option<usize>| i.map(|i| lib.pages[i].file.relative.clone());
        Before {
            neighbours: lib
                .pages
                .iter()
                .map(|p| (p.file.relative.clone(), (rel(p.lower), rel(p.higher))))
                .collect(),
            sections: lib
                .sections
                .iter()
                .map(|s| {
                    let lists = (rels(lib, &s.pages), rels(lib, &s.ignored_pages));
                    (s.file.relative.clone(), lists)
                })
                .collect(),
            terms: lib
                .taxonomies
                .iter()
                .flat_map(|t| &t.terms)
                .map(|t| (t.permalink.clone(), rels(lib, &t.pages)))
                .collect(),
            touched: touched
                .iter()
                .map(|(id, deps)| {
                    let deps = deps.iter().map(|d| dep_key(lib, *d)).collect();
                    (output_key(lib, *id), deps)
                })
                .collect(),
        }
    }
}

/// Records the paths an output writes, and discards the bytes.
#[derive(Default)]
struct Paths(std::sync::Mutex<Vec<String>>);

impl crate::write::Sink for Paths {
    fn write(&self, rel: &str, _: &[u8]) -> std::io::Result<()> {
        self.0.lock().unwrap().push(rel.to_string());
        Ok(())
    }
}

/// How many pagers a listing of `n` pages has (one when not paginated).
fn pager_count(n: usize, by: Option<usize>) -> usize {
    match by {
        Some(by) if by > 0 => n.div_ceil(by).max(1),
        _ => 1,
    }
}

/// What a change that moves pages needs from the site before it.
pub(super) struct Moved {
    before: Before,
    /// The content paths of removed pages.
    removed: HashSet<String>,
    /// The files the removed and moved pages' outputs wrote.
    gone: Vec<String>,
}

impl Site {
    /// Notes the site before a change that moves pages. `None`: only a full rebuild is right
    /// (a page bundle's files are copied by the full build only).
    pub(super) fn before_moving(&self, changes: &[Change]) -> Option<Moved> {
        let lib = &self.library;
        let bundle = |p: &Page| !p.assets.is_empty() || p.file.path.ends_with("index.md");
        if changes.iter().any(|c| match c {
            Change::Edited(i, p) => bundle(p) || bundle(&lib.pages[*i]),
            Change::Added(p) => bundle(p),
            Change::Removed(i) => bundle(&lib.pages[*i]),
        }) {
            return None;
        }
        // What the pages that go or move wrote, rendered once more to learn the paths.
        let gone = Paths::default();
        for c in changes {
            if let Change::Removed(i) | Change::Edited(i, _) = c {
                crate::output::render_one(&self.renderer(&gone), OutputId::Page(*i));
            }
        }
        Some(Moved {
            before: Before::of(lib, &self.touched.lock().unwrap()),
            removed: changes
                .iter()
                .filter_map(|c| match c {
                    Change::Removed(i) => Some(lib.pages[*i].file.relative.clone()),
                    _ => None,
                })
                .collect(),
            gone: gone.0.into_inner().unwrap(),
        })
    }

    /// Takes the library and the values out of their `Arc`s, dropping the templates (their
    /// functions hold both). `None` if something else still holds them.
    pub(super) fn take_library(&mut self) -> Option<(Library, Values)> {
        self.tera = tera::Tera::default();
        self.usage = Default::default();
        let mut values = Arc::get_mut(&mut self.values).and_then(OnceLock::take)?;
        drop(values.replace_library(Arc::new(Library::default())));
        let lib = Arc::get_mut(&mut self.library)?;
        Some((std::mem::take(lib), values))
    }

    /// Puts the changed pages among the kept ones and resolves them all again (no file is
    /// read). Returns the library, each page's old index (`None` for a changed or new page)
    /// and the Markdown sources of those, in order.
    pub(super) fn resolve_again(
        &self,
        lib: Library,
        changes: Vec<Change>,
    ) -> Result<(Library, Vec<Option<usize>>, Vec<String>)> {
        let mut loaded = Loaded {
            pages: lib.pages,
            sections: lib.sections,
            errors: vec![],
            warnings: vec![],
            drafts: 0,
        };
        // What resolve fills in is made again from nothing.
        for p in &mut loaded.pages {
            p.ancestors.clear();
            (p.lower, p.higher) = (None, None);
        }
        for s in &mut loaded.sections {
            s.pages.clear();
            s.ignored_pages.clear();
            s.subsections.clear();
            s.ancestors.clear();
        }
        let (from_old, sources) = merge_pages(&mut loaded, changes);
        let content_dir = self.root.join("content");
        let (lib, errors) = crate::library::resolve(loaded, &self.config, &content_dir);
        match errors.is_empty() {
            true => Ok((lib, from_old, sources)),
            false => Err(Error::many(errors)),
        }
    }

    /// The outputs whose content changed, by comparing before and after by key; the map of
    /// what each output read is carried over to the new indices.
    pub(super) fn plan_moved(
        &self,
        moved: Moved,
        from_old: &[Option<usize>],
        relinked: &[OutputId],
    ) -> Option<Plan> {
        let (before, removed) = (&moved.before, &moved.removed);
        let lib = &self.library;
        let rel = |i: Option<usize>| i.map(|i| lib.pages[i].file.relative.clone());
        let mut pages: HashSet<usize> = relinked
            .iter()
            .filter_map(|id| match id {
                OutputId::Page(i) => Some(*i),
                _ => None,
            })
            .collect();
        for (i, p) in lib.pages.iter().enumerate() {
            let now = (rel(p.lower), rel(p.higher));
            if from_old[i].is_none() || before.neighbours.get(&p.file.relative) != Some(&now) {
                pages.insert(i);
            }
        }
        // Every content path whose page changed, went or arrived: what reads it is dirty.
        let mut dirty: HashSet<Key> = removed.iter().cloned().map(Key::Page).collect();
        dirty.extend(
            (0..lib.pages.len())
                .filter(|&i| from_old[i].is_none())
                .map(|i| Key::Page(lib.pages[i].file.relative.clone())),
        );
        let fresh_in = |list: &[usize]| list.iter().any(|&i| from_old[i].is_none());
        let mut whole: HashSet<OutputId> = relinked
            .iter()
            .filter(|id| !matches!(id, OutputId::Page(_)))
            .copied()
            .collect();
        for (s, sec) in lib.sections.iter().enumerate() {
            let now = (rels(lib, &sec.pages), rels(lib, &sec.ignored_pages));
            let old = before.sections.get(&sec.file.relative)?;
            if *old != now || fresh_in(&sec.pages) {
                let by = sec.meta.paginate_by.filter(|_| sec.is_paginated());
                if pager_count(old.0.len(), by) > pager_count(now.0.len(), by) {
                    return None;
                }
                dirty.insert(Key::Section(sec.file.relative.clone()));
                whole.insert(OutputId::Section(s));
            }
        }
        let mut terms_now = HashSet::new();
        for (t, tax) in lib.taxonomies.iter().enumerate() {
            for (k, term) in tax.terms.iter().enumerate() {
                terms_now.insert(term.permalink.as_str());
                let now = rels(lib, &term.pages);
                let old = before.terms.get(&term.permalink);
                if old != Some(&now) || fresh_in(&term.pages) {
                    let by = tax.config.paginate_by;
                    if old.is_some_and(|o| pager_count(o.len(), by) > pager_count(now.len(), by)) {
                        return None;
                    }
                    whole.insert(OutputId::Term(t, k));
                }
            }
        }
        if before.terms.keys().any(|t| !terms_now.contains(t.as_str())) {
            return None;
        }
        // Outputs that read changed content through functions, at their new indices.
        let ids = self.ids_by_key();
        let mut touched = HashMap::new();
        for (key, deps) in &before.touched {
            let Some(&id) = ids.get(key) else { continue };
            if deps.iter().any(|d| *d == Key::Any || dirty.contains(d)) {
                whole.insert(id);
            }
            let deps: HashSet<Dep> = deps.iter().filter_map(|d| dep_of(&ids, d)).collect();
            touched.insert(id, deps);
        }
        *self.touched.lock().unwrap() = touched;
        let mut outputs: HashSet<OutputId> = pages.iter().map(|&i| OutputId::Page(i)).collect();
        outputs.extend(whole.iter().copied());
        Some(Plan {
            pages,
            outputs: outputs.into_iter().collect(),
            whole,
            removed: moved.gone,
        })
    }

    fn ids_by_key(&self) -> HashMap<Key, OutputId> {
        let lib = &self.library;
        crate::output::all_outputs(lib)
            .into_iter()
            .map(|id| (output_key(lib, id), id))
            .collect()
    }
}

fn dep_of(ids: &HashMap<Key, OutputId>, key: &Key) -> Option<Dep> {
    match (key, ids.get(key)) {
        (Key::Any, _) => Some(Dep::Any),
        (_, Some(OutputId::Page(i))) => Some(Dep::Page(*i)),
        (_, Some(OutputId::Section(s))) => Some(Dep::Section(*s)),
        _ => None,
    }
}

/// Puts the changed pages into the loaded ones: edited pages in their place, added ones where
/// a load would put them (its walk order decides ties later), removed ones out. Returns, for
/// each page, its old index (`None` for one whose Markdown must be rendered) and the Markdown
/// sources of those, in order.
fn merge_pages(loaded: &mut Loaded, changes: Vec<Change>) -> (Vec<Option<usize>>, Vec<String>) {
    let old = std::mem::take(&mut loaded.pages);
    let mut slots: Vec<(Option<usize>, Page)> = old
        .into_iter()
        .enumerate()
        .map(|(i, p)| (Some(i), p))
        .collect();
    let mut gone = HashSet::new();
    let mut added = vec![];
    for c in changes {
        match c {
            Change::Edited(i, p) => slots[i] = (None, p),
            Change::Removed(i) => {
                gone.insert(i);
            }
            Change::Added(p) => added.push(p),
        }
    }
    let mut slots: Vec<(Option<usize>, Page)> = slots
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !gone.contains(i))
        .map(|(_, s)| s)
        .collect();
    for p in added {
        let at = slots.partition_point(|(_, q)| {
            crate::content::walk_order(&q.file.path, &p.file.path).is_lt()
        });
        slots.insert(at, (None, p));
    }
    let mut sources = vec![];
    let mut from_old = vec![];
    for (o, mut p) in slots {
        if o.is_none() {
            sources.push(std::mem::take(&mut p.raw_content));
        }
        from_old.push(o);
        loaded.pages.push(p);
    }
    (from_old, sources)
}
