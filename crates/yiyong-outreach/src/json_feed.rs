//! JSON Feed 1.1 for the news section (`news/feed.json`), beside the Atom and RSS feeds the
//! core writes. Dates without an offset are Beijing time; others are converted to it.

use serde_json::{json, Value};

use super::Sections;
use yiyong_core::error::Diagnostic;
use yiyong_core::extension::RenderedSite;

pub fn write(r: &dyn RenderedSite, sections: &Sections) -> Vec<Diagnostic> {
    let Some(yiyong_core::ItemRef::Section(si)) =
        r.library().get(&format!("{}/_index.md", sections.news))
    else {
        return vec![];
    };
    let section = &r.library().sections[si];
    // The Atom and RSS feeds' items, in their order.
    let pages = r
        .library()
        .feed_pages(&section.pages, r.config().feed_limit);
    // Written in Beijing time: a date given with an offset is converted to the same instant.
    let rfc3339 = |given: &Option<String>, naive: Option<chrono::NaiveDateTime>| {
        given
            .as_deref()
            .and_then(super::catalog::beijing_time)
            .or(naive)
            .map(|d| d.format("%Y-%m-%dT%H:%M:%S+08:00").to_string())
    };
    let items: Vec<Value> = pages
        .iter()
        .map(|&i| {
            let p = &r.library().pages[i];
            // Only its content is kept: 5,000 whole page values at once were 30 MB of a build's
            // peak memory.
            let content = r.page_value(i)["content"].take();
            let news = p.meta.extra.get("news");
            let field = |k: &str| news.and_then(|n| n.get(k)).and_then(Value::as_str);
            let mut item = json!({
                "id": p.permalink,
                "url": p.permalink,
                "title": p.meta.title,
                "content_html": content,
                "date_published": rfc3339(&p.date, p.datetime),
                "language": "zh-CN",
            });
            let optional = [
                ("summary", p.meta.description.clone().map(Value::from)),
                (
                    "date_modified",
                    rfc3339(&p.updated, p.updated_datetime).map(Value::from),
                ),
                ("authors", field("author").map(|a| json!([{ "name": a }]))),
                (
                    "image",
                    field("cover")
                        .map(|c| Value::from(r.config().make_permalink(&format!("{}{c}", p.path)))),
                ),
                ("_source", field("source").map(|s| json!({ "name": s }))),
            ];
            for (k, val) in optional {
                if let Some(val) = val {
                    item[k] = val;
                }
            }
            item
        })
        .collect();
    let feed_url = r
        .config()
        .make_permalink(&format!("{}feed.json", section.path));
    let feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": format!("{} - {}", r.config().title.clone().unwrap_or_default(), section.meta.title.clone().unwrap_or_default()),
        "home_page_url": section.permalink,
        "feed_url": feed_url,
        "description": r.config().description,
        "language": "zh-CN",
        "items": items,
    });
    let rel = format!("{}feed.json", section.path.trim_start_matches('/'));
    let text = serde_json::to_string_pretty(&feed).expect("JSON values serialize");
    r.write_file(&rel, text.as_bytes())
        .err()
        .into_iter()
        .collect()
}
