//! Outreach template functions (typed lists, statistics) and calendar files, parsed back.

mod common;
use common::*;

const CONFIG: &str = "base_url = \"https://example.org\"\ntitle = \"示例协会\"\n[extra.yiyong]\n";

fn hero(name: &str, district: &str, level: &str, year: u32, status: &str) -> String {
    format!(
        "+++\ntitle = \"{name}的事迹\"\n[extra.hero]\nname = \"{name}\"\ndistrict = \"{district}\"\nstatus = \"{status}\"\ndeed_date = {year}-06-01\n[[extra.hero.honours]]\ntitle = \"称号\"\nlevel = \"{level}\"\nyear = {year}\n+++\n"
    )
}

fn site() -> Fixture {
    let f = Fixture::with_templates(CONFIG);
    f.file("content/heroes/_index.md", "+++\ntitle = \"英雄谱\"\n+++\n")
        .file("content/heroes/a.md", &hero("甲", "金水区", "provincial", 2022, "living"))
        .file("content/heroes/b.md", &hero("乙", "金水区", "市级", 2023, "牺牲"))
        .file("content/heroes/c.md", &hero("丙", "管城区", "national", 2023, "living"))
        .file("content/places/_index.md", "+++\ntitle = \"阵地\"\n+++\n")
        .file("content/places/p1.md", "+++\ntitle = \"紫荆山主题公园\"\n[extra.place]\nkind = \"theme_park\"\ndistrict = \"金水区\"\n+++\n")
        .file("content/places/p2.md", "+++\ntitle = \"黄塘长廊\"\n[extra.place]\nkind = \"长廊\"\n+++\n")
        .file("content/places/p3.md", "+++\ntitle = \"二号公园\"\n[extra.place]\nkind = \"主题公园\"\n+++\n")
        .file("content/events/_index.md", "+++\ntitle = \"活动\"\n+++\n")
        .file(
            "content/events/future.md",
            "+++\ntitle = \"宣传日活动, 第一场\"\ndescription = \"9月9日宣传日\"\n[extra.event]\nstart = \"2099-09-09T09:00:00\"\nend = \"2099-09-09T11:30:00\"\nvenue = \"@/places/p1.md\"\norganizer = \"示例协会\"\n+++\n",
        )
        .file("content/events/past.md", "+++\ntitle = \"表彰大会\"\n[extra.event]\nstart = \"2024-01-29\"\nvenue = \"市会议中心\"\n+++\n");
    f
}

#[test]
fn statistics_and_typed_lists_in_templates() {
    let f = site();
    f.file(
        "templates/index.html",
        r#"{% set s = get_statistics() %}heroes={{ s.heroes.total }} places={{ s.places.total }}
years={% for y in s.heroes.by_year %}{{ y.key }}:{{ y.count }},{% endfor %}
levels={% for l in s.heroes.by_level %}{{ l.label }}:{{ l.count }},{% endfor %}
kinds={% for k in s.places.by_kind %}{{ k.label }}{{ k.count }}个,{% endfor %}
events={{ s.events.upcoming }}/{{ s.events.past }}
jinshui={% for h in get_heroes(district="金水区") %}{{ h.hero.name }}{% endfor %}
sacrificed={% for h in get_heroes(status="sacrificed") %}{{ h.hero.name }}{{ h.hero.status_label }}{% endfor %}
y2023={{ get_heroes(year=2023) | length }}
parks={{ get_places(kind="主题公园") | length }}
upcoming={% for e in get_events(when="upcoming") %}{{ e.title }}@{{ e.event.venue_name }}{% endfor %}
past={% for e in get_events(when="past") %}{{ e.title }}{{ e.past }}{% endfor %}
at_p1={% for e in get_events(venue="@/places/p1.md") %}{{ e.title }};{% endfor %}
at_p1_past={{ get_events(venue="@/places/p1.md", when="past") | length }}
at_p2={{ get_events(venue="@/places/p2.md") | length }}
at_hall={% for e in get_events(venue="市会议中心") %}{{ e.title }}{% endfor %}"#,
    )
    .build();
    let out = f.read("index.html");
    for want in [
        "heroes=3 places=3",
        "years=2022:1,2023:2,",
        "levels=国家级:1,省级:1,市级:1,",
        "kinds=主题公园2个,长廊1个,",
        "events=1/1",
        "jinshui=甲乙",
        "sacrificed=乙牺牲",
        "y2023=2",
        "parks=2",
        "upcoming=宣传日活动, 第一场@紫荆山主题公园",
        "past=表彰大会true",
        // By venue: a place's own events (its page lists them), a named hall's, none.
        "at_p1=宣传日活动, 第一场;\n",
        "at_p1_past=0",
        "at_p2=0",
        "at_hall=表彰大会",
    ] {
        assert!(out.contains(want), "missing `{want}` in:\n{out}");
    }
}

/// `get_heroes(fields=[…])`: each named field as the whole value has it (labels and derived
/// fields too), nothing else; `fields=[]` leaves only the page's own keys.
#[test]
fn hero_values_with_only_the_named_fields() {
    let f = site();
    // A hero with its name only: no honours, so no `first_honour`.
    f.file(
        "content/heroes/d.md",
        "+++\ntitle = \"丁的事迹\"\n[extra.hero]\nname = \"丁\"\nstatus = \"injured\"\n+++\n",
    );
    f.file(
        "templates/index.html",
        r#"{% set whole = get_heroes() %}{% for key in ["name", "district", "status", "status_label", "deed_date", "honours", "first_honour", "martyr", "year", "honour_years", "level", "level_label"] %}{% set part = get_heroes(fields=[key]) %}{% for h in whole %}{% if h.hero | get(key=key, default="absent") | json_encode() == part[loop.index0].hero | get(key=key, default="absent") | json_encode() %}same:{{ key }};{% else %}DIFF:{{ key }};{% endif %}{% endfor %}{% endfor %}
b={% for h in get_heroes(status="sacrificed", fields=["status_label", "year", "level_label", "honour_years", "martyr"]) %}{{ h.hero | json_encode() | safe }}{% endfor %}
none={% for h in get_heroes(fields=[]) %}{{ h.hero | json_encode() | safe }}{{ h.title }};{% endfor %}
first={% for h in get_heroes(fields=["first_honour"]) %}{{ h.hero | json_encode() | safe }};{% endfor %}"#,
    )
    .build();
    let out = f.read("index.html");
    assert!(!out.contains("DIFF"), "{out}");
    assert_eq!(out.matches("same:").count(), 4 * 12, "{out}");
    assert!(
        out.contains(r#"b={"honour_years":[2023],"level_label":"市级","martyr":false,"status_label":"牺牲","year":2023}"#),
        "{out}"
    );
    assert!(
        out.contains("none={}甲的事迹;{}乙的事迹;{}丙的事迹;{}丁的事迹;"),
        "{out}"
    );
    let first = r#"{"first_honour":"称号"};"#;
    assert!(
        out.contains(&format!(
            r#"first={first}{first}{first}{{"first_honour":null}};"#
        )),
        "{out}"
    );
}

/// A pager's cards (`paths=[…]` with `fields=[…]`) are kept for the build: asked again, in
/// another order, with other fields or for one hero, each call still gets what it names, as
/// a call without `paths` (never kept) makes it.
#[test]
fn kept_hero_values_hold_the_fields_each_call_names() {
    let f = site();
    f.file(
        "templates/index.html",
        r#"{% set all = get_heroes() | map(attribute="path") %}{% for list in ["name", "name year", "name", "year name"] %}{% set fields = list | split(pat=" ") %}{% for h in get_heroes(fields=fields) %}{{ h.hero | json_encode() | safe }}{{ h.title }};{% endfor %}|{% for h in get_heroes(paths=all, fields=fields) %}{{ h.hero | json_encode() | safe }}{{ h.title }};{% endfor %}|{% for h in get_heroes(paths=all | reverse, fields=fields) %}{{ h.hero | json_encode() | safe }}{{ h.title }};{% endfor %}|{% for h in get_heroes(paths=[all.1], fields=fields) %}{{ h.hero | json_encode() | safe }}{{ h.title }};{% endfor %}
{% endfor %}"#,
    )
    .build();
    let out = f.read("index.html");
    let lines: Vec<Vec<Vec<&str>>> = out
        .lines()
        .map(|l| {
            l.split('|')
                .map(|c| c.split_terminator(';').collect())
                .collect()
        })
        .collect();
    assert_eq!(lines.len(), 4, "{out}");
    for (i, calls) in lines.iter().enumerate() {
        let (fresh, kept, reversed, one) = (&calls[0], &calls[1], &calls[2], &calls[3]);
        assert_eq!(fresh.len(), 3, "{out}");
        assert_eq!(kept, fresh, "{out}");
        let back: Vec<&str> = fresh.iter().rev().copied().collect();
        assert_eq!(reversed, &back, "{out}");
        assert_eq!(one, &[fresh[1]], "{out}");
        let has_year = fresh.iter().all(|v| v.contains("\"year\":"));
        assert_eq!(has_year, i == 1 || i == 3, "{out}");
        assert_eq!(
            fresh.iter().all(|v| v.contains("\"name\":")),
            i < 4,
            "{out}"
        );
    }
}

#[test]
fn hero_fields_that_are_not_a_list_of_names_fail_the_build_saying_so() {
    let f = site();
    f.file(
        "templates/index.html",
        r#"{{ get_heroes(fields="name") | length }}"#,
    );
    let err = f.build_err();
    assert!(
        err.contains("`fields` is a list of the hero's field names"),
        "{err}"
    );
}

/// Unfolds an iCalendar file into (name with parameters, value) pairs.
fn parse_ics(text: &str) -> Vec<(String, String)> {
    assert!(
        text.lines().all(|l| l.len() <= 75),
        "lines are folded at 75 octets"
    );
    text.replace("\r\n ", "")
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (k, v) = l.split_once(':').expect("NAME:value");
            (k.to_string(), v.to_string())
        })
        .collect()
}

#[test]
fn calendar_files_parse_back() {
    let f = site();
    f.build();
    let one = parse_ics(&f.read("events/future/event.ics"));
    let get = |props: &[(String, String)], k: &str| {
        props.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    };
    assert_eq!(get(&one, "BEGIN").as_deref(), Some("VCALENDAR"));
    assert_eq!(
        get(&one, "DTSTART;TZID=Asia/Shanghai").as_deref(),
        Some("20990909T090000")
    );
    assert_eq!(
        get(&one, "DTEND;TZID=Asia/Shanghai").as_deref(),
        Some("20990909T113000")
    );
    assert_eq!(
        get(&one, "SUMMARY").as_deref(),
        Some("宣传日活动\\, 第一场")
    );
    assert_eq!(get(&one, "LOCATION").as_deref(), Some("紫荆山主题公园"));
    assert_eq!(
        get(&one, "DESCRIPTION").as_deref(),
        Some("9月9日宣传日\\n主办：示例协会")
    );
    assert_eq!(
        get(&one, "URL").as_deref(),
        Some("https://example.org/events/future/")
    );
    assert_eq!(get(&one, "DTSTAMP").as_deref(), Some("20990909T010000Z"));
    let all = parse_ics(&f.read("events/calendar.ics"));
    assert_eq!(
        all.iter()
            .filter(|(k, v)| k == "BEGIN" && v == "VEVENT")
            .count(),
        2
    );
    assert!(
        all.contains(&("DTSTART;VALUE=DATE".into(), "20240129".into())),
        "all-day event"
    );
    assert!(all.contains(&("DTEND;VALUE=DATE".into(), "20240130".into())));
    assert!(all.contains(&("X-WR-CALNAME".into(), "示例协会 活动".into())));
}

#[test]
fn anonymous_hero_name_appears_nowhere_in_public() {
    let f = Fixture::with_templates(&format!("generate_feeds = true\n{CONFIG}"));
    f.file("templates/index.html", "{% for h in get_heroes() %}{{ h.hero.name }}{% endfor %}|{% set s = get_section(path='heroes/_index.md') %}{{ s.pages | length }}")
        .file("templates/section.html", "{% for p in section.pages %}{{ p.title }}{{ p.extra.hero.name }}{{ p.content | safe }}{% endfor %}")
        .file("content/heroes/_index.md", "+++\ntitle = \"英雄谱\"\n+++\n")
        .file(
            "content/heroes/zhang-wei.md",
            "+++\ntitle = \"张伟勇救落水儿童\"\ndate = 2024-07-21\nslug = \"zhang-mou-2024\"\ndescription = \"张伟跳入河中\"\n[extra.hero]\nname = \"张伟\"\nanonymous = true\nsummary = \"张伟救起两名儿童\"\n+++\n那天，张伟正在河边散步。\n",
        );
    let out = f.run(&["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning:") && stderr.contains("content/heroes/zhang-wei.md"),
        "{stderr}"
    );
    let mut files = 0;
    for entry in walkdir::WalkDir::new(f.root().join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
    {
        files += 1;
        let text = String::from_utf8_lossy(&std::fs::read(entry.path()).unwrap()).into_owned();
        assert!(
            !text.contains("张伟"),
            "real name found in {}",
            entry.path().display()
        );
    }
    assert!(files > 5, "feeds, sitemap and pages were checked");
    assert!(f.read("index.html").starts_with("张某|1"));
    assert!(f.read("atom.xml").contains("张某勇救落水儿童"));
}

#[test]
fn json_feed_for_news_parses_back() {
    let f = Fixture::with_templates(CONFIG);
    f.file("content/news/_index.md", "+++\ntitle = \"新闻动态\"\nsort_by = \"date\"\n+++\n")
        .file("content/news/a.md", "+++\ntitle = \"公交首发\"\ndate = 2024-10-27\ndescription = \"101、108 路\"\n[extra.news]\nsource = \"鹤壁日报\"\nauthor = \"记者甲\"\n+++\n正文<b>一</b>\n")
        .file("content/news/b.md", "+++\ntitle = \"年会\"\ndate = 2024-01-29T19:30:00\n+++\n正文二\n")
        .build();
    let feed: serde_json::Value =
        serde_json::from_str(&f.read("news/feed.json")).expect("valid JSON");
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["feed_url"], "https://example.org/news/feed.json");
    let items = feed["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["title"], "公交首发");
    assert_eq!(items[0]["date_published"], "2024-10-27T00:00:00+08:00");
    assert_eq!(items[0]["authors"][0]["name"], "记者甲");
    assert_eq!(items[0]["_source"]["name"], "鹤壁日报");
    assert!(items[0]["content_html"]
        .as_str()
        .unwrap()
        .contains("<b>一</b>"));
    assert_eq!(items[1]["date_published"], "2024-01-29T19:30:00+08:00");
}

#[test]
fn json_feed_dates_with_an_offset_are_the_same_instant_in_beijing_time() {
    let f = Fixture::with_templates(CONFIG);
    f.file("content/news/_index.md", "+++\ntitle = \"新闻动态\"\nsort_by = \"date\"\n+++\n")
        .file("content/news/a.md", "+++\ntitle = \"夜间消息\"\ndate = 2024-01-29T20:30:00Z\nupdated = \"2024-01-30T01:00:00+00:00\"\n+++\n正文\n")
        .build();
    let feed: serde_json::Value =
        serde_json::from_str(&f.read("news/feed.json")).expect("valid JSON");
    let item = &feed["items"][0];
    assert_eq!(item["date_published"], "2024-01-30T04:30:00+08:00");
    assert_eq!(item["date_modified"], "2024-01-30T09:00:00+08:00");
}

#[test]
fn automatic_summary_and_chinese_reading_time() {
    let f = Fixture::new(CONFIG);
    let body = format!(
        "{}。第二句不在摘要里。\n\n{}",
        "事发当天他冲向现场".repeat(8),
        "字".repeat(900)
    );
    f.file(
        "templates/page.html",
        "{{ page.summary | safe }}|{{ page.reading_time }}",
    )
    .file("content/a.md", &page("甲", "", &body))
    .file(
        "content/b.md",
        &page("乙", "", "前言。\n\n<!-- more -->\n\n正文。"),
    )
    .build();
    let (summary, minutes) = f
        .read("a/index.html")
        .split_once('|')
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .unwrap();
    assert_eq!(
        summary,
        format!("<p>{}。</p>", "事发当天他冲向现场".repeat(8))
    );
    assert_eq!(minutes, "3", "972 Han characters at 400 a minute");
    assert!(
        f.read("b/index.html").starts_with("<p>前言。</p>|"),
        "an explicit <!-- more --> wins"
    );
}

#[test]
fn bar_chart_draws_statistics_as_inline_svg() {
    let f = site();
    f.file("templates/index.html", r#"{% set s = get_statistics() %}{{ bar_chart(data=s.places.by_kind, title="阵地") }}{{ bar_chart(data=s.heroes.by_year, title="年份") }}"#).build();
    let html = f.read("index.html");
    assert_eq!(html.matches("<svg").count(), 2);
    assert!(
        html.contains(">主题公园</text>") && html.contains(">2</text>"),
        "{html}"
    );
    let ids: Vec<&str> = html
        .split("<title id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    assert_ne!(ids[0], ids[1], "each chart has its own ids");
}

#[test]
fn elder_mode_is_a_switch_on_each_page_and_writes_no_copies() {
    let f = Fixture::new(&format!("theme = \"yiyong\"\n{CONFIG}"));
    with_default_theme(&f);
    f.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
        .file("content/a.md", &page("甲", "", ""))
        .build();
    let html = f.read("a/index.html");
    // On by the button (a class, remembered by the script) or by the address `#elder`.
    assert!(
        html.contains("<html lang=\"zh-CN\" id=\"elder\">"),
        "{html}"
    );
    assert!(
        html.contains("localStorage.getItem(\"yy-elder\")===\"1\""),
        "{html}"
    );
    // The button's handler is one shared file, loaded after the page is read.
    let script = html
        .split("<script src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("js/elder.js is linked");
    assert!(script.contains("/js/elder.js?h="), "{script}");
    let js = f.read("js/elder.js");
    assert!(
        js.contains("localStorage.setItem(key, on ? \"1\" : \"0\")"),
        "{js}"
    );
    assert!(
        html.contains("class=\"elder-toggle elder-toggle-on\" href=\"#elder\">长辈模式</a>"),
        "{html}"
    );
    assert!(
        html.contains("class=\"elder-toggle elder-toggle-off\" href=\"#\">标准模式</a>"),
        "{html}"
    );
    let css = std::fs::read_to_string(
        files_below(&f.public("css"))
            .into_iter()
            .find(|p| p.extension().is_some_and(|e| e == "css"))
            .unwrap(),
    )
    .unwrap();
    assert!(
        css.contains("html.elder, html:target { font-size: 137.5%; }"),
        "{css}"
    );
    let written = files_below(&f.public(""));
    assert!(
        !written
            .iter()
            .any(|p| p.to_string_lossy().contains("/elder/")),
        "a copy was written: {written:?}"
    );
    let off = Fixture::new(&format!("theme = \"yiyong\"\n{CONFIG}elder_mode = false\n"));
    with_default_theme(&off);
    off.file("content/a.md", &page("甲", "", "")).build();
    let html = off.read("a/index.html");
    assert!(
        !html.contains("elder"),
        "elder_mode = false leaves no trace: {html}"
    );
}

/// Copies the default theme into a fixture, so its templates render the fixture's content.
#[test]
fn event_times_with_an_offset_are_shown_and_written_in_beijing_time() {
    let f = Fixture::new(&format!("theme = \"yiyong\"\n{CONFIG}"));
    with_default_theme(&f);
    // The pages and sections the theme's menu links to.
    for (rel, title) in [
        ("_index.md", "首页"),
        ("heroes/_index.md", "英雄谱"),
        ("places/_index.md", "阵地"),
        ("news/_index.md", "新闻"),
        ("about.md", "关于"),
        ("stats.md", "统计"),
    ] {
        f.file(
            &format!("content/{rel}"),
            &format!("+++\ntitle = \"{title}\"\n+++\n"),
        );
    }
    f.file("content/events/_index.md", "+++\ntitle = \"活动\"\ntemplate = \"events.html\"\npage_template = \"event.html\"\n+++\n")
        // 10:00 UTC is 18:00 in Beijing; the end is given in UTC, the start in Beijing time.
        .file("content/events/utc.md", "+++\ntitle = \"夜间宣讲\"\n[extra.event]\nstart = \"2030-07-21T10:00:00+00:00\"\nend = \"2030-07-21T12:30:00Z\"\n+++\n")
        .file("content/events/mixed.md", "+++\ntitle = \"培训\"\n[extra.event]\nstart = \"2030-08-01T17:00:00\"\nend = \"2030-08-01T10:30:00Z\"\n+++\n")
        .build();
    let get = |props: &[(String, String)], k: &str| {
        props.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
    };
    let utc = parse_ics(&f.read("events/utc/event.ics"));
    assert_eq!(
        get(&utc, "DTSTART;TZID=Asia/Shanghai").as_deref(),
        Some("20300721T180000")
    );
    assert_eq!(
        get(&utc, "DTEND;TZID=Asia/Shanghai").as_deref(),
        Some("20300721T203000")
    );
    assert_eq!(get(&utc, "DTSTAMP").as_deref(), Some("20300721T100000Z"));
    let mixed = parse_ics(&f.read("events/mixed/event.ics"));
    assert_eq!(
        get(&mixed, "DTEND;TZID=Asia/Shanghai").as_deref(),
        Some("20300801T183000")
    );
    // The theme shows the same Beijing times on the event page.
    let page = f.read("events/utc/index.html");
    assert!(page.contains("2030年7月21日（周日）18:00–20:30"), "{page}");
    let page = f.read("events/mixed/index.html");
    assert!(page.contains("2030年8月1日（周四）17:00–18:30"), "{page}");

    // An end that is really before the start (09:00 UTC < 10:00 UTC) is still refused.
    f.file("content/events/utc.md", "+++\ntitle = \"夜间宣讲\"\n[extra.event]\nstart = \"2030-07-21T10:00:00Z\"\nend = \"2030-07-21T17:00:00+08:00\"\n+++\n");
    let err = f.build_err();
    assert!(
        err.contains("content/events/utc.md") && err.contains("before `start`"),
        "{err}"
    );
}

#[test]
fn control_characters_are_left_out_of_calendars_and_the_json_feed_stays_valid() {
    let f = Fixture::with_templates(CONFIG);
    f.file("content/events/_index.md", "+++\ntitle = \"活动\"\n+++\n")
        .file("content/events/a.md", "+++\ntitle = \"宣传\\b日\"\ndescription = \"第一\\u0000场\"\n[extra.event]\nstart = \"2030-07-21T09:00:00\"\norganizer = \"协\\u001b会\"\n+++\n")
        .file("content/news/_index.md", "+++\ntitle = \"新闻\"\n+++\n")
        .file("content/news/a.md", "+++\ntitle = \"公交\\b首发\"\ndate = 2024-10-27\n+++\n正文\u{8}一\n");
    let out = f.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for rel in ["events/a/event.ics", "events/calendar.ics"] {
        let text = f.read(rel);
        assert!(
            !text.contains(|c: char| c.is_control() && c != '\r' && c != '\n'),
            "{rel}: {text:?}"
        );
        let props = parse_ics(&text);
        assert!(
            props.contains(&("SUMMARY".into(), "宣传日".into())),
            "{props:?}"
        );
        assert!(props.contains(&("DESCRIPTION".into(), "第一场\\n主办：协会".into())));
    }
    let feed: serde_json::Value =
        serde_json::from_str(&f.read("news/feed.json")).expect("valid JSON");
    assert_eq!(
        feed["items"][0]["title"], "公交\u{8}首发",
        "JSON escapes it"
    );
    assert!(stderr.contains("content/news/a.md:5"), "{stderr}");
}

#[test]
fn every_event_time_validation_accepts_is_one_the_theme_renders() {
    let f = Fixture::new(&format!("theme = \"yiyong\"\n{CONFIG}"));
    with_default_theme(&f);
    f.file(
        "content/events/_index.md",
        "+++\ntitle = \"活动\"\ntemplate = \"events.html\"\npage_template = \"event.html\"\n+++\n",
    );
    let forms = [
        "\"2027-01-05 09:30\"",
        "\"2027-01-05 09:30:00\"",
        "\"2027-01-05T09:30\"",
        "2027-01-05T09:30:00",
        "2027-01-05T09:30:00+08:00",
    ];
    for (i, start) in forms.iter().enumerate() {
        f.file(
            &format!("content/events/e{i}.md"),
            &format!("+++\ntitle = \"活动{i}\"\n[extra.event]\nstart = {start}\n+++\n"),
        );
    }
    f.build();
    for (i, start) in forms.iter().enumerate() {
        let html = f.read(&format!("events/e{i}/index.html"));
        assert!(
            html.contains("2027年1月5日（周二）09:30"),
            "start = {start}:\n{html}"
        );
        let ics = f.read(&format!("events/e{i}/event.ics"));
        assert!(ics.contains("20270105T093000"), "start = {start}:\n{ics}");
    }
}

#[test]
fn a_yearly_event_repeats_in_the_calendar_and_stays_upcoming() {
    let f = Fixture::new(&format!("theme = \"yiyong\"\n{CONFIG}"));
    with_default_theme(&f);
    f.file(
        "content/events/_index.md",
        "+++\ntitle = \"活动\"\ntemplate = \"events.html\"\npage_template = \"event.html\"\n+++\n",
    )
    // Quanzhou's publicity day (seed: 9月1日 宣传日), first held in 2023.
    .file(
        "content/events/day.md",
        "+++\ntitle = \"见义勇为宣传日\"\n[extra.event]\nstart = 2023-09-01\nrepeat = \"每年\"\n+++\n",
    )
    .file(
        "content/events/once.md",
        "+++\ntitle = \"一次性活动\"\n[extra.event]\nstart = 2023-09-02\n+++\n",
    )
    .build();
    let ics = parse_ics(&f.read("events/day/event.ics"));
    assert!(
        ics.contains(&("RRULE".into(), "FREQ=YEARLY".into())),
        "{ics:?}"
    );
    let once = parse_ics(&f.read("events/once/event.ics"));
    assert!(!once.iter().any(|(k, _)| k == "RRULE"), "{once:?}");
    let calendar = f.read("events/calendar.ics");
    assert_eq!(calendar.matches("RRULE:FREQ=YEARLY").count(), 1);
    // The page says it repeats and when it comes next (never a date in the past).
    let page = f.read("events/day/index.html");
    assert!(page.contains("每年9月1日 · 下一次："), "{page}");
    let next: i32 = page
        .split("下一次：")
        .nth(1)
        .and_then(|s| s.split('年').next())
        .and_then(|y| y.parse().ok())
        .expect("a year");
    let this_year: i32 = chrono::Local::now()
        .format("%Y")
        .to_string()
        .parse()
        .unwrap();
    assert!(next == this_year || next == this_year + 1, "{next}");
    // It is upcoming on the events page; the one-off 2023 event is not.
    let list = f.read("events/index.html");
    let upcoming = list.split("<h2>全部活动").next().unwrap();
    assert!(upcoming.contains("见义勇为宣传日"), "{upcoming}");
    assert!(!upcoming.contains("一次性活动"), "{upcoming}");
    // A repeat the schema does not know is one clear error.
    f.file(
        "content/events/day.md",
        "+++\ntitle = \"见义勇为宣传日\"\n[extra.event]\nstart = 2023-09-01\nrepeat = \"每月\"\n+++\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("content/events/day.md") && err.contains("yearly"),
        "{err}"
    );
}
