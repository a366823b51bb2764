//! The fake's endpoints (spec §6.1), each validating what the real one validates.

use serde_json::{json, Value};

use super::{error, Draft, Request, State, APP_ID, SECRET};

/// Requests that upload or change something.
pub const WRITES: &[&str] = &[
    "/cgi-bin/media/uploadimg",
    "/cgi-bin/material/add_material",
    "/cgi-bin/draft/add",
    "/cgi-bin/draft/update",
    "/cgi-bin/freepublish/submit",
];

const TOKEN_NEEDED: &[&str] = &[
    "/cgi-bin/media/uploadimg",
    "/cgi-bin/material/add_material",
    "/cgi-bin/draft/add",
    "/cgi-bin/draft/update",
    "/cgi-bin/draft/batchget",
    "/cgi-bin/freepublish/submit",
];

/// The answer, or `None` to close the connection after doing the work.
pub fn route(s: &mut State, r: &Request) -> Option<Value> {
    let logged = if r.content_type.starts_with("multipart/") {
        format!("<{} bytes>", r.body.len())
    } else {
        String::from_utf8_lossy(&r.body).into_owned()
    };
    s.log.push((r.path.clone(), logged));
    if let Some(i) = s.script.iter().position(|(p, _, _)| *p == r.path) {
        let (_, code, msg) = s.script.remove(i).unwrap();
        return Some(json!({ "errcode": code, "errmsg": msg }));
    }
    if r.method != "POST" {
        return Some(error(43002, "require POST method"));
    }
    if TOKEN_NEEDED.contains(&r.path.as_str()) {
        if let Some(e) = token_error(s, &r.query) {
            return Some(e);
        }
        let limit = s.quota.get(&r.path).copied().unwrap_or(u32::MAX);
        if s.used.get(&r.path).copied().unwrap_or(0) >= limit {
            return Some(error(45009, "reach max api daily quota limit"));
        }
    }
    let answer = if r.content_type.starts_with("multipart/") {
        upload(s, r)
    } else {
        json_call(s, r)
    };
    if answer.get("errcode").and_then(Value::as_i64).unwrap_or(0) == 0 {
        *s.used.entry(r.path.clone()).or_default() += 1;
    }
    match s.drop_after.iter().position(|p| *p == r.path) {
        Some(i) => {
            s.drop_after.remove(i);
            None
        }
        None => Some(answer),
    }
}

fn json_call(s: &mut State, r: &Request) -> Value {
    let body = String::from_utf8_lossy(&r.body);
    // Raw UTF-8 only: WeChat refuses `\uXXXX` escapes of non-ASCII characters.
    if body.contains("\\u") {
        return error(
            40033,
            "invalid charset. please check your request, if include \\uxxxx will create fail!",
        );
    }
    let Ok(v) = serde_json::from_str::<Value>(&body) else {
        return error(47001, "data format error");
    };
    match r.path.as_str() {
        "/cgi-bin/stable_token" => stable_token(s, &v),
        "/cgi-bin/draft/add" => draft_add(s, &v),
        "/cgi-bin/draft/update" => draft_update(s, &v),
        "/cgi-bin/draft/batchget" => batchget(s, &v),
        "/cgi-bin/freepublish/submit" => submit(s, &v),
        _ => error(404, "no such api in the fake"),
    }
}

fn stable_token(s: &mut State, v: &Value) -> Value {
    if v["grant_type"] != "client_credential" {
        return error(40002, "invalid grant_type");
    }
    if v["appid"] != APP_ID {
        return error(40013, "invalid appid");
    }
    if v["secret"] != SECRET {
        return error(40125, "invalid appsecret");
    }
    if let Some(ip) = &s.block_ip {
        return error(
            40164,
            &format!("invalid ip {ip} ipv6 ::ffff:{ip}, not in whitelist"),
        );
    }
    // Normal mode hands out the same token while it is valid.
    if v["force_refresh"] == true || s.token.is_none() {
        s.tokens_issued += 1;
        s.token = Some(format!("TOKEN{}", s.tokens_issued));
    }
    json!({ "access_token": s.token, "expires_in": s.expires_in })
}

fn token_error(s: &State, query: &str) -> Option<Value> {
    let token = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("access_token="));
    match token {
        None | Some("") => Some(error(41001, "access_token missing")),
        Some(t) if t.starts_with("TOKEN") && s.token.as_deref() != Some(t) => {
            Some(error(42001, "access_token expired"))
        }
        Some(t) if !t.starts_with("TOKEN") => Some(error(40014, "invalid access_token")),
        _ => None,
    }
}

/// The `media` file of a multipart body, found by the boundary of its content type.
fn media_part(r: &Request) -> Option<Vec<u8>> {
    let boundary = r.content_type.split("boundary=").nth(1)?.trim_matches('"');
    let body = &r.body;
    let head = b"name=\"media\"";
    let at = body.windows(head.len()).position(|w| w == head)?;
    let start = at + body[at..].windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let end_mark = format!("\r\n--{boundary}");
    let len = body[start..]
        .windows(end_mark.len())
        .position(|w| w == end_mark.as_bytes())?;
    Some(body[start..start + len].to_vec())
}

fn sha(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn upload(s: &mut State, r: &Request) -> Value {
    let Some(bytes) = media_part(r) else {
        return error(41005, "media data missing");
    };
    let jpeg = bytes.starts_with(&[0xFF, 0xD8, 0xFF]);
    let png = bytes.starts_with(b"\x89PNG");
    let gif = bytes.starts_with(b"GIF8");
    if r.path == "/cgi-bin/media/uploadimg" {
        if !jpeg && !png {
            return error(40005, "invalid file type");
        }
        if bytes.len() >= 1024 * 1024 {
            return error(40009, "invalid image size");
        }
        let kind = if png { "png" } else { "jpeg" };
        // Same bytes, same URL; `http://`, as WeChat answers.
        let url = format!(
            "http://mmbiz.qpic.cn/mmbiz_{kind}/{}/0?wx_fmt={kind}",
            sha(&bytes)
        );
        if !s.images.iter().any(|(u, _)| *u == url) {
            s.images.push((url.clone(), bytes));
        }
        return json!({ "url": url });
    }
    let kind = r
        .query
        .split('&')
        .find_map(|kv| kv.strip_prefix("type="))
        .unwrap_or("");
    match kind {
        "image" if !(jpeg || png || gif) => return error(40005, "invalid file type"),
        "image" if bytes.len() > 10 * 1024 * 1024 => return error(40009, "invalid image size"),
        "image" => {}
        "thumb" if !jpeg => return error(40005, "invalid file type"),
        "thumb" if bytes.len() > 64 * 1024 => return error(40009, "invalid image size"),
        "thumb" => {}
        _ => return error(40004, "invalid media type"),
    }
    let id = format!("MATERIAL{}", s.materials.len() + 1);
    s.materials.push((id.clone(), bytes));
    json!({ "media_id": id, "url": format!("http://mmbiz.qpic.cn/mmbiz_jpg/{id}/0"), "item": [] })
}

/// An article as `draft/add` and `draft/update` check it; the stored copy is sanitised as
/// WeChat does (pictures it did not issue are removed, and noted).
fn article(s: &mut State, a: &Value) -> Result<Value, Value> {
    let chars = |k: &str| a[k].as_str().map(|t| t.chars().count());
    match chars("title") {
        None | Some(0) => return Err(error(44003, "empty news data")),
        Some(n) if n > 32 => return Err(error(45003, "title size out of limit")),
        _ => {}
    }
    if chars("author").unwrap_or(0) > 16 {
        return Err(error(45110, "author size out of limit"));
    }
    if chars("digest").unwrap_or(0) > 128 {
        return Err(error(45004, "description size out of limit"));
    }
    let content = a["content"].as_str().unwrap_or("");
    if content.is_empty() || content.chars().count() >= 20_000 || content.len() >= 1_000_000 {
        return Err(error(45002, "content size out of limit"));
    }
    let thumb = a["thumb_media_id"].as_str().unwrap_or("");
    if !s.materials.iter().any(|(id, _)| id == thumb) {
        return Err(error(40007, "invalid media_id"));
    }
    let mut stored = a.clone();
    let mut kept = String::new();
    for (i, piece) in content.split("<img").enumerate() {
        if i == 0 {
            kept.push_str(piece);
            continue;
        }
        let src = piece
            .split("src=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap_or("");
        let issued = s
            .images
            .iter()
            .any(|(u, _)| u.trim_start_matches("http://") == src.trim_start_matches("https://"));
        if issued {
            kept.push_str("<img");
            kept.push_str(piece);
        } else {
            s.warnings.push(format!("foreign image removed: {src}"));
            kept.push_str(piece.split_once('>').map_or("", |(_, rest)| rest));
        }
    }
    stored["content"] = kept.into();
    Ok(stored)
}

fn draft_add(s: &mut State, v: &Value) -> Value {
    let Some(list) = v["articles"]
        .as_array()
        .filter(|l| (1..=8).contains(&l.len()))
    else {
        return error(44003, "empty news data");
    };
    let a = match article(s, &list[0]) {
        Ok(a) => a,
        Err(e) => return e,
    };
    s.clock += 1;
    let id = format!("DRAFT{}", s.clock);
    s.drafts.push(Draft {
        media_id: id.clone(),
        article: a,
        update_time: s.clock,
    });
    json!({ "media_id": id })
}

fn draft_update(s: &mut State, v: &Value) -> Value {
    let id = v["media_id"].as_str().unwrap_or("");
    let Some(i) = s.drafts.iter().position(|d| d.media_id == id) else {
        return error(40007, "invalid media_id");
    };
    if v["index"] != 0 || !v["articles"].is_object() {
        return error(40007, "invalid index or articles");
    }
    let a = match article(s, &v["articles"]) {
        Ok(a) => a,
        Err(e) => return e,
    };
    s.clock += 1;
    s.drafts[i].article = a;
    s.drafts[i].update_time = s.clock;
    json!({ "errcode": 0, "errmsg": "ok" })
}

/// Newest first, as WeChat lists them.
fn batchget(s: &State, v: &Value) -> Value {
    let (Some(offset), Some(count)) = (v["offset"].as_u64(), v["count"].as_u64()) else {
        return error(40035, "invalid args");
    };
    if !(1..=20).contains(&count) {
        return error(40035, "invalid args");
    }
    let mut drafts = s.drafts.clone();
    drafts.sort_by_key(|d| std::cmp::Reverse(d.update_time));
    let items: Vec<Value> = drafts
        .iter()
        .skip(offset as usize)
        .take(count as usize)
        .map(|d| {
            let a = &d.article;
            json!({
                "media_id": d.media_id,
                "update_time": d.update_time,
                "content": { "news_item": [{
                    "title": a["title"],
                    "content_source_url": a["content_source_url"],
                    "thumb_media_id": a["thumb_media_id"],
                    "url": format!("http://mp.weixin.qq.com/s?__biz=fake&mid={}", d.media_id),
                }]},
            })
        })
        .collect();
    json!({ "total_count": s.drafts.len(), "item_count": items.len(), "item": items })
}

fn submit(s: &mut State, v: &Value) -> Value {
    if s.no_publish {
        return error(48001, "api unauthorized");
    }
    let id = v["media_id"].as_str().unwrap_or("");
    if !s.drafts.iter().any(|d| d.media_id == id) {
        return error(40007, "invalid media_id");
    }
    // Publishing removes the draft from the box.
    s.drafts.retain(|d| d.media_id != id);
    s.published.push(id.to_string());
    json!({ "errcode": 0, "errmsg": "ok", "publish_id": format!("PUB{}", s.published.len()) })
}
