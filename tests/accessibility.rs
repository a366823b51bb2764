//! Accessibility of the demo site in headless Chromium (tests/a11y/run.mjs): axe-core's WCAG
//! 2.1 A/AA rules at 360 and 1280 px and at 360 px with a dark colour scheme, no sideways scrolling on a 360 px phone, 44 px click
//! targets, no request to another host, content readable with JavaScript off, and the print
//! stylesheet. CI installs the pinned npm packages (`npm ci` in tests/a11y) and Chromium;
//! elsewhere the test says it was skipped unless CI is set.

mod common;
use common::{a11y_dir, build_demo};

#[test]
fn demo_pages_pass_axe_at_phone_and_desktop_widths() {
    let Some(dir) = a11y_dir("axe-core") else {
        return;
    };
    let (_out, port) = build_demo();
    let pages = [
        "",
        "heroes/",
        "heroes/zhou-hang/",
        "places/",
        "places/zijingshan-park/",
        "places/huian-theme-park/",
        "districts/guan-cheng-hui-zu-qu/",
        "heroes/he-ping/",
        "events/",
        "news/",
        "stats/",
        "about/",
        "teams/",
        "teams/donghu-water-rescue/",
        "reports/2024/",
        "heroes/roll/2024/",
        "news/national-conference/",
        "news-categories/tong-zhi-gong-gao/",
        "events/hebi-gala/",
        "services/",
        "services/award-standards/",
        "districts/",
        "hero-years/2024/",
        "hero-levels/sheng-ji/",
        "404.html",
        // The search page with results drawn by its script (run.mjs waits for them).
        "search/?q=%E8%90%BD%E6%B0%B4",
        // 长辈模式 as a visitor without JavaScript gets it (`html:target`); with the button
        // the same rules apply through a class (tests/a11y/elder.mjs).
        "#elder",
        "heroes/zhou-hang/#elder",
        "places/#elder",
        "search/?q=%E8%90%BD%E6%B0%B4#elder",
    ];
    let urls: Vec<String> = pages
        .iter()
        .map(|p| format!("http://127.0.0.1:{port}/{p}"))
        .collect();
    let run = std::process::Command::new("node")
        .arg(dir.join("run.mjs"))
        .args(&urls)
        .output()
        .expect("node");
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "accessibility problems:\n{report}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        report.contains(&format!(
            "{} page views checked, 0 problems",
            pages.len() * 3
        )),
        "{report}"
    );
}

#[test]
fn elder_mode_switches_at_once_is_remembered_and_works_without_javascript() {
    let Some(dir) = a11y_dir("playwright-core") else {
        return;
    };
    let (_out, port) = build_demo();
    let run = std::process::Command::new("node")
        .arg(dir.join("elder.mjs"))
        .arg(format!("http://127.0.0.1:{port}/"))
        .output()
        .expect("node");
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success() && report.contains(" checks, 0 problems"),
        "长辈模式 problems:\n{report}{}",
        String::from_utf8_lossy(&run.stderr)
    );
}
