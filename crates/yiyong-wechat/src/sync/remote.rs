//! The API calls of a sync, one function each (spec §3.1): pictures, covers, drafts and
//! publishing. Everything here is real HTTP through `api::Client`.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::api::{ApiError, Client, Upload};
use crate::sync::media::Prepared;

fn text(v: &Value, key: &str, what: &str) -> Result<String, ApiError> {
    v.get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .ok_or_else(|| ApiError::Invalid(format!("{what} 的回复缺少 {key}")))
}

/// A body picture through `media/uploadimg`; the URL WeChat gives is `http://`, used as
/// `https://` (the article is read over https).
pub fn upload_image(c: &Client, sha: &str, p: &Prepared) -> Result<String, ApiError> {
    let name = format!("{}.{}", &sha[..16], p.ext);
    let file = Upload {
        file_name: &name,
        mime: p.mime,
        bytes: &p.bytes,
    };
    let v = c.upload("/cgi-bin/media/uploadimg", "", &file)?;
    let url = text(&v, "url", "uploadimg")?;
    Ok(match url.strip_prefix("http://") {
        Some(rest) => format!("https://{rest}"),
        None => url,
    })
}

/// The cover as a permanent picture (`add_material?type=image`, up to 10 MB; `thumb` would
/// allow only 64 KB), whose media_id the draft's `thumb_media_id` must be.
pub fn add_cover(c: &Client, sha: &str, p: &Prepared) -> Result<String, ApiError> {
    let name = format!("{}.{}", &sha[..16], p.ext);
    let file = Upload {
        file_name: &name,
        mime: p.mime,
        bytes: &p.bytes,
    };
    let v = c.upload("/cgi-bin/material/add_material", "type=image", &file)?;
    text(&v, "media_id", "add_material")
}

/// `draft/add` with one article, sent once (see `Client::post_once`).
pub fn add_draft(c: &Client, article: &Value) -> Result<String, ApiError> {
    let v = c.post_once("/cgi-bin/draft/add", &json!({ "articles": [article] }))?;
    text(&v, "media_id", "draft/add")
}

/// `draft/update`: the whole article replaced (index 0, the only one of our drafts).
pub fn update_draft(c: &Client, media_id: &str, article: &Value) -> Result<(), ApiError> {
    let body = json!({ "media_id": media_id, "index": 0, "articles": article });
    c.post_once("/cgi-bin/draft/update", &body).map(|_| ())
}

/// Every draft in the box by its 阅读原文 address (`content_source_url`, our permalink), 20 at
/// a time (the most `batchget` gives). Where two drafts share an address, the newest wins.
pub fn drafts_by_source(c: &Client) -> Result<BTreeMap<String, String>, ApiError> {
    let mut found = BTreeMap::new();
    let mut offset = 0u64;
    loop {
        let body = json!({ "offset": offset, "count": 20, "no_content": 1 });
        let v = c.post("/cgi-bin/draft/batchget", &body)?;
        let items = v["item"].as_array().cloned().unwrap_or_default();
        for item in &items {
            let id = item["media_id"].as_str().unwrap_or_default();
            let news = item["content"]["news_item"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            for n in news {
                if let Some(url) = n["content_source_url"].as_str().filter(|u| !u.is_empty()) {
                    // Newest first: keep the first seen.
                    found
                        .entry(url.to_string())
                        .or_insert_with(|| id.to_string());
                }
            }
        }
        offset += items.len() as u64;
        let total = v["total_count"].as_u64().unwrap_or(0);
        if items.is_empty() || offset >= total {
            return Ok(found);
        }
    }
}

/// Submits a draft for publishing (`freepublish/submit`); WeChat publishes it later.
pub fn submit(c: &Client, media_id: &str) -> Result<String, ApiError> {
    let v = c.post_once(
        "/cgi-bin/freepublish/submit",
        &json!({ "media_id": media_id }),
    )?;
    Ok(v["publish_id"]
        .as_str()
        .map(String::from)
        .or_else(|| v["publish_id"].as_u64().map(|n| n.to_string()))
        .unwrap_or_default())
}
