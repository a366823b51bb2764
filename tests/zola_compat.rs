//! Real Zola sites build unchanged (issue 20): what Zola 0.22 accepts is accepted (keys it
//! ignores give a warning at most), what it refuses is refused with what to write instead.
//! Each case is taken from a real theme's demo site that stopped on it.

mod common;
use common::*;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Builds, expecting success, and returns what it printed on stderr (the warnings).
fn build_warnings(f: &Fixture) -> String {
    let out = f.run(&["build"]);
    assert!(out.status.success(), "build failed:\n{}", stderr(&out));
    stderr(&out)
}

#[test]
fn page_keys_zola_ignores_build_with_one_warning_per_key() {
    // getzola/book's demo: `insert_anchor_links` and `sort_by` in a page's front matter.
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file(
        "content/a.md",
        &page(
            "甲",
            "insert_anchor_links = \"right\"\nsort_by = \"weight\"",
            "正文",
        ),
    )
    .file(
        "content/b.md",
        &page("乙", "insert_anchor_links = \"left\"", ""),
    )
    .file("content/c.md", "---\ntitle: 丙\nauthor: 某人\n---\n");
    let warnings = build_warnings(&f);
    assert!(f.read("a/index.html").starts_with("PAGE 甲|<p>正文</p>"));
    assert!(f.exists("c/index.html"), "YAML front matter too");
    assert!(
        warnings.contains("content/a.md:3: `insert_anchor_links` is not a page front matter key: ignored, as Zola ignores it (and in 1 other page)"),
        "{warnings}"
    );
    assert!(
        warnings.contains("set it in the section's _index.md"),
        "{warnings}"
    );
    assert!(warnings.contains("content/a.md:4: `sort_by`"), "{warnings}");
    assert!(warnings.contains("content/c.md:3: `author`"), "{warnings}");
    assert!(warnings.contains("`authors = [\"...\"]`"), "{warnings}");
    assert_eq!(warnings.matches("insert_anchor_links` is not").count(), 1);
}

#[test]
fn section_keys_stay_refused_as_in_zola() {
    // aaranxu/adidoks: `date` in `_index.md`, which Zola 0.22 refuses too.
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file(
        "content/docs/_index.md",
        "+++\ntitle = \"文档\"\ndate = 2021-05-01\n+++\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("content/docs/_index.md:3: invalid front matter: unknown field `date`"),
        "{err}"
    );
    assert!(
        err.contains("`date` is a page key: a section (_index.md) does not take it"),
        "{err}"
    );
}

#[test]
fn taxonomy_and_lenient_table_keys_zola_ignores_give_a_warning() {
    // st1020/kita: `rss = true` in a taxonomy, from Zola before 0.19.
    let f = Fixture::with_templates(&format!(
        "{BASIC_CONFIG}generate_feeds = true\ntaxonomies = [\n  {{ name = \"tags\", rss = true, feed = true }},\n]\n\
         [link_checker]\nignored_files = [\"*.md\"]\nfoo = 1\n[slugify]\nbar = true\n"
    ));
    f.file("templates/tags/list.html", "")
        .file("templates/tags/single.html", "TERM {{ term.name }}")
        .file(
            "content/a.md",
            &page("甲", "date = 2024-01-01\n[taxonomies]\ntags = [\"义\"]", ""),
        );
    let warnings = build_warnings(&f);
    assert!(f.exists("tags/yi/atom.xml"), "`feed = true` still works");
    assert!(
        warnings.contains("config.toml:5: `rss` in the [[taxonomies]] entry `tags` is not a Zola setting: ignored, as Zola ignores it"),
        "{warnings}"
    );
    assert!(warnings.contains("write `feed = true`"), "{warnings}");
    assert!(
        warnings.contains("config.toml:9: `foo` in [link_checker]"),
        "{warnings}"
    );
    assert!(
        warnings.contains("config.toml:11: `bar` in [slugify]"),
        "{warnings}"
    );
    assert!(
        !warnings.contains("ignored_files"),
        "a Zola key: {warnings}"
    );
}

#[test]
fn config_keys_zola_refuses_are_all_named_with_what_replaced_them() {
    // getzola/even, RatanShreshtha/DeepThought: keys of Zola before 0.19 and 0.22.
    let f = Fixture::new(
        "base_url = \"https://example.org\"\ngenerate_feed = true\nfeed_filename = \"rss.xml\"\n\
         [markdown]\nhighlight_code = true\nhighlight_theme = \"one-dark\"\n",
    );
    let err = f.build_err();
    let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(
        lines,
        [
            "error: ./config.toml:2: unknown field `generate_feed`",
            "error: ./config.toml:3: unknown field `feed_filename`",
            "error: ./config.toml:5: unknown field `highlight_code` in [markdown]",
            "error: ./config.toml:6: unknown field `highlight_theme` in [markdown]",
        ],
        "{err}"
    );
    assert!(err.contains("write `generate_feeds = true`"), "{err}");
    assert!(
        err.contains("write `feed_filenames = [\"atom.xml\"]`"),
        "{err}"
    );
    assert!(err.contains("[markdown.highlighting]"), "{err}");
}

#[test]
fn shortcodes_see_zolas_page_with_its_assets_and_a_trimmed_body() {
    // st1020/kita: a gallery over `page.assets`, an SVG inlined with
    // `load_data(path=asset)` for a page whose `path` is not its folder, and a body cut up
    // with `trim_end_matches(pat=")")`.
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file(
        "templates/shortcodes/inline.html",
        "{% set src = body | trim_end_matches(pat=\")\") | split(pat=\"](\") | last %}\
         {% for a in page.assets %}{% if a is ending_with(\"/\" ~ src) %}\
         [{{ a | safe }}:{{ load_data(path=a) | trim | safe }}]{% endif %}{% endfor %}\
         ({{ page.colocated_path | safe }})",
    )
    .file(
        "content/pages/projects/index.md",
        "+++\ntitle = \"项目\"\npath = \"projects\"\n+++\n{% inline() %}\n![图](x.svg)\n{% end %}\n",
    )
    .file("content/pages/projects/x.svg", "<svg></svg>\n");
    build_warnings(&f);
    let html = f.read("projects/index.html");
    // Zola's page.assets: the file below content/, not below the page's address.
    assert!(
        html.contains("[/pages/projects/x.svg:<svg></svg>]"),
        "{html}"
    );
    // welpo/tabi's image shortcodes look files up below `page.colocated_path`.
    assert!(html.contains("(pages/projects/)"), "{html}");
    assert!(
        f.exists("projects/x.svg"),
        "the file is still copied beside the page"
    );
}

#[test]
fn a_static_file_wins_over_the_highlighters_stylesheet() {
    // not-matthias/apollo ships its own static/giallo-light.css and giallo-dark.css; Zola
    // copies static/ after writing its stylesheets.
    let f = Fixture::with_templates(&format!(
        "{BASIC_CONFIG}[markdown.highlighting]\nstyle = \"class\"\nlight_theme = \"github-light\"\ndark_theme = \"github-dark\"\n"
    ));
    f.file("static/giallo-light.css", "/* the theme's own */\n")
        .file(
            "content/a.md",
            &page("甲", "", "```rust\nfn main() {}\n```\n"),
        );
    build_warnings(&f);
    assert_eq!(f.read("giallo-light.css"), "/* the theme's own */\n");
    assert!(
        f.read("giallo-dark.css").contains(".z-"),
        "the other one is generated"
    );
}

#[test]
fn values_zola_refuses_are_refused() {
    // Zola's `[markdown.highlighting]` is `theme`, or `light_theme` with `dark_theme`.
    let f = Fixture::with_templates(&format!(
        "{BASIC_CONFIG}[markdown.highlighting]\nstyle = \"class\"\ndark_theme = \"github-dark\"\n"
    ));
    let err = f.build_err();
    assert!(
        err.contains("needs `theme`, or both `light_theme` and `dark_theme`"),
        "{err}"
    );
    // `index_format` is an enum in Zola.
    let f = Fixture::with_templates(&format!(
        "{BASIC_CONFIG}[search]\nindex_format = \"lunr\"\n"
    ));
    let err = f.build_err();
    assert!(
        err.contains("config.toml:4: unknown `index_format = \"lunr\"`"),
        "{err}"
    );
    assert!(err.contains("elasticlunr_javascript"), "{err}");
    let f = Fixture::with_templates(&format!(
        "{BASIC_CONFIG}[markdown.highlighting]\nstyle = \"classes\"\ntheme = \"github-dark\"\n"
    ));
    let err = f.build_err();
    assert!(
        err.contains("config.toml:4: unknown `style = \"classes\"`"),
        "{err}"
    );
}

#[test]
fn empty_slug_path_and_terms_are_refused_as_zola_does() {
    // yiyong wrote `//` for an empty slug and said two items clashed there.
    let f = Fixture::with_templates(&format!(
        "{BASIC_CONFIG}taxonomies = [{{ name = \"tags\" }}]\n"
    ));
    f.file("content/a.md", &page("甲", "slug = \"\"", ""))
        .file("content/b.md", &page("乙", "path = \"\"", ""))
        .file(
            "content/c.md",
            &page("丙", "[taxonomies]\ntags = [\" \"]", ""),
        );
    let err = f.build_err();
    assert!(
        err.contains("content/a.md:3: `slug` can't be empty if present"),
        "{err}"
    );
    assert!(
        err.contains("content/b.md:3: `path` can't be empty if present"),
        "{err}"
    );
    assert!(
        err.contains("content/c.md:4: a `tags` term is empty"),
        "{err}"
    );
    assert!(!err.contains("already uses"), "{err}");
}

#[test]
fn theme_toml_is_read_for_its_extra_table_only() {
    // Zola takes `[extra]` from theme.toml when it is a table, and nothing else.
    let f = Fixture::new(&format!("{BASIC_CONFIG}theme = \"t\"\n"));
    f.file(
        "themes/t/theme.toml",
        "name = \"t\"\nextra = \"none\"\n[author]\nx = 1\n",
    )
    .file(
        "themes/t/templates/index.html",
        "T {{ config.extra | length }}",
    );
    build_warnings(&f);
    assert_eq!(f.read("index.html"), "T 0");
}

#[test]
fn an_empty_paginate_path_puts_pagers_right_below_the_listing() {
    // Zola writes `blog/2/` for `paginate_path = ""`; yiyong refused `blog//2/`.
    let f = Fixture::new(&format!(
        "{BASIC_CONFIG}taxonomies = [{{ name = \"tags\", paginate_by = 1, paginate_path = \"\" }}]\n"
    ));
    let pager =
        "{{ paginator.current_index }} {{ paginator.next | safe }} {{ paginator.base_url | safe }}";
    f.file("templates/section.html", pager)
        .file("templates/tags/single.html", pager)
        .file("templates/tags/list.html", "")
        .file("templates/page.html", "")
        .file("templates/index.html", "")
        .file(
            "content/blog/_index.md",
            "+++\npaginate_by = 1\npaginate_path = \"\"\n+++\n",
        )
        .file(
            "content/blog/a.md",
            &page("甲", "[taxonomies]\ntags = [\"t\"]", ""),
        )
        .file(
            "content/blog/b.md",
            &page("乙", "[taxonomies]\ntags = [\"t\"]", ""),
        );
    build_warnings(&f);
    assert_eq!(
        f.read("blog/index.html"),
        "1 https://example.org/blog/2/ https://example.org/blog/"
    );
    assert!(f.read("blog/2/index.html").starts_with("2 "));
    assert!(f.exists("blog/1/index.html"), "the redirect of pager 1");
    assert_eq!(
        f.read("tags/t/index.html"),
        "1 https://example.org/tags/t/2/ https://example.org/tags/t/"
    );
    assert!(f
        .read("sitemap.xml")
        .contains("<loc>https://example.org/blog/2/</loc>"));
}
