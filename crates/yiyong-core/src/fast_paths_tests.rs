//! The contracts of the fast paths (the `fast_*.rs` modules, listed in ARCHITECTURE.md under
//! "Fast paths"): each gives what its general path gives, on a range of inputs including the
//! edge cases. A fast path that fails here is wrong, however fast it is.

use std::collections::HashMap;

use serde_json::Value;

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
