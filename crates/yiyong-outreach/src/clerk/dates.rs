//! What is wrong with a date as a clerk types it, and the date they meant.
//!
//! One function for every place a date is refused (an unquoted `date = 2026/12/01` that TOML
//! rejects, a quoted `"2026-02-30"` the core rejects, a `deed_date` the outreach validator
//! rejects), so the same mistake gets the same words wherever it is made.

use chrono::{Datelike, NaiveDate};

use super::text as t;

/// A date mistake: what is wrong, and the date written the right way when one can be made.
pub struct DateHint {
    pub problem: String,
    pub fixed: Option<String>,
}

/// Full-width digits and separators as ASCII (`２０２６－１２－０１` → `2026-12-01`).
pub fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '－' => '-',
            '／' => '/',
            '．' => '.',
            '：' => ':',
            c => c,
        })
        .collect()
}

fn numbers(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The date's calendar problem (no 13th month, no 30 February), or None when it exists.
fn calendar(y: i32, m: u32, d: u32) -> Option<String> {
    if !(1..=12).contains(&m) {
        return Some(t::DATE_NO_MONTH.fmt(&[("month", &m)]));
    }
    if NaiveDate::from_ymd_opt(y, m, d).is_none() {
        let last = (28..=31)
            .rev()
            .find(|d| NaiveDate::from_ymd_opt(y, m, *d).is_some())
            .unwrap_or(28);
        return Some(t::DATE_NO_DAY.fmt(&[
            ("year", &y),
            ("month", &m),
            ("day", &d),
            ("last", &last),
        ]));
    }
    None
}

/// Why `typed` is not a date yiyong reads, or None when it is one (or nothing like a date).
/// A time after the date (`2027-01-05 9:00`) is kept as typed in the fix.
pub fn hint(typed: &str) -> Option<DateHint> {
    let raw = typed.trim().trim_matches('"');
    let ascii = ascii_digits(raw);
    let (date_part, time_part) = match ascii.find([' ', 'T']) {
        Some(i)
            if ascii[..i]
                .chars()
                .all(|c| c.is_ascii_digit() || "-/.".contains(c)) =>
        {
            (&ascii[..i], Some(ascii[i..].trim_start_matches(' ')))
        }
        _ => (ascii.as_str(), None),
    };
    let with_time = |date: String| match time_part {
        Some(t) if t.starts_with('T') => format!("{date}{t}"),
        Some(t) => format!("{date} {t}"),
        None => date,
    };
    let n = numbers(date_part);
    if n.len() != 3 || n[0].len() != 4 || n[1].len() > 2 || n[2].len() > 2 {
        return None;
    }
    let (y, m, d) = (
        n[0].parse::<i32>().ok()?,
        n[1].parse::<u32>().ok()?,
        n[2].parse::<u32>().ok()?,
    );
    let fixed = format!("{y:04}-{m:02}-{d:02}");
    if let Some(problem) = calendar(y, m, d) {
        return Some(DateHint {
            problem,
            fixed: None,
        });
    }
    let chinese = date_part.contains('年');
    let separators: String = date_part.chars().filter(|c| !c.is_ascii_digit()).collect();
    let problem = if chinese {
        t::DATE_CHINESE.text().to_string()
    } else if separators != "--" {
        t::DATE_SEPARATOR
            .fmt(&[("sep", &separators.chars().next().unwrap_or('/'))])
            .to_string()
    } else if n[1].len() == 1 || n[2].len() == 1 {
        t::DATE_TWO_DIGITS.text().to_string()
    } else if raw != ascii {
        t::DATE_FULLWIDTH.text().to_string()
    } else {
        // Nothing wrong with the date itself: the time after it may be, which is not ours.
        return None;
    };
    Some(DateHint {
        problem,
        fixed: Some(with_time(fixed)),
    })
}

/// A year typed in Chinese numerals or full-width digits (`二〇二四`, `２０２４`) as a number.
pub fn year_number(typed: &str) -> Option<i32> {
    let s: String = ascii_digits(typed.trim())
        .chars()
        .map(
            |c| match "〇零一二三四五六七八九".chars().position(|d| d == c) {
                Some(0) | Some(1) => '0',
                Some(i) => char::from_digit(i as u32 - 1, 10).unwrap_or(c),
                None => c,
            },
        )
        .collect();
    let s = s.trim_end_matches('年');
    let y: i32 = s.parse().ok()?;
    (1949..=2100).contains(&y).then_some(y)
}

/// Whether a date exists on the calendar (for tests and callers that only need yes or no).
pub fn exists(y: i32, m: u32, d: u32) -> bool {
    NaiveDate::from_ymd_opt(y, m, d).is_some_and(|x| x.year() == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(s: &str) -> Option<String> {
        hint(s).and_then(|h| h.fixed)
    }

    #[test]
    fn the_dates_clerks_type() {
        assert_eq!(fixed("2026/12/01").as_deref(), Some("2026-12-01"));
        assert_eq!(fixed("2026.12.1").as_deref(), Some("2026-12-01"));
        assert_eq!(fixed("2026-12-1").as_deref(), Some("2026-12-01"));
        assert_eq!(fixed("2026年12月1日").as_deref(), Some("2026-12-01"));
        assert_eq!(fixed("２０２６-12-01").as_deref(), Some("2026-12-01"));
        assert_eq!(fixed("2027/1/5 09:00").as_deref(), Some("2027-01-05 09:00"));
        assert!(hint("2026-02-30").is_some_and(|h| h.fixed.is_none()));
        assert!(hint("2026-13-01").is_some_and(|h| h.fixed.is_none()));
        assert!(hint("2026-12-01").is_none());
        assert!(hint("王小明").is_none());
        assert!(exists(2024, 2, 29) && !exists(2026, 2, 29));
    }

    #[test]
    fn years_in_chinese_numerals() {
        assert_eq!(year_number("二〇二四"), Some(2024));
        assert_eq!(year_number("２０２４"), Some(2024));
        assert_eq!(year_number("2024年"), Some(2024));
        assert_eq!(year_number("去年"), None);
    }
}
