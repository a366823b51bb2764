//! `yiyong wechat export`: the demo site's news and a page using every kind of content, checked
//! against the static rules of `wechat.md` §4 by parsing the output (`wechat/rules.rs`); the
//! same bytes on a second run; footnote numbers; anonymity; privacy; each limit; hostile page
//! arguments and output folders; and the build's preview pages only on request.

mod common;
#[path = "wechat/rules.rs"]
mod rules;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

fn export(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .arg("--root")
        .arg(root)
        .args(["wechat", "export"])
        .args(args)
        .output()
        .unwrap()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "export failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    assert!(
        !o.status.success(),
        "export should fail: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The articles (not the previews) in an export folder, by file name.
fn articles(out: &Path) -> Vec<(String, String)> {
    let mut v: Vec<_> = files_below(out)
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with(".preview.html"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

fn assert_rules(out: &Path) {
    let mut broken = vec![];
    for (name, html) in articles(out) {
        if let Err(e) = rules::check(&html) {
            broken.push(format!("{name}: {e:?}"));
        }
    }
    assert!(broken.is_empty(), "rules broken:\n{}", broken.join("\n"));
}

const CONFIG: &str = "base_url = \"https://example.org\"\ntitle = \"测试站\"\n\
[markdown]\nbottom_footnotes = true\n[extra.yiyong]\n[extra.yiyong.privacy]\n\
anonymous_names = \"mask\"\nallow = [\"0595-12345678\"]\n";

const HERO: &str =
    "+++\ntitle = \"欧阳振华勇救落水儿童\"\ndate = 2024-05-01\nslug = \"ni-ming-2024\"\n\
[extra.hero]\nname = \"欧阳振华\"\nanonymous = true\n+++\n欧阳振华跳入河中。\n";

const RICH: &str = include_str!("wechat/rich.md");

/// A site with the outreach layer, an anonymous hero and a news page using every feature.
fn site() -> Fixture {
    let f = Fixture::with_templates(CONFIG);
    f.file(
        "templates/shortcodes/note.html",
        "<div class=\"note\" id=\"n1\" style=\"position:absolute;color:#000;padding:4px\">{{ body | markdown | safe }}</div>",
    )
    .file("content/news/_index.md", "+++\ntitle = \"新闻\"\n+++\n")
    .file("content/heroes/_index.md", "+++\ntitle = \"英雄\"\n+++\n")
    .file("content/heroes/anon.md", HERO)
    .file("content/about.md", "+++\ntitle = \"关于\"\n+++\n关于。\n")
    .file("content/news/rich.md", RICH)
    .bytes("static/img/p.jpg", &photos::jpeg(8, 8));
    f
}

#[test]
fn demo_news_satisfy_every_rule() {
    let demo = demo_copy();
    let out = demo.path().join("wx");
    let started = std::time::Instant::now();
    ok(&export(demo.path(), &["--out", out.to_str().unwrap()]));
    eprintln!("demo export took {} ms", started.elapsed().as_millis());
    let news = std::fs::read_dir(demo.path().join("content/news"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != "_index.md")
        .count();
    let found = articles(&out);
    assert_eq!(found.len(), news, "one article per news page");
    assert_rules(&out);
    for (name, html) in &found {
        let preview =
            std::fs::read_to_string(out.join(name.replace(".html", ".preview.html"))).unwrap();
        assert!(
            preview.contains("<meta name=\"robots\" content=\"noindex"),
            "{name}"
        );
        assert!(
            preview.contains("复制到公众号") && !preview.contains("src=\"http"),
            "{name}"
        );
        let body = html
            .split("<body>\n")
            .nth(1)
            .unwrap()
            .split("\n</body>")
            .next()
            .unwrap();
        assert!(
            preview.contains(body),
            "{name}: the preview shows the article as exported"
        );
    }
}

#[test]
fn rich_page_satisfies_every_rule_with_its_structure() {
    let f = site();
    let out = f.root().join("wx");
    ok(&export(f.root(), &["--out", out.to_str().unwrap()]));
    assert_rules(&out);
    let html = std::fs::read_to_string(out.join("rich.html")).unwrap();
    // Lists: written markers, three levels, ordered numbers, task boxes.
    for m in [
        "• 一级",
        "◦ 二级",
        "▪ 三级",
        "▪ 四级",
        "1.\u{a0}第一",
        "(2)\u{a0}乙",
        "☑",
        "☐",
    ] {
        assert!(html.contains(&m.replace(' ', "\u{a0}")), "{m} missing");
    }
    // Code keeps its lines and indentation; the shortcode is rendered; raw HTML is cleaned.
    assert!(html.contains("fn\u{a0}main()\u{a0}{<br>\u{a0}\u{a0}\u{a0}\u{a0}let\u{a0}\u{a0}x"));
    assert!(
        html.contains("<br>\u{a0}\u{a0}\u{a0}\u{a0}tab();<br>}"),
        "a tab is four spaces"
    );
    assert!(html.contains("注意") && !html.contains("alert(1)") && html.contains("原始 HTML字"));
    // `@/` and site-relative links become absolute references; WeChat links stay links.
    assert!(html.contains("[1] 事迹：https://example.org/heroes/ni-ming-2024/"));
    assert!(html.contains("https://example.org/about/"));
    assert!(html.contains("<a href=\"https://mp.weixin.qq.com/s/abc\""));
    assert!(html.contains("src=\"https://example.org/img/p.jpg\""));
    // The anonymous hero is 欧阳某 here too.
    assert!(html.contains("欧阳某") && !html.contains("振华"));
}

#[test]
fn reexport_is_byte_identical() {
    let f = site();
    let (a, b) = (f.root().join("a"), f.root().join("b"));
    ok(&export(f.root(), &["--out", a.to_str().unwrap()]));
    ok(&export(f.root(), &["--out", b.to_str().unwrap()]));
    let names: Vec<_> = std::fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2);
    for n in names {
        assert_eq!(
            std::fs::read(a.join(&n)).unwrap(),
            std::fs::read(b.join(&n)).unwrap()
        );
    }
    let again = ok(&export(f.root(), &["--out", a.to_str().unwrap()]));
    assert!(again.contains("0 个文件有变化"), "{again}");
}

#[test]
fn footnotes_number_each_url_once_in_first_use_order() {
    let f = site();
    f.file(
        "content/news/links.md",
        &page(
            "链接",
            "date = 2024-01-01",
            "[乙](https://b.example/) [甲](https://a.example/) [乙again](https://b.example/) \
             [丙](https://c.example/) [乙](https://b.example/)\n",
        ),
    );
    let out = f.root().join("wx");
    ok(&export(
        f.root(),
        &["--out", out.to_str().unwrap(), "news/links.md"],
    ));
    let html = std::fs::read_to_string(out.join("links.html")).unwrap();
    let markers: Vec<&str> = html
        .match_indices("]</sup>")
        .map(|(i, _)| &html[i - 1..i])
        .collect();
    assert_eq!(markers, ["1", "2", "1", "3", "1"]);
    let rows: Vec<&str> = html
        .split("[")
        .skip(1)
        .filter(|r| r.contains("://"))
        .collect();
    assert!(rows[0].starts_with("1] 乙：https://b.example/"), "{rows:?}");
    assert!(rows[1].starts_with("2] 甲：https://a.example/"), "{rows:?}");
    assert!(rows[2].starts_with("3] 丙：https://c.example/"), "{rows:?}");
    assert_eq!(articles(&out).len(), 1, "only the page asked for");
    assert_rules(&out);
}

#[test]
fn personal_numbers_are_refused_with_file_and_line() {
    let f = site();
    let opt_out = "date = 2024-01-01\n[extra.privacy]\nallow = [\"13912345678\", \"11010519491231002X\"]\nreason = \"家属同意\"";
    f.file(
        "content/news/phone.md",
        &page(
            "求助",
            opt_out,
            "\n联系 13912345678。\n身份证 11010519491231002X。\n协会电话 0595-12345678。\n",
        ),
    );
    let out = f.root().join("wx");
    let e = err(&export(f.root(), &["--out", out.to_str().unwrap()]));
    assert!(
        e.contains("phone.md:9: 文章含有手机号码 139****5678"),
        "{e}"
    );
    assert!(e.contains("phone.md:10: 文章含有身份证号码"), "{e}");
    assert!(!e.contains("13912345678") && !e.contains("0595"), "{e}");
    assert!(!out.exists(), "nothing written");
    // The page's own opt-out counts for WeChat only when asked.
    ok(&export(
        f.root(),
        &["--out", out.to_str().unwrap(), "--allow-private"],
    ));
}

#[test]
fn each_limit_breach_is_one_error_and_nothing_is_written() {
    let f = site();
    let d = "date = 2024-01-01";
    let title33 = "题".repeat(33);
    f.file("content/news/t.md", &page(&title33, d, "正文。"))
        .file(
            "content/news/a.md",
            &page(
                "作者",
                &format!("{d}\n[extra.news]\nauthor = \"{}\"", "名".repeat(17)),
                "正文。",
            ),
        )
        .file(
            "content/news/d.md",
            &page(
                "摘要",
                &format!("{d}\ndescription = \"{}\"", "摘".repeat(129)),
                "正文。",
            ),
        )
        .file("content/news/c.md", &page("长文", d, &"字".repeat(20_001)))
        .file(
            "content/news/h.md",
            &page("大", d, &"<span></span>".repeat(80_000)),
        )
        .file("content/news/w.md", &page("图一", d, "![图](/img/x.webp)"))
        .file("content/news/g.md", &page("图二", d, "![图](/img/big.jpg)"))
        .file(
            "content/news/r.md",
            &page("图三", d, "![图](/img/riff.png)"),
        );
    let mut big = vec![0xFF, 0xD8, 0xFF];
    big.resize(10 * 1024 * 1024 + 1, 0);
    f.bytes("static/img/big.jpg", &big)
        .bytes("static/img/x.webp", b"RIFF0000WEBP")
        .bytes("static/img/riff.png", b"RIFF0000WEBP")
        .file(
            "content/news/b/index.md",
            &page("图四", d, "![图](fake.jpg)"),
        )
        .bytes("content/news/b/fake.jpg", b"RIFF0000WEBP");
    let out = f.root().join("wx");
    let e = err(&export(f.root(), &["--out", out.to_str().unwrap()]));
    let expect = [
        "t.md: 标题超过微信上限：最多 32 字，实际 33 字",
        "a.md: 作者超过微信上限：最多 16 字，实际 17 字",
        "d.md: 摘要超过微信上限：最多 128 字，实际 129 字",
        "c.md: 正文超过微信上限：最多 20000 字，实际 20",
        "h.md: 正文 HTML 超过微信上限：须小于 1000000 字节（1 MB），实际 1",
        "w.md: 图片类型不受微信支持：https://example.org/img/x.webp",
        "g.md: 图片 ",
        "r.md: 图片 ",
        // A picture beside the page (a bundle) is found there, by its absolute address.
        "b/index.md: 图片 ",
    ];
    for x in expect {
        assert!(e.contains(x), "missing {x:?} in\n{e}");
    }
    assert!(e.contains("超过微信上限：最多 10 MB，实际 10.0 MB"), "{e}");
    assert!(e.contains("实际格式是 WebP"), "{e}");
    assert!(e.contains("news/b/fake.jpg 的实际格式是 WebP"), "{e}");
    assert!(e.contains("9 errors found."), "{e}");
    assert!(!out.exists(), "nothing written");
}

#[test]
fn hostile_page_arguments_are_refused() {
    let f = site();
    std::os::unix::fs::symlink("/etc/passwd", f.root().join("content/news/link.md")).unwrap();
    let out = f.root().join("wx");
    let o = export(
        f.root(),
        &[
            "--out",
            out.to_str().unwrap(),
            "../config.toml",
            "/etc/passwd",
            "news/link.md",
            "heroes/anon.md",
            "news/none.md",
        ],
    );
    let e = err(&o);
    assert!(e.contains("../config.toml：路径不能含有"), "{e}");
    assert!(e.contains("/etc/passwd：请写相对于 content/ 的路径"), "{e}");
    assert!(e.contains("news/link.md：这是一个符号链接"), "{e}");
    assert!(e.contains("heroes/anon.md：不是新闻页面"), "{e}");
    assert!(e.contains("news/none.md：找不到这个页面"), "{e}");
    assert!(!out.exists());
}

#[test]
fn out_folder_is_never_escaped_or_clobbered() {
    let f = site();
    let root = f.root();
    for bad in ["content", "static/wx", "public", "."] {
        let e = err(&export(root, &["--out", root.join(bad).to_str().unwrap()]));
        assert!(e.contains("不能导出到"), "{bad}: {e}");
    }
    // A symlinked folder is not written through.
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), root.join("linked")).unwrap();
    assert!(err(&export(
        root,
        &["--out", root.join("linked").to_str().unwrap()]
    ))
    .contains("符号链接"));
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    // A file of the user's with an article's name is not replaced, nor one behind a symlink.
    let out = root.join("wx");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("rich.html"), "mine").unwrap();
    std::fs::write(out.join("notes.txt"), "keep").unwrap();
    std::fs::write(elsewhere.path().join("t.html"), "theirs").unwrap();
    std::os::unix::fs::symlink(
        elsewhere.path().join("t.html"),
        out.join("rich.preview.html"),
    )
    .unwrap();
    let e = err(&export(root, &["--out", out.to_str().unwrap()]));
    assert!(
        e.contains("rich.html 已存在，且不是 yiyong 导出的文件")
            && e.contains("rich.preview.html 是符号链接"),
        "{e}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("rich.html")).unwrap(),
        "mine"
    );
    assert_eq!(
        std::fs::read_to_string(elsewhere.path().join("t.html")).unwrap(),
        "theirs"
    );
    // Once they are moved away the export writes its two files and leaves the rest alone.
    std::fs::remove_file(out.join("rich.html")).unwrap();
    std::fs::remove_file(out.join("rich.preview.html")).unwrap();
    ok(&export(root, &["--out", out.to_str().unwrap()]));
    let mut names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["notes.txt", "rich.html", "rich.preview.html"]);
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "keep"
    );
}

#[test]
fn build_writes_previews_only_when_asked() {
    let f = site();
    f.build();
    assert!(!f.exists("wechat"), "no unlinked pages by surprise");
    f.file(
        "config.toml",
        &format!("{CONFIG}[extra.yiyong.wechat]\npreview = true\n"),
    );
    f.build();
    let p = f.read("wechat/rich.html");
    assert!(p.contains("noindex") && p.contains("复制到公众号") && p.contains("欧阳某"));
    assert!(!f.read("sitemap.xml").contains("wechat"));
}

/// The checker itself finds each rule's breach (so that a passing export means something).
#[test]
fn rule_checker_catches_each_breach() {
    let bad = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><link rel=x><title></title>\
        <meta name=\"author\" content=\"一二三四五六七八九十一二三四五六七\"></head><body>\
        <div class=\"c\" id=\"i\" onclick=\"x()\" width=\"3\" style=\"position:absolute;color:#000;\
        font-size:2rem;background:url(https://x.org/a.png);display:grid;--v:1;margin:var(--v)\">\
        <h1>t</h1><ul><li>x</li></ul><script></script><a href=\"https://x.org/\">x</a>\
        <img src=\"http://x.org/a.webp\" srcset=\"a 1x\"><pre style=\"\">a\n  b</pre>\
        <section><table></table></section><svg><defs></defs></svg>\
        <p>甲<sup>[2]</sup>乙<sup>[1]</sup></p><p>参考资料</p><p>[1] https://a.org/</p>\
        <p>[2] https://a.org/</p><p>13912345678</p></div></body></html>";
    let errors = rules::check(bad).unwrap_err().join("\n");
    for w in [
        "W01", "W02", "W03", "W04", "W05", "W06", "W07", "W08", "W09", "W10", "W11", "W12", "W13",
        "W14", "W15", "W16", "W17", "W19", "W20", "W21",
    ] {
        assert!(errors.contains(w), "{w} not caught:\n{errors}");
    }
    assert!(errors.contains("one URL under two numbers"), "{errors}");
}

/// The preview pages' 「复制到公众号」 button in headless Chromium (tests/a11y/wechat_copy.mjs):
/// the clipboard gets the article as rich HTML with its inline styles and as plain text, the
/// older-browser fallback copies the selection, a refused clipboard says what to do instead,
/// and axe finds nothing. On a page using every kind of content and on two demo news items.
#[test]
fn copy_button_puts_the_article_on_the_clipboard() {
    let Some(dir) = a11y_dir("playwright-core") else {
        return;
    };
    let f = site();
    let rich = f.root().join("wx");
    ok(&export(f.root(), &["--out", rich.to_str().unwrap()]));
    let demo = demo_copy();
    let news = demo.path().join("wx");
    ok(&export(demo.path(), &["--out", news.to_str().unwrap()]));
    let (rich_port, news_port) = (serve(rich), serve(news));
    let run = Command::new("node")
        .arg(dir.join("wechat_copy.mjs"))
        .arg(format!("http://127.0.0.1:{rich_port}/rich.preview.html"))
        .arg(format!(
            "http://127.0.0.1:{news_port}/liaoning-4485.preview.html"
        ))
        .arg(format!(
            "http://127.0.0.1:{news_port}/zhengzhou-summary.preview.html"
        ))
        .output()
        .expect("node");
    let report = String::from_utf8_lossy(&run.stdout);
    eprintln!("{report}{}", String::from_utf8_lossy(&run.stderr));
    let summary = report
        .lines()
        .find(|l| l.starts_with("wechat copy: "))
        .unwrap_or_else(|| panic!("no summary line:\n{report}"));
    assert!(
        run.status.success() && summary.ends_with(" 0 problems"),
        "{report}"
    );
    assert!(summary.starts_with("wechat copy: 36 checks"), "{summary}");
}

/// The article looks staff choose in `[extra.yiyong.wechat]`: 素雅 (grey, for memorial posts)
/// and 政务蓝 keep every §4 rule and carry no trace of the default red; `accent` overrides the
/// accent; a theme name that does not exist, a colour too light to read on white, pure black
/// and a malformed colour are each one error naming config.toml and what to write.
#[test]
fn article_looks_follow_the_config() {
    const RED: &str = "#a8071a";
    for (table, accent) in [
        ("theme = \"素雅\"", "#434343"),
        ("theme = \"blue\"", "#0050b3"),
        ("theme = \"政务蓝\"\naccent = \"#7A0C1E\"", "#7a0c1e"),
    ] {
        let f = site();
        f.file(
            "config.toml",
            &format!("{CONFIG}[extra.yiyong.wechat]\n{table}\n"),
        );
        let out = f.root().join("wx");
        ok(&export(f.root(), &["--out", out.to_str().unwrap()]));
        assert_rules(&out);
        let html = std::fs::read_to_string(out.join("rich.html")).unwrap();
        let h2 = html.split("<h2 style=\"").nth(1).unwrap();
        assert!(
            h2.split('"')
                .next()
                .unwrap()
                .contains(&format!("color:{accent}")),
            "{table}: {h2:.200}"
        );
        assert!(
            html.contains(&format!("color:{accent}\">[1]"))
                || html.contains(&format!("color:{accent}\"")),
            "{table}: footnote markers take the accent"
        );
        if accent != RED {
            assert!(!html.contains(RED), "{table}: the default red is gone");
        }
    }
    for (table, says) in [
        (
            "theme = \"彩虹\"",
            "可选：\"默认\"（default）、\"素雅\"（solemn）、\"政务蓝\"（blue）",
        ),
        ("accent = \"#ffcc00\"", "对比度 1.5:1"),
        ("accent = \"#000000\"", "纯黑色"),
        ("accent = \"red\"", "六位颜色值"),
    ] {
        let f = site();
        f.file(
            "config.toml",
            &format!("{CONFIG}[extra.yiyong.wechat]\n{table}\n"),
        );
        let out = f.root().join("wx");
        let e = err(&export(f.root(), &["--out", out.to_str().unwrap()]));
        assert!(
            e.contains("config.toml") && e.contains("[extra.yiyong.wechat]") && e.contains(says),
            "{table}: {e}"
        );
        assert!(!out.exists(), "{table}: nothing is written");
    }
}
