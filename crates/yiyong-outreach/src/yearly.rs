//! Declared yearly figures (年度申报数据): `data/yearly/2024.toml`, the numbers an association
//! reports in its work summary (seed 000: 342 teams, 6,538 volunteers, 188 media reports…).
//! They are not counts of this site's pages, and the theme labels them apart from what the
//! site holds (本站收录), so that the two never contradict each other silently.
//!
//! The file is checked like a page: unknown keys, negative numbers and non-numbers are errors
//! naming the file and line; full-width digits (「６５３８」) and amounts like 「9万元」 are read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};
use yiyong_core::error::{line_of_key, Diagnostic};

use crate::catalog::yuan_text;
use crate::messages as m;
use crate::schema::{self, PLACE_KINDS};
use crate::suggest::did_you_mean;

/// The counts a file may declare: key, Chinese label, unit.
pub const COUNTS: &[(&str, &str, &str)] = &[
    ("teams", "志愿者队伍", "支"),
    ("volunteers", "志愿者", "人"),
    ("heroes_honoured", "表彰见义勇为人员", "人"),
    ("media_reports", "媒体宣传报道", "篇"),
    ("douyin_videos", "抖音视频", "期"),
    ("wechat_posts", "微信公众号文章", "期"),
    ("website_news", "网站工作动态", "篇"),
];
/// Amounts in yuan.
const AMOUNTS: &[(&str, &str)] = &[("relief_paid", "发放救助金")];
/// Text about the figures: where they come from, a note.
const TEXTS: &[&str] = &["source", "note"];

/// The folder of the files, below the site's.
fn folder(root: &Path) -> PathBuf {
    root.join("data").join("yearly")
}

/// The `.toml` files of the folder, by name.
fn files(root: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder(root)) else {
        return vec![];
    };
    let mut list: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    list.sort();
    list
}

/// The year a file is named after (`2024.toml`).
fn year_of(path: &Path) -> Option<i64> {
    let stem = path.file_stem()?.to_str()?;
    let year: i64 = stem.parse().ok()?;
    (stem.len() == 4 && (1949..=2100).contains(&year)).then_some(year)
}

/// A whole count of 0 or more, typed as a number or as text with full-width digits.
fn count(v: &Value) -> Option<u64> {
    let n = match v {
        Value::String(_) => schema::number(v)?,
        _ => v.as_f64()?,
    };
    (n >= 0.0 && n.fract() == 0.0).then_some(n as u64)
}

/// One file read: the figures for templates, and each problem as (key, message).
fn read(text: &str, year: i64) -> (Value, Vec<(String, String)>) {
    let mut problems = vec![];
    let table: toml::Table = match toml::from_str(text) {
        Ok(t) => t,
        Err(e) => {
            let reason = e.message().to_string();
            let at = e.span().map(|s| text[..s.start].lines().count().max(1));
            let key = at.map(|l| format!("#{l}")).unwrap_or_default();
            problems.push((key, m::YEARLY_TOML.fmt(&[("reason", &reason)])));
            return (Value::Null, problems);
        }
    };
    let mut out = Map::new();
    let mut figures = vec![];
    out.insert("year".into(), json!(year));
    for (key, v) in &table {
        let v = toml_to_json(v);
        let typed = || v.to_string();
        if let Some((_, label, unit)) = COUNTS.iter().find(|(k, ..)| k == key) {
            match count(&v) {
                Some(n) => {
                    out.insert(key.clone(), json!(n));
                    figures.push(figure(key, label, n, format!("{n}{unit}")));
                }
                None => problems.push((key.clone(), bad_count(key, &typed()))),
            }
        } else if let Some((_, label)) = AMOUNTS.iter().find(|(k, _)| k == key) {
            match schema::amount(&v) {
                Some(n) => {
                    out.insert(key.clone(), json!(n as u64));
                    figures.push(figure(key, label, n as u64, yuan_text(n)));
                }
                None => {
                    let msg = m::AMOUNT.fmt(&[("key", &key), ("typed", &typed())]);
                    problems.push((key.clone(), msg));
                }
            }
        } else if TEXTS.contains(&key.as_str()) && v.is_string() {
            out.insert(key.clone(), v.clone());
        } else if key == "places" {
            let places = read_places(&v, &mut problems);
            let total: u64 = places.iter().filter_map(|p| p["count"].as_u64()).sum();
            out.insert("places".into(), Value::Array(places));
            out.insert("places_total".into(), json!(total));
        } else {
            problems.push((key.clone(), unknown(key)));
        }
    }
    // In the order of `COUNTS`, then the amounts: the same order on every page.
    let order = |k: &str| {
        let keys = COUNTS
            .iter()
            .map(|c| c.0)
            .chain(AMOUNTS.iter().map(|a| a.0));
        keys.into_iter().position(|c| c == k).unwrap_or(usize::MAX)
    };
    figures.sort_by_key(|f| order(f["key"].as_str().unwrap_or("")));
    out.insert("figures".into(), Value::Array(figures));
    (Value::Object(out), problems)
}

fn figure(key: &str, label: &str, value: u64, text: String) -> Value {
    json!({"key": key, "label": label, "value": value, "text": text})
}

fn bad_count(key: &str, typed: &str) -> String {
    m::YEARLY_COUNT.fmt(&[("key", &key), ("typed", &typed)])
}

fn unknown(key: &str) -> String {
    let mut known: Vec<&str> = COUNTS.iter().map(|c| c.0).collect();
    known.extend(AMOUNTS.iter().map(|a| a.0));
    known.extend(TEXTS);
    known.push("places");
    match did_you_mean(key, &known) {
        Some(fix) => m::YEARLY_GUESS.fmt(&[("typed", &key), ("fix", &fix)]),
        None => m::YEARLY_UNKNOWN.fmt(&[("typed", &key), ("keys", &known.join(", "))]),
    }
}

/// `[places]`: counts by kind of place, in either spelling (`theme_park` or `主题公园`), in
/// the schema's order.
fn read_places(v: &Value, problems: &mut Vec<(String, String)>) -> Vec<Value> {
    let Some(map) = v.as_object() else {
        problems.push(("places".into(), m::NOT_A_TABLE.fmt(&[("key", &"places")])));
        return vec![];
    };
    let mut list = vec![];
    for (kind, n) in map {
        let Some(en) = schema::choice_value(PLACE_KINDS, kind.trim()) else {
            let choices: Vec<String> = PLACE_KINDS
                .iter()
                .map(|(en, zh)| format!("{en} {zh}"))
                .collect();
            let msg = m::YEARLY_PLACE.fmt(&[("typed", &kind), ("choices", &choices.join(", "))]);
            problems.push((format!("places.{kind}"), msg));
            continue;
        };
        match count(n) {
            Some(c) => {
                let label = PLACE_KINDS.iter().find(|(k, _)| *k == en).map(|p| p.1);
                list.push(json!({"key": en, "label": label, "count": c}));
            }
            None => problems.push((
                format!("places.{kind}"),
                bad_count(&format!("places.{kind}"), &n.to_string()),
            )),
        }
    }
    let rank = |k: &str| PLACE_KINDS.iter().position(|(en, _)| *en == k);
    list.sort_by_key(|p| rank(p["key"].as_str().unwrap_or("")));
    list
}

fn toml_to_json(v: &toml::Value) -> serde_json::Value {
    match v {
        toml::Value::String(s) => json!(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => json!(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(
            t.iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// The line a problem's key is on: `#N` is a line already, `places.X` is below `[places]`.
fn line_of(text: &str, key: &str) -> Option<usize> {
    if let Some(n) = key.strip_prefix('#') {
        return n.parse().ok();
    }
    match key.split_once('.') {
        Some((table, sub)) => {
            let header = text
                .lines()
                .position(|l| l.trim_start().starts_with(&format!("[{table}]")))?;
            let below: Vec<&str> = text.lines().skip(header).collect();
            let quoted = format!("\"{sub}\"");
            line_of_key(&below.join("\n"), sub)
                .or_else(|| line_of_key(&below.join("\n"), &quoted))
                .map(|l| l + header)
        }
        None => line_of_key(text, key),
    }
}

/// A key in Chinese must be quoted in TOML (`"主题公园" = 15`): the hint writes the line so.
fn quote_hint(text: &str, line: usize) -> Option<String> {
    let (key, value) = text.lines().nth(line - 1)?.split_once('=')?;
    let key = key.trim();
    let bare = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    if key.is_empty() || key.starts_with('"') || key.chars().all(bare) {
        return None;
    }
    let fixed = format!("\"{key}\" = {}", value.trim());
    Some(m::NUMBER_HINT.fmt(&[("line", &fixed)]))
}

/// Every problem of every file below `data/yearly/`, with its file and line.
pub fn check(root: &Path) -> Vec<Diagnostic> {
    let mut out = vec![];
    for path in files(root) {
        let Some(year) = year_of(&path) else {
            out.push(Diagnostic::in_file(&path, m::YEARLY_NAME.text()));
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let mut found: Vec<(Option<usize>, String)> = read(&text, year)
            .1
            .into_iter()
            .map(|(key, message)| (line_of(&text, &key), message))
            .collect();
        found.sort();
        for (line, message) in found {
            let mut d = Diagnostic::in_file(&path, message).at_line(line);
            d.hint = line.and_then(|l| quote_hint(&text, l));
            out.push(d);
        }
    }
    out
}

/// The figures of every year with a readable file, by year (the build has refused files
/// with problems before a template can read them).
pub fn load(root: &Path) -> BTreeMap<i64, Value> {
    files(root)
        .into_iter()
        .filter_map(|p| {
            let year = year_of(&p)?;
            let text = std::fs::read_to_string(&p).ok()?;
            let (value, _) = read(&text, year);
            value.is_object().then_some((year, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::read;

    #[test]
    fn reads_full_width_digits_amounts_and_places_in_either_spelling() {
        let text = "teams = \"３４２\"\nvolunteers = 6538\nrelief_paid = \"9万元\"\n\
                    [places]\n\"主题公园\" = 15\ncorridor = 9\n";
        let (v, problems) = read(text, 2024);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(v["teams"], 342);
        assert_eq!(v["relief_paid"], 90000);
        assert_eq!(v["places_total"], 24);
        assert_eq!(v["places"][0]["label"], "主题公园");
        assert_eq!(v["figures"][2]["text"], "9万元");
    }

    #[test]
    fn refuses_negative_numbers_and_unknown_keys() {
        let (_, problems) = read("teams = -3\nvolunters = 5\n[places]\nzoo = 1\n", 2024);
        let mut keys: Vec<&str> = problems.iter().map(|p| p.0.as_str()).collect();
        keys.sort();
        assert_eq!(keys, ["places.zoo", "teams", "volunters"]);
        let guess = problems.iter().find(|p| p.0 == "volunters").unwrap();
        assert!(guess.1.contains("volunteers"), "{}", guess.1);
    }
}
