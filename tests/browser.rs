//! The demo site in a real browser: headless Chromium (Debian `chromium`, with
//! `fonts-noto-cjk`) loads pages from a loopback HTTP server at phone and desktop widths and
//! takes screenshots; the pages carry no script at all, so they read the same with JavaScript
//! off. CI installs Chromium; elsewhere the test
//! says it was skipped unless CI is set, where a missing browser is a failure.

mod common;
use common::{build_demo, chromium};

use std::path::Path;
use std::process::Command;

fn chrome(bin: &Path, profile: &Path, extra: &[String]) -> std::process::Output {
    let mut args: Vec<String> = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.extend(extra.iter().cloned());
    Command::new(bin)
        .args(&args)
        .output()
        .expect("run chromium")
}

fn png_size(path: &Path) -> (u32, u32) {
    let b = std::fs::read(path).unwrap();
    assert_eq!(&b[1..4], b"PNG", "{} is a PNG", path.display());
    (
        u32::from_be_bytes(b[16..20].try_into().unwrap()),
        u32::from_be_bytes(b[20..24].try_into().unwrap()),
    )
}

#[test]
fn demo_pages_render_in_chromium_at_phone_and_desktop_widths() {
    let Some(bin) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install Debian's chromium for this test"
        );
        eprintln!("SKIPPED: chromium is not installed (apt-get install chromium fonts-noto-cjk)");
        return;
    };
    let (out, port) = build_demo();
    let shots = out.path().join("shots");
    std::fs::create_dir_all(&shots).unwrap();
    for (page, expect) in [
        ("", "示例市见义勇为协会"),
        ("heroes/", "英雄谱"),
        ("heroes/zhou-hang/", "周航"),
        ("places/zijingshan-park/", "紫荆山"),
    ] {
        let url = format!("http://127.0.0.1:{port}/{page}");
        let dom = chrome(
            &bin,
            &out.path().join("p0"),
            &["--dump-dom".into(), url.clone()],
        );
        let dom = String::from_utf8_lossy(&dom.stdout);
        assert!(
            dom.contains(expect),
            "{url} shows `{expect}`; got: {}",
            &dom[..dom.len().min(300)]
        );
        // The only scripts are 长辈模式's switch: a few inline lines and the button's
        // handler, from this site (reading needs none: tests/a11y/run.mjs reads every page
        // with JavaScript off).
        let sources: Vec<&str> = dom
            .split("<script src=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap_or(""))
            .collect();
        assert!(
            sources.len() <= 1
                && sources
                    .iter()
                    .all(|s| s.starts_with(&format!("http://127.0.0.1:{port}/js/elder.js"))),
            "{url} loads a script other than 长辈模式's: {sources:?}"
        );
        assert!(
            dom.matches("<script").count() <= 2 && dom.contains("yy-elder"),
            "{url} has a script other than 长辈模式's switch"
        );
        for width in [390, 1280] {
            let file = shots.join(format!(
                "{}-{width}.png",
                if page.is_empty() {
                    "home".into()
                } else {
                    page.replace('/', "_")
                }
            ));
            let run = chrome(
                &bin,
                &out.path().join(format!("p{width}")),
                &[
                    format!("--window-size={width},900"),
                    format!("--screenshot={}", file.display()),
                    url.clone(),
                ],
            );
            assert!(
                file.exists(),
                "screenshot of {url} at {width}px: {}",
                String::from_utf8_lossy(&run.stderr)
            );
            assert_eq!(png_size(&file).0, width);
        }
    }
    if let Ok(dir) = std::env::var("YIYONG_SCREENSHOTS") {
        for e in std::fs::read_dir(&shots).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), Path::new(&dir).join(e.file_name())).unwrap();
        }
    }
}
