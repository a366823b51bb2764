//! The rolls scale: on a `yiyong init` site whose sections set no `paginate_by`, the hero roll
//! comes in pages of 48 with a pager, every hero is on exactly one page of it, and the views by
//! year and honour level are pages of their own holding exactly that year's or level's heroes;
//! the events archive is paginated too; `paginate_by = 0` keeps the roll on one page; an
//! anonymous hero is in the views only under the masked name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;

use common::InitSite;

const LEVELS: [&str; 4] = ["国家级", "省级", "市级", "县级"];
const YEARS: [u32; 5] = [2019, 2020, 2021, 2022, 2023];
const HEROES: usize = 130;

/// Hero `i`: its name, year and honour level, spread so every year and level has several.
fn hero(i: usize) -> (String, u32, &'static str) {
    (format!("英雄{i:03}号"), YEARS[i % 5], LEVELS[(i / 5) % 4])
}

/// A `yiyong init` site with 130 heroes (one of them anonymous) and 70 events.
fn site() -> InitSite {
    let site = InitSite::new();
    for entry in std::fs::read_dir(site.join("content/heroes")).unwrap() {
        let path = entry.unwrap().path();
        if !path.ends_with("_index.md") {
            std::fs::remove_file(path).unwrap();
        }
    }
    for i in 0..HEROES {
        let (name, year, level) = hero(i);
        let anonymous = if i == 7 { "anonymous = true\n" } else { "" };
        let text = format!(
            "+++\ntitle = \"{name}的事迹\"\ndate = {year}-03-{:02}\n[extra.hero]\nname = \"{name}\"\n\
             {anonymous}deed_date = {year}-03-{:02}\n[[extra.hero.honours]]\ntitle = \"见义勇为模范\"\n\
             level = \"{level}\"\nyear = {year}\n+++\n事迹。\n",
            1 + i % 28,
            1 + i % 28
        );
        site.write(&format!("content/heroes/h{i:03}.md"), &text);
    }
    for i in 0..70 {
        let text = format!(
            "+++\ntitle = \"宣传活动{i}\"\ndate = 2024-05-{:02}\n[extra.event]\nstart = 2024-05-{:02}T09:00:00+08:00\n+++\n",
            1 + i % 28,
            1 + i % 28
        );
        site.write(&format!("content/events/e{i:02}.md"), &text);
    }
    site
}

/// The hero names on a page of cards, in order.
fn names(html: &str) -> Vec<String> {
    html.split("<h3>")
        .chain(html.split("<h2>").skip(1))
        .skip(1)
        .filter_map(|s| s.split(['<', '的']).next())
        .filter(|s| s.starts_with("英雄") || s.ends_with('某'))
        .map(str::to_string)
        .collect()
}

/// Every page of a paginated listing at `dir` (`dir/index.html`, then `dir/page/N/`).
fn pages_of(site: &InitSite, dir: &str) -> Vec<String> {
    let mut out = vec![site.read(&format!("{dir}index.html"))];
    for n in 2.. {
        let rel = format!("{dir}page/{n}/index.html");
        if !site.join("public").join(&rel).exists() {
            break;
        }
        out.push(site.read(&rel));
    }
    out
}

#[test]
fn the_roll_is_paginated_and_every_hero_is_on_it_once() {
    let site = site();
    site.build();
    let roll = pages_of(&site, "heroes/");
    let counts: Vec<usize> = roll.iter().map(|p| names(p).len()).collect();
    assert_eq!(counts, vec![48, 48, 34], "cards per page of the roll");
    assert!(roll[0].contains("href=\"/heroes/page/2/\""), "a pager link");
    assert!(roll[2].contains("第 3 / 3 页"));
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for n in roll.iter().flat_map(|p| names(p)) {
        *seen.entry(n).or_default() += 1;
    }
    assert_eq!(seen.len(), HEROES, "every hero once");
    assert!(seen.values().all(|&n| n == 1), "no hero twice: {seen:?}");
    // The anonymous hero is there under the masked name only.
    assert!(seen.contains_key("英某"), "{seen:?}");
    // One grid, no year headings: each card says its year, in the roll's order (newest first).
    let first = &roll[0];
    assert!(!first.contains("<h2>2023年</h2>"), "no year headings");
    let years: Vec<u32> = first
        .split("<p class=\"meta\">")
        .skip(1)
        .filter_map(|s| s.get(..4)?.parse().ok())
        .collect();
    assert_eq!(years.len(), 48, "{years:?}");
    assert!(years.windows(2).all(|w| w[0] >= w[1]), "{years:?}");
    assert_eq!(years[0], 2023);
}

#[test]
fn each_year_and_level_has_pages_of_exactly_its_heroes() {
    let site = site();
    site.build();
    let roll = site.read("heroes/index.html");
    for year in YEARS {
        let want: Vec<String> = (0..HEROES)
            .filter(|&i| hero(i).1 == year)
            .map(|i| if i == 7 { "英某".into() } else { hero(i).0 })
            .collect();
        let url = format!("/hero-years/{year}/");
        let label = format!("{year}年（{}）", want.len());
        assert!(
            roll.contains(&format!("href=\"{url}\">{label}</a>")),
            "{label}"
        );
        let pages = pages_of(&site, &format!("hero-years/{year}/"));
        let mut got: Vec<String> = pages.iter().flat_map(|p| names(p)).collect();
        let mut want = want;
        got.sort();
        want.sort();
        assert_eq!(got, want, "the heroes of {year}");
        assert!(pages[0].contains(&format!("<h1>{year}年英模</h1>")));
    }
    let levels: Vec<_> = ["guo-jia-ji", "sheng-ji", "shi-ji", "xian-ji"]
        .into_iter()
        .zip(LEVELS)
        .collect();
    for (slug, level) in levels {
        let pages = pages_of(&site, &format!("hero-levels/{slug}/"));
        let got = pages.iter().flat_map(|p| names(p)).count();
        let want = (0..HEROES).filter(|&i| hero(i).2 == level).count();
        assert_eq!(got, want, "the heroes honoured at {level}");
        assert!(pages.iter().all(|p| names(p).len() <= 48));
        assert!(roll.contains(&format!("{level}（{want}）</a>")));
    }
    // Nothing the views wrote names the anonymous hero.
    for dir in ["hero-years", "hero-levels", "heroes"] {
        for file in walk(&site.join("public").join(dir)) {
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(
                !text.contains("英雄007号"),
                "{} names the anonymous hero",
                file.display()
            );
        }
    }
}

#[test]
fn the_events_archive_is_paginated() {
    let site = site();
    site.build();
    let pages = pages_of(&site, "events/");
    assert_eq!(
        pages.len(),
        3,
        "70 events and the init site's own at 30 a page"
    );
    let listed: usize = pages.iter().map(|p| p.matches("宣传活动").count()).sum();
    assert_eq!(listed, 70);
    assert!(pages[1].contains("全部活动") && !pages[1].contains("即将举行"));
}

#[test]
fn paginate_by_zero_keeps_the_roll_on_one_page() {
    let site = site();
    let index = site.join("content/heroes/_index.md");
    let text = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, text.replacen("+++\n", "+++\npaginate_by = 0\n", 1)).unwrap();
    site.build();
    assert_eq!(names(&site.read("heroes/index.html")).len(), HEROES);
    assert!(!site.join("public/heroes/page/2").exists());
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn heroes_without_a_page_date_are_on_the_roll() {
    let site = site();
    // Only the deed's date: dated by it, so on the roll under its year and in its view.
    site.write("content/heroes/deed-only.md",
        "+++\ntitle = \"只有事迹日期\"\n[extra.hero]\nname = \"英雄甲日\"\ndeed_date = 2021-07-01\n+++\n",
    );
    // No date at all: on the roll's last page under 「年份不详」.
    site.write(
        "content/heroes/no-date.md",
        "+++\ntitle = \"没有日期\"\n[extra.hero]\nname = \"英雄乙无\"\n+++\n",
    );
    site.build();
    let roll = pages_of(&site, "heroes/");
    let all: Vec<String> = roll.iter().flat_map(|p| names(p)).collect();
    assert_eq!(all.len(), HEROES + 2, "{all:?}");
    let last = roll.last().unwrap();
    let undated = last
        .find("<h2 id=\"y-none\">年份不详</h2>")
        .expect("the undated heading");
    assert!(last[undated..].contains("英雄乙无"));
    assert!(!roll[0].contains("年份不详"), "only the last page has them");
    let year = pages_of(&site, "hero-years/2021/");
    assert!(year.iter().any(|p| p.contains("英雄甲日")));
}

#[test]
fn the_home_page_shows_the_newest_heroes() {
    let site = site();
    site.build();
    let home = site.read("index.html");
    let roll = home
        .split("aria-labelledby=\"home-heroes\"")
        .nth(1)
        .and_then(|b| b.split("</section>").next())
        .expect("the home page's hero block");
    let shown: Vec<&str> = roll
        .split("<h3>")
        .skip(1)
        .filter_map(|s| s.split('<').next())
        .collect();
    assert_eq!(shown.len(), 6, "{roll}");
    // The newest by date: 2023, the 28th and 27th of March first (heroes 27, 83 and 55, 111…).
    let want: Vec<String> = {
        let mut all: Vec<(u32, usize, usize)> =
            (0..HEROES).map(|i| (hero(i).1, 1 + i % 28, i)).collect();
        all.sort_by_key(|b| std::cmp::Reverse((b.0, b.1)));
        all.iter()
            .take(6)
            .map(|&(_, _, i)| if i == 7 { "英某".into() } else { hero(i).0 })
            .collect()
    };
    let mut got: Vec<String> = shown.iter().map(|s| s.to_string()).collect();
    let mut want_sorted = want.clone();
    got.sort();
    want_sorted.sort();
    assert_eq!(got, want_sorted, "{roll:.600}");
}

#[test]
fn the_events_page_links_a_calendar_only_when_there_is_one() {
    let site = InitSite::new();
    for entry in std::fs::read_dir(site.join("content/events")).unwrap() {
        let path = entry.unwrap().path();
        if !path.ends_with("_index.md") {
            std::fs::remove_file(path).unwrap();
        }
    }
    site.build();
    assert!(!site.join("public/events/calendar.ics").exists());
    assert!(!site.read("events/index.html").contains("calendar.ics"));
    site.write("content/events/a.md",
        "+++\ntitle = \"活动\"\ndate = 2024-05-01\n[extra.event]\nstart = 2024-05-01T09:00:00+08:00\n+++\n",
    );
    site.build();
    assert!(site.join("public/events/calendar.ics").exists());
    assert!(site
        .read("events/index.html")
        .contains("/events/calendar.ics\">订阅活动日历"));
}

#[test]
fn the_menu_marks_the_section_the_visitor_is_in() {
    let site = site();
    site.build();
    let marked = |rel: &str| -> Vec<String> {
        let html = site.read(rel);
        let nav = html.split("<nav aria-label=\"主导航\">").nth(1).unwrap();
        let nav = nav.split("</nav>").next().unwrap();
        nav.split("<a ")
            .filter(|a| a.contains("aria-current"))
            .map(|a| {
                let kind = a
                    .split("aria-current=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap();
                let text = a.split('>').nth(1).unwrap().split('<').next().unwrap();
                format!("{kind}:{text}")
            })
            .collect()
    };
    assert_eq!(marked("heroes/index.html"), ["page:英雄谱"]);
    assert_eq!(marked("heroes/page/2/index.html"), ["true:英雄谱"]);
    assert_eq!(marked("heroes/h000/index.html"), ["true:英雄谱"]);
    assert_eq!(marked("events/index.html"), ["page:活动"]);
    assert!(marked("index.html").is_empty());
}

/// A section folder written with slashes (`hero = "/heroes/"`, as a path is often typed) is the
/// same folder: the menu links it (the menu, in Tera, once looked up `@//heroes//_index.md`
/// and dropped the link).
#[test]
fn the_menu_reads_section_folders_written_with_slashes() {
    let site = InitSite::new();
    let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
    assert!(config.contains("hero = \"heroes\"\n"));
    site.write(
        "config.toml",
        &config.replace("hero = \"heroes\"\n", "hero = \"/heroes/\"\n"),
    );
    site.build();
    let html = site.read("heroes/index.html");
    let nav = html.split("<nav aria-label=\"主导航\">").nth(1).unwrap();
    let nav = nav.split("</nav>").next().unwrap();
    assert!(
        nav.contains("<a href=\"/heroes/\" aria-current=\"page\">英雄谱</a>"),
        "{nav}"
    );
}
