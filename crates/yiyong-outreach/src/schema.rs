//! The typed content schemas (hero, place, event, news) as data, and one validator that walks
//! a front matter table against them, reporting every problem with the allowed values.

use serde_json::Value;

use super::suggest::did_you_mean;

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
];
pub const DATUMS: &[(&str, &str)] = &[("gcj02", "GCJ-02"), ("wgs84", "WGS-84"), ("bd09", "BD-09")];

const HONOUR: &[Field] = &[
    req("title", Kind::Text),
    req("level", Kind::Choice(HONOUR_LEVELS)),
    req("year", Kind::Year),
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
];

pub const NEWS: &[Field] = &[
    f("source", Kind::Text),
    f("author", Kind::Text),
    f("photographer", Kind::Text),
    f("cover", Kind::Text),
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

/// One problem: the dotted key it is about, and the message.
pub struct Problem {
    pub key: String,
    pub message: String,
}

fn choices(list: &[(&str, &str)]) -> String {
    list.iter()
        .map(|(en, zh)| format!("{en} ({zh})"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Normalizes a choice to its English value, accepting either spelling.
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
        out.push(Problem {
            key: path.into(),
            message: format!("`{path}` must be a table of keys"),
        });
        return;
    };
    for (k, v) in map {
        match fields.iter().find(|f| f.key == k) {
            Some(field) => check(v, &field.kind, &format!("{path}.{k}"), out),
            None => {
                let known: Vec<&str> = fields.iter().map(|f| f.key).collect();
                let hint = match did_you_mean(k, &known) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the keys are: {}", known.join(", ")),
                };
                out.push(Problem {
                    key: format!("{path}.{k}"),
                    message: format!("unknown key `{k}` in [{path}]; {hint}"),
                });
            }
        }
    }
    for field in fields
        .iter()
        .filter(|f| f.required && !map.contains_key(f.key))
    {
        out.push(Problem {
            key: path.into(),
            message: format!("[{path}] needs `{}`", field.key),
        });
    }
}

fn check(v: &Value, kind: &Kind, key: &str, out: &mut Vec<Problem>) {
    let mut bad = |what: String| {
        out.push(Problem {
            key: key.into(),
            message: format!("`{key}` {what}"),
        })
    };
    match kind {
        Kind::Text => {
            if v.as_str().is_none_or(|s| s.trim().is_empty()) {
                bad("must be non-empty text in quotes".into());
            }
        }
        Kind::Date | Kind::DateTime => {
            let ok = v.as_str().is_some_and(|s| match kind {
                Kind::Date => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok(),
                _ => yiyong_core::parse_datetime(s).is_some(),
            });
            if !ok {
                bad(format!(
                    "must be a date like 2024-07-21{}, not {v}",
                    if matches!(kind, Kind::DateTime) {
                        " or 2024-07-21T09:30:00"
                    } else {
                        ""
                    }
                ));
            }
        }
        Kind::Bool => {
            if !v.is_boolean() {
                bad(format!("must be true or false, not {v}"));
            }
        }
        Kind::Year => {
            if !v.as_i64().is_some_and(|y| (1949..=2100).contains(&y)) {
                bad(format!(
                    "must be a year such as 2023 (a number, no quotes), not {v}"
                ));
            }
        }
        Kind::Int(min, max) => {
            if !v.as_i64().is_some_and(|n| (*min..=*max).contains(&n)) {
                bad(format!(
                    "must be a whole number from {min} to {max} (no quotes), not {v}"
                ));
            }
        }
        Kind::Number => {
            if number(v).is_none() {
                bad(format!("must be a number, not {v}"));
            }
        }
        Kind::Choice(list) => {
            if v.as_str().is_none_or(|s| choice_value(list, s).is_none()) {
                bad(format!("is {v}; allowed values: {}", choices(list)));
            }
        }
        Kind::Texts => {
            if !v
                .as_array()
                .is_some_and(|a| a.iter().all(|x| x.is_string()))
            {
                bad("must be a list of texts, like [\"a.jpg\", \"b.jpg\"]".into());
            }
        }
        Kind::Table(fields) => validate(v, fields, key, out),
        Kind::Tables(fields) => match v.as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    validate(item, fields, &format!("{key}[{}]", i + 1), out);
                }
            }
            None => bad("must be a list of tables ([[...]] in TOML)".into()),
        },
    }
}
