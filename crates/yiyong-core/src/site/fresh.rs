//! A build whose inputs have not changed since the last successful build of the same output,
//! into an output that is still exactly what that build wrote, is skipped: it would write the
//! same bytes. This is what makes "rebuild with nothing changed" cost a walk of the inputs and
//! a look at the outputs instead of a whole build (issue 21: ≤ 0.6 s at 10,000 heroes).
//!
//! The inputs, hashed into one fingerprint:
//! - every file below the site root (path, size, modification and change time, mode, inode),
//!   following links, except
//!   the output, the caches and the stage (`.yiyong-cache`, `.yiyong-stage-*`), the sync
//!   state (`.yiyong`), `.git` and `node_modules` folders and a top-level `target`;
//! - a `--config` file outside the root;
//! - the options that change the output (`--base-url`, `--drafts`, `--minify`, the output
//!   folder) and the `YIYONG_*` environment variables but those that only change what is
//!   printed (`YIYONG_TIMING`, `YIYONG_LANG`, the WeChat account's);
//! - the running program (its size and modification time);
//! - today's date in Beijing time: pages that show upcoming events or "this year" change with
//!   the date, so the first build of each day is always a whole one.
//!
//! A site whose templates read the environment (`get_env`) or another host (`load_data` with a
//! `url`) is never skipped: those inputs cannot be seen from here. Neither is `--profile`.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::{BuildReport, Options};
use crate::config::Config;
use crate::error::Diagnostic;

/// `YIYONG_*` variables that change what is printed or sent, never the output.
const PRINT_ONLY: &[&str] = &["YIYONG_TIMING", "YIYONG_LANG", "YIYONG_WECHAT_"];

/// The record of the last successful build: its inputs' fingerprint and what it reported.
pub(super) struct Record {
    pub fingerprint: u64,
    pub pages: usize,
    pub sections: usize,
    pub drafts: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Where the record is kept: beside the output's manifest in the site's cache.
pub(super) fn record_path(manifest: &Path) -> PathBuf {
    manifest.with_extension("inputs")
}

/// The fingerprint of everything the build reads, or `None` when it cannot be known.
pub(super) fn fingerprint(opts: &Options, config: &Config, out: &Path) -> Option<u64> {
    if opts.profile || reads_the_unseen(&opts.root, config) {
        return None;
    }
    let mut h = crate::write::hasher_for_inputs();
    let exe = std::env::current_exe().ok()?;
    stamp(&mut h, &exe);
    let options = format!(
        "{:?}|{}|{}|{:?}|{:?}",
        opts.base_url, opts.drafts, opts.minify, opts.config_file, out
    );
    h.write(options.as_bytes());
    let mut env: Vec<(String, String)> = std::env::vars()
        .filter(|(k, _)| k.starts_with("YIYONG_") && !PRINT_ONLY.iter().any(|p| k.starts_with(p)))
        .collect();
    env.sort();
    h.write(format!("{env:?}").as_bytes());
    let beijing = chrono::Utc::now() + chrono::Duration::hours(8);
    h.write(beijing.format("%Y-%m-%d").to_string().as_bytes());
    if let Some(f) = opts.config_file.as_ref().filter(|f| f.is_absolute()) {
        stamp(&mut h, f);
    }
    walk(&mut h, &opts.root, out);
    Some(h.finish())
}

/// Hashes every input file's path, size and modification time, in a stable order.
fn walk(h: &mut impl Hasher, root: &Path, out: &Path) {
    let out = std::fs::canonicalize(out).unwrap_or_else(|_| out.to_path_buf());
    let skipped_at_top = ["target", ".yiyong-cache", ".yiyong"];
    let entries = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            let top = e.depth() == 1;
            let skipped = name == ".git"
                || name == "node_modules"
                || (top
                    && (skipped_at_top.contains(&name.as_ref())
                        || name.starts_with(".yiyong-stage-")))
                // The output is a folder: only folders are resolved (a file's realpath was
                // a getcwd and a readlink per path component, 66,000 calls at 10,000 heroes).
                || (e.file_type().is_dir()
                    && std::fs::canonicalize(e.path()).is_ok_and(|p| p == out));
            !skipped
        });
    // The files' metadata is read on every core, then hashed in the walk's order: one `stat`
    // after another (16,500 at 10,000 heroes) was most of this walk, which runs on its own
    // before anything else of a build can start.
    let entries: Vec<_> = entries.collect();
    let metadata: Vec<Option<std::fs::Metadata>> = {
        use rayon::prelude::*;
        entries
            .par_iter()
            .map(|e| match e {
                Ok(e) if !e.file_type().is_dir() => std::fs::metadata(e.path()).ok(),
                _ => None,
            })
            .collect()
    };
    for (entry, meta) in entries.into_iter().zip(metadata) {
        match entry {
            // Folders by name; everything else (sockets and pipes too, which the build
            // refuses) by its path, size and time.
            Ok(e) if e.file_type().is_dir() => h.write(e.path().as_os_str().as_encoded_bytes()),
            Ok(e) => stamp_with(h, e.path(), meta.as_ref()),
            // A loop of links or an unreadable folder: noted, so that it is not taken as
            // "nothing there"; the build itself reports it.
            Err(e) => h.write(format!("error:{e}").as_bytes()),
        }
    }
}

fn stamp(h: &mut impl Hasher, file: &Path) {
    stamp_with(h, file, std::fs::metadata(file).ok().as_ref());
}

/// `stamp` with the file's metadata read already (`None`: it could not be).
fn stamp_with(h: &mut impl Hasher, file: &Path, meta: Option<&std::fs::Metadata>) {
    h.write(file.as_os_str().as_encoded_bytes());
    match meta {
        Some(m) => {
            h.write_u64(m.len());
            h.write_u128(crate::write::mtime_of(m));
            // The change time and mode too: `chmod` (a file made unreadable must fail the
            // next build, as a whole build would) and a file replaced by one of the same size
            // and time change neither size nor modification time.
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                h.write_i64(m.ctime());
                h.write_i64(m.ctime_nsec());
                h.write_u32(m.mode());
                h.write_u64(m.ino());
            }
        }
        None => h.write_u8(0),
    }
}

/// Whether a template reads something no file below the root shows: the environment, or
/// another host through `load_data(url=…)`.
fn reads_the_unseen(root: &Path, config: &Config) -> bool {
    let mut dirs = vec![root.join("templates")];
    if let Some(theme) = config.theme.as_deref().filter(|t| !t.is_empty()) {
        dirs.push(root.join("themes").join(theme).join("templates"));
    }
    dirs.iter().any(|d| {
        walkdir::WalkDir::new(d)
            .follow_links(true)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .any(|e| {
                let text = std::fs::read_to_string(e.path()).unwrap_or_default();
                let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                squeezed.contains("get_env(")
                    || (squeezed.contains("load_data(") && squeezed.contains("url="))
            })
    })
}

pub(super) fn load(path: &Path) -> Option<Record> {
    let v: Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    let count = |k: &str| v[k].as_u64().map(|n| n as usize);
    let warnings = v["warnings"]
        .as_array()?
        .iter()
        .map(|w| Diagnostic {
            file: w["file"].as_str().map(PathBuf::from),
            line: w["line"].as_u64().map(|n| n as usize),
            message: w["message"].as_str().unwrap_or_default().to_string(),
            hint: w["hint"].as_str().map(String::from),
        })
        .collect();
    Some(Record {
        fingerprint: u64::from_str_radix(v["fingerprint"].as_str()?, 16).ok()?,
        pages: count("pages")?,
        sections: count("sections")?,
        drafts: count("drafts")?,
        warnings,
    })
}

/// Saved after a successful build (through a temporary file: a cut record is no record).
pub(super) fn save(path: &Path, fingerprint: u64, report: &BuildReport) {
    let warnings: Vec<Value> = report
        .warnings
        .iter()
        .map(|w| json!({"file": w.file, "line": w.line, "message": w.message, "hint": w.hint}))
        .collect();
    let v = json!({
        "fingerprint": format!("{fingerprint:016x}"),
        "pages": report.pages, "sections": report.sections, "drafts": report.drafts,
        "warnings": warnings,
    });
    let tmp = path.with_extension("inputs-tmp");
    let saved = std::fs::write(&tmp, v.to_string()).and_then(|_| std::fs::rename(&tmp, path));
    if saved.is_err() {
        // Only the next build's shortcut is lost.
        let _ = std::fs::remove_file(&tmp);
        let _ = std::fs::remove_file(path);
    }
}
