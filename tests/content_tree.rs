//! Sections, pages, bundles, slugs, dates, sorting, drafts and redirects.

mod common;
use common::*;

#[test]
fn sections_pages_and_bundles() {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
        .file(
            "content/news/_index.md",
            "+++\ntitle = \"新闻\"\nsort_by = \"date\"\n+++\n",
        )
        .file("content/news/2024-01-29-gala.md", &page("年会", "", "正文"))
        .file(
            "content/news/meeting.md",
            &page("推进会", "date = 2024-06-06", "会议"),
        )
        .file(
            "content/news/story/index.md",
            &page("故事", "date = 2023-01-01", "![照片](photo.png)"),
        )
        .bytes("content/news/story/photo.png", b"\x89PNG fake")
        .file(
            "content/news/见义勇为.md",
            &page("中文文件名", "date = 2020-01-01", ""),
        )
        .build();
    assert!(f.read("index.html").starts_with("INDEX 首页"));
    // Date-prefixed file: date from the name, prefix dropped from the slug.
    assert!(f.read("news/gala/index.html").contains("PAGE 年会"));
    assert!(f
        .read("news/story/index.html")
        .contains("<img src=\"photo.png\""));
    assert!(f.exists("news/story/photo.png"), "colocated asset copied");
    // Chinese file names slugify to pinyin as Zola does.
    assert!(f.exists("news/jian-yi-yong-wei/index.html"));
    // Sorted newest first.
    assert_eq!(
        f.read("news/index.html"),
        "SECTION 新闻|推进会;年会;故事;中文文件名;"
    );
    // As in Zola 0.22: lower is the previous page in sort order (newer), higher the next.
    let gala = f.read("news/gala/index.html");
    assert!(gala.contains("lower=推进会"), "{gala}");
    assert!(gala.contains("higher=故事"), "{gala}");
}

#[test]
fn yaml_front_matter_slug_and_path() {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file(
        "content/a.md",
        "---\ntitle: 甲\nslug: custom-slug\n---\nbody",
    )
    .file(
        "content/b.md",
        "+++\ntitle = \"乙\"\npath = \"special/place\"\n+++\n",
    )
    .build();
    assert!(f.read("custom-slug/index.html").contains("PAGE 甲"));
    assert!(f.read("special/place/index.html").contains("PAGE 乙"));
}

#[test]
fn sort_modes_weight_title_and_ignored_pages() {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file(
        "content/w/_index.md",
        "+++\ntitle = \"W\"\nsort_by = \"weight\"\n+++\n",
    )
    .file("content/w/a.md", &page("A", "weight = 3", ""))
    .file("content/w/b.md", &page("B", "weight = 1", ""))
    .file("content/w/c.md", &page("C", "", ""))
    .file(
        "content/t/_index.md",
        "+++\ntitle = \"T\"\nsort_by = \"title\"\n+++\n",
    )
    .file("content/t/x.md", &page("item 10", "", ""))
    .file("content/t/y.md", &page("item 2", "", ""))
    .file("content/t/z.md", &page("Item 1", "", ""))
    .build();
    // C has no weight: left out of the sorted list, as in Zola.
    assert_eq!(f.read("w/index.html"), "SECTION W|B;A;");
    assert_eq!(f.read("t/index.html"), "SECTION T|Item 1;item 2;item 10;");
    assert!(f.read("w/b/index.html").contains("higher=A"));
}

#[test]
fn drafts_are_left_out_unless_asked() {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file("content/a.md", &page("公开", "", ""))
        .file("content/b.md", &page("草稿", "draft = true", ""))
        .build();
    assert!(!f.exists("b/index.html"));
    assert!(f.read("index.html").contains("公开"));
    let out = f.run(&["build", "--drafts"]);
    assert!(out.status.success());
    assert!(f.exists("b/index.html"));
}

#[test]
fn transparent_redirect_render_false_and_aliases() {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file(
        "content/blog/_index.md",
        "+++\ntitle = \"Blog\"\nsort_by = \"date\"\n+++\n",
    )
    .file(
        "content/blog/2024/_index.md",
        "+++\ntitle = \"2024\"\ntransparent = true\nsort_by = \"date\"\n+++\n",
    )
    .file(
        "content/blog/2024/p.md",
        &page(
            "深层",
            "date = 2024-03-01\naliases = [\"old/url\", \"legacy.html\"]",
            "",
        ),
    )
    .file(
        "content/go/_index.md",
        "+++\nredirect_to = \"blog/\"\n+++\n",
    )
    .file("content/hidden/_index.md", "+++\nrender = false\n+++\n")
    .file("content/hidden/h.md", &page("隐藏节里的页", "", ""))
    .build();
    assert!(
        f.read("blog/index.html").contains("深层"),
        "transparent pages bubble up"
    );
    assert!(f
        .read("go/index.html")
        .contains("url=https://example.org/blog/"));
    assert!(!f.exists("hidden/index.html"));
    assert!(
        f.exists("hidden/h/index.html"),
        "pages of a render=false section are still rendered"
    );
    assert!(f
        .read("old/url/index.html")
        .contains("https://example.org/blog/2024/p/"));
    assert!(f
        .read("legacy.html")
        .contains("https://example.org/blog/2024/p/"));
}

#[test]
fn pagination_urls_and_paginator() {
    let f = Fixture::new(BASIC_CONFIG);
    f.file(
        "templates/section.html",
        "{{ paginator.current_index }}/{{ paginator.number_pagers }}:{% for p in paginator.pages %}{{ p.title }},{% endfor %}prev={{ paginator.previous | default(value='') | safe }} next={{ paginator.next | default(value='') | safe }} pages={{ section.pages | length }}",
    )
    .file("templates/page.html", "")
    .file("content/news/_index.md", "+++\ntitle = \"N\"\nsort_by = \"weight\"\npaginate_by = 2\n+++\n");
    for i in 1..=5 {
        f.file(
            &format!("content/news/p{i}.md"),
            &page(&format!("P{i}"), &format!("weight = {i}"), ""),
        );
    }
    f.build();
    assert_eq!(
        f.read("news/index.html"),
        "1/3:P1,P2,prev= next=https://example.org/news/page/2/ pages=0"
    );
    assert_eq!(
        f.read("news/page/2/index.html"),
        "2/3:P3,P4,prev=https://example.org/news/ next=https://example.org/news/page/3/ pages=0"
    );
    assert!(f.read("news/page/3/index.html").starts_with("3/3:P5,"));
    assert!(
        f.read("news/page/1/index.html")
            .contains("https://example.org/news/"),
        "page/1 redirects"
    );
}

#[test]
fn ignored_content_update_date_and_slug_sorting() {
    let f = Fixture::with_templates(&format!(
        "{BASIC_CONFIG}ignored_content = [\"*.tmp.md\", \"drafts-folder/**\"]\n"
    ));
    f.file(
        "content/u/_index.md",
        "+++\ntitle = \"U\"\nsort_by = \"update_date\"\n+++\n",
    )
    .file(
        "content/u/a.md",
        &page("A", "date = 2020-01-01\nupdated = 2024-05-01", ""),
    )
    .file("content/u/b.md", &page("B", "date = 2023-01-01", ""))
    .file(
        "content/s/_index.md",
        "+++\ntitle = \"S\"\nsort_by = \"slug\"\n+++\n",
    )
    .file("content/s/zz.md", &page("Z", "", ""))
    .file("content/s/aa.md", &page("A", "", ""))
    .file("content/s/x.tmp.md", &page("临时", "", ""))
    .file("content/drafts-folder/y.md", &page("忽略", "", ""))
    .build();
    assert_eq!(f.read("u/index.html"), "SECTION U|A;B;");
    assert_eq!(f.read("s/index.html"), "SECTION S|A;Z;");
    assert!(!f.exists("drafts-folder/y/index.html"));
}

#[test]
fn windows_line_endings_and_byte_order_mark() {
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file("content/a.md", "\u{feff}+++\r\ntitle = \"记事本保存\"\r\ndate = 2024-01-01\r\n+++\r\n第一段\r\n\r\n## 小标题\r\n")
        .file("content/b.md", "---\r\ntitle: YAML 换行\r\n---\r\n正文\r\n")
        .build();
    let a = f.read("a/index.html");
    assert!(
        a.contains("PAGE 记事本保存") && a.contains("<h2 id=\"xiao-biao-ti\">小标题</h2>"),
        "{a}"
    );
    assert!(f.read("b/index.html").contains("PAGE YAML 换行"));
}

#[test]
fn non_utf8_file_is_named_with_a_hint() {
    let f = Fixture::with_templates(BASIC_CONFIG);
    // "标题" in GBK, as Notepad on a Chinese Windows may save it.
    f.bytes(
        "content/gbk.md",
        b"+++\ntitle = \"\xb1\xea\xcc\xe2\"\n+++\n",
    );
    let err = f.build_err();
    assert!(
        err.contains("content/gbk.md") && err.contains("UTF-8"),
        "{err}"
    );
}
