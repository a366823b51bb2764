//! Tera's `date` filter, with its format strings parsed once. Tera parses a format three times
//! per call (to check it, to read the date, to write it), which was 5% of a build whose
//! templates show a date on every page. The common calls (a date or an RFC 3339 date-time,
//! with only `format`) are answered here with the very chrono calls Tera makes, and
//! remembered per thread; anything else, errors included, goes to Tera's own filter. Also
//! Tera's `now()`, reused for a tenth of a second.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chrono::format::{Item, Parsed, StrftimeItems};
use chrono::{DateTime, FixedOffset, Locale, Utc};
use tera::{Result, Value};

thread_local! {
    static ITEMS: RefCell<HashMap<String, Option<Rc<Vec<Item<'static>>>>>> = RefCell::default();
    /// Dates already formatted, by format and date: a site's pages share a few thousand
    /// dates, shown once on the page and twice in each feed.
    static FORMATTED: RefCell<(String, HashMap<String, String>)> = RefCell::default();
    /// Tera's `now()`, reused for `NOW_REUSE`: it looks up the local time zone on every
    /// call (1,900 instructions), templates put `{{ now() | date(format="%Y") }}` on every
    /// page, and rendering a whole site takes about a second.
    static NOW: RefCell<Option<Now>> = const { RefCell::new(None) };
}

/// When `now()` was called, with which arguments, and what it gave.
type Now = (std::time::Instant, HashMap<String, Value>, Value);

const NOW_REUSE: std::time::Duration = std::time::Duration::from_millis(100);
/// Dates kept per thread before the memo starts over.
const FORMATTED_MAX: usize = 8192;

/// Tera's `now` function, computed at most once per `NOW_REUSE` for the same arguments.
pub fn now(args: &HashMap<String, Value>) -> Result<Value> {
    if let Some(v) = NOW.with(|n| match &*n.borrow() {
        Some((at, a, v)) if a == args && at.elapsed() < NOW_REUSE => Some(v.clone()),
        _ => None,
    }) {
        return Ok(v);
    }
    let v = teras().get_function("now")?.call(args)?;
    NOW.with(|n| *n.borrow_mut() = Some((std::time::Instant::now(), args.clone(), v.clone())));
    Ok(v)
}

/// A Tera of its own, for the built-ins ours stand in front of.
fn teras() -> &'static tera::Tera {
    static BUILTINS: std::sync::OnceLock<tera::Tera> = std::sync::OnceLock::new();
    BUILTINS.get_or_init(tera::Tera::default)
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
    // Tera's filter panics on a timestamp chrono cannot represent.
    if let Some(seconds) = value.as_i64() {
        if DateTime::from_timestamp(seconds, 0).is_none() {
            return Err(tera::Error::msg(format!(
                "Filter `date`: the timestamp {seconds} is out of range (dates go from year -262143 to 262142)"
            )));
        }
    }
    match fast(value, args) {
        Some(s) => Ok(Value::String(s)),
        None => teras_date(value, args),
    }
}

/// The built-in filter, from a Tera of its own (the one being rendered has ours instead).
fn teras_date(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    teras().get_filter("date")?.filter(value, args)
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
    FORMATTED.with(|memo| {
        let (key, known) = &mut *memo.borrow_mut();
        key.clear();
        key.extend([format, "\u{0}", s]);
        if let Some(out) = known.get(key.as_str()) {
            return Some(out.clone());
        }
        let out = format_uncached(s, format)?;
        if known.len() >= FORMATTED_MAX {
            known.clear();
        }
        known.insert(key.clone(), out.clone());
        Some(out)
    })
}

fn format_uncached(s: &str, format: &str) -> Option<String> {
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
    fn now_is_teras_reused_briefly() {
        let args = |pairs: &[(&str, Value)]| -> HashMap<String, Value> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect()
        };
        let tera_now = |a: &HashMap<String, Value>| teras().get_function("now")?.call(a);
        for a in [
            args(&[]),
            args(&[("utc", Value::Bool(true))]),
            args(&[("timestamp", Value::Bool(true))]),
        ] {
            let ours = now(&a).unwrap();
            assert_eq!(now(&a).unwrap(), ours, "reused within {NOW_REUSE:?}");
            let theirs = tera_now(&a).unwrap();
            match (&ours, &theirs) {
                (Value::String(o), Value::String(t)) => {
                    let o = DateTime::parse_from_rfc3339(o).unwrap();
                    let t = DateTime::parse_from_rfc3339(t).unwrap();
                    assert_eq!(o.offset(), t.offset());
                    assert!((t - o).num_milliseconds().abs() < 1000);
                }
                (Value::Number(o), Value::Number(t)) => {
                    assert!(t.as_i64().unwrap() - o.as_i64().unwrap() <= 1)
                }
                other => panic!("{other:?}"),
            }
        }
        std::thread::sleep(NOW_REUSE);
        let first = now(&args(&[])).unwrap();
        std::thread::sleep(NOW_REUSE);
        assert_ne!(
            now(&args(&[])).unwrap(),
            first,
            "computed again after {NOW_REUSE:?}"
        );
        let bad = args(&[("utc", Value::from("yes"))]);
        assert_eq!(
            now(&bad).map_err(|e| e.to_string()),
            tera_now(&bad).map_err(|e| e.to_string())
        );
    }

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
                let again = date(&value, &args).map_err(|e| e.to_string());
                assert_eq!(again, tera, "remembered: {v} {f:?}");
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
        let huge = date(&Value::from(99_999_999_999_999_999i64), &HashMap::new());
        assert!(huge.unwrap_err().to_string().contains("out of range"));
    }
}
