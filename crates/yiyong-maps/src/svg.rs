//! The picture: markers whose shape tells the kind (with a legend, so colour is never the only
//! cue), numbers matching the list, labels, a scale bar, a north arrow and the caption that
//! says it is a diagram. Nothing else: no boundaries, coastlines, roads or base map, which
//! would make it a map needing an approval number (审图号).

use std::fmt::Write;

use yiyong_outreach::schema::PLACE_KINDS;

use super::frame::{length_label, Frame};
use super::layout::{lay_out, text_width, Item, Marker, Style};
use super::places::Place;
pub use super::settings::Background;

pub const CAPTION: &str = "示意图，非标准地图，位置仅供参考";
pub const FONTS: &str = "PingFang SC, Hiragino Sans GB, Microsoft YaHei, Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif";

/// Kind → (shape path in a 20×20 box, fill). Fills are dark enough for white numbers (≥ 4.5:1).
fn shape(kind: &str) -> (&'static str, &'static str) {
    match kind {
        "theme_park" => ("M10 0.5a9.5 9.5 0 1 0 0.01 0Z", "#b42318"),
        "corridor" => ("M1 1H19V19H1Z", "#8a4b00"),
        "garden" => ("M10 0L20 10L10 20L0 10Z", "#2f6b1f"),
        "square" => ("M5 1H15L20 10L15 19H5L0 10Z", "#1d4ed8"),
        "demonstration_unit" => ("M10 0L20 7V19H0V7Z", "#6b21a8"),
        "work_station" => ("M6 0H14L20 6V14L14 20H6L0 14V6Z", "#0f5e6b"),
        "museum" => ("M10 0L20 19H0Z", "#7a2e4d"),
        // A shield, pointing down (the house points up): room for the number inside.
        "scenic_area" => ("M1 1H19V12L10 19.5L1 12Z", "#9a3412"),
        _ => (
            "M10 0A8 8 0 0 1 18 8C18 13 10 20 10 20C10 20 2 13 2 8A8 8 0 0 1 10 0Z",
            "#374151",
        ),
    }
}

const CLUSTER: (&str, &str) = ("M10 0.5a9.5 9.5 0 1 0 0.01 0Z", "#3f3f46");

pub struct Drawing<'a> {
    /// Prefix of every id in the picture, unique on the page.
    pub id: String,
    pub title: String,
    pub desc: String,
    pub places: Vec<&'a Place>,
    /// The place a place page is about: drawn larger, labelled first.
    pub focus: Option<usize>,
    pub width: f64,
    pub max_height: f64,
    pub min_span_m: f64,
    pub style: Style,
    /// Where a cluster's marker leads (its members' numbers given).
    pub cluster_href: &'a dyn Fn(&[&Place]) -> String,
    pub background: Option<&'a Background>,
    /// Markers are links only where the page also lists the places: the list's links are the
    /// 44 px targets elderly visitors can tap; a map without its list is a picture.
    pub links: bool,
}

pub struct Svg {
    /// The markup is `text[span]`: a drawing kept from an earlier build is a slice of the one
    /// string that holds them all (read at once, not copied 5,000 times on the build's way in).
    text: std::sync::Arc<String>,
    span: std::ops::Range<usize>,
    pub width: f64,
    pub height: f64,
}

impl Svg {
    pub fn new(markup: String, width: f64, height: f64) -> Svg {
        Svg::part_of(std::sync::Arc::new(markup), None, width, height)
    }

    /// A drawing that is `span` of a shared `text` (all of it when `span` is `None`).
    pub fn part_of(
        text: std::sync::Arc<String>,
        span: Option<std::ops::Range<usize>>,
        width: f64,
        height: f64,
    ) -> Svg {
        let span = span.unwrap_or(0..text.len());
        Svg {
            text,
            span,
            width,
            height,
        }
    }

    pub fn markup(&self) -> &str {
        &self.text[self.span.clone()]
    }
}

pub fn esc(s: &str) -> String {
    // Most names and addresses need no escaping: copied whole, not char by char.
    let Some(first) = s.find(['&', '<', '>', '"', '\'']) else {
        return s.to_string();
    };
    let mut o = String::with_capacity(s.len() + 16);
    o.push_str(&s[..first]);
    for c in s[first..].chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A coordinate with one decimal and no `.0`, written without an allocation (an SVG holds
/// hundreds of them and a site thousands of SVGs).
fn f(v: f64) -> N {
    N(v)
}

struct N(f64);

impl std::fmt::Display for N {
    fn fmt(&self, out: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let tenths = (self.0 * 10.0).round() as i64;
        let (whole, frac) = (tenths / 10, (tenths % 10).abs());
        if tenths < 0 && whole == 0 {
            out.write_str("-")?;
        }
        if frac == 0 {
            write!(out, "{whole}")
        } else {
            write!(out, "{whole}.{frac}")
        }
    }
}

/// The district a cluster is in, for its label: 「金水区」, or 「金水区等」 across districts.
fn cluster_name(members: &[&Place]) -> String {
    let first = members
        .iter()
        .map(|p| p.district.as_str())
        .find(|d| !d.is_empty());
    match first {
        Some(d) if members.iter().all(|p| p.district == d) => d.to_string(),
        Some(d) => format!("{d}等"),
        None => String::new(),
    }
}

pub fn draw(d: &Drawing) -> Svg {
    // The focus first, so that it keeps its own marker and label.
    let mut order: Vec<&Place> = d.places.clone();
    if let Some(n) = d.focus {
        order.sort_by_key(|p| p.number != n);
    }
    let groups = super::panels::groups(&order);
    let panels = groups.len() > 1;
    let mut body = String::with_capacity(512 + order.len().min(200) * 420);
    let mut kinds: Vec<&str> = vec![];
    let mut top = 0.0;
    let mut single: Option<Frame> = None;
    for group in &groups {
        let sub: Vec<&Place> = group.iter().map(|&i| order[i]).collect();
        let strip = if panels { 30.0 } else { 0.0 };
        let max_height = if panels {
            d.max_height.min(400.0)
        } else {
            d.max_height
        };
        let (frame, mut markers) = lay_out_panel(d, &sub, max_height);
        shift(&mut markers, top + strip);
        if panels {
            panel_strip(
                &mut body,
                &super::panels::name(&order, group),
                &frame,
                top,
                d.width,
            );
        }
        panel_background(&mut body, d, &frame, top + strip);
        draw_markers(&mut body, d, &sub, &markers);
        kinds.extend(kinds_drawn(&sub, &markers));
        top += strip + frame.height;
        single = (!panels).then_some(frame);
    }
    // The legend in the schema's order, clusters last.
    let rank = |k: &str| {
        PLACE_KINDS
            .iter()
            .position(|(en, _)| *en == k)
            .unwrap_or(usize::MAX)
    };
    kinds.sort_by_key(|k| rank(k));
    kinds.dedup();
    let (band, legend) = legend(d, single.as_ref(), top, &kinds);
    let height = top + band;
    let mut s = String::with_capacity(body.len() + legend.len() + 2048);
    let id = &d.id;
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="yy-map" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="{role}" aria-labelledby="{id}-t {id}-d" font-family="{FONTS}" font-size="13"><title id="{id}-t">{t}</title><desc id="{id}-d">{desc}</desc><defs>"##,
        w = f(d.width),
        h = f(height),
        t = esc(&d.title),
        desc = esc(&d.desc),
        // A picture holding links is a group (axe: nested-interactive), else an image.
        role = if d.links { "group" } else { "img" },
    );
    for kind in &kinds {
        let (path, fill) = if *kind == "cluster" {
            CLUSTER
        } else {
            shape(kind)
        };
        // `overflow="visible"`: the white outline of a shape that reaches the symbol's edge
        // (the circle, the diamond's tips) is drawn whole instead of cut, and resvg then
        // draws each marker without a clip layer: the 24 PNGs of the 10,000-hero corpus
        // took some 40% less time to draw (docs/outreach-bench.md, twelfth session).
        let _ = write!(
            s,
            r##"<symbol id="{id}-{kind}" viewBox="0 0 20 20" overflow="visible"><path d="{path}" fill="{fill}" stroke="#fff" stroke-width="1.5"/></symbol>"##
        );
    }
    s.push_str("</defs>");
    s.push_str(&body);
    s.push_str(&legend);
    s.push_str("</svg>");
    Svg::new(s, d.width, height)
}

fn lay_out_panel(d: &Drawing, sub: &[&Place], max_height: f64) -> (Frame, Vec<Marker>) {
    let items: Vec<Item> = sub
        .iter()
        .map(|p| Item {
            wgs: p.point.wgs,
            number: p.number,
            label: p.title.clone(),
        })
        .collect();
    let points: Vec<(f64, f64)> = items.iter().map(|i| i.wgs).collect();
    let frame = Frame::fit(&points, d.width, max_height, 44.0, d.min_span_m);
    // On a map of one district, every cluster would be labelled with that district's name
    // (seen on 二七区's page: a dozen 「二七区」 labels); there a cluster goes unlabelled,
    // its number and the list say enough, and the labels' room goes to single places.
    let one_district = sub.windows(2).all(|w| w[0].district == w[1].district);
    let name = |m: &[usize]| match one_district {
        true => String::new(),
        false => cluster_name(&m.iter().map(|&i| sub[i]).collect::<Vec<_>>()),
    };
    let markers = lay_out(&frame, &items, &name, &d.style);
    (frame, markers)
}

/// Moves a panel's markers, labels and leader lines down by `dy`.
fn shift(markers: &mut [Marker], dy: f64) {
    for m in markers {
        m.at.y += dy;
        if let Some(a) = &mut m.anchor {
            a.y += dy;
        }
        if let Some(l) = &mut m.label {
            l.rect.y += dy;
            if let Some((a, b)) = &mut l.leader {
                a.y += dy;
                b.y += dy;
            }
        }
    }
}

/// A panel's heading strip: its name on the left, its own scale bar on the right.
fn panel_strip(s: &mut String, name: &str, frame: &Frame, top: f64, width: f64) {
    let (metres, px) = frame.scale_bar(120.0);
    let y = top + 20.0;
    let x0 = width - 12.0 - px;
    let label = length_label(metres);
    let _ = write!(
        s,
        r##"<rect class="map-band" y="{}" width="{}" height="30" fill="#fff"/><text class="map-ink" x="12" y="{}" font-size="14" font-weight="bold" fill="#333">{}</text><g class="map-scale" stroke="#333" stroke-width="1.5" fill="none"><path d="M{} {}V{}H{}V{}"/></g><text class="map-ink" x="{}" y="{}" text-anchor="end" fill="#333">{}</text>"##,
        f(top),
        f(width),
        f(y),
        esc(name),
        f(x0),
        f(y - 5.0),
        f(y),
        f(x0 + px),
        f(y - 5.0),
        f(x0 - 6.0),
        f(y + 1.0),
        label
    );
}

fn panel_background(s: &mut String, d: &Drawing, frame: &Frame, top: f64) {
    let _ = write!(
        s,
        r##"<rect class="map-bg" y="{}" width="{}" height="{}" fill="#f5f2ea"/>"##,
        f(top),
        f(d.width),
        f(frame.height)
    );
    if let Some(bg) = d.background {
        let a = frame.project(bg.north_west);
        let b = frame.project(bg.south_east);
        let _ = write!(
            s,
            r#"<image class="map-base" href="{}" x="{}" y="{}" width="{}" height="{}" preserveAspectRatio="none"/>"#,
            esc(&bg.href),
            f(a.x),
            f(a.y + top),
            f(b.x - a.x),
            f(b.y - a.y)
        );
    }
}

fn kinds_drawn<'p>(order: &[&'p Place], markers: &[Marker]) -> Vec<&'p str> {
    let mut k: Vec<&str> = markers
        .iter()
        .map(|m| {
            if m.members.len() > 1 {
                "cluster"
            } else {
                order[m.members[0]].kind
            }
        })
        .collect();
    k.sort();
    k.dedup();
    k
}

fn draw_markers(s: &mut String, d: &Drawing, order: &[&Place], markers: &[Marker]) {
    let id = &d.id;
    s.push_str(r##"<g class="map-leaders" stroke="#555" stroke-width="1">"##);
    for l in markers.iter().filter_map(|m| m.label.as_ref()?.leader) {
        let _ = write!(
            s,
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}"/>"#,
            f(l.0.x),
            f(l.0.y),
            f(l.1.x),
            f(l.1.y)
        );
    }
    // The numbers' look is set once on their layer (each marker carried it: 130 bytes a
    // marker on 10,000 place pages).
    s.push_str(r##"</g><g class="map-markers" text-anchor="middle" font-size="10" font-weight="bold" fill="#fff">"##);
    for m in markers {
        let members: Vec<&Place> = m.members.iter().map(|&i| order[i]).collect();
        let cluster = members.len() > 1;
        let (href, title, kind, text) = if cluster {
            let names: Vec<&str> = members.iter().take(3).map(|p| p.title.as_str()).collect();
            let more = if members.len() > 3 { "等" } else { "" };
            (
                (d.cluster_href)(&members),
                format!("此处 {} 处：{}{more}", members.len(), names.join("、")),
                "cluster",
                members.len().to_string(),
            )
        } else {
            let p = members[0];
            (
                p.permalink.clone(),
                format!("{}. {}（{}）", p.number, p.title, p.kind_label),
                p.kind,
                p.number.to_string(),
            )
        };
        let r = m.rect();
        let focus = !cluster && d.focus == Some(members[0].number);
        // The triangle's and the house's middles are lower than the box's.
        let lower = match kind {
            "museum" => 0.22,
            "demonstration_unit" => 0.12,
            "scenic_area" => -0.08,
            _ => 0.0,
        };
        let _ = write!(
            s,
            r##"<{} class="mk-link{}"><title>{}</title><use href="#{id}-{kind}" class="mk" x="{}" y="{}" width="{}" height="{}"/><text class="mk-no" x="{}" y="{}"{}>{}</text></{}>"##,
            if d.links {
                format!("a href=\"{}\"", esc(&href))
            } else {
                "g".into()
            },
            if focus { " mk-focus" } else { "" },
            esc(&title),
            f(r.x),
            f(r.y),
            f(r.w),
            f(r.h),
            f(m.at.x),
            f(m.at.y + r.h * lower + 3.8),
            if text.len() > 2 {
                r#" font-size="9""#
            } else {
                ""
            },
            text,
            if d.links { "a" } else { "g" },
        );
    }
    // Labels on a layer of their own, over every marker (which they never cover); the marker
    // and the list are the links.
    let _ = write!(
        s,
        r##"</g><g class="map-labels" font-size="{}" fill="#1a1a1a">"##,
        d.style.font_px
    );
    for l in markers.iter().filter_map(|m| m.label.as_ref()) {
        let _ = write!(
            s,
            r##"<rect class="lb" x="{}" y="{}" width="{}" height="{}" rx="2" fill="#fff" fill-opacity="0.88"/><text class="lb-t" x="{}" y="{}">{}</text>"##,
            f(l.rect.x),
            f(l.rect.y),
            f(l.rect.w),
            f(l.rect.h),
            f(l.rect.x + 3.0),
            f(l.rect.y + l.rect.h * 0.74),
            esc(&l.text)
        );
    }
    s.push_str("</g>");
}

/// The band under the map: scale bar and north arrow, one legend entry per shape drawn, and the
/// caption. Returns its height and markup.
fn legend(d: &Drawing, frame: Option<&Frame>, top: f64, kinds: &[&str]) -> (f64, String) {
    let w = d.width;
    let mut s = format!(
        r##"<g class="map-legend"><rect class="map-band" y="{}" width="{}" height="BAND" fill="#fff"/>"##,
        f(top),
        f(w)
    );
    // Scale bar, left (panels have their own).
    if let Some(frame) = frame {
        let (metres, px) = frame.scale_bar(w.min(600.0) / 6.0);
        let y = top + 22.0;
        let _ = write!(
            s,
            r##"<g class="map-scale" stroke="#333" stroke-width="1.5" fill="none"><path d="M12 {y0}V{y}H{x1}V{y0}"/></g><text class="map-ink" x="{tx}" y="{ty}" fill="#333">{label}</text>"##,
            y0 = f(y - 5.0),
            y = f(y),
            x1 = f(12.0 + px),
            tx = f(18.0 + px),
            ty = f(y + 1.0),
            label = length_label(metres)
        );
    }
    // North arrow, right.
    let nx = w - 22.0;
    let _ = write!(
        s,
        r##"<path class="map-north" d="M{nx} {a}L{r} {b}L{nx} {c}L{l} {b}Z" fill="#333"/><text class="map-ink" x="{nx}" y="{ty}" text-anchor="middle" font-size="12" fill="#333">北</text>"##,
        nx = f(nx),
        a = f(top + 6.0),
        b = f(top + 24.0),
        c = f(top + 19.0),
        r = f(nx + 6.0),
        l = f(nx - 6.0),
        ty = f(top + 36.0)
    );
    // Legend entries, flowing in rows.
    let mut x = 12.0;
    let mut y = top + 46.0;
    let entries: Vec<(String, String)> = kinds
        .iter()
        .map(|&k| {
            let label = if k == "cluster" {
                "多处（数字为处数）".to_string()
            } else {
                PLACE_KINDS
                    .iter()
                    .find(|(en, _)| *en == k)
                    .map(|(_, zh)| zh.to_string())
                    .unwrap_or_default()
            };
            (k.to_string(), label)
        })
        .collect();
    for (k, label) in entries {
        let item_w = 16.0 + 4.0 + text_width(&label, 13.0) + 12.0;
        if x + item_w > w - 12.0 && x > 12.0 {
            x = 12.0;
            y += 22.0;
        }
        let _ = write!(
            s,
            r##"<use href="#{}-{k}" x="{}" y="{}" width="16" height="16"/><text class="map-ink" x="{}" y="{}" fill="#333">{}</text>"##,
            d.id,
            f(x),
            f(y),
            f(x + 20.0),
            f(y + 12.5),
            esc(&label)
        );
        x += item_w;
    }
    y += 36.0;
    let mut caption = CAPTION.to_string();
    if let Some(bg) = d.background {
        caption = format!("{caption}　{}", bg.approval);
    }
    let _ = write!(
        s,
        r##"<text class="map-caption" x="12" y="{}" font-size="13" fill="#555">{}</text></g>"##,
        f(y),
        esc(&caption)
    );
    let band = y + 10.0 - top;
    (band, s.replace("BAND", &f(band).to_string()))
}
