//! Which column is which: the headers associations write (姓名, 事发时间, 荣誉称号…) and the
//! schema's English keys, a `--map` file for the rest, the columns never to publish (ID and
//! phone numbers), and the header row itself (found below a title row such as
//! 「2024年见义勇为人员名单」, which most rolls have).

use std::collections::HashMap;
use std::path::Path;

use super::sheet::{Cell, Row};
use super::text as t;
use crate::error::Diagnostic;

/// What the importer does with a column.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A field of the import (see `HERO_KEYS`, `PLACE_KEYS`).
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

/// The fields a hero row can fill: the schema's keys, plus `title` (the page title), the
/// honour's `level` and `year` (which describe the honours of the row), and `body` (the page's
/// text when the file is made; never touched again).
pub const HERO_KEYS: &[&str] = &[
    "name",
    "title",
    "kind",
    "deed_date",
    "deed_place",
    "district",
    "summary",
    "honours",
    "level",
    "year",
    "status",
    "photo",
    "anonymous",
    "age",
    "birth_year",
    "body",
];
pub const PLACE_KEYS: &[&str] = &[
    "title", "kind", "address", "district", "lon", "lat", "datum", "opened", "hours", "photos",
    "body",
];

/// Headers as associations write them, after `normalize`.
const HERO_HEADERS: &[(&str, &[&str])] = &[
    (
        "name",
        &[
            "姓名",
            "名字",
            "英模姓名",
            "勇士姓名",
            "人员姓名",
            "群体名称",
        ],
    ),
    ("title", &["标题"]),
    ("kind", &["类型", "个人/群体", "个人或群体", "类别"]),
    (
        "deed_date",
        &[
            "时间",
            "事发时间",
            "事迹时间",
            "发生时间",
            "日期",
            "事发日期",
        ],
    ),
    ("deed_place", &["地点", "事发地点", "事迹地点", "发生地点"]),
    (
        "district",
        &[
            "区县",
            "地区",
            "县区",
            "所在地区",
            "区域",
            "所属区县",
            "县(市、区)",
        ],
    ),
    (
        "summary",
        &[
            "事迹",
            "事迹简介",
            "简要事迹",
            "主要事迹",
            "事迹摘要",
            "简介",
        ],
    ),
    (
        "honours",
        &["荣誉", "荣誉称号", "表彰", "表彰称号", "获得荣誉"],
    ),
    ("level", &["级别", "表彰级别", "荣誉级别"]),
    (
        "year",
        &["年份", "表彰年份", "表彰时间", "表彰年度", "年度"],
    ),
    ("status", &["状态", "人员状态", "现状"]),
    ("photo", &["照片"]),
    ("anonymous", &["是否匿名", "匿名"]),
    ("age", &["年龄"]),
    ("birth_year", &["出生年份"]),
    ("body", &["正文", "详细事迹", "事迹全文"]),
];
const PLACE_HEADERS: &[(&str, &[&str])] = &[
    ("title", &["名称", "阵地名称", "阵地", "单位名称"]),
    ("kind", &["类型", "阵地类型", "类别"]),
    ("address", &["地址", "详细地址", "位置"]),
    (
        "district",
        &["区县", "地区", "县区", "所在地区", "区域", "所属区县"],
    ),
    ("lon", &["经度"]),
    ("lat", &["纬度"]),
    ("datum", &["坐标系"]),
    (
        "opened",
        &["建成时间", "建成日期", "开放日期", "启用时间", "揭牌时间"],
    ),
    ("hours", &["开放时间"]),
    ("photos", &["照片", "图片"]),
    ("body", &["简介", "介绍", "正文"]),
];
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

/// Personal information in a header; for heroes also any address (a place's address is
/// public, a person's is not).
fn private(h: &str, hero: bool) -> Option<t::PrivateKind> {
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    if has(&["身份证", "证件", "身份号码", "idnumber", "idcard"]) {
        Some(t::PrivateKind::Id)
    } else if has(&["电话", "手机", "联系方式", "phone", "mobile", "tel"]) {
        Some(t::PrivateKind::Phone)
    } else if has(&["银行", "卡号", "账号"]) {
        Some(t::PrivateKind::Bank)
    } else if has(&["住址", "家庭地址", "居住地"]) || (hero && has(&["地址"])) {
        Some(t::PrivateKind::Address)
    } else {
        None
    }
}

/// What a header means, the mapping file first.
fn target(header: &str, hero: bool, map: &HashMap<String, Target>) -> Target {
    let h = normalize(header);
    if let Some(t) = map.get(&h) {
        return t.clone();
    }
    if let Some(p) = private(&h, hero) {
        return Target::Private(p);
    }
    let (keys, headers) = match hero {
        true => (HERO_KEYS, HERO_HEADERS),
        false => (PLACE_KEYS, PLACE_HEADERS),
    };
    if let Some(k) = keys.iter().find(|k| **k == h) {
        return Target::Field(k);
    }
    if let Some((k, _)) = headers
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
    {
        return Target::Field(k);
    }
    if IGNORED.contains(&h.as_str()) {
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
pub fn read_map(path: &Path, hero: bool) -> Result<HashMap<String, Target>, Diagnostic> {
    let bad = |reason: &dyn std::fmt::Display| {
        Diagnostic::in_file(
            path,
            t::BAD_MAP.fmt(&[("file", &path.display()), ("reason", reason)]),
        )
    };
    let text = std::fs::read_to_string(path).map_err(|e| bad(&e))?;
    let table: toml::Table = text.parse().map_err(|e| bad(&e))?;
    let keys = if hero { HERO_KEYS } else { PLACE_KEYS };
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
    hero: bool,
    map: &HashMap<String, Target>,
) -> Option<(usize, Vec<Column>)> {
    rows.iter().take(20).enumerate().find_map(|(i, row)| {
        let cols: Vec<Column> = row
            .cells
            .iter()
            .filter_map(|(&index, cell)| {
                let header = header_text(cell)?;
                let target = target(&header, hero, map);
                Some(Column {
                    index,
                    letter: letter(index),
                    header: shown(&header),
                    target,
                })
            })
            .collect();
        let known = cols.iter().filter(|c| c.target != Target::Unknown).count();
        let named = Target::Field(if hero { "name" } else { "title" });
        let has_name = cols.iter().any(|c| c.target == named);
        (known >= 2 || has_name).then_some((i, cols))
    })
}

/// The warnings about columns left out, once each, and the columns that are used: a second
/// column for the same field is left out (the first one wins).
pub fn report(cols: Vec<Column>, hero: bool) -> (Vec<Column>, Vec<String>) {
    let mut used: Vec<Column> = vec![];
    let mut said = vec![];
    let keys = if hero { HERO_KEYS } else { PLACE_KEYS };
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
            target("事发时间（年月日）", true, &none),
            Target::Field("deed_date")
        );
        assert_eq!(target(" 姓 名* ", true, &none), Target::Field("name"));
        assert_eq!(target("Deed_Date", true, &none), Target::Field("deed_date"));
        assert_eq!(target("性别", true, &none), Target::Ignore);
        assert_eq!(
            target("公民身份号码", true, &none),
            Target::Private(t::PrivateKind::Id)
        );
        assert_eq!(
            target("联系电话", false, &none),
            Target::Private(t::PrivateKind::Phone)
        );
        assert_eq!(
            target("家庭住址", true, &none),
            Target::Private(t::PrivateKind::Address)
        );
        assert_eq!(target("地址", false, &none), Target::Field("address"));
        assert_eq!(target("备注", true, &none), Target::Unknown);
    }
}
