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
    let home = std::fs::read_to_string(site.join("public/index.html")).unwrap();
    assert!(home.contains("示例市见义勇为协会"));
    // Nothing dated is published yet, so no feed is written and none is linked: `check`
    // finds no broken link on a new site.
    assert!(!site.join("public/atom.xml").exists());
    assert!(
        !home.contains("atom.xml") && !home.contains("rss.xml"),
        "{home}"
    );
    let check = std::process::Command::new(bin)
        .arg("check")
        .current_dir(&site)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    // The folder for the site's own files is there, and no placeholder in it is published.
    assert!(site.join("static").is_dir());
    let published: Vec<_> = std::fs::read_dir(site.join("public"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !published.iter().any(|n| n.starts_with('.')),
        "{published:?}"
    );
    let again = std::process::Command::new(bin)
        .arg("init")
        .arg(&site)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
    // What git would be asked to commit after a build: the sources, not the output or caches.
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(&site)
            .output()
    };
    if git(&["init", "-q"]).is_ok_and(|o| o.status.success()) {
        let status = git(&["status", "--porcelain", "--untracked-files=all"]).unwrap();
        let listed = String::from_utf8_lossy(&status.stdout);
        assert!(listed.contains("content/about.md"), "{listed}");
        for generated in ["public/", ".yiyong-cache/"] {
            assert!(
                !listed.contains(generated),
                "git would commit {generated}:\n{listed}"
            );
        }
    } else {
        let ignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
        assert!(ignore.contains("/public/") && ignore.contains("/.yiyong-cache/"));
    }
}

#[test]
fn init_keeps_a_gitignore_already_there() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".gitignore"), "mine\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .args(["init", "--force"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join(".gitignore")).unwrap(),
        "mine\n"
    );
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
    for args in [
        &["new", "hero", "李某某勇救落水儿童"][..],
        &["new", "英模", "王小明"],
        &["new", "hero", "张三", "--anonymous"],
        &["new", "place", "紫荆山主题公园"],
        &["new", "阵地", "某示范单位"],
        &["new", "event", "宣传日活动", "--date", "2027-01-05"],
        &["new", "活动", "宣讲会", "--date", "２０２７年１月６日"],
        &["new", "news", "年会召开"],
        &["new", "新闻", "表彰大会", "--date", "2026/11/3"],
    ] {
        let out = f.run(args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Every file `new` writes passes validation as it is: a preview with drafts has no error.
    let preview = f.run(&["build", "--drafts"]);
    assert!(
        preview.status.success(),
        "build --drafts after `new`:\n{}",
        String::from_utf8_lossy(&preview.stderr)
    );
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
            && hero.contains("name = \"李某某勇救落水儿童\"")
            && hero.contains(&format!("date = {today}"))
            && !hero.contains("\"\""),
        "{hero}"
    );
    let event =
        std::fs::read_to_string(f.root().join("content/events/2027-01-06-xuan-jiang-hui.md"))
            .unwrap();
    assert!(event.contains("start = 2027-01-06T09:00:00"), "{event}");
    let news: Vec<_> = std::fs::read_dir(f.root().join("content/news"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(
        news.iter()
            .any(|n| n.starts_with(&today) && n.ends_with("-nian-hui-zhao-kai.md")),
        "{news:?}"
    );
    assert!(
        news.iter().any(|n| n.starts_with("2026-11-03-")),
        "{news:?}"
    );
    assert!(f
        .root()
        .join("content/places/zi-jing-shan-zhu-ti-gong-yuan.md")
        .exists());
    // An event without its date, a date that does not exist, a kind that does not: one clear error.
    for (args, says) in [
        (&["new", "event", "无日期"][..], "an event needs its date"),
        (
            &["new", "news", "坏日期", "--date", "2027-02-30"],
            "is not a date",
        ),
        (&["new", "英模们", "某"], "unknown content type"),
    ] {
        let out = f.run(args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && err.contains(says),
            "{args:?}: {err}"
        );
    }
    // Drafts are not published, so the new files do not break the build, and the build says
    // how many it left out.
    let built = f.run(&["build"]);
    assert!(built.status.success());
    let said = String::from_utf8_lossy(&built.stdout);
    assert!(said.contains("9 draft page(s) not published"), "{said}");
    let again = f.run(&["new", "hero", "李某某勇救落水儿童"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    // Undrafted as it is, the hero validates and is published.
    std::fs::write(
        f.root()
            .join("content/heroes/li-mou-mou-yong-jiu-luo-shui-er-tong.md"),
        hero.replace("draft = true", ""),
    )
    .unwrap();
    f.build();
    assert!(f.exists("heroes/li-mou-mou-yong-jiu-luo-shui-er-tong/index.html"));
}

#[test]
fn zola_check_and_build_flags() {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file(
        "templates/page.html",
        "<html>\n  <body>\n    <p>{{ page.title }}</p>\n  </body>\n</html>\n",
    )
    .file(
        "content/a.md",
        &page("甲", "", "[政府](https://www.gov.cn/)"),
    );
    // Zola's `check --skip-external-links`: external links are neither fetched nor listed.
    let out = f.run(&["check", "--skip-external-links"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("Checked 1 pages") && !stdout.contains("gov.cn"),
        "{stdout}"
    );
    let both = f.run(&["check", "--skip-external-links", "--external"]);
    assert!(!both.status.success(), "the two contradict each other");
    // Zola's `build --minify`.
    f.build();
    assert!(f.read("a/index.html").contains("\n    <p>"));
    let out = f.run(&["build", "--minify"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = f.read("a/index.html");
    assert!(
        html.contains("<p>甲") && !html.contains("\n    <p>"),
        "{html}"
    );
}

#[test]
fn zola_init_defaults_to_here_and_force_adds_beside_other_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "已有").unwrap();
    let bin = env!("CARGO_BIN_EXE_yiyong");
    let init = |args: &[&str]| {
        std::process::Command::new(bin)
            .arg("init")
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let out = init(&[]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("add --force"));
    let out = init(&["--force"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(dir.path().join("config.toml").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("README.md")).unwrap(),
        "已有"
    );
    // Never overwriting: a second init names what is there.
    let again = init(&["--force"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already holds config.toml"));
}

#[test]
fn zola_serve_flags_are_taken() {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file("content/a.md", &page("甲", "", ""));
    // Every flag of `zola serve` parses; the watch path is checked, so the run ends there.
    let out = f.run(&[
        "serve",
        "--port",
        "0",
        "--fast",
        "--no-port-append",
        "--store-html",
        "--force",
        "--output-dir",
        "out",
        "--debounce",
        "5",
        "--extra-watch-path",
        "nosuch",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("--extra-watch-path nosuch: no such folder inside the site"),
        "{err}"
    );
    assert!(err.contains("keeps the site in memory"), "{err}");
}
