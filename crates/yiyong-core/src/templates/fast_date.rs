//! Fast path for the `date` filter and `now()`. General path: `filters::date`, Tera's built-in filter
//! (behind a guard), which parses its format three times per call (to check it, to read the
//! date, to write it). The common calls (a date or an RFC 3339 date-time, with `format` as
//! the only argument) are answered here with the very chrono calls Tera makes, the format
//! parsed once and the result remembered per thread; anything else, errors included, goes to
//! the general path. Tera's `now()` is reused for a tenth of a second: it looks up the local
//! time zone on every call, templates put `{{ now() | date(format="%Y") }}` on every page, and
//! a fresh value each time also defeats the memo of formatted dates.
//!
//! Figure (docs/fast-paths.md): warm rebuild of the 1,000-hero Zola corpus, `callgrind`,
//! `RAYON_NUM_THREADS=1`: the date filter in page templates costs 7.6 M instructions here and
//! 20.0 M through Tera; with the feed entries' dates, 24 M of 611 M instructions (4%) are
//! saved; reusing `now()` saves another 2.5% of the 10,000-hero build's instructions (5,390 M
//! against 5,524 M, about 4% of the template stage). The association's theme passes
//! `timezone`, so its dates take the general path (`now()` is reused there too).
//! Build with `RUSTFLAGS="--cfg yiyong_general_date"` to measure without it.
//!
//! Contract: `date_answers_as_the_general_filter` and `now_is_teras_reused_briefly` in
//! src/fast_paths_tests/mod.rs.

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
    /// Tera's `now()`, reused for `NOW_REUSE`.
    static NOW: RefCell<Option<Now>> = const { RefCell::new(None) };
}

/// When `now()` was called, with which arguments, and what it gave.
type Now = (std::time::Instant, HashMap<String, Value>, Value);

pub const NOW_REUSE: std::time::Duration = std::time::Duration::from_millis(100);

/// Tera's `now` function, computed at most once per `NOW_REUSE` for the same arguments.
pub fn now(args: &HashMap<String, Value>) -> Result<Value> {
    if let Some(v) = NOW.with(|n| match &*n.borrow() {
        Some((at, a, v)) if a == args && at.elapsed() < NOW_REUSE => Some(v.clone()),
        _ => None,
    }) {
        return Ok(v);
    }
    let v = super::filters::builtins().get_function("now")?.call(args)?;
    NOW.with(|n| *n.borrow_mut() = Some((std::time::Instant::now(), args.clone(), v.clone())));
    Ok(v)
}

/// Dates kept per thread before the memo starts over.
const FORMATTED_MAX: usize = 8192;

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

/// The `date` filter: the fast answer, or the general filter's.
pub fn date(value: &Value, args: &HashMap<String, Value>) -> Result<Value> {
    match fast(value, args) {
        Some(s) => Ok(Value::String(s)),
        None => super::filters::date(value, args),
    }
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
/// anything else (the general filter then decides, or fails).
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
