//! Coordinates as staff type them: `lat`, `lon` and a datum (GCJ-02 when left out, since the
//! 高德 and 腾讯 pickers give GCJ-02), converted once to WGS-84 for drawing and to GCJ-02 for
//! the map apps' links. The conversions are `coordtransform`'s (mainland outline, Hong Kong and
//! Macau left unshifted).

use serde_json::Value;
use yiyong_outreach::schema::number;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Datum {
    Wgs84,
    Gcj02,
    Bd09,
}

impl Datum {
    pub fn parse(s: &str) -> Option<Datum> {
        match s
            .trim()
            .to_ascii_lowercase()
            .replace(['-', '_'], "")
            .as_str()
        {
            "wgs84" => Some(Datum::Wgs84),
            "gcj02" => Some(Datum::Gcj02),
            "bd09" | "bd09ll" => Some(Datum::Bd09),
            _ => None,
        }
    }
}

/// A point, (lon, lat) in both systems the site needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// For drawing (Web Mercator) and the browser's geolocation, which is WGS-84.
    pub wgs: (f64, f64),
    /// For 高德, 百度 and 腾讯 links.
    pub gcj: (f64, f64),
}

impl Point {
    pub fn from_datum(lon: f64, lat: f64, datum: Datum) -> Point {
        use coordtransform as ct;
        let gcj = match datum {
            Datum::Gcj02 => (lon, lat),
            Datum::Wgs84 => ct::wgs84_to_gcj02(lon, lat),
            Datum::Bd09 => ct::bd09_to_gcj02(lon, lat),
        };
        let wgs = match datum {
            Datum::Wgs84 => (lon, lat),
            _ => ct::gcj02_to_wgs84(gcj.0, gcj.1),
        };
        Point { wgs, gcj }
    }
}

/// The generous box around China used to catch typing mistakes; the exact outline decides
/// only whether the GCJ-02 shift applies.
fn in_china_box(lat: f64, lon: f64) -> bool {
    (18.0..=53.6).contains(&lat) && (73.0..=135.1).contains(&lon)
}

/// Reads `[extra.place.coordinates]`; `Err` is a message for staff (the caller adds the file
/// and line). `default` is the site's datum (`[extra.yiyong.maps] datum`, else GCJ-02).
pub fn read(table: &Value, default: Datum) -> Result<Point, String> {
    let num = |k: &str| table.get(k).and_then(number);
    let (Some(lat), Some(lon)) = (num("lat"), num("lon")) else {
        return Err("[extra.place.coordinates] needs `lat` and `lon` as numbers, like lat = 34.7599 and lon = 113.6853 (no quotes)".into());
    };
    let datum = match table.get("datum").and_then(Value::as_str) {
        None => default,
        Some(s) => Datum::parse(s).ok_or_else(|| {
            format!("`datum` is \"{s}\"; use \"gcj02\" (高德/腾讯 pickers, the default), \"bd09\" (百度 picker) or \"wgs84\" (GPS)")
        })?,
    };
    check(lat, lon)?;
    Ok(Point::from_datum(lon, lat, datum))
}

fn check(lat: f64, lon: f64) -> Result<(), String> {
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        let swapped = (-90.0..=90.0).contains(&lon) && in_china_box(lon, lat);
        return Err(if swapped {
            format!("lat = {lat} is out of range (−90 to 90); lat and lon look swapped: lat is about 18–54 and lon about 73–135 in China")
        } else {
            format!("lat = {lat}, lon = {lon} are out of range: lat is from −90 to 90 and lon from −180 to 180 (in China lat is about 18–54 and lon about 73–135)")
        });
    }
    if in_china_box(lat, lon) {
        return Ok(());
    }
    if in_china_box(lon, lat) {
        return Err(format!("lat = {lat}, lon = {lon} lie outside China, but swapped they lie inside: lat and lon look swapped (lat is about 18–54, lon about 73–135)"));
    }
    Err(format!("lat = {lat}, lon = {lon} lie outside China; copy the point again from the 高德 or 腾讯 coordinate picker (lat is about 18–54, lon about 73–135)"))
}

/// Distance in metres between two WGS-84 points (haversine; ample for "within a few km").
pub fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 6_371_008.8;
    let (la1, la2) = (a.1.to_radians(), b.1.to_radians());
    let dla = la2 - la1;
    let dlo = (b.0 - a.0).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn zijingshan_offset_is_about_574_m() {
        // 紫荆山, Zhengzhou, WGS-84 (113.6853, 34.7599): the research measured 573.9 m.
        let p = Point::from_datum(113.6853, 34.7599, Datum::Wgs84);
        let d = distance_m(p.wgs, p.gcj);
        assert!((d - 574.0).abs() < 5.0, "{d}");
        // Back from GCJ-02 to WGS-84 within a few centimetres.
        let q = Point::from_datum(p.gcj.0, p.gcj.1, Datum::Gcj02);
        assert!(distance_m(q.wgs, p.wgs) < 0.05);
        // BD-09 is a second shift on top: about 1.27 km from WGS-84.
        let bd = coordtransform::gcj02_to_bd09(p.gcj.0, p.gcj.1);
        assert!((distance_m(bd, p.wgs) - 1271.7).abs() < 10.0);
        let r = Point::from_datum(bd.0, bd.1, Datum::Bd09);
        assert!(distance_m(r.gcj, p.gcj) < 0.05);
    }

    #[test]
    fn hong_kong_is_not_shifted() {
        let p = Point::from_datum(114.1694, 22.3193, Datum::Wgs84);
        assert_eq!(p.wgs, p.gcj);
    }

    #[test]
    fn bad_points_are_explained() {
        let r = |lat: Value, lon: Value| read(&json!({"lat": lat, "lon": lon}), Datum::Gcj02);
        assert!(r(json!(34.76), json!(113.68)).is_ok());
        assert!(r(json!("３４．７６"), json!("１１３．６８")).is_ok());
        let e = r(json!(113.68), json!(34.76)).unwrap_err();
        assert!(e.contains("swapped"), "{e}");
        let e = r(json!(48.85), json!(2.35)).unwrap_err();
        assert!(e.contains("outside China") && !e.contains("swapped"), "{e}");
        let e = r(json!(95.0), json!(113.0)).unwrap_err();
        assert!(e.contains("out of range"), "{e}");
        let e = r(json!("东经"), json!(113.0)).unwrap_err();
        assert!(e.contains("numbers"), "{e}");
        let e = read(
            &json!({"lat": 34.7, "lon": 113.6, "datum": "baidu"}),
            Datum::Gcj02,
        )
        .unwrap_err();
        assert!(e.contains("bd09"), "{e}");
    }
}
