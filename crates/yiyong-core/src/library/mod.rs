//! The resolve stage: links loaded pages and sections into a site tree, sorts them, builds
//! taxonomies and refuses output paths that collide or escape the output folder.

mod sort;
mod taxonomies;
mod tree;

pub use taxonomies::{Taxonomy, Term};

use std::collections::HashMap;

use crate::config::Config;
use crate::content::{Loaded, Page, Section};
use crate::error::Diagnostic;

/// A content item addressed by its path below `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemRef {
    Page(usize),
    Section(usize),
}

#[derive(Default)]
pub struct Library {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub taxonomies: Vec<Taxonomy>,
    /// `blog/post.md` → the page; `blog/_index.md` → the section.
    pub by_relative: HashMap<String, ItemRef>,
    /// Pages whose folder has no `_index.md`.
    pub orphans: Vec<usize>,
    /// A multilingual site's items by `FileInfo::canonical` (`blog/x` for `blog/x.md` and
    /// `blog/x.fr.md`), for `translations`; empty on a site with one language, as in Zola.
    pub translations: HashMap<String, Vec<ItemRef>>,
}

impl Library {
    /// The pages of `list` a feed holds: dated ones only (and none an extension left out),
    /// newest first, cut to `limit`. The Atom and RSS feeds and the outreach layer's JSON Feed
    /// all take theirs from here, so that they list the same items.
    pub fn feed_pages(&self, list: &[usize], limit: Option<usize>) -> Vec<usize> {
        // Newest first, then by address, so that feeds cut to the same `feed_limit` keep the
        // same pages when several share a date (then, as a stable sort would, the list's
        // order). Sorted by keys gathered first into one small array, on every core:
        // comparing pages scattered in memory was 20 ms at the end of a 16,500-page build,
        // with the other core idle.
        use rayon::prelude::*;
        let mut keyed: Vec<(std::cmp::Reverse<_>, &str, usize, usize)> = list
            .iter()
            .enumerate()
            .map(|(at, &i)| (at, i, &self.pages[i]))
            .filter(|(_, _, p)| p.in_a_feed())
            .map(|(at, i, p)| (std::cmp::Reverse(p.datetime), p.permalink.as_str(), at, i))
            .collect();
        keyed.par_sort_unstable();
        let mut pages: Vec<usize> = keyed.into_iter().map(|k| k.3).collect();
        if let Some(limit) = limit {
            pages.truncate(limit);
        }
        pages
    }

    pub fn get(&self, relative: &str) -> Option<ItemRef> {
        self.by_relative
            .get(relative.trim_start_matches('/'))
            .copied()
    }

    /// The item itself and its versions in other languages, in the order of their codes.
    pub fn translations_of(&self, canonical: &str) -> &[ItemRef] {
        self.translations.get(canonical).map_or(&[], |v| &v[..])
    }

    pub fn permalink_of(&self, item: ItemRef) -> &str {
        match item {
            ItemRef::Page(i) => &self.pages[i].permalink,
            ItemRef::Section(i) => &self.sections[i].permalink,
        }
    }
}

/// Builds the library and returns it with every problem found (loading problems included),
/// so later stages can go on and report theirs too.
pub fn resolve(
    loaded: Loaded,
    config: &Config,
    content_dir: &std::path::Path,
) -> (Library, Vec<Diagnostic>) {
    let Loaded {
        pages,
        mut sections,
        mut errors,
        ..
    } = loaded;
    // Each language has a home page, written or not (Zola's `create_default_index_sections`).
    let langs = std::iter::once(config.default_language.as_str())
        .chain(config.other_languages().map(|(code, _)| code));
    for lang in langs {
        if !sections.iter().any(|s| s.is_index() && s.lang == lang) {
            sections.push(Section::default_index(content_dir, config, lang));
        }
    }
    let mut lib = Library {
        pages,
        sections,
        taxonomies: vec![],
        by_relative: HashMap::new(),
        orphans: vec![],
        translations: HashMap::new(),
    };
    lib.by_relative = lib
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.file.relative.clone(), ItemRef::Page(i)))
        .chain(
            lib.sections
                .iter()
                .enumerate()
                .map(|(i, s)| (s.file.relative.clone(), ItemRef::Section(i))),
        )
        .collect();
    tree::link(&mut lib, &config.default_language);
    if config.is_multilingual() {
        lib.translations = tree::translations(&lib);
    }
    sort::sort_sections(&mut lib);
    // Both only read the library: on two cores, a 10,000-hero site's taxonomies are
    // collected while its 16,000 output paths are checked.
    let (terms, clashes) = rayon::join(
        || taxonomies::build(&lib, config),
        || tree::check_paths(&lib, config),
    );
    match terms {
        Ok(t) => lib.taxonomies = t,
        Err(mut e) => errors.append(&mut e),
    }
    errors.extend(clashes);
    (lib, errors)
}
