//! When an event takes place, as a visitor reads it: 「2026年12月20日（周日）14:00–17:00」, one
//! date for a same-day event, the weekday a phone user plans by, and the next date of an event
//! that repeats every year (宣传日, 清明 remembrance).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use super::catalog::Event;

const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];

fn day(d: NaiveDate, with_year: bool) -> String {
    let wd = WEEKDAYS[d.weekday().num_days_from_monday() as usize];
    if with_year {
        format!("{}年{}月{}日（周{wd}）", d.year(), d.month(), d.day())
    } else {
        format!("{}月{}日（周{wd}）", d.month(), d.day())
    }
}

/// The same wall-clock time `years` later; 29 February becomes 28 February in other years.
fn add_years(t: NaiveDateTime, years: i32) -> NaiveDateTime {
    let y = t.year() + years;
    t.with_year(y)
        .or_else(|| (t - Duration::days(1)).with_year(y))
        .unwrap_or(t)
}

/// The occurrence to show (start, end): the event's own, or for a yearly event the first one
/// that has not ended at `now` (never one before the date written).
pub fn occurrence(e: &Event, now: NaiveDateTime) -> (NaiveDateTime, Option<NaiveDateTime>) {
    if !e.yearly {
        return (e.start, e.end);
    }
    let ends = |s: NaiveDateTime, en: Option<NaiveDateTime>| {
        en.unwrap_or(if e.all_day { s + Duration::days(1) } else { s })
    };
    let mut k = (now.year() - e.start.year() - 1).max(0);
    loop {
        let (s, en) = (add_years(e.start, k), e.end.map(|x| add_years(x, k)));
        if ends(s, en) > now || k > 10_000 {
            return (s, en);
        }
        k += 1;
    }
}

/// The label of an occurrence: 「2026年12月20日（周日）14:00–17:00」, 「…14:00 至 12月21日（周一）
/// 17:00」, or dates alone for an all-day event.
pub fn label(start: NaiveDateTime, end: Option<NaiveDateTime>, all_day: bool) -> String {
    let time = |t: NaiveDateTime| t.format("%H:%M").to_string();
    let mut out = day(start.date(), true);
    if !all_day {
        out.push_str(&time(start));
    }
    let Some(end) = end.filter(|e| *e > start) else {
        return out;
    };
    if end.date() == start.date() {
        if !all_day {
            out.push('–');
            out.push_str(&time(end));
        }
        return out;
    }
    out.push_str(" 至 ");
    out.push_str(&day(end.date(), end.year() != start.year()));
    if !all_day {
        out.push_str(&time(end));
    }
    out
}

/// The occurrence's start for `<time datetime>`: a date, or a date and time.
pub fn datetime(e: &Event, now: NaiveDateTime) -> String {
    let start = occurrence(e, now).0;
    match e.all_day {
        true => start.format("%Y-%m-%d").to_string(),
        false => start.format("%Y-%m-%dT%H:%M").to_string(),
    }
}

/// The occurrence's end in the form of `datetime`, when it ends after it starts: a list's
/// calendar leaf shows a range of days from it (「20–22」 under 「12月」).
pub fn end_datetime(e: &Event, now: NaiveDateTime) -> Option<String> {
    let (start, end) = occurrence(e, now);
    let end = end.filter(|x| *x > start)?;
    Some(match e.all_day {
        true => end.format("%Y-%m-%d").to_string(),
        false => end.format("%Y-%m-%dT%H:%M").to_string(),
    })
}

/// What a page shows: the label of the event, or for a yearly one 「每年9月1日 · 下一次：…」.
pub fn describe(e: &Event, now: NaiveDateTime) -> String {
    let (s, en) = occurrence(e, now);
    let next = label(s, en, e.all_day);
    if e.yearly {
        format!(
            "每年{}月{}日 · 下一次：{next}",
            e.start.month(),
            e.start.day()
        )
    } else {
        next
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn at(s: &str) -> NaiveDateTime {
        yiyong_core::parse_datetime(s).unwrap()
    }

    fn event(start: &str, end: Option<&str>, yearly: bool) -> Event {
        Event {
            page: 0,
            start: at(start),
            end: end.map(at),
            all_day: start.len() == 10,
            yearly,
            value: Value::Null,
        }
    }

    #[test]
    fn labels_read_as_a_visitor_expects() {
        let now = at("2026-01-01T00:00:00");
        let cases = [
            (
                event("2026-12-20T14:00:00", Some("2026-12-20T17:00:00"), false),
                "2026年12月20日（周日）14:00–17:00",
            ),
            (
                event("2026-12-20T14:00:00", Some("2026-12-21T17:00:00"), false),
                "2026年12月20日（周日）14:00 至 12月21日（周一）17:00",
            ),
            (event("2026-12-20", None, false), "2026年12月20日（周日）"),
            (
                event("2026-12-31", Some("2027-01-02"), false),
                "2026年12月31日（周四） 至 2027年1月2日（周六）",
            ),
            (
                event("2026-12-20T09:30:00", None, false),
                "2026年12月20日（周日）09:30",
            ),
        ];
        for (e, want) in cases {
            assert_eq!(describe(&e, now), want);
        }
    }

    #[test]
    fn the_end_is_given_only_after_the_start() {
        let now = at("2026-01-01T00:00:00");
        let end = |e: Event| end_datetime(&e, now);
        assert_eq!(end(event("2026-12-20", None, false)), None);
        assert_eq!(end(event("2026-12-20", Some("2026-12-20"), false)), None);
        assert_eq!(
            end(event("2026-12-20", Some("2026-12-22"), false)).as_deref(),
            Some("2026-12-22")
        );
        assert_eq!(
            end(event(
                "2026-12-20T14:00:00",
                Some("2026-12-21T17:00:00"),
                false
            ))
            .as_deref(),
            Some("2026-12-21T17:00")
        );
        // A yearly event: the end of the occurrence shown.
        assert_eq!(
            end(event("2023-12-30", Some("2024-01-01"), true)).as_deref(),
            Some("2027-01-01")
        );
    }

    #[test]
    fn a_yearly_event_shows_its_next_date() {
        // Quanzhou's publicity day, first held on 1 September 2023.
        let e = event("2023-09-01", None, true);
        assert_eq!(
            describe(&e, at("2026-09-01T10:00:00")),
            "每年9月1日 · 下一次：2026年9月1日（周二）"
        );
        assert_eq!(
            describe(&e, at("2026-09-02T00:00:00")),
            "每年9月1日 · 下一次：2027年9月1日（周三）"
        );
        // Never before the date written.
        assert_eq!(
            occurrence(&e, at("2020-01-01T00:00:00")).0,
            at("2023-09-01")
        );
        let leap = event("2024-02-29T09:00:00", None, true);
        assert_eq!(
            occurrence(&leap, at("2025-01-01T00:00:00")).0,
            at("2025-02-28T09:00:00")
        );
    }
}
