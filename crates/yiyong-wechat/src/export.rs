//! `yiyong wechat export`: every news page (or the ones named) as an article document and its
//! preview, in a folder of their own. Everything is made and checked first; if anything
//! fails, every problem is reported and nothing is written. The folder only ever gains or
//! updates files this exporter wrote: nothing is deleted, no symlink is written through, and
//! a file it did not write is never replaced.

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use yiyong_core::error::{Diagnostic, Error, Result};
use yiyong_core::{Options, Site};

use crate::article::{self, Article, Settings};
use crate::collect::{Collector, Source, Store};
use crate::document;

/// What the command was asked.
pub struct Request {
    /// Content paths (`news/a.md`); empty means every news page.
    pub pages: Vec<String>,
    /// The folder to write into (default: `public-wechat/` in the site).
    pub out: Option<PathBuf>,
    pub allow_private: bool,
}

/// What was written.
#[derive(Debug)]
pub struct Report {
    pub out: PathBuf,
    pub articles: usize,
    pub written: usize,
}

/// Loads the site as a build would (Markdown rendered, anonymity applied, privacy lint run),
/// keeps its news pages, makes the articles and writes them.
pub fn run(mut opts: Options, req: &Request) -> Result<Report> {
    let store = Store::default();
    // Last, so that it sees the page HTML after every other extension's changes.
    opts.extensions.0.push(std::sync::Arc::new(Collector {
        store: store.clone(),
    }));
    let root = opts.root.clone();
    // Only the rendered Markdown is read: no template values.
    opts.markdown_only = true;
    let t = std::time::Instant::now();
    let site = Site::load(&opts)?;
    timing("wechat: load and render Markdown", t);
    let t = std::time::Instant::now();
    let sources = select(store.take(), &req.pages, &root)?;
    let settings = Settings {
        allow_private: req.allow_private,
        api: false,
    };
    let look = crate::look::from_config(&site.config)?;
    let articles = article::build_with(&sources, &site.config, &root, settings, &look);
    let problems: Vec<Diagnostic> = articles.iter().flat_map(|a| a.problems.clone()).collect();
    timing("wechat: articles and checks", t);
    if !problems.is_empty() {
        return Err(Error::many(problems));
    }
    let t = std::time::Instant::now();
    let out = match &req.out {
        Some(o) => o.clone(),
        None => root.join("public-wechat"),
    };
    // The export never sets `--output-dir`, so the build's output is the config's.
    let build_out = root.join(&site.config.output_dir);
    check_out_dir(&out, &root, &build_out)?;
    let written = write_all(&out, &articles)?;
    timing("wechat: write", t);
    Ok(Report {
        out,
        articles: articles.len(),
        written,
    })
}

/// Stage times on stderr with `YIYONG_TIMING=1`, as the build prints its own.
fn timing(stage: &str, since: std::time::Instant) {
    if std::env::var_os("YIYONG_TIMING").is_some() {
        eprintln!("{stage}: {:.1} ms", since.elapsed().as_secs_f64() * 1000.0);
    }
}

/// The news pages asked for, in the order asked; every bad name reported at once.
pub(crate) fn select(all: Vec<Source>, asked: &[String], root: &Path) -> Result<Vec<Source>> {
    if asked.is_empty() {
        return Ok(all);
    }
    let mut chosen = vec![];
    let mut errors = vec![];
    for arg in asked {
        match find(&all, arg, root) {
            Ok(s) => chosen.push(s.clone()),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(chosen)
    } else {
        Err(Error::many(errors))
    }
}

fn find<'a>(
    all: &'a [Source],
    arg: &str,
    root: &Path,
) -> std::result::Result<&'a Source, Diagnostic> {
    let bad = |m: &str| {
        Diagnostic::new(format!("{arg}：{m}"))
            .with_hint("写 content/ 下的路径，例如 news/2025-07-21-national-conference.md")
    };
    let p = Path::new(arg);
    if p.is_absolute() || arg.contains('\\') {
        return Err(bad("请写相对于 content/ 的路径，不要写绝对路径"));
    }
    if p.components().any(|c| matches!(c, Component::ParentDir)) {
        return Err(bad("路径不能含有 “..”"));
    }
    let rel = arg.trim_start_matches("./");
    let rel = rel.strip_prefix("content/").unwrap_or(rel);
    let on_disk = root.join("content").join(rel);
    if std::fs::symlink_metadata(&on_disk).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(bad("这是一个符号链接，导出只接受真实的文件"));
    }
    match all.iter().find(|s| s.relative == rel) {
        Some(s) => Ok(s),
        None if on_disk.is_file() => Err(bad("不是新闻页面（只有新闻栏目下已发布的页面可以导出）")),
        None => Err(bad("找不到这个页面")),
    }
}

/// The export folder must not be, or lie inside, a folder of the site's sources or the
/// build's output (a build would then delete or publish the files), and not be a symlink.
fn check_out_dir(out: &Path, root: &Path, build_out: &Path) -> Result<()> {
    let fail = |m: String| -> Result<()> {
        Err(Diagnostic::new(m)
            .with_hint("换一个文件夹，例如默认的 public-wechat/；要在网站里放预览页，在 config.toml 的 [extra.yiyong.wechat] 中写 preview = true")
            .into())
    };
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return fail(format!("导出文件夹 {} 是符号链接，不会写入", out.display()));
    }
    if out.exists() && !out.is_dir() {
        return fail(format!(
            "导出位置 {} 已有同名文件，不是文件夹",
            out.display()
        ));
    }
    let abs = absolute(out);
    let root = absolute(root);
    let mut forbidden: Vec<PathBuf> = [
        "content",
        "templates",
        "static",
        "themes",
        "sass",
        "data",
        ".git",
        ".yiyong-cache",
        ".yiyong",
    ]
    .iter()
    .map(|d| root.join(d))
    .collect();
    forbidden.push(absolute(build_out));
    if abs == root || forbidden.iter().any(|f| abs.starts_with(f)) {
        return fail(format!(
            "不能导出到 {}：它是网站源文件或网站输出的文件夹",
            out.display()
        ));
    }
    Ok(())
}

/// The path with `.` and `..` worked out and symlinked parents followed where they exist.
fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // Canonicalize the longest existing ancestor, then add the rest.
    let mut existing = joined.clone();
    let mut rest = vec![];
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(n), Some(parent)) => {
                rest.push(n.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for n in rest.iter().rev() {
        if n == ".." {
            out.pop();
        } else if n != "." {
            out.push(n);
        }
    }
    out
}

/// Checks every target first (no symlink, no file of someone else's), then writes each file
/// whose bytes changed through a temporary file and a rename.
fn write_all(out: &Path, articles: &[Article]) -> Result<usize> {
    // Made and written in parallel: a first export of 5,000 news items writes 10,000 files,
    // and the file system calls were most of its time (docs/wechat-bench.md).
    let files: Vec<(PathBuf, &Article, bool)> = articles
        .iter()
        .flat_map(|a| {
            [
                (out.join(format!("{}.html", a.name)), a, false),
                (out.join(format!("{}.preview.html", a.name)), a, true),
            ]
        })
        .collect();
    let errors: Vec<Diagnostic> = files
        .par_iter()
        .filter_map(|(p, _, _)| refuse_target(p))
        .collect();
    if !errors.is_empty() {
        return Err(Error::many(errors));
    }
    std::fs::create_dir_all(out)
        .map_err(|e| Error::msg(format!("无法创建导出文件夹 {}：{e}", out.display())))?;
    // Made and compared with what is there in parallel; written one after the other, since
    // parallel file creation in one folder only contends for the folder's lock (3 s of
    // system time against 1 s, measured on 10,000 new files).
    let changed: Vec<(&PathBuf, String)> = files
        .par_iter()
        .filter_map(|(path, a, preview)| {
            let text = match preview {
                true => document::preview(a),
                false => document::article(a),
            };
            let same = std::fs::read(path).is_ok_and(|old| old == text.as_bytes());
            (!same).then_some((path, text))
        })
        .collect();
    for (path, text) in &changed {
        write_through_temporary(path, text).map_err(Error::from)?;
    }
    Ok(changed.len())
}

/// Writes `text` to `path` through a temporary file, so that neither a reader nor a killed
/// run leaves half a file (which the next run would refuse as not its own, `refuse_target`).
fn write_through_temporary(path: &Path, text: &str) -> std::result::Result<(), Diagnostic> {
    let tmp = path.with_extension("html.yiyong-tmp");
    std::fs::write(&tmp, text)
        .and_then(|_| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            Diagnostic::new(format!("无法写入 {}：{e}", path.display()))
        })
}

/// Why a target may not be written: a symlink, a folder, or a file this exporter did not write.
fn refuse_target(path: &Path) -> Option<Diagnostic> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    let name = path.display();
    let hint = "把这个文件移走，或换一个导出文件夹";
    if meta.file_type().is_symlink() {
        return Some(Diagnostic::new(format!("{name} 是符号链接，不会写入")).with_hint(hint));
    }
    if !meta.is_file() {
        return Some(Diagnostic::new(format!("{name} 已存在且不是文件")).with_hint(hint));
    }
    let mut head = vec![0u8; 4096];
    let n = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    let ours = String::from_utf8_lossy(&head[..n]).contains(document::GENERATOR);
    (!ours).then(|| {
        Diagnostic::new(format!("{name} 已存在，且不是 yiyong 导出的文件，不会覆盖"))
            .with_hint(hint)
    })
}
