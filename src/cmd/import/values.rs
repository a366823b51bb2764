//! Cells read as the schema's values: dates in every form a sheet holds them (Excel serial
//! numbers, 2024年3月5日, 2024.3.5, full-width digits), choices in English or Chinese, several
//! honours in one cell. Every problem names its row and column; none stops the others.

use chrono::{Datelike, NaiveDate};
use yiyong_outreach::schema::{self, DATUMS, HERO_KINDS, HERO_STATUS, HONOUR_LEVELS, PLACE_KINDS};

use super::columns::{Column, Target};
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

/// Days since 1899-12-30: Excel's 1900 system for the dates after February 1900 (a plain
/// number in a date column; a cell formatted as a date comes with its own system).
fn serial(n: f64) -> Option<NaiveDate> {
    if !(61.0..2_958_466.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_days(chrono::Days::new(n.floor() as u64))
}

pub fn date(c: &Cell) -> Option<NaiveDate> {
    match c {
        Cell::Date(d) => Some(*d),
        // A year alone is not a date (see `year`).
        Cell::Number(n) if (1000.0..=3000.0).contains(n) => None,
        Cell::Number(n) => serial(*n),
        Cell::Text(s) => {
            let s = s.trim();
            let first = s.split([' ', 'T', '　']).next().unwrap_or(s);
            let typed = crate::cmd::new::read_date(s).or_else(|| crate::cmd::new::read_date(first));
            match typed {
                Some(d) => NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok(),
                None if s.len() >= 5 && s.bytes().all(|b| b.is_ascii_digit()) => {
                    serial(s.parse().ok()?)
                }
                None => None,
            }
        }
        _ => None,
    }
}

/// A year: a number, a date's year, or text such as 2024年 / 2024年度 / ２０２４.
pub fn year(c: &Cell) -> Option<i64> {
    let y = match c {
        Cell::Number(n) if n.fract() == 0.0 => *n as i64,
        Cell::Date(d) => d.year().into(),
        Cell::Text(s) => {
            let plain = yiyong_outreach::clerk::dates::ascii_digits(s.trim());
            let bare = plain.trim_end_matches('度').trim_end_matches('年');
            match bare.parse::<i64>() {
                Ok(y) => y,
                Err(_) => date(c)?.year().into(),
            }
        }
        _ => return None,
    };
    (1949..=2100).contains(&y).then_some(y)
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

/// Reads one cell for `key`; `Err` is the message (and hint) for that cell.
fn value(key: &str, c: &Cell) -> Result<V, (String, Option<String>)> {
    let typed = || cell_text(c).unwrap_or_default();
    let not = |m: yiyong_outreach::i18n::Msg, hint: Option<&str>| {
        (m.fmt(&[("typed", &typed())]), hint.map(String::from))
    };
    let pick = |list: &'static [(&'static str, &'static str)]| {
        choice(list, &typed())
            .map(|v| V::Text(v.into()))
            .ok_or_else(|| {
                let m = t::NOT_CHOICE.fmt(&[("typed", &typed()), ("choices", &choices_of(list))]);
                (m, None)
            })
    };
    let int = |min: i64, max: i64| {
        let n = schema::number(&serde_json::Value::String(typed()));
        n.filter(|n| n.fract() == 0.0 && (min as f64..=max as f64).contains(n))
            .map(|n| V::Int(n as i64))
            .ok_or_else(|| {
                let m = t::NOT_INT.fmt(&[("typed", &typed()), ("min", &min), ("max", &max)]);
                (m, None)
            })
    };
    match key {
        "deed_date" | "opened" => date(c)
            .map(V::Date)
            .ok_or_else(|| not(t::NOT_DATE, Some(t::NOT_DATE_HINT.text()))),
        "kind" => pick(HERO_KINDS),
        "status" => pick(HERO_STATUS),
        "datum" => pick(DATUMS),
        "anonymous" => match typed().trim().to_lowercase().as_str() {
            "是" | "匿名" | "y" | "yes" | "true" | "1" | "√" | "✓" => Ok(V::Bool(true)),
            "否" | "不" | "n" | "no" | "false" | "0" | "×" => Ok(V::Bool(false)),
            _ => Err(not(t::NOT_BOOL, Some(t::NOT_BOOL_HINT.text()))),
        },
        "age" => int(0, 120),
        "birth_year" => int(1900, 2100),
        "lat" | "lon" => schema::number(&serde_json::Value::String(typed()))
            .map(V::Float)
            .ok_or_else(|| not(t::NOT_NUMBER, None)),
        "honours" | "photos" | "level" => Ok(V::Texts(split(&typed()))),
        "year" => {
            let parts = match c {
                Cell::Text(s) => split(s),
                _ => vec![typed()],
            };
            let years: Option<Vec<String>> = parts
                .iter()
                .map(|p| year(&Cell::Text(p.clone())).map(|y| y.to_string()))
                .collect();
            years
                .map(V::Texts)
                .ok_or_else(|| not(t::NOT_YEAR, Some(t::NOT_YEAR_HINT.text())))
        }
        _ => Ok(V::Text(typed())),
    }
}

/// A text too long, or holding an ID or mobile number (the privacy lint would refuse the page).
fn text_problem(s: &str) -> Option<(String, Option<String>)> {
    let n = s.chars().count();
    if n > MAX_TEXT {
        return Some((t::TOO_LONG.fmt(&[("n", &n), ("max", &MAX_TEXT)]), None));
    }
    let today = chrono::Utc::now().date_naive();
    let found = yiyong_outreach::privacy_lint::detect::scan(s, today)
        .into_iter()
        .find(|f| f.rule.is_error())?;
    let what = match found.rule {
        yiyong_outreach::privacy_lint::detect::Rule::Mobile => t::MOBILE.text(),
        _ => t::ID_NUMBER.text(),
    };
    let m = t::PRIVATE_VALUE.fmt(&[("what", &what), ("masked", &found.masked)]);
    let h = t::PRIVATE_VALUE_HINT.fmt(&[("masked", &found.masked)]);
    Some((m, Some(h)))
}

/// Reads a row through the used columns; problems go to `out`.
pub fn record(row: &Row, cols: &[Column], hero: bool, out: &mut Vec<Problem>) -> Record {
    let mut rec = Record {
        row: row.number,
        fields: vec![],
        honours: vec![],
    };
    for col in cols {
        let Target::Field(key) = col.target else {
            continue;
        };
        let cell = row.get(col.index);
        let mut bad = |(message, hint): (String, Option<String>)| {
            out.push(Problem {
                row: row.number,
                col: Some((col.letter.clone(), col.header.clone())),
                message,
                hint,
            })
        };
        if let Cell::Error(e) = cell {
            bad((t::FORMULA_ERROR.fmt(&[("error", e)]), None));
            continue;
        }
        if *cell == Cell::Empty {
            continue;
        }
        if let Some(p) = cell_text(cell).as_deref().and_then(text_problem) {
            bad(p);
            continue;
        }
        // A hero's kind column is often a place-like 类型; a place's kind is its own list.
        let key_for = if key == "kind" && !hero {
            "place_kind"
        } else {
            key
        };
        let v = match key_for {
            "place_kind" => choice(PLACE_KINDS, &cell_text(cell).unwrap_or_default())
                .map(|v| V::Text(v.into()))
                .ok_or_else(|| {
                    let m = t::NOT_CHOICE.fmt(&[
                        ("typed", &cell_text(cell).unwrap_or_default()),
                        ("choices", &choices_of(PLACE_KINDS)),
                    ]);
                    (m, None)
                }),
            _ => value(key, cell),
        };
        match v {
            Ok(V::Texts(v)) if v.is_empty() => {}
            Ok(v) => rec.fields.push((key, v)),
            Err(p) => bad(p),
        }
    }
    if hero {
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
            .find(|c| c.target == Target::Field(leak(k)))
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

/// The `'static` spelling of a field key (the keys are the lists' own strings).
fn leak(k: &str) -> &'static str {
    super::columns::HERO_KEYS
        .iter()
        .find(|x| **x == k)
        .copied()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_form() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        for c in [
            Cell::Number(45356.0),
            Cell::Text("45356".into()),
            Cell::Text("2024年3月5日".into()),
            Cell::Text("2024.3.5".into()),
            Cell::Text("2024/3/5".into()),
            Cell::Text("2024-03-05".into()),
            Cell::Text("２０２４年３月５日".into()),
            Cell::Text("2024-03-05 10:30".into()),
            Cell::Date(d),
        ] {
            assert_eq!(date(&c), Some(d), "{c:?}");
        }
        for c in [
            Cell::Number(2024.0),
            Cell::Text("2024年3月".into()),
            Cell::Text("去年".into()),
        ] {
            assert_eq!(date(&c), None, "{c:?}");
        }
    }

    #[test]
    fn years_and_honours() {
        assert_eq!(year(&Cell::Number(2024.0)), Some(2024));
        assert_eq!(year(&Cell::Text("２０２３年度".into())), Some(2023));
        assert_eq!(year(&Cell::Text("明年".into())), None);
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
}
