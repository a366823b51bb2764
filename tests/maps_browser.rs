//! The maps in a real browser (headless Chromium driven by playwright-core from tests/a11y):
//! 「离我最近」 (crates/yiyong-maps/assets/nearest.js, checked by tests/a11y/nearest.mjs) and the
//! labels of every map as Chromium really draws them (tests/a11y/map_geometry.mjs). CI installs
//! the pinned npm packages (`npm ci` in tests/a11y) and Chromium; elsewhere the tests say they
//! were skipped unless CI is set.

mod common;
use common::{a11y_dir, build_demo};

/// Runs a script of tests/a11y with `args`; its standard output, and whether it succeeded.
fn node(dir: &std::path::Path, script: &str, args: &[String]) -> (bool, String) {
    let run = std::process::Command::new("node")
        .arg(dir.join(script))
        .args(args)
        .output()
        .expect("node");
    let out = String::from_utf8_lossy(&run.stdout).into_owned();
    eprintln!("{out}{}", String::from_utf8_lossy(&run.stderr));
    (run.status.success(), out)
}

#[test]
fn nearest_sorts_the_places_page_only_when_asked_and_sends_nothing() {
    let Some(dir) = a11y_dir("playwright-core") else {
        return;
    };
    let (_out, port) = build_demo();
    let (ok, report) = node(
        &dir,
        "nearest.mjs",
        &[format!("http://127.0.0.1:{port}/places/")],
    );
    assert!(ok, "「离我最近」 problems:\n{report}");
    let summary = report
        .lines()
        .find(|l| l.starts_with("nearest.js: "))
        .unwrap_or_else(|| panic!("no summary line:\n{report}"));
    assert!(summary.contains(" checks, 0 problems"), "{report}");
}

#[test]
fn map_labels_overlap_nothing_and_stay_on_their_backgrounds_in_chromium() {
    let Some(dir) = a11y_dir("playwright-core") else {
        return;
    };
    let (_out, port) = build_demo();
    let pages = [
        "places/",
        "districts/guan-cheng-hui-zu-qu/",
        // A place page: its small map of the neighbours, inline.
        "places/zijingshan-park/",
    ];
    let urls: Vec<String> = pages
        .iter()
        .map(|p| format!("http://127.0.0.1:{port}/{p}"))
        .collect();
    let (ok, report) = node(&dir, "map_geometry.mjs", &urls);
    assert!(ok, "map label problems:\n{report}");
    let summary = report
        .lines()
        .find(|l| l.starts_with("map geometry: "))
        .unwrap_or_else(|| panic!("no summary line:\n{report}"));
    assert!(summary.ends_with(" 0 problems"), "{report}");
    // Every page has at least one map, at both widths.
    let maps: usize = summary["map geometry: ".len()..]
        .split(' ')
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(maps >= pages.len() * 2, "{report}");
}
