//! The privacy lint: hero stories are about real people, so the site must not publish their ID
//! numbers or phone numbers (PIPL Art. 25/28). It reads every page and section file as written
//! (front matter, text and HTML comments alike) and the data files a template can load, and
//! reports with file and line, printing numbers only masked. ID and mobile numbers are errors
//! (the build refuses to publish); the rest are warnings. See `detect` for the rules.

pub mod allow;
pub mod detect;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;
use serde_json::Value;

use crate::messages as m;
use allow::Entry;
use detect::{Finding, Rule};
use yiyong_core::error::{line_of_key, Diagnostic, Lines};
use yiyong_core::extension::Report as Lint;
use yiyong_core::Config;
use yiyong_core::Library;

/// Extensions of the files `load_data` reads as data, besides Markdown content.
const DATA_EXTENSIONS: &[&str] = &["toml", "json", "csv", "yaml", "yml", "xml", "txt"];

/// A file to read, with what the library knows about it when it is content.
struct Source<'a> {
    path: PathBuf,
    /// The text the build read (`FileInfo::text`), else the file is read here.
    text: Option<&'a str>,
    extra: Option<&'a serde_json::Map<String, Value>>,
    hero: bool,
    date: Option<NaiveDate>,
}

/// Runs the lint over the site, or only over `only` (an edit in `serve`).
/// Also returns the numbers (their digits) that an allow list let through, which the final
/// sweep of the outputs lets through too.
pub fn run(
    root: &Path,
    lib: &Library,
    config: &Config,
    only: Option<&[PathBuf]>,
) -> (Lint, HashSet<String>) {
    let config_file = yiyong_core::find_config_file(root);
    let (site_allow, mut errors) = allow::site(config, &config_file);
    let sections = super::Sections::from_config(config);
    // The pages' sources are listed on every core while one walks the folders for data
    // files: both ran on one core, the walk alone some 5 ms at 10,000 heroes.
    let (mut sources, data) = rayon::join(
        || {
            let pages = lib.pages.par_iter().map(|p| Source {
                path: p.file.path.clone(),
                text: p.file.text.as_deref(),
                extra: Some(&p.meta.extra),
                hero: sections.type_of(p) == Some("hero"),
                date: p.datetime.map(|d| d.date()),
            });
            let section_files = lib.sections.par_iter().map(|s| Source {
                path: s.file.path.clone(),
                text: s.file.text.as_deref(),
                extra: Some(&s.meta.extra),
                hero: false,
                date: None,
            });
            pages.chain(section_files).collect::<Vec<Source>>()
        },
        || only.is_none().then(|| data_files(root, config)),
    );
    match only {
        Some(files) => sources.retain(|s| files.iter().any(|f| same_file(f, &s.path))),
        // (`same_file` compares names before it asks the file system: at 16,000 sources,
        // canonicalizing each cost 200 ms of every `serve` update.)
        None => sources.extend(data.unwrap_or_default().into_iter().map(|path| Source {
            path,
            text: None,
            extra: None,
            hero: false,
            date: None,
        })),
    }
    let today = chrono::Local::now().date_naive();
    let results: Vec<(Lint, Vec<String>)> = sources
        .par_iter()
        .map(|s| lint_file(s, &site_allow, today))
        .collect();
    let mut lint = Lint::default();
    let mut allowed: HashSet<String> = site_allow
        .iter()
        .filter_map(|e| match e {
            Entry::Number(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    for (r, keys) in results {
        allowed.extend(keys);
        errors.extend(r.errors);
        lint.warnings.extend(r.warnings);
        lint.notes.extend(r.notes);
    }
    lint.errors = errors;
    if !site_allow.is_empty() && only.is_none() {
        let list: Vec<String> = site_allow.iter().map(allow::shown).collect();
        lint.notes.insert(
            0,
            format!(
                "{}: [extra.yiyong.privacy] allow (whole site): {}",
                config_file.display(),
                list.join(", ")
            ),
        );
    }
    (lint, allowed)
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b
        || (a.file_name() == b.file_name()
            && std::fs::canonicalize(a).ok() == std::fs::canonicalize(b).ok())
}

/// Files a template can read with `load_data` and that may be published: everything of the
/// data kinds below `data/`, `static/`, the theme's `static/` and `content/`, and at the root.
fn data_files(root: &Path, config: &Config) -> Vec<PathBuf> {
    let is_data = |p: &Path| {
        p.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| DATA_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
    };
    let mut dirs = vec![root.join("data"), root.join("static"), root.join("content")];
    if let Some(theme) = config.theme.as_deref().filter(|t| !t.is_empty()) {
        dirs.push(root.join("themes").join(theme).join("static"));
    }
    let mut files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| walkdir::WalkDir::new(d).follow_links(false))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file() && is_data(e.path()))
        .map(|e| e.into_path())
        .collect();
    if let Ok(entries) = std::fs::read_dir(root) {
        let mut top: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.path())
            .filter(|p| is_data(p))
            .collect();
        top.sort();
        files.extend(top);
    }
    files
}

fn lint_file(s: &Source, site_allow: &[Entry], today: NaiveDate) -> (Lint, Vec<String>) {
    let mut lint = Lint::default();
    let mut allowed = vec![];
    let read;
    let text: &str = match s.text {
        Some(t) => t,
        None => match std::fs::read(&s.path) {
            Ok(bytes) => {
                read = String::from_utf8(bytes)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
                &read
            }
            Err(_) => return (lint, allowed),
        },
    };
    let opt_out = match s.extra.map(|e| allow::page(e, &s.path, text)) {
        Some(Err(d)) => {
            lint.errors.push(d);
            None
        }
        Some(Ok(o)) => o,
        None => None,
    };
    let page_allows = |id: &str, f: Option<&Finding>| {
        opt_out
            .as_ref()
            .is_some_and(|o| allow::allows(&o.entries, id, f))
    };
    let mut lines = Lines::new(text);
    for f in detect::scan(text, today) {
        let id = f.rule.id();
        if allow::allows(site_allow, id, Some(&f)) || page_allows(id, Some(&f)) {
            allowed.push(f.key);
            continue;
        }
        let (message, hint) = describe(&f);
        let d = Diagnostic::in_file(&s.path, message)
            .at_line(Some(lines.at(f.start)))
            .with_hint(hint);
        if f.rule.is_error() {
            lint.errors.push(d);
        } else {
            lint.warnings.push(d);
        }
    }
    if s.hero && !page_allows("minor", None) {
        lint.warnings.extend(minor(s, text));
    }
    if let Some(o) = &opt_out {
        let list: Vec<String> = o.entries.iter().map(allow::shown).collect();
        lint.notes.push(format!(
            "{}: allows {} — reason 理由: {}",
            s.path.display(),
            list.join(", "),
            o.reason
        ));
    }
    (lint, allowed)
}

/// A hint, then the opt-out for numbers that are not personal, in the staff's language.
fn with_opt_out(hint: String) -> String {
    let sep = if crate::i18n::is_zh() { "；" } else { "; " };
    format!("{hint}{sep}{}", m::PRIVACY_OPT_OUT.text())
}

/// The message (Chinese first: staff read it) and the hint of a finding (in the staff's
/// language, from the catalogue).
fn describe(f: &Finding) -> (String, String) {
    let masked = &f.masked;
    let hint = |msg: crate::i18n::Msg| msg.fmt(&[("m", masked)]);
    match f.rule {
        Rule::IdNumber => (
            format!("身份证号码 {masked} 不能发布（resident ID number）；请删除或改为 {masked} 的遮挡形式"),
            hint(m::PRIVACY_ID_HINT),
        ),
        Rule::Mobile => (
            format!("手机号码 {masked} 不能发布（mobile number）；请删除或改为 {masked} 的遮挡形式"),
            with_opt_out(hint(m::PRIVACY_MOBILE_HINT)),
        ),
        Rule::IdNumberTypo => (
            format!("疑似身份证号码 {masked}，校验位或地区码不符（looks like an ID number with a typo）；如是身份证号请删除或遮挡"),
            with_opt_out(hint(m::PRIVACY_TYPO_HINT)),
        ),
        Rule::IdNumber15 => (
            format!("疑似15位身份证号码 {masked}（old 15-digit ID number）；请删除或改为 {masked} 的遮挡形式"),
            with_opt_out(hint(m::PRIVACY_MASK_HINT)),
        ),
        Rule::BankCard => (
            format!("疑似银行卡号 {masked}（bank card number）；请删除或改为 {masked} 的遮挡形式"),
            with_opt_out(hint(m::PRIVACY_MASK_HINT)),
        ),
        Rule::HomeAddress => (
            format!("住址精确到门牌 {masked}（home address down to the door）；请只写到街道或小区"),
            m::PRIVACY_ADDRESS_HINT.text().into(),
        ),
    }
}

/// A hero who may have been under 14 at the deed (PIPL Art. 28/31, 未成年人保护法 Art. 49),
/// shown by name: `minor = true`, `age` under 14, or `birth_year` within 14 years of the deed
/// (or of the page date), unless `anonymous = true`.
fn minor(s: &Source, text: &str) -> Option<Diagnostic> {
    let hero = s.extra?.get("hero")?;
    if hero.get("anonymous").and_then(Value::as_bool) == Some(true) {
        return None;
    }
    let deed_year = hero
        .get("deed_date")
        .and_then(Value::as_str)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .or(s.date)
        .map(|d| i64::from(d.year()));
    let (key, why) = if hero.get("minor").and_then(Value::as_bool) == Some(true) {
        ("minor", "minor = true".to_string())
    } else if let Some(age) = hero.get("age").and_then(Value::as_i64).filter(|a| *a < 14) {
        ("age", format!("age = {age}"))
    } else {
        let born = hero.get("birth_year").and_then(Value::as_i64)?;
        let deed = deed_year.filter(|d| d - born <= 14)?;
        ("birth_year", format!("born {born}, deed in {deed}"))
    };
    let line = line_of_key(text, key);
    Some(
        Diagnostic::in_file(&s.path, format!(
            "英模事迹发生时可能未满14周岁（{why}），且没有匿名（a hero who may be under 14 is named）；请设 anonymous = true"
        ))
        .at_line(line)
        .with_hint("set `anonymous = true` in [extra.hero]; with the guardian's consent, add \"minor\" to [extra.privacy] allow with a reason"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(path: &str, text: Option<&'static str>) -> Source<'static> {
        Source {
            path: PathBuf::from(path),
            text,
            extra: None,
            hero: false,
            date: None,
        }
    }

    #[test]
    fn the_text_the_build_read_is_linted_without_reading_the_file_again() {
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        // No such file: the finding can only come from the text handed over.
        let kept = source("/nonexistent/hero.md", Some("身份证号 11010519491231002X"));
        let (lint, _) = lint_file(&kept, &[], today);
        assert_eq!(lint.errors.len(), 1, "{:?}", lint.errors);
        // Without a text, the file is read (here: cannot be, so nothing is found).
        let (lint, _) = lint_file(&source("/nonexistent/hero.md", None), &[], today);
        assert!(lint.errors.is_empty());
    }
}
