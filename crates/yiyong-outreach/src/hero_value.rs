//! A hero's value as `get_heroes` gives it (`{title, permalink, path, date, description,
//! hero}`), whole or with only the fields a template names (`fields=[…]`).

use chrono::Datelike;
use serde_json::{json, Map, Value};

use crate::schema::{self, choice_value};
use crate::typed_value::{base, label, normalize};
use yiyong_core::Page;

/// Which of the `hero` table's fields a value holds: all, or those named (`fields=[…]`).
/// A roll's card reads eight of a hero's twenty-odd fields, and the default theme draws
/// 40,000 cards at 10,000 heroes: whole values were made, hashed (the card memo's key) and
/// dropped for each (see docs/outreach-bench.md).
#[derive(Clone, Copy)]
pub enum Keep<'a> {
    All,
    Only(&'a [&'a str]),
}

impl Keep<'_> {
    fn has(self, key: &str) -> bool {
        match self {
            Keep::All => true,
            Keep::Only(list) => list.contains(&key),
        }
    }
}

/// The value of a hero page (None for a page without `[extra.hero]`) with the `hero` fields
/// `keep` names. Each field is what the whole value holds: choices normalized with their
/// `*_label`, and `martyr`, `first_honour`, `year`, `honour_years`, `level` and
/// `level_label` derived from the whole table.
pub(crate) fn hero_value_keeping(page: &Page, keep: Keep) -> Option<Value> {
    let source = page.meta.extra.get("hero")?.as_object()?;
    let mut hero = match keep {
        Keep::All => source.clone(),
        // Looked up by the names (a card names eight of twenty-odd fields), each with the
        // field its `*_label` is made from.
        Keep::Only(list) => list
            .iter()
            .flat_map(|k| std::iter::once(*k).chain(k.strip_suffix("_label")))
            .filter_map(|k| Some((k.to_string(), source.get(k)?.clone())))
            .collect(),
    };
    // Each worked out only when kept: a card keeps the year alone, and going over the honours
    // for the level on each of 40,000 cards was 0.8% of a 10,000-hero build.
    let year = || json!(hero_year(page, source));
    let best = || best_level(source);
    normalize(&mut hero, "kind", schema::HERO_KINDS);
    normalize(&mut hero, "status", schema::HERO_STATUS);
    let martyr = source.get("martyr").and_then(Value::as_bool) == Some(true);
    if let Some(Value::Array(honours)) = hero.get_mut("honours") {
        for h in honours.iter_mut().filter_map(Value::as_object_mut) {
            normalize(h, "level", schema::HONOUR_LEVELS);
            normalize(h, "type", schema::HONOUR_TYPES);
            award(h);
        }
    }
    let honours = source.get("honours").and_then(Value::as_array);
    let honour_years = || -> Vec<i64> {
        let years = honours.into_iter().flatten();
        years.filter_map(|h| h.get("year")?.as_i64()).collect()
    };
    let level_label = || best().map_or(Value::Null, |b| label(schema::HONOUR_LEVELS, b));
    // The first honour's title, for a card that shows it alone (copying every honour with
    // its labels for it was most of a card's value).
    let first_honour = || {
        let first = honours.and_then(|h| h.first());
        first
            .and_then(|h| h.get("title"))
            .cloned()
            .unwrap_or(Value::Null)
    };
    let derived: [(&str, &dyn Fn() -> Value); 6] = [
        ("martyr", &|| json!(martyr)),
        ("first_honour", &first_honour),
        ("year", &year),
        ("honour_years", &|| json!(honour_years())),
        ("level", &|| json!(best())),
        ("level_label", &level_label),
    ];
    for (key, value) in derived {
        if keep.has(key) {
            hero.insert(key.into(), value());
        }
    }
    if let Keep::Only(_) = keep {
        // A field read only for its label goes.
        hero.retain(|k, _| keep.has(k));
    }
    let mut m = base(page);
    m.insert("hero".into(), Value::Object(hero));
    Some(Value::Object(m))
}

/// A hero's year (its deed's, else its page's) and highest honour level (English value), as
/// its value (`hero_value_keeping`) has them: the roll's year and honour views file it by these, and
/// made from the whole value they were 0.8% of a 10,000-hero build.
pub(crate) fn year_and_level(
    page: &Page,
    hero: &Map<String, Value>,
) -> (Option<i32>, Option<&'static str>) {
    (hero_year(page, hero), best_level(hero))
}

/// The year of a hero's deed, else of its page's date.
fn hero_year(page: &Page, hero: &Map<String, Value>) -> Option<i32> {
    let deed_year = hero
        .get("deed_date")
        .and_then(Value::as_str)
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse::<i32>().ok());
    deed_year.or(page.datetime.map(|d| d.year()))
}

/// The highest level among a hero's honours (its English value).
fn best_level(hero: &Map<String, Value>) -> Option<&'static str> {
    let rank = |l: &str| {
        schema::HONOUR_LEVELS
            .iter()
            .position(|(en, _)| *en == l)
            .unwrap_or(99)
    };
    let mut best: Option<&'static str> = None;
    let honours = hero.get("honours").and_then(Value::as_array);
    for h in honours.into_iter().flatten().filter_map(Value::as_object) {
        let level = h.get("level").and_then(Value::as_str);
        if let Some(l) = level.and_then(|l| choice_value(schema::HONOUR_LEVELS, l)) {
            if best.is_none_or(|b| rank(l) < rank(b)) {
                best = Some(l);
            }
        }
    }
    best
}

/// The Chinese name of a honour level (an English value).
pub(crate) fn level_name(level: &str) -> Option<&'static str> {
    let found = schema::HONOUR_LEVELS.iter().find(|(en, _)| *en == level);
    found.map(|(_, zh)| *zh)
}

/// An honour's `award` as a number of yuan (`award_yuan`) and as text (`award_label`,
/// 「20万元」), however staff wrote it.
fn award(h: &mut Map<String, Value>) {
    if let Some(n) = h.get("award").and_then(schema::amount) {
        h.insert("award_yuan".into(), json!(n as u64));
        h.insert("award_label".into(), json!(yuan_text(n)));
    }
}

/// An amount in yuan as Chinese reports write it: 「20万元」, 「1.5万元」, 「5000元」.
pub fn yuan_text(n: f64) -> String {
    if n >= 100_000_000.0 && (n / 1_000_000.0).fract() == 0.0 {
        return format!("{}亿元", trim_zeros(n / 100_000_000.0));
    }
    if n >= 10_000.0 && (n / 100.0).fract() == 0.0 {
        return format!("{}万元", trim_zeros(n / 10_000.0));
    }
    format!("{}元", trim_zeros(n))
}

fn trim_zeros(n: f64) -> String {
    let s = format!("{n:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
