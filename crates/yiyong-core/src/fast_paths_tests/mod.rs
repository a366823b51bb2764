//! The contracts of the fast paths (the `fast_*.rs` modules, listed in ARCHITECTURE.md under
//! "Fast paths"): each gives what its general path gives, on a range of inputs including the
//! edge cases. A fast path that fails here is wrong, however fast it is.

mod render;
mod usage;

use std::collections::HashMap;

use serde_json::Value;

use crate::config::toml_to_json;
use crate::content::fast_toml;
use crate::templates::fast_escape;

// ---------------------------------------------------------------------------------------------
// templates/fast_date.rs: the `date` filter, against Tera's (`templates::filters::date`).

#[test]
fn date_answers_as_the_general_filter() {
    use crate::templates::{fast_date, filters};
    let values = [
        "2024-03-05",
        "2024-3-5",
        "1999-12-31",
        "2024-02-30",
        "20240305",
        "2024-03-05T08:09:10+08:00",
        "2024-03-05T08:09:10Z",
        "2024-03-05T08:09:10.123456Z",
        "2024-03-05T08:09:10",
        "not a date",
        "",
    ];
    let formats = [
        None,
        Some("%Y年%m月%d日"),
        Some("%A %B %e %c %x %X %r %p %j %U %:z %Z %s"),
        Some("%Y-%m-%dT%H:%M:%S%.f"),
        Some("%+"),
        Some("%a, %d %b %Y %H:%M:%S %z"),
        Some("%Q"),
        Some("%"),
    ];
    let mut compared = 0;
    for v in values {
        for f in formats {
            let mut args = HashMap::new();
            if let Some(f) = f {
                args.insert("format".to_string(), Value::from(f));
            }
            let value = Value::from(v);
            let fast = fast_date::date(&value, &args).map_err(|e| e.to_string());
            let general = filters::date(&value, &args).map_err(|e| e.to_string());
            assert_eq!(fast, general, "{v} {f:?}");
            let again = fast_date::date(&value, &args).map_err(|e| e.to_string());
            assert_eq!(again, general, "remembered: {v} {f:?}");
            compared += fast.is_ok() as usize;
            if let Some(f) = f {
                if let Some(out) = fast_date::format_date(v, f) {
                    assert_eq!(Some(out), filters::format_date(v, f), "{v} {f}");
                }
            }
        }
    }
    assert!(compared > 20);
    // Other arguments, and values other than strings, are the general filter's.
    let with_locale: HashMap<String, Value> = [
        ("format".to_string(), Value::from("%A")),
        ("locale".to_string(), Value::from("zh_CN")),
    ]
    .into();
    let v = Value::from("2024-03-05");
    assert_eq!(
        fast_date::date(&v, &with_locale).unwrap(),
        Value::from("星期二")
    );
    let no_args = HashMap::new();
    for v in [Value::from(0), Value::from(1_700_000_000), Value::Null] {
        let fast = fast_date::date(&v, &no_args).map_err(|e| e.to_string());
        assert_eq!(fast, filters::date(&v, &no_args).map_err(|e| e.to_string()));
    }
    let huge = fast_date::date(&Value::from(99_999_999_999_999_999i64), &no_args);
    assert!(huge.unwrap_err().to_string().contains("out of range"));
}

/// `now()`: Tera's, reused within `NOW_REUSE` and computed again after it.
#[test]
fn now_is_teras_reused_briefly() {
    use crate::templates::{fast_date, filters};
    let args = |pairs: &[(&str, Value)]| -> HashMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    };
    let tera_now = |a: &HashMap<String, Value>| filters::builtins().get_function("now")?.call(a);
    for a in [
        args(&[]),
        args(&[("utc", Value::Bool(true))]),
        args(&[("timestamp", Value::Bool(true))]),
    ] {
        let ours = fast_date::now(&a).unwrap();
        assert_eq!(fast_date::now(&a).unwrap(), ours, "reused");
        let theirs = tera_now(&a).unwrap();
        match (&ours, &theirs) {
            (Value::String(o), Value::String(t)) => {
                let o = chrono::DateTime::parse_from_rfc3339(o).unwrap();
                let t = chrono::DateTime::parse_from_rfc3339(t).unwrap();
                assert_eq!(o.offset(), t.offset());
                assert!((t - o).num_milliseconds().abs() < 1000);
            }
            (Value::Number(o), Value::Number(t)) => {
                assert!(t.as_i64().unwrap() - o.as_i64().unwrap() <= 1)
            }
            other => panic!("{other:?}"),
        }
    }
    std::thread::sleep(fast_date::NOW_REUSE);
    let first = fast_date::now(&args(&[])).unwrap();
    std::thread::sleep(fast_date::NOW_REUSE);
    assert_ne!(fast_date::now(&args(&[])).unwrap(), first, "computed again");
    let bad = args(&[("utc", Value::from("yes"))]);
    assert_eq!(
        fast_date::now(&bad).map_err(|e| e.to_string()),
        tera_now(&bad).map_err(|e| e.to_string())
    );
}

// ---------------------------------------------------------------------------------------------
// content/fast_toml.rs: plain front matter, against the `toml` crate + `toml_to_json`.

/// What the `toml` crate makes of `text`, as the general route of `front_matter` sees it.
fn by_crate(text: &str) -> Option<Value> {
    let table: toml::Table = toml::from_str(text).ok()?;
    Some(toml_to_json(toml::Value::Table(table)))
}

/// Every piece of front matter read here reads the same with the crate.
fn agrees(text: &str) -> bool {
    match fast_toml::parse(text) {
        Some(map) => {
            assert_eq!(Some(Value::Object(map)), by_crate(text), "{text:?}");
            true
        }
        None => false,
    }
}

#[test]
fn toml_reads_what_front_matter_usually_is_as_the_crate_does() {
    let read = [
        "",
        "\n\n# only a comment\n",
        "title = \"魏燕生：冰面救起落水群众\"\ndate = 2021-02-05\n[taxonomies]\ndistricts = [\"郑东新区\"]\nhonors = [\"市级见义勇为模范\"]\n[extra]\nname = \"魏燕生\"\n",
        "title=\"a\"\r\nweight = 3\r\ndraft = true\r\n",
        "title = 'C:\\path' # a comment\naliases = []\n",
        "\ttitle = \"tab\tinside\"\t\n",
        "list = [ \"a, b\" , 'c',1,-2,false,2024-02-29, ]\n",
        "n = 0\nm = -0\nbig = 9223372036854775807\nneg = -9223372036854775808\n",
        "[extra]\n[taxonomies]\ntags = []\n",
        "key-with_dash1 = \"#not a comment\" #but this is\n",
        "[extra]\n0 = \"digit key\"\n",
        "lat = 35.7471\nlng = -114.29\nz = 0.0\nw = -0.5\n",
        "[extra.hero]\nname = \"a\"\n[[extra.hero.honours]]\nyear = 2023\n[[extra.hero.honours]]\nyear = 2024\n",
        "[extra.place]\nkind = \"park\"\n[extra]\nsource = \"x\"\n",
        "[[a]]\nx = 1\n[a.b]\ny = 2\n[[a]]\nx = 3\n",
        "[a.b.c]\n[a.b]\nk = 1\n[a]\n",
    ];
    for text in read {
        assert!(agrees(text), "not read: {text:?}");
    }
}

#[test]
fn toml_reads_the_demo_sites_front_matter_as_the_crate_does() {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let (mut toml_files, mut read) = (0, 0);
    for entry in walkdir::WalkDir::new(content) {
        let path = entry.unwrap().into_path();
        if path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let split = crate::content::front_matter::split(&text, &path).unwrap();
        if split.is_toml {
            toml_files += 1;
            read += usize::from(agrees(split.front_matter));
        }
    }
    assert!(toml_files > 20, "{toml_files}");
    // Nearly all of it takes the quick way.
    assert!(read * 10 >= toml_files * 8, "{read} of {toml_files}");
}

/// Every document of three lines from a pool of headers and keys that clash in the ways
/// TOML forbids: whatever is read agrees with the crate, so nothing invalid is accepted.
#[test]
fn toml_never_accepts_what_the_crate_refuses() {
    let pool = [
        "[a]",
        "[a.b]",
        "[[a]]",
        "[[a.b]]",
        "[a.b.c]",
        "[b]",
        "a = 1",
        "b = []",
        "b = [1]",
        "c = \"x\"",
        "a = 2024-01-01",
        "[[b]]",
        "b = 1.5",
        "# note",
    ];
    let mut read = 0;
    for x in pool {
        for y in pool {
            for z in pool {
                read += usize::from(agrees(&format!("{x}\n{y}\n{z}\n")));
            }
        }
    }
    // Most of them are valid, and read here.
    assert!(read > 1000, "{read}");
}

#[test]
fn toml_finds_every_control_character_wherever_it_is() {
    for at in 0..20 {
        for c in (0u8..0x20).chain([0x7f]) {
            let mut text = "é = \"一二三四五六\"".to_string();
            let at = at.min(text.len());
            if !text.is_char_boundary(at) {
                continue;
            }
            text.insert(at, c as char);
            let split = fast_toml::lines(&text);
            match c {
                b'\t' => assert_eq!(split.map(|l| l.len()), Some(1)),
                b'\n' => assert_eq!(split.map(|l| l.len()), Some(2)),
                _ => assert!(split.is_none(), "{text:?}"),
            }
        }
    }
    assert_eq!(fast_toml::lines("a\r\nb\n"), Some(vec!["a", "b", ""]));
    assert_eq!(
        fast_toml::lines("~\u{80}\u{7ff}\u{ffff}"),
        Some(vec!["~\u{80}\u{7ff}\u{ffff}"])
    );
}

#[test]
fn toml_leaves_the_rest_to_the_crate() {
    let left = [
        "title = \"an \\\"escape\\\"\"\n",
        "title = \"\"\"multi\nline\"\"\"\n",
        "title = '''x'''\n",
        "n = +1\n",
        "n = 007\n",
        "n = 1_000\n",
        "n = 99999999999999999999\n",
        "d = 2024-07-21T09:30:00+08:00\n",
        "d = 1979-05-27 07:32:00\n",
        "d = 2023-02-29\n",
        "t = 07:32:00\n",
        "x = { a = 1 }\n",
        "x = [[1], [2]]\n",
        "x = [\n  \"a\",\n]\n",
        "a.b = 1\n",
        "\"quoted\" = 1\n",
        "[ extra ]\n",
        "[extra . place]\n",
        "[[ a ]]\n",
        "[a]\n[a]\n",
        "[a.b]\n[a.b]\n",
        "[a]\nb = 1\n[a.b]\n",
        "[a.b]\n[a]\nb = 1\n",
        "[[a]]\n[a]\n",
        "[a]\n[[a]]\n",
        "[a.b]\n[[a]]\n",
        "a = [1]\n[[a]]\n",
        "a = []\n[a.b]\n",
        "a = 1\n[a.b]\n",
        "[[a]]\n[a.b]\n[[a]]\n[a.b]\n",
        "f = .5\n",
        "f = 5.\n",
        "f = 01.5\n",
        "f = 1e5\n",
        "f = 1.5e5\n",
        "f = 1.2.3\n",
        "[extra] # header comment\n",
        "a = 1\na = 2\n",
        "extra = 1\n[extra]\n",
        "[extra]\n[extra]\n",
        "title = \"a\" junk\n",
        "title = \"unclosed\n",
        "title = \n",
        "= 1\n",
        "x = [1, 2\n",
        "x = [,]\n",
        "x = [1 2]\n",
        "title = \"bell\u{7}\"\n",
        "# bell \u{7}\n",
        "title = \"a\"\rdraft = true\n",
        "\u{3000}title = \"a\"\n",
        "title = inf\n",
        "title = nan\n",
        "title = True\n",
    ];
    for text in left {
        assert!(!agrees(text), "read, but left to the crate: {text:?}");
    }
}

/// The front matter fuzz target's regressions (one of them a number read differently by the
/// two routes once) read the same both ways.
#[test]
fn toml_reads_the_fuzz_regressions_as_the_crate_does() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/regressions/front_matter");
    let mut files = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        files += 1;
        if let Ok(split) = crate::content::front_matter::split(&text, &path) {
            if split.is_toml {
                agrees(split.front_matter);
            }
        }
    }
    assert!(files >= 3, "{files}");
}

/// `plain_date`, and `parse_datetime` with it, against the general parsers.
#[test]
fn plain_date_parses_as_the_general_parsers_do() {
    use crate::content::front_matter::{parse_datetime, parse_datetime_general};
    let only_date = |s: &str| {
        chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .and_then(|d| d.and_hms_opt(0, 0, 0))
    };
    for s in [
        "2024-07-21",
        "2024-02-29",
        "2023-02-29",
        "0001-01-01",
        "9999-12-31",
        "2024-00-10",
        "2024-13-01",
        "2024-12-32",
        "2024-1-021",
        "+2024-07-2",
        "2024-07-2x",
        "２０２４-07-21",
        " 2024-07-21 ",
        "2024-07-21T09:30:00+08:00",
        "2024-07-21 09:30",
        "",
    ] {
        if let Some(d) = fast_toml::plain_date(s) {
            assert_eq!(d.and_hms_opt(0, 0, 0), only_date(s), "{s}");
        }
        assert_eq!(parse_datetime(s), parse_datetime_general(s), "{s}");
    }
}

// ---------------------------------------------------------------------------------------------
// templates/fast_escape.rs: HTML and XML escaping, against Tera's.

#[test]
fn escape_html_as_tera_does() {
    let s = "a&b<c>d\"e'f/g 中文“引号”&amp; <p>正文</p>\n";
    assert_eq!(fast_escape::escape_html(s), tera::escape_html(s));
    assert_eq!(fast_escape::escape_html(""), "");
    // Every byte value near the escaped ones, at every offset within a block.
    let near: String = (0x20u8..0x41).map(char::from).collect();
    for pad in 0..17 {
        let s = format!("{}{near}中{near}é", "中".repeat(pad));
        assert_eq!(fast_escape::escape_html(&s), tera::escape_html(&s), "{pad}");
        let s = format!("{}{}", "x".repeat(pad), "<a href=\"/x\">文</a>".repeat(3));
        assert_eq!(fast_escape::escape_html(&s), tera::escape_html(&s), "{pad}");
        let s = "/".repeat(pad) + &"&".repeat(33 - pad);
        assert_eq!(fast_escape::escape_html(&s), tera::escape_html(&s), "{pad}");
    }
    // Each special byte followed by each ASCII byte.
    let pairs: String = (0x20u8..0x7F)
        .flat_map(|c| ['&', '<', '>', '"', '\'', '/'].map(|s| format!("{s}{}", c as char)))
        .collect();
    for pad in 0..17 {
        let s = format!("{}{pairs}", "x".repeat(pad));
        assert_eq!(fast_escape::escape_html(&s), tera::escape_html(&s), "{pad}");
    }
}

#[test]
fn escape_finds_every_special_byte_at_every_place_in_a_block() {
    for place in 0..16 {
        for b in 0u8..=0xFF {
            let mut block = *b"abcdefghijklmnop";
            block[place] = b;
            let expected = if fast_escape::is_special(b) {
                1 << place
            } else {
                0
            };
            assert_eq!(fast_escape::specials(&block), expected, "{b:#x} at {place}");
        }
    }
    assert_eq!(fast_escape::specials(b"&&&&&&&&&&&&&&&&"), 0xFFFF);
}

#[test]
fn escape_into_appends_what_escape_gives() {
    let mut out = String::from("前");
    fast_escape::escape_html_into(&mut out, "<a href='/x'>&</a>");
    assert_eq!(
        out,
        format!("前{}", tera::escape_html("<a href='/x'>&</a>"))
    );
}

#[test]
fn escape_xml_as_teras_filter_does() {
    let tera = tera::Tera::default();
    let filter = tera.get_filter("escape_xml").unwrap();
    for s in [
        "",
        "plain",
        "a&b<c>d\"e'f/g",
        "https://a.org/英雄/a&b'<c>\"/?q=1&r=2",
        "&amp;&lt;",
    ] {
        let mut out = String::new();
        fast_escape::escape_xml_into(&mut out, s);
        let theirs = filter.filter(&Value::from(s), &HashMap::new()).unwrap();
        assert_eq!(Value::from(out), theirs, "{s}");
    }
}

// ---------------------------------------------------------------------------------------------
// output/fast_sitemap.rs: the built-in sitemap, against the built-in template through Tera.

#[test]
fn sitemap_is_what_the_builtin_template_renders() {
    let mut tera = tera::Tera::default();
    let source = include_str!("../templates/builtins/sitemap.xml");
    tera.add_raw_template("sitemap.xml", source).unwrap();
    tera.set_escape_fn(crate::templates::escape_html);
    let entries = [
        ("https://a.org/", None),
        ("https://a.org/英雄/a&b'<c>\"/", Some("2024-07-21")),
        ("https://a.org/page/2/", Some("")),
        ("https://a.org/x/", Some("<&>")),
        ("https://a.org/y/?q=1&r='2'", Some("2024-07-21T09:30")),
    ];
    for n in 0..=entries.len() {
        let values: Vec<Value> = entries[..n]
            .iter()
            .map(|(p, u)| serde_json::json!({ "permalink": p, "updated": u, "extra": {"k": 1} }))
            .collect();
        let mut ctx = tera::Context::new();
        ctx.insert("entries", &values);
        let rendered = tera.render("sitemap.xml", &ctx).unwrap();
        let fast = crate::output::fast_sitemap::sitemap(entries[..n].iter().copied());
        assert_eq!(fast, rendered, "{n} entries");
    }
}
