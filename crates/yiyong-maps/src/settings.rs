//! `[extra.yiyong.maps]` in config.toml, every key optional.

use serde_json::Value;
use yiyong_core::Config;

#[derive(Debug)]
pub struct Settings {
    /// `enabled = false` turns the maps off: `map()` gives nothing and no file is written.
    pub enabled: bool,
    /// Neighbours shown on a place's own map: within this many kilometres.
    pub near_km: f64,
    /// Longer lists are grouped by district (linking each district's page).
    pub list_limit: usize,
    /// PNG copies of the site, kind and district maps; and, when asked, of each place's map
    /// (whose SVG file its page always shows).
    pub png: bool,
    pub place_png: bool,
    /// The owner's CJK font file for the PNGs (relative to the site), else a system font.
    pub font: Option<String>,
    /// The taxonomy whose terms are the districts' pages.
    pub district_taxonomy: String,
    /// The output folder of the map files.
    pub folder: String,
    /// 天地图 browser key and the approval number printed with its tiles (both needed).
    pub tianditu: Option<(String, String)>,
}

pub fn table(config: &Config) -> Option<&serde_json::Map<String, Value>> {
    config.extra.get("yiyong")?.get("maps")?.as_object()
}

impl Settings {
    pub fn read(config: &Config) -> Settings {
        let t = table(config);
        let get = |k: &str| t.and_then(|t| t.get(k));
        let text = |k: &str| get(k).and_then(Value::as_str).map(str::to_string);
        let flag = |k: &str, d: bool| get(k).and_then(Value::as_bool).unwrap_or(d);
        let tianditu = get("tianditu").and_then(|v| {
            Some((
                v.get("tk")?.as_str()?.to_string(),
                v.get("approval")?.as_str()?.to_string(),
            ))
        });
        Settings {
            enabled: flag("enabled", true),
            near_km: get("near_km")
                .and_then(Value::as_f64)
                .filter(|v| *v > 0.0 && *v <= 50.0)
                .unwrap_or(3.0),
            list_limit: get("list_limit")
                .and_then(Value::as_u64)
                .map(|v| v as usize)
                .unwrap_or(200),
            png: flag("png", true),
            // Off by default: at 5,000 places they weighed 270 MB, and a place page's preview
            // picture is its photo (or its district's map).
            place_png: flag("place_png", false),
            font: text("font"),
            district_taxonomy: text("district_taxonomy").unwrap_or_else(|| "districts".into()),
            folder: text("folder")
                .map(|f| f.trim_matches('/').to_string())
                .filter(|f| !f.is_empty())
                .unwrap_or_else(|| "maps".into()),
            tianditu,
        }
    }

    /// The optional background: `[extra.yiyong.maps.background]` with `image` (below
    /// `static/`), `north`, `south`, `east`, `west` (degrees, CGCS2000 / WGS-84) and `approval`.
    pub fn background(&self, config: &Config) -> Option<Background> {
        let b = table(config)?.get("background")?;
        let n = |k: &str| b.get(k).and_then(yiyong_outreach::schema::number);
        let image = b.get("image")?.as_str()?.trim_start_matches('/');
        Some(Background {
            href: config.make_permalink(image),
            local: image.to_string(),
            north_west: (n("west")?, n("north")?),
            south_east: (n("east")?, n("south")?),
            approval: b.get("approval")?.as_str()?.to_string(),
        })
    }

    /// What is wrong with the settings, for `validate`.
    pub fn problems(config: &Config) -> Vec<String> {
        let mut out = vec![];
        let Some(t) = table(config) else { return out };
        if let Some(b) = t.get("background") {
            let n = |k: &str| b.get(k).and_then(yiyong_outreach::schema::number);
            let ok = ["north", "south", "east", "west"]
                .iter()
                .all(|k| n(k).is_some())
                && b.get("image").and_then(Value::as_str).is_some()
                && b.get("approval")
                    .and_then(Value::as_str)
                    .is_some_and(|s| !s.trim().is_empty());
            if !ok {
                out.push("[extra.yiyong.maps.background] needs `image` (a picture below static/), `north`, `south`, `east`, `west` (its corners in degrees) and `approval` (its 审图号, printed under the map)".into());
            } else if n("north") <= n("south") || n("east") <= n("west") {
                out.push("[extra.yiyong.maps.background]: `north` must be greater than `south` and `east` greater than `west`".into());
            }
        }
        if let Some(v) = t.get("tianditu") {
            let ok = |k: &str| {
                v.get(k)
                    .and_then(Value::as_str)
                    .is_some_and(|s| !s.trim().is_empty())
            };
            if !ok("tk") || !ok("approval") {
                out.push("[extra.yiyong.maps.tianditu] needs `tk` (the site's 天地图 browser key) and `approval` (the 审图号 shown on tianditu.gov.cn, e.g. \"GS（2024）0650号\")".into());
            }
        }
        out
    }
}

/// An owner-supplied picture from the official standard-map service, placed by its corners.
#[derive(Debug)]
pub struct Background {
    pub href: String,
    /// Its file below `static/`, which the PNG is drawn from.
    pub local: String,
    /// WGS-84 (CGCS2000) corners: (west, north) and (east, south).
    pub north_west: (f64, f64),
    pub south_east: (f64, f64),
    /// Printed under the map, e.g. 「底图审图号：豫S（2023）023号」.
    pub approval: String,
}
