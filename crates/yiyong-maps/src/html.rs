//! A map as a page shows it: the picture inside a `<figure>`, and beside it the real content,
//! a list of the places (number, name, kind, district, address, hours and the three map-app
//! links) that screen readers and search engines read and that works with no picture at all.

use std::fmt::Write;

use super::nav;
use super::places::Place;
use super::svg::{esc, Svg, CAPTION};

pub struct ListOptions<'a> {
    pub id: &'a str,
    pub host: &'a str,
    /// Offer 「离我最近」 (the script is added once per list).
    pub nearest: Option<&'a str>,
    /// Beyond this many places the list is grouped by district with a link to each district's
    /// page, so that a page of 5,000 places does not weigh megabytes.
    pub limit: usize,
    /// District name → its page.
    pub district_url: &'a dyn Fn(&str) -> Option<String>,
    /// Each entry's coordinates, for the 「离我最近」 script and the 天地图 layer.
    pub coords: bool,
    /// The three map-app links on each entry (a place page's list of neighbours leaves them to
    /// the neighbours' own pages: fifteen of them were 9 KB on each of 5,000 pages).
    pub nav: bool,
}

pub fn figure(svg: &Svg, places_count: usize, extra_caption: &str) -> String {
    // Inside a page the picture scales with the CSS and is set in the page's fonts: the size
    // and the font list are for the file (viewers, resvg), and the font list is 130 bytes on
    // each of 5,000 place pages. Only the opening tag is rewritten.
    let markup = svg.markup();
    let open = markup.find('>').map_or(0, |i| i + 1);
    let size = format!(
        r#" width="{w}" height="{h}""#,
        w = num(svg.width),
        h = num(svg.height)
    );
    let fonts = format!(r#" font-family="{}""#, super::svg::FONTS);
    let head = markup[..open]
        .replacen(&size, "", 1)
        .replacen(&fonts, "", 1);
    let mut out = String::with_capacity(markup.len() + 240);
    out.push_str(r#"<figure class="yy-map-figure">"#);
    out.push_str(&head);
    out.push_str(&markup[open..]);
    let _ = write!(
        out,
        "<figcaption>{CAPTION}{extra}。共 {places_count} 处，图中编号与列表一致。</figcaption></figure>",
        extra = esc(extra_caption)
    );
    out
}

fn num(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

pub fn list(places: &[&Place], o: &ListOptions) -> String {
    let mut s = String::with_capacity(places.len() * 900);
    if places.len() > o.limit {
        return summary(places, o);
    }
    if let Some(script) = o.nearest {
        let _ = write!(
            s,
            r#"<div class="map-near" data-list="{id}-list" hidden><button type="button" class="map-near-btn">离我最近</button> <span class="map-near-status" role="status" aria-live="polite"></span></div><script src="{script}" defer></script>"#,
            id = o.id,
            script = esc(script)
        );
    }
    let _ = write!(s, r#"<ul class="map-list" id="{}-list">"#, o.id);
    for p in places {
        item(&mut s, p, o);
    }
    s.push_str("</ul>");
    s
}

fn item(s: &mut String, p: &Place, o: &ListOptions) {
    let t = esc(&p.title);
    let _ = write!(
        s,
        r#"<li class="map-item" id="place-{n}"{coords}><span class="map-no">{n}</span> <a class="map-name" href="{href}">{t}</a> <span class="map-kind">{kind}</span>"#,
        n = p.number,
        coords = if o.coords {
            format!(
                r#" data-lat="{:.6}" data-lon="{:.6}""#,
                p.point.wgs.1, p.point.wgs.0
            )
        } else {
            String::new()
        },
        href = esc(&p.permalink),
        kind = p.kind_label
    );
    // The district, unless the address already names it (「泉州市 · 泉州市」 said it twice).
    let district_said = p.district.is_empty() || p.address.contains(p.district.as_str());
    let facts: Vec<String> = [
        (!district_said).then(|| esc(&p.district)),
        (!p.address.is_empty()).then(|| esc(&p.address)),
        (!p.hours.is_empty()).then(|| format!("开放时间 {}", esc(&p.hours))),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !facts.is_empty() {
        let _ = write!(s, r#"<span class="map-facts">{}</span>"#, facts.join(" · "));
    }
    let dist = if o.nearest.is_some() {
        r#"<span class="map-dist"></span>"#
    } else {
        ""
    };
    if !o.nav {
        s.push_str(dist);
        s.push_str("</li>");
        return;
    }
    let l = nav::links(p, o.host);
    let _ = write!(
        s,
        r#"<span class="map-nav">导航：<a href="{}" rel="noopener" aria-label="用高德地图打开{t}">高德</a> <a href="{}" rel="noopener" aria-label="用百度地图打开{t}">百度</a> <a href="{}" rel="noopener" aria-label="用腾讯地图打开{t}">腾讯</a></span>{dist}</li>"#,
        esc(&l.amap),
        esc(&l.baidu),
        esc(&l.tencent)
    );
}

fn summary(places: &[&Place], o: &ListOptions) -> String {
    let mut groups: Vec<(&str, usize)> = vec![];
    for p in places {
        match groups.iter_mut().find(|(d, _)| *d == p.district) {
            Some(g) => g.1 += 1,
            None => groups.push((&p.district, 1)),
        }
    }
    groups.sort();
    let mut s = format!(r#"<ul class="map-list map-summary" id="{}-list">"#, o.id);
    for (d, n) in groups {
        let name = if d.is_empty() { "未填地区" } else { d };
        match (o.district_url)(d) {
            Some(url) => {
                let _ = write!(
                    s,
                    r#"<li><a href="{}">{}</a>：{n} 处</li>"#,
                    esc(&url),
                    esc(name)
                );
            }
            None => {
                let _ = write!(s, "<li>{}：{n} 处</li>", esc(name));
            }
        }
    }
    s.push_str("</ul>");
    s
}

/// The optional interactive layer (`[extra.yiyong.maps.tianditu]`): the owner's 天地图 key and
/// the approval number to print with its tiles, for the first-party script that draws a
/// pannable map over the picture, with the list's places as markers. Without the script (or
/// JavaScript) the page stays as it is.
pub fn live(inner: &str, id: &str, tk: &str, approval: &str, script: &str) -> String {
    format!(
        r#"<div class="yy-map-live" data-tk="{}" data-approval="{}" data-list="{id}-list">{inner}</div><script src="{}" defer></script>"#,
        esc(tk),
        esc(approval),
        esc(script)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_figure_leaves_the_files_size_and_fonts_but_keeps_the_drawing() {
        let markup = format!(
            r#"<svg class="yy-map" viewBox="0 0 360 260" width="360" height="260.5" font-family="{}" font-size="13"><text font-family="x">A&amp;B</text></svg>"#,
            super::super::svg::FONTS
        );
        let html = figure(&Svg::new(markup, 360.0, 260.5), 3, "");
        assert!(html.starts_with(r#"<figure class="yy-map-figure"><svg class="yy-map" viewBox="0 0 360 260" font-size="13"><text font-family="x">A&amp;B</text></svg><figcaption>"#), "{html}");
        assert!(html.ends_with("共 3 处，图中编号与列表一致。</figcaption></figure>"));
    }
}
