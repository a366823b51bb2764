//! Markdown features as the reader sees them in the page HTML.

mod common;
use common::*;

fn render(config_extra: &str, body: &str) -> String {
    let f = Fixture::new(&format!("{BASIC_CONFIG}{config_extra}"));
    f.file("templates/page.html", "{{ page.content | safe }}|SUMMARY={{ page.summary | default(value='') | safe }}|TOC={% for h in page.toc %}{{ h.id }}({% for c in h.children %}{{ c.id }}{% endfor %}){% endfor %}")
        .file("content/target.md", &page("目标", "", "## 第一节\n\n## Second {#custom}\n"))
        .file("content/p.md", &page("测试", "", body))
        .build();
    f.read("p/index.html")
}

#[test]
fn commonmark_extensions() {
    let html = render(
        "[markdown]\nsmart_punctuation = true\ndefinition_list = true\ngithub_alerts = true\n",
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~删除~~\n\n- [x] 完成\n\n\"quoted\" -- dash...\n\nTerm\n: Definition\n\n> [!NOTE]\n> 注意\n",
    );
    assert!(html.contains("<table>"), "{html}");
    assert!(html.contains("<del>删除</del>"));
    assert!(html.contains("type=\"checkbox\""));
    assert!(html.contains("“quoted” – dash…"), "{html}");
    assert!(
        html.contains("<dl>") && html.contains("<dd>Definition</dd>"),
        "{html}"
    );
    assert!(html.contains("markdown-alert-note"), "{html}");
}

#[test]
fn headings_ids_toc_and_anchor_links() {
    let html = render(
        "[markdown]\ninsert_anchor_links = \"right\"\n",
        "# 事迹经过\n\n## 表彰\n\n## 表彰\n\n# Custom {#mine .cls}\n",
    );
    assert!(
        html.contains(
            "<h1 id=\"shi-ji-jing-guo\">事迹经过<a class=\"zola-anchor\" href=\"#shi-ji-jing-guo\""
        ),
        "{html}"
    );
    assert!(
        html.contains("id=\"biao-zhang-1\""),
        "duplicate ids get a suffix: {html}"
    );
    assert!(html.contains("<h1 id=\"mine\" class=\"cls\">"), "{html}");
    assert!(
        html.contains("TOC=shi-ji-jing-guo(biao-zhangbiao-zhang-1)mine()"),
        "{html}"
    );
}

#[test]
fn summary_and_internal_links() {
    let html = render(
        "",
        "开头 [链接](@/target.md#custom)。\n\n<!-- more -->\n\n后面 [二](@/target.md)\n",
    );
    assert!(
        html.contains("href=\"https://example.org/target/#custom\""),
        "{html}"
    );
    assert!(html.contains("<span id=\"continue-reading\"></span>"));
    let summary = html.split("|SUMMARY=").nth(1).unwrap();
    assert!(summary.starts_with("<p>开头"), "{summary}");
    assert!(!summary.contains("后面"));
}

#[test]
fn footnotes_both_styles() {
    let plain = render("", "文[^1]。\n\n[^1]: 注释\n");
    assert!(plain.contains("footnote-definition"), "{plain}");
    let bottom = render(
        "[markdown]\nbottom_footnotes = true\n",
        "文[^n]。\n\n[^n]: 注释\n\n后文\n",
    );
    let foot = bottom
        .find("<footer class=\"footnotes\">")
        .expect("footnotes at the bottom");
    assert!(bottom.find("后文").unwrap() < foot);
    assert!(
        bottom.contains("<a href=\"#fn-n\">1</a>") && bottom.contains("href=\"#fr-n-1\">↩</a>"),
        "{bottom}"
    );
}

#[test]
fn external_links_and_lazy_images() {
    let html = render(
        "[markdown]\nexternal_links_target_blank = true\nexternal_links_no_follow = true\nexternal_links_class = \"ext\"\nlazy_async_image = true\n",
        "[外部](https://gov.cn) [内部](/about/)\n\n![图 *说明*](a.png)\n",
    );
    assert!(html.contains("<a class=\"ext\" rel=\"noopener nofollow\" target=\"_blank\" href=\"https://gov.cn\">外部</a>"), "{html}");
    assert!(html.contains("<a href=\"/about/\">内部</a>"));
    assert!(
        html.contains("<img src=\"a.png\" alt=\"图 说明\" loading=\"lazy\" decoding=\"async\" />"),
        "{html}"
    );
}

#[test]
fn code_blocks_plain_and_highlighted() {
    let plain = render("", "```rust,linenos\nlet x = 1;\n```\n");
    assert!(
        plain.contains(
            "<pre><code class=\"language-rust\" data-lang=\"rust\">let x = 1;\n</code></pre>"
        ),
        "{plain}"
    );
    let hl = render(
        "[markdown.highlighting]\ntheme = \"github-light\"\n",
        "```rust,hl_lines=1\nlet x = 1;\n```\n",
    );
    assert!(
        hl.contains("giallo") && hl.contains("style="),
        "highlighted with inline colours: {hl}"
    );
    assert!(hl.contains("let"), "{hl}");
}

#[test]
fn shortcodes_inline_body_markdown_and_escaped() {
    let f = Fixture::new(BASIC_CONFIG);
    f.file("templates/page.html", "{{ page.content | safe }}")
        .file("templates/shortcodes/badge.html", "<span class=\"badge\">{{ text }}{{ n }}#{{ nth }}</span>")
        .file("templates/shortcodes/quote.html", "<blockquote class=\"q\">{{ body | markdown | safe }}— {{ author }}</blockquote>")
        .file("templates/shortcodes/note.md", "**提示：** {{ body }}")
        .file(
            "content/p.md",
            &page(
                "短代码",
                "",
                "前 {{ badge(text=\"英雄\", n=3) }} 后\n\n{% quote(author='张某') %}\n*勇敢*\n{% end %}\n\n{% note() %}注意安全{% end %}\n\n{{/* badge(text=\"x\") */}}\n",
            ),
        )
        .build();
    let html = f.read("p/index.html");
    assert!(
        html.contains("前 <span class=\"badge\">英雄3#1</span> 后"),
        "{html}"
    );
    assert!(
        html.contains("<blockquote class=\"q\"><p><em>勇敢</em></p>\n— 张某</blockquote>"),
        "{html}"
    );
    assert!(html.contains("<strong>提示：</strong> 注意安全"), "{html}");
    assert!(
        html.contains("{{ badge(text=\"x\") }}"),
        "escaped shortcode shown as text: {html}"
    );
}

#[test]
fn emoji_when_enabled() {
    assert!(render("[markdown]\nrender_emoji = true\n", "赞 :+1:\n").contains("赞 👍"));
    assert!(render("", "赞 :+1:\n").contains(":+1:"));
}

#[test]
fn many_identical_headings_get_zolas_ids_in_linear_time() {
    // The ids already taken (`same-2` by a heading of its own, `same-4` given explicitly)
    // are skipped, as before; 20,000 such headings took minutes when each id was searched
    // from `-1` again.
    let n = 20_000;
    let body = "# Same 2\n\n# Same\n\n# Other {#same-4}\n\n".to_string() + &"# Same\n\n".repeat(n);
    let html = render("", &body);
    let ids: Vec<&str> = html
        .split("<h1 id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap())
        .collect();
    let mut expected = vec!["same-2".to_string(), "same".into(), "same-4".into()];
    expected.extend(
        (1..)
            .filter(|k| *k != 2 && *k != 4)
            .take(n)
            .map(|k| format!("same-{k}")),
    );
    assert_eq!(ids.len(), expected.len());
    assert!(
        ids.iter().zip(&expected).all(|(a, b)| a == b),
        "{:?}",
        &ids[..8]
    );
}

#[test]
fn half_written_shortcodes_stay_text_and_many_shortcodes_render_in_linear_time() {
    // Each of these, repeated, made every occurrence search the rest of the page (over two
    // minutes for the pages below); `{{/*/}}` panicked. Now they are text, and 20,000 HTML
    // shortcodes are put back in one pass.
    let n = 20_000;
    let f = Fixture::new(BASIC_CONFIG);
    f.file("templates/page.html", "{{ page.content | safe }}")
        .file("templates/shortcodes/s.html", "<b>s</b>")
        .file(
            "content/escape.md",
            &page(
                "a",
                "",
                &("x {{/*/}} y\n\n".to_string() + &"{{/* ".repeat(n)),
            ),
        )
        .file("content/body.md", &page("b", "", &"{% b() %} ".repeat(n)))
        .file("content/string.md", &page("c", "", &"{{ x(a=\"".repeat(n)))
        .file(
            "content/many.md",
            &page("d", "", &"text {{ s() }}\n\n".repeat(n)),
        )
        .build();
    let escape = f.read("escape/index.html");
    assert!(escape.starts_with("<p>x {{/*/}} y</p>"), "{escape}");
    assert_eq!(escape.matches("{{/*").count(), n + 1);
    assert_eq!(f.read("body/index.html").matches("{% b() %}").count(), n);
    assert_eq!(f.read("string/index.html").matches("{{ x(a=\"").count(), n);
    let many = f.read("many/index.html");
    assert_eq!(
        many.matches("<p>text <b>s</b></p>").count(),
        n,
        "{}",
        &many[..200]
    );
}
