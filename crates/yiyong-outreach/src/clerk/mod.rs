//! Mistakes explained in the clerk's words.
//!
//! The core parses front matter as TOML and, when it fails, says what TOML's parser saw
//! ("string values must be quoted") with a generic hint. For a file typed with a Chinese input
//! method that points the wrong way: “…” already looks like quotes to the clerk. `explain`
//! takes the core's diagnostics after a build and, for each front matter error, reads the file
//! again with the pre-pass (`scan`), which names exactly what was typed, on which line, and
//! what to type instead; every mistake of the file at once, where TOML stops at the first.
//! It only rewrites errors the core already found: a file that builds is never refused.
//!
//! This sits beside the parse rather than inside the core on purpose: the core stays a Zola
//! builder with no clerk or Chinese in it, and the CLI calls `explain` on what a build
//! returns (`build`, `check`).

pub mod dates;
pub mod scan;
pub mod text;

use std::path::Path;

use yiyong_core::error::Diagnostic;

use crate::i18n::is_zh;
use crate::suggest::did_you_mean;
use text as t;

/// Field names as a clerk might write them in Chinese, and the key they mean.
const CHINESE_KEYS: &[(&str, &str)] = &[
    ("标题", "title"),
    ("题目", "title"),
    ("日期", "date"),
    ("时间", "date"),
    ("草稿", "draft"),
    ("简介", "description"),
    ("描述", "description"),
    ("姓名", "name"),
    ("名字", "name"),
    ("类型", "kind"),
    ("事迹日期", "deed_date"),
    ("事迹时间", "deed_date"),
    ("事迹地点", "deed_place"),
    ("地区", "district"),
    ("区县", "district"),
    ("事迹", "summary"),
    ("状态", "status"),
    ("照片", "photo"),
    ("匿名", "anonymous"),
    ("年龄", "age"),
    ("出生年份", "birth_year"),
    ("荣誉", "honours"),
    ("级别", "level"),
    ("年份", "year"),
    ("地址", "address"),
    ("坐标", "coordinates"),
    ("纬度", "lat"),
    ("经度", "lon"),
    ("开放时间", "hours"),
    ("开始", "start"),
    ("开始时间", "start"),
    ("结束", "end"),
    ("结束时间", "end"),
    ("地点", "venue"),
    ("主办单位", "organizer"),
    ("主办", "organizer"),
    ("报名", "registration"),
    ("报名方式", "registration"),
    ("来源", "source"),
    ("作者", "author"),
    ("摄影", "photographer"),
    ("封面", "cover"),
];

/// The English key a Chinese field name stands for.
pub fn key_for_chinese(typed: &str) -> Option<&'static str> {
    let typed = typed.trim().trim_matches(['"', '\'']);
    CHINESE_KEYS
        .iter()
        .find(|(zh, _)| *zh == typed)
        .map(|(_, en)| *en)
}

/// The keys a page's front matter reads (Zola's, plus `extra` and `taxonomies`).
const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "weight",
    "draft",
    "render",
    "slug",
    "path",
    "authors",
    "aliases",
    "template",
    "in_search_index",
    "taxonomies",
    "extra",
];

fn is_content(d: &Diagnostic) -> bool {
    d.file
        .as_deref()
        .is_some_and(|f| f.extension().is_some_and(|e| e == "md"))
}

/// A config file's TOML error (the core passes TOML's message on as it is) explained by the
/// pre-pass, when the pre-pass finds a mistake on the line TOML stopped at.
fn explain_config(d: Diagnostic) -> Vec<Diagnostic> {
    let is_toml = d
        .file
        .as_deref()
        .is_some_and(|f| f.extension().is_some_and(|e| e == "toml"));
    let (Some(file), Some(line), true) = (d.file.clone(), d.line, is_toml) else {
        return vec![d];
    };
    let found = scan::scan_toml(&std::fs::read_to_string(&file).unwrap_or_default());
    if !found.iter().any(|f| f.line == line) {
        return vec![d];
    }
    found
        .into_iter()
        .map(|f| at(&file, Some(f.line), f.message, f.hint))
        .collect()
}

fn at(file: &Path, line: Option<usize>, message: String, hint: Option<String>) -> Diagnostic {
    Diagnostic {
        file: Some(file.to_path_buf()),
        line,
        message,
        hint,
    }
}

/// The core's diagnostics with each front matter mistake explained in the clerk's words (and
/// in Chinese when that is the language); the others as they were.
pub fn explain(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        if !is_content(&d) {
            out.extend(explain_config(d));
            continue;
        }
        out.extend(explain_one(d));
    }
    out
}

fn explain_one(d: Diagnostic) -> Vec<Diagnostic> {
    let Some(file) = d.file.clone() else {
        return vec![d];
    };
    let read = || std::fs::read_to_string(&file).unwrap_or_default();
    if let Some(detail) = d.message.strip_prefix("invalid TOML front matter: ") {
        let found = scan::scan(&read());
        let first = found.iter().map(|f| f.line).min();
        let mut out = vec![];
        // An error TOML met before any the pre-pass knows is a different mistake: kept.
        if first.is_none_or(|l| d.line.is_some_and(|e| e < l)) {
            out.push(if is_zh() {
                at(
                    &file,
                    d.line,
                    t::TOML_GENERIC.fmt(&[("detail", &detail)]),
                    Some(t::TOML_GENERIC_HINT.text().into()),
                )
            } else {
                d.clone()
            });
        }
        out.extend(
            found
                .into_iter()
                .map(|f| at(&file, Some(f.line), f.message, f.hint)),
        );
        return out;
    }
    if d.message.starts_with("front matter is not closed") {
        let text = read();
        if let Some(line) = full_width_fence(&text, 2) {
            return vec![fence(&file, line)];
        }
        if is_zh() {
            let hint = Some(t::UNCLOSED_HINT.text().into());
            return vec![at(&file, d.line, t::UNCLOSED.text().into(), hint)];
        }
        return vec![d];
    }
    if d.message.starts_with("no front matter found") {
        let text = read();
        let text = text.trim_start_matches('\u{feff}');
        if let Some(line) = full_width_fence(text, 1) {
            return vec![fence(&file, line)];
        }
        let (m, h) = match text.trim().is_empty() {
            true => (t::EMPTY_FILE, t::EMPTY_FILE_HINT),
            false => (t::NO_FRONT_MATTER, t::NO_FRONT_MATTER_HINT),
        };
        if is_zh() || text.trim().is_empty() {
            return vec![at(&file, d.line, m.text().into(), Some(h.text().into()))];
        }
        return vec![d];
    }
    // The site's own language only (another language's taxonomies are named differently, and
    // so is the core's hint for them, which is kept).
    let taxonomy = d
        .message
        .strip_prefix("unknown taxonomy `")
        .and_then(|r| r.strip_suffix('`'))
        .filter(|t| !t.contains('`'));
    let listed = d
        .hint
        .as_deref()
        .and_then(|h| h.strip_prefix("the taxonomies in config.toml are: "));
    if let (Some(typed), Some(list)) = (taxonomy, listed) {
        let list = list.to_string();
        let names: Vec<&str> = list.split(", ").filter(|n| !n.is_empty()).collect();
        let hint = match did_you_mean(typed, &names) {
            Some(g) => t::TAXONOMY_GUESS.fmt(&[("fix", &g), ("list", &list)]),
            None => t::TAXONOMY_LIST.fmt(&[("list", &list)]),
        };
        let message = t::TAXONOMY_UNKNOWN.fmt(&[("typed", &typed)]);
        return vec![at(&file, d.line, message, Some(hint))];
    }
    if let Some((key, typed)) = core_bad_date(&d.message) {
        let clerk = dates::hint(typed);
        let message = match &clerk {
            Some(h) if is_zh() => t::DATE_WRONG.fmt(&[("typed", &typed), ("problem", &h.problem)]),
            _ if is_zh() => t::CORE_BAD_DATE.fmt(&[("key", &key), ("typed", &typed)]),
            _ => d.message.clone(),
        };
        let fix = match clerk.as_ref().and_then(|h| h.fixed.as_ref()) {
            Some(f) => t::DATE_FIX.fmt(&[("line", &format!("{key} = {f}"))]),
            None => t::DATE_FIX_GENERIC.fmt(&[("key", &key)]),
        };
        let hint = match (&clerk, is_zh()) {
            (Some(h), false) => format!("{}; {fix}", h.problem),
            _ => fix,
        };
        return vec![at(&file, d.line, message, Some(hint))];
    }
    vec![d]
}

/// The first `＋＋＋` line among the first `n` fence lines a file should have.
fn full_width_fence(text: &str, n: usize) -> Option<usize> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim();
            l == "+++" || l == "＋＋＋"
        })
        .take(n)
        .find(|(_, l)| l.trim() == "＋＋＋")
        .map(|(i, _)| i + 1)
}

fn fence(file: &Path, line: usize) -> Diagnostic {
    let message = t::FULL_WIDTH.fmt(&[
        ("what", &t::FW_PLUS.text()),
        ("typed", &"＋＋＋"),
        ("instead", &t::ASCII_PLUS.text()),
        ("fix", &"+++"),
    ]);
    let hint = t::FULL_WIDTH_HINT.fmt(&[("line", &"+++")]);
    at(file, Some(line), message, Some(hint))
}

/// The key and the text of the core's "`date` is not a valid date: X".
fn core_bad_date(message: &str) -> Option<(&str, &str)> {
    let rest = message.strip_prefix('`')?;
    let (key, rest) = rest.split_once('`')?;
    let typed = rest.strip_prefix(" is not a valid date: ")?;
    Some((key, typed.trim()))
}

/// The core's warnings with a "did you mean" for a misspelt page key (`descripton`), and in
/// Chinese when that is the language.
pub fn explain_warnings(warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    warnings
        .into_iter()
        .map(|d| {
            let Some(key) = d
                .message
                .strip_prefix('`')
                .and_then(|r| r.split_once("` is not a page front matter key"))
                .map(|(k, _)| k.to_string())
            else {
                return d;
            };
            // The core's own hint for a key it knows (`author`: Zola's is `authors`) is kept;
            // its generic "remove it, or move it under [extra]" gives way to a close key.
            let generic = d.hint.as_deref().is_none_or(|h| h.starts_with("remove it"));
            let guess = did_you_mean(&key, PAGE_KEYS).or(key_for_chinese(&key));
            let hint = match guess {
                Some(g) if generic => Some(t::IGNORED_KEY_GUESS.fmt(&[("fix", &g)])),
                _ if generic && is_zh() => Some(t::IGNORED_KEY_HINT.fmt(&[("key", &key)])),
                _ => d.hint.clone(),
            };
            let message = match is_zh() {
                true => t::IGNORED_KEY.fmt(&[("key", &key)]),
                false => d.message.clone(),
            };
            Diagnostic { message, hint, ..d }
        })
        .collect()
}

#[cfg(test)]
mod tests;
