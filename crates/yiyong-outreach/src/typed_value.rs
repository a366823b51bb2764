//! What every typed value (`get_heroes`, `get_places`, `get_news`…) is made of: the page's
//! own keys, and choices normalized to their English value with a Chinese `*_label`.

use serde_json::{json, Map, Value};

use crate::schema::choice_value;
use yiyong_core::Page;

/// The Chinese name of choice `v` (an English value) in `list`; null for none.
pub(crate) fn label(list: &'static [(&'static str, &'static str)], v: &str) -> Value {
    list.iter()
        .find(|(en, _)| *en == v)
        .map(|(_, zh)| json!(zh))
        .unwrap_or(Value::Null)
}

/// Replaces a choice by its English value and adds `<key>_label` with the Chinese name.
pub(crate) fn normalize(
    table: &mut Map<String, Value>,
    key: &str,
    list: &'static [(&'static str, &'static str)],
) {
    if let Some(v) = table
        .get(key)
        .and_then(Value::as_str)
        .and_then(|s| choice_value(list, s))
    {
        // In place: the key is there already (a new key and an insert each time were a
        // fifth of making a hero's value).
        if let Some(slot) = table.get_mut(key) {
            *slot = Value::String(v.to_string());
        }
        // Joined by hand: `format!` here was 0.9% of a 10,000-hero build (211,000 calls).
        let mut name = String::with_capacity(key.len() + "_label".len());
        name.push_str(key);
        name.push_str("_label");
        table.insert(name, label(list, v));
    }
}

/// The keys every typed value has: the page's title, addresses, date and description.
pub(crate) fn base(page: &Page) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("title".into(), json!(page.meta.title));
    m.insert("permalink".into(), json!(page.permalink));
    m.insert("path".into(), json!(page.path));
    m.insert("date".into(), json!(page.date));
    m.insert("description".into(), json!(page.meta.description));
    m
}
