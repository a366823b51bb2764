//! Multilingual sites as Zola 0.22 builds them (issue 20): `[languages.xx]` in config.toml,
//! `x.fr.md`, `_index.fr.md` and `index.fr.md` below `/fr/`, `lang` and `translations` in
//! templates, `trans`, `get_url(lang=)`, and taxonomies, feeds and the sitemap per language.

mod common;
use common::*;

const CONFIG: &str = "base_url = \"https://example.org\"
title = \"Site\"
default_language = \"en\"
generate_feeds = true
taxonomies = [{ name = \"tags\" }]

[translations]
hello = \"Hello\"

[languages.fr]
title = \"Site FR\"
generate_feeds = true
taxonomies = [{ name = \"tags\" }]

[languages.fr.translations]
hello = \"Bonjour\"

[languages.es]
title = \"Sitio\"

[languages.es.translations]
bye = \"Adiós\"
";

/// A site in English, French and Spanish; templates print what the tests look at.
fn site() -> Fixture {
    let f = Fixture::new(CONFIG);
    let translations =
        "{% for t in TARGET.translations %}{{ t.lang }}={{ t.permalink | safe }},{% endfor %}";
    f.file(
        "templates/page.html",
        &format!(
            "PAGE {{{{ lang }}}}|{{{{ page.title }}}}|{{{{ config.title }}}}|{}|{{{{ page.assets | join(sep=\",\") | safe }}}}",
            translations.replace("TARGET", "page")
        ),
    )
    .file(
        "templates/section.html",
        &format!(
            "SECTION {{{{ lang }}}}|{{{{ section.title }}}}|{{% for p in section.pages %}}{{{{ p.title }}}};{{% endfor %}}|{}",
            translations.replace("TARGET", "section")
        ),
    )
    .file(
        "templates/index.html",
        "INDEX {{ lang }}|{{ config.title }}|{% if lang != \"es\" %}{{ trans(key=\"hello\", lang=lang) }}{% endif %}|{{ trans(key=\"hello\") }}|{% for code, l in config.languages %}{{ code }}:{{ l.title }},{% endfor %}",
    )
    .file(
        "templates/tags/single.html",
        "TERM {{ lang }}|{{ term.name }}|{% for p in term.pages %}{{ p.title }};{% endfor %}",
    )
    .file(
        "templates/tags/list.html",
        "TAGS {{ lang }}|{% for t in terms %}{{ t.permalink | safe }};{% endfor %}",
    )
    .file("content/_index.md", "+++\ntitle = \"Home\"\n+++\n")
    .file("content/_index.fr.md", "+++\ntitle = \"Accueil\"\n+++\n")
    .file("content/blog/_index.md", "+++\ntitle = \"Blog\"\n+++\n")
    .file("content/blog/_index.fr.md", "+++\ntitle = \"Blogue\"\n+++\n")
    .file(
        "content/blog/x.md",
        &page("X", "date = 2024-01-02\n[taxonomies]\ntags = [\"rust\"]", "x"),
    )
    .file(
        "content/blog/x.fr.md",
        &page("X fr", "date = 2024-01-03\n[taxonomies]\ntags = [\"rouille\"]", "x"),
    )
    .file("content/blog/y.es.md", &page("Y es", "", "y"))
    .file("content/blog/z/index.md", &page("Z", "", "z"))
    .file("content/blog/z/index.fr.md", &page("Z fr", "", "z"))
    .file("content/blog/z/photo.txt", "a file beside the bundle");
    f
}

#[test]
fn language_codes_in_file_names_give_paths_below_the_language() {
    let f = site();
    f.build();
    assert!(f.read("blog/x/index.html").starts_with("PAGE en|X|Site|"));
    assert!(f
        .read("fr/blog/x/index.html")
        .starts_with("PAGE fr|X fr|Site FR|"));
    // Spanish has no `blog/_index.es.md`: the page is built, in no section (Zola).
    assert!(f
        .read("es/blog/y/index.html")
        .starts_with("PAGE es|Y es|Sitio|"));
    // Each language's section holds its own language's pages only.
    assert_eq!(
        f.read("blog/index.html").split('|').nth(2),
        Some("X;Z;"),
        "{}",
        f.read("blog/index.html")
    );
    assert!(f
        .read("fr/blog/index.html")
        .starts_with("SECTION fr|Blogue|X fr;Z fr;|"));
    // A translated bundle is named after its folder and gets the folder's files too.
    assert!(f.read("fr/blog/z/index.html").starts_with("PAGE fr|Z fr|"));
    assert!(f.exists("blog/z/photo.txt"));
    assert!(f.exists("fr/blog/z/photo.txt"));
    assert!(f
        .read("fr/blog/z/index.html")
        .ends_with("/blog/z/photo.txt"));
    // Every language has a home page, written or not.
    assert!(f
        .read("index.html")
        .starts_with("INDEX en|Site|Hello|Hello|"));
    assert!(f
        .read("fr/index.html")
        .starts_with("INDEX fr|Site FR|Bonjour|Hello|"));
    assert!(f.read("es/index.html").starts_with("INDEX es|Sitio|"));
}

#[test]
fn templates_see_translations_and_the_other_languages() {
    let f = site();
    f.build();
    let x = f.read("blog/x/index.html");
    assert!(
        x.contains("|en=https://example.org/blog/x/,fr=https://example.org/fr/blog/x/,|"),
        "{x}"
    );
    let blog = f.read("fr/blog/index.html");
    assert!(
        blog.ends_with("|en=https://example.org/blog/,fr=https://example.org/fr/blog/,"),
        "{blog}"
    );
    // A translation's `path` is its file, which `get_page` takes (Zola's test_site_i18n).
    f.file(
        "templates/page.html",
        "{% for t in page.translations %}{% set p = get_page(path=t.path) %}{{ p.title }};{% endfor %}",
    )
    .build();
    assert_eq!(f.read("fr/blog/x/index.html"), "X;X fr;");
    // `config.languages` lists the languages other than the page's own, the default too.
    assert!(f.read("index.html").ends_with("|es:Sitio,fr:Site FR,"));
    assert!(f.read("fr/index.html").ends_with("|en:Site,es:Sitio,"));
}

#[test]
fn get_url_and_get_page_take_a_language() {
    let f = site();
    std::fs::remove_file(f.root().join("content/blog/y.es.md")).unwrap();
    f.file(
        "templates/page.html",
        "{{ get_url(path=\"@/blog/x.md\", lang=\"fr\") }}|{{ get_url(path=\"@/blog/x.md#a\", lang=\"fr\") }}|{{ get_url(path=\"about\", lang=\"fr\") }}|{{ get_url(path=\"/about\") }}|{% set p = get_page(path=\"blog/x.md\", lang=lang) %}{{ p.title }}|{% set s = get_section(path=\"blog/_index.md\", lang=\"fr\") %}{{ s.title }}",
    );
    f.build();
    assert_eq!(
        f.read("blog/x/index.html"),
        "https://example.org/fr/blog/x/|https://example.org/fr/blog/x/#a|https://example.org/fr/about|https://example.org/about|X|Blogue"
    );
    assert!(f.read("fr/blog/x/index.html").ends_with("|X fr|Blogue"));
    f.file(
        "templates/page.html",
        "{{ get_url(path=\"@/blog/x.md\", lang=\"de\") }}",
    );
    let err = f.build_err();
    assert!(
        err.contains("`de` is not one of the site's languages"),
        "{err}"
    );
}

#[test]
fn trans_without_the_key_for_the_language_is_an_error() {
    let f = site();
    f.file(
        "templates/index.html",
        "{{ trans(key=\"hello\", lang=\"es\") }}",
    );
    let err = f.build_err();
    assert!(
        err.contains("no translation `hello` for language `es`"),
        "{err}"
    );
}

#[test]
fn taxonomies_are_per_language() {
    let f = site();
    f.build();
    assert_eq!(f.read("tags/rust/index.html"), "TERM en|rust|X;");
    assert_eq!(
        f.read("fr/tags/rouille/index.html"),
        "TERM fr|rouille|X fr;"
    );
    assert!(!f.exists("tags/rouille/index.html"));
    assert_eq!(
        f.read("fr/tags/index.html"),
        "TAGS fr|https://example.org/fr/tags/rouille/;"
    );
    // Spanish declares no taxonomy: a Spanish page with tags is refused, as Zola does.
    f.file(
        "content/blog/y.es.md",
        &page("Y es", "[taxonomies]\ntags = [\"a\"]", ""),
    );
    let err = f.build_err();
    assert!(err.contains("content/blog/y.es.md"), "{err}");
    assert!(
        err.contains("unknown taxonomy `tags` for language `es`"),
        "{err}"
    );
    assert!(err.contains("languages.es.taxonomies"), "{err}");
}

#[test]
fn feeds_per_language_and_one_sitemap() {
    let f = site();
    f.build();
    let en = f.read("atom.xml");
    assert!(
        en.contains("https://example.org/blog/x/") && !en.contains("/fr/blog/x/"),
        "{en}"
    );
    let fr = f.read("fr/atom.xml");
    assert!(fr.contains("https://example.org/fr/blog/x/"), "{fr}");
    assert!(!fr.contains("https://example.org/blog/x/"), "{fr}");
    // Spanish has no `generate_feeds`.
    assert!(!f.exists("es/atom.xml"));
    let sitemap = f.read("sitemap.xml");
    for url in [
        "/blog/x/",
        "/fr/blog/x/",
        "/es/blog/y/",
        "/fr/tags/rouille/",
        "/fr/",
    ] {
        assert!(
            sitemap.contains(&format!("https://example.org{url}<")),
            "{url}: {sitemap}"
        );
    }
}

#[test]
fn an_undeclared_language_code_names_the_file_and_the_fix() {
    let f = site();
    f.file("content/blog/w.de.md", &page("W", "", ""));
    let err = f.build_err();
    assert!(err.contains("content/blog/w.de.md"), "{err}");
    assert!(
        err.contains("language `de`, which config.toml does not declare"),
        "{err}"
    );
    assert!(err.contains("add `[languages.de]`"), "{err}");
}

#[test]
fn a_site_in_one_language_keeps_dots_in_names() {
    // As in Zola: without `[languages]`, `x.es.md` is a page called `x.es`.
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file("content/x.es.md", &page("X", "", "")).build();
    assert!(f.exists("x-es/index.html"));
}
