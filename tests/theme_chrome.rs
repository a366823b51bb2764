//! The default theme's chrome as a visitor meets it (issue 22): the menu marking the section
//! they are in, breadcrumbs, 上一篇/下一篇 with titles, a news item's meta line, the footer
//! with the organizer and both filing numbers, the association's colours, favicon.ico and the
//! touch icon drawn from the logo, and districts in pinyin order. Fixture sites built with the
//! real binary and the repository's theme.

mod common;
use common::*;

const SITE: &str = "base_url = \"https://example.org\"\ntitle = \"示例协会\"\ntheme = \"yiyong\"\n\
                    taxonomies = [{ name = \"districts\", paginate_by = 2 }]\n";

/// A site with the default theme, heroes in three districts and three news items. `extra`: more
/// of the config (`[extra]` keys first, then `[extra.yiyong]` keys).
fn site(extra: &str, yiyong: &str) -> Fixture {
    let f = Fixture::new(&format!(
        "{SITE}[extra]\n{extra}\n[extra.yiyong]\n{yiyong}\n"
    ));
    with_default_theme(&f);
    f.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
        .file(
            "content/heroes/_index.md",
            "+++\ntitle = \"英雄谱\"\ntemplate = \"heroes.html\"\npage_template = \"hero.html\"\nsort_by = \"date\"\npaginate_by = 2\n+++\n",
        )
        .file(
            "content/news/_index.md",
            "+++\ntitle = \"新闻动态\"\nsort_by = \"date\"\n+++\n",
        )
        .file(
            "content/places/_index.md",
            "+++\ntitle = \"宣传阵地\"\ntemplate = \"places.html\"\npage_template = \"place.html\"\n+++\n",
        );
    for (i, (name, district)) in [
        ("中原甲", "中原区"),
        ("二七乙", "二七区"),
        ("金水丙", "金水区"),
        ("重庆丁", "重庆市"),
        ("长沙戊", "长沙市"),
    ]
    .iter()
    .enumerate()
    {
        f.file(
            &format!("content/heroes/h{i}.md"),
            &format!(
                "+++\ntitle = \"{name}的事迹\"\ndate = 2024-0{}-01\n[taxonomies]\ndistricts = [\"{district}\"]\n\
                 [extra.hero]\nname = \"{name}\"\ndistrict = \"{district}\"\n+++\n事迹。\n",
                i + 1
            ),
        );
    }
    for (i, title) in ["第一条新闻", "第二条新闻", "第三条新闻"]
        .iter()
        .enumerate()
    {
        f.file(
            &format!("content/news/n{i}.md"),
            &format!(
                "+++\ntitle = \"{title}\"\ndate = 2024-0{}-10\n+++\n正文第一段。\n\n正文第二段。\n",
                i + 1
            ),
        );
    }
    f
}

/// The inner HTML of the first `<nav aria-label="LABEL">`.
fn nav<'a>(html: &'a str, label: &str) -> &'a str {
    let start = html
        .find(&format!("<nav aria-label=\"{label}\""))
        .or_else(|| html.find(&format!("aria-label=\"{label}\">")))
        .unwrap_or_else(|| panic!("no nav {label}"));
    let rest = &html[start..];
    let rest = &rest[rest.find('>').unwrap() + 1..];
    &rest[..rest.find("</nav>").unwrap()]
}

/// Visible text, tags removed and whitespace squeezed.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_menu_is_a_disclosure_and_marks_the_section_the_visitor_is_in() {
    let f = site("", "");
    f.build();
    let hero = f.read("heroes/h0/index.html");
    // One menu, inside a <details> whose summary says what it is (no script needed).
    let header = &hero[hero.find("<header").unwrap()..hero.find("</header>").unwrap()];
    assert!(
        header.contains("<details class=\"menu\">") && header.contains("菜单</summary>"),
        "{header}"
    );
    assert_eq!(hero.matches("aria-label=\"主导航\"").count(), 1);
    let menu = nav(&hero, "主导航");
    assert!(
        menu.contains("aria-current=\"true\">英雄谱</a>"),
        "a hero page is in the roll: {menu}"
    );
    assert_eq!(menu.matches("aria-current").count(), 1, "{menu}");
    let roll = f.read("heroes/index.html");
    assert!(nav(&roll, "主导航").contains("aria-current=\"page\">英雄谱</a>"));
    let news = f.read("news/n0/index.html");
    let menu = nav(&news, "主导航");
    assert!(
        menu.contains("aria-current=\"true\">新闻动态</a>"),
        "{menu}"
    );
    assert!(!menu.contains("aria-current=\"true\">英雄谱"), "{menu}");
    // The home page marks nothing.
    assert!(!nav(&f.read("index.html"), "主导航").contains("aria-current"));
    // 长辈模式 stays in the bar, outside the menu, so a phone shows it without opening it.
    let elder = header.find("长辈模式").unwrap();
    assert!(elder < header.find("<details").unwrap());
}

#[test]
fn breadcrumbs_lead_from_the_home_page_to_the_page() {
    let f = site("", "");
    f.build();
    let crumbs = |rel: &str| text(nav(&f.read(rel), "面包屑"));
    assert_eq!(crumbs("heroes/h0/index.html"), "首页 英雄谱 中原甲");
    assert!(f
        .read("heroes/h0/index.html")
        .contains("<li aria-current=\"page\">中原甲</li>"));
    assert_eq!(crumbs("heroes/index.html"), "首页 英雄谱");
    assert_eq!(crumbs("heroes/page/2/index.html"), "首页 英雄谱 第2页");
    assert_eq!(crumbs("news/n1/index.html"), "首页 新闻动态 第二条新闻");
    assert_eq!(crumbs("districts/index.html"), "首页 按地区浏览");
    assert_eq!(
        crumbs("districts/zhong-yuan-qu/index.html"),
        "首页 按地区浏览 中原区"
    );
    assert_eq!(
        crumbs("hero-years/2024/index.html"),
        "首页 英雄谱 英模按年份 2024年英模"
    );
    // Each crumb but the last is a link; the home page has none.
    let news = nav(&f.read("news/n1/index.html"), "面包屑").to_string();
    assert!(news.contains("<a href=\"/\">首页</a>"));
    assert!(news.contains("<a href=\"/news/\">新闻动态</a>"));
    assert!(!f.read("index.html").contains("面包屑"));
}

#[test]
fn articles_link_their_neighbours_by_title() {
    let f = site("", "");
    f.build();
    let middle = f.read("news/n1/index.html");
    let pn = text(nav(&middle, "相邻文章"));
    // In the list's order (news newest first): 上一篇 is the item above it in the list, the
    // newer, 下一篇 the one below, each by its title.
    assert_eq!(pn, "上一篇： 第三条新闻 下一篇： 第一条新闻");
    assert!(middle.contains("rel=\"prev\""));
    let newest = text(nav(&f.read("news/n2/index.html"), "相邻文章"));
    assert_eq!(newest, "下一篇： 第二条新闻");
    // A hero: 上一位/下一位 and the way back to the roll.
    let hero = text(nav(&f.read("heroes/h1/index.html"), "相邻英模"));
    assert_eq!(
        hero,
        "上一位： 金水丙的事迹 下一位： 中原甲的事迹 返回英雄谱"
    );
}

#[test]
fn a_news_item_has_its_meta_line_under_the_title() {
    let f = site("", "first_line_indent = true");
    f.file(
        "content/news/n1.md",
        "+++\ntitle = \"第二条新闻\"\ndate = 2024-02-10\n[extra.news]\nsource = \"示例日报\"\n\
         author = \"王宁\"\nphotographer = \"刘洋\"\n+++\n正文。\n",
    );
    f.build();
    let html = f.read("news/n1/index.html");
    let h1 = html.find("<h1>第二条新闻</h1>").unwrap();
    let meta_at = html.find("class=\"meta article-meta\"").unwrap();
    assert!(meta_at > h1 && meta_at < html.find("正文。").unwrap());
    let meta = &html[meta_at..];
    let meta = &meta[meta.find('>').unwrap() + 1..];
    let meta = text(&meta[..meta.find("</p>").unwrap()]);
    assert_eq!(
        meta,
        "发布时间： 2024年2月10日 来源：示例日报 作者：王宁 摄影：刘洋"
    );
    // The source is said once, in the meta line.
    assert_eq!(html.matches("示例日报").count(), 1);
    assert!(html.contains("<div class=\"article-body indent\" data-search-body>"));
    // Without the switch no indent; a news item without a source has no 来源.
    let plain = site("", "");
    plain.build();
    let other = plain.read("news/n0/index.html");
    assert!(other.contains("<div class=\"article-body\" data-search-body>"));
    assert!(!other.contains("来源："));
}

#[test]
fn the_footer_names_the_organizer_and_both_filing_numbers() {
    let f = site(
        "icp = \"豫ICP备12345678号-1\"\npolice_beian = \"豫公网安备41010502000001号\"\n\
         police_beian_icon = \"images/beian.png\"\norganization = \"示例协会\"",
        "[extra.yiyong.footer]\norganizer = \"示例市见义勇为协会\"\naddress = \"示例市人民路1号\"\n\
         postcode = \"450000\"\nphone = \"０３７１－１２３４ ５６７８ 转 8、0371-7654321\"",
    );
    f.bytes("static/images/beian.png", &common::photos::png(20, 20));
    f.build();
    let html = f.read("news/n0/index.html");
    let footer = &html[html.find("<footer").unwrap()..html.find("</footer>").unwrap()];
    let t = text(footer);
    for want in [
        "主办单位：示例市见义勇为协会",
        "地址：示例市人民路1号",
        "邮编：450000",
        "电话： ０３７１－１２３４ ５６７８ 转 8、0371-7654321",
        "豫ICP备12345678号-1",
        "豫公网安备41010502000001号",
    ] {
        assert!(t.contains(want), "{want} not in {t}");
    }
    // Full-width digits folded, the extension and the second number left out: the same rule
    // as the team and service pages (`tel()`), where six `replace` filters made
    // `tel:０３７１１２３４５６７８转8、03717654321`.
    assert!(footer.contains("href=\"tel:037112345678\""), "{footer}");
    assert!(footer.contains("<address class=\"footer-org\">"));
    assert!(footer.contains("https://beian.mps.gov.cn/#/query/webSearch?code=41010502000001"));
    // The 公安 icon is the site's own file, with its size.
    assert!(
        footer.contains(
            "<img class=\"beian-icon\" src=\"/images/beian.png\" width=\"20\" height=\"20\" alt=\"\">"
        ),
        "{footer}"
    );
    // Nothing of it when not configured.
    let bare = site("", "");
    bare.build();
    let html = bare.read("index.html");
    assert!(!html.contains("主办单位") && !html.contains("class=\"beian\""));
}

#[test]
fn brand_colours_and_logo_come_from_the_config() {
    let f = site(
        "",
        "logo = \"images/logo.svg\"\n[extra.yiyong.colors]\nbrand = \"#003a8c\"",
    );
    f.file(
        "static/images/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 40\"><circle cx=\"20\" cy=\"20\" r=\"20\" fill=\"#003a8c\"/></svg>",
    );
    f.build();
    let html = f.read("index.html");
    assert!(
        html.contains("<style>:root{--yy-brand:#003a8c;}</style>"),
        "{html}"
    );
    assert!(html.contains(
        "<img class=\"brand-logo\" src=\"/images/logo.svg\" width=\"40\" height=\"40\" alt=\"\">"
    ));
    assert!(html.contains("<link rel=\"icon\" type=\"image/svg+xml\" href=\"/images/logo.svg\">"));
    // 长辈模式's header is deeper than the standard one with a site's own colour too: derived
    // from it (a fifth of black) unless `brand_deep` names one; old WebViews keep the brand.
    let css = f.read("css/yiyong.css");
    assert!(
        css.contains("--brand-deep: var(--yy-brand-deep, color-mix(in srgb, var(--yy-brand, #990014) 80%, #000))"),
        "no derived deep brand colour"
    );
    assert!(css.contains("--brand-deep: var(--yy-brand-deep, var(--yy-brand, #7a0010))"));
    let deep = site(
        "",
        "[extra.yiyong.colors]\nbrand = \"#003a8c\"\nbrand_deep = \"#002766\"",
    );
    deep.build();
    assert!(deep
        .read("index.html")
        .contains("<style>:root{--yy-brand:#003a8c;--yy-brand-deep:#002766;}</style>"));
    // Only a hex colour: anything else is refused, naming the key.
    let bad = site("", "[extra.yiyong.colors]\naccent = \"red; }\"");
    let err = bad.build_err();
    assert!(err.contains("`accent` in [extra.yiyong.colors]"), "{err}");
}

#[test]
fn favicon_ico_and_the_touch_icon_are_drawn_from_the_logo_unless_the_site_ships_them() {
    let f = site("", "logo = \"images/logo.png\"");
    f.bytes("static/images/logo.png", &common::photos::png(300, 200));
    f.build();
    let ico = std::fs::read(f.public("favicon.ico")).unwrap();
    let decoded = image::load_from_memory_with_format(&ico, image::ImageFormat::Ico)
        .expect("favicon.ico decodes as ICO");
    assert_eq!((decoded.width(), decoded.height()), (48, 48));
    assert_eq!(u16::from_le_bytes([ico[4], ico[5]]), 3, "16, 32 and 48 px");
    let touch = image::open(f.public("apple-touch-icon.png")).unwrap();
    assert_eq!((touch.width(), touch.height()), (180, 180));
    // At the host's root browsers ask for both without a link (100 bytes of every page).
    let html = f.read("index.html");
    assert!(!html.contains("favicon.ico"), "{html}");
    assert!(!html.contains("apple-touch-icon\""), "{html}");
    // A raster logo: no SVG icon is advertised.
    assert!(!html.contains("image/svg+xml"));
    // Below a path of its host, the links say where they are.
    f.file(
        "config.toml",
        &format!(
            "{}[extra]\n[extra.yiyong]\nlogo = \"images/logo.png\"\n",
            SITE.replace("https://example.org", "https://example.org/jyw")
        ),
    );
    f.build();
    let html = f.read("index.html");
    assert!(html.contains("<link rel=\"icon\" href=\"/jyw/favicon.ico\" sizes=\"32x32\">"));
    assert!(html.contains("<link rel=\"apple-touch-icon\" href=\"/jyw/apple-touch-icon.png\">"));

    // Without a logo, from the theme's favicon.svg; a site's own favicon.ico wins.
    let own = site("", "");
    own.bytes("static/favicon.ico", b"the site's own icon");
    own.build();
    assert_eq!(
        std::fs::read(own.public("favicon.ico")).unwrap(),
        b"the site's own icon"
    );
    let touch = image::open(own.public("apple-touch-icon.png")).unwrap();
    assert_eq!(touch.width(), 180);

    // A logo that is not there names itself.
    let missing = site("", "logo = \"images/nope.png\"");
    let err = missing.build_err();
    assert!(err.contains("images/nope.png"), "{err}");
}

#[test]
fn districts_are_listed_in_pinyin_order() {
    let f = site("", "");
    f.build();
    let order = |html: &str, names: &[&str]| -> Vec<String> {
        let mut found: Vec<(usize, String)> = names
            .iter()
            .map(|n| {
                (
                    html.find(&format!(">{n}")).unwrap_or(usize::MAX),
                    n.to_string(),
                )
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, n)| n).collect()
    };
    // 长沙 chang, 重庆 chong, 二七 er, 金水 jin, 中原 zhong (by code point 中 came first).
    let want = ["长沙市", "重庆市", "二七区", "金水区", "中原区"];
    let list = f.read("districts/index.html");
    let terms = &list[list.find("<ul class=\"terms\">").unwrap()..];
    assert_eq!(order(terms, &want), want);
    let roll = f.read("heroes/index.html");
    let views = &roll[roll.find("按地区").unwrap()..];
    assert_eq!(order(views, &want), want);
}

/// The published stylesheet's blocks close where they should. A browser closes an unclosed
/// `@media print {` at the end of the file, so one missing brace put every later rule inside
/// print rules: the header menu became a disclosure at every width and nothing failed. The
/// theme does not nest one `@media` in another, so a nested one is the same mistake.
#[test]
fn the_stylesheet_closes_every_block_and_nests_no_media_query() {
    let f = site("", "");
    f.build();
    let css = f.read("css/yiyong.css");
    let mut depth = 0usize;
    let mut media_depths: Vec<usize> = Vec::new();
    let (mut line, mut i) = (1, 0);
    let b = css.as_bytes();
    while i < b.len() {
        match b[i] {
            b'\n' => line += 1,
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let end = css[i + 2..].find("*/").expect("an unclosed comment") + i + 4;
                line += css[i..end].matches('\n').count();
                i = end;
                continue;
            }
            q @ (b'"' | b'\'') => {
                let end = css[i + 1..].find(q as char).expect("an unclosed string") + i + 2;
                i = end;
                continue;
            }
            b'@' if css[i..].starts_with("@media") => {
                assert!(
                    media_depths.is_empty(),
                    "line {line}: @media inside the @media block opened at depth {media_depths:?}"
                );
                media_depths.push(depth);
            }
            b'{' => depth += 1,
            b'}' => {
                depth = depth
                    .checked_sub(1)
                    .unwrap_or_else(|| panic!("line {line}: a `}}` closes nothing"));
                if media_depths.last() == Some(&depth) {
                    media_depths.pop();
                }
            }
            _ => {}
        }
        i += 1;
    }
    assert_eq!(
        depth, 0,
        "{depth} block(s) left open at the end of yiyong.css"
    );
}

/// A clerk writes choices in Chinese (「牺牲」, 「群体」) as often as the schema's keys: the
/// outreach layer turns them into keys before templates run, so the hero page's memorial
/// styling, 「名称」 for a group and the 状况 line come out the same either way.
#[test]
fn a_hero_page_reads_status_and_kind_written_in_chinese() {
    let f = site("", "");
    f.file(
        "content/heroes/crew.md",
        "+++\ntitle = \"某路公交车组\"\ndate = 2024-05-01\n[extra.hero]\nname = \"某路公交车组\"\n\
         kind = \"群体\"\nstatus = \"牺牲\"\n+++\n事迹。\n",
    );
    f.build();
    let page = f.read("heroes/crew/index.html");
    assert!(page.contains("<article class=\"hero memorial\">"), "{page}");
    let facts = text(&page[page.find("<dl class=\"facts\">").unwrap()..]);
    assert!(
        facts.starts_with("名称 某路公交车组 类别 群体 状况 牺牲"),
        "{facts}"
    );
}

/// Every `href`, `src`, `srcset` candidate and `action` of a page, in order.
fn addresses(html: &str) -> Vec<String> {
    let mut found = vec![];
    for attr in [" href=\"", " src=\"", " srcset=\"", " action=\""] {
        for part in html.split(attr).skip(1) {
            let value = part.split('"').next().unwrap_or("");
            if attr == " srcset=\"" {
                found.extend(
                    value
                        .split(',')
                        .filter_map(|c| c.split_whitespace().next())
                        .map(String::from),
                );
            } else {
                found.push(value.to_string());
            }
        }
    }
    found
}

/// The `content` of `<meta property="PROPERTY">`.
fn meta<'a>(html: &'a str, property: &str) -> Option<&'a str> {
    let at = html.find(&format!("<meta property=\"{property}\" content=\""))?;
    let rest = &html[at..];
    let rest = &rest[rest.find("content=\"").unwrap() + 9..];
    rest.split('"').next()
}

#[test]
fn links_inside_the_site_are_root_relative_and_share_cards_stay_absolute() {
    for (base, path) in [
        ("https://example.org", ""),
        ("https://example.org/sub", "/sub"),
    ] {
        let f = site(
            "icp = \"豫ICP备00000000号-1\"\npolice_beian = \"豫公网安备41010502000000号\"\npolice_beian_icon = \"images/beian.png\"",
            "logo = \"images/logo.png\"",
        );
        let config = std::fs::read_to_string(f.root().join("config.toml")).unwrap();
        f.file(
            "config.toml",
            &config.replace(
                "base_url = \"https://example.org\"",
                &format!("base_url = \"{base}\"\ngenerate_feeds = true"),
            ),
        )
        .bytes("static/images/logo.png", &common::photos::png(300, 200))
        .bytes("static/images/beian.png", &common::photos::png(20, 20))
        .bytes("static/images/p.jpg", &common::photos::jpeg(1000, 750))
        .file(
            "content/heroes/h0.md",
            "+++\ntitle = \"中原甲的事迹\"\ndate = 2024-01-01\n[taxonomies]\ndistricts = [\"中原区\"]\n\
             [extra.hero]\nname = \"中原甲\"\ndistrict = \"中原区\"\nphoto = \"images/p.jpg\"\n+++\n事迹。\n",
        )
        .file("content/search.md", "+++\ntitle = \"搜索\"\n+++\n");
        let out = f.run(&["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{base}: {stderr}");
        // The build's own scan follows root-relative links: none reaches a missing file.
        assert!(!stderr.contains("404 Not Found"), "{base}: {stderr}");

        for rel in [
            "index.html",
            "heroes/index.html",
            "heroes/page/2/index.html",
            "heroes/h0/index.html",
            "heroes/h1/index.html",
            "news/n1/index.html",
            "districts/zhong-yuan-qu/index.html",
            "404.html",
        ] {
            let html = f.read(rel);
            // The feeds' alternates stay absolute (checked below).
            let links: Vec<&str> = html
                .lines()
                .filter(|l| !l.contains("rel=\"alternate\""))
                .collect();
            let own: Vec<String> = addresses(&links.join("\n"))
                .into_iter()
                .filter(|a| !a.starts_with('#') && !a.starts_with("tel:"))
                .filter(|a| !a.starts_with("mailto:"))
                .filter(|a| !a.starts_with("https://beian."))
                .collect();
            assert!(own.len() > 10, "{base} {rel}: {own:?}");
            for a in &own {
                assert!(
                    a.starts_with(&format!("{path}/")) && !a.starts_with("//"),
                    "{base} {rel}: `{a}` is not a root-relative link into the site"
                );
            }
            // The share card is read away from the page: absolute.
            let og_image = meta(&html, "og:image").expect("og:image");
            assert!(
                og_image.starts_with(&format!("{base}/")),
                "{rel}: {og_image}"
            );
            if rel != "404.html" {
                let og_url = meta(&html, "og:url").expect("og:url");
                assert!(og_url.starts_with(&format!("{base}/")), "{rel}: {og_url}");
            }
        }
        let hero = f.read("heroes/h0/index.html");
        // Pictures, icons, the stylesheet, the script, the menu, crumbs and neighbours.
        for want in [
            format!("<link rel=\"stylesheet\" href=\"{path}/css/yiyong.css?h="),
            format!("<script src=\"{path}/js/elder.js?h="),
            format!("<a class=\"brand\" href=\"{path}/\">"),
            format!("<a href=\"{path}/heroes/\" aria-current=\"true\">英雄谱</a>"),
            format!("<li><a href=\"{path}/\">首页</a></li>"),
            format!("<a class=\"pn-back\" href=\"{path}/heroes/\">返回英雄谱</a>"),
            format!("action=\"{path}/search/\""),
            format!("<img class=\"brand-logo\" src=\"{path}/processed_images/"),
            format!("<img class=\"beian-icon\" src=\"{path}/images/beian.png\""),
            format!("srcset=\"{path}/processed_images/"),
        ] {
            assert!(hero.contains(&want), "{base}: no {want} in\n{hero}");
        }
        // favicon.ico is linked only below a path (browsers ask a host's root for it).
        let ico = format!("<link rel=\"icon\" href=\"{path}/favicon.ico\" sizes=\"32x32\">");
        assert_eq!(hero.contains(&ico), !path.is_empty(), "{base}");
        assert_eq!(
            meta(&hero, "og:image"),
            Some(format!("{base}/images/p.jpg").as_str())
        );
        assert_eq!(
            meta(&hero, "og:url"),
            Some(format!("{base}/heroes/h0/").as_str())
        );

        // The site's feeds are advertised on the home page and the lists, not on a story.
        let alternate = format!(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"示例协会\" href=\"{base}/atom.xml\">"
        );
        assert!(f.read("index.html").contains(&alternate), "{base}");
        assert!(f.read("heroes/index.html").contains(&alternate), "{base}");
        for rel in ["heroes/h0/index.html", "news/n1/index.html"] {
            assert!(!f.read(rel).contains("rel=\"alternate\""), "{base} {rel}");
        }
        // The feeds themselves and the sitemap keep absolute addresses.
        let atom = f.read("atom.xml");
        assert!(
            atom.contains(&format!("href=\"{base}/heroes/h0/\"")),
            "{atom}"
        );
        let sitemap = f.read("sitemap.xml");
        assert!(
            sitemap.contains(&format!("<loc>{base}/heroes/h0/</loc>")),
            "{sitemap}"
        );
    }
}
