//! `yiyong check`, `yiyong init`, and build options.

mod common;
use common::*;

#[test]
fn check_writes_nothing_and_lists_external_links() {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file(
        "content/a.md",
        &page("甲", "", "[政府](https://www.gov.cn/) [乙](@/b.md#you)"),
    )
    .file("content/b.md", &page("乙", "", "## 有 {#you}\n"));
    let out = f.run(&["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("1 external links (not fetched") && stdout.contains("https://www.gov.cn/"),
        "{stdout}"
    );
    assert!(!f.root().join("public").exists(), "check writes nothing");
    f.file("content/b.md", &page("乙", "", "## 改了\n"));
    let out = f.run(&["check"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("broken anchor: `@/b.md#you`"));
}

#[test]
fn init_creates_a_buildable_site_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("新站");
    let bin = env!("CARGO_BIN_EXE_yiyong");
    let out = std::process::Command::new(bin)
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = std::process::Command::new(bin)
        .args(["build"])
        .current_dir(&site)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read_to_string(site.join("public/index.html"))
        .unwrap()
        .contains("示例市见义勇为协会"));
    let again = std::process::Command::new(bin)
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
}

#[test]
fn base_url_override_and_root_option() {
    let f = Fixture::new(BASIC_CONFIG);
    f.file(
        "templates/index.html",
        "{{ config.base_url | safe }} {{ get_url(path='@/a.md') | safe }}",
    )
    .file("content/a.md", &page("甲", "", ""));
    let other = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .args([
            "--root",
            f.root().to_str().unwrap(),
            "build",
            "--base-url",
            "http://127.0.0.1:8000",
        ])
        .current_dir(other.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        f.read("index.html"),
        "http://127.0.0.1:8000 http://127.0.0.1:8000/a/"
    );
}

/// A tiny HTTP server on loopback for a fixed number of requests: `/ok` (with an
/// `id="here"`), anything else 404. Each distinct page must be fetched only once.
fn serve(requests: usize) -> (u16, std::thread::JoinHandle<()>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut buf = [0u8; 2048];
            let n = stream.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]);
            let (status, body) = if req.starts_with("GET /ok ") {
                ("200 OK", "<h2 id=\"here\">x</h2>")
            } else {
                ("404 Not Found", "no")
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (port, handle)
}

#[test]
fn check_external_fetches_links_when_asked() {
    let (port, server) = serve(2);
    let f = Fixture::with_templates(&format!(
        "{BASIC_CONFIG}[link_checker]\nskip_prefixes = [\"http://skipped.invalid/\"]\n"
    ));
    f.file(
        "content/a.md",
        &page(
            "甲",
            "",
            &format!("[好](http://127.0.0.1:{port}/ok) [锚](http://127.0.0.1:{port}/ok#here) [坏锚](http://127.0.0.1:{port}/ok#gone) [坏](http://127.0.0.1:{port}/missing) [跳过](http://skipped.invalid/x)"),
        ),
    );
    let out = f.run(&["check", "--external"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "failures make check fail");
    assert!(
        stderr.contains(&format!(
            "external link http://127.0.0.1:{port}/missing failed: HTTP 404"
        )),
        "{stderr}"
    );
    assert!(stderr.contains("anchor `#gone` not found"), "{stderr}");
    assert!(
        !stderr.contains("/ok failed")
            && !stderr.contains("#here")
            && !stderr.contains("skipped.invalid"),
        "{stderr}"
    );
    assert!(stderr.contains("content/a.md"), "{stderr}");
    drop(server); // a third request would have been refused and shown as a failure above
}

#[test]
fn new_writes_typed_drafts_with_pinyin_names_and_never_overwrites() {
    let f = Fixture::with_templates("base_url = \"https://example.org\"\n[extra.yiyong]\n");
    for (kind, title) in [
        ("hero", "李某某勇救落水儿童"),
        ("place", "紫荆山主题公园"),
        ("event", "宣传日活动"),
        ("news", "年会召开"),
    ] {
        let out = f.run(&["new", kind, title]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    use chrono::TimeZone;
    let today = chrono_tz::Asia::Shanghai
        .from_utc_datetime(&chrono::Utc::now().naive_utc())
        .format("%Y-%m-%d")
        .to_string();
    let hero = std::fs::read_to_string(
        f.root()
            .join("content/heroes/li-mou-mou-yong-jiu-luo-shui-er-tong.md"),
    )
    .unwrap();
    assert!(
        hero.contains("[extra.hero]")
            && hero.contains("draft = true")
            && hero.contains(&format!("date = {today}"))
    );
    let news: Vec<_> = std::fs::read_dir(f.root().join("content/news"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        news[0].starts_with(&today) && news[0].ends_with("-nian-hui-zhao-kai.md"),
        "{news:?}"
    );
    assert!(f
        .root()
        .join("content/places/zi-jing-shan-zhu-ti-gong-yuan.md")
        .exists());
    // Drafts are not published, so the new files do not break the build.
    f.build();
    let again = f.run(&["new", "hero", "李某某勇救落水儿童"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    // Filled in and undrafted, the hero validates and is published.
    let filled = hero
        .replace("draft = true", "")
        .replace("name = \"\"", "name = \"李某某\"")
        .replace("deed_place = \"\"\n", "")
        .replace("district = \"\"\n", "")
        .replace("summary = \"\"", "summary = \"勇救落水儿童\"");
    std::fs::write(
        f.root()
            .join("content/heroes/li-mou-mou-yong-jiu-luo-shui-er-tong.md"),
        filled,
    )
    .unwrap();
    f.build();
    assert!(f.exists("heroes/li-mou-mou-yong-jiu-luo-shui-er-tong/index.html"));
}
