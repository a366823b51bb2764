//! Validation of typed pages against their schema (`schema`), with the checks that need more
//! than one field, each problem located on its line and worded for staff (`messages`).

use std::path::Path;

use serde_json::Value;

use crate::schema::{self, Field, Problem};
use crate::{catalog, messages, suggest};
use yiyong_core::error::{line_of_key, Diagnostic};
use yiyong_core::{Library, Page};

fn schema_of(kind: &str) -> &'static [Field] {
    match kind {
        "hero" => schema::HERO,
        "place" => schema::PLACE,
        "event" => schema::EVENT,
        "team" => schema::TEAM,
        "service" => schema::SERVICE,
        _ => schema::NEWS,
    }
}

/// Finds the line of the last key of a dotted path, searching below its table's header.
fn line_for(text: &str, path: &str) -> Option<usize> {
    let last = path.rsplit('.').next()?.split('[').next()?;
    let table = path.split('.').nth(1)?;
    let header = text
        .lines()
        .position(|l| {
            let t = l.trim_start();
            t.starts_with(&format!("[extra.{table}"))
                || t.starts_with(&format!("[[extra.{table}"))
                || t.starts_with(&format!("{table}:"))
        })
        .unwrap_or(0);
    let below: String = text.lines().skip(header).collect::<Vec<_>>().join("\n");
    line_of_key(&below, last)
        .map(|l| l + header)
        .or(Some(header + 1))
}

fn report(file: &Path, problems: Vec<Problem>, out: &mut Vec<Diagnostic>) {
    if problems.is_empty() {
        return;
    }
    let text = std::fs::read_to_string(file).unwrap_or_default();
    for p in problems {
        let line = match p.key.strip_prefix('[') {
            // A table header the clerk typed (`[extra.heros]`): its own line.
            Some(header) => header_line(&text, header),
            // A misspelt sub-table (`[[extra.hero.honors]]`) is on its header line.
            None => p
                .key
                .strip_prefix("extra.")
                .filter(|k| !k.contains('['))
                .and_then(|k| header_line(&text, k))
                .or_else(|| line_for(&text, &p.key)),
        };
        let mut d = Diagnostic::in_file(file, p.message).at_line(line);
        d.hint = p.hint;
        out.push(d);
    }
}

/// The line of `[extra.NAME]` or `[[extra.NAME]]` (or of a dotted `extra.NAME.key = …`).
fn header_line(text: &str, name: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches('[');
            t.starts_with(&format!("extra.{name}]")) || t.starts_with(&format!("extra.{name}."))
        })
        .map(|i| i + 1)
}

/// The table a clerk meant for a typed page when its own is missing: a misspelt one
/// (`heros`), one in another case, or one typed in Chinese (`英模`).
fn meant_table<'p>(page: &'p Page, kind: &str) -> Option<&'p str> {
    page.meta.extra.keys().map(String::as_str).find(|k| {
        suggest::did_you_mean(&k.to_lowercase(), &[kind]).is_some() || *k == messages::kind_zh(kind)
    })
}

pub(crate) fn check_page(
    page: &Page,
    kind: &'static str,
    lib: &Library,
    out: &mut Vec<Diagnostic>,
) {
    let mut problems = vec![];
    match page.meta.extra.get(kind) {
        Some(table) => schema::validate(
            table,
            schema_of(kind),
            &format!("extra.{kind}"),
            &mut problems,
        ),
        None if kind == "news" => {}
        None => {
            let zh = messages::kind_zh(kind);
            problems.push(match meant_table(page, kind) {
                Some(typed) => Problem::new(
                    format!("[{typed}"),
                    messages::NEEDS_TABLE_GUESS.fmt(&[
                        ("kind", &kind),
                        ("kind_zh", &zh),
                        ("typed", &typed),
                    ]),
                ),
                None => Problem::new(
                    "",
                    messages::NEEDS_TABLE.fmt(&[("kind", &kind), ("kind_zh", &zh)]),
                ),
            })
        }
    }
    if kind == "news" && page.datetime.is_none() {
        let mut p = Problem::new("", messages::NEWS_DATE.text().into());
        p.hint = Some(messages::NEWS_DATE_HINT.text().into());
        problems.push(p);
    }
    if let Some(table) = page.meta.extra.get(kind) {
        problems.extend(cross_checks(kind, table, lib));
        problems.extend(missing_pictures(page, kind, table));
    }
    report(&page.file.path, problems, out);
}

/// Pictures named in `photo` / `photos` / `cover` must exist: beside the page, or below `static/`.
fn missing_pictures(page: &Page, kind: &str, t: &Value) -> Vec<Problem> {
    let content_dir = page
        .file
        .path
        .ancestors()
        .nth(page.file.relative.split('/').count())
        .unwrap_or(Path::new("."));
    let root = content_dir.parent().unwrap_or(Path::new("."));
    let field = match kind {
        "hero" | "team" => "photo",
        "news" => "cover",
        _ => "photos",
    };
    let names: Vec<&str> = match t.get(field) {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let dirs = [page.file.parent.clone(), root.join("static")];
    names
        .into_iter()
        .filter(|n| !n.starts_with("http://") && !n.starts_with("https://"))
        .filter_map(|n| {
            let message = match yiyong_core::find_site_file(n, &dirs, &[root]) {
                Ok(Some(_)) => return None,
                Ok(None) => messages::PICTURE_MISSING.fmt(&[("name", &n)]),
                Err(outside) => messages::PICTURE_OUTSIDE.fmt(&[("detail", &outside)]),
            };
            Some(Problem::new(format!("extra.{kind}.{field}"), message))
        })
        .collect()
}

/// Checks that need more than one field or the rest of the site.
fn cross_checks(kind: &str, t: &Value, lib: &Library) -> Vec<Problem> {
    let mut out = vec![];
    let s = |k: &str| t.get(k).and_then(Value::as_str);
    if kind == "hero" {
        out.extend(martyr_needs_sacrifice(t));
    }
    if kind == "event" {
        let dt = |k| s(k).and_then(catalog::beijing_time);
        if let (Some(a), Some(b)) = (dt("start"), dt("end")) {
            if b < a {
                out.push(Problem::new(
                    "extra.event.end",
                    messages::END_BEFORE_START.text().into(),
                ));
            }
        }
        if let Some(venue) = s("venue").and_then(|v| v.strip_prefix("@/")) {
            if lib.get(venue).is_none() {
                out.push(Problem::new(
                    "extra.event.venue",
                    messages::VENUE_MISSING.fmt(&[("venue", &venue)]),
                ));
            }
        }
    }
    out
}

/// Rated a martyr (评定烈士) is only ever a sacrificed hero: a living or injured one marked
/// `martyr = true` is a slip that would print 「烈士」 on a living person's card.
fn martyr_needs_sacrifice(t: &Value) -> Option<Problem> {
    if t.get("martyr").and_then(Value::as_bool) != Some(true) {
        return None;
    }
    let status = t.get("status").and_then(Value::as_str);
    if status.and_then(|s| schema::choice_value(schema::HERO_STATUS, s.trim()))
        == Some("sacrificed")
    {
        return None;
    }
    let shown = status.map_or_else(|| "-".to_string(), |s| format!("\"{s}\""));
    let mut p = Problem::new(
        "extra.hero.martyr",
        messages::MARTYR_NOT_SACRIFICED.fmt(&[("status", &shown)]),
    );
    p.hint = Some(messages::MARTYR_HINT.text().into());
    Some(p)
}
