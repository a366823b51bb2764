//! iCalendar (RFC 5545) files: one per event page, beside its HTML, and a site-wide calendar
//! feed in the events section. Times are Beijing time (Asia/Shanghai, no daylight saving).

use chrono::{Duration, NaiveDateTime};
use serde_json::Value;

use super::catalog::{Catalog, Event};
use super::Sections;
use crate::at::At;
use yiyong_core::error::Diagnostic;
use yiyong_core::extension::RenderedSite;

const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// Escapes TEXT values: backslash, semicolon, comma and newlines.
fn text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets without splitting a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let w = c.len_utf8();
        if width + w > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += w;
    }
    out.push_str("\r\n");
    out
}

fn stamp(dt: NaiveDateTime) -> String {
    dt.format("%Y%m%dT%H%M%S").to_string()
}

fn vevent(e: &Event, r: &dyn RenderedSite) -> String {
    let page = &r.library().pages[e.page];
    let v = &e.value;
    let s = |ptr: &str| v.at(ptr).and_then(Value::as_str).map(String::from);
    let mut lines = vec![
        "BEGIN:VEVENT".to_string(),
        format!("UID:{}", page.permalink),
    ];
    // DTSTAMP must be UTC; the start time (Beijing − 8 h) keeps the file unchanged between builds.
    lines.push(format!("DTSTAMP:{}Z", stamp(e.start - Duration::hours(8))));
    if e.all_day {
        let end = e.end.map(|d| d.date()).unwrap_or(e.start.date()) + Duration::days(1);
        lines.push(format!("DTSTART;VALUE=DATE:{}", e.start.format("%Y%m%d")));
        lines.push(format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")));
    } else {
        lines.push(format!("DTSTART;TZID=Asia/Shanghai:{}", stamp(e.start)));
        lines.push(format!(
            "DTEND;TZID=Asia/Shanghai:{}",
            stamp(e.end.unwrap_or(e.start + Duration::hours(1)))
        ));
    }
    if e.yearly {
        lines.push("RRULE:FREQ=YEARLY".into());
    }
    lines.push(format!("SUMMARY:{}", text(page.title())));
    if let Some(venue) = s("/event/venue_name") {
        lines.push(format!("LOCATION:{}", text(&venue)));
    }
    let mut desc = page.meta.description.clone().unwrap_or_default();
    for (label, ptr) in [
        ("主办", "/event/organizer"),
        ("报名", "/event/registration"),
    ] {
        if let Some(x) = s(ptr) {
            desc.push_str(&format!("\n{label}：{x}"));
        }
    }
    if !desc.trim().is_empty() {
        lines.push(format!("DESCRIPTION:{}", text(desc.trim())));
    }
    lines.push(format!("URL:{}", page.permalink));
    lines.push("END:VEVENT".into());
    lines.iter().map(|l| fold(l)).collect()
}

fn calendar(name: &str, events: &[&Event], r: &dyn RenderedSite) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//yiyong//outreach calendar//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        out.push_str(&fold(l));
    }
    out.push_str(&fold(&format!("X-WR-CALNAME:{}", text(name))));
    out.push_str(&fold("X-WR-TIMEZONE:Asia/Shanghai"));
    out.push_str(VTIMEZONE);
    for e in events {
        out.push_str(&vevent(e, r));
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

/// `EVENT_PATH/event.ics` for each event and `EVENTS_SECTION/calendar.ics` for all of them.
pub fn write_calendars(
    r: &dyn RenderedSite,
    catalog: &Catalog,
    sections: &Sections,
) -> Vec<Diagnostic> {
    let mut errors = vec![];
    for e in &catalog.events {
        let page = &r.library().pages[e.page];
        let rel = format!("{}event.ics", page.path.trim_start_matches('/'));
        errors.extend(
            r.write_file(&rel, calendar(page.title(), &[e], r).as_bytes())
                .err(),
        );
    }
    if !catalog.events.is_empty() {
        let site = r.config().title.clone().unwrap_or_default();
        let all: Vec<&Event> = catalog.events.iter().collect();
        let rel = format!("{}/calendar.ics", sections.event);
        errors.extend(
            r.write_file(&rel, calendar(&format!("{site} 活动"), &all, r).as_bytes())
                .err(),
        );
    }
    errors
}

#[cfg(test)]
mod tests {
    #[test]
    fn folds_without_breaking_characters() {
        let long = format!("SUMMARY:{}", "见义勇为".repeat(10));
        let folded = super::fold(&long);
        assert!(folded.lines().all(|l| l.len() <= 75));
        assert_eq!(folded.replace("\r\n ", ""), format!("{long}\r\n"));
        assert_eq!(super::text("a,b;c\nd"), "a\\,b\\;c\\nd");
    }
}
