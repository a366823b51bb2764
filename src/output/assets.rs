//! Files that are copied, not rendered: static/ (theme first, site over it), colocated page
//! and section assets, and Sass compiled to CSS.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::error::Diagnostic;
use crate::images::Images;
use crate::library::Library;
use crate::write::Sink;

fn rel_string(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn files_below(dir: &Path) -> Vec<PathBuf> {
    if !dir.is_dir() {
        return vec![];
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
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
    config: &Config,
    lib: &Library,
) -> Vec<CopyJob> {
    let mut jobs: Vec<(String, PathBuf)> = vec![];
    let mut static_dirs: Vec<PathBuf> = theme_dir.map(|t| t.join("static")).into_iter().collect();
    static_dirs.push(root.join("static"));
    for dir in &static_dirs {
        for f in files_below(dir) {
            let rel = f.strip_prefix(dir).unwrap_or(&f).to_path_buf();
            if !config.is_static_ignored(&rel) {
                jobs.push((rel_string(&rel), f));
            }
        }
    }
    // A later source of the same output (site static over theme static) wins.
    let mut seen = std::collections::HashSet::new();
    let mut unique: Vec<(String, PathBuf)> = jobs
        .into_iter()
        .rev()
        .filter(|(rel, _)| seen.insert(rel.clone()))
        .collect();
    let items = lib
        .pages
        .iter()
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
    config: &Config,
    lib: &Library,
    images: &Images,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    copy_jobs(root, theme_dir, config, lib)
        .par_iter()
        .filter_map(|j| {
            images
                .copy_private(&j.rel, &j.src, j.strip, j.link, sink)
                .err()
        })
        .collect()
}

/// Compiles `sass/` (when `compile_sass`) and the theme's `sass/` (always, as Zola does).
pub fn compile_sass(
    root: &Path,
    theme_dir: Option<&Path>,
    config: &Config,
    sink: &dyn Sink,
) -> Vec<Diagnostic> {
    let mut dirs = vec![];
    if let Some(t) = theme_dir {
        dirs.push(t.join("sass"));
    }
    if config.compile_sass {
        dirs.push(root.join("sass"));
    }
    let mut errors = vec![];
    for dir in dirs.iter().filter(|d| d.is_dir()) {
        for file in files_below(dir) {
            let is_sass = file.extension().is_some_and(|e| e == "scss" || e == "sass");
            let partial = file
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('_'));
            if !is_sass || partial {
                continue;
            }
            let options = grass::Options::default()
                .load_path(dir)
                .load_path(file.parent().unwrap_or(dir));
            match grass::from_path(&file, &options) {
                Ok(css) => {
                    let rel = rel_string(
                        &file
                            .strip_prefix(dir)
                            .unwrap_or(&file)
                            .with_extension("css"),
                    );
                    if let Err(e) = sink.write(&rel, css.as_bytes()) {
                        errors.push(Diagnostic::in_file(
                            &file,
                            format!("cannot write {rel}: {e}"),
                        ));
                    }
                }
                Err(e) => errors.push(
                    Diagnostic::in_file(&file, format!("Sass error: {e}"))
                        .with_hint("fix the Sass at the line shown"),
                ),
            }
        }
    }
    errors
}
