//! Every HTML page of the demo site is valid HTML by the Nu Html Checker (vnu.jar, pinned in
//! tests/a11y/package-lock.json, run with the system Java). CI installs both; elsewhere the
//! test says it was skipped unless CI is set.

mod common;

use std::process::Command;

#[test]
fn demo_site_is_valid_html() {
    let jar = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/a11y/node_modules/vnu-jar/build/dist/vnu.jar");
    let java = Command::new("java").arg("-version").output().is_ok();
    if !java || !jar.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install Java and run `npm ci` in tests/a11y"
        );
        eprintln!("SKIPPED: needs java and `npm ci` in tests/a11y");
        return;
    }
    let (out, _port) = common::build_demo();
    let run = Command::new("java")
        .arg("-jar")
        .arg(&jar)
        .args(["--skip-non-html", "--format", "gnu", "--errors-only"])
        .arg(out.path().join("public"))
        .output()
        .expect("java");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.status.success(), "invalid HTML:\n{report}");
    let pages = walk(&out.path().join("public"));
    assert!(pages > 50, "checked {pages} pages");
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let p = e.path();
            if p.is_dir() {
                walk(&p)
            } else {
                usize::from(p.extension().is_some_and(|x| x == "html"))
            }
        })
        .sum()
}
