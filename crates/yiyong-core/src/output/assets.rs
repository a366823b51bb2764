//! Files that are copied, not rendered: static/ (theme first, site over it), colocated page
//! and section assets, and Sass compiled to CSS.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::images::Images;
use crate::library::Library;
use crate::site_files::{self, SiteFolder, Walk};
use crate::write::Sink;

fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The static and Sass files of the site and its theme, found once when the site loads (so
/// a folder that cannot be read fails the build with the content's errors, before anything
/// is written).
#[derive(Debug, Default)]
pub struct AssetSources {
    /// (output path, source file): the site's static files over the theme's.
    statics: Vec<(String, PathBuf)>,
    /// (Sass folder, file) for each Sass file to compile (partials are only imported).
    sass: Vec<(PathBuf, PathBuf)>,
}

impl AssetSources {
    /// (output path, Sass folder, file) of each stylesheet compiled (see `SiteData::sass`).
    pub fn sass_outputs(&self) -> Vec<(String, PathBuf, PathBuf)> {
        let out = |dir: &PathBuf, file: &PathBuf| {
            rel_string(&file.strip_prefix(dir).unwrap_or(file).with_extension("css"))
        };
        self.sass
            .iter()
            .map(|(dir, file)| (out(dir, file), dir.clone(), file.clone()))
            .collect()
    }

    /// Whether static/ (the site's or the theme's) gives the output file `name`.
    pub fn has_static(&self, name: &str) -> bool {
        let name = name.trim_start_matches('/');
        self.statics.iter().any(|(out, _)| out == name)
    }
}

/// Walks `static/` and `sass/` (the theme's and the site's) under the rule of `site_files`.
pub fn find_sources(
    root: &Path,
    theme_dir: Option<&Path>,
    config: &Config,
) -> (AssetSources, Walk) {
    let site = SiteFolder::new(root);
    let options = site_files::Options {
        sorted: true,
        skip_hidden: false,
        check_readable: true,
    };
    let mut problems = Walk::default();
    let mut statics: Vec<(String, PathBuf)> = vec![];
    let static_dirs = theme_dir
        .map(|t| t.join("static"))
        .into_iter()
        .chain([root.join("static")]);
    for dir in static_dirs {
        let mut walk = site.walk(&dir, options);
        for f in std::mem::take(&mut walk.files) {
            let rel = f.strip_prefix(&dir).unwrap_or(&f).to_path_buf();
            if !config.is_static_ignored(&rel) {
                statics.push((rel_string(&rel), f));
            }
        }
        problems.extend(walk);
    }
    // A later source of the same output (site static over theme static) wins.
    let mut seen = std::collections::HashSet::new();
    let statics = statics
        .into_iter()
        .rev()
        .filter(|(rel, _)| seen.insert(rel.clone()))
        .collect();
    let mut sass_dirs = vec![];
    if let Some(t) = theme_dir {
        sass_dirs.push(t.join("sass"));
    }
    if config.compile_sass {
        sass_dirs.push(root.join("sass"));
    }
    // The site's stylesheet replaces the theme's of the same name, as its static files do.
    let mut sass = std::collections::BTreeMap::new();
    for dir in sass_dirs {
        let mut walk = site.walk(&dir, options);
        for file in std::mem::take(&mut walk.files) {
            let is_sass = file.extension().is_some_and(|e| e == "scss" || e == "sass");
            let partial = file
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('_'));
            if is_sass && !partial {
                let out = file
                    .strip_prefix(&dir)
                    .unwrap_or(&file)
                    .with_extension("css");
                sass.insert(out, (dir.clone(), file));
            }
        }
        problems.extend(walk);
    }
    let sass = sass.into_values().collect();
    (AssetSources { statics, sass }, problems)
}

/// A file the build copies into the output.
#[derive(Debug, Clone)]
pub struct CopyJob {
    /// Path in the output folder.
    pub rel: String,
    pub src: PathBuf,
    /// Whether its metadata is removed (always for page assets; for static/ unless
    /// `[images] strip_static_metadata = false`).
    pub strip: bool,
    /// Hard-linked rather than copied (`hard_link_static`).
    pub link: bool,
}

/// Every file copied into the output: static/ (theme first, the site's own over it, less
/// `ignored_static`) and the colocated assets of pages and sections.
pub fn copy_jobs(
    root: &Path,
    theme_dir: Option<&Path>,
    sources: &AssetSources,
    config: &Config,
    lib: &Library,
) -> Vec<CopyJob> {
    let mut unique = sources.statics.clone();
    // A page that is not rendered has no folder for its files to go in (Zola copies none).
    let items = lib
        .pages
        .iter()
        .filter(|p| p.meta.renders())
        .map(|p| (&p.path, &p.file.parent, &p.assets))
        .chain(
            lib.sections
                .iter()
                .map(|s| (&s.path, &s.file.parent, &s.assets)),
        );
    for (path, dir, assets) in items {
        for a in assets {
            let url = crate::content::page::asset_url(path, dir, a);
            unique.push((url.trim_start_matches('/').to_string(), a.clone()));
        }
    }
    let site_static = root.join("static");
    let mut static_dirs: Vec<PathBuf> = theme_dir.map(|t| t.join("static")).into_iter().collect();
    static_dirs.push(root.join("static"));
    unique
        .into_iter()
        .map(|(rel, src)| {
            // Zola hard-links only the site's own static files; theme files are always copied.
            let link = config.hard_link_static && src.starts_with(&site_static);
            let from_static = static_dirs.iter().any(|d| src.starts_with(d));
            let strip = !from_static || config.images.strip_static_metadata;
            CopyJob {
                rel,
                src,
                strip,
                link,
            }
        })
        .collect()
}

pub fn copy_static_and_assets(
    root: &Path,
    theme_dir: Option<&Path>,
    sources: &AssetSources,
    config: &Config,
    lib: &Library,
    images: &Images,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    copy_jobs(root, theme_dir, sources, config, lib)
        .par_iter()
        .filter_map(|j| {
            // A hard link to a symlink would be a symlink in the output: link what it names.
            let real = j.link.then(|| std::fs::canonicalize(&j.src).ok()).flatten();
            let src = real.as_deref().unwrap_or(&j.src);
            let name = j
                .src
                .strip_prefix(root)
                .unwrap_or(&j.src)
                .display()
                .to_string();
            crate::write::as_source(&name, || {
                images.copy_private(&j.rel, src, j.strip, j.link, sink)
            })
            .err()
        })
        .collect()
}

/// Compiles `sass/` (when `compile_sass`) and the theme's `sass/` (always, as Zola does).
pub fn compile_sass(sources: &AssetSources, sink: &dyn Sink) -> Vec<Diagnostic> {
    let mut errors = vec![];
    for (dir, file) in &sources.sass {
        match crate::functions::compile_scss(dir, file) {
            Ok(css) => {
                let rel = rel_string(&file.strip_prefix(dir).unwrap_or(file).with_extension("css"));
                let name = file.display().to_string();
                let written = crate::write::as_source(&name, || sink.write(&rel, css.as_bytes()));
                if let Err(e) = written {
                    errors.push(Diagnostic::in_file(
                        file,
                        format!("cannot write {rel}: {e}"),
                    ));
                }
            }
            Err(e) => errors.push(
                Diagnostic::in_file(file, format!("Sass error: {e}")).with_hint(
                    "fix the Sass at the line shown (or, if it cannot be read, its permissions)",
                ),
            ),
        }
    }
    errors
}
