//! The default theme's `video` and `video_link` shortcodes, as a visitor's browser gets them:
//! a video from the site that never plays by itself, and a link card for one on 抖音 or 视频号
//! that asks nothing of that site while the page is read.

mod common;
use common::*;

const CONFIG: &str =
    "base_url = \"https://example.org\"\ntitle = \"示例协会\"\ntheme = \"yiyong\"\n[extra.yiyong]\n";

fn site(body: &str) -> Fixture {
    let f = Fixture::new(CONFIG);
    with_default_theme(&f);
    f.file("content/news/_index.md", "+++\ntitle = \"新闻\"\n+++\n")
        .file(
            "content/news/v/index.md",
            &format!("+++\ntitle = \"宣传片发布\"\ndate = 2025-09-01\n+++\n{body}\n"),
        )
        .bytes("content/news/v/xuanchuan.mp4", b"not really a video")
        .bytes("content/news/v/xuanchuan.vtt", b"WEBVTT\n");
    f
}

#[test]
fn a_video_from_the_site_waits_for_the_visitor_and_has_captions() {
    let f = site(
        "{{ video(src=\"xuanchuan.mp4\", poster=\"xuanchuan.jpg\", captions=\"xuanchuan.vtt\", title=\"见义勇为宣传片\") }}",
    );
    f.build();
    let html = f.read("news/v/index.html");
    let video = html
        .split("<video")
        .nth(1)
        .and_then(|s| s.split("</video>").next())
        .expect("a <video> element");
    assert!(video.contains(" controls "), "{video}");
    assert!(video.contains("preload=\"metadata\""), "{video}");
    assert!(!video.contains("autoplay"), "{video}");
    assert!(video.contains("poster=\"xuanchuan.jpg\""), "{video}");
    assert!(
        video.contains("<source src=\"xuanchuan.mp4\" type=\"video/mp4\">"),
        "{video}"
    );
    assert!(
        video.contains("<track kind=\"captions\" srclang=\"zh\" label=\"中文字幕\" src=\"xuanchuan.vtt\" default>"),
        "{video}"
    );
    assert!(html.contains("<figcaption>视频：见义勇为宣传片</figcaption>"));
    // The file beside the page is published where the relative address points.
    assert!(f.public("news/v/xuanchuan.mp4").exists());
}

#[test]
fn a_video_elsewhere_is_a_link_card_with_nothing_from_that_site() {
    let cases = [
        ("https://v.douyin.com/iAbCdEf/", "到抖音观看：宣传日现场"),
        (
            "https://channels.weixin.qq.com/x",
            "到微信视频号观看：宣传日现场",
        ),
        (
            "https://www.bilibili.com/video/BV1xx",
            "到哔哩哔哩观看：宣传日现场",
        ),
        (
            "https://video.example.cn/1",
            "到video.example.cn观看：宣传日现场",
        ),
    ];
    for (url, text) in cases {
        let f = site(&format!(
            "{{{{ video_link(url=\"{url}\", title=\"宣传日现场\") }}}}"
        ));
        f.build();
        let html = f.read("news/v/index.html");
        // Tera writes `/` as `&#x2F;` in attributes; a browser reads it back as `/`.
        let html = html.replace("&#x2F;", "/");
        let main = html.split("<main").nth(1).unwrap();
        assert!(
            main.contains(&format!("<a href=\"{url}\" rel=\"noopener noreferrer\">")),
            "{main}"
        );
        assert!(main.contains(text), "{url}: {main}");
        // Nothing in the page loads from that host: no frame, script, picture or video.
        let host = url.split('/').nth(2).unwrap();
        for tag in [
            "<iframe",
            "<script src=\"https://",
            "<img",
            "<video",
            "<embed",
        ] {
            assert!(!main.contains(tag), "{url}: {tag}");
        }
        for attr in ["src=", "srcset=", "poster=", "data="] {
            assert!(
                !html.contains(&format!("{attr}\"https://{host}")),
                "{url}: {attr}"
            );
        }
    }
}

#[test]
fn a_video_on_another_site_or_a_plain_http_link_is_one_clear_error() {
    let remote = site("{{ video(src=\"https://cdn.example.com/a.mp4\") }}");
    let err = remote.build_err();
    assert!(
        err.contains("content/news/v/index.md") && err.contains("video_link"),
        "{err}"
    );
    let http = site("{{ video_link(url=\"http://v.douyin.com/x\") }}");
    let err = http.build_err();
    assert!(err.contains("https://"), "{err}");
    let none = site("{{ video() }}");
    let err = none.build_err();
    assert!(err.contains("video 简码需要 src"), "{err}");
}

#[test]
fn the_wechat_article_keeps_the_caption_and_drops_the_player() {
    let f = site("正文。\n\n{{ video(src=\"xuanchuan.mp4\", title=\"见义勇为宣传片\") }}");
    let out = f.run(&["wechat", "export", "--out", "wx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let article = std::fs::read_to_string(f.dir.path().join("wx/v.html"))
        .or_else(|_| {
            let dir = f.dir.path().join("wx");
            let name = std::fs::read_dir(&dir)
                .unwrap()
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .find(|p| {
                    p.extension().is_some_and(|x| x == "html")
                        && !p.to_string_lossy().contains(".preview.")
                })
                .unwrap();
            std::fs::read_to_string(name)
        })
        .unwrap();
    assert!(!article.contains("<video"), "{article}");
    assert!(article.contains("视频：见义勇为宣传片"), "{article}");
}
