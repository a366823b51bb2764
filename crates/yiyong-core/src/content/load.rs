//! Reads `content/` into pages and sections, in parallel, collecting every error.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::page_keys::{self, IgnoredKey};
use super::{Page, Section};
use crate::config::Config;
use crate::error::Diagnostic;
use crate::site_files::{self, SiteFolder};

/// Everything found in `content/`, not yet linked together.
pub struct Loaded {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    pub errors: Vec<Diagnostic>,
    /// Problems that leave something out without failing the build (see `site_files`), and
    /// control characters in a file (see `xml_chars`): shown, not failing the build.
    pub warnings: Vec<Diagnostic>,
    /// Pages left out as drafts (their own `draft = true` or a draft section's), for the
    /// build's summary: a clerk previewing with `--drafts` and then building without it should
    /// be told why pages are missing.
    pub drafts: usize,
}

enum Item {
    /// A page, with the front matter keys it carries that Zola ignores.
    Page(Box<Page>, Vec<IgnoredKey>),
    Section(Box<Section>),
}

pub fn load_content(site: &SiteFolder, content_dir: &Path, config: &Config) -> Loaded {
    let mut markdown = Vec::new();
    let mut others = Vec::new();
    // Not sorted by the walk: `sort_by_file_name` takes each name apart from the path again
    // at every comparison, which for a folder of 10,000 heroes cost more than reading them.
    let walk = site.walk(
        content_dir,
        site_files::Options {
            sorted: false,
            skip_hidden: true,
            check_readable: false,
        },
    );
    for path in walk.files {
        let rel = path.strip_prefix(content_dir).unwrap_or(&path);
        if config.is_content_ignored(rel) {
            continue;
        }
        if path.extension().is_some_and(|e| e == "md") {
            // As Zola: `_index.md` and `_index.<code>.md` of a declared language are
            // sections, and any other `_index.*.md` is no content at all.
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if let Some(code) = name
                .strip_prefix("_index.")
                .and_then(|n| n.strip_suffix(".md"))
            {
                if !config.other_languages().any(|(c, _)| c == code) {
                    continue;
                }
            }
            markdown.push(path);
        } else {
            others.push(path);
        }
    }

    // The order of a walk that visits each folder's entries by name, as Zola's does: it
    // decides ties between pages later on.
    markdown.sort_unstable_by(|a, b| walk_order(a, b));
    others.sort_unstable_by(|a, b| walk_order(a, b));
    let results = read_in_parallel(&markdown, |path, text| {
        let text = text.map_err(|e| match e.kind() {
            std::io::ErrorKind::InvalidData => Diagnostic::in_file(path, format!("cannot read file: {e}"))
                .with_hint("save the file as UTF-8 (in Notepad: File > Save As > Encoding: UTF-8); GBK is not read"),
            _ => site_files::read_error(path, "cannot read file", &e),
        })?;
        let warning = crate::xml_chars::content_warning(path, &text);
        let item = if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("_index."))
        {
            Section::parse(path, &text, content_dir, config).map(|mut s| {
                s.file.text = Some(text);
                Item::Section(Box::new(s))
            })
        } else {
            Page::parse(path, &text, content_dir, config).map(|(mut p, k)| {
                p.file.text = Some(text);
                Item::Page(Box::new(p), k)
            })
        };
        item.map(|i| (i, warning))
    });

    // The pages stay boxed (a pointer each) until all are sorted out, then are moved out
    // of their boxes on every core, straight into the library's list: moved one by one on
    // one core, the 16,500 pages (750 bytes each, into fresh memory) took 13 ms while the
    // other cores waited.
    let mut boxed = Vec::with_capacity(results.len());
    let mut sections = vec![];
    let mut loaded = Loaded {
        pages: vec![],
        sections: vec![],
        errors: walk.errors,
        warnings: walk.warnings,
        drafts: 0,
    };
    let mut ignored_keys = vec![];
    for r in results {
        match r {
            Ok((item, warning)) => {
                loaded.warnings.extend(warning);
                match item {
                    Item::Page(p, keys) => {
                        let file = &p.file.path;
                        ignored_keys.extend(keys.into_iter().map(|k| (file.clone(), k)));
                        boxed.push(p)
                    }
                    Item::Section(s) => sections.push(*s),
                }
            }
            Err(e) => loaded.errors.push(e),
        }
    }
    loaded.pages = boxed.into_par_iter().map(|p| *p).collect();
    loaded.sections = sections;
    loaded.warnings.extend(page_keys::warnings(ignored_keys));
    drop_drafts(&mut loaded, config.include_drafts);
    attach_assets(&mut loaded, others);
    loaded
}

/// Compares paths folder by folder, as `Path`'s own order does, but in one pass over the
/// bytes: with the separator ranked below every other byte, a plain comparison of the
/// strings is the comparison of their parts in turn. `Path::cmp` takes the parts apart
/// first, which for 16,000 files cost as much as reading them.
pub(crate) fn walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let same = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let rank = |s: &[u8]| {
        s.get(same).map(|&c| {
            if std::path::is_separator(c as char) {
                0
            } else {
                u16::from(c) + 1
            }
        })
    };
    rank(a).cmp(&rank(b))
}

/// How many files are read at once. On a cold page cache each read waits on the disk, and
/// a disk (above all a virtual one) serves many outstanding reads far sooner than one per core:
/// reading the 16,000 files of the benchmark corpus took 0.79 s two at a time, 0.31 s sixteen.
const READERS: usize = 16;

/// Reads and parses `paths` on a pool of `READERS` threads, in the order of `paths`. More threads
/// than cores, as most of them are waiting on the disk when the page cache is cold.
fn read_in_parallel<T, F>(paths: &[PathBuf], parse: F) -> Vec<T>
where
    T: Send,
    F: Fn(&Path, std::io::Result<String>) -> T + Sync,
{
    let work = || paths.par_iter().map(|p| parse(p, read_utf8(p))).collect();
    match rayon::ThreadPoolBuilder::new().num_threads(READERS).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Drafts are left out unless `--drafts`; a draft section takes all its pages with it.
fn drop_drafts(loaded: &mut Loaded, include_drafts: bool) {
    if include_drafts {
        return;
    }
    let draft_dirs: Vec<PathBuf> = loaded
        .sections
        .iter()
        .filter(|s| s.meta.draft)
        .map(|s| s.file.parent.clone())
        .collect();
    loaded
        .sections
        .retain(|s| !draft_dirs.iter().any(|d| s.file.parent.starts_with(d)));
    let before = loaded.pages.len();
    loaded
        .pages
        .retain(|p| !p.meta.draft && !draft_dirs.iter().any(|d| p.file.parent.starts_with(d)));
    loaded.drafts = before - loaded.pages.len();
}

/// Gives each bundle page its colocated files (recursively) and each section the files
/// beside its `_index.md`.
fn attach_assets(loaded: &mut Loaded, others: Vec<PathBuf>) {
    // A folder holds one bundle or section per language (`index.md`, `index.fr.md`): each of
    // them gets the folder's files, as in Zola.
    let mut bundles: HashMap<PathBuf, Vec<usize>> = HashMap::new();
    for (i, p) in loaded.pages.iter().enumerate() {
        if p.file.is_bundle {
            bundles.entry(p.file.parent.clone()).or_default().push(i);
        }
    }
    let mut sections: HashMap<PathBuf, Vec<usize>> = HashMap::new();
    for (i, s) in loaded.sections.iter().enumerate() {
        sections.entry(s.file.parent.clone()).or_default().push(i);
    }
    for asset in others {
        let Some(dir) = asset.parent() else { continue };
        if let Some(list) = dir.ancestors().find_map(|d| bundles.get(d)) {
            for &i in list {
                loaded.pages[i].assets.push(asset.clone());
            }
        } else if let Some(list) = sections.get(dir) {
            for &i in list {
                loaded.sections[i].assets.push(asset.clone());
            }
        }
    }
}

/// Reads a text file, checking its UTF-8 with SIMD (std's check is slow on Chinese text).
pub fn read_utf8(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    match simdutf8::compat::from_utf8(&bytes) {
        // SAFETY: the bytes were just checked to be UTF-8.
        Ok(_) => Ok(unsafe { String::from_utf8_unchecked(bytes) }),
        Err(e) => Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_order_is_path_order() {
        let names = [
            "c/a.md",
            "c/a/x.md",
            "c/a-b/x.md",
            "c/a-b.md",
            "c/a/b/c.md",
            "c/a.b/x.md",
            "c/ab.md",
            "c/中文.md",
            "c/a/中.md",
            "c/A.md",
            "c/_index.md",
            "c/a/_index.md",
            "c/a/b.md",
            "c/a/b/_index.md",
            "c/a b.md",
            "c/a!.md",
            "c/a.md.bak",
        ];
        let mut ours: Vec<PathBuf> = names.iter().map(PathBuf::from).collect();
        let mut std = ours.clone();
        ours.sort_by(|a, b| walk_order(a, b));
        std.sort();
        assert_eq!(ours, std);
    }
}
