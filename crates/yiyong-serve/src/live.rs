//! What the preview serves right now (the last good output, plus the last build error if the
//! latest build failed) and the tabs waiting to be told to reload.

use std::collections::HashSet;
use std::sync::{Arc, Condvar, Mutex, RwLock};
use std::time::Duration;

use super::memory::Files;

/// Where open pages listen for "reload" (server-sent events).
pub const EVENTS_PATH: &str = "/__yiyong/events";

pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub location: Option<String>,
}

impl Response {
    pub fn text(status: u16, text: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: text.as_bytes().to_vec(),
            location: None,
        }
    }
}

pub type ReloadListener = Box<dyn Fn(u64) + Send + Sync>;

#[derive(Default)]
struct State {
    files: Arc<Files>,
    /// The latest build's errors, shown over every page until a build succeeds.
    error: Option<String>,
}

#[derive(Default)]
pub struct Live {
    state: RwLock<State>,
    /// Called with the reload count after each rebuild (the server tells the open tabs).
    listeners: Mutex<Vec<ReloadListener>>,
    reloads: Mutex<u64>,
    /// Files being re-rendered after a reload was sent: requests for them wait.
    pending: Mutex<Option<Arc<HashSet<String>>>>,
    pending_done: Condvar,
}

impl Live {
    pub fn files(&self) -> Arc<Files> {
        self.state.read().unwrap().files.clone()
    }

    /// A successful build: serve its output and clear any error. With `pending`, requests
    /// for those files wait for the next `publish`.
    pub fn publish(&self, files: Arc<Files>, pending: Option<Arc<HashSet<String>>>) {
        let mut s = self.state.write().unwrap();
        s.files = files;
        s.error = None;
        self.set_pending(pending);
    }

    /// A failed build: keep serving the last good output, with the error shown on top.
    pub fn fail(&self, error: String) {
        self.state.write().unwrap().error = Some(error);
        self.set_pending(None);
    }

    fn set_pending(&self, pending: Option<Arc<HashSet<String>>>) {
        *self.pending.lock().unwrap() = pending;
        self.pending_done.notify_all();
    }

    fn wait_until_ready(&self, rel: &str) {
        let guard = self.pending.lock().unwrap();
        let _unused = self
            .pending_done
            .wait_timeout_while(guard, Duration::from_secs(60), |p| {
                p.as_ref().is_some_and(|set| set.contains(rel))
            });
    }

    pub fn on_reload(&self, listener: ReloadListener) {
        self.listeners.lock().unwrap().push(listener);
    }

    /// Tells every open tab to reload.
    pub fn reload(&self) {
        let n = {
            let mut r = self.reloads.lock().unwrap();
            *r += 1;
            *r
        };
        for listener in self.listeners.lock().unwrap().iter() {
            listener(n);
        }
    }

    pub fn respond(&self, raw_path: &str) -> Response {
        let Some(path) = decode_path(raw_path) else {
            return Response::text(400, "bad request path");
        };
        let mut rel = path.trim_start_matches('/').to_string();
        if rel.is_empty() || rel.ends_with('/') {
            rel.push_str("index.html");
        }
        self.wait_until_ready(&rel);
        let state = self.state.read().unwrap();
        let files = &state.files;
        let (status, rel) = match files.get(&rel) {
            Some(_) => (200, rel),
            None if files.contains_key(&format!("{rel}/index.html")) => {
                return Response {
                    status: 301,
                    content_type: "text/plain; charset=utf-8",
                    body: vec![],
                    location: Some(folder_location(raw_path)),
                };
            }
            // No good build yet (the first one failed): show the errors, reload when fixed.
            None if state.error.is_some() && files.is_empty() => {
                let page = "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>构建失败</title></head><body></body></html>";
                return Response {
                    status: 503,
                    content_type: "text/html; charset=utf-8",
                    body: inject(page.as_bytes(), state.error.as_deref()),
                    location: None,
                };
            }
            None if files.contains_key("404.html") => (404, "404.html".to_string()),
            None => return Response::text(404, "not found"),
        };
        let content_type = content_type(&rel);
        let mut body = files[&rel].to_vec();
        if content_type.starts_with("text/html") {
            body = inject(&body, state.error.as_deref());
        }
        Response {
            status,
            content_type,
            body,
            location: None,
        }
    }
}

/// Where a folder asked for without its slash is redirected: the path as requested, with one
/// leading slash (`//host` would send the browser to another site), the slash added, and
/// anything but printable ASCII percent-encoded.
fn folder_location(raw_path: &str) -> String {
    let mut loc = String::from("/");
    for &b in raw_path.trim_start_matches(['/', '\\']).as_bytes() {
        if b.is_ascii_graphic() {
            loc.push(b as char);
        } else {
            loc.push_str(&format!("%{b:02X}"));
        }
    }
    loc.push('/');
    loc
}

/// Percent-decodes a request path; refuses `..` segments, NUL and invalid UTF-8.
fn decode_path(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let path = String::from_utf8(out).ok()?;
    let bad = path.contains('\0')
        || path.contains('\\')
        || path.split('/').any(|seg| seg == ".." || seg == ".");
    (path.starts_with('/') && !bad).then_some(path)
}

pub fn content_type(rel: &str) -> &'static str {
    let ext = rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "gif" => "image/gif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// Adds the reload script (and the error overlay) before `</body>`.
fn inject(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let mut extra = String::new();
    if let Some(e) = error {
        extra.push_str(&format!(
            "<div id=\"yiyong-error\" role=\"alert\" style=\"position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:2147483647;background:#fff3f3;color:#5c0000;border-bottom:3px solid #c00;padding:1rem;font:16px/1.5 monospace;white-space:pre-wrap\"><strong>构建失败 / Build failed</strong> — 正在显示上次成功的页面；修正后会自动刷新。\n\n{}</div>",
            escape(e)
        ));
    }
    extra.push_str(&format!(
        "<script>(function(){{var s=new EventSource(\"{EVENTS_PATH}\");s.addEventListener(\"reload\",function(){{location.reload();}});}})();</script>"
    ));
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{extra}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{extra}").into_bytes(),
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_confined() {
        assert_eq!(
            decode_path("/%E8%8B%B1%E9%9B%84/").as_deref(),
            Some("/英雄/")
        );
        assert_eq!(decode_path("/a/../b"), None);
        assert_eq!(decode_path("/%2e%2e/x"), None);
        assert_eq!(decode_path("/a%00"), None);
        assert_eq!(decode_path("/%zz"), None);
    }

    #[test]
    fn folder_redirects_stay_on_this_host() {
        assert_eq!(folder_location("//evil.example"), "/evil.example/");
        assert_eq!(
            folder_location("/%2F%2Fevil.example"),
            "/%2F%2Fevil.example/"
        );
        assert_eq!(folder_location("/英雄"), "/%E8%8B%B1%E9%9B%84/");
        assert_eq!(folder_location("/blog"), "/blog/");
    }
}
