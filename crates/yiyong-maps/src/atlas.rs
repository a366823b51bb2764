//! The maps of one build: which maps a site has (the whole site, each kind, each district,
//! each place with its neighbours), and each drawn as an SVG picture, a page fragment (picture
//! and list) or a file.

use std::collections::HashMap;

use serde_json::Value;
use yiyong_core::{Config, Library};
use yiyong_outreach::schema::{choice_value, PLACE_KINDS};

use super::html::{self, ListOptions};
use super::layout::Style;
use super::places::{self, Place};
use super::settings::Settings;
use super::svg::{self, Background, Drawing, Svg};

/// The most neighbours a place's own map shows.
const NEIGHBOURS: usize = 7;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Selection {
    Site,
    Kind(&'static str),
    District(String),
    /// A place (its index in `places`) and its neighbours.
    Place(usize),
}

pub struct Atlas {
    pub places: Vec<Place>,
    pub settings: Settings,
    site_title: String,
    pub host: String,
    /// District name → its page (the `districts` taxonomy's term), when there is one.
    district_urls: HashMap<String, String>,
    /// The places section's page, where the list of every place is.
    places_url: String,
    /// The URL of the folder the map files are written to, ending in `/`.
    files_url: String,
    /// Places bucketed by a grid of about `near_km`, to find neighbours without comparing all.
    cells: HashMap<(i64, i64), Vec<usize>>,
    background: Option<Background>,
    /// File-name parts, unique even when two names make the same slug (「金水区」 and
    /// 「金水 区」) or none at all (「！！」).
    district_slugs: HashMap<String, String>,
    place_slugs: Vec<String>,
    /// Each place's own map, drawn once (or taken from the drawing cache): its page shows it
    /// inline, and `place_png` draws its PNG from the same drawing.
    place_svgs: Vec<std::sync::OnceLock<std::sync::Arc<Svg>>>,
    /// Content path → index in `places` (each place page asks for its own).
    by_path: HashMap<String, usize>,
    /// Where the place maps are kept between builds, and whether they came from there.
    kept: Option<(std::path::PathBuf, bool)>,
}

impl Atlas {
    pub fn new(lib: &Library, config: &Config) -> Atlas {
        let settings = Settings::read(config);
        let places = match settings.enabled {
            true => places::collect(lib, config).0,
            false => vec![],
        };
        let district_urls = lib
            .taxonomies
            .iter()
            .filter(|t| t.config.name == settings.district_taxonomy)
            .flat_map(|t| {
                t.terms
                    .iter()
                    .map(|term| (term.name.clone(), term.permalink.clone()))
            })
            .collect();
        let mut atlas = Atlas {
            site_title: config.title.clone().unwrap_or_default(),
            host: super::nav::host(&config.base_url),
            district_urls,
            places_url: places_url(lib, config),
            files_url: config.make_permalink(&format!("{}/", settings.folder)),
            cells: HashMap::new(),
            background: settings.background(config),
            district_slugs: unique_slugs(places::districts(&places).iter().map(String::as_str)),
            place_slugs: vec![],
            place_svgs: vec![],
            by_path: HashMap::new(),
            kept: None,
            places,
            settings,
        };
        let stems: HashMap<String, String> = unique_slugs(
            atlas
                .places
                .iter()
                .map(|p| p.relative.trim_end_matches(".md")),
        );
        atlas.place_slugs = atlas
            .places
            .iter()
            .map(|p| stems[p.relative.trim_end_matches(".md")].clone())
            .collect();
        atlas.place_svgs = atlas.places.iter().map(|_| Default::default()).collect();
        atlas.by_path = atlas
            .places
            .iter()
            .enumerate()
            .map(|(i, p)| (p.relative.clone(), i))
            .collect();
        for (i, p) in atlas.places.iter().enumerate() {
            atlas
                .cells
                .entry(atlas.cell(p.point.wgs))
                .or_default()
                .push(i);
        }
        atlas
    }

    fn cell(&self, wgs: (f64, f64)) -> (i64, i64) {
        // One degree of latitude is 111 km; longitude cells are as wide in degrees, which at
        // China's latitudes makes them narrower on the ground, so three columns always suffice.
        let size = self.settings.near_km / 111.0;
        ((wgs.0 / size).floor() as i64, (wgs.1 / size).floor() as i64)
    }

    /// The place at a content path (`places/x.md`, with or without `@/`).
    pub fn place_at(&self, path: &str) -> Option<usize> {
        let path = path.trim_start_matches("@/").trim_start_matches('/');
        self.by_path.get(path).copied()
    }

    /// Reads a template's `kind`, `district` or `place` argument.
    pub fn selection(&self, args: &HashMap<String, Value>) -> Result<Selection, String> {
        let get = |k: &str| {
            args.get(k)
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        };
        if let Some(path) = get("place") {
            return self
                .place_at(path)
                .map(Selection::Place)
                .ok_or_else(|| format!("map: no place with coordinates at `{path}`; give the place's content path, like place=page.relative_path"));
        }
        if let Some(kind) = get("kind") {
            let all: Vec<String> = PLACE_KINDS
                .iter()
                .map(|(en, zh)| format!("{en} ({zh})"))
                .collect();
            return choice_value(PLACE_KINDS, kind)
                .map(Selection::Kind)
                .ok_or_else(|| {
                    format!(
                        "map: kind \"{kind}\" is not a place kind; the kinds are {}",
                        all.join(", ")
                    )
                });
        }
        if let Some(d) = get("district") {
            if self.places.iter().any(|p| p.district == d) {
                return Ok(Selection::District(d.to_string()));
            }
            let known = places::districts(&self.places);
            return Err(format!(
                "map: no place with coordinates in district \"{d}\"; the districts are {}",
                known.join("、")
            ));
        }
        Ok(Selection::Site)
    }

    pub fn select(&self, sel: &Selection) -> Vec<&Place> {
        match sel {
            Selection::Site => self.places.iter().collect(),
            Selection::Kind(k) => self.places.iter().filter(|p| p.kind == *k).collect(),
            Selection::District(d) => self.places.iter().filter(|p| &p.district == d).collect(),
            Selection::Place(i) => self.neighbours(*i),
        }
    }

    /// The place and the places within `near_km` of it, nearest first, at most 8 in all (a
    /// place page is read on a phone: fifteen made its map crowded and its page 14 KB heavier).
    fn neighbours(&self, i: usize) -> Vec<&Place> {
        let me = &self.places[i];
        let (cx, cy) = self.cell(me.point.wgs);
        // Equirectangular distances: within a few kilometres they differ from great-circle
        // ones by far less than a marker, and need no trigonometry per candidate.
        let k = me.point.wgs.1.to_radians().cos();
        let m_per_deg = 111_195.0;
        let limit = (self.settings.near_km * 1000.0 / m_per_deg).powi(2);
        let mut near: Vec<(f64, usize)> = (cx - 2..=cx + 2)
            .flat_map(|x| (cy - 1..=cy + 1).map(move |y| (x, y)))
            .filter_map(|c| self.cells.get(&c))
            .flatten()
            .filter(|&&j| j != i)
            .map(|&j| {
                let q = self.places[j].point.wgs;
                let (dx, dy) = ((q.0 - me.point.wgs.0) * k, q.1 - me.point.wgs.1);
                (dx * dx + dy * dy, j)
            })
            .filter(|(d, _)| *d <= limit)
            .collect();
        if near.len() > NEIGHBOURS {
            near.select_nth_unstable_by(NEIGHBOURS - 1, |a, b| a.0.total_cmp(&b.0));
            near.truncate(NEIGHBOURS);
        }
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        std::iter::once(me)
            .chain(near.into_iter().map(|(_, j)| &self.places[j]))
            .collect()
    }

    pub fn id(&self, sel: &Selection) -> String {
        match sel {
            Selection::Site => "yymap-site".into(),
            Selection::Kind(k) => format!("yymap-k-{k}"),
            Selection::District(d) => format!("yymap-d-{}", self.district_slug(d)),
            Selection::Place(i) => format!("yymap-p-{}", self.places[*i].number),
        }
    }

    /// The file name of a map, without extension, below the maps folder.
    pub fn file_stem(&self, sel: &Selection) -> String {
        match sel {
            Selection::Site => "site".into(),
            Selection::Kind(k) => format!("kind-{}", k.replace('_', "-")),
            Selection::District(d) => format!("district-{}", self.district_slug(d)),
            Selection::Place(i) => format!("place-{}", self.place_slugs[*i]),
        }
    }

    fn district_slug(&self, d: &str) -> &str {
        self.district_slugs
            .get(d)
            .map(String::as_str)
            .unwrap_or("x")
    }

    pub fn png_url(&self, sel: &Selection) -> String {
        format!("{}{}.png", self.files_url, self.file_stem(sel))
    }

    pub fn background(&self) -> Option<&Background> {
        self.background.as_ref()
    }

    pub fn script_url(&self) -> String {
        format!("{}nearest.js", self.files_url)
    }

    fn title(&self, sel: &Selection) -> String {
        match sel {
            Selection::Site => format!("{}宣传阵地分布示意图", self.site_title),
            Selection::Kind(k) => format!(
                "{}分布示意图",
                PLACE_KINDS
                    .iter()
                    .find(|(en, _)| en == k)
                    .map(|(_, zh)| *zh)
                    .unwrap_or("")
            ),
            Selection::District(d) => format!("{d}宣传阵地分布示意图"),
            Selection::Place(i) => format!("{}及周边宣传阵地示意图", self.places[*i].title),
        }
    }

    fn desc(&self, sel: &Selection, list: &[&Place]) -> String {
        let mut counts: Vec<String> = vec![];
        for (kind, label) in places::kinds(list.iter().copied()) {
            counts.push(format!(
                "{label} {} 处",
                list.iter().filter(|p| p.kind == kind).count()
            ));
        }
        let head = match sel {
            Selection::Place(i) => format!(
                "编号 {} {}，周边 {} 公里内另有 {} 处",
                self.places[*i].number,
                self.places[*i].title,
                self.settings.near_km,
                list.len() - 1
            ),
            _ => format!("共 {} 处：{}", list.len(), counts.join("、")),
        };
        format!("{head}。标记的形状表示类型，编号与图旁列表一致；相距很近的几处合为一个圆形标记，数字为处数。")
    }

    /// Whether a map's list of `len` places holds every one (not grouped by district).
    fn list_is_full(&self, sel: &Selection, len: usize) -> bool {
        !matches!(sel, Selection::Site | Selection::Kind(_)) || len <= self.settings.list_limit
    }

    /// Where a cluster's marker leads: the first member in the list on this page, when the page
    /// lists every place; else the district's page, when the cluster holds one district; else
    /// the list on the places page.
    fn cluster_href(&self, members: &[&Place], full_list_on_page: bool) -> String {
        let first = members[0];
        let one = members.iter().all(|p| p.district == first.district);
        match self.district_urls.get(&first.district) {
            _ if full_list_on_page => format!("#place-{}", first.number),
            Some(url) if one => url.clone(),
            _ if self.places.len() > self.settings.list_limit => self.places_url.clone(),
            _ => format!("{}#place-{}", self.places_url, first.number),
        }
    }

    /// Takes the place maps kept in `dir` by an earlier build of the same places, settings and
    /// program, if there are; `keep` saves them there after this build drew them.
    pub fn keeping(mut self, dir: &std::path::Path) -> Atlas {
        if self.places.is_empty() {
            return self;
        }
        let file = super::drawings::file(dir, &self.drawing_inputs());
        let found = super::drawings::load(&file, self.places.len());
        let hit = found.is_some();
        for (slot, svg) in self.place_svgs.iter().zip(found.into_iter().flatten()) {
            let _ = slot.set(std::sync::Arc::new(svg));
        }
        self.kept = Some((file, hit));
        self
    }

    /// Saves the place maps for the next build, unless they came from the cache.
    pub fn keep(&self) {
        if let Some((file, false)) = &self.kept {
            let svgs: Vec<_> = (0..self.places.len()).map(|i| self.place_svg(i)).collect();
            super::drawings::save(file, svgs.iter().map(|s| &**s));
        }
    }

    /// Everything a place map is drawn from, written out: its hash names the kept drawings.
    fn drawing_inputs(&self) -> String {
        let mut districts: Vec<_> = self.district_urls.iter().collect();
        districts.sort();
        // Each place written out and hashed on its own, in parallel: formatting 5,000 places
        // as one string took 22 ms of the build's serial start.
        use rayon::prelude::*;
        let places: Vec<u64> = self
            .places
            .par_iter()
            .map(|p| xxhash_rust::xxh3::xxh3_64(format!("{p:?}").as_bytes()))
            .collect();
        format!(
            "{} {:x?}\n{:?}\n{:?}\n{}\n{}\n{}\n{}\n{:?}\n{:?}",
            places.len(),
            places,
            self.settings,
            self.background,
            self.site_title,
            self.host,
            self.places_url,
            self.files_url,
            districts,
            self.place_slugs,
        )
    }

    /// `list_on_page`: the page lists the places beside the picture (so markers are links and
    /// clusters lead to the list); the files' maps are drawn with links to the places' pages.
    /// The map of place `i` with its neighbours, as its file holds it.
    pub fn place_svg(&self, i: usize) -> std::sync::Arc<Svg> {
        self.place_svgs[i]
            .get_or_init(|| std::sync::Arc::new(self.draw(&Selection::Place(i), false, true)))
            .clone()
    }

    pub fn draw(&self, sel: &Selection, list_on_page: bool, links: bool) -> Svg {
        self.draw_list(sel, self.select(sel), list_on_page, links)
    }

    fn draw_list(
        &self,
        sel: &Selection,
        list: Vec<&Place>,
        list_on_page: bool,
        links: bool,
    ) -> Svg {
        let small = matches!(sel, Selection::Place(_));
        let full = list_on_page && self.list_is_full(sel, list.len());
        let cluster_href = |members: &[&Place]| self.cluster_href(members, full);
        let count = list.len();
        svg::draw(&Drawing {
            id: self.id(sel),
            title: self.title(sel),
            desc: self.desc(sel, &list),
            focus: match sel {
                Selection::Place(i) => Some(self.places[*i].number),
                _ => None,
            },
            places: list,
            // Drawn at a phone's width, so that on a phone (where most visitors are) the
            // labels are 12 px or more; wider screens show it at most 1.5 times larger (CSS).
            // At 720 px wide, a 390 px phone showed them at 6 px.
            width: if small { 360.0 } else { 390.0 },
            // A few places need no tall picture: three places spread north–south filled a
            // 585×840 px frame on a desktop screen, mostly empty.
            max_height: match (small, count) {
                (true, _) => 260.0,
                (false, n) if n <= 12 => 390.0,
                _ => 560.0,
            },
            min_span_m: if small { 1200.0 } else { 2000.0 },
            style: Style {
                font_px: 13.0,
                max_markers: if small { 40 } else { 100 },
                first_alone: small,
            },
            cluster_href: &cluster_href,
            links,
            background: self.background.as_ref().filter(|_| !small),
        })
    }

    /// The picture and its list, for a page.
    pub fn html(&self, sel: &Selection, with_list: bool, nearest: bool) -> String {
        let list = self.select(sel);
        let caption = match (&self.background, sel) {
            (Some(bg), Selection::Site | Selection::Kind(_) | Selection::District(_)) => {
                format!("；底图{}", bg.approval)
            }
            _ => String::new(),
        };
        let mut out = match sel {
            // A place's map is inline, as the others are: as a picture file it was one more
            // file per place (5,000 files for 5,000 places, most of what the maps added to a
            // cold build) and one more request per page. Its drawing is the cached one.
            Selection::Place(i) => html::figure(&self.place_svg(*i), list.len(), ""),
            _ => {
                let picture = self.draw_list(sel, list.clone(), with_list, with_list);
                html::figure(&picture, list.len(), &caption)
            }
        };
        if with_list {
            let script = self.script_url();
            let district_url = |d: &str| self.district_urls.get(d).cloned();
            out.push_str(&html::list(
                &list,
                &ListOptions {
                    id: &self.id(sel),
                    host: &self.host,
                    nearest: nearest.then_some(script.as_str()),
                    coords: nearest || self.settings.tianditu.is_some(),
                    // A district's page is where its places are listed in full.
                    limit: match sel {
                        Selection::Site | Selection::Kind(_) => self.settings.list_limit,
                        _ => usize::MAX,
                    },
                    district_url: &district_url,
                    // Three map-app links per entry are 1.7 KB: a district of 1,000 units listed
                    // them in a 2.5 MB page. Long lists leave them to the places' own pages.
                    nav: !matches!(sel, Selection::Place(_))
                        && list.len() <= self.settings.list_limit,
                },
            ));
            // The optional 天地图 layer reads its markers from the list, so it needs one.
            let listed = self.list_is_full(sel, list.len());
            if let (Some((tk, approval)), true) = (&self.settings.tianditu, listed) {
                let script = format!("{}tianditu.js", self.files_url);
                out = html::live(&out, &self.id(sel), tk, approval, &script);
            }
        }
        out
    }

    /// Every map the site has, for the files.
    pub fn all(&self, with_places: bool) -> Vec<Selection> {
        let mut v = vec![Selection::Site];
        v.extend(
            places::kinds(self.places.iter())
                .into_iter()
                .map(|(k, _)| Selection::Kind(k)),
        );
        v.extend(
            places::districts(&self.places)
                .into_iter()
                .map(Selection::District),
        );
        if with_places {
            v.extend((0..self.places.len()).map(Selection::Place));
        }
        v
    }
}

fn places_url(lib: &Library, config: &Config) -> String {
    let sections = yiyong_outreach::Sections::from_config(config);
    lib.get(&format!("{}/_index.md", sections.place))
        .map(|item| lib.permalink_of(item).to_string())
        .unwrap_or_else(|| config.make_permalink(&format!("{}/", sections.place)))
}

/// A slug per name, made unique with -2, -3… in name order; a name without any letter or digit
/// gets `n`.
fn unique_slugs<'a>(names: impl Iterator<Item = &'a str>) -> HashMap<String, String> {
    let mut names: Vec<&str> = names.collect();
    names.sort_unstable();
    names.dedup();
    let mut taken = std::collections::HashSet::new();
    let mut out = HashMap::new();
    for name in names {
        let base = Some(slug::slugify(name))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "n".into());
        let mut slug = base.clone();
        let mut k = 2;
        while !taken.insert(slug.clone()) {
            slug = format!("{base}-{k}");
            k += 1;
        }
        out.insert(name.to_string(), slug);
    }
    out
}
