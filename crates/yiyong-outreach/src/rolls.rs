//! The rolls at provincial scale: the hero roll, news list and events archive in pages of a
//! few dozen, and the hero roll's views by year and by honour level as taxonomies the core
//! already knows how to paginate.
//!
//! A province's roll is thousands of heroes (Liaoning alone has honoured 4,485); on one page
//! that was 4.2 MB of HTML, unusable on a phone. Zola paginates a section only when its
//! `_index.md` says `paginate_by`, and the sites `yiyong init` made before did not, so the
//! typed sections get a page size when their author set none. `paginate_by = 0` keeps a
//! section on one page, as an author who wants that can say.

use serde_json::Value;

use yiyong_core::extension::TaxonomyConfig;
use yiyong_core::{parse_datetime, Page, Section};

use super::schema;
use super::Sections;

/// The hero roll's views: a term per year of the deed and per best honour level.
pub const HERO_YEARS: &str = "hero-years";
pub const HERO_LEVELS: &str = "hero-levels";
/// News items of a category other than 工作动态 (通知公告), a term each: the notices' own
/// pages. 工作动态 is the news section itself and is not filed twice.
pub const NEWS_CATEGORIES: &str = "news-categories";

/// Cards per page of the hero roll and its views: 4 rows of a desktop's 4–5 cards a row, a
/// short scroll of 2 a row on a phone, and about 70 KB of HTML with photos.
const HEROES_PER_PAGE: usize = 48;
/// News items and events per page: a title, date and line of summary each.
const NEWS_PER_PAGE: usize = 20;
const EVENTS_PER_PAGE: usize = 30;

/// The hero roll's two view taxonomies and the notices' one.
pub fn taxonomies() -> Vec<TaxonomyConfig> {
    [
        (HERO_YEARS, HEROES_PER_PAGE),
        (HERO_LEVELS, HEROES_PER_PAGE),
        (NEWS_CATEGORIES, NEWS_PER_PAGE),
    ]
    .into_iter()
    .map(|(name, size)| TaxonomyConfig {
        name: name.into(),
        paginate_by: Some(size),
        feed: false,
        render: true,
        ..TaxonomyConfig::default()
    })
    .collect()
}

/// Gives the typed sections a page size where their `_index.md` sets none.
pub fn default_page_sizes(sections: &mut [Section], typed: &Sections) {
    for s in sections {
        let dir = s
            .file
            .relative
            .trim_end_matches("_index.md")
            .trim_end_matches('/');
        let size = match dir {
            d if d == typed.hero => HEROES_PER_PAGE,
            d if d == typed.news => NEWS_PER_PAGE,
            d if d == typed.event => EVENTS_PER_PAGE,
            _ => continue,
        };
        s.meta.paginate_by.get_or_insert(size);
    }
}

/// Files a hero page under its year and best honour level, the same ones `get_heroes` and
/// `get_statistics` report (the deed's year, else the page's).
///
/// A hero page without `date` is dated by its deed first: Zola leaves an undated page out of
/// a list sorted by date, and a clerk who wrote the deed's date would not expect the hero to
/// be missing from the roll (the date in a file's name is Zola's own such fallback).
pub fn file_hero(page: &mut Page) {
    date_from(page, "hero", "deed_date");
    let Some(hero) = page.meta.extra.get("hero").and_then(Value::as_object) else {
        return;
    };
    let (year, level) = super::catalog::year_and_level(page, hero);
    let level = level.and_then(super::catalog::level_name);
    for (taxonomy, term) in [
        (HERO_YEARS, year.map(|y| y.to_string())),
        (
            HERO_LEVELS,
            level.filter(|l| !l.is_empty()).map(str::to_string),
        ),
    ] {
        match term {
            Some(t) => page.meta.taxonomies.insert(taxonomy.into(), vec![t]),
            None => page.meta.taxonomies.remove(taxonomy),
        };
    }
}

/// Dates a page without `date` by `[extra.<table>] <key>` (a hero's deed, an event's start),
/// when that reads as a date.
pub fn date_from(page: &mut Page, table: &str, key: &str) {
    if page.datetime.is_some() {
        return;
    }
    let typed = page.meta.extra.get(table).and_then(|t| t.get(key));
    let text = typed.and_then(Value::as_str).map(str::to_string);
    if let Some((text, dt)) = text.and_then(|t| Some((t.clone(), parse_datetime(&t)?))) {
        page.date = Some(text);
        page.datetime = Some(dt);
    }
}

/// Files a news item of a category other than 工作动态 (a notice) under that category's name.
pub fn file_news(page: &mut Page) {
    match schema::news_category(page.meta.extra.get("news")) {
        ("news", _) => page.meta.taxonomies.remove(NEWS_CATEGORIES),
        (_, label) => page
            .meta
            .taxonomies
            .insert(NEWS_CATEGORIES.into(), vec![label.to_string()]),
    };
}
