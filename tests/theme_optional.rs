//! The default theme renders whatever the schemas allow: a site made by `yiyong init` with
//! typed files holding only their required fields, and without the optional pages (statistics,
//! about, events), builds; every page type is written, links to missing pages drop out, and a
//! hero with no date is still on the roll. The same site with every optional field builds too.

mod common;

use common::InitSite;

#[test]
fn only_required_fields_and_no_optional_pages() {
    let site = InitSite::new();
    for gone in ["content/stats.md", "content/about.md"] {
        std::fs::remove_file(site.join(gone)).unwrap();
    }
    std::fs::remove_dir_all(site.join("content/events")).unwrap();
    site.write(
        "content/heroes/a.md",
        "+++\ntitle = \"某英雄\"\n[extra.hero]\nname = \"无名英雄甲\"\n+++\n",
    );
    site.write(
        "content/heroes/c.md",
        "+++\ntitle = \"另一位\"\n[extra.hero]\nname = \"有日期乙\"\ndeed_date = 2025-06-01\n+++\n",
    );
    site.write(
        "content/places/a.md",
        "+++\ntitle = \"某阵地\"\n[extra.place]\nkind = \"theme_park\"\n+++\n",
    );
    // A volunteer team with its name only, in a teams section the site opted into.
    site.write("content/teams/_index.md",
        "+++\ntitle = \"志愿者队伍\"\ntemplate = \"teams.html\"\npage_template = \"team.html\"\n+++\n",
    );
    site.write(
        "content/teams/a.md",
        "+++\ntitle = \"某队\"\n[extra.team]\nname = \"某志愿队\"\n+++\n",
    );
    site.write(
        "content/news/a.md",
        "+++\ntitle = \"某新闻\"\ndate = 2026-01-02\n+++\n正文\n",
    );
    site.build();

    for page in [
        "index.html",
        "heroes/index.html",
        "heroes/a/index.html",
        "places/index.html",
        "places/a/index.html",
        "news/index.html",
        "news/a/index.html",
        "teams/index.html",
        "teams/a/index.html",
        "404.html",
    ] {
        let html = site.read(page);
        let nav = html
            .split("<nav aria-label=\"主导航\">")
            .nth(1)
            .and_then(|s| s.split("</nav>").next())
            .unwrap_or_else(|| panic!("{page} has no main navigation"));
        assert!(
            nav.contains(">英雄谱</a>") && nav.contains(">新闻动态</a>"),
            "{page}: {nav}"
        );
        for missing in ["数据统计", "关于我们", ">活动</a>"] {
            assert!(
                !nav.contains(missing),
                "{page} links to the missing {missing}: {nav}"
            );
        }
    }
    let roll = site.read("heroes/index.html");
    assert!(
        roll.contains("<h2 id=\"y-none\">年份不详</h2>") && roll.contains("无名英雄甲"),
        "a hero without a date is missing from the roll"
    );
    assert!(
        roll.contains("2025年（1）") && roll.contains("有日期乙"),
        "{roll}"
    );
    assert!(site.read("heroes/a/index.html").contains("无名英雄甲"));
    assert!(site
        .read("teams/index.html")
        .contains("<h2>未注明地区</h2>"));
    assert!(site
        .read("teams/a/index.html")
        .contains("<dd>某志愿队</dd>"));
}

#[test]
fn every_optional_field_filled_in() {
    let site = InitSite::new();
    site.write("static/images/h.jpg", "");
    let photo = image::RgbImage::from_pixel(64, 48, image::Rgb([200, 90, 60]));
    photo.save(site.join("static/images/h.jpg")).unwrap();
    site.write("content/heroes/b.md",
        "+++\ntitle = \"某英雄\"\ndate = 2024-03-01\n[extra.hero]\nname = \"李某某\"\nkind = \"individual\"\n\
         deed_date = 2024-02-28\ndeed_place = \"某河边\"\ndistrict = \"某区\"\nsummary = \"跳河救人\"\n\
         status = \"sacrificed\"\nmartyr = true\nphoto = \"images/h.jpg\"\nanonymous = false\nage = 40\n\
         [[extra.hero.honours]]\ntitle = \"省见义勇为英雄\"\nlevel = \"provincial\"\nyear = 2024\n\
         type = \"hero\"\naward = 200000\n[extra.hero.honours.ceremony]\nname = \"表彰大会\"\ndate = 2024-12-21\n+++\n事迹。\n",
    );
    site.write("content/places/b.md",
        "+++\ntitle = \"某公园\"\n[extra.place]\nkind = \"theme_park\"\naddress = \"某市某路1号\"\n\
         district = \"某区\"\nopened = 2020-05-01\nhours = \"6:00—22:00\"\n\
         [extra.place.coordinates]\nlat = 34.75\nlon = 113.62\ndatum = \"gcj02\"\n+++\n",
    );
    site.write("content/events/b.md",
        "+++\ntitle = \"宣讲会\"\n[extra.event]\nstart = 2026-05-01T09:00:00\nend = 2026-05-01T11:00:00\n\
         venue = \"@/places/b.md\"\norganizer = \"协会\"\nregistration = \"电话报名\"\n+++\n",
    );
    site.write("content/news/b.md",
        "+++\ntitle = \"新闻\"\ndate = 2026-01-03\n[extra.news]\nsource = \"某报\"\nauthor = \"记者\"\n\
         photographer = \"摄影\"\ncover = \"images/h.jpg\"\n+++\n正文\n",
    );
    site.write("content/teams/_index.md",
        "+++\ntitle = \"志愿者队伍\"\ntemplate = \"teams.html\"\npage_template = \"team.html\"\n+++\n",
    );
    site.write("content/teams/b.md",
        "+++\ntitle = \"某队\"\n[extra.team]\nname = \"某志愿队\"\nsize = 20\nspeciality = [\"水上救援\"]\n\
         district = \"某区\"\nservice_area = \"某河沿岸\"\nfounded = 2019\nphone = \"0371-67000000\"\n\
         address = \"某市某路1号\"\njoin_url = \"https://example.org/join\"\nphoto = \"images/h.jpg\"\n+++\n",
    );
    site.write("data/yearly/2024.toml",
        "source = \"某协会2024年工作总结\"\nnote = \"说明\"\nteams = 1\nvolunteers = 20\nheroes_honoured = 1\n\
         media_reports = 1\ndouyin_videos = 1\nwechat_posts = 1\nwebsite_news = 1\nrelief_paid = 1000\n\
         [places]\ntheme_park = 1\ncorridor = 1\ngarden = 1\nsquare = 1\ndemonstration_unit = 1\n\
         work_station = 1\nmuseum = 1\nvolunteer_base = 1\n",
    );
    site.write(
        "content/reports/2024.md",
        "+++\ntitle = \"年报\"\ntemplate = \"report.html\"\n[extra]\nyear = 2024\n+++\n",
    );
    site.write(
        "content/heroes/roll/2024/_index.md",
        "+++\ntitle = \"群英谱\"\ntemplate = \"hero_roll.html\"\n[extra]\nroll_year = 2024\n+++\n",
    );
    site.build();
    let hero = site.read("heroes/b/index.html");
    assert!(
        hero.contains("memorial") && hero.contains("省见义勇为英雄"),
        "{hero}"
    );
    // The page says what became of the hero, and leads back to the roll; rated a martyr
    // (评定烈士, its own determination), the page and the card say so too.
    assert!(
        hero.contains("<dt>状况</dt><dd>牺牲，已评定为烈士</dd>"),
        "{hero}"
    );
    assert!(
        hero.contains(">返回英雄谱</a>") && hero.contains("奖励金20万元"),
        "{hero}"
    );
    let roll = site.read("heroes/index.html");
    assert!(roll.contains("<span class=\"tag\">牺牲</span><span class=\"tag\">烈士</span>"));
    assert!(site.read("teams/b/index.html").contains("网上报名"));
    assert!(site
        .read("reports/2024/index.html")
        .contains("<td>1000元</td>"));
    assert!(site.read("heroes/roll/2024/index.html").contains("李某某"));
    assert!(site.read("events/b/index.html").contains("某公园"));
    assert!(site.read("places/b/index.html").contains("6:00—22:00"));
    let nav = site.read("index.html");
    assert!(nav.contains(">数据统计</a>") && nav.contains(">关于我们</a>"));
}
