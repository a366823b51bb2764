//! What an association's site says about itself to feed readers, search engines and share
//! cards: feeds cut to the newest items, dates in Beijing time in every feed, each section's
//! feeds named where a visitor finds them, each page's own description.

mod common;
use common::*;

const CONFIG: &str = "base_url = \"https://example.org\"\ntitle = \"示例协会\"\n[extra.yiyong]\n";

fn hero(name: &str, district: &str, level: &str, year: u32, status: &str) -> String {
    format!(
        "+++\ntitle = \"{name}的事迹\"\n[extra.hero]\nname = \"{name}\"\ndistrict = \"{district}\"\nstatus = \"{status}\"\ndeed_date = {year}-06-01\n[[extra.hero.honours]]\ntitle = \"称号\"\nlevel = \"{level}\"\nyear = {year}\n+++\n"
    )
}

#[test]
fn association_feeds_hold_the_newest_fifty_unless_told_otherwise() {
    let news = |f: &Fixture| {
        f.file(
            "content/news/_index.md",
            "+++\ntitle = \"新闻\"\ngenerate_feeds = true\n+++\n",
        );
        for i in 0..60 {
            let day = 1 + i % 28;
            let month = 1 + i / 28;
            f.file(
                &format!("content/news/n{i:02}.md"),
                &format!("+++\ntitle = \"第{i}条\"\ndate = 2024-{month:02}-{day:02}\n+++\n正文\n"),
            );
        }
    };
    let count = |f: &Fixture| {
        (
            f.read("atom.xml").matches("<entry").count(),
            f.read("news/rss.xml").matches("<item>").count(),
            f.read("news/feed.json").matches("\"id\":").count(),
        )
    };
    let feeds = "generate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\n";
    let plain = Fixture::with_templates(&format!("{feeds}{CONFIG}"));
    news(&plain);
    plain.build();
    assert_eq!(count(&plain), (50, 50, 50));
    // The newest are kept: 第59条 is dated last.
    assert!(plain.read("atom.xml").contains("第59条"));
    assert!(!plain.read("atom.xml").contains("第0条<"));
    let told = Fixture::with_templates(&format!("{feeds}{CONFIG}feed_items = 3\n"));
    news(&told);
    told.build();
    assert_eq!(count(&told), (3, 3, 3));
    let every = Fixture::with_templates(&format!("{feeds}{CONFIG}feed_items = 0\n"));
    news(&every);
    every.build();
    assert_eq!(count(&every), (60, 60, 60));
    // The site's own feed_limit wins.
    let own = Fixture::with_templates(&format!("feed_limit = 7\n{feeds}{CONFIG}feed_items = 3\n"));
    news(&own);
    own.build();
    assert_eq!(count(&own), (7, 7, 7));
}

#[test]
fn nothing_dated_after_today_leads_the_feeds() {
    let feeds = "generate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\n";
    let f = Fixture::with_templates(&format!("{feeds}{CONFIG}"));
    f.file(
        "content/news/_index.md",
        "+++\ntitle = \"新闻\"\ngenerate_feeds = true\n+++\n",
    );
    f.file(
        "content/news/old.md",
        "+++\ntitle = \"已发布的新闻\"\ndate = 2024-05-01\n+++\n正文\n",
    );
    f.file(
        "content/news/scheduled.md",
        "+++\ntitle = \"定时发布的新闻\"\ndate = 2099-05-01\n+++\n正文\n",
    );
    f.file("content/events/_index.md", "+++\ntitle = \"活动\"\n+++\n");
    f.file(
        "content/events/next.md",
        "+++\ntitle = \"明年的宣传活动\"\ndate = 2099-09-01\n[extra.event]\nstart = 2099-09-01T09:00:00\nvenue = \"广场\"\n+++\n",
    );
    f.file(
        "content/events/announced.md",
        "+++\ntitle = \"已公布的活动\"\ndate = 2024-06-01\n[extra.event]\nstart = 2099-10-01T09:00:00\nvenue = \"广场\"\n+++\n",
    );
    f.build();
    for feed in ["atom.xml", "rss.xml", "news/atom.xml", "news/feed.json"] {
        let text = f.read(feed);
        assert!(
            !text.contains("2099-"),
            "{feed} holds a page dated 2099:\n{text}"
        );
    }
    let site = f.read("atom.xml");
    // An event announced with a `date` of its own is in the feed from that day.
    assert!(
        site.contains("已发布的新闻") && site.contains("已公布的活动"),
        "{site}"
    );
    // The pages themselves are published as usual.
    assert!(f.read("events/next/index.html").contains("明年的宣传活动"));
    assert!(f
        .read("news/scheduled/index.html")
        .contains("定时发布的新闻"));
}

/// A site whose only dated page is scheduled has no feed yet, and `has_feed()` says so: it
/// asked whether any page was dated, not whether a feed lists one (`Page::in_a_feed`), so
/// the theme linked an atom.xml that was not written.
#[test]
fn has_feed_is_false_while_every_dated_page_is_scheduled() {
    let feeds = "generate_feeds = true\n";
    let f = Fixture::with_templates(&format!("{feeds}{CONFIG}"));
    f.file("templates/index.html", "has_feed={{ has_feed() }}");
    f.file("content/news/_index.md", "+++\ntitle = \"新闻\"\n+++\n");
    f.file(
        "content/news/scheduled.md",
        "+++\ntitle = \"定时发布的新闻\"\ndate = 2099-05-01\n+++\n正文\n",
    );
    f.build();
    assert!(!f.exists("atom.xml"));
    assert_eq!(f.read("index.html"), "has_feed=false");
    f.file(
        "content/news/old.md",
        "+++\ntitle = \"已发布的新闻\"\ndate = 2024-05-01\n+++\n正文\n",
    );
    f.build();
    assert!(f.exists("atom.xml"));
    assert_eq!(f.read("index.html"), "has_feed=true");
}

#[test]
fn a_news_item_has_the_same_beijing_time_in_every_feed() {
    let f = Fixture::with_templates(&format!(
        "generate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\n{CONFIG}"
    ));
    f.file(
        "content/news/_index.md",
        "+++\ntitle = \"新闻\"\ngenerate_feeds = true\n+++\n",
    )
    .file(
        "content/news/a.md",
        "+++\ntitle = \"公交首发\"\ndate = 2024-10-27\n+++\n正文\n",
    )
    .file(
        "content/news/b.md",
        "+++\ntitle = \"晚间会议\"\ndate = 2024-10-28T19:30:00\nupdated = 2024-10-29T08:00:00Z\n+++\n正文\n",
    )
    .build();
    let atom = f.read("news/atom.xml");
    assert!(
        atom.contains("<published>2024-10-27T00:00:00+08:00</published>"),
        "{atom}"
    );
    assert!(
        atom.contains("<published>2024-10-28T19:30:00+08:00</published>"),
        "{atom}"
    );
    // A time given with an offset keeps it.
    assert!(
        atom.contains("<updated>2024-10-29T08:00:00+00:00</updated>"),
        "{atom}"
    );
    let rss = f.read("news/rss.xml");
    assert!(rss.contains("Sun, 27 Oct 2024 00:00:00 +0800"), "{rss}");
    let feed: serde_json::Value = serde_json::from_str(&f.read("news/feed.json")).unwrap();
    let published: Vec<&str> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["date_published"].as_str())
        .collect();
    assert!(
        published.contains(&"2024-10-27T00:00:00+08:00"),
        "{published:?}"
    );
    assert!(
        published.contains(&"2024-10-28T19:30:00+08:00"),
        "{published:?}"
    );
}

#[test]
fn the_news_section_names_its_feeds_in_the_head_and_on_the_page() {
    let f = Fixture::new(&format!(
        "theme = \"yiyong\"\ngenerate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\n{CONFIG}"
    ));
    with_default_theme(&f);
    f.file(
        "content/news/_index.md",
        "+++\ntitle = \"新闻\"\ngenerate_feeds = true\n+++\n",
    )
    .file(
        "content/news/a.md",
        "+++\ntitle = \"公交首发\"\ndate = 2024-10-27\n+++\n正文\n",
    )
    .file("content/places/_index.md", "+++\ntitle = \"阵地\"\n+++\n")
    .build();
    let html = f.read("news/index.html").replace("&#x2F;", "/");
    for (kind, file) in [
        ("atom+xml", "news/atom.xml"),
        ("rss+xml", "news/rss.xml"),
        ("feed+json", "news/feed.json"),
    ] {
        assert!(
            html.contains(&format!(
                "type=\"application/{kind}\" title=\"新闻 - 示例协会\" href=\"https://example.org/{file}\""
            )),
            "{kind}: {html}"
        );
        assert!(f.public(file).exists(), "{file} is written");
    }
    assert!(html.contains("订阅本栏目："), "{html}");
    // Another section has no feeds of its own and says nothing of them.
    let places = f.read("places/index.html");
    assert!(!places.contains("订阅本栏目"), "{places}");
    assert!(!places.contains("places/atom.xml"), "{places}");
}

#[test]
fn each_page_describes_itself_for_search_engines_and_share_cards() {
    let f = Fixture::new(&format!(
        "theme = \"yiyong\"\ndescription = \"弘扬见义勇为精神\"\n{CONFIG}"
    ));
    with_default_theme(&f);
    f.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
        .file(
            "content/heroes/_index.md",
            "+++\ntitle = \"英雄谱\"\ndescription = \"本市历年表彰的见义勇为英模\"\n+++\n",
        )
        .file("content/heroes/a.md", &hero("甲", "金水区", "provincial", 2022, "living"))
        .file(
            "content/heroes/b.md",
            "+++\ntitle = \"乙勇救落水儿童\"\ndescription = \"乙跳入河中救起两名儿童\"\n[extra.hero]\nname = \"乙\"\nsummary = \"不该用到的摘要\"\n+++\n",
        )
        .build();
    let meta = |rel: &str, name: &str| {
        let html = f.read(rel);
        let at = html
            .find(&format!("{name}\" content=\""))
            .unwrap_or_else(|| panic!("{rel}: no {name}"));
        let rest = &html[at + name.len() + 11..];
        rest[..rest.find('"').unwrap()].to_string()
    };
    assert_eq!(meta("index.html", "og:title"), "示例协会");
    assert_eq!(meta("index.html", "description"), "弘扬见义勇为精神");
    assert_eq!(
        meta("heroes/index.html", "description"),
        "本市历年表彰的见义勇为英模"
    );
    assert_eq!(meta("heroes/index.html", "og:title"), "英雄谱");
    assert_eq!(
        meta("heroes/b/index.html", "description"),
        "乙跳入河中救起两名儿童"
    );
    assert_eq!(
        meta("heroes/b/index.html", "og:description"),
        "乙跳入河中救起两名儿童"
    );
    assert_eq!(meta("heroes/b/index.html", "og:title"), "乙勇救落水儿童");
    assert_eq!(meta("heroes/b/index.html", "og:type"), "article");
    assert_eq!(
        meta("heroes/b/index.html", "og:url"),
        "https://example.org/heroes/b/"
    );
}

/// The share card's picture is the page's own (a news cover, a hero's photo, a place's first
/// photo), never an anonymous hero's photo nor an SVG (WeChat and Weibo draw none), else the
/// site's icon drawn from its logo.
#[test]
fn a_shared_page_shows_its_own_picture_else_the_sites_icon() {
    let f = Fixture::new(&format!("theme = \"yiyong\"\n{CONFIG}"));
    with_default_theme(&f);
    let hero = |name: &str, more: &str| {
        format!("+++\ntitle = \"{name}\"\n[extra.hero]\nname = \"{name}\"\n{more}+++\n事迹。\n")
    };
    f.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
        .file("content/heroes/_index.md", "+++\ntitle = \"英雄谱\"\n+++\n")
        .file("content/heroes/a.md", &hero("甲", "photo = \"images/a.jpg\"\n"))
        .file("content/heroes/b.md", &hero("乙", "photo = \"images/b.jpg\"\nanonymous = true\n"))
        .file("content/heroes/c.md", &hero("丙", "photo = \"images/c.svg\"\n"))
        .file("content/news/_index.md", "+++\ntitle = \"新闻\"\n+++\n")
        .file(
            "content/news/n.md",
            "+++\ntitle = \"表彰会\"\ndate = 2024-01-02\n[extra.news]\ncover = \"images/n.jpg\"\n+++\n正文\n",
        )
        .bytes("static/images/a.jpg", &common::photos::jpeg(8, 8))
        .bytes("static/images/b.jpg", &common::photos::jpeg(8, 8))
        .bytes("static/images/n.jpg", &common::photos::jpeg(8, 8))
        .file("static/images/c.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\"/>")
        .build();
    let image = |rel: &str| {
        let html = f.read(rel);
        let tags: Vec<&str> = html.matches("<meta property=\"og:image\"").collect();
        assert_eq!(tags.len(), 1, "{rel}: {html}");
        let at = html.find("og:image\" content=\"").unwrap() + 19;
        html[at..at + html[at..].find('"').unwrap()].to_string()
    };
    let site = "https://example.org/apple-touch-icon.png";
    assert_eq!(
        image("heroes/a/index.html"),
        "https://example.org/images/a.jpg"
    );
    assert_eq!(
        image("heroes/b/index.html"),
        site,
        "an anonymous hero's photo"
    );
    assert_eq!(image("heroes/c/index.html"), site, "an SVG");
    assert_eq!(
        image("news/n/index.html"),
        "https://example.org/images/n.jpg"
    );
    assert_eq!(image("index.html"), site);
    assert!(f.exists("apple-touch-icon.png"));
}

#[test]
fn feed_items_that_is_not_a_whole_number_is_an_error() {
    let f = Fixture::with_templates(&format!("{CONFIG}feed_items = \"三十\"\n"));
    f.file("content/news/_index.md", "+++\ntitle = \"新闻\"\n+++\n");
    let err = f.build_err();
    assert!(
        err.contains("config.toml") && err.contains("feed_items") && err.contains("\"三十\""),
        "{err}"
    );
}
