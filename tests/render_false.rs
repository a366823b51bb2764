//! `render = false` on a page, as Zola 0.22 treats it (components/content/src/library.rs,
//! pagination.rs, components/site/src/lib.rs, sitemap.rs, feeds.rs): no file, not in its
//! section's pages, paginator or sitemap, but `get_page` and taxonomy terms have it, and the
//! site feed lists it.

mod common;
use common::*;

fn site() -> Fixture {
    let f = Fixture::new(&format!(
        "{BASIC_CONFIG}generate_feeds = true\ntaxonomies = [{{ name = \"tags\" }}]\n"
    ));
    f.file(
        "templates/section.html",
        "{{ section.title }}|{% for p in paginator.pages %}{{ p.title }};{% endfor %}\
         |n={{ paginator.number_pagers }}|last={{ paginator.last | safe }}|total={{ paginator.total_pages }}",
    )
    .file(
        "templates/index.html",
        "{% set h = get_page(path=\"blog/hidden/index.md\") %}GET {{ h.title }} {{ h.permalink | safe }}",
    )
    .file(
        "templates/page.html",
        "{{ page.title }}|lower={% if page.lower %}{{ page.lower.title }}{% endif %}\
         |higher={% if page.higher %}{{ page.higher.title }}{% endif %}",
    )
    .file("templates/tags/list.html", "")
    .file(
        "templates/tags/single.html",
        "{% for p in term.pages %}{{ p.title }};{% endfor %}",
    )
    .file(
        "content/blog/_index.md",
        "+++\ntitle = \"博客\"\nsort_by = \"date\"\npaginate_by = 2\n+++\n",
    )
    .file("content/blog/a.md", &page("甲", "date = 2024-03-01\n[taxonomies]\ntags = [\"t\"]", ""))
    .file("content/blog/b.md", &page("乙", "date = 2024-01-01", ""))
    .file(
        "content/blog/hidden/index.md",
        &page(
            "隐",
            "date = 2024-02-01\nrender = false\n[taxonomies]\ntags = [\"t\"]",
            "",
        ),
    )
    .file("content/blog/hidden/photo.png", "not copied");
    f
}

#[test]
fn a_page_not_rendered_has_no_file_and_is_left_out_of_its_section() {
    let f = site();
    f.build();
    assert!(!f.exists("blog/hidden/index.html"), "not rendered");
    assert!(
        !f.exists("blog/hidden/photo.png"),
        "its files are not copied either"
    );
    // Two rendered pages at two a pager: one pager, as in Zola (three with it counted
    // would make two).
    assert_eq!(
        f.read("blog/index.html"),
        "博客|甲;乙;|n=1|last=https://example.org/blog/|total=2"
    );
    assert!(!f.exists("blog/page/2/index.html"));
    // Its neighbours skip it.
    assert_eq!(f.read("blog/a/index.html"), "甲|lower=|higher=乙");
    // Templates still reach it.
    assert_eq!(
        f.read("index.html"),
        "GET 隐 https://example.org/blog/hidden/"
    );
    // A term keeps it (Zola adds every page to its terms).
    assert_eq!(f.read("tags/t/index.html"), "甲;隐;");
}

#[test]
fn sitemap_and_feeds_treat_it_as_zola_does() {
    let f = site();
    f.build();
    let sitemap = f.read("sitemap.xml");
    assert!(!sitemap.contains("blog/hidden"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.org/blog/a/</loc>"));
    // Zola lists a paginated section's pagers from `page/1/` (a redirect) on.
    assert!(
        sitemap.contains("<loc>https://example.org/blog/page/1/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("blog/page/2/"), "{sitemap}");
    assert!(f.exists("blog/page/1/index.html"));
    // Zola's site feed takes every dated page, rendered or not.
    let feed = f.read("atom.xml");
    assert!(feed.contains("https://example.org/blog/hidden/"), "{feed}");
}

#[test]
fn two_pages_may_share_a_path_when_one_is_not_rendered() {
    // Zola checks paths only for pages it writes.
    let f = site();
    f.file(
        "content/blog/shadow.md",
        &page("影", "path = \"blog/a\"\nrender = false", ""),
    );
    f.build();
    assert_eq!(f.read("blog/a/index.html"), "甲|lower=|higher=乙");
}

#[test]
fn paginated_terms_leave_it_out_of_their_pagers() {
    let f = site();
    f.file(
        "config.toml",
        &format!("{BASIC_CONFIG}taxonomies = [{{ name = \"tags\", paginate_by = 1 }}]\n"),
    )
    .file(
        "templates/tags/single.html",
        "{% for p in paginator.pages %}{{ p.title }};{% endfor %}\
         |n={{ paginator.number_pagers }}|total={{ paginator.total_pages }}",
    );
    f.build();
    // Zola's paginator skips it but counts it in `total_pages`.
    assert_eq!(f.read("tags/t/index.html"), "甲;|n=1|total=2");
    assert!(!f.exists("tags/t/page/2/index.html"));
    let sitemap = f.read("sitemap.xml");
    assert!(sitemap.contains("/tags/t/page/1/</loc>"), "{sitemap}");
    assert!(
        !sitemap.contains("/tags/t/page/2/"),
        "no pager that is not written: {sitemap}"
    );
}
