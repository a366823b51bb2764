//! Parent/child links between sections and pages, and output path checks.

use std::collections::HashMap;

use super::Library;
use crate::config::Config;
use crate::error::Diagnostic;

pub fn link(lib: &mut Library) {
    let by_components: HashMap<Vec<String>, usize> = lib
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| (s.file.components.clone(), i))
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
        let mut comps = s.file.components.clone();
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
    for i in 0..lib.pages.len() {
        match by_components.get(&lib.pages[i].file.components) {
            Some(&s) => {
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

/// Two items writing the same file, or an item writing outside the output, are errors.
pub fn check_paths(lib: &Library, config: &Config) -> Vec<Diagnostic> {
    let mut errors = vec![];
    let mut claimed: HashMap<String, String> = HashMap::new();
    let mut claim =
        |path: String, who: String, errors: &mut Vec<Diagnostic>, file: &std::path::Path| {
            let key = path.trim_matches('/').to_string();
            if let Some(first) = claimed.get(&key) {
                errors.push(
                    Diagnostic::in_file(
                        file,
                        format!("{who} would be written to `{path}`, which {first} already uses"),
                    )
                    .with_hint("give one of them a different `slug` or `path` in its front matter"),
                );
            } else {
                claimed.insert(key, who);
            }
        };
    for s in &lib.sections {
        if s.meta.render {
            claim(
                s.path.clone(),
                format!("section {}", s.file.relative),
                &mut errors,
                &s.file.path,
            );
        }
    }
    for p in &lib.pages {
        claim(
            p.path.clone(),
            format!("page {}", p.file.relative),
            &mut errors,
            &p.file.path,
        );
    }
    for p in &lib.pages {
        for a in &p.meta.aliases {
            claim(
                alias_key(a),
                format!("alias `{a}` of {}", p.file.relative),
                &mut errors,
                &p.file.path,
            );
        }
    }
    for s in &lib.sections {
        for a in &s.meta.aliases {
            claim(
                alias_key(a),
                format!("alias `{a}` of {}", s.file.relative),
                &mut errors,
                &s.file.path,
            );
        }
    }
    let reserved = ["sitemap.xml", "robots.txt", "404.html"];
    for p in &lib.pages {
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
