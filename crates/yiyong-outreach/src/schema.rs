//! The typed content schemas (hero, place, event, news) as data, and one validator that walks
//! a front matter table against them, reporting every problem with the allowed values.

use serde_json::Value;

use super::suggest::did_you_mean;
use crate::messages as m;

pub enum Kind {
    Text,
    Date,
    /// A date, or a date and time (Asia/Shanghai unless an offset is given).
    DateTime,
    Bool,
    Year,
    /// Latitude or longitude.
    Number,
    /// A whole number within bounds (an age, a birth year).
    Int(i64, i64),
    /// Allowed values: (English, Chinese) pairs; either spelling is accepted.
    Choice(&'static [(&'static str, &'static str)]),
    Texts,
    /// An amount in yuan: 200000, 「20万」, 「20万元」, full-width digits (`amount`).
    Amount,
    Table(&'static [Field]),
    Tables(&'static [Field]),
}

pub struct Field {
    pub key: &'static str,
    pub kind: Kind,
    pub required: bool,
}

const fn f(key: &'static str, kind: Kind) -> Field {
    Field {
        key,
        kind,
        required: false,
    }
}

const fn req(key: &'static str, kind: Kind) -> Field {
    Field {
        key,
        kind,
        required: true,
    }
}

pub const HONOUR_LEVELS: &[(&str, &str)] = &[
    ("national", "国家级"),
    ("provincial", "省级"),
    ("municipal", "市级"),
    ("county", "县级"),
];
/// The title an honour confers, beside its level: seed 003 names 「见义勇为模范」, 「先进个人
/// (群体)」, 「积极分子」, and for organisations 「先进单位」 and 「先进工作站」.
pub const HONOUR_TYPES: &[(&str, &str)] = &[
    ("hero", "英雄"),
    ("model", "模范"),
    ("advanced_individual", "先进个人"),
    ("activist", "积极分子"),
    ("advanced_group", "先进群体"),
    ("advanced_unit", "先进单位"),
    ("advanced_station", "先进工作站"),
];
pub const HERO_STATUS: &[(&str, &str)] = &[
    ("living", "在世"),
    ("injured", "负伤"),
    ("sacrificed", "牺牲"),
];
pub const HERO_KINDS: &[(&str, &str)] = &[("individual", "个人"), ("group", "群体")];
pub const PLACE_KINDS: &[(&str, &str)] = &[
    ("theme_park", "主题公园"),
    ("corridor", "长廊"),
    ("garden", "游园"),
    ("square", "广场"),
    ("demonstration_unit", "示范单位"),
    ("work_station", "工作站"),
    ("museum", "展馆"),
    ("volunteer_base", "志愿服务队基地"),
    // Signs and displays in a scenic area (seed 000: 登封市 at the 5A 少林景区).
    ("scenic_area", "景区阵地"),
];
/// What kind of news item a page is: 工作动态 (the default, when `category` is left out) or
/// 通知公告, which the default theme lists in a block of its own on the home page and on a
/// page of its own (`news-categories` taxonomy, filed by the outreach layer).
pub const NEWS_CATEGORIES: &[(&str, &str)] = &[("news", "工作动态"), ("notice", "通知公告")];
/// How an event repeats: every year on the same date (宣传日, 清明 remembrance).
pub const REPEATS: &[(&str, &str)] = &[("yearly", "每年")];
pub const DATUMS: &[(&str, &str)] = &[("gcj02", "GCJ-02"), ("wgs84", "WGS-84"), ("bd09", "BD-09")];

/// The ceremony (表彰大会) where an honour was given.
const CEREMONY: &[Field] = &[req("name", Kind::Text), f("date", Kind::Date)];
const HONOUR: &[Field] = &[
    req("title", Kind::Text),
    req("level", Kind::Choice(HONOUR_LEVELS)),
    req("year", Kind::Year),
    f("type", Kind::Choice(HONOUR_TYPES)),
    f("award", Kind::Amount),
    f("ceremony", Kind::Table(CEREMONY)),
];
const COORDINATES: &[Field] = &[
    req("lat", Kind::Number),
    req("lon", Kind::Number),
    // GCJ-02 when left out: staff pick points in the 高德 and 腾讯 pickers.
    f("datum", Kind::Choice(DATUMS)),
];

pub const HERO: &[Field] = &[
    req("name", Kind::Text),
    f("kind", Kind::Choice(HERO_KINDS)),
    f("deed_date", Kind::Date),
    f("deed_place", Kind::Text),
    f("district", Kind::Text),
    f("summary", Kind::Text),
    f("honours", Kind::Tables(HONOUR)),
    f("status", Kind::Choice(HERO_STATUS)),
    // Rated a martyr (评定烈士): a legal determination of its own, not implied by `status`
    // (seed 002: 「累计为55名牺牲人员评定烈士」); validation requires status = sacrificed.
    f("martyr", Kind::Bool),
    f("photo", Kind::Text),
    f("anonymous", Kind::Bool),
    // Read by the privacy lint: a hero under 14 must be anonymous (PIPL Art. 28/31).
    f("age", Kind::Int(0, 120)),
    f("birth_year", Kind::Int(1900, 2100)),
    f("minor", Kind::Bool),
];

pub const PLACE: &[Field] = &[
    req("kind", Kind::Choice(PLACE_KINDS)),
    f("address", Kind::Text),
    f("district", Kind::Text),
    f("coordinates", Kind::Table(COORDINATES)),
    f("opened", Kind::Date),
    f("hours", Kind::Text),
    f("photos", Kind::Texts),
];

pub const EVENT: &[Field] = &[
    req("start", Kind::DateTime),
    f("end", Kind::DateTime),
    f("venue", Kind::Text),
    f("organizer", Kind::Text),
    f("registration", Kind::Text),
    f("repeat", Kind::Choice(REPEATS)),
];

/// A volunteer team (志愿者队伍). Contact is the team's or the association's public phone, an
/// address or an online form: never a person's mobile (the privacy lint refuses those unless
/// the site lists the number as its own in `[extra.yiyong.privacy] allow`).
pub const TEAM: &[Field] = &[
    req("name", Kind::Text),
    f("size", Kind::Int(1, 100_000)),
    f("speciality", Kind::Texts),
    f("district", Kind::Text),
    f("service_area", Kind::Text),
    f("founded", Kind::Year),
    f("phone", Kind::Text),
    f("address", Kind::Text),
    f("join_url", Kind::Text),
    f("photo", Kind::Text),
];

/// What a service page (办事指南) is about. Seed 002 names 规范申报认定 and raised 奖励标准;
/// seed 003 the benefits (中考加分, 就业, 入学, 就医, 住房) and donations; seed 001 the
/// 「99公益日」 appeal.
pub const SERVICE_TOPICS: &[(&str, &str)] = &[
    ("apply", "申报确认"),
    ("award", "表彰奖励"),
    ("benefit", "权益保障"),
    ("donate", "捐赠公益"),
    ("other", "其他"),
];

/// One row of a standard: what (英雄, 模范, 牺牲人员), how much as the policy writes it (text,
/// since policies give ranges: 「4万至8万元」), and a note.
const STANDARD: &[Field] = &[
    req("item", Kind::Text),
    f("amount", Kind::Text),
    f("note", Kind::Text),
];

/// A public account for donations: the organisation's, never a person's.
const ACCOUNT: &[Field] = &[
    req("name", Kind::Text),
    f("bank", Kind::Text),
    f("number", Kind::Text),
];

/// A service page: how to report a deed or apply for 确认, award standards, benefits,
/// donations. Contact is the association's public hotline or office, never a person's mobile.
pub const SERVICE: &[Field] = &[
    req("topic", Kind::Choice(SERVICE_TOPICS)),
    f("summary", Kind::Text),
    f("steps", Kind::Texts),
    f("documents", Kind::Texts),
    f("standards", Kind::Tables(STANDARD)),
    f("accounts", Kind::Tables(ACCOUNT)),
    f("hotline", Kind::Text),
    f("office", Kind::Text),
    f("hours", Kind::Text),
    f("basis", Kind::Texts),
    f("link", Kind::Text),
];

pub const NEWS: &[Field] = &[
    f("source", Kind::Text),
    f("author", Kind::Text),
    f("photographer", Kind::Text),
    f("cover", Kind::Text),
    f("category", Kind::Choice(NEWS_CATEGORIES)),
];

/// A number, or text holding one: full-width digits and points are accepted, since a clerk
/// may paste 「３４．７５」 from a document.
pub fn number(v: &Value) -> Option<f64> {
    if let Some(n) = v.as_f64() {
        return Some(n);
    }
    let s: String = v
        .as_str()?
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '．' | '。' => '.',
            '－' | '—' => '-',
            c => c,
        })
        .collect();
    s.parse().ok().filter(|n: &f64| n.is_finite())
}

/// An amount in yuan as staff write it: a number, or text such as 「200000」, 「20万」,
/// 「20万元」, 「1.12亿元」 or 「２０万元」 (full-width digits from a document). Never negative.
pub fn amount(v: &Value) -> Option<f64> {
    if v.is_number() {
        return number(v).filter(|n| *n >= 0.0);
    }
    let s = v.as_str()?.trim().trim_end_matches('元').trim();
    let (digits, scale) = match s.char_indices().last()? {
        (i, '万') => (&s[..i], 10_000.0),
        (i, '亿') => (&s[..i], 100_000_000.0),
        _ => (s, 1.0),
    };
    let digits = digits.replace([',', '，'], "");
    number(&Value::String(digits))
        .map(|n| (n * scale).round())
        .filter(|n| *n >= 0.0)
}

/// One problem: the dotted key it is about, the message, and what to type instead.
pub struct Problem {
    pub key: String,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    pub fn new(key: impl Into<String>, message: String) -> Problem {
        Problem {
            key: key.into(),
            message,
            hint: None,
        }
    }
}

/// The allowed values of a choice, each in the language of the messages first.
fn choices(list: &[(&str, &str)]) -> String {
    let zh = crate::i18n::is_zh();
    list.iter()
        .map(|(en, cn)| match zh {
            true => format!("{cn} {en}"),
            false => format!("{en} ({cn})"),
        })
        .collect::<Vec<_>>()
        .join(if zh { "、" } else { ", " })
}

/// A news category as typed (either language, spaces around it ignored): its English key.
pub fn news_category_key(typed: &str) -> Option<&'static str> {
    choice_value(NEWS_CATEGORIES, typed.trim())
}

/// A news item's category, from its `[extra.news]` table: its English key and Chinese label,
/// 工作动态 (`news`) when it names none or none of the categories (validation reports that).
/// The one reading of it: the notices' taxonomy, `get_news` and its filter agree.
pub fn news_category(news: Option<&Value>) -> (&'static str, &'static str) {
    let typed = news.and_then(|n| n.get("category")).and_then(Value::as_str);
    let key = typed.and_then(news_category_key);
    NEWS_CATEGORIES
        .iter()
        .find(|(en, _)| Some(*en) == key)
        .copied()
        .unwrap_or(NEWS_CATEGORIES[0])
}

/// Normalizes a choice to its English value, accepting either spelling (as typed: validation
/// names spaces around it).
pub fn choice_value(
    list: &'static [(&'static str, &'static str)],
    v: &str,
) -> Option<&'static str> {
    list.iter()
        .find(|(en, zh)| *en == v || *zh == v)
        .map(|(en, _)| *en)
}

pub fn validate(table: &Value, fields: &[Field], path: &str, out: &mut Vec<Problem>) {
    let Some(map) = table.as_object() else {
        out.push(Problem::new(path, m::NOT_A_TABLE.fmt(&[("key", &path)])));
        return;
    };
    for (k, v) in map {
        match fields.iter().find(|f| f.key == k) {
            // Joined by hand: `format!` for each key of 16,500 pages was 0.5% of a build.
            Some(field) => check(v, &field.kind, &[path, ".", k].concat(), out),
            None => {
                let known: Vec<&str> = fields.iter().map(|f| f.key).collect();
                let guess = did_you_mean(k, &known)
                    .or_else(|| did_you_mean(&k.to_lowercase(), &known))
                    .or_else(|| crate::clerk::key_for_chinese(k).filter(|g| known.contains(g)));
                let message = match guess {
                    Some(s) => {
                        m::UNKNOWN_KEY_GUESS.fmt(&[("typed", k), ("table", &path), ("fix", &s)])
                    }
                    None => m::UNKNOWN_KEY_LIST.fmt(&[
                        ("typed", k),
                        ("table", &path),
                        ("keys", &known.join(", ")),
                    ]),
                };
                out.push(Problem::new(format!("{path}.{k}"), message));
            }
        }
    }
    for field in fields
        .iter()
        .filter(|f| f.required && !map.contains_key(f.key))
    {
        let mut p = Problem::new(path, m::NEEDS.fmt(&[("table", &path), ("key", &field.key)]));
        p.hint = Some(m::NEEDS_HINT.fmt(&[("key", &field.key)]));
        out.push(p);
    }
}

/// `key = value` for a hint, with the last part of a dotted key.
fn line(key: &str, value: &str) -> String {
    let last = key.rsplit('.').next().unwrap_or(key);
    format!("{last} = {value}")
}

/// The hint for a refused date: the clerk's mistake and the date they meant.
fn date_hint(v: &Value, key: &str) -> Option<String> {
    let typed = v.as_str()?;
    if typed.trim() != typed && yiyong_core::parse_datetime(typed.trim()).is_some() {
        return Some(m::SPACES_HINT.fmt(&[("line", &line(key, &format!("\"{}\"", typed.trim())))]));
    }
    let h = crate::clerk::dates::hint(typed)?;
    let fixed = h.fixed.map(|f| match f.contains(':') {
        true => format!("\"{f}\""),
        false => f,
    });
    let fixed = fixed.unwrap_or_else(|| "2024-07-21".into());
    Some(m::DATE_HINT.fmt(&[("problem", &h.problem), ("line", &line(key, &fixed))]))
}

fn check(v: &Value, kind: &Kind, key: &str, out: &mut Vec<Problem>) {
    let mut bad = |message: String, hint: Option<String>| {
        out.push(Problem {
            key: key.into(),
            message,
            hint,
        })
    };
    let args = |typed: &Value| -> [(&str, String); 2] {
        [("key", key.to_string()), ("typed", typed.to_string())]
    };
    let fmt = |msg: crate::i18n::Msg, extra: &[(&str, &dyn std::fmt::Display)]| {
        let a = args(v);
        let mut all: Vec<(&str, &dyn std::fmt::Display)> = a
            .iter()
            .map(|(k, v)| (*k, v as &dyn std::fmt::Display))
            .collect();
        all.extend_from_slice(extra);
        msg.fmt(&all)
    };
    match kind {
        Kind::Text => {
            if v.as_str().is_none_or(|s| s.trim().is_empty()) {
                bad(fmt(m::TEXT, &[]), None);
            }
        }
        Kind::Date | Kind::DateTime => {
            let ok = v.as_str().is_some_and(|s| match kind {
                Kind::Date => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(),
                _ => yiyong_core::parse_datetime(s).is_some(),
            });
            if !ok {
                let msg = match kind {
                    Kind::Date => m::DATE,
                    _ => m::DATETIME,
                };
                bad(fmt(msg, &[]), date_hint(v, key));
            }
        }
        Kind::Bool => {
            if !v.is_boolean() {
                let fix = match v.as_str().map(str::trim) {
                    Some("true" | "是" | "对" | "真") => Some("true"),
                    Some("false" | "否" | "不" | "假") => Some("false"),
                    _ => None,
                };
                let hint = fix.map(|f| m::BOOL_HINT.fmt(&[("line", &line(key, f))]));
                bad(fmt(m::BOOL, &[]), hint);
            }
        }
        Kind::Year => {
            if !v.as_i64().is_some_and(|y| (1949..=2100).contains(&y)) {
                let hint = v
                    .as_str()
                    .and_then(crate::clerk::dates::year_number)
                    .map(|y| m::NUMBER_HINT.fmt(&[("line", &line(key, &y.to_string()))]));
                bad(fmt(m::YEAR, &[]), hint);
            }
        }
        Kind::Int(min, max) => {
            if !v.as_i64().is_some_and(|n| (*min..=*max).contains(&n)) {
                let hint = v
                    .as_str()
                    .and_then(|s| {
                        crate::clerk::dates::ascii_digits(s.trim())
                            .parse::<i64>()
                            .ok()
                    })
                    .filter(|n| (*min..=*max).contains(n))
                    .map(|n| m::NUMBER_HINT.fmt(&[("line", &line(key, &n.to_string()))]));
                bad(fmt(m::INT, &[("min", min), ("max", max)]), hint);
            }
        }
        Kind::Number => {
            if number(v).is_none() {
                bad(fmt(m::NUMBER, &[]), None);
            }
        }
        Kind::Choice(list) => {
            if v.as_str().is_none_or(|s| choice_value(list, s).is_none()) {
                let trimmed = v
                    .as_str()
                    .map(str::trim)
                    .filter(|t| choice_value(list, t).is_some());
                let hint = trimmed
                    .map(|t| m::SPACES_HINT.fmt(&[("line", &line(key, &format!("\"{t}\"")))]));
                bad(fmt(m::CHOICE, &[("choices", &choices(list))]), hint);
            }
        }
        Kind::Texts => {
            if !v
                .as_array()
                .is_some_and(|a| a.iter().all(|x| x.is_string()))
            {
                bad(fmt(m::TEXTS, &[]), None);
            }
        }
        Kind::Amount => {
            if amount(v).is_none() {
                bad(fmt(m::AMOUNT, &[]), None);
            }
        }
        Kind::Table(fields) => validate(v, fields, key, out),
        Kind::Tables(fields) => match v.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    validate(item, fields, &format!("{key}[{}]", i + 1), out);
                }
            }
            None => bad(fmt(m::TABLES, &[]), None),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// One reading of a news item's category for the notices' taxonomy and `get_news` (the
    /// catalogue's did not trim, so 「 notice 」 was a notice to one and news to the other).
    #[test]
    fn news_category_one_reading() {
        for (news, want) in [
            (None, ("news", "工作动态")),
            (Some(json!({})), ("news", "工作动态")),
            (Some(json!({"category": "notice"})), ("notice", "通知公告")),
            (
                Some(json!({"category": "通知公告"})),
                ("notice", "通知公告"),
            ),
            (
                Some(json!({"category": " notice "})),
                ("notice", "通知公告"),
            ),
            (Some(json!({"category": "工作动态"})), ("news", "工作动态")),
            (Some(json!({"category": "公告"})), ("news", "工作动态")),
        ] {
            assert_eq!(news_category(news.as_ref()), want, "{news:?}");
        }
        assert_eq!(news_category_key(" 通知公告 "), Some("notice"));
        assert_eq!(news_category_key("x"), None);
    }
}
