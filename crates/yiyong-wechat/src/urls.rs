//! Where a link or picture of a page points, seen from a WeChat article, which has no address
//! of its own: everything must be absolute (spec W13, W16d).

/// What an `href`/`src` becomes in the article.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// An absolute http(s) URL.
    Url(String),
    /// A place in the same page (`#x`): useless in an article, shown as text.
    Anchor,
    /// `mailto:`, `tel:`, `javascript:`, `data:`…: never a link in an article.
    Other,
}

/// Resolves `href` against the page's permalink (which ends in `/`) and the site's base URL.
pub fn resolve(href: &str, page_url: &str, base_url: &str) -> Target {
    let h = href.trim();
    let lower = h.to_ascii_lowercase();
    if h.is_empty() || h.starts_with('#') {
        return Target::Anchor;
    }
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Target::Url(h.to_string());
    }
    if let Some(rest) = h.strip_prefix("//") {
        return Target::Url(format!("https://{rest}"));
    }
    // A scheme (`mailto:`, `javascript:`) before any `/`, `?` or `#`.
    let scheme_end = h.find(':');
    let path_start = h.find(['/', '?', '#']);
    if scheme_end.is_some_and(|c| path_start.is_none_or(|p| c < p)) {
        return Target::Other;
    }
    if h.starts_with('/') {
        return Target::Url(format!("{}{h}", base_url.trim_end_matches('/')));
    }
    Target::Url(join_relative(page_url, h))
}

/// `page_url` + a relative path, with `./` and `../` applied (never above the host).
fn join_relative(page_url: &str, rel: &str) -> String {
    let (origin, path) = split_origin(page_url);
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop(); // the last segment is the page's own file name (empty for `…/`)
    for seg in rel.split('/') {
        match seg {
            "." => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            s => parts.push(s),
        }
    }
    format!("{origin}{}", parts.join("/"))
}

/// `https://host/a/b/` → (`https://host`, `/a/b/`).
fn split_origin(url: &str) -> (&str, &str) {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    match url[after_scheme..].find('/') {
        Some(i) => url.split_at(after_scheme + i),
        None => (url, "/"),
    }
}

/// The host of an absolute URL, lower-cased.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..end].rsplit('@').next()?;
    Some(host.split(':').next()?.to_ascii_lowercase())
}

/// Links to WeChat articles are the only ones a reader can follow (spec §1.4).
pub fn is_wechat_article(url: &str) -> bool {
    host(url).as_deref() == Some("mp.weixin.qq.com")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://x.org/news/a/";

    #[test]
    fn resolves_every_kind() {
        let r = |h| resolve(h, PAGE, "https://x.org");
        assert_eq!(r("#top"), Target::Anchor);
        assert_eq!(r("mailto:a@b.c"), Target::Other);
        assert_eq!(r("javascript:alert(1)"), Target::Other);
        assert_eq!(r("/about/"), Target::Url("https://x.org/about/".into()));
        assert_eq!(r("p.jpg"), Target::Url("https://x.org/news/a/p.jpg".into()));
        assert_eq!(r("../../../../b/"), Target::Url("https://x.org/b/".into()));
        assert_eq!(r("//cdn.org/x"), Target::Url("https://cdn.org/x".into()));
        assert!(is_wechat_article("https://mp.weixin.qq.com/s/abc"));
        assert!(!is_wechat_article("https://mp.weixin.qq.com.evil.org/s"));
    }
}
