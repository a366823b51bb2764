//! The front matter of an imported file, made or updated in place with `toml_edit`: the
//! fields the sheet carries are set, everything else (a field added by hand, a comment) is
//! kept as it was, and the text below the front matter is never touched.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use super::kind::Kind;
use super::values::{Record, V};

/// What the file says of itself: which sheet made it, and the row's key.
pub const MARK: &str = "import";

/// A file split at its front matter: `+++`, the TOML, `+++`, and the rest byte for byte.
pub struct Split<'a> {
    pub front: &'a str,
    pub rest: &'a str,
}

pub fn split(text: &str) -> Option<Split<'_>> {
    let after = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))?;
    let open = text.len() - after.len();
    let mut at = 0;
    for line in after.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == "+++" {
            return Some(Split {
                front: &text[open..open + at],
                rest: &text[open + at + 3..],
            });
        }
        at += line.len();
    }
    None
}

/// The whole file from its front matter and the rest (`rest` starts with the line break
/// after the closing `+++`).
pub fn join(front: &str, rest: &str) -> String {
    format!("+++\n{front}+++{rest}")
}

/// The row's key as an earlier import wrote it into the file, if this file is one.
pub fn key_of(doc: &DocumentMut) -> Option<String> {
    doc.get("extra")?
        .get(MARK)?
        .get("key")?
        .as_str()
        .map(String::from)
}

fn to_value(v: &V) -> Value {
    match v {
        V::Text(s) => s.as_str().into(),
        V::Date(d) => {
            use chrono::Datelike;
            toml_edit::Datetime {
                date: Some(toml_edit::Date {
                    year: d.year() as u16,
                    month: d.month() as u8,
                    day: d.day() as u8,
                }),
                time: None,
                offset: None,
            }
            .into()
        }
        V::Int(n) => (*n).into(),
        V::Float(n) => (*n).into(),
        V::Bool(b) => (*b).into(),
        V::Texts(v) => Value::Array(v.iter().map(String::as_str).collect::<Array>()),
    }
}

/// The table at a dotted path, made (as `[a.b]` without an empty `[a]`) when missing; an
/// inline table written by hand becomes a table.
fn table<'t>(mut t: &'t mut Table, path: &[&str]) -> &'t mut Table {
    for k in path {
        let item = t.entry(k).or_insert_with(|| {
            let mut n = Table::new();
            n.set_implicit(true);
            Item::Table(n)
        });
        if let Some(inline) = item.as_inline_table().cloned() {
            *item = Item::Table(inline.into_table());
        }
        if !item.is_table() {
            *item = Item::Table(Table::new());
        }
        t = item.as_table_mut().expect("made a table above");
    }
    t
}

/// Sets `key`, keeping the comment and spacing around an existing value.
fn set(t: &mut Table, key: &str, v: Value) {
    match t.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) => {
            let mut bare = old.clone();
            bare.decor_mut().clear();
            if bare.to_string() != v.to_string() {
                let decor = old.decor().clone();
                *old = v;
                *old.decor_mut() = decor;
            }
        }
        None => {
            t.insert(key, Item::Value(v));
        }
    }
}

/// What one row writes, besides its fields.
pub struct Context<'a> {
    pub kind: Kind,
    pub title: &'a str,
    pub source: &'a str,
    pub key: &'a str,
    /// The site has a `districts` taxonomy: the district is a term too.
    pub districts: bool,
}

/// Writes the row into `doc` (new or read from the file).
pub fn apply(doc: &mut DocumentMut, rec: &Record, cx: &Context) {
    let root = doc.as_table_mut();
    set(root, "title", cx.title.into());
    // A hero's page is dated by the deed; a place's or a team's by nothing in the sheet.
    if let (Some(d), Kind::Hero) = (rec.get("deed_date"), cx.kind) {
        set(root, "date", to_value(d));
    }
    if let (Some(d), true) = (rec.get("district"), cx.districts) {
        let terms = V::Texts(vec![d.to_string()]);
        set(table(root, &["taxonomies"]), "districts", to_value(&terms));
    }
    let typed = table(root, &["extra", cx.kind.name()]);
    for key in cx.kind.fields() {
        if let Some(v) = rec.get(key) {
            set(typed, key, to_value(v));
        }
    }
    match cx.kind {
        Kind::Hero => honours(typed, rec),
        Kind::Place => coordinates(typed, rec),
        Kind::Team => {}
    }
    let mark = table(root, &["extra", MARK]);
    set(mark, "source", cx.source.into());
    set(mark, "key", cx.key.into());
}

/// A hero's honours, replaced as a whole when they differ.
fn honours(hero: &mut Table, rec: &Record) {
    if rec.honours.is_empty() {
        return;
    }
    let mut list = ArrayOfTables::new();
    for h in &rec.honours {
        let mut t = Table::new();
        t.insert("title", toml_edit::value(h.title.as_str()));
        t.insert("level", toml_edit::value(h.level));
        t.insert("year", toml_edit::value(h.year));
        list.push(t);
    }
    let same = hero
        .get("honours")
        .and_then(Item::as_array_of_tables)
        .is_some_and(|old| same_tables(old, &list));
    if !same {
        hero.insert("honours", Item::ArrayOfTables(list));
    }
}

/// The same honours, whatever the spacing or comments around them.
fn same_tables(a: &ArrayOfTables, b: &ArrayOfTables) -> bool {
    let plain = |t: &Table| -> Vec<(String, String)> {
        t.iter()
            .map(|(k, v)| {
                let mut v = v.as_value().cloned().unwrap_or(Value::from(""));
                v.decor_mut().clear();
                (k.to_string(), v.to_string())
            })
            .collect()
    };
    a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| plain(x) == plain(y))
}

fn coordinates(place: &mut Table, rec: &Record) {
    let (Some(lat), Some(lon)) = (rec.get("lat"), rec.get("lon")) else {
        return;
    };
    let c = table(place, &["coordinates"]);
    set(c, "lat", to_value(lat));
    set(c, "lon", to_value(lon));
    if let Some(d) = rec.get("datum") {
        set(c, "datum", to_value(d));
    }
}

/// Lines of `old` and `new` that differ, as `- old` / `+ new` in order (a longest common
/// subsequence: front matter is a few dozen lines).
pub fn diff(old: &str, new: &str) -> Vec<String> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = match a[i] == b[j] {
                true => lcs[i + 1][j + 1] + 1,
                false => lcs[i + 1][j].max(lcs[i][j + 1]),
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, vec![]);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            (i, j) = (i + 1, j + 1);
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            out.push(format!("- {}", a[i]));
            i += 1;
        } else {
            out.push(format!("+ {}", b[j]));
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_joins_byte_for_byte() {
        let text = "+++\ntitle = \"a\"\n+++\n\n正文 +++\n+++ 不是结尾\n";
        let s = split(text).unwrap();
        assert_eq!(s.front, "title = \"a\"\n");
        assert_eq!(join(s.front, s.rest), text);
        assert!(split("---\ntitle: a\n---\n").is_none());
    }

    #[test]
    fn diff_shows_changed_lines() {
        assert_eq!(diff("a\nb\nc\n", "a\nB\nc\nd\n"), vec!["- b", "+ B", "+ d"]);
    }
}
