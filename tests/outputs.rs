//! Generated files besides pages: feeds, taxonomies, sitemap, robots.txt, 404, static files,
//! Sass, minification, and how the output folder is replaced.

mod common;
use common::*;

fn xml_tag_texts(xml: &str, tag: &str) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = vec![];
    let mut inside = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == tag.as_bytes() => {
                inside = true
            }
            quick_xml::events::Event::End(e) if e.name().as_ref() == tag.as_bytes() => {
                inside = false
            }
            quick_xml::events::Event::Text(t) if inside => {
                out.push(t.unescape().unwrap().trim().to_string())
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// Characters XML 1.0 does not allow anywhere in a document.
fn xml_forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'
}

/// Parses `xml` to the end with quick-xml and checks every character of its text and
/// attributes (quick-xml itself does not reject control characters).
fn assert_well_formed(name: &str, xml: &str) {
    use quick_xml::events::Event;
    if let Some(c) = xml.chars().find(|&c| xml_forbidden(c)) {
        panic!("{name}: U+{:04X} is not allowed in XML", c as u32);
    }
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("{name} is not well-formed: {e}"));
        let text = match &event {
            Event::Text(t) => t.unescape().unwrap().into_owned(),
            Event::Start(e) | Event::Empty(e) => e
                .attributes()
                .map(|a| a.unwrap().unescape_value().unwrap().into_owned())
                .collect(),
            Event::Eof => break,
            _ => String::new(),
        };
        assert!(!text.contains(xml_forbidden), "{name}: {text:?}");
    }
}

fn news_site(config_extra: &str) -> Fixture {
    let f = Fixture::with_templates(&format!("{BASIC_CONFIG}{config_extra}"));
    f.file(
        "content/news/_index.md",
        "+++\ntitle = \"新闻\"\nsort_by = \"date\"\ngenerate_feeds = true\n+++\n",
    )
    .file(
        "content/news/a.md",
        &page(
            "旧闻",
            "date = 2023-05-01\n[taxonomies]\ntags = [\"表彰\"]",
            "旧的内容",
        ),
    )
    .file(
        "content/news/b.md",
        &page(
            "新闻&活动",
            "date = 2024-10-27\n[taxonomies]\ntags = [\"表彰\", \"公交\"]",
            "新的<b>内容</b>",
        ),
    )
    .file("content/about.md", &page("关于", "", "无日期"));
    f
}

#[test]
fn atom_and_rss_feeds_parse_back() {
    let f = news_site("generate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\ntaxonomies = [{ name = \"tags\", feed = true }]\n");
    f.file("templates/tags/list.html", "")
        .file("templates/tags/single.html", "")
        .build();
    let atom = f.read("atom.xml");
    assert_eq!(
        xml_tag_texts(&atom, "title")[1..],
        ["新闻&活动", "旧闻"],
        "newest first, undated pages left out"
    );
    assert!(
        atom.contains("<updated>2024-10-27T00:00:00+00:00</updated>"),
        "{atom}"
    );
    let rss = f.read("rss.xml");
    assert_eq!(
        xml_tag_texts(&rss, "link")[1..],
        ["https://example.org/news/b/", "https://example.org/news/a/"]
    );
    let section_feed = f.read("news/atom.xml");
    assert_eq!(xml_tag_texts(&section_feed, "title")[0], "测试站 - 新闻");
    let term_feed = f.read("tags/gong-jiao/atom.xml");
    assert_eq!(xml_tag_texts(&term_feed, "title")[1..], ["新闻&活动"]);
}

/// The built-in feeds render their entries in parallel chunks, written without Tera (see
/// `templates::feed_parts`, `output::fast_feed_entries`: this is its contract); the result must be byte for byte what the
/// whole template gives. A copy of the built-in template with one extra, empty expression is
/// rendered the ordinary way, as a comparison.
fn builtin_feeds_match_whole_templates(config_extra: &str) {
    let f = news_site(&format!("generate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\n{config_extra}taxonomies = [{{ name = \"tags\", feed = true }}]\n"));
    f.file("templates/tags/list.html", "")
        .file("templates/tags/single.html", "");
    // More pages than one window of chunks (512), with and without authors, summaries,
    // updates and times of day.
    for i in 0..700 {
        let authors = match i % 3 {
            0 => "authors = [\"张三\", \"李四 <l@example.org>\"]\n",
            1 => "authors = [\"王五\"]\n",
            _ => "",
        };
        let updated = match i % 7 {
            0 => "updated = 2025-01-02\n",
            1 => "updated = 2025-01-02T08:30:00+08:00\n",
            _ => "",
        };
        let date = if i % 5 == 0 {
            format!("2024-01-{:02}T{:02}:05:06+08:00", i % 28 + 1, i % 24)
        } else {
            format!("2024-01-{:02}", i % 28 + 1)
        };
        let body = if i % 2 == 0 {
            "摘要 <b>&</b>\n<!-- more -->\n正文"
        } else {
            "正文 \"引号\" 'x' a/b"
        };
        f.file(
            &format!("content/news/n{i}.md"),
            &page(
                &format!("第{i}条 <消息> & '引'"),
                &format!(
                    "date = {date}\n{authors}{updated}[taxonomies]\ntags = [\"t{}\"]",
                    i % 2
                ),
                body,
            ),
        );
    }
    // No title, an empty one, fractions of a second, an empty summary.
    f.file(
        "content/news/untitled.md",
        "+++\ndate = 2024-01-03\nupdated = 2024-02-03T10:00:00Z\n+++\n正文\n",
    )
    .file(
        "content/news/empty-title.md",
        "+++\ntitle = \"\"\ndate = 2024-01-04T01:02:03.5+08:00\n+++\n<!-- more -->\n摘要后\n",
    );
    f.build();
    let feeds = [
        "atom.xml",
        "rss.xml",
        "news/atom.xml",
        "news/rss.xml",
        "tags/t1/atom.xml",
    ];
    let chunked: Vec<String> = feeds.iter().map(|p| f.read(p)).collect();
    f.file(
        "templates/atom.xml",
        &format!(
            "{}{{{{ \"\" }}}}",
            include_str!("../crates/yiyong-core/src/templates/builtins/atom.xml")
        ),
    )
    .file(
        "templates/rss.xml",
        &format!(
            "{}{{{{ \"\" }}}}",
            include_str!("../crates/yiyong-core/src/templates/builtins/rss.xml")
        ),
    )
    .build();
    for (path, before) in feeds.iter().zip(&chunked) {
        assert!(before.matches("<entry").count() + before.matches("<item>").count() > 300);
        let whole = f.read(path);
        let same = whole
            .bytes()
            .zip(before.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let at = |s: &str| {
            s[same.saturating_sub(200).min(s.len())..]
                .chars()
                .take(300)
                .collect::<String>()
        };
        assert!(
            whole == *before,
            "{path} differs at byte {same}:\nwhole:\n{}\nchunked:\n{}",
            at(&whole),
            at(before)
        );
    }
}

#[test]
fn builtin_feeds_match_their_templates_rendered_whole() {
    builtin_feeds_match_whole_templates("author = \"协会 & <会员>\"\n");
    // No site author: entries without authors say "Unknown".
    builtin_feeds_match_whole_templates("");
}

#[test]
fn feeds_written_in_parts_are_rewritten_only_when_changed() {
    let f = news_site("generate_feeds = true\ntaxonomies = [{ name = \"tags\" }]\n");
    for i in 0..600 {
        f.file(
            &format!("content/news/n{i}.md"),
            &page(&format!("第{i}条"), "date = 2024-01-02", "正文"),
        );
    }
    f.build();
    let feed = f.public("atom.xml");
    let mtime = || std::fs::metadata(&feed).unwrap().modified().unwrap();
    let first = mtime();
    std::thread::sleep(std::time::Duration::from_millis(20));
    f.build();
    assert_eq!(mtime(), first, "unchanged feed kept, by its manifest entry");
    std::fs::remove_dir_all(f.root().join(".yiyong-cache")).unwrap();
    f.build();
    assert_eq!(
        mtime(),
        first,
        "unchanged feed kept, compared with the file"
    );
    f.file(
        "content/news/n599.md",
        &page("改过的标题", "date = 2024-01-02", "正文"),
    )
    .build();
    assert_ne!(mtime(), first, "changed feed rewritten");
    let xml = f.read("atom.xml");
    assert!(xml.contains("改过的标题"));
    assert!(xml.trim_end().ends_with("</feed>"), "whole feed written");
    assert!(xml.matches("<entry").count() > 600);
    assert!(!f.root().join(".yiyong-stage-public").exists());
}

#[test]
fn taxonomy_pages_and_pagination() {
    let f = news_site("taxonomies = [{ name = \"tags\", paginate_by = 1 }]\n");
    f.file("templates/tags/list.html", "{% for t in terms %}{{ t.name }}={{ t.page_count }}@{{ t.permalink | safe }};{% endfor %}")
        .file("templates/tags/single.html", "{{ term.name }} {{ paginator.current_index }}/{{ paginator.number_pagers }} {% for p in paginator.pages %}{{ p.title }}{% endfor %}")
        .build();
    // In slug order, as Zola 0.22 lists terms (biao-zhang before gong-jiao).
    assert_eq!(
        f.read("tags/index.html"),
        "表彰=2@https://example.org/tags/biao-zhang/;公交=1@https://example.org/tags/gong-jiao/;"
    );
    assert_eq!(
        f.read("tags/biao-zhang/index.html"),
        "表彰 1/2 新闻&amp;活动"
    );
    assert_eq!(f.read("tags/biao-zhang/page/2/index.html"), "表彰 2/2 旧闻");
}

#[test]
fn default_taxonomy_templates_are_used() {
    let f = news_site("taxonomies = [{ name = \"tags\" }]\n");
    f.file("templates/taxonomy_list.html", "LIST {{ taxonomy.name }}")
        .file(
            "templates/taxonomy_single.html",
            "ONE {{ term.name }} {{ term.pages | length }}",
        )
        .build();
    assert_eq!(f.read("tags/index.html"), "LIST tags");
    assert_eq!(f.read("tags/biao-zhang/index.html"), "ONE 表彰 2");
}

#[test]
fn control_characters_are_left_out_of_xml_outputs_with_a_warning() {
    let f = news_site("generate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\ntaxonomies = [{ name = \"tags\", feed = true }]\n");
    f.file("templates/tags/list.html", "")
        .file("templates/tags/single.html", "")
        // Pasted from Word: a backspace and a NUL in the text; a title and a tag with
        // control characters written as TOML escapes.
        .file(
            "content/news/c.md",
            "+++\ntitle = \"英雄\\b事迹\"\ndate = 2024-11-01\n[taxonomies]\ntags = [\"表\\u0001彰\"]\n+++\n第一段\n\n张三\u{8}勇救\u{0}儿童\n",
        );
    let out = f.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let mut checked = 0;
    for file in files_below(&f.root().join("public")) {
        if file.extension().is_some_and(|e| e == "xml") {
            let text = std::fs::read_to_string(&file).unwrap();
            assert_well_formed(&file.display().to_string(), &text);
            checked += 1;
        }
    }
    assert!(checked >= 6, "site, section and tag feeds and the sitemap");
    let atom = f.read("atom.xml");
    assert_eq!(xml_tag_texts(&atom, "title")[1], "英雄事迹");
    assert!(atom.contains("张三勇救儿童"), "{atom}");
    assert!(
        stderr.contains("warning:")
            && stderr.contains("content/news/c.md:9")
            && stderr.contains("U+0008"),
        "{stderr}"
    );
}

#[test]
fn urls_from_front_matter_are_escaped_in_redirect_pages_and_feeds() {
    let f = news_site("generate_feeds = true\nfeed_filenames = [\"atom.xml\", \"rss.xml\"]\ntaxonomies = [{ name = \"tags\" }]\n");
    f.file("templates/tags/list.html", "")
        .file("templates/tags/single.html", "")
        .file(
        "content/moved/_index.md",
        "+++\ntitle = \"搬走了\"\nredirect_to = \"\\\"><script>alert(1)</script>\"\n+++\n",
    )
    .file(
        "content/old/_index.md",
        "+++\ntitle = \"旧\"\nredirect_to = \"https://example.com/?a=1&b='2'\"\n+++\n",
    )
    .file(
        "content/news/c.md",
        "+++\ntitle = \"丙\"\ndate = 2024-11-01\npath = \"c\\\"><i>x\"\naliases = [\"c-old\\\"><b>/\"]\n+++\n正文\n",
    )
    .build();
    let moved = f.read("moved/index.html");
    assert!(!moved.contains("<script>"), "{moved}");
    let escaped = "https://example.org/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;";
    assert_eq!(
        moved.matches(escaped).count(),
        3,
        "canonical, refresh and link: {moved}"
    );
    let old = f.read("old/index.html");
    assert!(
        old.contains("href=\"https://example.com/?a=1&amp;b=&apos;2&apos;\""),
        "{old}"
    );
    // The alias page of the page whose path holds `"` and `<`.
    let alias = f.read("c-old\"><b>/index.html");
    assert!(!alias.contains("<i>") && !alias.contains("<b>"), "{alias}");
    assert!(
        alias.contains("href=\"https://example.org/c&quot;&gt;&lt;i&gt;x/\""),
        "{alias}"
    );
    for feed in ["atom.xml", "rss.xml", "news/atom.xml", "sitemap.xml"] {
        assert_well_formed(feed, &f.read(feed));
    }
    let atom = f.read("atom.xml");
    assert!(
        atom.contains("<id>https://example.org/c&quot;&gt;&lt;i&gt;x/</id>"),
        "{atom}"
    );
}

#[test]
fn sitemap_robots_and_404() {
    let f = news_site("taxonomies = [{ name = \"tags\" }]\n");
    f.build();
    let sitemap = f.read("sitemap.xml");
    let locs = xml_tag_texts(&sitemap, "loc");
    for url in [
        "https://example.org/",
        "https://example.org/news/",
        "https://example.org/news/a/",
        "https://example.org/about/",
    ] {
        assert!(
            locs.contains(&url.to_string()),
            "{url} missing from {locs:?}"
        );
    }
    assert!(xml_tag_texts(&sitemap, "lastmod").contains(&"2024-10-27".to_string()));
    assert_eq!(
        f.read("robots.txt"),
        "User-agent: *\nDisallow:\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    );
    assert!(f.read("404.html").contains("404"));
    assert!(locs.contains(&"https://example.org/tags/biao-zhang/".to_string()));
    let f2 = news_site("generate_sitemap = false\ngenerate_robots_txt = false\ntaxonomies = [{ name = \"tags\" }]\n");
    f2.build();
    assert!(!f2.exists("sitemap.xml") && !f2.exists("robots.txt"));
}

#[test]
fn static_files_sass_and_minify() {
    let f = Fixture::new(&format!(
        "{BASIC_CONFIG}compile_sass = true\nminify_html = true\nignored_static = [\"*.psd\"]\n"
    ));
    f.file("static/img/logo.svg", "<svg/>")
        .file("static/design.psd", "x")
        .file("sass/_vars.scss", "$red: #c00;")
        .file(
            "sass/style.scss",
            "@use 'vars';\nbody { p { color: vars.$red; } }",
        )
        .file(
            "templates/index.html",
            "<html>\n  <body>\n    <p>  你好  </p>\n  </body>\n</html>\n",
        )
        .build();
    assert_eq!(f.read("img/logo.svg"), "<svg/>");
    assert!(!f.exists("design.psd"), "ignored_static honoured");
    assert!(
        f.read("style.css").contains("body p {\n  color: #c00;\n}"),
        "{}",
        f.read("style.css")
    );
    assert!(!f.exists("_vars.css"));
    let html = f.read("index.html");
    assert!(!html.contains("\n    <p>"), "minified: {html}");
    assert!(html.contains("你好"));
}

#[test]
fn rebuild_keeps_unchanged_files_and_removes_stale_ones() {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file("content/a.md", &page("甲", "", ""))
        .file("content/b.md", &page("乙", "", ""))
        .build();
    let a = f.public("a/index.html");
    let before = std::fs::metadata(&a).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::remove_file(f.root().join("content/b.md")).unwrap();
    f.build();
    assert_eq!(
        std::fs::metadata(&a).unwrap().modified().unwrap(),
        before,
        "unchanged file not rewritten"
    );
    assert!(!f.exists("b/index.html"), "stale output removed");
    assert!(
        !f.root().join(".yiyong-stage-public").exists(),
        "staging folder cleaned up"
    );
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file("content/a.md", &page("甲", "", "")).build();
    let before = f.read("a/index.html");
    f.file("content/a.md", &page("甲改", "", ""))
        .file("content/bad.md", "+++\ntitle = \n+++\n");
    f.build_err();
    assert_eq!(f.read("a/index.html"), before);
    assert!(!f.root().join(".yiyong-stage-public").exists());
}

#[cfg(unix)]
#[test]
fn hard_link_static() {
    use std::os::unix::fs::MetadataExt;
    let f = Fixture::new(&format!("{BASIC_CONFIG}hard_link_static = true\n"));
    f.file("static/big.bin", "data")
        .file("templates/index.html", "")
        .build();
    let src = std::fs::metadata(f.root().join("static/big.bin")).unwrap();
    let out = std::fs::metadata(f.public("big.bin")).unwrap();
    assert_eq!(src.ino(), out.ino(), "same inode: hard-linked, not copied");
}

#[test]
fn rebuild_repairs_outputs_changed_by_hand_and_works_without_its_manifest() {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file("content/a.md", &page("甲", "", ""))
        .file("content/b.md", &page("乙", "", ""))
        .build();
    std::fs::remove_file(f.public("a/index.html")).unwrap();
    std::fs::write(f.public("b/index.html"), "tampered").unwrap();
    f.build();
    assert!(
        f.read("a/index.html").contains("PAGE 甲"),
        "deleted output written again"
    );
    assert!(
        f.read("b/index.html").contains("PAGE 乙"),
        "edited output restored"
    );
    // Without the record of the last build, files the build does not make are not deleted
    // unless asked: yiyong cannot tell its old outputs from files someone put there.
    std::fs::remove_dir_all(f.root().join(".yiyong-cache")).unwrap();
    std::fs::remove_file(f.root().join("content/b.md")).unwrap();
    let err = f.build_err();
    assert!(
        err.contains("b/index.html") && err.contains("--force"),
        "{err}"
    );
    assert!(
        f.exists("b/index.html"),
        "nothing deleted by the refused build"
    );
    let forced = f.run(&["build", "--force"]);
    assert!(forced.status.success(), "{forced:?}");
    assert!(!f.exists("b/index.html"));
    assert!(f.exists("a/index.html"));
    // With the record back, the next build has nothing to ask.
    f.build();
}
