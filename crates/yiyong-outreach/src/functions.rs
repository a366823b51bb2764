//! Template functions of the outreach layer: typed lists with filters, and statistics.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_json::{json, Value};

use tera::{Function, Result};
use yiyong_core::extension::{Functions, Reads};
use yiyong_core::Library;

use super::by_path::{paths_arg, ByPath};
use super::catalog::{count_by, Catalog, Hero, Keep};
use super::kept_heroes::{kept, KeptHeroes};
use super::schema::{self, choice_value};
use crate::at::At;

fn arg<'a>(args: &'a HashMap<String, Value>, k: &str) -> Option<&'a Value> {
    args.get(k).filter(|v| !v.is_null())
}

/// Does `item` at `pointer` equal the argument (choices in either language)?
fn matches(
    item: &Value,
    pointer: &str,
    want: Option<&Value>,
    list: Option<&'static [(&'static str, &'static str)]>,
) -> bool {
    fact_matches(item.at(pointer), want, list)
}

/// Does a field's value `v` equal the argument (choices in either language)?
fn fact_matches(
    v: Option<&Value>,
    want: Option<&Value>,
    list: Option<&'static [(&'static str, &'static str)]>,
) -> bool {
    let Some(want) = want else { return true };
    let want = match (want.as_str(), list) {
        (Some(s), Some(l)) => choice_value(l, s).map(|v| json!(v)).unwrap_or(json!(s)),
        _ => want.clone(),
    };
    v.is_some_and(|v| v == &want || v.as_str().zip(want.as_str()).is_some_and(|(a, b)| a == b))
}

/// `newest=N`: the N latest by page date.
/// `fields=["name", "status_label", …]`: the `hero` fields a template reads, when it reads
/// few (a card); a list of field names.
fn fields_arg<'a>(
    args: &'a HashMap<String, Value>,
    function: &str,
) -> Result<Option<Vec<&'a str>>> {
    let Some(v) = arg(args, "fields") else {
        return Ok(None);
    };
    let names = v.as_array().and_then(|list| {
        list.iter()
            .map(Value::as_str)
            .collect::<Option<Vec<&str>>>()
    });
    names.map(Some).ok_or_else(|| {
        tera::Error::msg(format!(
            "{function}: `fields` is a list of the hero's field names, e.g. fields=[\"name\", \"status_label\"]"
        ))
    })
}

fn newest_arg(args: &HashMap<String, Value>, function: &str) -> Result<Option<usize>> {
    match arg(args, "newest") {
        None => Ok(None),
        Some(v) => v.as_u64().map(|n| Some(n as usize)).ok_or_else(|| {
            tera::Error::msg(format!("{function}: `newest` is a count, e.g. newest=5"))
        }),
    }
}

/// `get_news(newest=5)`: news items newest first (all of them without `newest`), as list
/// entries with `title`, `permalink`, `path`, `date`, `description`, `news` (its
/// `[extra.news]`, with `category` and `category_label`) and `excerpt`. `category="notice"`
/// (or 「通知公告」): only those (`"news"` includes the items that name no category);
/// `cover=true`: only items with a cover picture; `paths=[…]`: these items, in this order.
struct GetNews(Arc<Catalog>, ByPath);
impl Function for GetNews {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        if let Some(paths) = paths_arg(args, "get_news")? {
            return Ok(self.1.values(&self.0.news, paths));
        }
        let n = newest_arg(args, "get_news")?.unwrap_or(usize::MAX);
        let category = match arg(args, "category") {
            None => None,
            Some(v) => Some(
                v.as_str()
                    .and_then(schema::news_category_key)
                    .ok_or_else(|| {
                        tera::Error::msg(format!(
                            "get_news: `category` is \"news\" (工作动态) or \"notice\" (通知公告), not {v}"
                        ))
                    })?,
            ),
        };
        let cover = arg(args, "cover") == Some(&Value::Bool(true));
        let newest = self.0.news_newest.iter().map(|&i| &self.0.news[i]);
        let list = newest
            .filter(|v| {
                category.is_none_or(|c| v.at("/news/category").and_then(Value::as_str) == Some(c))
            })
            .filter(|v| {
                !cover
                    || v.at("/news/cover")
                        .and_then(Value::as_str)
                        .is_some_and(|c| !c.trim().is_empty())
            })
            .take(n)
            .cloned();
        Ok(Value::Array(list.collect()))
    }
}

struct GetHeroes(Arc<Catalog>, Arc<Library>, ByPath, KeptHeroes);

impl Function for GetHeroes {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let (c, lib) = (&self.0, &self.1);
        let fields = fields_arg(args, "get_heroes")?;
        let keep = fields.as_deref().map_or(Keep::All, Keep::Only);
        let value = |i: usize| c.hero(lib, i, keep);
        if let Some(paths) = paths_arg(args, "get_heroes")? {
            let path = |h: &Hero| lib.pages.get(h.page).map(|p| p.path.as_str());
            let picked = self.2.pick_by(&c.heroes, path, paths);
            // A pager's cards: each hero's is drawn again on other pagers (see `KeptHeroes`).
            if let (Some(fields), true) = (&fields, picked.len() > 1) {
                let slots = self.3.slots(fields, c.heroes.len());
                let kept = picked.into_iter().map(|i| kept(&slots, i, || value(i)));
                return Ok(kept.collect());
            }
            return Ok(picked.into_iter().map(value).collect());
        }
        if let Some(n) = newest_arg(args, "get_heroes")? {
            let newest = c.heroes_newest.iter().take(n);
            return Ok(newest.map(|&i| value(i)).collect());
        }
        let wanted = |h: &Hero| {
            let is = |key: &str, list| fact_matches(h.fact(key), arg(args, key), list);
            is("district", None)
                && is("year", None)
                && is("level", Some(schema::HONOUR_LEVELS))
                && is("status", Some(schema::HERO_STATUS))
                && is("kind", Some(schema::HERO_KINDS))
                && honoured(h, arg(args, "honoured_in"), arg(args, "ceremony"))
                // `undated=true`: the heroes with no year at all, which a roll by year misses.
                && (arg(args, "undated") != Some(&Value::Bool(true))
                    || h.fact("year").is_none_or(Value::is_null))
        };
        let picked = (0..c.heroes.len()).filter(|&i| wanted(&c.heroes[i]));
        Ok(Value::Array(picked.map(value).collect()))
    }
}

/// `honoured_in=2024`: heroes with an honour of that year; `ceremony="…"`: with an honour
/// given at that ceremony (the printable 群英谱 of a year or of one ceremony).
fn honoured(h: &Hero, year: Option<&Value>, ceremony: Option<&Value>) -> bool {
    let year = year.and_then(|y| y.as_i64().or_else(|| y.as_str()?.trim().parse().ok()));
    let ceremony = ceremony.and_then(Value::as_str);
    if year.is_none() && ceremony.is_none() {
        return true;
    }
    h.honours().iter().any(|(y, c)| {
        year.is_none_or(|want| *y == Some(want))
            && ceremony.is_none_or(|want| c.as_deref() == Some(want))
    })
}

/// `get_places(kind, district)`; `paths=[…]`: these places, in this order (a district
/// page's pager holds places among its other pages: the rest are left out).
struct GetPlaces(Arc<Catalog>, ByPath);
impl Function for GetPlaces {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        if let Some(paths) = paths_arg(args, "get_places")? {
            return Ok(self.1.values(&self.0.places, paths));
        }
        let list = self.0.places.iter().filter(|p| {
            matches(
                p,
                "/place/kind",
                arg(args, "kind"),
                Some(schema::PLACE_KINDS),
            ) && matches(p, "/place/district", arg(args, "district"), None)
        });
        Ok(Value::Array(list.cloned().collect()))
    }
}

struct GetEvents(Arc<Catalog>, ByPath);
impl Function for GetEvents {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let now = Catalog::now();
        let with_past = |e: &super::catalog::Event| {
            let mut v = e.value.clone();
            v["past"] = json!(Catalog::is_past(e, now));
            v["when"] = json!(super::when::describe(e, now));
            v["datetime"] = json!(super::when::datetime(e, now));
            if let Some(end) = super::when::end_datetime(e, now) {
                v["end_datetime"] = json!(end);
            }
            v
        };
        if let Some(paths) = paths_arg(args, "get_events")? {
            let picked = self.1.pick(&self.0.events, |e| &e.value, paths);
            return Ok(picked
                .into_iter()
                .map(|i| with_past(&self.0.events[i]))
                .collect());
        }
        let when = arg(args, "when").and_then(Value::as_str).unwrap_or("all");
        if !["all", "upcoming", "past"].contains(&when) {
            return Err(tera::Error::msg(format!(
                "get_events: `when` is \"all\", \"upcoming\" or \"past\", not \"{when}\""
            )));
        }
        let all = &self.0.events;
        let mut events: Vec<&super::catalog::Event> =
            match arg(args, "venue").and_then(Value::as_str) {
                Some(place) => (self.0.events_by_venue.get(place).into_iter().flatten())
                    .map(|&i| &all[i])
                    .collect(),
                None => all.iter().collect(),
            };
        events.retain(|e| match when {
            "upcoming" => !Catalog::is_past(e, now),
            "past" => Catalog::is_past(e, now),
            _ => true,
        });
        // What is coming up comes in the order it happens: a yearly event by its next date.
        if when == "upcoming" {
            events.sort_by_key(|e| super::when::occurrence(e, now).0);
        }
        let mut list: Vec<Value> = events.into_iter().map(with_past).collect();
        if when == "past" {
            list.reverse();
        }
        Ok(Value::Array(list))
    }
}

/// Puts counts of a choice in the schema's order (national before provincial…).
fn in_schema_order(mut counts: Value, list: &[(&str, &str)]) -> Value {
    if let Value::Array(items) = &mut counts {
        items.sort_by_key(|i| {
            list.iter()
                .position(|(en, _)| Some(*en) == i["key"].as_str())
                .unwrap_or(usize::MAX)
        });
    }
    counts
}

/// The statistics, counted once per build: the theme asks on every page of the roll and its
/// views (633 calls of 45 ms each on the 10,000-hero corpus before, 87% of the template time).
struct GetStatistics(Arc<Catalog>, OnceLock<Value>);
impl Function for GetStatistics {
    fn call(&self, _: &HashMap<String, Value>) -> Result<Value> {
        Ok(self.1.get_or_init(|| statistics(&self.0)).clone())
    }
}

fn statistics(c: &Catalog) -> Value {
    // The heroes' fields that are counted, as values for `count_by` (made here, once a build).
    let heroes: Vec<Value> = c.heroes.iter().map(Hero::facts_value).collect();
    let mut by_year = count_by(&heroes, "/hero/year", None);
    if let Value::Array(list) = &mut by_year {
        list.sort_by(|a, b| a["key"].as_str().cmp(&b["key"].as_str()));
    }
    let now = Catalog::now();
    let past = c.events.iter().filter(|e| Catalog::is_past(e, now)).count();
    json!({
        "heroes": {
            "total": c.heroes.len(),
            "by_year": by_year,
            "by_district": count_by(&heroes, "/hero/district", None),
            "by_level": in_schema_order(count_by(&heroes, "/hero/level", Some("/hero/level_label")), schema::HONOUR_LEVELS),
            "by_status": in_schema_order(count_by(&heroes, "/hero/status", Some("/hero/status_label")), schema::HERO_STATUS),
            "by_kind": in_schema_order(count_by(&heroes, "/hero/kind", Some("/hero/kind_label")), schema::HERO_KINDS),
        },
        "places": {
            "total": c.places.len(),
            "by_kind": in_schema_order(count_by(&c.places, "/place/kind", Some("/place/kind_label")), schema::PLACE_KINDS),
            "by_district": count_by(&c.places, "/place/district", None),
        },
        "events": { "total": c.events.len(), "upcoming": c.events.len() - past, "past": past },
        "teams": super::team_fns::team_statistics(c),
    })
}

/// `optional_url(path="@/stats.md")`: the address of a page or section, or "" when the site
/// has none: a theme's links to optional pages (statistics, about, events) then drop out,
/// where `get_url` (as in Zola) fails every page that links to a missing one.
struct OptionalUrl(Arc<Library>);
impl Function for OptionalUrl {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let path = arg(args, "path").and_then(Value::as_str).ok_or_else(|| {
            tera::Error::msg("optional_url needs `path`, e.g. optional_url(path=\"@/stats.md\")")
        })?;
        let relative = path.strip_prefix("@/").unwrap_or(path);
        let url = self.0.get(relative).map(|item| self.0.permalink_of(item));
        Ok(json!(url.unwrap_or("")))
    }
}

/// `service_topics()`: the service pages' topics in the order a visitor's questions come (how
/// to apply, what is given, what is protected, how to give, the rest), as `{key, label}`: the
/// key is what a service page's `topic` holds (the outreach layer writes the English key
/// whichever language the clerk used), the label its Chinese name.
struct ServiceTopics;
impl Function for ServiceTopics {
    fn call(&self, _: &HashMap<String, Value>) -> Result<Value> {
        let topics = schema::SERVICE_TOPICS
            .iter()
            .map(|(key, label)| json!({ "key": key, "label": label }));
        Ok(Value::Array(topics.collect()))
    }
}

pub fn register(
    f: &mut dyn Functions,
    lib: &Arc<Library>,
    catalog: Arc<Catalog>,
    years: Arc<std::collections::BTreeMap<i64, Value>>,
) {
    use super::team_fns::{GetTeams, GetYearly};
    f.add(
        "get_teams",
        Reads::Site,
        Box::new(GetTeams(catalog.clone(), ByPath::default())),
    );
    // Reads a data file, not content: `Site` is what re-renders its pages after an edit.
    f.add("get_yearly", Reads::Site, Box::new(GetYearly(years)));
    f.add(
        "optional_url",
        Reads::Site,
        Box::new(OptionalUrl(lib.clone())),
    );
    f.add(
        "get_heroes",
        Reads::Site,
        Box::new(GetHeroes(
            catalog.clone(),
            lib.clone(),
            ByPath::default(),
            KeptHeroes::default(),
        )),
    );
    f.add(
        "get_news",
        Reads::Site,
        Box::new(GetNews(catalog.clone(), ByPath::default())),
    );
    f.add(
        "get_places",
        Reads::Site,
        Box::new(GetPlaces(catalog.clone(), ByPath::default())),
    );
    f.add(
        "get_events",
        Reads::Site,
        Box::new(GetEvents(catalog.clone(), ByPath::default())),
    );
    f.add(
        "get_statistics",
        Reads::Site,
        Box::new(GetStatistics(catalog, OnceLock::new())),
    );
    f.add("bar_chart", Reads::Args, Box::new(super::charts::BarChart));
    f.add(
        "pinyin_sort",
        Reads::Args,
        Box::new(super::pinyin_order::PinyinSort),
    );
    f.add("tel", Reads::Args, Box::new(super::tel::Tel));
    f.add("service_topics", Reads::Args, Box::new(ServiceTopics));
}
