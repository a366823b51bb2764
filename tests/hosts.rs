//! Issue 16: the site makes no request to another host (it must load in mainland China), and
//! `check` finds every internal link, `src` and `srcset` a visitor would get a 404 for.

mod common;
use common::{page, Fixture, BASIC_CONFIG};

/// A site whose base template loads `head` and whose body holds `body`.
fn site(config_extra: &str, head: &str, body: &str) -> Fixture {
    let f = Fixture::new(&format!("{BASIC_CONFIG}{config_extra}"));
    f.file(
        "templates/index.html",
        &format!(
            "<!doctype html><html><head><title>t</title>{head}</head><body>{body}</body></html>"
        ),
    );
    f
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn analytics_script_from_another_host_is_an_error_naming_it() {
    let script = r#"<script src="https://hm.baidu.com/hm.js?abc"></script>"#;
    // A plain Zola site builds as under Zola, and is told.
    let plain = site("", script, "");
    let out = plain.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning") && stderr(&out).contains("hm.baidu.com"));
    // An association's site (the outreach layer on) refuses it.
    let f = site("[extra.yiyong]\n", script, "");
    let err = f.build_err();
    assert!(err.contains("https://hm.baidu.com/hm.js?abc"), "{err}");
    assert!(err.contains("index.html"), "{err}");
    assert!(
        err.contains("templates/index.html"),
        "names the template: {err}"
    );
    assert!(err.contains("static/"), "says to host it in static/: {err}");
    let out = f.run(&["check"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("hm.baidu.com"), "{}", stderr(&out));
}

#[test]
fn hotlinked_image_is_a_warning_and_outbound_links_are_fine() {
    let f = site(
        "",
        "",
        r#"<img src="https://other.example/x.jpg"><a href="https://other.example/">out</a>"#,
    );
    let out = f.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(
        e.contains("warning") && e.contains("https://other.example/x.jpg"),
        "{e}"
    );
    assert!(
        !e.contains("`https://other.example/`"),
        "the outbound link is no request: {e}"
    );
}

#[test]
fn protocol_relative_url_in_static_css_is_found() {
    let f = site(
        "[extra.yiyong]\n",
        r#"<link rel="stylesheet" href="/site.css">"#,
        "",
    );
    f.file(
        "static/site.css",
        "body { background: url( '//cdn.other/x.png' ) }\n",
    );
    let out = f.run(&["build"]);
    let e = stderr(&out);
    assert!(out.status.success(), "{e}");
    assert!(
        e.contains("warning: site.css loads the image `//cdn.other/x.png`"),
        "{e}"
    );
    f.file(
        "static/site.css",
        "@import \"https://fonts.other/f.css\";\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("https://fonts.other/f.css"),
        "the @import is a stylesheet: {err}"
    );
}

#[test]
fn allowed_and_same_host_urls_are_fine() {
    let f = site(
        "[extra.yiyong.hosts]\nallow = [\"cdn.example.gov.cn\"]\n",
        r#"<script src="https://cdn.example.gov.cn/a.js"></script><link rel="stylesheet" href="https://example.org/s.css"><style>p{background:url(https://example.org/s.css)}</style>"#,
        r#"<img src="//example.org/s.css">"#,
    );
    f.file("static/s.css", "p{}");
    let out = f.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[test]
fn the_level_can_be_lowered() {
    let f = site(
        "[extra.yiyong.hosts]\nscripts = \"warn\"\n",
        r#"<script src="https://hm.baidu.com/hm.js"></script>"#,
        "",
    );
    let out = f.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("warning") && stderr(&out).contains("hm.baidu.com"));
    f.file(
        "config.toml",
        &format!("{BASIC_CONFIG}[extra.yiyong.hosts]\nscripts = \"eror\"\n"),
    );
    let err = f.build_err();
    assert!(err.contains("config.toml") && err.contains("eror"), "{err}");
}

#[test]
fn check_reports_links_to_missing_outputs() {
    let f = site(
        "",
        "",
        r#"<a href="/nope/">n</a><a href="/atom.xml">feed</a><a href="/a/">ok</a><a href="https://example.org/a/#x">ok</a><img src="a/%E5%9B%BE.png" srcset="/a/图.png 1x, /missing.png 2x"><a href="mailto:a@b.c">m</a><a href="https:&#x2F;&#x2F;example.org&#x2F;a&#x2F;">escaped as Tera does</a>"#,
    );
    f.file("templates/page.html", "<p>{{ page.title }}</p>");
    f.file("content/a/index.md", &page("A", "", "a"));
    f.file("content/a/图.png", "png");
    let out = f.run(&["check"]);
    let e = stderr(&out);
    assert!(!out.status.success(), "{e}");
    for broken in ["/nope/", "/atom.xml", "/missing.png"] {
        assert!(e.contains(&format!("`{broken}`")), "{broken}: {e}");
    }
    for fine in ["/a/", "图.png`", "mailto", "#x", "&#x2F;"] {
        assert!(!e.contains(fine), "{fine}: {e}");
    }
    // Links are `check`'s job, as in Zola: `build` builds without reading them.
    let out = f.run(&["build"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("/nope/"), "{}", stderr(&out));
}

/// The default theme's own links (the event's calendar file in 长辈模式, the 404 page's
/// 长辈模式 link) reach real files: `check` finds nothing on a small outreach site.
#[test]
fn the_default_theme_links_only_to_files_it_makes() {
    let f = Fixture::new(&format!(
        "theme = \"yiyong\"\n{BASIC_CONFIG}[extra.yiyong]\n"
    ));
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/yiyong");
    for file in common::files_below(&theme) {
        let rel = file.strip_prefix(&theme).unwrap();
        f.bytes(
            &format!("themes/yiyong/{}", rel.display()),
            &std::fs::read(&file).unwrap(),
        );
    }
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
    f.file(
        "content/events/_index.md",
        "+++\ntitle = \"活动\"\ntemplate = \"events.html\"\npage_template = \"event.html\"\n+++\n",
    )
    .file(
        "content/events/a.md",
        "+++\ntitle = \"宣讲\"\n[extra.event]\nstart = \"2030-07-21T10:00:00\"\n+++\n",
    );
    let out = f.run(&["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("404 Not Found"), "{}", stderr(&out));
}
