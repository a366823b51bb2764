//! Parent/child links between sections and pages, and output path checks.

use std::borrow::Cow;
use std::collections::HashMap;

use super::{ItemRef, Library};
use crate::config::Config;
use crate::error::Diagnostic;

pub fn link(lib: &mut Library, default_language: &str) {
    // Sections and pages are linked within their language: `blog/_index.fr.md` holds
    // `blog/x.fr.md`, never `blog/x.md`. Keys are the folders below `content/`, led by the
    // code for another language (each language has its own home section to stop at).
    fn key<'a>(default: &str, lang: &str, components: &'a [String]) -> Cow<'a, [String]> {
        match lang == default {
            true => Cow::Borrowed(components),
            false => Cow::Owned(
                std::iter::once(lang.to_string())
                    .chain(components.iter().cloned())
                    .collect(),
            ),
        }
    }
    let by_components: HashMap<Vec<String>, usize> = lib
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                key(default_language, &s.lang, &s.file.components).into_owned(),
                i,
            )
        })
        .collect();
    let nearest = |mut comps: Vec<String>| -> Option<usize> {
        loop {
            if let Some(&i) = by_components.get(&comps) {
                return Some(i);
            }
            comps.pop()?;
        }
    };
    let mut parents = vec![None; lib.sections.len()];
    for (i, s) in lib.sections.iter().enumerate() {
        if s.is_index() {
            continue;
        }
        let mut comps = key(default_language, &s.lang, &s.file.components).into_owned();
        comps.pop();
        parents[i] = nearest(comps);
    }
    for (i, parent) in parents.iter().enumerate() {
        if let Some(p) = parent {
            lib.sections[*p].subsections.push(i);
        }
    }
    for i in 0..lib.sections.len() {
        let mut chain = vec![];
        let mut cur = parents[i];
        while let Some(p) = cur {
            chain.push(p);
            cur = parents[p];
        }
        chain.reverse();
        lib.sections[i].ancestors = chain;
    }
    // Each page's section looked up on every core (hashing its folders' names, 9 ms for
    // 16,500 pages on one), then filed in order. A page with `render = false` belongs to no
    // section, as in Zola: it is in no `section.pages`, no paginator and has no siblings,
    // but `get_page` finds it.
    use rayon::prelude::*;
    let homes: Vec<Option<Option<usize>>> = lib
        .pages
        .par_iter()
        .map(|page| {
            let home =
                by_components.get(&*key(default_language, &page.lang, &page.file.components));
            page.meta.renders().then(|| home.copied())
        })
        .collect();
    for (i, home) in homes.into_iter().enumerate() {
        let Some(found) = home else {
            continue;
        };
        match found {
            Some(s) => {
                lib.sections[s].pages.push(i);
                let mut anc = lib.sections[s].ancestors.clone();
                anc.push(s);
                lib.pages[i].ancestors = anc;
                bubble_transparent(lib, s, i, &parents);
            }
            None => lib.orphans.push(i),
        }
    }
    let sections = &lib.sections;
    let mut subs: Vec<Vec<usize>> = sections.iter().map(|s| s.subsections.clone()).collect();
    for list in &mut subs {
        list.sort_by(|a, b| {
            let (a, b) = (&sections[*a], &sections[*b]);
            a.meta
                .weight
                .cmp(&b.meta.weight)
                .then_with(|| a.permalink.cmp(&b.permalink))
        });
    }
    for (s, list) in lib.sections.iter_mut().zip(subs) {
        s.subsections = list;
    }
}

/// Items by `canonical`, each list in the order of language codes (Zola's order is that of
/// a hash set; sorting keeps builds reproducible). Pages with `render = false` have none.
pub fn translations(lib: &Library) -> HashMap<String, Vec<ItemRef>> {
    let mut map: HashMap<String, Vec<(&str, ItemRef)>> = HashMap::new();
    for (i, s) in lib.sections.iter().enumerate() {
        let list = map.entry(s.file.canonical.clone()).or_default();
        list.push((&s.lang, ItemRef::Section(i)));
    }
    for (i, p) in lib.pages.iter().enumerate() {
        if p.meta.renders() {
            let list = map.entry(p.file.canonical.clone()).or_default();
            list.push((&p.lang, ItemRef::Page(i)));
        }
    }
    map.into_iter()
        .map(|(k, mut v)| {
            v.sort_by(|a, b| a.0.cmp(b.0));
            (k, v.into_iter().map(|x| x.1).collect())
        })
        .collect()
}

/// A transparent section's pages also belong to its parent, and further up while the
/// parent is transparent too.
fn bubble_transparent(lib: &mut Library, section: usize, page: usize, parents: &[Option<usize>]) {
    let mut cur = section;
    while lib.sections[cur].meta.transparent {
        let Some(p) = parents[cur] else { break };
        lib.sections[p].pages.push(page);
        cur = p;
    }
}

/// Who claimed an output path; named only when a second one wants it (16,000 pages would
/// have 16,000 names to format, for almost never a clash).
#[derive(Clone, Copy)]
enum Claimant<'a> {
    Section(usize),
    Page(usize),
    Alias(&'a str, &'a str),
}

/// Two items writing the same file, or an item writing outside the output, are errors.
pub fn check_paths(lib: &Library, config: &Config) -> Vec<Diagnostic> {
    use std::borrow::Cow;
    let describe = |who: Claimant| match who {
        Claimant::Section(i) => format!("section {}", lib.sections[i].file.relative),
        Claimant::Page(i) => format!("page {}", lib.pages[i].file.relative),
        Claimant::Alias(a, of) => format!("alias `{a}` of {of}"),
    };
    let mut claims: Vec<(Cow<str>, Claimant, &std::path::Path)> = vec![];
    for (i, s) in lib.sections.iter().enumerate() {
        if s.meta.render {
            claims.push((Cow::Borrowed(&s.path), Claimant::Section(i), &s.file.path));
        }
    }
    for (i, p) in lib
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.meta.renders())
    {
        claims.push((Cow::Borrowed(&p.path), Claimant::Page(i), &p.file.path));
    }
    let aliases = lib
        .pages
        .iter()
        .map(|p| (&p.meta.aliases, &p.file))
        .chain(lib.sections.iter().map(|s| (&s.meta.aliases, &s.file)));
    for (list, file) in aliases {
        for a in list {
            let who = Claimant::Alias(a, &file.relative);
            claims.push((Cow::Owned(alias_key(a)), who, &file.path));
        }
    }
    let mut errors = vec![];
    let mut claimed: HashMap<&str, Claimant> = HashMap::with_capacity(claims.len());
    for (path, who, file) in &claims {
        let key = path.trim_matches('/');
        if let Some(first) = claimed.get(key) {
            errors.push(
                Diagnostic::in_file(
                    file,
                    format!(
                        "{} would be written to `{path}`, which {} already uses",
                        describe(*who),
                        describe(*first)
                    ),
                )
                .with_hint("give one of them a different `slug` or `path` in its front matter"),
            );
        } else {
            claimed.insert(key, *who);
        }
    }
    let reserved = ["sitemap.xml", "robots.txt", "404.html"];
    for p in lib.pages.iter().filter(|p| p.meta.renders()) {
        let key = p.path.trim_matches('/');
        if reserved.contains(&key) || config.feed_filenames.iter().any(|f| f == key) {
            errors.push(Diagnostic::in_file(
                &p.file.path,
                format!(
                    "the page path `{}` is reserved for a generated file",
                    p.path
                ),
            ));
        }
    }
    errors
}

fn alias_key(alias: &str) -> String {
    let a = alias.trim_matches('/');
    if a.ends_with(".html") {
        a.to_string()
    } else {
        format!("/{a}/")
    }
}
