//! Which column is which: the headers associations write (姓名, 事发时间, 荣誉称号…) and the
//! schema's English keys, a `--map` file for the rest, the columns never to publish (ID and
//! phone numbers), and the header row itself (found below a title row such as
//! 「2024年见义勇为人员名单」, which most rolls have).

use std::collections::HashMap;
use std::path::Path;

use super::kind::Kind;
use super::sheet::{Cell, Row};
use super::text as t;
use crate::error::Diagnostic;

/// What the importer does with a column.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A field of the import (see `Kind::keys`).
    Field(&'static str),
    /// Known and not wanted (性别, 序号): dropped without a word.
    Ignore,
    /// Personal information: dropped, and the staff are told why.
    Private(t::PrivateKind),
    /// Not known: dropped with a warning.
    Unknown,
}

#[derive(Clone)]
pub struct Column {
    pub index: u32,
    pub letter: String,
    pub header: String,
    pub target: Target,
}

const IGNORED: &[&str] = &["性别", "序号", "民族", "政治面貌", "no", "no."];

/// The header without what varies between sheets: spaces, a required-mark `*`, a note in
/// brackets (「事发时间（年月日）」), letter case.
pub fn normalize(header: &str) -> String {
    let cut = header
        .find(['(', '（'])
        .filter(|&i| i > 0)
        .map_or(header, |i| &header[..i]);
    cut.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊' | ':' | '：'))
        .collect::<String>()
        .to_lowercase()
}

/// Personal information in a header; for heroes also any address (a place's or a team's
/// address is public, a person's is not). A team's own phone (联系电话, 报名电话) is public:
/// its values are checked one by one instead (a mobile number is refused, see `values`).
fn private(h: &str, kind: Kind) -> Option<t::PrivateKind> {
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    if has(&["身份证", "证件", "身份号码", "idnumber", "idcard"]) {
        Some(t::PrivateKind::Id)
    } else if has(&["电话", "手机", "联系方式", "phone", "mobile", "tel"]) && !kind.public_phone(h)
    {
        Some(t::PrivateKind::Phone)
    } else if has(&["银行", "卡号", "账号"]) {
        Some(t::PrivateKind::Bank)
    } else if has(&["住址", "家庭地址", "居住地"]) || (kind.address_is_private() && has(&["地址"]))
    {
        Some(t::PrivateKind::Address)
    } else {
        None
    }
}

/// What a header means, the mapping file first.
fn target(header: &str, kind: Kind, map: &HashMap<String, Target>) -> Target {
    let h = normalize(header);
    if let Some(t) = map.get(&h) {
        return t.clone();
    }
    if let Some(p) = private(&h, kind) {
        return Target::Private(p);
    }
    if let Some(k) = kind.keys().into_iter().find(|k| *k == h) {
        return Target::Field(k);
    }
    if let Some((k, _)) = kind
        .headers()
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
    {
        return Target::Field(k);
    }
    if IGNORED.contains(&h.as_str()) || kind.ignored().contains(&h.as_str()) {
        return Target::Ignore;
    }
    Target::Unknown
}

/// `0` → A, `26` → AA: the letters the spreadsheet shows above a column.
pub fn letter(mut index: u32) -> String {
    let mut out = vec![];
    loop {
        out.push((b'A' + (index % 26) as u8) as char);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.iter().rev().collect()
}

/// Reads a `--map` file: `"表头" = "schema key"` lines (or `"忽略"`/`"ignore"` to drop a column).
pub fn read_map(path: &Path, kind: Kind) -> Result<HashMap<String, Target>, Diagnostic> {
    let bad = |reason: &dyn std::fmt::Display| {
        Diagnostic::in_file(
            path,
            t::BAD_MAP.fmt(&[("file", &path.display()), ("reason", reason)]),
        )
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad(&e))?;
    let table: toml::Table = text.parse().map_err(|e| bad(&e))?;
    let keys = kind.keys();
    let mut out = HashMap::new();
    for (header, v) in table {
        let key = v.as_str().unwrap_or_default();
        let target = match key {
            "ignore" | "忽略" => Target::Ignore,
            k => match keys.iter().find(|x| **x == k) {
                Some(k) => Target::Field(k),
                None => {
                    let said = t::BAD_MAP_KEY.fmt(&[
                        ("header", &header),
                        ("key", &key),
                        ("keys", &keys.join(", ")),
                    ]);
                    return Err(bad(&said));
                }
            },
        };
        out.insert(normalize(&header), target);
    }
    Ok(out)
}

/// A header as messages show it: a header cell holding a paragraph is cut short.
fn shown(h: &str) -> String {
    match h.chars().nth(40) {
        None => h.to_string(),
        Some(_) => h.chars().take(40).chain(['…']).collect(),
    }
}

fn header_text(c: &Cell) -> Option<String> {
    match c {
        Cell::Text(s) => Some(s.clone()),
        Cell::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The header row: the first of the first 20 rows in which at least two cells name a known
/// column, or one names the name column. Rows above it (a title, a date) are not data.
pub fn find_header(
    rows: &[Row],
    kind: Kind,
    map: &HashMap<String, Target>,
) -> Option<(usize, Vec<Column>)> {
    rows.iter().take(20).enumerate().find_map(|(i, row)| {
        let cols: Vec<Column> = row
            .cells
            .iter()
            .filter_map(|(&index, cell)| {
                let header = header_text(cell)?;
                let target = target(&header, kind, map);
                Some(Column {
                    index,
                    letter: letter(index),
                    header: shown(&header),
                    target,
                })
            })
            .collect();
        let known = cols.iter().filter(|c| c.target != Target::Unknown).count();
        let named = Target::Field(kind.name_field());
        let has_name = cols.iter().any(|c| c.target == named);
        (known >= 2 || has_name).then_some((i, cols))
    })
}

/// The warnings about columns left out, once each, and the columns that are used: a second
/// column for the same field is left out (the first one wins).
pub fn report(cols: Vec<Column>, kind: Kind) -> (Vec<Column>, Vec<String>) {
    let mut used: Vec<Column> = vec![];
    let mut said = vec![];
    let keys = kind.keys();
    for c in cols {
        let (letter, header) = (c.letter.clone(), c.header.clone());
        let at: [(&str, &dyn std::fmt::Display); 2] = [("col", &letter), ("header", &header)];
        match c.target.clone() {
            Target::Field(k) => {
                let first = used.iter().find(|u| u.target == c.target);
                match first.map(|u| u.letter.clone()) {
                    Some(first) => said.push(t::DUPLICATE_COLUMN.fmt(&[
                        at[0],
                        at[1],
                        ("first", &first),
                        ("key", &k),
                    ])),
                    None => used.push(c),
                }
            }
            Target::Private(p) => said.push(p.msg().fmt(&at)),
            Target::Unknown => {
                said.push(t::UNKNOWN_COLUMN.fmt(&[at[0], at[1], ("keys", &keys.join(", "))]))
            }
            Target::Ignore => {}
        }
    }
    (used, said)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(letter(0), "A");
        assert_eq!(letter(25), "Z");
        assert_eq!(letter(26), "AA");
        assert_eq!(letter(701), "ZZ");
        assert_eq!(letter(702), "AAA");
    }

    #[test]
    fn headers_as_written() {
        let none = HashMap::new();
        assert_eq!(
            target("事发时间（年月日）", Kind::Hero, &none),
            Target::Field("deed_date")
        );
        assert_eq!(target(" 姓 名* ", Kind::Hero, &none), Target::Field("name"));
        assert_eq!(
            target("Deed_Date", Kind::Hero, &none),
            Target::Field("deed_date")
        );
        assert_eq!(target("性别", Kind::Hero, &none), Target::Ignore);
        assert_eq!(
            target("公民身份号码", Kind::Hero, &none),
            Target::Private(t::PrivateKind::Id)
        );
        assert_eq!(
            target("联系电话", Kind::Place, &none),
            Target::Private(t::PrivateKind::Phone)
        );
        assert_eq!(
            target("家庭住址", Kind::Hero, &none),
            Target::Private(t::PrivateKind::Address)
        );
        assert_eq!(target("地址", Kind::Place, &none), Target::Field("address"));
        assert_eq!(target("备注", Kind::Hero, &none), Target::Unknown);
    }

    #[test]
    fn team_headers_as_written() {
        let none = HashMap::new();
        let team = |h| target(h, Kind::Team, &none);
        for (h, key) in [
            ("队伍名称", "name"),
            ("队名", "name"),
            ("队员人数（人）", "size"),
            ("服务类型", "speciality"),
            ("服务范围", "service_area"),
            ("成立时间", "founded"),
            ("联系电话", "phone"),
            ("报名电话", "phone"),
            ("地址", "address"),
            ("报名方式", "join_url"),
            ("简介", "body"),
        ] {
            assert_eq!(team(h), Target::Field(key), "{h}");
        }
        for h in ["队长手机", "负责人电话", "联系人电话", "手机"] {
            assert_eq!(team(h), Target::Private(t::PrivateKind::Phone), "{h}");
        }
        assert_eq!(team("身份证号"), Target::Private(t::PrivateKind::Id));
        assert_eq!(team("家庭住址"), Target::Private(t::PrivateKind::Address));
        assert_eq!(team("队长"), Target::Ignore);
    }
}
