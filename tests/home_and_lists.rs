//! The default theme's portal home page and list pages (issue 22), as a visitor gets them: a
//! new site says 「暂无…」 in every block and list instead of showing nothing (and never
//! 「收录英模0位」); news excerpts end at a sentence, never mid-word; the home page's blocks
//! follow `[extra.yiyong.home] blocks`; notices (`category = "notice"`) have their block and
//! page; the hero roll lists each hero once, with its views as links.

mod common;

use common::InitSite;

/// The text between `<section … aria-labelledby="ID">` and its `</section>`.
fn block<'a>(html: &'a str, id: &str) -> Option<&'a str> {
    let start = html.find(&format!("aria-labelledby=\"{id}\">"))?;
    let rest = &html[start..];
    Some(&rest[..rest.find("</section>")?])
}

#[test]
fn a_new_site_says_what_is_missing_in_every_block_and_list() {
    let site = InitSite::new();
    site.build();
    let home = site.read("index.html");
    // The site's name is the banner's: the page's h1 is there for screen readers only.
    assert!(
        home.contains("<h1 class=\"visually-hidden\">示例市见义勇为协会</h1>"),
        "{home}"
    );
    assert_eq!(home.matches("<h1").count(), 1, "{home}");
    for (id, empty) in [
        ("home-featured", "暂无要闻。"),
        ("home-notices", "暂无通知公告。"),
        ("home-news", "暂无工作动态。"),
        ("home-events", "暂无即将举行的活动。"),
        ("home-heroes", "暂无英模事迹。"),
        ("home-figures", "暂无统计数据。"),
        ("home-map", "暂无宣传阵地位置。"),
        ("home-links", "暂无友情链接。"),
    ] {
        let b = block(&home, id).unwrap_or_else(|| panic!("no block {id}:\n{home}"));
        assert!(
            b.contains(&format!("<p class=\"empty\">{empty}</p>")),
            "{id}: {b}"
        );
    }
    for never in ["已建成；", "0位", "0处", "0支"] {
        assert!(!home.contains(never), "{never}:\n{home}");
    }
    for (page, empty) in [
        ("heroes/index.html", "暂无英模事迹。"),
        ("places/index.html", "暂无宣传阵地。"),
        ("news/index.html", "暂无新闻。"),
        ("events/index.html", "暂无即将举行的活动。"),
        ("events/index.html", "暂无活动。"),
        ("teams/index.html", "暂无志愿者队伍。"),
    ] {
        let html = site.read(page);
        assert!(
            html.contains(&format!("<p class=\"empty\">{empty}</p>")),
            "{page}: {empty}\n{html}"
        );
        assert!(!html.contains("0支") && !html.contains("0位"), "{page}");
    }
}

#[test]
fn news_excerpts_end_at_a_sentence_never_mid_word() {
    let site = InitSite::new();
    // A description cut by hand in the middle of a word: the text's own sentences are shown.
    site.write("content/news/a.md",
        "+++\ntitle = \"甲新闻\"\ndate = 2026-01-03\ndescription = \"协会召开表彰大会，表彰见义勇为先…\"\n+++\n\
         协会召开表彰大会，表彰见义勇为先进个人十名。会议由秘书长主持，各区县协会负责人参加了会议，交流了一年来的工作经验和做法，\
         并对下一年度的宣传、表彰、慰问和救助工作作出了部署，要求各区县协会认真抓好落实，确保各项工作取得实效。\n\n第二段不在摘要里。\n",
    );
    // No description: the opening of the text without its heading, picture and link syntax.
    site.write(
        "content/news/b.md",
        "+++\ntitle = \"乙新闻\"\ndate = 2026-01-02\n+++\n## 小标题\n\n![图片](x.jpg)\n\n\
         各区县协会：\n\n请于[本月底](https://example.org)前报送材料。逾期不再受理。\n",
    );
    // One sentence longer than an excerpt: cut after its last clause that fits, with 「……」.
    let long = format!(
        "{}，{}，{}。",
        "甲".repeat(45),
        "乙".repeat(45),
        "丙".repeat(45)
    );
    site.write(
        "content/news/c.md",
        &format!("+++\ntitle = \"丙新闻\"\ndate = 2026-01-01\n+++\n{long}\n"),
    );
    site.build();
    let list = site.read("news/index.html");
    let home = site.read("index.html");
    for want in [
        "<p class=\"excerpt\">协会召开表彰大会，表彰见义勇为先进个人十名。</p>".to_string(),
        "<p class=\"excerpt\">请于本月底前报送材料。逾期不再受理。</p>".to_string(),
        format!(
            "<p class=\"excerpt\">{}，{}……</p>",
            "甲".repeat(45),
            "乙".repeat(45)
        ),
    ] {
        assert!(list.contains(&want), "{want}\n{list}");
    }
    // The home page shows the same excerpts (the newest as the headline).
    assert!(
        home.contains("协会召开表彰大会，表彰见义勇为先进个人十名。</p>"),
        "{home}"
    );
    assert!(home.contains("请于本月底前报送材料。逾期不再受理。</p>"));
    assert!(!list.contains("先…") && !home.contains("先…"));
}

#[test]
fn the_home_blocks_follow_the_config_and_notices_have_their_own() {
    let site = InitSite::new();
    let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &format!(
            "{config}\n[extra.yiyong.home]\nblocks = [\"notices\", \"heroes\", \"links\"]\n\
             links = [{{ name = \"中国政府网\", url = \"https://www.gov.cn/\" }}]\n"
        ),
    );
    site.write("content/news/n.md",
        "+++\ntitle = \"关于报送材料的通知\"\ndate = 2026-01-05\n[extra.news]\ncategory = \"通知公告\"\n+++\n请按时报送。\n",
    );
    site.write(
        "content/news/w.md",
        "+++\ntitle = \"工作动态一则\"\ndate = 2026-01-06\n+++\n开展活动。\n",
    );
    site.write(
        "content/heroes/h.md",
        "+++\ntitle = \"某英雄\"\ndate = 2025-01-01\n[extra.hero]\nname = \"王某某\"\n+++\n",
    );
    site.build();
    let home = site.read("index.html");
    let at = |id: &str| home.find(&format!("aria-labelledby=\"{id}\""));
    let (notices, heroes, links) = (at("home-notices"), at("home-heroes"), at("home-links"));
    assert!(
        notices.is_some() && notices < heroes && heroes < links,
        "{home}"
    );
    for gone in [
        "home-featured",
        "home-news",
        "home-events",
        "home-figures",
        "home-map",
    ] {
        assert!(at(gone).is_none(), "{gone} is not in the blocks:\n{home}");
    }
    let n = block(&home, "home-notices").unwrap();
    assert!(n.contains(">关于报送材料的通知</a>") && !n.contains("工作动态一则"));
    assert!(block(&home, "home-links")
        .unwrap()
        .contains("<a href=\"https://www.gov.cn/\" rel=\"noopener\">中国政府网</a>"));
    // The notices' own page, linked from the block; the news list marks a notice as such.
    let page = site.read("news-categories/tong-zhi-gong-gao/index.html");
    assert!(
        page.contains(">关于报送材料的通知</a>") && !page.contains("工作动态一则"),
        "{page}"
    );
    assert!(n.contains("href=\"/news-categories/tong-zhi-gong-gao/\""));
    let list = site.read("news/index.html");
    assert!(
        list.contains("<span class=\"tag\">通知公告</span>"),
        "{list}"
    );

    // A block the theme does not have fails the build, naming it and the ones it has.
    let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
    site.write("config.toml", &config.replace("\"links\"]", "\"linkz\"]"));
    let out = site.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("unknown block 'linkz'") && err.contains("featured, notices, news"),
        "{err}"
    );
}

#[test]
fn the_roll_lists_each_hero_once_with_views_as_links() {
    let site = InitSite::new();
    let heroes = [
        ("张甲某", 2024, "市级", "东城区"),
        ("李乙某", 2024, "省级", "西城区"),
        ("王丙某", 2023, "市级", "东城区"),
        ("赵丁某", 2022, "国家级", "南湖区"),
    ];
    for (i, (name, year, level, district)) in heroes.iter().enumerate() {
        site.write(&format!("content/heroes/h{i}.md"),
            &format!(
                "+++\ntitle = \"{name}的事迹\"\ndate = {year}-05-0{}\n[taxonomies]\ndistricts = [\"{district}\"]\n\
                 [extra.hero]\nname = \"{name}\"\ndistrict = \"{district}\"\nsummary = \"勇救落水儿童\"\n\
                 [[extra.hero.honours]]\ntitle = \"见义勇为模范\"\nlevel = \"{level}\"\nyear = {year}\n+++\n事迹。\n",
                i + 1
            ),
        );
    }
    site.build();
    let roll = site.read("heroes/index.html");
    for (name, year, _, _) in heroes {
        assert_eq!(roll.matches(name).count(), 1, "{name} once:\n{roll}");
        // Its card says its year, as the roll has no year headings.
        let card = roll.split(name).nth(1).unwrap();
        assert!(
            card[..card.find("</li>").unwrap()].contains(&format!("{year}年 · 见义勇为模范")),
            "{card}"
        );
    }
    // One grid; the views by year, honour and district are links, not listings.
    assert_eq!(
        roll.matches("<ul class=\"hero-grid\">").count(),
        1,
        "{roll}"
    );
    for view in [
        "href=\"/hero-years/2024/\">2024年（2）</a>",
        "href=\"/hero-levels/shi-ji/\">市级（2）</a>",
        "href=\"/districts/dong-cheng-qu/\">东城区（2）</a>",
    ] {
        assert!(roll.contains(view), "{view}\n{roll}");
    }
    // A hero without a photo gets a drawn tile with the first character, not a blank.
    assert!(roll.contains("<span class=\"card-pic card-ph\" aria-hidden=\"true\">张</span>"));
    let year = site.read("hero-years/2024/index.html");
    assert!(year.contains("张甲某") && year.contains("李乙某") && !year.contains("王丙某"));
}

/// The `<span class="leaf …">…</span>` of the event item whose title is `title`.
fn leaf_of<'a>(html: &'a str, title: &str) -> &'a str {
    let at = html
        .find(&format!(">{title}</a>"))
        .unwrap_or_else(|| panic!("no event {title}:\n{html}"));
    let item = html[..at].rfind("<li class=\"event-item").unwrap();
    let rest = &html[item..];
    let rest = &rest[rest.find("<span class=\"leaf").unwrap()..];
    &rest[..rest.find("<div>").unwrap()]
}

#[test]
fn an_events_calendar_leaf_shows_the_days_it_runs() {
    let site = InitSite::new();
    for (slug, title, start, end) in [
        (
            "one",
            "单日活动",
            "2099-12-20T14:00:00",
            "2099-12-20T17:00:00",
        ),
        ("days", "三日培训", "2099-12-20", "2099-12-22"),
        ("across", "跨月慰问", "2099-12-31", "2100-01-02"),
        ("plain", "无结束日期", "2099-11-05", ""),
    ] {
        let end = if end.is_empty() {
            String::new()
        } else {
            format!("end = \"{end}\"\n")
        };
        site.write(
            &format!("content/events/{slug}.md"),
            &format!("+++\ntitle = \"{title}\"\n[extra.event]\nstart = \"{start}\"\n{end}+++\n"),
        );
    }
    site.build();
    for page in ["events/index.html", "index.html"] {
        let html = site.read(page);
        // Same day (and no end): the month and the day, as before.
        for title in ["单日活动", "无结束日期"] {
            let leaf = leaf_of(&html, title);
            assert!(
                leaf.starts_with("<span class=\"leaf\" aria-hidden=\"true\">"),
                "{leaf}"
            );
        }
        assert!(leaf_of(&html, "单日活动")
            .contains("<span class=\"leaf-m\">12月</span><span class=\"leaf-d\">20</span></span>"));
        // Several days of one month: 「20–22」 under 「12月」.
        assert_eq!(
            leaf_of(&html, "三日培训"),
            "<span class=\"leaf leaf-days\" aria-hidden=\"true\"><span class=\"leaf-m\">12月</span>\
             <span class=\"leaf-d\">20–22</span></span>\n",
            "{page}"
        );
        // Across months and years: a second band 「至1月」 with its day.
        assert_eq!(
            leaf_of(&html, "跨月慰问"),
            "<span class=\"leaf leaf-across\" aria-hidden=\"true\"><span class=\"leaf-m\">12月</span>\
             <span class=\"leaf-d\">31</span><span class=\"leaf-m\">至1月</span><span class=\"leaf-d\">2</span></span>\n",
            "{page}"
        );
        // The leaf is hidden from screen readers; the text beside it says the whole range.
        assert!(
            html.contains(
                "<time datetime=\"2099-12-20\">2099年12月20日（周日） 至 12月22日（周二）</time>"
            ),
            "{page}"
        );
        assert!(html.contains("<time datetime=\"2099-12-31\">2099年12月31日（周四） 至 2100年1月2日（周六）</time>"), "{page}");
    }
}

/// The `<h2 id="d-…">` group headings of a district page, in order.
fn groups(html: &str) -> Vec<&str> {
    html.split("<h2 id=\"d-")
        .skip(1)
        .map(|s| &s[s.find('>').unwrap() + 1..s.find("</h2>").unwrap()])
        .collect()
}

#[test]
fn a_district_page_lists_its_pages_by_type_in_their_own_cards() {
    let site = InitSite::new();
    let district = "[taxonomies]\ndistricts = [\"东城区\"]\n";
    for (i, name) in ["张甲某", "李乙某"].iter().enumerate() {
        site.write(&format!("content/heroes/h{i}.md"),
            &format!(
                "+++\ntitle = \"{name}的事迹\"\ndate = 2024-05-0{}\n{district}[extra.hero]\nname = \"{name}\"\n\
                 summary = \"勇救落水儿童\"\n+++\n事迹。\n",
                i + 1
            ),
        );
    }
    site.write("content/heroes/w.md",
        "+++\ntitle = \"王丙某的事迹\"\ndate = 2024-06-01\n[taxonomies]\ndistricts = [\"西城区\"]\n\
         [extra.hero]\nname = \"王丙某\"\n+++\n事迹。\n",
    );
    site.write("content/places/p.md",
        &format!("+++\ntitle = \"东城区见义勇为主题公园\"\n{district}[extra.place]\nkind = \"主题公园\"\ndistrict = \"东城区\"\n+++\n"),
    );
    site.write("content/news/n.md",
        &format!("+++\ntitle = \"东城区召开表彰会\"\ndate = 2025-01-02\n{district}+++\n会议表彰了十名见义勇为先进个人。\n"),
    );
    site.write("content/events/2099-01-05-e.md",
        &format!("+++\ntitle = \"东城区宣传日\"\n{district}[extra.event]\nstart = \"2099-01-05\"\nend = \"2099-01-07\"\n+++\n"),
    );
    site.write("content/teams/t.md",
        &format!("+++\ntitle = \"东城区水上救援队\"\n{district}[extra.team]\nname = \"东城区水上救援队\"\nsize = 30\nspeciality = [\"水上救援\"]\ndistrict = \"东城区\"\n+++\n"),
    );
    site.write(
        "content/about-dongcheng.md",
        &format!("+++\ntitle = \"东城区工作站简介\"\n{district}+++\n简介。\n"),
    );
    site.build();
    let html = site.read("districts/dong-cheng-qu/index.html");
    assert_eq!(
        groups(&html),
        [
            "英模",
            "宣传阵地",
            "新闻动态",
            "活动",
            "志愿者队伍",
            "其他内容"
        ],
        "{html}"
    );
    // Each group in the cards of its own list: the roll's photo cards (a drawn tile for a
    // hero without a photo), the places', the news list with its excerpt, the events' leaf,
    // the teams' line.
    assert_eq!(html.matches("<li class=\"hero-card").count(), 2, "{html}");
    assert!(html.contains("<span class=\"card-pic card-ph\" aria-hidden=\"true\">张</span>"));
    assert!(
        html.contains("<li class=\"place-card\">") && html.contains(">东城区见义勇为主题公园</a>")
    );
    assert!(html.contains("<p class=\"excerpt\">会议表彰了十名见义勇为先进个人。</p>"));
    assert!(html.contains("<span class=\"leaf leaf-days\" aria-hidden=\"true\">"));
    assert!(html.contains(">东城区水上救援队</a><span class=\"meta\">30人 · 水上救援</span>"));
    assert!(html.contains(">东城区工作站简介</h3>"));
    assert!(!html.contains("王丙某") && !html.contains("class=\"empty\""));
    // A district with heroes only: that group alone, no empty headings.
    let west = site.read("districts/xi-cheng-qu/index.html");
    assert_eq!(groups(&west), ["英模"], "{west}");
    assert!(west.contains("王丙某") && !west.contains("class=\"empty\""));

    // Paginated (paginate_by on the taxonomy): each page groups what it holds, every page
    // once across the pager, and the pager links the pages.
    let config = std::fs::read_to_string(site.join("config.toml")).unwrap();
    site.write(
        "config.toml",
        &config.replace(
            "{ name = \"districts\", paginate_by = 20 }",
            "{ name = \"districts\", paginate_by = 3 }",
        ),
    );
    site.build();
    let pages: Vec<String> = ["", "page/2/", "page/3/"]
        .iter()
        .map(|p| site.read(&format!("districts/dong-cheng-qu/{p}index.html")))
        .collect();
    assert!(pages[0].contains("<nav class=\"pager\" aria-label=\"分页\">"));
    assert!(pages[0].contains("第 1 / 3 页") && pages[2].contains("第 3 / 3 页"));
    let all: Vec<&str> = pages.iter().flat_map(|p| groups(p)).collect();
    for title in [
        "张甲某",
        "李乙某",
        "东城区见义勇为主题公园",
        "东城区召开表彰会",
        "东城区宣传日",
        "东城区水上救援队",
        "东城区工作站简介",
    ] {
        let n: usize = pages
            .iter()
            .map(|p| p.matches(&format!(">{title}")).count())
            .sum();
        assert_eq!(n, 1, "{title} once across the pager");
    }
    for page in &pages {
        let g = groups(page);
        assert!(!g.is_empty() && g.len() <= 3, "{g:?}");
        assert!(!page.contains("class=\"empty\""));
    }
    assert!(
        all.contains(&"英模") && all.contains(&"志愿者队伍"),
        "{all:?}"
    );
}

/// An event in a file named without a date and with no `date` is dated by its start, as the
/// README says: the events archive is sorted by date, and an undated page would be left out of
/// it (it was, while 即将举行 listed it).
#[test]
fn an_event_without_a_date_is_in_the_archive_by_its_start() {
    let site = InitSite::new();
    site.write(
        "content/events/one.md",
        "+++\ntitle = \"无日期活动\"\n[extra.event]\nstart = \"2099-03-05 09:00\"\n+++\n",
    );
    site.build();
    let html = site.read("events/index.html");
    let archive = &html[html.find("全部活动（按日期）").unwrap()..];
    assert!(archive.contains(">无日期活动</a>"), "{archive}");
    assert!(!archive.contains("暂无活动。"), "{archive}");
    // Dated next century: on the site now, in the feeds on its day.
    let atom = std::fs::read_to_string(site.join("public/atom.xml")).unwrap_or_default();
    assert!(!atom.contains("无日期活动"), "{atom}");
}

/// A new site's feeds are signed by the association (`author` in config.toml), not Zola's
/// 「Unknown」.
#[test]
fn a_new_sites_feed_names_the_association_as_author() {
    let site = InitSite::new();
    site.write(
        "content/news/n.md",
        "+++\ntitle = \"表彰会召开\"\ndate = 2024-01-02\n+++\n正文。\n",
    );
    site.build();
    let atom = site.read("atom.xml");
    assert!(atom.contains("示例市见义勇为协会"), "{atom}");
    assert!(!atom.contains("Unknown"), "{atom}");
}

/// The statistics page gives what the site lists as figures, as the home page does, not as a
/// sentence; on a new site the counts are there as 0 (it is the page of record).
#[test]
fn the_statistics_page_shows_its_counts_as_figures() {
    let site = InitSite::new();
    site.build();
    let html = site.read("stats/index.html");
    let figures = &html[html.find("<h2>本站收录</h2>").expect("heading")..];
    let figures = &figures[..figures.find("</dl>").unwrap()];
    for (label, unit) in [("英模", "位"), ("宣传阵地", "处"), ("活动", "场")] {
        assert!(
            figures.contains(&format!(
                "<dt>{label}</dt><dd><span class=\"fig-n\">0</span>{unit}</dd>"
            )),
            "{figures}"
        );
    }
    assert!(!html.contains("stat-strip"), "{html}");
}

/// The 404 page gives a visitor who followed a dead link a way on without the menu: the
/// site's search and its main lists.
#[test]
fn the_not_found_page_offers_search_and_the_main_lists() {
    let site = InitSite::new();
    site.build();
    let html = site.read("404.html");
    assert!(
        html.contains("role=\"search\" method=\"get\" action=\"/search/\""),
        "{html}"
    );
    assert!(html.contains("<input id=\"nf-q\" name=\"q\" type=\"search\""));
    for (url, label) in [
        ("heroes", "英雄谱"),
        ("news", "新闻动态"),
        ("services", "办事指南"),
    ] {
        assert!(
            html.contains(&format!("<a href=\"/{url}/\">{label}</a>")),
            "{html}"
        );
    }
}
