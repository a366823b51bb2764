//! Links that open a place in the visitor's map app: the HTTPS web addresses of 高德, 百度 and
//! 腾讯 (app schemes fail inside WeChat's browser, where most visitors arrive), all with GCJ-02
//! coordinates, which all three accept, and the site's domain where the provider asks who sent
//! the visitor.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

use super::places::Place;

/// Everything but unreserved characters, so that a name holding `;`, `:` or `&` cannot break
/// Tencent's `marker=coord:…;title:…` or any query.
const PART: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

fn enc(s: &str) -> String {
    utf8_percent_encode(s, PART).to_string()
}

/// The host of `base_url`, for `src` and `referer`.
pub fn host(base_url: &str) -> String {
    let rest = base_url.split("://").nth(1).unwrap_or(base_url);
    rest.split(['/', '?', '#']).next().unwrap_or("").to_string()
}

pub struct Links {
    pub amap: String,
    pub baidu: String,
    pub tencent: String,
}

pub fn links(p: &Place, host: &str) -> Links {
    let (lon, lat) = p.point.gcj;
    let (name, addr, src) = (
        enc(&p.title),
        enc(if p.address.is_empty() {
            &p.title
        } else {
            &p.address
        }),
        enc(host),
    );
    Links {
        amap: format!("https://uri.amap.com/marker?position={lon:.6},{lat:.6}&name={name}&src={src}&coordinate=gaode&callnative=1"),
        baidu: format!("https://api.map.baidu.com/marker?location={lat:.6},{lon:.6}&title={name}&content={addr}&output=html&coord_type=gcj02&src=webapp.{src}"),
        tencent: format!("https://apis.map.qq.com/uri/v1/marker?marker=coord:{lat:.6},{lon:.6};title:{name};addr:{addr}&coord_type=2&referer={src}"),
    }
}
