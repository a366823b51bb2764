//! The optional 天地图 layer ([extra.yiyong.maps.tianditu]) on the demo site: off, nothing names
//! 天地图 and nothing calls it; on, the key is only where the first-party script reads it, the
//! script is the one in crates/yiyong-maps/assets, and in headless Chromium
//! (tests/a11y/tianditu.mjs) the map pans, zooms, puts each marker on its point, passes axe and
//! falls back to the picture when the tiles fail.

mod common;
use common::{a11y_dir, demo_copy, files_below, serve};

use std::path::{Path, PathBuf};
use std::process::Command;

const KEY: &str = "f3c9e1d2b7a64c0e9d8b5a4f3e2d1c0b";
const SCRIPT: &str = include_str!("../crates/yiyong-maps/assets/tianditu.js");

/// Builds `site` into `out` for `base`; the tool's error text when it fails.
fn build(site: &Path, out: &Path, base: &str) -> Result<(), String> {
    let run = Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .arg("--root")
        .arg(site)
        .args(["build", "--force", "--base-url", base, "--output-dir"])
        .arg(out)
        .output()
        .unwrap();
    if run.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&run.stderr).into_owned())
    }
}

/// A copy of the demo site with the layer switched on by `table`.
fn demo_with(table: &str) -> tempfile::TempDir {
    let site = demo_copy();
    let config = site.path().join("config.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(table);
    std::fs::write(&config, text).unwrap();
    site
}

fn tianditu_on() -> tempfile::TempDir {
    demo_with(&format!(
        "\n[extra.yiyong.maps.tianditu]\ntk = \"{KEY}\"\napproval = \"GS（2024）0650号\"\n"
    ))
}

/// Every text file of the output, with its path.
fn texts(out: &Path) -> Vec<(PathBuf, String)> {
    files_below(out)
        .into_iter()
        .filter_map(|p| Some((p.clone(), String::from_utf8(std::fs::read(&p).ok()?).ok()?)))
        .collect()
}

#[test]
fn without_the_table_no_file_names_tianditu() {
    let site = demo_copy();
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), "https://example.org").unwrap();
    let texts = texts(out.path());
    assert!(
        texts.len() > 100,
        "the demo built only {} files",
        texts.len()
    );
    for (path, text) in texts {
        assert!(
            !text.contains("tianditu") && !text.contains("yy-map-live"),
            "{} mentions 天地图 though the site did not ask for it",
            path.display()
        );
    }
}

#[test]
fn with_the_table_the_key_is_only_in_data_tk_and_the_script_is_the_asset() {
    let site = tianditu_on();
    let out = tempfile::tempdir().unwrap();
    build(site.path(), out.path(), "https://example.org").unwrap();
    let script = std::fs::read_to_string(out.path().join("maps/tianditu.js")).unwrap();
    assert_eq!(script, SCRIPT, "maps/tianditu.js is not the shipped script");
    let mut live_pages = 0;
    for (path, text) in texts(out.path()) {
        let blocks = text.matches("<div class=\"yy-map-live\"").count();
        let keyed = text.matches(&format!("data-tk=\"{KEY}\"")).count();
        assert_eq!(
            text.matches(KEY).count(),
            keyed,
            "{}: the key appears outside data-tk",
            path.display()
        );
        assert_eq!(
            blocks,
            keyed,
            "{}: a live block without its key",
            path.display()
        );
        if blocks > 0 {
            live_pages += 1;
            assert!(
                text.contains("<script src=\"https://example.org/maps/tianditu.js\" defer>"),
                "{}: a live block without the script",
                path.display()
            );
            assert!(
                text.contains("data-approval=\"GS（2024）0650号\""),
                "{}: no approval number for the attribution",
                path.display()
            );
        }
    }
    let places = std::fs::read_to_string(out.path().join("places/index.html")).unwrap();
    assert!(
        places.contains("yy-map-live"),
        "the places page has no live map"
    );
    // The picture is still there for visitors without JavaScript.
    assert!(places.contains("<figure class=\"yy-map-figure\">"));
    assert!(live_pages > 10, "only {live_pages} pages have the live map");
}

#[test]
fn a_table_without_key_or_approval_is_named() {
    for table in [
        "\n[extra.yiyong.maps.tianditu]\napproval = \"GS（2024）0650号\"\n",
        &format!("\n[extra.yiyong.maps.tianditu]\ntk = \"{KEY}\"\n"),
    ] {
        let site = demo_with(table);
        let out = tempfile::tempdir().unwrap();
        let err = build(site.path(), out.path(), "https://example.org").unwrap_err();
        assert!(
            err.contains("[extra.yiyong.maps.tianditu]") && err.contains("approval"),
            "{err}"
        );
        assert!(
            !out.path().join("index.html").exists(),
            "a failed build wrote output"
        );
    }
}

#[test]
fn in_chromium_the_map_pans_zooms_places_markers_and_falls_back() {
    let Some(dir) = a11y_dir("playwright-core") else {
        return;
    };
    let site = tianditu_on();
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    let port = serve(public.clone());
    build(site.path(), &public, &format!("http://127.0.0.1:{port}")).unwrap();
    let run = Command::new("node")
        .arg(dir.join("tianditu.mjs"))
        .arg(KEY)
        .arg(format!("http://127.0.0.1:{port}/places/"))
        .arg(format!(
            "http://127.0.0.1:{port}/places/zhongyuan-theme-park/"
        ))
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&run.stdout);
    eprintln!("{report}{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "天地图 layer problems:\n{report}");
    assert!(report.contains(" checks, 0 problems"), "{report}");
}
