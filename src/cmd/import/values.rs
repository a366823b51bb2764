//! Cells read as the schema's values: dates (`dates`), choices in English or Chinese, several
//! honours or specialities in one cell, counts of people (36人). Every problem names its row
//! and column; none stops the others.

use chrono::NaiveDate;
use yiyong_outreach::privacy_lint::{allow, detect};
use yiyong_outreach::schema::{self, DATUMS, HERO_KINDS, HERO_STATUS, HONOUR_LEVELS, PLACE_KINDS};

use super::columns::{Column, Target};
use super::dates::{date, year};
use super::kind::{static_key, Kind};
use super::sheet::{Cell, Row};
use super::text as t;

/// A value for the front matter.
#[derive(Clone, Debug, PartialEq)]
pub enum V {
    Text(String),
    Date(NaiveDate),
    Int(i64),
    Float(f64),
    Bool(bool),
    Texts(Vec<String>),
}

impl std::fmt::Display for V {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            V::Text(s) => f.write_str(s),
            V::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            V::Int(n) => write!(f, "{n}"),
            V::Float(n) => write!(f, "{n}"),
            V::Bool(b) => write!(f, "{b}"),
            V::Texts(v) => f.write_str(&v.join("、")),
        }
    }
}

/// One problem in the sheet: its row, and its column (letter, header) when it is a cell's.
pub struct Problem {
    pub row: u32,
    pub col: Option<(String, String)>,
    pub message: String,
    pub hint: Option<String>,
}

/// The longest text a cell may give: a story of 20,000 characters is a long one already; a
/// 10 MB cell is a paste gone wrong.
const MAX_TEXT: usize = 20_000;

/// A cell as text; numbers without a needless `.0`.
pub fn cell_text(c: &Cell) -> Option<String> {
    match c {
        Cell::Empty | Cell::Error(_) => None,
        Cell::Text(s) => Some(s.clone()),
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => Some(format!("{}", *n as i64)),
        Cell::Number(n) => Some(n.to_string()),
        Cell::Bool(b) => Some(if *b { "是" } else { "否" }.into()),
        Cell::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
    }
}

/// Several values in one cell: separated by ；、，, or line breaks.
pub fn split(s: &str) -> Vec<String> {
    s.split(['；', ';', '、', '，', ',', '\n', '\r'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(String::from)
        .collect()
}

/// Words staff write for a choice that are not its Chinese name.
const SYNONYMS: &[(&str, &str)] = &[
    ("全国", "national"),
    ("国家", "national"),
    ("省", "provincial"),
    ("省部级", "provincial"),
    ("市", "municipal"),
    ("地市级", "municipal"),
    ("县", "county"),
    ("区级", "county"),
    ("区县级", "county"),
    ("健在", "living"),
    ("受伤", "injured"),
    ("已牺牲", "sacrificed"),
    ("高德", "gcj02"),
    ("腾讯", "gcj02"),
    ("百度", "bd09"),
    ("gps", "wgs84"),
];

/// A choice in English, Chinese or a common other word; a place kind also by its name inside
/// a longer one (见义勇为主题公园 is a 主题公园).
pub fn choice(list: &'static [(&'static str, &'static str)], s: &str) -> Option<&'static str> {
    let s = s.trim();
    let lower = s.to_lowercase();
    if let Some(v) = schema::choice_value(list, s).or_else(|| schema::choice_value(list, &lower)) {
        return Some(v);
    }
    let syn = SYNONYMS.iter().find(|(w, _)| *w == lower).map(|(_, v)| *v);
    if let Some(v) = syn.and_then(|v| schema::choice_value(list, v)) {
        return Some(v);
    }
    let inside = list
        .iter()
        .find(|(_, zh)| s.contains(zh))
        .map(|(en, _)| *en);
    inside.filter(|_| list == PLACE_KINDS)
}

/// The level an honour's title says (市级见义勇为模范, 河南省见义勇为先进个人).
fn level_in_title(title: &str) -> Option<&'static str> {
    [
        (&["国家级", "全国", "国家", "中央"][..], "national"),
        (&["省"][..], "provincial"),
        (&["市"][..], "municipal"),
        (&["县", "区级"][..], "county"),
    ]
    .iter()
    .find(|(words, _)| words.iter().any(|w| title.contains(w)))
    .map(|(_, v)| *v)
}

/// A year written in an honour's title (2023年度见义勇为模范).
fn year_in_title(title: &str) -> Option<i64> {
    let digits = yiyong_outreach::clerk::dates::ascii_digits(title);
    let b = digits.as_bytes();
    (0..b.len().saturating_sub(3)).find_map(|i| {
        let w = &digits[i..i + 4];
        let alone = (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
        let y: i64 = w.parse().ok()?;
        (alone && (1949..=2100).contains(&y)).then_some(y)
    })
}

/// The choices of a field, for messages.
fn choices_of(list: &[(&str, &str)]) -> String {
    list.iter()
        .map(|(en, zh)| format!("{zh} {en}"))
        .collect::<Vec<_>>()
        .join("、")
}

pub struct Honour {
    pub title: String,
    pub level: &'static str,
    pub year: i64,
}

/// A row read: its values by field, and its honours.
pub struct Record {
    pub row: u32,
    pub fields: Vec<(&'static str, V)>,
    pub honours: Vec<Honour>,
}

impl Record {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.fields.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }
    pub fn text(&self, key: &str) -> Option<String> {
        self.get(key).map(V::to_string)
    }
}

/// What reading a row needs besides its cells.
pub struct Reading<'a> {
    pub kind: Kind,
    /// The numbers the site publishes as its own (`[extra.yiyong.privacy] allow`): the privacy
    /// lint lets them through, and so does the import.
    pub allow: &'a [allow::Entry],
}

/// A cell's message, and what to do about it.
type Bad = (String, Option<String>);

/// One of a field's choices, or the message listing them.
fn pick(list: &'static [(&'static str, &'static str)], typed: &str) -> Result<V, Bad> {
    choice(list, typed)
        .map(|v| V::Text(v.into()))
        .ok_or_else(|| {
            let m = t::NOT_CHOICE.fmt(&[("typed", &typed), ("choices", &choices_of(list))]);
            (m, None)
        })
}

/// A whole number within bounds; a unit after it is dropped (36人, 20名, 35岁).
fn int(typed: &str, min: i64, max: i64) -> Result<V, Bad> {
    let bare = typed.trim().trim_end_matches(['人', '名', '岁']).trim();
    let n = schema::number(&serde_json::Value::String(bare.into()));
    n.filter(|n| n.fract() == 0.0 && (min as f64..=max as f64).contains(n))
        .map(|n| V::Int(n as i64))
        .ok_or_else(|| {
            let m = t::NOT_INT.fmt(&[("typed", &typed), ("min", &min), ("max", &max)]);
            (m, None)
        })
}

/// An online form's address: http(s)://…, or www.… (read as https://www.…). Anything else
/// (扫码报名, a phone number) would be a broken link on the page.
fn url(typed: &str) -> Result<V, Bad> {
    let s = typed.trim();
    let lower = s.to_ascii_lowercase();
    let whole = !s.is_empty() && !s.contains(char::is_whitespace);
    if whole && (lower.starts_with("https://") || lower.starts_with("http://")) {
        Ok(V::Text(s.into()))
    } else if whole && lower.starts_with("www.") {
        Ok(V::Text(format!("https://{s}")))
    } else {
        let m = t::NOT_URL.fmt(&[("typed", &typed)]);
        Err((m, Some(t::NOT_URL_HINT.text().into())))
    }
}

/// Several years in one cell (an honour's), each as a year.
fn years(c: &Cell, typed: &str) -> Option<V> {
    let parts = match c {
        Cell::Text(s) => split(s),
        _ => vec![typed.to_string()],
    };
    let years: Option<Vec<String>> = parts
        .iter()
        .map(|p| year(&Cell::Text(p.clone())).map(|y| y.to_string()))
        .collect();
    years.map(V::Texts)
}

/// Reads one cell (not empty) for `key`; `Err` is the message (and hint) for that cell.
fn value(key: &str, c: &Cell, kind: Kind) -> Result<V, Bad> {
    let typed = cell_text(c).unwrap_or_default();
    let not = |m: yiyong_outreach::i18n::Msg, hint: Option<&str>| {
        (m.fmt(&[("typed", &typed)]), hint.map(String::from))
    };
    match key {
        "deed_date" | "opened" => date(c)
            .map(V::Date)
            .ok_or_else(|| not(t::NOT_DATE, Some(t::NOT_DATE_HINT.text()))),
        // 类型 is a place's kind of place, or a hero's 个人/群体.
        "kind" if kind == Kind::Place => pick(PLACE_KINDS, &typed),
        "kind" => pick(HERO_KINDS, &typed),
        "status" => pick(HERO_STATUS, &typed),
        "datum" => pick(DATUMS, &typed),
        "anonymous" => match typed.trim().to_lowercase().as_str() {
            "是" | "匿名" | "y" | "yes" | "true" | "1" | "√" | "✓" => Ok(V::Bool(true)),
            "否" | "不" | "n" | "no" | "false" | "0" | "×" => Ok(V::Bool(false)),
            _ => Err(not(t::NOT_BOOL, Some(t::NOT_BOOL_HINT.text()))),
        },
        "age" => int(&typed, 0, 120),
        "birth_year" => int(&typed, 1900, 2100),
        "size" => int(&typed, 1, 100_000),
        "lat" | "lon" => schema::number(&serde_json::Value::String(typed.clone()))
            .map(V::Float)
            .ok_or_else(|| not(t::NOT_NUMBER, None)),
        "honours" | "photos" | "level" | "speciality" => Ok(V::Texts(split(&typed))),
        "year" => years(c, &typed).ok_or_else(|| not(t::NOT_YEAR, Some(t::NOT_YEAR_HINT.text()))),
        "founded" => year(c)
            .map(V::Int)
            .ok_or_else(|| not(t::NOT_YEAR, Some(t::NOT_YEAR_HINT.text()))),
        "join_url" => url(&typed),
        _ => Ok(V::Text(typed)),
    }
}

/// A text too long, or holding an ID or mobile number that the site does not publish as its
/// own (the privacy lint would refuse the page).
fn text_problem(s: &str, key: &str, rd: &Reading) -> Option<Bad> {
    let n = s.chars().count();
    if n > MAX_TEXT {
        return Some((t::TOO_LONG.fmt(&[("n", &n), ("max", &MAX_TEXT)]), None));
    }
    let today = chrono::Utc::now().date_naive();
    let found = detect::scan(s, today)
        .into_iter()
        .find(|f| f.rule.is_error() && !allow::allows(rd.allow, f.rule.id(), Some(f)))?;
    let (what, hint) = match found.rule {
        detect::Rule::Mobile => (t::MOBILE.text(), rd.kind.mobile_hint(key)),
        _ => (t::ID_NUMBER.text(), None),
    };
    let m = t::PRIVATE_VALUE.fmt(&[("what", &what), ("masked", &found.masked)]);
    let h = match hint {
        Some(h) => h.to_string(),
        None => t::PRIVATE_VALUE_HINT.fmt(&[("masked", &found.masked)]),
    };
    Some((m, Some(h)))
}

/// One cell read for `key`: nothing when it is empty (or lists nothing).
fn cell_value(key: &str, cell: &Cell, rd: &Reading) -> Result<Option<V>, Bad> {
    if let Cell::Error(e) = cell {
        return Err((t::FORMULA_ERROR.fmt(&[("error", e)]), None));
    }
    let Some(typed) = cell_text(cell) else {
        return Ok(None);
    };
    if let Some(p) = text_problem(&typed, key, rd) {
        return Err(p);
    }
    match value(key, cell, rd.kind)? {
        V::Texts(v) if v.is_empty() => Ok(None),
        v => Ok(Some(v)),
    }
}

/// Reads a row through the used columns; problems go to `out`.
pub fn record(row: &Row, cols: &[Column], rd: &Reading, out: &mut Vec<Problem>) -> Record {
    let mut rec = Record {
        row: row.number,
        fields: vec![],
        honours: vec![],
    };
    for col in cols {
        let Target::Field(key) = col.target else {
            continue;
        };
        match cell_value(key, row.get(col.index), rd) {
            Ok(Some(v)) => rec.fields.push((key, v)),
            Ok(None) => {}
            Err((message, hint)) => out.push(Problem {
                row: row.number,
                col: Some((col.letter.clone(), col.header.clone())),
                message,
                hint,
            }),
        }
    }
    if rd.kind == Kind::Hero {
        honours(&mut rec, cols, out);
    }
    rec
}

/// The row's honours: each title with the level and year at the same place in their cells,
/// or the only one given, or what the title itself says.
fn honours(rec: &mut Record, cols: &[Column], out: &mut Vec<Problem>) {
    let list = |k: &str| match rec.get(k) {
        Some(V::Texts(v)) => v.clone(),
        _ => vec![],
    };
    let (titles, levels, years) = (list("honours"), list("level"), list("year"));
    let at = |k: &str| {
        cols.iter()
            .find(|c| c.target == Target::Field(static_key(k)))
            .map(|c| (c.letter.clone(), c.header.clone()))
    };
    for (i, title) in titles.iter().enumerate() {
        let nth = |v: &[String]| {
            v.get(i)
                .or(if v.len() == 1 { v.first() } else { None })
                .cloned()
        };
        let level = match nth(&levels) {
            Some(l) => choice(HONOUR_LEVELS, &l).ok_or_else(|| {
                let m =
                    t::NOT_CHOICE.fmt(&[("typed", &l), ("choices", &choices_of(HONOUR_LEVELS))]);
                (at("level"), m, None)
            }),
            None => level_in_title(title).ok_or_else(|| {
                let m = t::HONOUR_LEVEL.fmt(&[("title", title)]);
                (
                    at("honours"),
                    m,
                    Some(t::HONOUR_LEVEL_HINT.text().to_string()),
                )
            }),
        };
        let year = nth(&years)
            .and_then(|y| y.parse().ok())
            .or_else(|| year_in_title(title))
            .ok_or_else(|| {
                let m = t::HONOUR_YEAR.fmt(&[("title", title)]);
                (
                    at("honours"),
                    m,
                    Some(t::HONOUR_YEAR_HINT.text().to_string()),
                )
            });
        match (level, year) {
            (Ok(level), Ok(year)) => rec.honours.push(Honour {
                title: title.clone(),
                level,
                year,
            }),
            (l, y) => {
                for (col, message, hint) in [l.err(), y.err()].into_iter().flatten() {
                    out.push(Problem {
                        row: rec.row,
                        col,
                        message,
                        hint,
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn honours_and_choices() {
        assert_eq!(
            split("市级见义勇为模范；省见义勇为先进个人、\n全国见义勇为英雄").len(),
            3
        );
        assert_eq!(level_in_title("河南省见义勇为先进个人"), Some("provincial"));
        assert_eq!(level_in_title("郑州市见义勇为模范"), Some("municipal"));
        assert_eq!(year_in_title("2023年度见义勇为模范"), Some(2023));
        assert_eq!(choice(PLACE_KINDS, "见义勇为主题公园"), Some("theme_park"));
        assert_eq!(choice(HONOUR_LEVELS, "省"), Some("provincial"));
        assert_eq!(choice(HERO_STATUS, "牺牲"), Some("sacrificed"));
    }

    #[test]
    fn team_values() {
        let team = |k: &str, s: &str| value(k, &Cell::Text(s.into()), Kind::Team);
        assert_eq!(team("size", "３６人").unwrap(), V::Int(36));
        assert_eq!(team("size", "36 名").unwrap(), V::Int(36));
        assert!(team("size", "三十六").is_err());
        assert!(team("size", "0").is_err());
        assert_eq!(team("founded", "2019年5月").unwrap(), V::Int(2019));
        assert_eq!(
            value("founded", &Cell::Number(43586.0), Kind::Team).unwrap(),
            V::Int(2019)
        );
        assert_eq!(
            team("speciality", "水上救援、应急救护").unwrap(),
            V::Texts(vec!["水上救援".into(), "应急救护".into()])
        );
        assert_eq!(
            team("join_url", "www.example.org/join").unwrap(),
            V::Text("https://www.example.org/join".into())
        );
        for bad in [
            "扫码报名",
            "javascript:alert(1)",
            "0371-12345678",
            "https://a b",
        ] {
            assert!(team("join_url", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_mobile_number_is_refused_unless_the_site_publishes_it() {
        let none = Reading {
            kind: Kind::Team,
            allow: &[],
        };
        let (m, hint) = text_problem("13912345678", "phone", &none).unwrap();
        assert!(m.contains("139****5678"), "{m}");
        assert!(hint.unwrap().contains("allow"));
        assert!(text_problem("0371-12345678", "phone", &none).is_none());
        let allow = [allow::Entry::Number("13912345678".into())];
        let listed = Reading {
            kind: Kind::Team,
            allow: &allow,
        };
        assert!(text_problem("139 1234 5678", "phone", &listed).is_none());
    }
}
