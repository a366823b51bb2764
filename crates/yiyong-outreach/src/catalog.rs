//! The typed view of the site: heroes, places and events with their choices normalized, and
//! the statistics computed from them (never typed in by hand).

use std::collections::{BTreeMap, HashMap};

use chrono::{NaiveDateTime, TimeZone};
use chrono_tz::Asia::Shanghai;
use serde_json::{json, Map, Value};

use super::schema;
use super::Sections;
use crate::at::At;
use crate::hero_value::hero_value_keeping;
pub(crate) use crate::hero_value::{level_name, year_and_level, yuan_text, Keep};
use crate::typed_value::{base, normalize};
use yiyong_core::Config;
use yiyong_core::Library;
use yiyong_core::Page;

pub struct Event {
    pub page: usize,
    pub start: NaiveDateTime,
    pub end: Option<NaiveDateTime>,
    pub all_day: bool,
    /// `repeat = "yearly"`: the same date every year, from `start` on.
    pub yearly: bool,
    pub value: Value,
}

/// A hero as the list functions filter and count it. Its whole value (`Catalog::hero`) is
/// made from its page when a template asks for it: kept for every hero, the values were a
/// second copy of the heroes' front matter, 42 MB of the peak memory of a 10,000-hero build.
pub struct Hero {
    pub page: usize,
    /// The fields of the value's `hero` table that filters and statistics read (district,
    /// year, level, status, kind and the `_label`s), as the value has them.
    facts: Vec<(&'static str, Value)>,
    /// Each honour's year and ceremony name.
    honours: Vec<(Option<i64>, Option<String>)>,
}

/// What `Hero::new` reads of a hero's value: its facts, then its honours.
const HERO_ENTRY: &[&str] = &[
    "district",
    "year",
    "level",
    "level_label",
    "status",
    "status_label",
    "kind",
    "kind_label",
    "honours",
];

/// The keys of `Hero::facts` (what the entry reads but the honours).
const HERO_FACTS: &[&str] = HERO_ENTRY.split_at(HERO_ENTRY.len() - 1).0;

impl Hero {
    fn new(page: usize, value: &Value) -> Hero {
        let facts = HERO_FACTS
            .iter()
            .filter_map(|k| Some((*k, value.get("hero")?.get(*k)?.clone())))
            .collect();
        let honours = value
            .at("/hero/honours")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|h| {
                let year = h.get("year").and_then(Value::as_i64);
                let ceremony = h.at("/ceremony/name").and_then(Value::as_str);
                (year, ceremony.map(str::to_string))
            })
            .collect();
        Hero {
            page,
            facts,
            honours,
        }
    }

    /// A field of the value's `hero` table (one of `HERO_FACTS`).
    pub fn fact(&self, key: &str) -> Option<&Value> {
        self.facts.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// The honours' years and ceremony names.
    pub fn honours(&self) -> &[(Option<i64>, Option<String>)] {
        &self.honours
    }

    /// `{"hero": {facts}}`: what `count_by` reads.
    pub fn facts_value(&self) -> Value {
        let hero: Map<String, Value> = self
            .facts
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect();
        json!({ "hero": hero })
    }
}

/// What one page adds to the catalog.
enum Entry {
    Hero(Hero, Option<NaiveDateTime>),
    Place(Value),
    Event(Event),
    Team(Value),
    News(Value, Option<NaiveDateTime>),
}

pub struct Catalog {
    pub heroes: Vec<Hero>,
    pub places: Vec<Value>,
    pub events: Vec<Event>,
    /// Volunteer teams (志愿者队伍).
    pub teams: Vec<Value>,
    /// News items as list entries (title, address, date, description, `news`, `excerpt`).
    pub news: Vec<Value>,
    /// Indices into `heroes` and `news`, newest page date first (undated last): the home
    /// page's few latest, without `get_section` copying every page of a 10,000-hero section
    /// (two such calls were 280 MB of a build's peak memory).
    pub heroes_newest: Vec<usize>,
    pub news_newest: Vec<usize>,
    /// Indices into `events` by venue (`@/places/x.md`), in their order: each place's page
    /// asks for its events, and reading every event's venue for each of 1,000 places was
    /// 1.5% of a 10,000-hero build's CPU.
    pub events_by_venue: HashMap<String, Vec<usize>>,
}

/// Indices of `dates`, newest first; undated ones last, in their order.
fn newest_first(dates: &[Option<NaiveDateTime>]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..dates.len()).collect();
    order.sort_by(|&a, &b| dates[b].cmp(&dates[a]));
    order
}

/// A news item as list entry: `news` holds its `[extra.news]` with `category` (工作动态 when
/// left out) and `category_label`; `excerpt` is plain text for a list, cut at a sentence end
/// (made by `news_excerpt` while the Markdown source is still at hand).
fn news_value(page: &Page, excerpt: Option<&String>) -> Value {
    let mut news = page
        .meta
        .extra
        .get("news")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let (en, zh) = schema::news_category(page.meta.extra.get("news"));
    news.insert("category".into(), json!(en));
    news.insert("category_label".into(), json!(zh));
    let mut m = base(page);
    m.insert("news".into(), Value::Object(news));
    m.insert("excerpt".into(), json!(excerpt.map_or("", String::as_str)));
    Value::Object(m)
}

/// A news item's excerpt: its description when its writer finished it, else the opening of
/// its text; a description cut short by hand (「…」 mid-word) is used only when the text is
/// empty, up to its last whole sentence. Needs the page's Markdown source, which the core
/// drops before the template functions are made: the outreach layer calls this in
/// `transform`.
pub fn news_excerpt(page: &Page) -> String {
    use super::summary::{cut_by_hand, excerpt, markdown_text, EXCERPT_CHARS};
    let desc = page.meta.description.as_deref().map(str::trim);
    let desc = desc.filter(|d| !d.is_empty());
    if let Some(d) = desc.filter(|d| !cut_by_hand(d)) {
        return excerpt(d, EXCERPT_CHARS);
    }
    let body = excerpt(
        &markdown_text(&page.raw_content, EXCERPT_CHARS * 2),
        EXCERPT_CHARS,
    );
    if !body.is_empty() {
        return body;
    }
    let d = desc.unwrap_or_default();
    match d
        .char_indices()
        .rfind(|(_, c)| matches!(c, '。' | '！' | '？'))
    {
        Some((i, c)) => d[..i + c.len_utf8()].to_string(),
        None => d.to_string(),
    }
}

/// News excerpts by page file, made in `transform` (see `news_excerpt`).
pub type Excerpts = std::collections::HashMap<std::path::PathBuf, String>;

fn team_value(page: &Page) -> Option<Value> {
    let team = page.meta.extra.get("team")?.as_object()?.clone();
    let mut m = base(page);
    m.insert("team".into(), Value::Object(team));
    Some(Value::Object(m))
}

fn place_value(page: &Page) -> Option<Value> {
    let mut place = page.meta.extra.get("place")?.as_object()?.clone();
    normalize(&mut place, "kind", schema::PLACE_KINDS);
    let mut m = base(page);
    m.insert("place".into(), Value::Object(place));
    Some(Value::Object(m))
}

fn event(i: usize, page: &Page, lib: &Library) -> Option<Event> {
    let mut ev = page.meta.extra.get("event")?.as_object()?.clone();
    let start_s = ev.get("start")?.as_str()?.to_string();
    let start = beijing_time(&start_s)?;
    let end = ev.get("end").and_then(Value::as_str).and_then(beijing_time);
    let all_day = start_s.len() == 10;
    normalize(&mut ev, "repeat", schema::REPEATS);
    let yearly = ev.get("repeat").and_then(Value::as_str) == Some("yearly");
    if let Some(venue) = ev
        .get("venue")
        .and_then(Value::as_str)
        .and_then(|v| v.strip_prefix("@/"))
        .map(String::from)
    {
        if let Some(item) = lib.get(&venue) {
            let place = match item {
                yiyong_core::ItemRef::Page(p) => lib.pages[p].meta.title.clone(),
                yiyong_core::ItemRef::Section(s) => lib.sections[s].meta.title.clone(),
            };
            ev.insert("venue_name".into(), json!(place));
            ev.insert("venue_permalink".into(), json!(lib.permalink_of(item)));
        }
    } else if let Some(v) = ev.get("venue").cloned() {
        ev.insert("venue_name".into(), v);
    }
    let mut m = base(page);
    m.insert("event".into(), Value::Object(ev));
    Some(Event {
        page: i,
        start,
        end,
        all_day,
        yearly,
        value: Value::Object(m),
    })
}

impl Catalog {
    pub fn build(lib: &Library, config: &Config, excerpts: &Excerpts) -> Catalog {
        use rayon::prelude::*;
        let sections = Sections::from_config(config);
        // Each page's entry is made in parallel (at 10,000 heroes, 60 ms on one core before
        // any page renders), then sorted into the lists in the library's order.
        let entries: Vec<Entry> = (0..lib.pages.len())
            .into_par_iter()
            .filter_map(|i| {
                let page = &lib.pages[i];
                match sections.type_of(page)? {
                    "hero" => {
                        // Only what the entry keeps: the whole value was made and dropped.
                        let value = hero_value_keeping(page, Keep::Only(HERO_ENTRY));
                        value.map(|v| Entry::Hero(Hero::new(i, &v), page.datetime))
                    }
                    "place" => place_value(page).map(Entry::Place),
                    "event" => event(i, page, lib).map(Entry::Event),
                    "team" => team_value(page).map(Entry::Team),
                    "news" => Some(Entry::News(
                        news_value(page, excerpts.get(&page.file.path)),
                        page.datetime,
                    )),
                    _ => None,
                }
            })
            .collect();
        let (mut heroes, mut places, mut events, mut news) = (vec![], vec![], vec![], vec![]);
        let mut teams = vec![];
        let (mut hero_dates, mut news_dates) = (vec![], vec![]);
        for entry in entries {
            match entry {
                Entry::Hero(h, date) => {
                    heroes.push(h);
                    hero_dates.push(date);
                }
                Entry::Place(v) => places.push(v),
                Entry::Event(e) => events.push(e),
                Entry::Team(v) => teams.push(v),
                Entry::News(v, date) => {
                    news.push(v);
                    news_dates.push(date);
                }
            }
        }
        events.sort_by_key(|e| e.start);
        let mut events_by_venue: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in events.iter().enumerate() {
            if let Some(venue) = e.value.at("/event/venue").and_then(Value::as_str) {
                events_by_venue
                    .entry(venue.to_string())
                    .or_default()
                    .push(i);
            }
        }
        Catalog {
            events_by_venue,
            heroes,
            places,
            events,
            teams,
            news,
            heroes_newest: newest_first(&hero_dates),
            news_newest: newest_first(&news_dates),
        }
    }

    /// The value of hero `i` (an index into `heroes`) with the fields `keep` names, made
    /// from its page in `lib`. (Kept for the build instead, the 10,000 heroes' whole values
    /// were 34 MB of peak memory.)
    pub fn hero(&self, lib: &Library, i: usize, keep: Keep) -> Value {
        lib.pages
            .get(self.heroes[i].page)
            .and_then(|p| hero_value_keeping(p, keep))
            .unwrap_or(Value::Null)
    }

    /// Whether an event has ended, judged in Beijing time at build time.
    pub fn is_past(e: &Event, now: NaiveDateTime) -> bool {
        if e.yearly {
            return false;
        }
        let end = e.end.unwrap_or(if e.all_day {
            e.start + chrono::Duration::days(1)
        } else {
            e.start
        });
        end < now
    }

    pub fn now() -> NaiveDateTime {
        Shanghai
            .from_utc_datetime(&chrono::Utc::now().naive_utc())
            .naive_local()
    }
}

/// An event time as Beijing wall-clock time. A time with an offset (`Z`, `+00:00`) is that
/// instant converted to Asia/Shanghai; one without an offset already is Beijing time, as the
/// README says. Event times are compared, sorted and written to .ics files from this, so a
/// start in UTC and an end in Beijing time still compare as the instants they are.
pub fn beijing_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let with_offset = chrono::DateTime::parse_from_rfc3339(s)
        .or_else(|_| chrono::DateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f %:z"));
    match with_offset {
        Ok(dt) => Some(dt.with_timezone(&Shanghai).naive_local()),
        Err(_) => yiyong_core::parse_datetime(s),
    }
}

/// Counts of `key` (a path into each item) as `[{key, label, count}]`, largest first.
pub fn count_by(items: &[Value], pointer: &str, label_pointer: Option<&str>) -> Value {
    let mut counts: BTreeMap<String, (usize, Value)> = BTreeMap::new();
    for item in items {
        let Some(k) = item.at(pointer).filter(|v| !v.is_null()) else {
            continue;
        };
        let key = match k.as_str() {
            Some(s) => std::borrow::Cow::Borrowed(s),
            None => std::borrow::Cow::Owned(k.to_string()),
        };
        // A key met before is counted without a copy of it or of its label (the label is the
        // first item's): at 10,000 heroes the statistics made 50,000 of each.
        if let Some(entry) = counts.get_mut(key.as_ref()) {
            entry.0 += 1;
            continue;
        }
        let lbl = label_pointer
            .and_then(|p| item.at(p))
            .cloned()
            .unwrap_or_else(|| json!(key));
        counts.insert(key.into_owned(), (1, lbl));
    }
    let mut list: Vec<(String, (usize, Value))> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    Value::Array(
        list.into_iter()
            .map(|(k, (n, l))| json!({"key": k, "label": l, "count": n}))
            .collect(),
    )
}
