//! Tera's `date` filter, with its format strings parsed once. Tera parses a format three times
//! per call (to check it, to read the date, to write it), which was 5% of a build whose
//! templates show a date on every page. The common calls (a date or an RFC 3339 date-time,
//! with only `format`) are answered here with the very chrono calls Tera makes; anything
//! else, errors included, goes to Tera's own filter.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::{DateTime, FixedOffset, Locale, Utc};
use tera::{Result, Value};

thread_local! {
    static ITEMS: RefCell<HashMap<String, Option<Rc<Vec<Item<'static>>>>>> = RefCell::default();
}

/// A format parsed as Tera's filter parses it (POSIX locale); `None` if it has an error.
fn items(format: &str) -> Option<Rc<Vec<Item<'static>>>> {
    ITEMS.with(|cache| {
        if let Some(known) = cache.borrow().get(format) {
            return known.clone();
        }
        let parsed = StrftimeItems::new_with_locale(format, Locale::POSIX)
            .parse_to_owned()
            .ok()
            .map(Rc::new);
        cache
            .borrow_mut()
            .insert(format.to_string(), parsed.clone());
        parsed
    })
}

pub fn date(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    match fast(value, args) {
        Some(s) => Ok(Value::String(s)),
        None => teras_date(value, args),
    }
}

/// The built-in filter, from a Tera of its own (the one being rendered has ours instead).
fn teras_date(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    static BUILTINS: std::sync::OnceLock<tera::Tera> = std::sync::OnceLock::new();
    BUILTINS
        .get_or_init(tera::Tera::default)
        .get_filter("date")?
        .filter(value, args)
}

fn fast(value: &Value, args: &HashMap<String, Value>) -> Option<String> {
    let format = match (args.len(), args.get("format")) {
        (0, _) => "%Y-%m-%d",
        (1, Some(Value::String(f))) => f.as_str(),
        _ => return None,
    };
    let Value::String(s) = value else { return None };
    format_date(s, format)
}

/// What `s | date(format=format)` gives for a date or an RFC 3339 date-time; `None` for
/// anything else (Tera's filter then decides, or fails).
pub fn format_date(s: &str, format: &str) -> Option<String> {
    let out = items(format)?;
    let posix = Locale::POSIX;
    Some(if s.contains('T') {
        let dt = s.parse::<DateTime<FixedOffset>>().ok()?;
        dt.format_localized_with_items(out.iter(), posix)
            .to_string()
    } else {
        // `NaiveDate::parse_from_str(s, "%Y-%m-%d")`, with the format parsed once.
        let mut parsed = Parsed::new();
        chrono::format::parse(&mut parsed, s, items("%Y-%m-%d")?.iter()).ok()?;
        let day = parsed.to_naive_date().ok()?;
        let midnight = day.and_hms_opt(0, 0, 0)?;
        DateTime::<Utc>::from_naive_utc_and_offset(midnight, Utc)
            .format_localized_with_items(out.iter(), posix)
            .to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_teras_filter_does() {
        let values = [
            "2024-03-05",
            "2024-3-5",
            "1999-12-31",
            "2024-02-30",
            "20240305",
            "2024-03-05T08:09:10+08:00",
            "2024-03-05T08:09:10Z",
            "2024-03-05T08:09:10.123456Z",
            "2024-03-05T08:09:10",
            "not a date",
            "",
        ];
        let formats = [
            None,
            Some("%Y年%m月%d日"),
            Some("%A %B %e %c %x %X %r %p %j %U %:z %Z %s"),
            Some("%Y-%m-%dT%H:%M:%S%.f"),
            Some("%Q"),
            Some("%"),
        ];
        let mut compared = 0;
        for v in values {
            for f in formats {
                let mut args = HashMap::new();
                if let Some(f) = f {
                    args.insert("format".to_string(), Value::from(f));
                }
                let value = Value::from(v);
                let ours = date(&value, &args).map_err(|e| e.to_string());
                let tera = teras_date(&value, &args).map_err(|e| e.to_string());
                assert_eq!(ours, tera, "{v} {f:?}");
                compared += ours.is_ok() as usize;
            }
        }
        assert!(compared > 20);
        let with_locale: HashMap<String, Value> = [
            ("format".to_string(), Value::from("%A")),
            ("locale".to_string(), Value::from("zh_CN")),
        ]
        .into();
        let v = Value::from("2024-03-05");
        assert_eq!(date(&v, &with_locale).unwrap(), Value::from("星期二"));
        assert_eq!(
            date(&Value::from(0), &HashMap::new()).unwrap(),
            Value::from("1970-01-01")
        );
    }
}
