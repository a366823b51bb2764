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
        stdout.contains("1 external links (not fetched)") && stdout.contains("https://www.gov.cn/"),
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
