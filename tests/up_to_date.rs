//! A build whose inputs and output are as the last build left them is skipped
//! (crates/yiyong-core/src/site/fresh.rs), and every kind of change makes a whole build again:
//! an edited page of the same size, a template, a static file, the config, an option, an
//! output file deleted or edited. A site whose templates read the environment is never
//! skipped. The warnings of the last build are printed again on a skip.

mod common;
use common::*;

use std::process::Output;

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "build failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn skipped(o: &Output) -> bool {
    stdout(o).contains("Nothing changed since the last build")
}

fn site() -> Fixture {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
        .file("content/a.md", &page("甲", "", "正文一。"))
        .file("content/b.md", &page("乙", "", "正文二。"))
        .file("static/site.css", "body{color:#222}");
    f
}

/// Waits past the file system's time granularity, so that an edit gets a new time.
fn tick() {
    std::thread::sleep(std::time::Duration::from_millis(20));
}

#[test]
fn unchanged_site_is_skipped_and_any_change_builds_again() {
    let f = site();
    assert!(!skipped(&f.run(&["build"])), "the first build builds");
    let index = f.public("index.html");
    let written = std::fs::metadata(&index).unwrap().modified().unwrap();
    tick();
    let o = f.run(&["build"]);
    assert!(skipped(&o), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("its 7 files are up to date"),
        "{}",
        stdout(&o)
    );
    assert_eq!(
        std::fs::metadata(&index).unwrap().modified().unwrap(),
        written,
        "nothing was written"
    );

    // Each change, then what the next build must show.
    type Change<'a> = (&'a str, Box<dyn Fn(&Fixture)>, Box<dyn Fn(&Fixture)>);
    let changes: Vec<Change> = vec![
        (
            "a page edited to the same size",
            Box::new(|f| {
                f.file("content/a.md", &page("甲", "", "正文三。"));
            }),
            Box::new(|f| assert!(f.read("a/index.html").contains("正文三"))),
        ),
        (
            "a template",
            Box::new(|f| {
                f.file("templates/page.html", "NEW {{ page.title }}");
            }),
            Box::new(|f| assert!(f.read("b/index.html").starts_with("NEW 乙"))),
        ),
        (
            "a static file added",
            Box::new(|f| {
                f.file("static/robots-extra.txt", "x");
            }),
            Box::new(|f| assert!(f.exists("robots-extra.txt"))),
        ),
        (
            "the config",
            Box::new(|f| {
                f.file(
                    "config.toml",
                    "base_url = \"https://example.org\"\ntitle = \"新站名\"\n",
                );
            }),
            Box::new(|f| assert!(f.exists("index.html"))),
        ),
        (
            "an output file deleted",
            Box::new(|f| std::fs::remove_file(f.public("a/index.html")).unwrap()),
            Box::new(|f| assert!(f.read("a/index.html").contains("甲"))),
        ),
        (
            "an output file edited",
            Box::new(|f| std::fs::write(f.public("b/index.html"), "spoiled").unwrap()),
            Box::new(|f| assert!(f.read("b/index.html").contains("乙"))),
        ),
        (
            "a page removed",
            Box::new(|f| std::fs::remove_file(f.root().join("content/b.md")).unwrap()),
            Box::new(|f| assert!(!f.exists("b/index.html"))),
        ),
    ];
    for (what, change, then) in changes {
        tick();
        change(&f);
        let o = f.run(&["build"]);
        assert!(!skipped(&o), "{what}: must build again");
        then(&f);
        tick();
        assert!(skipped(&f.run(&["build"])), "{what}: then skipped again");
    }
    // A page made unreadable fails the next build, as a whole build would (only its mode
    // changed, not its size or modification time).
    use std::os::unix::fs::PermissionsExt;
    let a = f.root().join("content/a.md");
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&a).is_err() {
        // (root reads anything: there the case cannot be made)
        let o = f.run(&["build"]);
        assert!(!o.status.success(), "an unreadable page is not skipped");
    }
    std::fs::set_permissions(&a, std::fs::Permissions::from_mode(0o644)).unwrap();
    // Options that change the output are inputs too.
    assert!(!skipped(&f.run(&["build", "--drafts"])));
    assert!(skipped(&f.run(&["build", "--drafts"])));
    assert!(!skipped(&f.run(&["build", "-u", "https://other.example"])));
    assert!(f.read("sitemap.xml").contains("https://other.example/"));
    assert!(!skipped(&f.run(&["build"])));
    assert!(f.read("sitemap.xml").contains("https://example.org/"));
}

#[test]
fn a_site_reading_the_environment_is_never_skipped() {
    let f = site();
    f.file(
        "templates/index.html",
        "INDEX {{ get_env(name=\"SITE_NOTE\", default=\"无\") }}",
    );
    f.build();
    let o = f.run(&["build"]);
    assert!(!skipped(&o), "{}", stdout(&o));
}

#[test]
fn a_skipped_build_prints_the_last_builds_warnings() {
    let f = site();
    // A key Zola ignores in page front matter: accepted with one warning.
    f.file("content/a.md", &page("甲", "flavour = \"咸\"", "正文一。"));
    let first = f.run(&["build"]);
    let warning = String::from_utf8_lossy(&first.stderr).into_owned();
    assert!(warning.contains("flavour"), "{warning}");
    let again = f.run(&["build"]);
    assert!(skipped(&again));
    assert_eq!(String::from_utf8_lossy(&again.stderr), warning);
}

/// The output folder is left out of the inputs wherever it is below the site, under any name
/// and reached through a link (only folders are resolved to find it): else each build's own
/// output would make the next one build again.
#[test]
fn an_output_folder_of_any_name_below_the_site_is_not_an_input() {
    let f = site();
    std::fs::create_dir(f.root().join("out")).unwrap();
    assert!(!skipped(&f.run(&[
        "build",
        "--output-dir",
        "out/site",
        "--force"
    ])));
    tick();
    assert!(skipped(&f.run(&[
        "build",
        "--output-dir",
        "out/site",
        "--force"
    ])));
    // The same folder named through a link below the site.
    std::os::unix::fs::symlink(f.root().join("out"), f.root().join("via")).unwrap();
    assert!(!skipped(&f.run(&[
        "build",
        "--output-dir",
        "via/site",
        "--force"
    ])));
    tick();
    assert!(skipped(&f.run(&[
        "build",
        "--output-dir",
        "via/site",
        "--force"
    ])));
}
