//! Typed outreach content: every kind of mistake in a hero, place, event or news file is
//! reported at once, with the file, the line, and the allowed values.

mod common;
use common::*;

const CONFIG: &str = "base_url = \"https://example.org\"\ntitle = \"测试\"\n[extra.yiyong]\n";

fn site() -> Fixture {
    let f = Fixture::with_templates(CONFIG);
    f.file("content/heroes/_index.md", "+++\ntitle = \"英雄谱\"\n+++\n")
        .file("content/places/_index.md", "+++\ntitle = \"阵地\"\n+++\n")
        .file("content/events/_index.md", "+++\ntitle = \"活动\"\n+++\n")
        .file("content/news/_index.md", "+++\ntitle = \"新闻\"\n+++\n")
        .file(
            "content/places/park.md",
            "+++\ntitle = \"公园\"\n[extra.place]\nkind = \"主题公园\"\n+++\n",
        );
    f
}

#[test]
fn valid_typed_content_builds_and_accepts_chinese_values() {
    let f = site();
    f.file(
        "content/heroes/a.md",
        "+++\ntitle = \"甲\"\n[extra.hero]\nname = \"张三\"\nkind = \"群体\"\nstatus = \"牺牲\"\ndeed_date = 2023-05-01\n[[extra.hero.honours]]\ntitle = \"省级见义勇为先进个人\"\nlevel = \"省级\"\nyear = 2023\n+++\n",
    )
    .file("content/events/e.md", "+++\ntitle = \"表彰会\"\n[extra.event]\nstart = \"2024-09-09T09:00:00\"\nend = \"2024-09-09T11:00:00\"\nvenue = \"@/places/park.md\"\n+++\n")
    .file("content/news/n.md", "+++\ntitle = \"消息\"\ndate = 2024-01-29\n[extra.news]\nsource = \"鹤壁日报\"\n+++\n")
    .build();
    assert!(f.read("heroes/a/index.html").contains("PAGE 甲"));
}

#[test]
fn every_mistake_is_reported_with_file_line_and_allowed_values() {
    let f = site();
    f.file("content/heroes/missing-table.md", "+++\ntitle = \"无表\"\n+++\n")
        .file(
            "content/heroes/typos.md",
            "+++\ntitle = \"拼错\"\n[extra.hero]\nnmae = \"张三\"\nstatus = \"alive\"\nanonymous = \"yes\"\n[[extra.hero.honours]]\ntitle = \"模范\"\nlevel = \"city\"\nyear = \"2023\"\n+++\n",
        )
        .file("content/places/bad.md", "+++\ntitle = \"坏\"\n[extra.place]\nkind = \"park\"\n[extra.place.coordinates]\nlat = 113.6\nlon = 34.7\ndatum = \"gcj02\"\n+++\n")
        .file("content/events/bad.md", "+++\ntitle = \"坏活动\"\n[extra.event]\nstart = \"2024-09-09\"\nend = \"2024-09-08\"\nvenue = \"@/places/nowhere.md\"\n+++\n")
        .file("content/news/undated.md", "+++\ntitle = \"无日期\"\n+++\n")
        .file("content/heroes/photo.md", "+++\ntitle = \"照片\"\n[extra.hero]\nname = \"丁\"\nphoto = \"images/nope.jpg\"\n+++\n");
    let err = f.build_err();
    let expect = [
        "content/heroes/missing-table.md: a hero page needs an [extra.hero] table",
        "content/heroes/typos.md:4: unknown key `nmae` in [extra.hero]; did you mean `name`?",
        "content/heroes/typos.md:3: [extra.hero] needs `name`",
        "content/heroes/typos.md:5: `extra.hero.status` is \"alive\"; allowed values: living (在世), injured (负伤), sacrificed (牺牲)",
        "content/heroes/typos.md:6: `extra.hero.anonymous` must be true or false",
        "content/heroes/typos.md:9: `extra.hero.honours[1].level` is \"city\"; allowed values: national (国家级), provincial (省级), municipal (市级), county (县级)",
        "content/heroes/typos.md:10: `extra.hero.honours[1].year` must be a year such as 2023",
        "content/places/bad.md:4: `extra.place.kind` is \"park\"; allowed values: theme_park (主题公园)",
        "content/places/bad.md:6: lat = 113.6 is out of range (−90 to 90); lat and lon look swapped",
        "content/events/bad.md:5: `extra.event.end` is before `start`",
        "content/events/bad.md:6: `extra.event.venue` links to @/places/nowhere.md, which does not exist",
        "content/news/undated.md: a news item needs a `date`",
        "content/heroes/photo.md:5: the picture `images/nope.jpg` was not found",
    ];
    for e in expect {
        assert!(err.contains(e), "missing `{e}` in:\n{err}");
    }
    assert!(err.contains("13 errors found"), "{err}");
}

#[test]
fn plain_zola_sites_are_not_validated() {
    let f = Fixture::with_templates("base_url = \"https://example.org\"\n");
    f.file("content/news/_index.md", "+++\ntitle = \"N\"\n+++\n")
        .file("content/news/undated.md", "+++\ntitle = \"无日期\"\n+++\n")
        .build();
    assert!(f.exists("news/undated/index.html"));
}

#[test]
fn placeholder_text_left_in_a_published_page_is_a_warning_with_its_line() {
    let f = Fixture::with_templates("base_url = \"https://example.org\"\n[extra.yiyong]\n");
    f.file(
        "content/a.md",
        "+++\ntitle = \"甲\"\n+++\n\n在这里写正文。\n",
    )
    .file(
        "content/b.md",
        "+++\ntitle = \"乙\"\ndraft = true\n+++\n\n在这里写正文。\n",
    )
    .file("content/c.md", "+++\ntitle = \"丙\"\n+++\n\n正文。\n");
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("content/a.md:5: 还留着占位文字「在这里写正文。」"),
        "{err}"
    );
    assert!(!err.contains("b.md") && !err.contains("c.md"), "{err}");
    assert_eq!(err.matches("占位文字").count(), 1, "{err}");
}
