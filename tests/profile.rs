//! `build --profile` and `check --profile`: the report names the stages, counts each
//! template's renders, lists the slowest outputs and the template functions called.

mod common;
use common::*;

fn site() -> Fixture {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n");
    f.file("content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n");
    for i in 1..=3 {
        f.file(
            &format!("content/blog/p{i}.md"),
            &format!("+++\ntitle = \"P{i}\"\n+++\n正文 {i}\n"),
        );
    }
    // The section template calls a template function once per render.
    f.file(
        "templates/section.html",
        "SECTION {% set p = get_page(path=\"blog/p1.md\") %}{{ p.title }}",
    );
    f
}

/// The row of `name` in the report's table starting at `heading`: its columns.
fn row<'a>(report: &'a str, heading: &str, name: &str) -> Vec<&'a str> {
    let table = &report[report
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading}:\n{report}"))..];
    table
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|cols| cols.first() == Some(&name))
        .unwrap_or_else(|| panic!("no row {name} under {heading}:\n{report}"))
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn build_profile_reports_stages_templates_outputs_and_functions() {
    let f = site();
    // Counted once: a debug build otherwise renders each page twice (by `fast_render` and,
    // to compare, by Tera), and the functions' calls would count both.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .args(["build", "--profile"])
        .current_dir(f.root())
        .env("YIYONG_LANG", "en")
        .env("YIYONG_RENDER_CHECK", "0")
        .output()
        .expect("run yiyong");
    let report = stdout(&out);
    assert!(report.contains("Profile (--profile)"), "{report}");
    assert!(report.contains("CPU-ish"), "{report}");
    for stage in ["load", "resolve", "markdown", "images", "commit"] {
        row(&report, "Stages", stage);
    }
    assert!(report.contains("templates + write"), "{report}");
    // One render per page, per section and for the index.
    assert_eq!(row(&report, "Templates:", "page.html")[1], "3");
    assert_eq!(row(&report, "Templates:", "section.html")[1], "1");
    assert_eq!(row(&report, "Templates:", "index.html")[1], "1");
    // The slowest outputs name the file written and its template.
    let slowest = &report[report.find("Slowest outputs").expect("slowest list")..];
    let listed: Vec<&str> = slowest
        .lines()
        .skip(2)
        .take_while(|l| l.contains(" ms "))
        .collect();
    // Every render of this small site: 3 pages, 2 sections, 404.html and robots.txt.
    assert_eq!(listed.len(), 7, "{report}");
    assert!(
        slowest.contains("/blog/p2/ (blog/p2.md)") && slowest.contains("page.html"),
        "{report}"
    );
    assert_eq!(row(&report, "Template functions", "get_page")[1], "1");
    // 3 pages and 2 sections are HTML pages written after rendering (404.html is a plain file).
    assert!(report.contains("Writing 5 HTML pages"), "{report}");
    // The site itself is built as usual.
    assert!(f.root().join("public/blog/p3/index.html").exists());
}

#[test]
fn check_profile_reports_too() {
    let report = stdout(&site().run(&["check", "--profile"]));
    assert_eq!(row(&report, "Templates:", "page.html")[1], "3");
}

#[test]
fn no_profile_without_the_flag() {
    let f = site();
    let out = f.run(&["build"]);
    let all = format!("{}{}", stdout(&out), String::from_utf8_lossy(&out.stderr));
    assert!(
        !all.contains("Profile") && !all.contains("page.html"),
        "{all}"
    );
    let out = f.run(&["check"]);
    assert!(!stdout(&out).contains("Profile"));
}
