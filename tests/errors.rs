//! Bad input: each mistake gets one clear error naming the file, the line where known, and
//! what to do; all content errors come at once; the previous output stays as it was.

mod common;
use common::*;

fn site() -> Fixture {
    let f = Fixture::with_templates(&format!(
        "{BASIC_CONFIG}taxonomies = [{{ name = \"tags\" }}]\n"
    ));
    f.file("templates/tags/list.html", "")
        .file("templates/tags/single.html", "");
    f
}

#[test]
fn malformed_toml_front_matter() {
    let f = site();
    f.file(
        "content/a.md",
        "+++\ntitle = \"甲\"\ndate = 2024-01-01\nweight = = 3\n+++\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("content/a.md:4: invalid TOML front matter"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn malformed_yaml_front_matter() {
    let f = site();
    f.file("content/a.md", "---\ntitle: 甲\n  bad: : indent\n---\n");
    let err = f.build_err();
    assert!(
        err.contains("content/a.md:") && err.contains("invalid YAML front matter"),
        "{err}"
    );
}

#[test]
fn unclosed_and_missing_front_matter() {
    let f = site();
    f.file("content/a.md", "+++\ntitle = \"甲\"\n")
        .file("content/b.md", "只有正文");
    let err = f.build_err();
    assert!(
        err.contains("content/a.md:1: front matter is not closed"),
        "{err}"
    );
    assert!(
        err.contains("content/b.md:1: no front matter found"),
        "{err}"
    );
}

#[test]
fn bad_date() {
    let f = site();
    f.file(
        "content/a.md",
        "+++\ntitle = \"甲\"\ndate = \"2024-13-45\"\n+++\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("content/a.md:3: `date` is not a valid date: 2024-13-45"),
        "{err}"
    );
    assert!(
        err.contains("2024-07-21"),
        "says how to write a date: {err}"
    );
}

#[test]
fn unknown_front_matter_key_and_taxonomy() {
    let f = site();
    // Sections refuse unknown keys, as Zola's do (pages ignore them: tests/zola_compat.rs).
    f.file(
        "content/a/_index.md",
        "+++\ntitle = \"甲\"\nauthor = \"x\"\n+++\n",
    )
    .file(
        "content/b.md",
        "+++\ntitle = \"乙\"\n[taxonomies]\ncategories = [\"x\"]\n+++\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("content/a/_index.md:3: invalid front matter: unknown field `author`"),
        "{err}"
    );
    assert!(err.contains("put your own data under [extra]"), "{err}");
    assert!(
        err.contains("content/b.md:4: unknown taxonomy `categories`"),
        "{err}"
    );
    assert!(
        err.contains("the taxonomies in config.toml are: tags"),
        "{err}"
    );
    assert!(err.contains("2 errors found"), "all errors at once: {err}");
}

#[test]
fn two_pages_claiming_one_path() {
    let f = site();
    f.file("content/a.md", &page("甲", "slug = \"same\"", ""))
        .file("content/same.md", &page("乙", "", ""))
        .file("content/c.md", &page("丙", "aliases = [\"same\"]", ""));
    let err = f.build_err();
    assert!(
        err.contains("page same.md would be written to `/same/`, which page a.md already uses"),
        "{err}"
    );
    assert!(
        err.contains("alias `same` of c.md would be written to `/same/`, which page a.md"),
        "{err}"
    );
}

#[test]
fn paths_outside_the_output_are_refused() {
    let f = site();
    f.file("content/a.md", &page("甲", "path = \"../../etc/evil\"", ""))
        .file(
            "content/b.md",
            &page("乙", "aliases = [\"../outside.html\"]", ""),
        )
        .file("content/c.md", &page("丙", "slug = \"../up\"", ""));
    let err = f.build_err();
    assert!(
        err.contains("content/a.md:3: `path = \"../../etc/evil\"` is refused"),
        "{err}"
    );
    assert!(
        err.contains("content/b.md:3: the alias `../outside.html` is refused"),
        "{err}"
    );
    // slugify turns `../up` into a harmless `up`, as Zola does.
    assert!(!err.contains("content/c.md"), "{err}");
    assert!(!f.root().join("outside.html").exists() && !f.root().join("../outside.html").exists());
}

#[test]
fn missing_template_and_template_syntax_error() {
    let f = site();
    f.file("content/a.md", &page("甲", "template = \"hero.html\"", ""));
    let err = f.build_err();
    assert!(
        err.contains("content/a.md") && err.contains("template `hero.html` not found"),
        "{err}"
    );

    let g = site();
    g.file(
        "templates/page.html",
        "line1\n{% if page.title %}\nno end\n",
    );
    g.file("content/a.md", &page("甲", "", ""));
    let err = g.build_err();
    assert!(err.contains("templates/page.html"), "{err}");
    assert!(err.contains("template error"), "{err}");
}

#[test]
fn template_runtime_error_names_the_content_file() {
    let f = site();
    f.file("templates/page.html", "{{ page.extra.missing.deeper }}")
        .file("content/a.md", &page("甲", "", ""));
    let err = f.build_err();
    assert!(
        err.contains("content/a.md") && err.contains("rendering `page.html` failed"),
        "{err}"
    );
}

#[test]
fn broken_internal_link_and_anchor() {
    let f = site();
    f.file(
        "content/a.md",
        &page("甲", "", "见 [乙](@/b.md)\n\n再见 [丙](@/c.md#nope)\n"),
    )
    .file("content/c.md", &page("丙", "", "## 有\n"));
    let err = f.build_err();
    assert!(
        err.contains("content/a.md:5: broken internal link `@/b.md`"),
        "{err}"
    );
    assert!(
        err.contains("content/a.md:7: broken anchor: `@/c.md#nope`"),
        "{err}"
    );
}

#[test]
fn unknown_config_key() {
    let f = Fixture::new("base_url = \"https://example.org\"\ntitel = \"拼错\"\n");
    let err = f.build_err();
    assert!(
        err.contains("config.toml:2: unknown field `titel`"),
        "{err}"
    );
    assert!(err.contains("hint:"), "{err}");
    let g = Fixture::new("title = \"没有网址\"\n");
    assert!(g.build_err().contains("`base_url` is missing"));
}

#[test]
fn unknown_shortcode() {
    let f = site();
    f.file("content/a.md", &page("甲", "", "\n{{ nosuch(a=1) }}\n"));
    let err = f.build_err();
    assert!(
        err.contains("content/a.md:6: unknown shortcode `nosuch`"),
        "{err}"
    );
}

#[test]
fn output_dir_guards() {
    let f = site();
    f.file("content/a.md", &page("甲", "", ""));
    let out = f.run(&["build", "--output-dir", "content/out"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write"));
    std::fs::create_dir_all(f.root().join("site-out")).unwrap();
    let out = f.run(&["build", "--output-dir", "site-out"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    let out = f.run(&["build", "--output-dir", "site-out", "--force"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(f.root().join("site-out/a/index.html").exists());
}
