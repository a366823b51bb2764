//! The places of a site as the maps see them: each with its point, kind and a number that is
//! the same on every map and list of the site (by kind, then district, then title), so that
//! 「12」 on the site map and 「12」 on a district map are the same place.

use serde_json::Value;
use yiyong_core::{Config, Library};
use yiyong_outreach::schema::{choice_value, PLACE_KINDS};
use yiyong_outreach::Sections;

use super::coords::{self, Datum, Point};

#[derive(Debug, Clone)]
pub struct Place {
    /// Shown on the markers and the lists; 1-based.
    pub number: usize,
    pub title: String,
    pub permalink: String,
    /// The content path, e.g. `places/zijingshan-park.md`.
    pub relative: String,
    /// The English key of the kind (`theme_park`), its index in the schema, and its Chinese name.
    pub kind: &'static str,
    pub kind_index: usize,
    pub kind_label: &'static str,
    pub district: String,
    pub address: String,
    pub hours: String,
    pub point: Point,
}

/// A problem with one place's coordinates: its file, the message.
pub struct BadPoint {
    pub file: std::path::PathBuf,
    pub message: String,
}

/// The site's datum for coordinates without one: `[extra.yiyong.maps] datum`, else GCJ-02.
pub fn default_datum(config: &Config) -> Datum {
    super::settings(config)
        .and_then(|m| m.get("datum"))
        .and_then(Value::as_str)
        .and_then(Datum::parse)
        .unwrap_or(Datum::Gcj02)
}

/// Every place with coordinates, numbered; and the coordinates that could not be read.
pub fn collect(lib: &Library, config: &Config) -> (Vec<Place>, Vec<BadPoint>) {
    let sections = Sections::from_config(config);
    let datum = default_datum(config);
    let mut places = vec![];
    let mut bad = vec![];
    for page in lib.pages.iter() {
        if sections.type_of(page) != Some("place") {
            continue;
        }
        let Some(table) = page.meta.extra.get("place") else {
            continue;
        };
        let Some(coordinates) = table.get("coordinates") else {
            continue;
        };
        let point = match coords::read(coordinates, datum) {
            Ok(p) => p,
            Err(message) => {
                bad.push(BadPoint {
                    file: page.file.path.clone(),
                    message,
                });
                continue;
            }
        };
        let text = |k: &str| {
            table
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let kind = table
            .get("kind")
            .and_then(Value::as_str)
            .and_then(|k| choice_value(PLACE_KINDS, k))
            .unwrap_or("theme_park");
        let kind_index = PLACE_KINDS
            .iter()
            .position(|(en, _)| *en == kind)
            .unwrap_or(0);
        places.push(Place {
            number: 0,
            title: page.title().to_string(),
            permalink: page.permalink.clone(),
            relative: page.file.relative.clone(),
            kind,
            kind_index,
            kind_label: PLACE_KINDS[kind_index].1,
            district: text("district"),
            address: text("address"),
            hours: text("hours"),
            point,
        });
    }
    places.sort_by(|a, b| {
        (a.kind_index, &a.district, &a.title, &a.relative).cmp(&(
            b.kind_index,
            &b.district,
            &b.title,
            &b.relative,
        ))
    });
    for (i, p) in places.iter_mut().enumerate() {
        p.number = i + 1;
    }
    (places, bad)
}

/// The districts in the order of first appearance by district name (sorted).
pub fn districts(places: &[Place]) -> Vec<String> {
    let mut d: Vec<String> = places
        .iter()
        .map(|p| p.district.clone())
        .filter(|d| !d.is_empty())
        .collect();
    d.sort();
    d.dedup();
    d
}

/// The kinds present, in schema order.
pub fn kinds<'a>(places: impl Iterator<Item = &'a Place>) -> Vec<(&'static str, &'static str)> {
    let mut seen = [false; 16];
    for p in places {
        seen[p.kind_index.min(15)] = true;
    }
    PLACE_KINDS
        .iter()
        .enumerate()
        .filter(|(i, _)| seen[*i])
        .map(|(_, k)| *k)
        .collect()
}
