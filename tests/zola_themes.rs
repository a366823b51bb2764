//! What real Zola themes' demo sites need that Zola 0.22 does (issue 20): each case is the
//! smallest site that reproduces a difference `tools/zola_compare.py` showed on a theme.

mod common;
use common::*;

#[test]
fn cachebust_hashes_a_stylesheet_compiled_from_sass() {
    // welpo/tabi, apollo and others: `get_url(path="main.css", cachebust=true)` where
    // main.css is compiled from sass/main.scss, not copied from static/.
    let f = Fixture::new("base_url = \"https://example.org\"\ncompile_sass = true\n");
    f.file("sass/main.scss", "$c: red;\nbody { color: $c; }\n")
        .file(
            "templates/index.html",
            "{{ get_url(path=\"main.css\", cachebust=true) }}",
        )
        .build();
    let css = std::fs::read(f.public("main.css")).unwrap();
    let hash = sha256_hex(&css);
    assert_eq!(
        f.read("index.html"),
        format!("https://example.org/main.css?h={}", &hash[..20])
    );
    f.file(
        "templates/index.html",
        "{{ get_url(path=\"nothere.css\", cachebust=true) }}",
    );
    let err = f.build_err();
    assert!(err.contains("`nothere.css` is in none of static/"), "{err}");
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}

#[test]
fn lower_is_the_page_before_in_the_section_order() {
    // pawroman/zola-theme-terminimal and others: "← lower | higher →" came out reversed.
    // Zola 0.22 (`Library::sort_section_pages`): lower = the page before, higher = after.
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file(
        "content/blog/_index.md",
        "+++\ntitle = \"B\"\nsort_by = \"date\"\n+++\n",
    )
    .file("content/blog/old.md", &page("Old", "date = 2020-01-01", ""))
    .file("content/blog/mid.md", &page("Mid", "date = 2021-01-01", ""))
    .file("content/blog/new.md", &page("New", "date = 2022-01-01", ""))
    .build();
    assert!(f
        .read("blog/mid/index.html")
        .ends_with("|lower=New|higher=Old"));
    assert!(f
        .read("blog/new/index.html")
        .ends_with("|lower=|higher=Mid"));
}

#[test]
fn anchor_links_are_zolas_markup() {
    // Zola's test_site: `<a …>🔗</a>Title`, with nothing between the link and the text.
    let f = Fixture::new(
        "base_url = \"https://example.org\"\n[markdown]\ninsert_anchor_links = \"left\"\n",
    );
    f.file("templates/page.html", "{{ page.content | safe }}")
        .file("content/a.md", &page("A", "", "# Title\n"))
        .build();
    assert_eq!(
        f.read("a/index.html").trim_end(),
        "<h1 id=\"title\"><a class=\"zola-anchor\" href=\"#title\" aria-label=\"Anchor link for: title\">🔗</a>Title</h1>"
    );
}

#[test]
fn shortcode_arguments_need_no_comma_between_them() {
    // welpo/tabi's own docs: `dual_theme_image(light_src="…", dark_src="…" alt="…")`, a call
    // for Zola's grammar (`kwargs*`), was printed as text.
    let f = Fixture::new(BASIC_CONFIG);
    f.file("templates/page.html", "{{ page.content | safe }}")
        .file(
            "templates/shortcodes/img.html",
            "<img src=\"{{ src }}\" alt=\"{{ alt }}\">",
        )
        .file(
            "content/a.md",
            &page("A", "", "{{ img(src=\"a.png\" alt=\"A\") }}\n"),
        )
        .build();
    assert_eq!(
        f.read("a/index.html").trim(),
        "<img src=\"a.png\" alt=\"A\">"
    );
}

#[test]
fn reading_time_leaves_code_blocks_out() {
    // st1020/kita showed "3min" where Zola shows "2min": Zola counts no word inside ```.
    let f = Fixture::new(BASIC_CONFIG);
    let code = "word ".repeat(300);
    f.file(
        "templates/page.html",
        "{{ page.word_count }} {{ page.reading_time }}",
    )
    .file(
        "content/a.md",
        &page("A", "", &format!("one two\n\n```\n{code}\n```\n")),
    )
    .build();
    assert_eq!(f.read("a/index.html"), "2 1");
}

#[test]
fn terms_are_in_slug_order_and_a_paginated_term_has_its_pages() {
    // Speyll/anemone: its term template lists `term.pages` of a paginated taxonomy and never
    // reads the paginator; Zola fills them. Terms come in slug order (Zola's `Taxonomy::new`).
    let f = Fixture::new(&format!(
        "{BASIC_CONFIG}taxonomies = [{{ name = \"tags\", paginate_by = 1 }}]\n"
    ));
    f.file(
        "templates/tags/single.html",
        "{% for p in term.pages %}{{ p.title }};{% endfor %}",
    )
    .file(
        "templates/tags/list.html",
        "{% for t in terms %}{{ t.name }};{% endfor %}",
    )
    .file("templates/page.html", "")
    .file("templates/index.html", "")
    .file(
        "content/a.md",
        &page(
            "A",
            "date = 2020-01-01\n[taxonomies]\ntags = [\"Zed\", \"item 10\"]",
            "",
        ),
    )
    .file(
        "content/b.md",
        &page(
            "B",
            "date = 2021-01-01\n[taxonomies]\ntags = [\"Zed\", \"item 2\"]",
            "",
        ),
    )
    .build();
    assert_eq!(f.read("tags/zed/index.html"), "B;A;");
    assert_eq!(f.read("tags/index.html"), "item 10;item 2;Zed;");
    // anemone's term template extends a base that reads `nav_item[key]` (which may read
    // anything, the paginator too) and includes a partial that names the paginator: Zola
    // still gives `term.pages`, and so must yiyong.
    f.file(
        "templates/base.html",
        "{% for n in config.extra.nav | default(value=[]) %}{% set k = 'name_' ~ lang %}{{ n[k] }}{% endfor %}         {% block content %}{% endblock %}",
    )
    .file(
        "templates/tags/single.html",
        "{% extends \"base.html\" %}{% block content %}{% for p in term.pages %}{{ p.title }};{% endfor %}{% endblock %}",
    )
    .build();
    assert_eq!(f.read("tags/zed/index.html").trim(), "B;A;");
}

#[test]
fn templates_find_a_pages_file_by_where_it_is_copied() {
    // welpo/tabi looks its section images up as `ca/archive/ca_archive.jpg` (the path in the
    // output folder), which Zola finds there.
    let f = Fixture::new("base_url = \"https://example.org\"\n[languages.ca]\n");
    f.file(
        "templates/section.html",
        "{% set m = get_image_metadata(path=section.path ~ \"/card.png\", allow_missing=true) %}{% if m %}{{ m.width }}x{{ m.height }}{% else %}none{% endif %}",
    )
    .file("templates/index.html", "")
    .file("content/archive/_index.md", "+++\n+++\n")
    .file("content/archive/_index.ca.md", "+++\n+++\n")
    .bytes("content/archive/card.png", &common::photos::png(3, 2))
    .build();
    assert_eq!(f.read("ca/archive/index.html"), "3x2");
    assert_eq!(f.read("archive/index.html"), "3x2");
}

#[test]
fn the_default_404_page_says_what_zolas_says() {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.build();
    let html = f.read("404.html");
    assert!(html.contains("<title>404 Not Found</title>"), "{html}");
    assert!(html.contains("<h1>404 Not Found</h1>"), "{html}");
}

#[test]
fn build_search_index_writes_an_elasticlunr_index_per_language() {
    // Themes load `search_index.<lang>.js` with elasticlunr.js: it was never written.
    let f = Fixture::new(
        "base_url = \"https://example.org\"\nbuild_search_index = true\n\
         [languages.fr]\nbuild_search_index = true\n[languages.de]\n",
    );
    f.file("templates/page.html", "{{ page.content | safe }}")
        .file("templates/index.html", "")
        .file(
            "content/a.md",
            &page(
                "Running fast",
                "",
                "Runners <b>keep</b> running.\n\n```\nhidden code\n```\n",
            ),
        )
        .file(
            "content/a.fr.md",
            &page("Courir", "", "Les coureurs courent."),
        )
        .file("content/b.de.md", &page("Laufen", "", "Läufer laufen."))
        .file(
            "content/c.md",
            &page("Hidden", "in_search_index = false", "x"),
        )
        .build();
    let js = f.read("search_index.en.js");
    let json = js.strip_prefix("window.searchIndex = ").expect("a script");
    let index: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(index["fields"], serde_json::json!(["title", "body"]));
    assert_eq!(index["ref"], "id");
    let docs = &index["documentStore"]["docs"];
    assert_eq!(docs["https://example.org/a/"]["title"], "Running fast");
    // The body is the page's text: no tags, no code.
    assert_eq!(
        docs["https://example.org/a/"]["body"],
        "Runners keep running."
    );
    assert!(
        docs.get("https://example.org/c/").is_none(),
        "in_search_index = false"
    );
    assert!(
        docs.get("https://example.org/fr/a/").is_none(),
        "other languages apart"
    );
    // Terms are stemmed as elasticlunr.js stems queries: "running" is filed under "run".
    assert!(
        index["index"]["body"]["root"]["r"]["u"]["n"].is_object(),
        "{json}"
    );
    let fr = f.read("search_index.fr.js");
    assert!(fr.contains("https://example.org/fr/a/"), "{fr}");
    // German does not ask for one.
    assert!(!f.exists("search_index.de.js"));
    // As Zola, the script themes read it with (yiyong's own; tests/zola_search.rs).
    assert!(f.exists("elasticlunr.min.js"));

    f.file(
        "config.toml",
        "base_url = \"https://example.org\"\nbuild_search_index = true\n\
         [search]\nindex_format = \"fuse_json\"\ninclude_description = true\n",
    );
    std::fs::remove_file(f.root().join("content/a.fr.md")).unwrap();
    std::fs::remove_file(f.root().join("content/b.de.md")).unwrap();
    f.build();
    let fuse: serde_json::Value = serde_json::from_str(&f.read("search_index.en.json")).unwrap();
    let a = fuse
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["url"] == "https://example.org/a/")
        .expect("page a");
    assert_eq!(a["title"], "Running fast");
    assert_eq!(a["description"], "");
    assert_eq!(a["body"], "Runners keep running.");
}

#[test]
fn a_page_that_fails_brings_no_broken_anchor_errors_for_links_to_it() {
    // welpo/tabi: one failing shortcode in a page gave dozens of "broken anchor" errors for
    // links to its headings from other pages, burying the one error to fix.
    let f = Fixture::new(BASIC_CONFIG);
    f.file("templates/page.html", "{{ page.content | safe }}")
        .file("templates/shortcodes/bad.html", "{{ missing_variable }}")
        .file(
            "content/b.md",
            &page("B", "", "{{ bad() }}\n\n## Later heading\n"),
        )
        .file(
            "content/a.md",
            &page(
                "A",
                "",
                "[to it](@/b.md#later-heading) [wrong](@/c.md#nowhere)",
            ),
        )
        .file("content/c.md", &page("C", "", "## Here\n"));
    let err = f.build_err();
    assert!(err.contains("shortcode `bad` failed"), "{err}");
    assert!(!err.contains("#later-heading"), "{err}");
    // Links to pages that rendered are still checked.
    assert!(err.contains("broken anchor: `@/c.md#nowhere`"), "{err}");
}

#[test]
fn only_escaped_calls_lose_their_comment_marks() {
    // not-matthias/apollo's docs: `{{/* end */}}` is no escaped call for Zola (only
    // `{{/* f(...) */}}` and `{%/* end */%}` are) and stays as written.
    let f = Fixture::new(BASIC_CONFIG);
    f.file("templates/page.html", "{{ page.content | safe }}")
        .file(
            "content/a.md",
            &page(
                "A",
                "",
                "```\n{{/* note(x=1) */}}\n{{/* end */}}\n{%/* end */%}\n```\n",
            ),
        )
        .build();
    let html = f.read("a/index.html");
    assert!(html.contains("{{ note(x=1) }}"), "{html}");
    assert!(html.contains("{{/* end */}}"), "{html}");
    assert!(html.contains("{% end %}"), "{html}");
}

#[test]
fn minify_html_minifies_the_404_page_too() {
    // apollo sets `minify_html = true`; Zola minifies every HTML file it writes.
    let f = Fixture::new(&format!("{BASIC_CONFIG}minify_html = true\n"));
    f.file(
        "templates/404.html",
        "<html>\n  <body>\n    <a href=\"/a\">/a</a>\n    <a href=\"/b\">/b</a>\n  </body>\n</html>\n",
    )
    .file("templates/index.html", "")
    .build();
    let html = f.read("404.html");
    assert!(html.contains("/a</a><a"), "{html}");
}
