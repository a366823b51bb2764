//! `yiyong import heroes|places|teams FILE`: an association's hero roll (勇士榜), list of
//! places (宣传阵地) or of volunteer teams (志愿者队伍) kept in Excel or WPS, written as one
//! typed Markdown file per row.
//!
//! The order is: read the sheet (`sheet`), find its header row and what each column means
//! (`columns`), read every row (`values`), plan a file per row (`plan`, `matter`), and only
//! when no row has a problem, write. Every problem is reported at once with its row and
//! column as the spreadsheet shows them.

mod columns;
mod dates;
mod kind;
mod matter;
mod plan;
mod sheet;
mod text;
mod values;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use columns::{Column, Target};
use kind::{static_key, Kind};
use plan::Action;
use text as t;
use values::{Problem, Reading, Record, V};

use crate::error::{Diagnostic, Error, Result};
use crate::outreach::Sections;
use crate::Config;

/// The command line's request.
pub struct Request {
    pub kind: String,
    pub file: PathBuf,
    pub sheet: Option<String>,
    pub map: Option<PathBuf>,
    pub dry_run: bool,
    pub into: Option<PathBuf>,
    pub key: Option<String>,
}

pub fn run(root: &Path, config: &Config, req: Request) -> Result<()> {
    let kind = Kind::parse(&req.kind).ok_or_else(|| {
        Diagnostic::new(t::UNKNOWN_KIND.fmt(&[("kind", &req.kind)]))
            .with_hint(t::UNKNOWN_KIND_HINT.text())
    })?;
    let sections = Sections::from_config(config);
    let into = req
        .into
        .clone()
        .unwrap_or_else(|| Path::new("content").join(kind.section(&sections)));
    let dir = plan::target_dir(root, &into)?;
    let map = match &req.map {
        Some(m) => columns::read_map(m, kind)?,
        None => HashMap::new(),
    };
    let rows = sheet::read(&req.file, req.sheet.as_deref())?;
    let at_file = |m: String| Diagnostic::in_file(&req.file, m);
    let Some((header_at, cols)) = columns::find_header(&rows, kind, &map) else {
        return Err(at_file(t::NO_HEADER.fmt(&[("expected", &kind.expected())]))
            .with_hint(t::NO_HEADER_HINT.text())
            .into());
    };
    // A key column may be one that is not imported (编号).
    let key_cols = key_columns(&cols, kind, req.key.as_deref()).map_err(at_file)?;
    let (cols, warnings) = columns::report(cols, kind);
    for w in warnings {
        eprintln!("{}", crate::report::diagnostic(&at_file(w), true));
    }
    let data = &rows[header_at + 1..];
    if data.is_empty() {
        return Err(at_file(t::NO_ROWS.text().into()).into());
    }
    let mut problems = required_columns(&cols, kind, rows[header_at].number);
    // The site's own public numbers, which the privacy lint lets through (its errors are the
    // build's to report).
    let config_file = crate::find_config_file(root);
    let (allow, _) = crate::outreach::privacy_lint::allow::site(config, &config_file);
    let reading = Reading {
        kind,
        allow: &allow,
    };
    let records = read_rows(data, &cols, &key_cols, &reading, &mut problems);
    let source = req
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let districts = config.taxonomies.iter().any(|t| t.name == "districts");
    let actions = match problems.is_empty() {
        true => plan_files(&dir, &records, kind, &source, districts)?,
        false => vec![],
    };
    if !problems.is_empty() {
        let shown = problems.into_iter().map(|p| diagnostic(&req.file, p));
        return Err(Error::many(shown.collect()));
    }
    let shown = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    say(&shown, &actions, req.dry_run);
    if !req.dry_run {
        plan::write(&dir, &actions)?;
    }
    let count = |f: fn(&Action) -> bool| actions.iter().filter(|(_, a)| f(a)).count();
    let n = [
        count(|a| matches!(a, Action::Create { .. })),
        count(|a| matches!(a, Action::Update { .. })),
        count(|a| matches!(a, Action::Unchanged { .. })),
    ];
    let args: [(&str, &dyn std::fmt::Display); 3] =
        [("created", &n[0]), ("updated", &n[1]), ("unchanged", &n[2])];
    match req.dry_run {
        true => println!("{}", t::DRY_SUMMARY.fmt(&args)),
        false => {
            let file = req.file.display();
            let mut all: Vec<(&str, &dyn std::fmt::Display)> = vec![("file", &file)];
            all.extend_from_slice(&args);
            println!("{}", t::SUMMARY.fmt(&all));
            println!("{}", t::NEXT.text());
        }
    }
    Ok(())
}

/// A problem as staff read it: the sheet, then 第 N 行 X 列（表头）.
fn diagnostic(file: &Path, p: Problem) -> Diagnostic {
    let message = match &p.col {
        Some((col, header)) => t::AT_CELL.fmt(&[
            ("row", &p.row),
            ("col", col),
            ("header", header),
            ("message", &p.message),
        ]),
        None => t::AT_ROW.fmt(&[("row", &p.row), ("message", &p.message)]),
    };
    let d = Diagnostic::in_file(file, message);
    match p.hint {
        Some(h) => d.with_hint(h),
        None => d,
    }
}

/// The columns that identify a row across imports: `--key` (headers or field names, joined
/// by `+` or `,`), else the kind's own: 姓名+事发时间 for heroes (姓名 alone without a date
/// column), 名称 for places, 队伍名称 for teams.
fn key_columns(
    cols: &[Column],
    kind: Kind,
    key: Option<&str>,
) -> std::result::Result<Vec<(u32, String)>, String> {
    let find = |k: &str| {
        let h = columns::normalize(k);
        cols.iter()
            .find(|c| {
                columns::normalize(&c.header) == h || c.target == Target::Field(static_key(k))
            })
            .map(|c| (c.index, c.header.clone()))
    };
    match key {
        Some(k) => k
            .split(['+', ',', '，', '＋'])
            .map(|part| find(part.trim()).ok_or_else(|| t::BAD_KEY.fmt(&[("key", &part)])))
            .collect(),
        None => Ok(kind
            .default_key()
            .iter()
            .copied()
            .filter_map(find)
            .collect()),
    }
}

/// The required fields with no column at all: one problem, on the header row.
fn required_columns(cols: &[Column], kind: Kind, header_row: u32) -> Vec<Problem> {
    kind.required()
        .iter()
        .filter(|(k, _)| !cols.iter().any(|c| c.target == Target::Field(k)))
        .map(|(k, h)| Problem {
            row: header_row,
            col: None,
            message: t::MISSING_COLUMN.fmt(&[("key", k), ("header", h)]),
            hint: None,
        })
        .collect()
}

/// A row read, with its key.
struct Keyed {
    rec: Record,
    key: String,
}

fn read_rows(
    data: &[sheet::Row],
    cols: &[Column],
    key_cols: &[(u32, String)],
    rd: &Reading,
    out: &mut Vec<Problem>,
) -> Vec<Keyed> {
    let mut seen: HashMap<String, u32> = HashMap::new();
    let key_names: Vec<&str> = key_cols.iter().map(|(_, h)| h.as_str()).collect();
    let key_label = key_names.join("+");
    let mut records = vec![];
    for row in data {
        // A row with nothing in the columns used (a total line's label, a blank) is not data.
        if cols.iter().all(|c| *row.get(c.index) == sheet::Cell::Empty) {
            continue;
        }
        let rec = values::record(row, cols, rd, out);
        for (key, _) in rd.kind.required() {
            if let (None, Some(c)) = (rec.get(key), col_of(cols, key)) {
                out.push(Problem {
                    row: row.number,
                    col: Some((c.letter.clone(), c.header.clone())),
                    message: t::MISSING.text().into(),
                    hint: None,
                });
            }
        }
        if rec.get("lat").is_some() != rec.get("lon").is_some() {
            let message = t::COORDINATES.text().into();
            out.push(Problem {
                row: row.number,
                col: None,
                message,
                hint: None,
            });
        }
        let parts: Vec<String> = key_cols
            .iter()
            .map(|(i, _)| key_part(&rec, cols, *i, row))
            .collect();
        if parts.iter().all(String::is_empty) {
            let message = t::EMPTY_KEY.fmt(&[("key", &key_label)]);
            out.push(Problem {
                row: row.number,
                col: None,
                message,
                hint: None,
            });
            continue;
        }
        let key = parts.join(" / ");
        if let Some(other) = seen.insert(key.clone(), row.number) {
            out.push(Problem {
                row: row.number,
                col: None,
                message: t::SAME_KEY.fmt(&[("key", &key_label), ("other", &other)]),
                hint: Some(t::SAME_KEY_HINT.fmt(&[("key", &key_label)])),
            });
        }
        records.push(Keyed { rec, key });
    }
    records
}

fn col_of<'c>(cols: &'c [Column], key: &str) -> Option<&'c Column> {
    cols.iter()
        .find(|c| c.target == Target::Field(static_key(key)))
}

/// One key column's value in a row: the field as read (a date as 2024-03-05 whatever the
/// cell's form), or the cell's text for a column that is no field.
fn key_part(rec: &Record, cols: &[Column], index: u32, row: &sheet::Row) -> String {
    let field = cols
        .iter()
        .find(|c| c.index == index)
        .and_then(|c| match c.target {
            Target::Field(k) => rec.get(k),
            _ => None,
        });
    match field {
        Some(v) => v.to_string(),
        None => values::cell_text(row.get(index)).unwrap_or_default(),
    }
}

/// The page title: a title column, else the hero's name (masked when anonymous, as `new`
/// writes it) or the team's name (a place's is its title column).
fn title_of(rec: &Record, kind: Kind) -> String {
    let name = rec.text("name").unwrap_or_default();
    match (rec.text("title"), kind) {
        (Some(t), _) => t,
        (None, Kind::Hero) if rec.get("anonymous") == Some(&V::Bool(true)) => {
            format!("{}的事迹", crate::outreach::mask_name(&name))
        }
        (None, _) => name,
    }
}

/// The base of a new file's name: pinyin of a hero's name, or for an anonymous hero the date
/// only; pinyin of a place's or a team's title.
fn base_name(rec: &Record, kind: Kind) -> String {
    let anonymous = rec.get("anonymous") == Some(&V::Bool(true));
    let slug = match kind {
        Kind::Hero if anonymous => {
            let date = rec.text("deed_date").unwrap_or_else(|| "wei-zhi".into());
            crate::cmd::new::anonymous_base(&date)
        }
        Kind::Hero => crate::cmd::new::person_slug(&rec.text("name").unwrap_or_default()),
        _ => crate::cmd::new::file_slug(&title_of(rec, kind)),
    };
    match slug.is_empty() {
        true => format!("{}-{}", kind.name(), rec.row),
        false => slug,
    }
}

fn plan_files(
    dir: &Path,
    records: &[Keyed],
    kind: Kind,
    source: &str,
    districts: bool,
) -> std::result::Result<Vec<(u32, Action)>, Error> {
    let (mut existing, mut taken) = plan::existing(dir).map_err(Error::many)?;
    let mut used: HashSet<PathBuf> = HashSet::new();
    let mut actions = vec![];
    for k in records {
        let anonymous = k.rec.get("anonymous") == Some(&V::Bool(true));
        let hidden = plan::hidden_key(&k.key);
        let stored = if anonymous { &hidden } else { &k.key };
        let found = existing
            .remove(&k.key)
            .or_else(|| existing.remove(&hidden))
            .filter(|e| used.insert(e.path.clone()));
        let title = title_of(&k.rec, kind);
        let cx = matter::Context {
            kind,
            title: &title,
            source,
            key: stored,
            districts,
        };
        let action = match found {
            Some(e) => update(e, &k.rec, &cx)?,
            None => {
                let name = plan::free_name(&base_name(&k.rec, kind), &mut taken);
                let mut doc = toml_edit::DocumentMut::new();
                matter::apply(&mut doc, &k.rec, &cx);
                let body = k.rec.text("body").or_else(|| k.rec.text("summary"));
                let rest = format!("\n\n{}\n", body.unwrap_or_default());
                let text = matter::join(&doc.to_string(), &rest);
                Action::Create {
                    path: dir.join(format!("{name}.md")),
                    text,
                }
            }
        };
        actions.push((k.rec.row, action));
    }
    Ok(actions)
}

fn update(
    e: plan::Existing,
    rec: &Record,
    cx: &matter::Context,
) -> std::result::Result<Action, Error> {
    let split = matter::split(&e.text).expect("read as an imported file");
    let mut doc: toml_edit::DocumentMut = split.front.parse().map_err(|err| {
        let reason = format!("{err}");
        Diagnostic::in_file(&e.path, t::UNREADABLE.fmt(&[("reason", &reason)]))
    })?;
    matter::apply(&mut doc, rec, cx);
    let front = doc.to_string();
    if front == split.front {
        return Ok(Action::Unchanged { path: e.path });
    }
    let text = matter::join(&front, split.rest);
    Ok(Action::Update {
        old: split.front.to_string(),
        path: e.path,
        text,
    })
}

/// What was (or would be) done, one line a file, with the changed front matter lines of an
/// update in a dry run.
fn say(root: &Path, actions: &[(u32, Action)], dry: bool) {
    let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    for (row, a) in actions {
        match a {
            Action::Create { path, .. } => {
                let m = if dry { t::WILL_CREATE } else { t::CREATED };
                println!("{}", m.fmt(&[("path", &rel(path)), ("row", row)]));
            }
            Action::Update { path, old, text } => {
                let m = if dry { t::WILL_UPDATE } else { t::UPDATED };
                println!("{}", m.fmt(&[("path", &rel(path)), ("row", row)]));
                if dry {
                    let new = matter::split(text).map(|s| s.front).unwrap_or_default();
                    for line in matter::diff(old, new) {
                        println!("    {line}");
                    }
                }
            }
            Action::Unchanged { path } => {
                println!(
                    "{}",
                    t::UNCHANGED.fmt(&[("path", &rel(path)), ("row", row)])
                );
            }
        }
    }
}
