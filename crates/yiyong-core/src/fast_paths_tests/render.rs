//! templates/fast_render: each template below rendered by Tera and by `fast_render` must give
//! the same bytes, and `fast_render` must not have left it to Tera (except where it says so).
//! The cases are Tera's corners: where a missing name is an error and where it is only false,
//! what is escaped, loops' frames and `set`, macros, inheritance, brackets, arithmetic.

use serde_json::json;
use tera::{Context, Tera};

use crate::templates::fast_render::{self, Fail, MacroTable};

/// Templates shared by the cases: a base with blocks, a child, macros, an include.
const LIBRARY: &[(&str, &str)] = &[
    (
        "base.html",
        "<t>{% block title %}Base{% endblock %}</t>{% block body %}B{% endblock %}{% block foot %}F{% endblock %}",
    ),
    (
        "child.html",
        "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% block title %}Child {{ super() }}{% endblock %}{% block body %}{{ m::hello(name=who) }}{% endblock %}",
    ),
    (
        "grandchild.html",
        "{% extends \"child.html\" %}{% block title %}G {{ super() }}{% endblock %}",
    ),
    (
        "m.html",
        "{% macro hello(name, greeting=\"Hi\") %}{{ greeting }} {{ name }}{% if name == \"x\" %}!{% endif %}{% endmacro %}\
         {% macro count(n) %}{% if n > 0 %}{{ n }}{{ self::count(n=n - 1) }}{% endif %}{% endmacro %}\
         {% macro sees() %}{{ who | default(value=\"none\") }}{% endmacro %}",
    ),
    ("part.html", "[{{ who }}{% set inner = 1 %}{{ inner }}]"),
];

const CASES: &[(&str, &str)] = &[
    ("plain", "a {{ who }} b"),
    ("escaped", "{{ html }} {{ html | safe }} {{ \"<i>\" }} {{ html ~ \"\" }}"),
    ("escape-filter", "{{ html | upper }} {{ html | escape | safe }} {{ html | safe | upper }}"),
    ("dotted", "{{ page.title }} {{ page.extra.n }} {{ page.tags.1 }} {{ page.tags | length }}"),
    ("brackets", "{{ page.extra[key] }} {{ page[\"title\"] }} {{ page.tags[1] }} {{ page.extra[\"a.b\"] }} {{ page.extra[num] }}"),
    ("missing-in-if", "{% if nope %}y{% else %}n{% endif %}{% if nope.deeper %}y{% endif %}{% if not nope %}N{% endif %}"),
    ("default", "{{ nope | default(value=\"d\") }} {{ null_v | default(value=\"dn\") }} {{ who | default(value=\"x\") }}"),
    ("not", "{{ not nope }} {{ not who }} {{ not empty }}{% if not page.tags %}e{% endif %}"),
    ("compare", "{% if n == 3 %}a{% endif %}{% if n == 3.0 %}b{% endif %}{% if n != \"3\" %}c{% endif %}{% if not n == \"3\" %}d{% endif %}{% if who == \"Li\" %}e{% endif %}{% if n >= 3 and n < 4 %}f{% endif %}"),
    ("math", "{{ n + 1 }} {{ n * 2.5 }} {{ n / 2 }} {{ 6 / 3 }} {{ n % 2 }} {{ n - 10 }} {{ f * 2 }} {{ n / 0 }}"),
    ("math-filters", "{{ page.tags | length + 1 }} {% if page.tags | length > 1 %}many{% endif %}"),
    ("concat", "{{ \"a\" ~ who ~ 1 ~ 2.5 ~ n }} {{ \"<\" ~ html }}"),
    ("in", "{% if \"b\" in page.tags %}1{% endif %}{% if \"z\" not in page.tags %}2{% endif %}{% if \"ti\" in page.title %}3{% endif %}{% if \"extra\" in page %}4{% endif %}"),
    ("tests", "{% if nope is defined %}a{% endif %}{% if who is defined %}b{% endif %}{% if n is divisibleby(3) %}c{% endif %}{% if who is not string %}d{% endif %}{% if page.tags is iterable %}e{% endif %}"),
    ("for-array", "{% for t in page.tags %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ t }};{% endfor %}"),
    ("for-object", "{% for k, v in page.extra %}{{ k }}={{ v }};{% endfor %}"),
    ("for-empty", "{% for t in empty %}x{% else %}none{% endfor %}{% for t in [] %}x{% endfor %}"),
    ("for-literal", "{% for t in [1, \"<a>\", who] %}{{ t }},{% endfor %}"),
    ("for-break", "{% for t in page.tags %}{% if t == \"b\" %}{% break %}{% endif %}{{ t }}{% endfor %}|{% for t in page.tags %}{% if t == \"b\" %}{% continue %}{% endif %}{{ t }}{% endfor %}"),
    ("for-nested", "{% for a in page.tags %}{% for b in page.tags %}{{ loop.index }}{{ a }}{{ b }}{% endfor %}{{ loop.index }}{% endfor %}"),
    ("for-function", "{% for i in range(end=3) %}{{ i }}{% endfor %}"),
    ("set", "{% set x = who %}{{ x }}{% set x = \"two\" %}{{ x }}{% for t in page.tags %}{% set y = t %}{{ y }}{% endfor %}{{ y | default(value=\"gone\") }}"),
    ("set-global", "{% for t in page.tags %}{% set_global last = t %}{% endfor %}{{ last }}"),
    ("set-computed", "{% set r = range(end=4) %}{% for i in r %}{{ i }}{% endfor %}{{ r | length }}{{ r.2 }}"),
    ("filter-section", "{% filter upper %}a {{ who }}{% endfilter %}{% filter safe %}{{ html }}{% endfilter %}"),
    ("macro", "{% import \"m.html\" as m %}{{ m::hello(name=who) }}/{{ m::hello(name=\"x\", greeting=html) }}/{{ m::count(n=3) }}/{{ m::sees() }}"),
    ("include", "{% include \"part.html\" %}{% include [\"missing.html\", \"part.html\"] %}{% include \"missing.html\" ignore missing %}{{ inner | default(value=\"-\") }}"),
    ("values", "{{ page.tags }} {{ page.extra }} {{ null_v }} {{ yes }} {{ f }} {{ big }} {{ [1, 2] }}"),
    ("filters", "{{ page.tags | join(sep=\", \") }} {{ who | lower | replace(from=\"l\", to=\"L\") }} {{ page.tags | first }} {{ html | length }}"),
    ("ws", "a {%- if who %} b {% endif -%} c\n{{- who -}}\n"),
    ("raw", "{% raw %}{{ who }}{% endraw %}{# note #}x"),
    ("array-filters", "{{ page.tags | first }}{{ empty | first }}|{{ page.tags | last }}{{ empty | last }}|{{ page.tags | join(sep=\"\\\\n\") }}|{{ mixed | join(sep=\", \") }}|{{ empty | join }}"),
    ("array-map", "{{ people | map(attribute=\"name\") | join(sep=\",\") }}|{{ people | map(attribute=\"where.city\") | length }}|{{ empty | map(attribute=\"x\") | length }}|{{ people | map(attribute=\"nope\") | length }}"),
    ("array-filter", "{% for p in people | filter(attribute=\"where.city\") %}{{ p.name }}{% endfor %}|{% for p in people | filter(attribute=\"name\", value=\"B\") %}{{ p.name }}{% endfor %}|{{ people | filter(attribute=\"age\", value=3) | length }}|{{ empty | filter(attribute=\"x\") | length }}"),
    ("array-slice", "{{ page.tags | slice(end=2) | join }}|{{ page.tags | slice(start=1) | join }}|{{ page.tags | slice(start=-2) | join }}|{{ page.tags | slice(start=2, end=1) | length }}|{{ page.tags | slice(end=10) | join }}|{{ page.tags | slice(start=-10, end=-1) | join }}|{{ page.tags | slice(end=1.5) | join }}"),
    ("array-concat", "{{ page.tags | concat(with=\"d\") | join }}|{{ page.tags | concat(with=page.tags) | length }}|{{ empty | concat(with=1) | first }}"),
    ("loop-outer-vars", "{% set z = 5 %}{% for t in page.tags %}{{ z }}{{ who }}{% endfor %}"),
];

fn tera() -> Tera {
    let mut tera = Tera::default();
    tera.add_raw_templates(LIBRARY.iter().copied()).unwrap();
    for (name, body) in CASES {
        tera.add_raw_template(&format!("{name}.html"), body)
            .unwrap();
        tera.add_raw_template(&format!("{name}.txt"), body).unwrap();
    }
    tera
}

fn context() -> Context {
    Context::from_value(json!({
        "who": "Li",
        "html": "<b>\"x\" & 'y'</b>",
        "n": 3,
        "f": 1.5,
        "big": 18446744073709551615u64,
        "empty": [],
        "null_v": null,
        "yes": true,
        "key": "k",
        "mixed": [1, "<a>", true, null, 2.5, [1, 2], {"a": 1}],
        "people": [
            {"name": "A", "age": 3, "where": {"city": "Zhengzhou"}},
            {"name": "B", "age": 3.0, "where": {"city": null}},
            {"name": "C", "age": "3"},
        ],
        "num": 0,
        "page": {
            "title": "The title",
            "tags": ["a", "b", "c"],
            "extra": {"k": "kv", "n": 7, "a.b": "dotted key", "0": "zero"},
        },
    }))
    .unwrap()
}

#[test]
fn renders_as_tera_renders() {
    let tera = tera();
    let macros = MacroTable::new(&tera);
    let ctx = context();
    let names = CASES
        .iter()
        .flat_map(|(n, _)| [format!("{n}.html"), format!("{n}.txt")])
        .chain(["child.html", "grandchild.html", "base.html"].map(String::from));
    // Without the memo, then twice with one: the second time every pure macro's text is
    // the kept one.
    let memo = fast_render::Memo::default();
    let names: Vec<String> = names.collect();
    for memo in [None, Some(&memo), Some(&memo)] {
        for name in &names {
            let expected = tera
                .render(name, &ctx)
                .unwrap_or_else(|e| panic!("{name}: {e:?}"));
            let mut out = Vec::new();
            let res = fast_render::render_to(&tera, &macros, memo, name, &ctx, &mut out);
            assert_eq!(res, Ok(()), "{name} was left to Tera");
            assert_eq!(String::from_utf8(out).unwrap(), expected, "{name}");
        }
    }
}

#[test]
fn what_tera_refuses_fails_here_too() {
    let mut tera = tera();
    let failing = [
        ("missing.html", "{{ nope }}"),
        ("missing-deep.html", "{{ page.nope.deeper }}"),
        ("bad-math.html", "{{ who + 1 }}"),
        (
            "no-macro.html",
            "{% import \"m.html\" as m %}{{ m::nope() }}",
        ),
        (
            "no-arg.html",
            "{% import \"m.html\" as m %}{{ m::hello() }}",
        ),
        ("bad-loop.html", "{% for k, v in page.tags %}{% endfor %}"),
        ("overflow.html", "{{ big + 1 }}"),
        ("no-filter.html", "{{ who | nope }}"),
        ("no-include.html", "{% include \"missing.html\" %}"),
        ("first-of-text.html", "{{ who | first }}"),
        ("map-no-attr.html", "{{ page.tags | map }}"),
        ("join-bad-sep.html", "{{ page.tags | join(sep=1) }}"),
        ("slice-bad.html", "{{ page.tags | slice(end=\"1\") }}"),
        ("concat-no-with.html", "{{ page.tags | concat }}"),
        (
            "filter-of-null.html",
            "{{ null_v | filter(attribute=\"x\") }}",
        ),
    ];
    tera.add_raw_templates(failing).unwrap();
    let macros = MacroTable::new(&tera);
    let ctx = context();
    for (name, _) in failing {
        assert!(tera.render(name, &ctx).is_err(), "{name} renders in Tera");
        let res = fast_render::render_to(&tera, &macros, None, name, &ctx, &mut Vec::new());
        assert_eq!(res, Err(Fail::Error), "{name}");
    }
}

#[test]
fn what_it_does_not_do_is_left_to_tera() {
    let mut tera = tera();
    let left = [
        ("string-loop.html", "{% for c in who %}{{ c }}.{% endfor %}"),
        ("dump.html", "{{ __tera_context }}"),
        // Every step of the list would stay in the arena (two million items); Tera keeps one.
        (
            "growing-list.html",
            "{% set_global acc = [] %}{% for i in range(end=2000) %}{% set_global acc = acc | concat(with=i) %}{% endfor %}{{ acc | length }}",
        ),
    ];
    tera.add_raw_templates(left).unwrap();
    let macros = MacroTable::new(&tera);
    for (name, _) in left {
        let res = fast_render::render_to(&tera, &macros, None, name, &context(), &mut Vec::new());
        assert_eq!(res, Err(Fail::Bail), "{name}");
    }
}

/// A macro whose variable lacks a field reads that dotted name from the page's context, as
/// Tera does (`page.title` with an argument `page=0`): the memo must not give one page's
/// text to another (found by a helper session trying to break it).
#[test]
fn the_memo_keeps_no_text_that_read_the_page() {
    let mut tera = Tera::default();
    tera.add_raw_templates(vec![
        (
            "m.html",
            "{% macro t(page) %}[{{ page.title }}]{% endmacro t %}\
             {% macro d(page) %}{% if page.sub is defined %}{{ page.sub }}{% else %}-{% endif %}{% endmacro d %}\
             {% macro own(page) %}{{ page.title }}{% endmacro own %}\
             {% macro sec(section) %}<{{ section.title | default(value=\"none\") }}>{% endmacro sec %}",
        ),
        (
            "page.html",
            "{% import \"m.html\" as m %}{% for i in [1, 2] %}{{ m::t(page=0) }}{{ m::d(page=i) }}{{ m::own(page=page) }}{{ m::sec(section=i) }}{% endfor %}",
        ),
    ])
    .unwrap();
    let macros = MacroTable::new(&tera);
    let memo = fast_render::Memo::default();
    // The last two renders: a context without `section`, whose `sec` text is kept, then one
    // with it, which must not be given that text.
    let renders = [
        ("Alpha", json!(null), None),
        ("Beta", json!("S"), None),
        ("Alpha", json!("T"), None),
        ("Alpha", json!("T"), Some(json!({"title": "Sec"}))),
    ];
    for (title, sub, section) in renders {
        let mut ctx = Context::new();
        ctx.insert("page", &json!({"title": title, "sub": sub}));
        if let Some(section) = section {
            ctx.insert("section", &section);
        }
        let expected = tera.render("page.html", &ctx).unwrap();
        let mut out = Vec::new();
        fast_render::render_to(&tera, &macros, Some(&memo), "page.html", &ctx, &mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected, "{title}");
    }
}
