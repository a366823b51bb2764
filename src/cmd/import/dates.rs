//! Dates and years in every form a sheet holds them: cells Excel formats as dates, Excel serial
//! numbers (a date whose format was lost), 2024年3月5日, 2024.3.5, 2024/3/5, full-width digits,
//! and for a year also 2024年度, 2019年5月, 2019.5.

use chrono::{Datelike, NaiveDate};

use super::sheet::Cell;

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

/// A year: a number (2019, or 2019.5 typed as year and month), a date's year (a cell formatted
/// as a date, a serial number, 2019年5月1日), or text such as 2024年 / 2024年度 / ２０２４ /
/// 2019年5月 / 2019-05.
pub fn year(c: &Cell) -> Option<i64> {
    let y = match c {
        Cell::Number(n) if (1000.0..=3000.0).contains(n) => n.floor() as i64,
        Cell::Text(s) => match text_year(s) {
            Some(y) => y,
            None => date(c)?.year().into(),
        },
        _ => date(c)?.year().into(),
    };
    (1949..=2100).contains(&y).then_some(y)
}

/// A year written alone (2024, 2024年, 2024年度) or with its month (2019年5月, 2019.5,
/// 2019-05, 2019/5).
fn text_year(s: &str) -> Option<i64> {
    let plain = yiyong_outreach::clerk::dates::ascii_digits(s.trim());
    let bare = plain.trim_end_matches('度').trim_end_matches('年');
    let four = |y: &str| match y.len() == 4 {
        true => y.parse().ok(),
        false => None,
    };
    if let Some(y) = four(bare) {
        return Some(y);
    }
    let (y, month) = bare.split_once(['年', '.', '-', '/'])?;
    let month: u32 = month
        .trim_end_matches('份')
        .trim_end_matches('月')
        .parse()
        .ok()?;
    four(y).filter(|_| (1..=12).contains(&month))
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
    fn years_in_every_form() {
        let may_2019 = NaiveDate::from_ymd_opt(2019, 5, 1).unwrap();
        for c in [
            Cell::Number(2019.0),
            Cell::Number(2019.5),
            Cell::Number(43586.0),
            Cell::Date(may_2019),
            Cell::Text("2019".into()),
            Cell::Text("2019年".into()),
            Cell::Text("２０１９年度".into()),
            Cell::Text("2019年5月".into()),
            Cell::Text("2019年05月份".into()),
            Cell::Text("2019.5".into()),
            Cell::Text("2019-05".into()),
            Cell::Text("2019/5".into()),
            Cell::Text("2019年5月1日".into()),
            Cell::Text("43586".into()),
        ] {
            assert_eq!(year(&c), Some(2019), "{c:?}");
        }
        for c in [
            Cell::Text("明年".into()),
            Cell::Text("2019年13月".into()),
            Cell::Text("19年".into()),
            Cell::Number(1900.0),
            Cell::Bool(true),
        ] {
            assert_eq!(year(&c), None, "{c:?}");
        }
    }
}
