//! templates/fast_usage.rs: the fields a template can read. Its contract: the demo site
//! renders byte for byte the same with the fields each template names as with every field
//! (`usage_renders_the_demo_site_as_every_field_does` in tests/fast_paths.rs, which needs the
//! association's extension); and the walk's own cases below.

use tera::Tera;

use crate::templates::fast_usage::shape;
use crate::templates::page_fields::PageField;
use crate::templates::usage::{any_template_reads, ContentUse, Shape};

fn shape_of(templates: &[(&str, &str)]) -> Shape {
    let mut tera = Tera::default();
    tera.add_raw_templates(templates.to_vec()).unwrap();
    shape(&tera, templates.last().unwrap().0)
}

fn usage(templates: &[(&str, &str)]) -> ContentUse {
    shape_of(templates).content
}

fn fields(templates: &[(&str, &str)]) -> Vec<&'static str> {
    let s = shape_of(templates);
    PageField::ALL
        .into_iter()
        .filter(|&f| s.reads(f))
        .map(PageField::name)
        .collect()
}

#[test]
fn usage_list_templates_without_content() {
    let t = "{% for p in paginator.pages %}{{ p.title }}{{ p.summary | safe }}{% endfor %}{% block content %}{% endblock %}";
    assert_eq!(usage(&[("s.html", t)]), ContentUse::None);
    assert_eq!(
        usage(&[("p.html", "{{ page.content | safe }}{{ page.lower.title }}")]),
        ContentUse::OwnPage
    );
}

#[test]
fn neighbours_carry_the_fields_named_through_them() {
    let neighbour_fields = |t: &str| {
        let s = shape_of(&[("p.html", t)]);
        PageField::ALL
            .into_iter()
            .filter(|&f| s.neighbour_reads(f))
            .map(PageField::name)
            .collect::<Vec<_>>()
    };
    let t = "{{ page.title }}{{ page.date }}{% if page.lower %}<a href=\"{{ page.lower.permalink }}\">{{ page.lower.title }}</a>{% endif %}{% if page.higher %}{{ page.higher.extra.name }}{% endif %}";
    assert_eq!(neighbour_fields(t), ["extra", "permalink", "title"]);
    assert_eq!(neighbour_fields("{{ page.title }}"), Vec::<&str>::new());
    // Anything else hands a neighbour on whole: it gets every field the page gets.
    for t in [
        "{{ page.title }}{% set l = page.lower %}{{ l.date }}",
        "{{ page.title }}{{ page.lower[\"date\"] }}",
        "{{ page.title }}{% if page.lower is defined %}{{ page.lower.title }}{% endif %}",
        "{{ page.title }}{{ page | get(key=\"lower\") }}",
        "{{ page.title }}{% for p in [page.lower] %}{{ p.date }}{% endfor %}",
    ] {
        let all = shape_of(&[("p.html", t)]);
        for f in PageField::ALL {
            assert_eq!(all.neighbour_reads(f), all.reads(f), "{t}: {f:?}");
        }
        assert!(neighbour_fields(t).contains(&"title"), "{t}");
    }
}

#[test]
fn every_way_to_reach_content_counts() {
    let any = [
        "{{ page.lower.content }}",
        "{% for p in section.pages %}{{ p.content }}{% endfor %}",
        "{{ p | get(key=\"content\") }}",
        "{{ p | get(key=k) }}",
        "{{ p[k] }}",
        "{{ p | json_encode }}",
        "{% for k, v in p %}{{ v }}{% endfor %}",
        "{{ __tera_context }}",
        "{{ page.pages | map(attribute=\"content\") | join(sep=\"\") }}",
        "{{ page.content }}{% set page = page.lower %}",
        "{{ page.content }}{% for page in section.pages %}{% endfor %}",
        "{{ p | unknown_filter }}",
        "{{ my_function(page=p) }}",
        "{% if \"content\" in p %}x{% endif %}",
    ];
    for t in any {
        assert_eq!(usage(&[("t.html", t)]), ContentUse::Any, "{t}");
    }
}

#[test]
fn parents_includes_and_macros_are_followed() {
    let base = (
        "base.html",
        "{% block main %}{% endblock %}{% include \"inc.html\" %}",
    );
    let inc = ("inc.html", "{{ page.lower.content }}");
    let child = (
        "child.html",
        "{% extends \"base.html\" %}{% block main %}x{% endblock %}",
    );
    assert_eq!(usage(&[base, inc, child]), ContentUse::Any);
    let macros = (
        "m.html",
        "{% macro card(page) %}{{ page.content }}{% endmacro %}",
    );
    let user = (
        "u.html",
        "{% import \"m.html\" as m %}{% for p in pages %}{{ m::card(page=p) }}{% endfor %}",
    );
    assert_eq!(usage(&[macros, user]), ContentUse::Any);
}

#[test]
fn fields_read_are_the_fields_named() {
    let list =
        "{% for p in paginator.pages %}<a href=\"{{ p.permalink }}\">{{ p.title }}</a>{% endfor %}";
    assert_eq!(fields(&[("l.html", list)]), ["permalink", "title"]);
    assert!(!shape_of(&[("l.html", list)]).keeps_keys);
    let sorted =
        "{% for p in pages | sort(attribute=\"extra.rank\") %}{{ p[\"slug\"] }}{% endfor %}";
    assert_eq!(fields(&[("s.html", sorted)]), ["extra", "slug"]);
    let counted = "{% for p in pages %}{{ p | length }}{% endfor %}";
    assert!(shape_of(&[("c.html", counted)]).keeps_keys);
    // A list of pages counted: its pages' keys do not show.
    let listed = "{% for t in terms %}{{ t.pages | length }}{% endfor %}";
    assert!(!shape_of(&[("l.html", listed)]).keeps_keys);
    let sliced = "{{ t.pages | slice(end=1) | first | length }}";
    assert!(shape_of(&[("s.html", sliced)]).keeps_keys);
    assert_eq!(fields(&[("j.html", "{{ p | json_encode }}")]).len(), 29);
    let in_dynamic = "{% for k in keys %}{% if k in p %}x{% endif %}{% endfor %}";
    assert!(shape_of(&[("i.html", in_dynamic)]).keeps_keys);
    // What is never a page (a field's value, a literal list) says nothing of a page's keys.
    let never = [
        "{% if page.extra.start | length > 10 %}x{% endif %}",
        "{% if k in [\"a\", \"b\"] %}x{% endif %}",
        "{% if k | default(value=\"\") in page.extra.kinds %}x{% endif %}",
        "{{ get_heroes(year=2024) | length }}",
        // A name every binding gives an extension's own values or a literal.
        "{% set hs = get_heroes(year=2024) %}{% if x %}{% set hs = 3 %}{% endif %}{{ hs | length }}",
    ];
    for t in never {
        assert!(!shape_of(&[("n.html", t)]).keeps_keys, "{t}");
    }
    let maybe = [
        "{{ page.lower | length }}",
        "{{ section.pages.0 | length }}",
        "{{ pages[0] | length }}",
        "{% if k in page.higher %}x{% endif %}",
        "{{ get_page(path=\"a.md\") | length }}",
        // A name that holds a page in one binding, or that the template never binds.
        "{% set hs = get_heroes() %}{% for hs in pages %}{% endfor %}{{ hs | length }}",
        "{% set p = get_page(path=\"a.md\") %}{{ p | length }}",
        "{% set p = pages | first %}{{ p | length }}",
        "{{ page | length }}",
        "{% macro m(hs) %}{{ hs | length }}{% endmacro m %}",
    ];
    for t in maybe {
        assert!(shape_of(&[("m.html", t)]).keeps_keys, "{t}");
    }
}

/// The fields of listed pages (`templates/listed_fields.rs`).
fn listed(templates: &[(&str, &str)]) -> Vec<&'static str> {
    let s = shape_of(templates);
    PageField::ALL
        .into_iter()
        .filter(|&f| s.listing_reads(f))
        .map(PageField::name)
        .collect()
}

#[test]
fn listed_pages_carry_only_what_is_read_of_listed_pages() {
    let base = "{{ config.extra.logo }}{{ page.summary }}{{ section.description }}{% block c %}{% endblock %}";
    let list = "{% extends \"b.html\" %}{% block c %}{% for p in paginator.pages %}{{ p.title }}{% endfor %}{{ section.pages.0.date }}{% endblock %}";
    let t = [("b.html", base), ("l.html", list)];
    assert_eq!(listed(&t), ["date", "title"]);
    assert_eq!(
        fields(&t),
        ["date", "description", "extra", "summary", "title"]
    );
    // Where the template binds a context name itself, the name counts whole.
    for t in [
        "{% for page in section.pages %}{{ page.summary }}{% endfor %}",
        "{% macro card(page) %}{{ page.summary }}{% endmacro %}{% for p in section.pages %}{{ self::card(page=p) }}{% endfor %}",
        "{% set page = get_page(path=\"a/b.md\") %}{{ page.summary }}",
        "{% for p in paginator.pages | sort(attribute=\"summary\") %}{{ p.title }}{% endfor %}",
        "{% for p in paginator.pages %}{% if \"summary\" in p %}x{% endif %}{% endfor %}",
        "{% for p in paginator.pages %}{% if p is containing(\"summary\") %}x{% endif %}{% endfor %}",
        "{% for p in paginator.pages %}{{ p | get(key=\"summary\") }}{% endfor %}",
    ] {
        assert!(listed(&[("x.html", t)]).contains(&"summary"), "{t}");
    }
    // A string anywhere else names no field: the roll's cards ask an extension's function
    // for fields of their own by name.
    let cards = "{% for h in get_heroes(paths=paginator.pages | map(attribute=\"path\"), fields=[\"summary\", \"year\"]) %}{{ h.hero.name }}{{ \"title\" }}{% endfor %}";
    assert_eq!(listed(&[("x.html", cards)]), ["path"]);
    // A name bound only to a section (or taxonomy, or term) holds pages in its `pages` only;
    // bound to a page anywhere else (here a loop), it counts whole again.
    let section = "{% set s = get_section(path=\"a/_index.md\") %}{{ s.extra.x }}{{ s.summary }}{% for p in s.pages %}{{ p.date }}{% endfor %}";
    assert_eq!(listed(&[("x.html", section)]), ["date"]);
    let also_a_page = format!("{section}{{% for s in section.pages %}}{{% endfor %}}");
    assert!(listed(&[("x.html", &also_a_page)]).contains(&"extra"));
}

#[test]
fn functions_given_strings_read_no_unnamed_field() {
    // An extension's function given strings and numbers: the template's names still hold.
    let given_strings = [
        "{{ map(district=term.name, quiet=true) }}{{ paginator.pages | length }}",
        "{{ optional_url(path=\"@/\" ~ dir ~ \"/_index.md\") }}",
        "{{ get_heroes(paths=pages | map(attribute=\"path\")) }}",
        "{{ chart(data=s.heroes.by_year, title=\"x\") }}",
        "{% set n = s.by_kind | filter(attribute=\"key\", value=k.key) %}{{ n }}",
        // The render's own address, or a literal in its place.
        "{{ site_nav(current=current_url | default(value=\"\")) }}",
        "{{ f(here=current_path) }}",
    ];
    for t in given_strings {
        let shape = shape_of(&[("f.html", t)]);
        assert!(!shape.keeps_keys && !shape.may_read_key("markdown"), "{t}");
    }
    // Given a page, a list of pages or config, it could read anything.
    let given_objects = [
        "{{ f(p=page) }}",
        "{{ f(p=section.pages) }}",
        "{{ f(p=page.lower) }}",
        "{{ f(c=config) }}",
        "{{ f(p=pages | first) }}",
        "{{ f(p=pages | map(attribute=\"lower\")) }}",
        "{{ pages | filter(attribute=k, value=\"x\") }}",
        "{{ f(p=page | default(value=\"\")) }}",
        "{{ f(p=current | default(value=\"\")) }}",
    ];
    for t in given_objects {
        assert!(shape_of(&[("f.html", t)]).may_read_key("markdown"), "{t}");
    }
}

#[test]
fn other_objects_keep_the_keys_named() {
    let plain = shape_of(&[(
        "b.html",
        "{{ config.title }}{{ config.extra.logo }}{{ cfg | get(key=\"base_url\") }}",
    )]);
    for key in ["title", "extra", "base_url"] {
        assert!(plain.may_read_key(key), "{key}");
    }
    assert!(!plain.may_read_key("markdown"));
    let every = [
        "{{ config | json_encode }}",
        "{% for k, v in config %}{{ v }}{% endfor %}",
        "{{ config[k] }}",
        "{{ config | length }}",
        "{% if k in config %}x{% endif %}",
        "{{ __tera_context }}",
    ];
    for t in every {
        assert!(shape_of(&[("t.html", t)]).may_read_key("markdown"), "{t}");
    }
    assert!(Shape::all().may_read_key("markdown"));
}

#[test]
fn word_counts_are_needed_when_any_template_names_them() {
    let tera = |templates: &[(&str, &str)]| {
        let mut t = Tera::default();
        t.add_raw_templates(templates.to_vec()).unwrap();
        t
    };
    let keys = ["word_count", "reading_time"];
    let plain = tera(&[("a.html", "{{ page.title }}"), ("b.html", "{{ x }}")]);
    assert!(!any_template_reads(&plain, &keys));
    let macro_reads = tera(&[
        (
            "m.html",
            "{% macro t(p) %}{{ p.reading_time }}{% endmacro %}",
        ),
        ("a.html", "{{ page.title }}"),
    ]);
    assert!(any_template_reads(&macro_reads, &keys));
    let dumps = tera(&[("a.html", "{{ page | json_encode }}")]);
    assert!(any_template_reads(&dumps, &keys));
}

/// The repository's default theme: one expression (a function given a page, a variable key)
/// makes every template importing it read everything, and the 10,000-hero build then took
/// twice as long with the same output. Twice a theme edit did so unnoticed.
#[test]
fn the_default_theme_reads_only_what_it_names() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let (tera, _) = crate::templates::load(&root, Some("yiyong")).expect("the theme loads");
    let pages = [
        "page.html",
        "hero.html",
        "place.html",
        "event.html",
        "index.html",
    ];
    let lists = ["section.html", "heroes.html", "places.html", "events.html"];
    // taxonomy_list.html too: its terms come without their pages only while it reads nothing
    // it does not name (a bare variable given to an extension's function in base.html once
    // made the three list pages 0.5 s of a 1,000-hero build).
    let terms = ["taxonomy_single.html", "taxonomy_list.html"];
    for name in pages.iter().chain(&lists).chain(&terms) {
        let s = shape(&tera, name);
        assert!(
            !s.keeps_keys && !s.may_read_key("no_such_key"),
            "{name} may read every field"
        );
    }
    assert!(shape(&tera, "taxonomy_single.html").surely_paginated());
    // 上一篇/下一篇: the neighbours' address and title passed straight to the macro
    // (`page.lower.permalink | default(value="")`) are the only fields they carry.
    for name in ["page.html", "hero.html", "place.html", "event.html"] {
        let s = shape(&tera, name);
        let read: Vec<_> = PageField::ALL
            .into_iter()
            .filter(|&f| s.neighbour_reads(f))
            .map(PageField::name)
            .collect();
        assert_eq!(read, ["permalink", "title"], "{name}");
    }
}
