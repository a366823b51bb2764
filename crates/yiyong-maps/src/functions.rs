//! Template functions, for the default theme, any Zola theme and the `map` shortcode:
//! `map(kind=…, district=…, place=…, list=true, nearest=false)` gives the picture and its list
//! as HTML; `map_image(…)` the URL of its PNG; `map_links(place=…)` the three map-app links.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{json, Value};
use tera::{Function, Result};
use yiyong_core::extension::{Functions, Reads};

use super::atlas::{Atlas, Selection};
use super::nav;

fn flag(args: &HashMap<String, Value>, k: &str, default: bool) -> bool {
    args.get(k).and_then(Value::as_bool).unwrap_or(default)
}

struct MapFn(Arc<Atlas>);
impl Function for MapFn {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        if self.0.places.is_empty() {
            return Ok(json!(""));
        }
        let sel = match self.0.selection(args) {
            Ok(sel) => sel,
            // `quiet=true`: nothing for a district without places (a district page that lists
            // only heroes), instead of the error a mistyped shortcode deserves.
            Err(_) if flag(args, "quiet", false) => return Ok(json!("")),
            Err(e) => return Err(tera::Error::msg(e)),
        };
        Ok(json!(self.0.html(
            &sel,
            flag(args, "list", true),
            flag(args, "nearest", false)
        )))
    }
    fn is_safe(&self) -> bool {
        true
    }
}

struct MapImage(Arc<Atlas>);
impl Function for MapImage {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let sel = match self.0.selection(args) {
            Ok(sel) => sel,
            Err(_) if flag(args, "quiet", false) => return Ok(json!("")),
            Err(e) => return Err(tera::Error::msg(e)),
        };
        let s = &self.0.settings;
        let drawn = s.png && (s.place_png || !matches!(sel, Selection::Place(_)));
        // (Place maps have files only with `place_png`.)
        Ok(json!(if drawn && !self.0.places.is_empty() {
            self.0.png_url(&sel)
        } else {
            String::new()
        }))
    }
}

struct MapLinks(Arc<Atlas>, String);
impl Function for MapLinks {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let path = args.get("place").and_then(Value::as_str).unwrap_or("");
        let Some(i) = self.0.place_at(path) else {
            return Ok(Value::Null);
        };
        let p = &self.0.places[i];
        let l = nav::links(p, &self.1);
        Ok(json!({
            "amap": l.amap, "baidu": l.baidu, "tencent": l.tencent,
            "lat": p.point.wgs.1, "lon": p.point.wgs.0,
            "gcj_lat": p.point.gcj.1, "gcj_lon": p.point.gcj.0,
            "number": p.number,
        }))
    }
}

pub fn register(f: &mut dyn Functions, atlas: Arc<Atlas>) {
    let host = atlas.host.clone();
    f.add("map", Reads::Site, Box::new(MapFn(atlas.clone())));
    f.add("map_image", Reads::Site, Box::new(MapImage(atlas.clone())));
    f.add("map_links", Reads::Site, Box::new(MapLinks(atlas, host)));
}
