//! Zola's template functions and filters, themes and template lookup.

mod common;
use common::*;

#[test]
fn global_functions_and_filters() {
    let f = Fixture::new(&format!(
        "{BASIC_CONFIG}taxonomies = [{{ name = \"districts\" }}]\n[translations]\nhome = \"首页\"\n[extra]\nphone_hidden = true\n"
    ));
    f.file("static/site.css", "body{}")
        .file("data/stats.toml", "teams = 342\nvolunteers = 6538\n")
        .file("data/list.csv", "name,count\n主题公园,15\n")
        .file("data/d.json", "{\"a\": [1, 2]}")
        .file("content/news/_index.md", "+++\ntitle = \"新闻\"\nsort_by = \"date\"\n+++\n")
        .file("content/news/a.md", &page("甲", "date = 2024-01-02\n[taxonomies]\ndistricts = [\"金水区\"]", "正文"))
        .file(
            "templates/index.html",
            r#"{% set s = get_section(path="news/_index.md") %}{% set p = get_page(path="news/a.md") %}{% set st = load_data(path="data/stats.toml") %}{% set c = load_data(path="data/list.csv") %}{% set j = load_data(path="data/d.json") %}
url={{ get_url(path="@/news/a.md") }}
css={{ get_url(path="site.css", cachebust=true) }}
feed={{ get_url(path="atom.xml") }}
sec={{ s.title }}:{{ s.pages | length }}
page={{ p.title }}:{{ p.date }}:{{ p.year }}
tax={{ get_taxonomy_url(kind="districts", name="金水区") }}
{% set tt = get_taxonomy_term(kind="districts", term="金水区") %}{% set ta = get_taxonomy(kind="districts") %}taxterm={{ tt.pages | length }}
taxall={{ ta.items | length }}
data={{ st.volunteers | num_format }}:{{ c.records[0][0] }}:{{ j.a[1] }}
hash={{ get_hash(literal="abc", sha_type=256, base64=false) }}
trans={{ trans(key="home") }}
md={{ "**粗**" | markdown(inline=true) | safe }}
b64={{ "义勇" | base64_encode | base64_decode }}
re={{ "2024年7月" | regex_replace(pattern="\d+", rep="N") }}
date={{ p.date | date(format="%Y年%-m月%-d日") }} {{ p.date | date(format="%A", locale="zh_CN") }}
extra={{ config.extra.phone_hidden }}
"#,
        )
        .file("templates/page.html", "")
        .file("templates/section.html", "")
        .file("templates/districts/list.html", "")
        .file("templates/districts/single.html", "")
        .build();
    let out = f.read("index.html").replace("&#x2F;", "/");
    for expected in [
        "url=https://example.org/news/a/",
        "feed=https://example.org/atom.xml",
        "sec=新闻:1",
        "page=甲:2024-01-02:2024",
        "tax=https://example.org/districts/jin-shui-qu/",
        "taxterm=1",
        "taxall=1",
        "data=6,538:主题公园:2",
        "hash=ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "trans=首页",
        "md=<strong>粗</strong>",
        "b64=义勇",
        "re=N年N月",
        "date=2024年1月2日 星期二",
        "extra=true",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
    assert!(out.contains("css=https://example.org/site.css?h="), "{out}");
}

/// `get_url` keeps the URLs it made for the build: each set of arguments is made once, and
/// asked again (on the next page, or here in a loop) gives the same; no two sets share one.
#[test]
fn get_url_gives_each_set_of_arguments_its_own_url_every_time() {
    let f = Fixture::new(BASIC_CONFIG);
    f.file("static/a.css", "a{}")
        .file("static/b.css", "b{}")
        .file(
            "templates/index.html",
            r#"{% for i in [1, 2] %}{{ get_url(path="a.css") }} {{ get_url(path="a.css", cachebust=true) }} {{ get_url(path="a.css", cachebust=false) }} {{ get_url(path="a.css", trailing_slash=true) }} {{ get_url(path="b.css", cachebust=true) }} {{ get_url(path="/a.css") }};{% endfor %}"#,
        )
        .build();
    let out = f.read("index.html");
    let (first, second) = out.split_once(';').unwrap();
    assert_eq!(format!("{first};"), second, "{out}");
    let urls: Vec<&str> = first.split(' ').collect();
    let a = "https://example.org/a.css";
    assert_eq!(urls[0], a);
    assert!(urls[1].starts_with(&format!("{a}?h=")), "{out}");
    assert_eq!(urls[2], a);
    assert_eq!(urls[3], format!("{a}/"));
    assert!(urls[4].starts_with("https://example.org/b.css?h="), "{out}");
    assert_ne!(
        urls[1][a.len()..],
        urls[4]["https://example.org/b.css".len()..]
    );
    assert_eq!(urls[5], a);
}

#[test]
fn load_data_refuses_urls_with_a_clear_error() {
    let f = Fixture::new(BASIC_CONFIG);
    f.file(
        "templates/index.html",
        r#"{{ load_data(url="https://example.com/x.json") }}"#,
    );
    let err = f.build_err();
    assert!(err.contains("remote URLs are not fetched"), "{err}");
}

#[test]
fn theme_templates_extra_and_overrides() {
    let f = Fixture::new(&format!(
        "{BASIC_CONFIG}theme = \"t\"\n[extra]\ncolor = \"red\"\n"
    ));
    f.file("themes/t/theme.toml", "name = \"t\"\n[extra]\ncolor = \"blue\"\nfont = \"sans\"\n")
        .file("themes/t/templates/base.html", "THEME-BASE[{% block body %}{% endblock %}]")
        .file("themes/t/templates/page.html", "{% extends \"base.html\" %}{% block body %}theme page {{ page.title }}{% endblock %}")
        .file("themes/t/templates/index.html", "theme index {{ config.extra.color }} {{ config.extra.font }}")
        .file("themes/t/static/theme.css", "t")
        .file("static/own.css", "o")
        .file("templates/page.html", "{% extends \"t/templates/page.html\" %}{% block body %}site override, {{ super() }}{% endblock %}")
        .file("content/a.md", &page("甲", "", ""))
        .build();
    assert_eq!(f.read("index.html"), "theme index red sans");
    assert_eq!(
        f.read("a/index.html"),
        "THEME-BASE[site override, theme page 甲]"
    );
    assert!(f.exists("theme.css") && f.exists("own.css"));
}

#[test]
fn zola_toml_is_found_before_config_toml() {
    let f = Fixture::new("base_url = \"https://wrong.example\"\n");
    f.file("zola.toml", "base_url = \"https://right.example\"\n")
        .file("templates/index.html", "{{ config.base_url }}")
        .build();
    assert_eq!(f.read("index.html"), "https:&#x2F;&#x2F;right.example");
}

#[test]
fn missing_default_template_renders_a_notice() {
    let f = Fixture::new(BASIC_CONFIG);
    f.file("content/a.md", &page("甲", "", "")).build();
    assert!(f.read("a/index.html").contains("templates/page.html"));
}

#[test]
fn image_metadata_for_raster_and_svg() {
    let f = Fixture::new(BASIC_CONFIG);
    let mut png = std::io::Cursor::new(vec![]);
    image::RgbImage::new(40, 30)
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
    f.bytes("static/a.png", png.get_ref())
        .file("static/b.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 60\"></svg>")
        .file(
            "templates/index.html",
            r#"{% set a = get_image_metadata(path="a.png") %}{% set b = get_image_metadata(path="b.svg") %}{{ a.width }}x{{ a.height }} {{ a.mime | safe }} {{ b.width }}x{{ b.height }} {{ get_image_metadata(path="none.png", allow_missing=true) }}"#,
        )
        .build();
    assert_eq!(f.read("index.html"), "40x30 image/png 120x60 ");
}

/// Listings leave out page HTML when their template cannot read it (a speed-up); every way a
/// template can read it must still get it.
#[test]
fn listed_pages_carry_their_html_whenever_a_template_reads_it() {
    let f = Fixture::new(&format!(
        "{BASIC_CONFIG}taxonomies = [{{ name = \"tags\", paginate_by = 5 }}]\n"
    ));
    f.file(
        "content/news/_index.md",
        "+++\ntitle = \"新闻\"\nsort_by = \"weight\"\npaginate_by = 5\n+++\n",
    );
    for (i, word) in ["甲文", "乙文", "丙文"].iter().enumerate() {
        f.file(
            &format!("content/news/{i}.md"),
            &page(
                word,
                &format!("weight = {i}\n[taxonomies]\ntags = [\"t\"]"),
                &format!("正文{word}"),
            ),
        );
    }
    f.file(
        "templates/macros.html",
        "{% macro card(item) %}[{{ item.content | striptags }}]{% endmacro %}",
    )
    .file(
        "templates/page.html",
        "{{ page.content | safe }}|lower:{% if page.lower %}{{ page.lower.content | striptags }}{% endif %}",
    )
    .file(
        "templates/section.html",
        "{% import \"macros.html\" as m %}{% for p in paginator.pages %}{{ m::card(item=p) }}{% endfor %}",
    )
    .file(
        "templates/tags/list.html",
        "{% for t in terms %}{% for p in t.pages %}{{ p | get(key=\"content\") | striptags }};{% endfor %}{% endfor %}",
    )
    .file(
        "templates/tags/single.html",
        "{% for p in paginator.pages %}{{ p.title }}{% endfor %}",
    )
    .file("templates/index.html", "")
    .build();
    assert!(f.read("news/1/index.html").contains("lower:正文甲文"));
    assert_eq!(
        f.read("news/index.html"),
        "[正文甲文\n][正文乙文\n][正文丙文\n]"
    );
    assert!(f.read("tags/index.html").contains("正文甲文"));
    assert_eq!(f.read("tags/t/index.html"), "甲文乙文丙文");
}

/// Page values carry only the fields a template names; anything that reads fields without
/// naming them still sees all of them.
#[test]
fn listed_pages_carry_every_field_a_template_can_reach() {
    let f = Fixture::new(BASIC_CONFIG);
    f.file("content/news/_index.md", "+++\ntitle = \"新闻\"\n+++\n");
    for (i, rank) in [(0, 2), (1, 1)] {
        f.file(
            &format!("content/news/p{i}.md"),
            &page(
                &format!("第{i}篇"),
                &format!("[extra]\nrank = {rank}"),
                "正文",
            ),
        );
    }
    f.file(
        "templates/section.html",
        "{% for p in section.pages | sort(attribute=\"extra.rank\") %}{{ p.slug }}:{{ p | length }};{% endfor %}\
         {% set k = \"word_count\" %}{% for p in section.pages %}{{ p[k] }},{% endfor %}",
    )
    .file("templates/page.html", "{{ page.title }}")
    .file("templates/index.html", "")
    .build();
    assert_eq!(f.read("news/index.html"), "p1:29;p0:29;2,2,");
}

/// `config` is cut to the keys a template names, as page values are; whatever route a
/// template takes to a key, the key is there.
#[test]
fn config_carries_every_key_a_template_can_reach() {
    let f = Fixture::new(&format!(
        "{BASIC_CONFIG}description = \"描述\"\n[extra]\nlogo = \"标志\"\n"
    ));
    f.file(
        "templates/macros.html",
        "{% macro show(c) %}{{ c.extra.logo }}{% endmacro %}",
    )
    .file("templates/inc.html", "{{ config.description }}")
    .file(
        "templates/index.html",
        "{% import \"macros.html\" as m %}{{ config.title }}|{{ m::show(c=config) }}|{% include \"inc.html\" %}\
         |{{ config | get(key=\"default_language\") }}|{% set c = config %}{{ c.base_url }}",
    )
    .file(
        "templates/404.html",
        "{{ config | length }}|{% for k, v in config.extra %}{{ k }}={{ v }}{% endfor %}",
    )
    .file("templates/robots.txt", "{{ config | json_encode | safe }}")
    .build();
    let whole: serde_json::Value = serde_json::from_str(&f.read("robots.txt")).unwrap();
    let keys = whole.as_object().unwrap().len();
    assert_eq!(
        f.read("index.html"),
        "测试站|标志|描述|en|https:&#x2F;&#x2F;example.org"
    );
    let length: usize = f
        .read("404.html")
        .split('|')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        keys > 15 && length == keys,
        "every key counted: {length} of {keys}"
    );
    assert!(f.read("404.html").ends_with("logo=标志"));
}

/// Pages returned by `get_page`/`get_section`/`get_taxonomy` are sized to the calling
/// template too; whatever it names is there.
#[test]
fn function_results_carry_the_fields_the_template_names() {
    let f = Fixture::new(&format!(
        "{BASIC_CONFIG}taxonomies = [{{ name = \"tags\" }}]\n"
    ));
    f.file("content/news/_index.md", "+++\ntitle = \"新闻\"\n+++\n")
        .file(
            "content/news/p0.md",
            &page("第一篇", "[taxonomies]\ntags = [\"t\"]\n[extra]\nk = \"额外\"", "正文<b>一</b>"),
        )
        .file(
            "templates/index.html",
            "{% set s = get_section(path=\"news/_index.md\") %}{% for p in s.pages %}{{ p.title }}{% endfor %}\
             |{% set one = get_page(path=\"news/p0.md\") %}{{ one.content | safe }}{{ one.extra.k }}\
             |{% set t = get_taxonomy(kind=\"tags\") %}{% for i in t.items %}{% for p in i.pages %}{{ p.permalink | safe }}{% endfor %}{% endfor %}",
        )
        .file("templates/section.html", "")
        .file("templates/page.html", "")
        .file("templates/tags/list.html", "")
        .file("templates/tags/single.html", "")
        .build();
    assert_eq!(
        f.read("index.html"),
        "第一篇|<p>正文<b>一</b></p>\n额外|https://example.org/news/p0/"
    );
}

#[test]
fn deep_but_finite_recursion_renders() {
    // 800 levels of a macro (a tree menu, a nested comment thread) and 100 nested tags are
    // legitimate; with the default 2 MB thread stacks they aborted the process.
    let nested_ifs = "{% if true %}".repeat(100) + "deep" + &"{% endif %}".repeat(100);
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file(
        "templates/m.html",
        "{% macro r(n) %}{% if n > 0 %}<{{ self::r(n=n-1) }}>{% else %}bottom{% endif %}{% endmacro r %}",
    )
    .file(
        "templates/page.html",
        &format!("{{% import \"m.html\" as m %}}PAGE {{{{ m::r(n=800) }}}}|{nested_ifs}"),
    )
    .file("content/a.md", "+++\ntitle = \"甲\"\n+++\n")
    .build();
    let html = f.read("a/index.html");
    let expected = format!("PAGE {}bottom{}|deep", "<".repeat(800), ">".repeat(800));
    assert_eq!(html, expected);
}

#[test]
fn a_panic_while_rendering_is_an_error_naming_the_page_and_template() {
    // Tera's `%` panics on i64::MIN % -1; the panic must not end the process.
    let f = Fixture::with_templates(BASIC_CONFIG);
    f.file("content/a.md", "+++\ntitle = \"甲\"\n+++\n")
        .file("content/b.md", "+++\ntitle = \"乙\"\n+++\n")
        .file(
            "templates/page.html",
            "{% set m = -9223372036854775807 - 1 %}{% if page.title == \"甲\" %}{{ m % -1 }}{% endif %}{{ 1 | date }}",
        );
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("content/a.md") && err.contains("rendering `page.html` failed"),
        "{err}"
    );
    assert!(err.contains("internal error while rendering"), "{err}");
    assert!(!err.contains("content/b.md"), "{err}");
}
