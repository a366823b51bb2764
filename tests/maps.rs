//! Maps of the places (issue 18), as a visitor and a clerk meet them: the SVG files parse and
//! hold every place as a link, labels never cover markers or each other, the PNG copies decode
//! at the right size and are cached, the map-app links carry GCJ-02 and the name, and each
//! kind of bad coordinate is reported with its file and line.

mod common;
use common::*;

use std::collections::HashMap;

const CONFIG: &str = "base_url = \"https://example.org\"\ntitle = \"测试协会\"\ntheme = \"yiyong\"\ntaxonomies = [{ name = \"districts\" }]\n[extra.yiyong]\n";

/// A site on the default theme with the given places: (file stem, title, kind, district, lat, lon, extra coordinate lines).
fn site(places: &[(&str, &str, &str, &str, f64, f64, &str)]) -> Fixture {
    let f = Fixture::new(CONFIG);
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes");
    let ok = std::process::Command::new("cp")
        .arg("-a")
        .arg(theme)
        .arg(f.root())
        .status()
        .unwrap();
    assert!(ok.success());
    f.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n");
    // The pages the theme's navigation links.
    f.file(
        "content/stats.md",
        "+++\ntitle = \"统计\"\ntemplate = \"stats.html\"\n+++\n",
    );
    f.file("content/about.md", "+++\ntitle = \"关于\"\n+++\n");
    for s in ["heroes", "events", "news"] {
        f.file(
            &format!("content/{s}/_index.md"),
            &format!("+++\ntitle = \"{s}\"\n+++\n"),
        );
    }
    f.file("content/places/_index.md", "+++\ntitle = \"宣传阵地\"\ntemplate = \"places.html\"\npage_template = \"place.html\"\n+++\n");
    for (stem, title, kind, district, lat, lon, more) in places {
        f.file(
            &format!("content/places/{stem}.md"),
            &format!("+++\ntitle = \"{title}\"\n[taxonomies]\ndistricts = [\"{district}\"]\n[extra.place]\nkind = \"{kind}\"\ndistrict = \"{district}\"\naddress = \"{district}某路 1 号\"\n[extra.place.coordinates]\nlat = {lat}\nlon = {lon}\n{more}\n+++\n正文。\n"),
        );
    }
    f
}

fn zhengzhou() -> Fixture {
    site(&[
        (
            "zijingshan",
            "紫荆山见义勇为主题公园",
            "theme_park",
            "金水区",
            34.7581,
            113.6912,
            "",
        ),
        (
            "renmin",
            "人民路见义勇为长廊",
            "corridor",
            "金水区",
            34.7612,
            113.6801,
            "",
        ),
        (
            "jingba",
            "经八路街道示范单位",
            "demonstration_unit",
            "金水区",
            34.7809,
            113.6788,
            "",
        ),
        (
            "jingba2",
            "经八路社区示范单位",
            "demonstration_unit",
            "金水区",
            34.7815,
            113.6795,
            "",
        ),
        (
            "erqi",
            "二七广场见义勇为宣传点",
            "square",
            "二七区",
            34.7545,
            113.6689,
            "datum = \"wgs84\"",
        ),
        (
            "dehua",
            "德化街工作站",
            "work_station",
            "二七区",
            34.7512,
            113.6702,
            "datum = \"bd09\"",
        ),
    ])
}

/// Every element named `tag` in an SVG, as attribute maps; panics if the SVG is not XML.
/// A place's map as its page shows it: inline, the page's first `yy-map` picture.
fn place_map(f: &Fixture, slug: &str) -> String {
    let html = f.read(&format!("places/{slug}/index.html"));
    let start = html
        .find("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"yy-map\"")
        .unwrap_or_else(|| panic!("no map on the page of {slug}"));
    let end = start + html[start..].find("</svg>").unwrap() + "</svg>".len();
    html[start..end].to_string()
}

fn elements(svg: &str, tag: &str) -> Vec<HashMap<String, String>> {
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut out = vec![];
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(e)) | Ok(quick_xml::events::Event::Empty(e)) => {
                if e.name().as_ref() == tag.as_bytes() {
                    out.push(
                        e.attributes()
                            .map(|a| {
                                let a = a.unwrap();
                                (
                                    String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                                    a.unescape_value().unwrap().into_owned(),
                                )
                            })
                            .collect(),
                    );
                }
            }
            Ok(_) => {}
            Err(e) => panic!("not XML at {}: {e}", reader.buffer_position()),
        }
    }
    out
}

type Box4 = (f64, f64, f64, f64);

fn boxes(svg: &str, tag: &str, class: &str) -> Vec<Box4> {
    let n = |m: &HashMap<String, String>, k: &str| m[k].parse::<f64>().unwrap();
    elements(svg, tag)
        .into_iter()
        .filter(|m| {
            m.get("class")
                .is_some_and(|c| c.split(' ').any(|c| c == class))
        })
        .map(|m| (n(&m, "x"), n(&m, "y"), n(&m, "width"), n(&m, "height")))
        .collect()
}

fn overlap(a: &Box4, b: &Box4) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// Labels (their background boxes) never overlap each other or any marker.
fn assert_labels_apart(svg: &str) {
    let markers = boxes(svg, "use", "mk");
    let labels = boxes(svg, "rect", "lb");
    assert!(!markers.is_empty());
    for (i, l) in labels.iter().enumerate() {
        assert!(
            !markers.iter().any(|m| overlap(l, m)),
            "label {l:?} covers a marker"
        );
        assert!(
            !labels[i + 1..].iter().any(|o| overlap(l, o)),
            "labels overlap: {l:?}"
        );
    }
    for (i, m) in markers.iter().enumerate() {
        assert!(
            !markers[i + 1..].iter().any(|o| overlap(m, o)),
            "markers overlap: {m:?}"
        );
    }
}

#[test]
fn every_place_is_a_linked_marker_and_labels_never_collide() {
    let f = zhengzhou();
    f.build();
    let all = f.read("maps/site.svg");
    let links: Vec<String> = elements(&all, "a")
        .into_iter()
        .map(|a| a["href"].clone())
        .collect();
    for stem in ["zijingshan", "renmin", "jingba", "jingba2", "erqi", "dehua"] {
        let url = format!("https://example.org/places/{stem}/");
        let district = if ["erqi", "dehua"].contains(&stem) {
            "er-qi-qu"
        } else {
            "jin-shui-qu"
        };
        let d = f.read(&format!("maps/district-{district}.svg"));
        assert!(
            elements(&d, "a").iter().any(|a| a["href"] == url),
            "{stem} missing from its district map"
        );
        assert_labels_apart(&d);
    }
    // On the site map each place is a marker of its own or counted in a cluster's marker.
    let singles = links.iter().filter(|l| l.contains("/places/")).count();
    let clustered: usize = all
        .split("<title>此处 ")
        .skip(1)
        .map(|t| t.split(' ').next().unwrap().parse::<usize>().unwrap())
        .sum();
    assert_eq!(singles + clustered, 6, "{all}");
    assert_labels_apart(&all);
    for (stem, _) in [("kind-theme-park", 0), ("kind-demonstration-unit", 0)] {
        assert_labels_apart(&f.read(&format!("maps/{stem}.svg")));
    }
    // What makes it a diagram and readable without colour: caption, title, desc, legend.
    assert!(all.contains("示意图，非标准地图，位置仅供参考"));
    assert!(!elements(&all, "title").is_empty());
    assert!(elements(&all, "desc")[0].contains_key("id"));
    let page = f.read("places/index.html");
    assert!(page.contains("<svg") && page.contains("class=\"map-list\""));
    for stem in ["zijingshan", "renmin", "jingba", "jingba2", "erqi", "dehua"] {
        assert!(
            page.contains(&format!("href=\"https://example.org/places/{stem}/\"")),
            "{stem} not in the list"
        );
    }
    // No boundary, coastline, road or base map: the only shapes are markers, leader lines,
    // label boxes and the legend's furniture.
    assert!(elements(&all, "polyline").is_empty() && elements(&all, "polygon").is_empty());
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

fn query(url: &str) -> HashMap<String, String> {
    url.split_once('?')
        .unwrap()
        .1
        .split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k.to_string(), v.to_string())
        })
        .collect()
}

fn nav_links(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .map(|s| {
            s.split('"')
                .next()
                .unwrap()
                .replace("&#x2F;", "/")
                .replace("&amp;", "&")
        })
        .filter(|h| {
            h.contains("amap.com") || h.contains("map.baidu.com") || h.contains("map.qq.com")
        })
        .collect()
}

#[test]
fn map_app_links_carry_gcj02_coordinates_and_the_name() {
    let f = zhengzhou();
    f.build();
    let check = |stem: &str, title: &str, gcj: (f64, f64)| {
        let html = f.read(&format!("places/{stem}/index.html"));
        let links = nav_links(&html);
        let amap = links
            .iter()
            .find(|l| l.starts_with("https://uri.amap.com/marker?"))
            .expect("amap");
        let q = query(amap);
        let (lon, lat) = q["position"].split_once(',').unwrap();
        assert!(
            (lon.parse::<f64>().unwrap() - gcj.0).abs() < 2e-6
                && (lat.parse::<f64>().unwrap() - gcj.1).abs() < 2e-6,
            "{amap}"
        );
        assert_eq!(percent_decode(&q["name"]), title);
        assert_eq!(q["coordinate"], "gaode");
        assert_eq!(q["src"], "example.org");
        let baidu = links
            .iter()
            .find(|l| l.starts_with("https://api.map.baidu.com/marker?"))
            .expect("baidu");
        let q = query(baidu);
        let (lat, lon) = q["location"].split_once(',').unwrap();
        assert!(
            (lon.parse::<f64>().unwrap() - gcj.0).abs() < 2e-6
                && (lat.parse::<f64>().unwrap() - gcj.1).abs() < 2e-6,
            "{baidu}"
        );
        assert_eq!(q["coord_type"], "gcj02");
        assert_eq!(percent_decode(&q["title"]), title);
        assert_eq!(q["src"], "webapp.example.org");
        let qq = links
            .iter()
            .find(|l| l.starts_with("https://apis.map.qq.com/uri/v1/marker?"))
            .expect("tencent");
        let q = query(qq);
        let marker = percent_decode(&q["marker"]);
        let coord = marker
            .strip_prefix("coord:")
            .unwrap()
            .split(';')
            .next()
            .unwrap();
        let (lat, lon) = coord.split_once(',').unwrap();
        assert!(
            (lon.parse::<f64>().unwrap() - gcj.0).abs() < 2e-6
                && (lat.parse::<f64>().unwrap() - gcj.1).abs() < 2e-6,
            "{qq}"
        );
        assert!(marker.contains(&format!(";title:{title};")), "{marker}");
        assert_eq!(q["coord_type"], "2");
        assert_eq!(q["referer"], "example.org");
    };
    // GCJ-02 by default: the links carry the typed numbers.
    check("zijingshan", "紫荆山见义勇为主题公园", (113.6912, 34.7581));
    // WGS-84 typed: the links carry it shifted to GCJ-02 (a few hundred metres in Zhengzhou).
    let p = yiyong::maps::Point::from_datum(113.6689, 34.7545, yiyong::maps::Datum::Wgs84);
    assert!(yiyong::maps::distance_m(p.wgs, p.gcj) > 400.0);
    check("erqi", "二七广场见义勇为宣传点", p.gcj);
    // BD-09 typed (百度's picker): converted back to GCJ-02.
    let p = yiyong::maps::Point::from_datum(113.6702, 34.7512, yiyong::maps::Datum::Bd09);
    check("dehua", "德化街工作站", p.gcj);
    // Names that would break a query are encoded.
    let g = site(&[("odd", "A&B;C:D 公园", "garden", "金水区", 34.76, 113.68, "")]);
    g.build();
    let html = g.read("places/odd/index.html");
    let qq = nav_links(&html)
        .into_iter()
        .find(|l| l.contains("map.qq.com"))
        .unwrap();
    assert!(percent_decode(&query(&qq)["marker"]).contains(";title:A&B;C:D 公园;"));
}

#[test]
fn png_copies_decode_1080_px_wide_are_not_blank_and_are_cached() {
    let f = zhengzhou();
    // Place maps get a file (a PNG) only when asked; their SVG is inline on their pages.
    f.file(
        "config.toml",
        &format!("{CONFIG}[extra.yiyong.maps]\nplace_png = true\n"),
    );
    f.build();
    for stem in [
        "site",
        "district-jin-shui-qu",
        "kind-theme-park",
        "place-places-zijingshan",
    ] {
        // A place's map is inline on its page, sized by its viewBox (the page's CSS sizes it).
        let svg = match stem.strip_prefix("place-places-") {
            Some(slug) => place_map(&f, slug),
            None => f.read(&format!("maps/{stem}.svg")),
        };
        let root = &elements(&svg, "svg")[0];
        let view: Vec<f64> = root["viewBox"]
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        let (w, h) = (view[2], view[3]);
        let img = image::open(f.public(&format!("maps/{stem}.png")))
            .unwrap()
            .to_rgb8();
        // 1,080 px wide (a WeChat article's picture width), the height in proportion (± 1 px
        // of rounding).
        assert_eq!(img.width(), 1080, "{stem}");
        assert!(
            (img.height() as f64 - h * 1080.0 / w).abs() <= 1.0,
            "{stem}: {} for {w}×{h}",
            img.height()
        );
        // Not blank: marker colours and dark text are there, not only the background.
        let mut colours = std::collections::HashSet::new();
        let mut dark = 0;
        for p in img.pixels() {
            colours.insert(p.0);
            if p.0.iter().all(|c| *c < 90) {
                dark += 1;
            }
        }
        assert!(
            colours.len() > 50 && dark > 200,
            "{stem}: {} colours, {dark} dark pixels",
            colours.len()
        );
    }
    let cache = f.root().join(".yiyong-cache/maps");
    let before: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| {
            (
                e.as_ref().unwrap().path(),
                e.unwrap().metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    assert!(before.len() >= 10, "{}", before.len());
    f.build();
    let after: Vec<_> = std::fs::read_dir(&cache)
        .unwrap()
        .map(|e| {
            (
                e.as_ref().unwrap().path(),
                e.unwrap().metadata().unwrap().modified().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        before.len(),
        after.len(),
        "a rebuild with no place changed drew new pictures"
    );
    for (p, t) in &before {
        assert!(
            after.contains(&(p.clone(), *t)),
            "{} was drawn again",
            p.display()
        );
    }
}

#[test]
fn each_kind_of_bad_coordinate_is_reported_with_file_and_line() {
    let f = site(&[
        (
            "swapped",
            "甲",
            "theme_park",
            "金水区",
            113.6853,
            34.7599,
            "",
        ),
        ("paris", "乙", "theme_park", "金水区", 48.8566, 2.3522, ""),
        ("range", "丙", "theme_park", "金水区", 95.0, 113.0, ""),
        (
            "datum",
            "丁",
            "theme_park",
            "金水区",
            34.7,
            113.6,
            "datum = \"baidu\"",
        ),
        ("ok", "戊", "theme_park", "金水区", 34.7, 113.6, ""),
    ]);
    f.file("content/places/text.md", "+++\ntitle = \"己\"\n[extra.place]\nkind = \"广场\"\n[extra.place.coordinates]\nlat = \"北纬34度\"\nlon = 113.6\n+++\n");
    f.file("content/places/swapped2.md", "+++\ntitle = \"庚\"\n[extra.place]\nkind = \"广场\"\n[extra.place.coordinates]\nlat = 34.7\nlon = 34.7\n+++\n");
    let err = f.build_err();
    for want in [
        "content/places/swapped.md:10: lat = 113.6853 is out of range (−90 to 90); lat and lon look swapped",
        "content/places/paris.md:10: lat = 48.8566, lon = 2.3522 lie outside China; copy the point again",
        "content/places/range.md:10: lat = 95, lon = 113 are out of range",
        "content/places/datum.md:12: `datum` is \"baidu\"; use \"gcj02\"",
        "content/places/text.md:6: `extra.place.coordinates.lat` must be a number",
        "content/places/swapped2.md:6: lat = 34.7, lon = 34.7 lie outside China",
    ] {
        assert!(err.contains(want), "missing `{want}` in:\n{err}");
    }
    assert!(!err.contains("ok.md"), "{err}");
    // Nothing was published.
    assert!(!f.exists("maps/site.svg"));
    // Swapped inside China: says so.
    let g = site(&[("s", "甲", "theme_park", "金水区", 113.68, 34.75, "")]);
    assert!(g.build_err().contains("look swapped"));
    let h = site(&[("s", "甲", "theme_park", "金水区", 25.03, 118.80, "")]);
    h.build();
    let k = site(&[("s", "甲", "theme_park", "金水区", 118.80, 25.03, "")]);
    assert!(k.build_err().contains("look swapped"));
}

#[test]
fn coordinates_typed_with_full_width_digits_are_read() {
    let f = site(&[]);
    f.file("content/places/fw.md", "+++\ntitle = \"全角\"\n[taxonomies]\ndistricts = [\"金水区\"]\n[extra.place]\nkind = \"主题公园\"\ndistrict = \"金水区\"\n[extra.place.coordinates]\nlat = \"３４．７５８１\"\nlon = \"１１３．６９１２\"\n+++\n");
    f.build();
    assert!(f
        .read("maps/site.svg")
        .contains("https://example.org/places/fw/"));
}

#[test]
fn a_shortcode_draws_a_map_in_any_page_and_mistakes_are_named() {
    let f = zhengzhou();
    f.file("content/about.md", "+++\ntitle = \"关于\"\n+++\n我们的主题公园：\n\n{{ map(kind=\"主题公园\") }}\n\n金水区：\n\n{{ map(district=\"金水区\", list=false) }}\n");
    f.build();
    let about = f.read("about/index.html");
    assert_eq!(about.matches("<svg").count(), 2, "{about}");
    assert!(about.contains("紫荆山见义勇为主题公园"));
    f.file(
        "content/about.md",
        "+++\ntitle = \"关于\"\n+++\n{{ map(kind=\"公园\") }}\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("kind \"公园\" is not a place kind") && err.contains("theme_park (主题公园)"),
        "{err}"
    );
}

#[test]
fn a_dense_district_is_clustered_and_the_site_list_grouped() {
    let many: Vec<(String, String)> = (0..320)
        .map(|i| (format!("u{i}"), format!("第{i}号示范单位")))
        .collect();
    let rows: Vec<(&str, &str, &str, &str, f64, f64, &str)> = many
        .iter()
        .enumerate()
        .map(|(i, (s, t))| {
            (
                s.as_str(),
                t.as_str(),
                "demonstration_unit",
                if i < 300 {
                    "管城回族区"
                } else {
                    "金水区"
                },
                34.74 + (i % 20) as f64 * 0.0011,
                113.68 + (i / 20) as f64 * 0.0013,
                "",
            )
        })
        .collect();
    let f = site(&rows);
    f.build();
    let d = f.read("maps/district-guan-cheng-hui-zu-qu.svg");
    assert_labels_apart(&d);
    // Clusters on a map of one district carry no label: each would only repeat its name.
    assert!(
        !d.contains(">管城回族区</text>"),
        "a cluster labelled with the map's own district"
    );
    let markers = boxes(&d, "use", "mk");
    assert!(
        markers.len() < 300 && markers.len() <= 150,
        "{} markers",
        markers.len()
    );
    assert!(d.len() < 150_000, "{} bytes", d.len());
    // The district's page lists all 300; the places page groups by district, linking them.
    let page = f.read("districts/guan-cheng-hui-zu-qu/index.html");
    assert_eq!(
        page.matches("class=\"map-item\"").count(),
        300,
        "{}",
        &page[..page.len().min(3000)]
    );
    // Over `list_limit`, entries leave the map-app links to the places' own pages.
    assert!(!page.contains("uri.amap.com"));
    // A place in the crowd keeps its own marker on its own page's map, with at most 7 others.
    let own = f.read("places/u5/index.html");
    assert!(!f.exists("maps/place-places-u5.svg"), "inline, not a file");
    let own_map = place_map(&f, "u5");
    assert!(
        own_map.contains("href=\"https://example.org/places/u5/\" class=\"mk-link mk-focus\""),
        "the place is hidden in a cluster on its own map"
    );
    assert_labels_apart(&own_map);
    assert!(own.contains("uri.amap.com"));
    assert!(own.matches("class=\"map-item\"").count() <= 8);
    let places = f.read("places/index.html");
    assert!(
        places.contains("map-summary")
            && places.contains("districts/guan-cheng-hui-zu-qu/")
            && places.contains("300 处"),
        "grouped list missing"
    );
}

#[test]
fn a_missing_map_font_is_a_clear_error() {
    // A machine without any Chinese font (fontconfig pointed at an empty folder): the build
    // says what to install instead of drawing boxes.
    let f = zhengzhou();
    f.file("empty-fonts/README", "no fonts here");
    let conf = f.root().join("fonts.conf");
    std::fs::write(
        &conf,
        format!(
            "<?xml version=\"1.0\"?><fontconfig><dir>{}</dir></fontconfig>",
            f.root().join("empty-fonts").display()
        ),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .arg("build")
        .current_dir(f.root())
        .env("FONTCONFIG_FILE", &conf)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("no font with Chinese characters was found") && err.contains("fonts-noto-cjk"),
        "{err}"
    );
    assert!(!f.exists("maps/site.svg"), "nothing is published");
    let f = zhengzhou();
    let cfg = format!("{CONFIG}[extra.yiyong.maps]\nfont = \"fonts/NotoSansSC.otf\"\n");
    f.file("config.toml", &cfg);
    let err = f.build_err();
    assert!(
        err.contains("cannot read the map font") && err.contains("NotoSansSC.otf"),
        "{err}"
    );
    // A font without Chinese glyphs (any Latin-only font on this machine) is refused too.
    let latin = [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ]
    .into_iter()
    .find(|p| std::path::Path::new(p).exists());
    if let Some(latin) = latin {
        f.bytes("fonts/NotoSansSC.otf", &std::fs::read(latin).unwrap());
        let err = f.build_err();
        assert!(err.contains("has no Chinese characters"), "{err}");
    }
}

#[test]
fn places_in_far_apart_cities_are_drawn_as_panels_each_with_its_scale() {
    let f = site(&[
        (
            "zz1",
            "紫荆山公园",
            "theme_park",
            "金水区",
            34.7581,
            113.6912,
            "",
        ),
        ("zz2", "二七广场", "square", "二七区", 34.7545, 113.6689, ""),
        (
            "qz1",
            "黄塘镇长廊",
            "corridor",
            "惠安县",
            25.0612,
            118.7801,
            "",
        ),
        ("qz2", "晋江展馆", "museum", "晋江市", 24.7812, 118.5521, ""),
        (
            "hb1",
            "淇滨工作站",
            "work_station",
            "淇滨区",
            35.7412,
            114.2975,
            "",
        ),
    ]);
    f.build();
    let svg = f.read("maps/site.svg");
    // Three groups (郑州, 泉州, 鹤壁 are 80 km and more apart): three panels, three scale bars.
    assert_eq!(boxes_of(&svg, "map-bg"), 3, "{svg}");
    assert_eq!(svg.matches("class=\"map-scale\"").count(), 3);
    assert_labels_apart(&svg);
    // A district map of one city stays one picture.
    let d = f.read("maps/district-jin-shui-qu.svg");
    assert_eq!(boxes_of(&d, "map-bg"), 1);
}

fn boxes_of(svg: &str, class: &str) -> usize {
    elements(svg, "rect")
        .iter()
        .filter(|m| m.get("class").map(String::as_str) == Some(class))
        .count()
}

#[test]
fn an_owner_supplied_background_is_placed_by_its_corners_with_its_approval_number() {
    let f = zhengzhou();
    // A plain blue picture standing in for a sheet from the standard-map service.
    let mut png = vec![];
    image::RgbImage::from_pixel(64, 64, image::Rgb([30, 90, 200]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    f.bytes("static/maps-base/zhengzhou.png", &png);
    let cfg = format!("{CONFIG}[extra.yiyong.maps.background]\nimage = \"maps-base/zhengzhou.png\"\nnorth = 34.80\nsouth = 34.70\nwest = 113.62\neast = 113.74\napproval = \"豫S（2023）023号\"\n");
    f.file("config.toml", &cfg);
    f.build();
    let svg = f.read("maps/district-jin-shui-qu.svg");
    let img = &elements(&svg, "image")[0];
    assert_eq!(img["href"], "https://example.org/maps-base/zhengzhou.png");
    assert!(img["width"].parse::<f64>().unwrap() > 100.0);
    assert!(
        svg.contains("豫S（2023）023号"),
        "the approval number is printed under the map"
    );
    assert!(f
        .read("districts/jin-shui-qu/index.html")
        .contains("底图豫S（2023）023号"));
    // The PNG is drawn over the picture: its blue shows.
    let png = image::open(f.public("maps/district-jin-shui-qu.png"))
        .unwrap()
        .to_rgb8();
    let blue = png.pixels().filter(|p| p.0 == [30, 90, 200]).count();
    assert!(blue > 10_000, "{blue} background pixels");
    // Place maps stay without it (a few hundred metres of a city sheet would be a blur).
    let place = place_map(&f, "zijingshan");
    assert!(!place.contains("class=\"map-base\""));
    assert!(!f.exists("maps/place-places-zijingshan.png"));
    // Half a background is refused, naming what it needs.
    f.file("config.toml", &format!("{CONFIG}[extra.yiyong.maps.background]\nimage = \"maps-base/zhengzhou.png\"\nnorth = 34.80\n"));
    let err = f.build_err();
    assert!(
        err.contains("[extra.yiyong.maps.background] needs") && err.contains("approval"),
        "{err}"
    );
}

#[test]
fn hostile_places_build_safely() {
    // 400 places typed at one point, names with markup, districts whose names make the same
    // slug or none at all, a path-like district.
    let names: Vec<String> = (0..400)
        .map(|i| format!("<script>alert({i})</script>&\"点{i}"))
        .collect();
    let districts = ["金水区", "金水 区", "！！", "？？", "../../etc"];
    let rows: Vec<(String, &str, &str, &str, f64, f64, &str)> = names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            (
                format!("h{i}"),
                n.as_str(),
                "square",
                districts[i % 5],
                34.75,
                113.68,
                "",
            )
        })
        .collect();
    let rows: Vec<(&str, &str, &str, &str, f64, f64, &str)> = rows
        .iter()
        .map(|r| (r.0.as_str(), r.1, r.2, r.3, r.4, r.5, r.6))
        .collect();
    let f = site(&rows);
    f.file(
        "config.toml",
        &format!("{CONFIG}[extra.yiyong.maps]\nplace_png = true\n"),
    );
    // The names are in TOML strings: escape the quotes the test put in them.
    for (i, n) in names.iter().enumerate() {
        let p = f.root().join(format!("content/places/h{i}.md"));
        let text = std::fs::read_to_string(&p)
            .unwrap()
            .replace(&format!("title = \"{n}\""), &format!("title = {:?}", n));
        // Without district pages: these names would collide as taxonomy terms, which the core
        // reports on its own; here only the maps' file names are in question.
        let text = text.replace(
            &format!("[taxonomies]\ndistricts = [\"{}\"]\n", districts[i % 5]),
            "",
        );
        std::fs::write(p, text).unwrap();
    }
    f.build();
    let maps: Vec<_> = files_below(&f.public("maps"));
    let svgs: Vec<_> = maps
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "svg"))
        .collect();
    // Site, one kind, five districts (five distinct files); the 400 places' maps are inline
    // on their pages, and files only as the PNGs `place_png` asks for.
    assert_eq!(svgs.len(), 1 + 1 + 5, "{svgs:?}");
    let pngs = maps
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "png"));
    assert_eq!(pngs.count(), 1 + 1 + 5 + 400);
    let inline = (0..400)
        .step_by(37)
        .map(|i| place_map(&f, &format!("h{i}")));
    for (p, svg) in svgs
        .iter()
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .chain(inline.map(|svg| ("a place page".to_string(), svg)))
    {
        elements(&svg, "svg");
        assert!(!svg.contains("<script>"), "{p}");
    }
    assert!(maps.iter().all(|p| p.starts_with(f.public("maps"))));
    let site_svg = f.read("maps/site.svg");
    assert!(boxes(&site_svg, "use", "mk").len() <= 150);
    assert!(!f.read("places/index.html").contains("<script>alert"));
}

/// The place maps of the cache file in `.yiyong-cache/maps`.
fn kept_drawings(f: &Fixture) -> Vec<std::path::PathBuf> {
    let cache = f.root().join(".yiyong-cache/maps");
    let files = std::fs::read_dir(cache).unwrap().map(|e| e.unwrap().path());
    files
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("places-")
        })
        .collect()
}

#[test]
fn place_maps_are_kept_between_builds_until_a_place_changes() {
    let f = zhengzhou();
    f.build();
    let kept = kept_drawings(&f);
    assert_eq!(kept.len(), 1, "{kept:?}");
    let svg = place_map(&f, "zijingshan");
    assert!(svg.contains("紫荆山见义勇为主题公园"));
    // A rebuild takes the drawings from the file: proven by a name changed in the file only
    // (same byte length, so the file stays well formed).
    let mut bytes = std::fs::read(&kept[0]).unwrap();
    let (from, to) = ("紫荆山见义勇为".as_bytes(), "缓存里的名字啊".as_bytes());
    let mut at = 0;
    while let Some(i) = bytes[at..].windows(from.len()).position(|w| w == from) {
        bytes[at + i..at + i + from.len()].copy_from_slice(to);
        at += i + from.len();
    }
    assert!(at > 0, "the name is in the kept drawings");
    std::fs::write(&kept[0], bytes).unwrap();
    // Some input must change, or the build is skipped as up to date (site/fresh.rs).
    let config = f.root().join("config.toml");
    std::fs::write(&config, std::fs::read(&config).unwrap()).unwrap();
    f.build();
    assert!(place_map(&f, "zijingshan").contains("缓存里的名字啊"));
    // A changed place draws them all again, into a new file that replaces the old one.
    let page = f.root().join("content/places/renmin.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("人民路见义勇为长廊", "人民路长廊")).unwrap();
    f.build();
    let svg = place_map(&f, "zijingshan");
    assert!(svg.contains("紫荆山见义勇为主题公园") && !svg.contains("缓存里的名字啊"));
    let now = kept_drawings(&f);
    assert!(now.len() == 1 && now != kept, "{now:?}");
    // The PNGs of the maps as they were are gone from the cache: one cached PNG per map file.
    let pngs = |dir: std::path::PathBuf| {
        let files = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path());
        files
            .filter(|p| p.extension().is_some_and(|e| e == "png"))
            .count()
    };
    let (cached, published) = (
        pngs(f.root().join(".yiyong-cache/maps")),
        pngs(f.public("maps")),
    );
    assert_eq!(
        cached, published,
        "the cache keeps pictures of maps the site no longer has"
    );
    // A damaged file is drawn over, not trusted.
    std::fs::write(&now[0], b"yiyong-maps-drawings 1\ncut").unwrap();
    f.build();
    assert!(place_map(&f, "zijingshan").contains("紫荆山见义勇为主题公园"));
}
