//! Lighthouse 12 on one page of every type of the demo site, in standard and in 长辈模式 (the
//! page's `#elder` address, as a visitor without JavaScript gets it), each with a light and a dark `prefers-color-scheme`: accessibility,
//! SEO and best practices must score at least 0.95; performance is reported, not asserted.
//! The scores go to `target/lighthouse/scores.md` (and are printed). The pages are served from a
//! temporary build on 127.0.0.1; Lighthouse runs through its Node API in one Debian Chromium
//! (tests/a11y/lighthouse.mjs). CI installs the pinned npm packages (`npm ci` in tests/a11y) and
//! Chromium; elsewhere the test says it was skipped unless CI is set.

mod common;
use common::{a11y_dir, build_demo};

use std::path::Path;

/// One page of each type: (type, path, whether to check it in 长辈模式 too).
const PAGE_TYPES: &[(&str, &str, bool)] = &[
    ("home", "", true),
    ("hero list", "heroes/", true),
    ("hero page", "heroes/zhou-hang/", true),
    ("memorial hero page", "heroes/he-ping/", true),
    ("place list", "places/", true),
    ("place page", "places/zijingshan-park/", true),
    ("event list", "events/", true),
    ("event page", "events/hebi-gala/", true),
    ("news list", "news/", true),
    ("news page", "news/national-conference/", true),
    ("taxonomy list", "districts/", true),
    ("taxonomy term", "districts/zheng-zhou-shi/", true),
    ("stats page", "stats/", true),
    ("plain page", "about/", true),
    ("team list", "teams/", false),
    ("team page", "teams/donghu-water-rescue/", true),
    ("service list", "services/", false),
    ("service page", "services/award-standards/", true),
    ("search page", "search/?q=%E8%90%BD%E6%B0%B4", false),
    ("yearly report", "reports/2024/", false),
    // The file itself: a missing path gets the same page with status 404, which Lighthouse's
    // SEO category counts against it by design.
    ("404 page", "404.html", false),
];

#[test]
fn every_page_type_scores_at_least_095_in_lighthouse() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(dir) = a11y_dir("lighthouse") else {
        return;
    };
    let (_out, port) = build_demo();
    let mut specs = vec![];
    for (kind, path, elder) in PAGE_TYPES {
        specs.push(format!("{kind}|standard|http://127.0.0.1:{port}/{path}"));
        if *elder {
            specs.push(format!(
                "{kind}|长辈模式|http://127.0.0.1:{port}/{path}#elder"
            ));
        }
    }
    let report_dir = manifest.join("target/lighthouse");
    std::fs::create_dir_all(&report_dir).unwrap();
    let scores = report_dir.join("scores.md");
    let run = std::process::Command::new("node")
        .arg(dir.join("lighthouse.mjs"))
        .arg(&scores)
        .args(&specs)
        .output()
        .expect("node");
    let report = String::from_utf8_lossy(&run.stdout);
    println!("{report}");
    assert!(
        run.status.success(),
        "Lighthouse scores below 0.95:\n{report}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        report.contains(&format!("{} Lighthouse runs, 0 below", specs.len() * 2)),
        "{report}"
    );
}
