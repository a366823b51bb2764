//! The URL arithmetic of the output scan: which host a URL names, which output file a link
//! inside the site reaches, and the URLs a piece of CSS loads.

/// The host (lower case, port kept) an absolute `http(s)://` or protocol-relative `//` URL
/// names; `None` for a path, a relative URL or another scheme.
pub fn host_of(url: &str) -> Option<String> {
    let lower = url.trim_start();
    let rest = if let Some(r) = lower.strip_prefix("//") {
        r
    } else {
        let (scheme, r) = lower.split_once("://")?;
        if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
            return None;
        }
        r
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority
        .rsplit('@')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    // Default ports name the same host.
    let host = host
        .strip_suffix(":80")
        .or_else(|| host.strip_suffix(":443"))
        .unwrap_or(&host);
    Some(host.to_string())
}

/// The host without its port (for the `allow` list).
pub fn hostname(host: &str) -> &str {
    match host.rsplit_once(':') {
        Some((h, port)) if !h.ends_with(']') && port.bytes().all(|b| b.is_ascii_digit()) => h,
        _ => host,
    }
}

/// Whether a link leaves the web or the site's own files: `mailto:`, `tel:`, `data:`,
/// `javascript:` and any other scheme but http(s).
fn other_scheme(url: &str) -> bool {
    match url.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && !scheme.contains(['/', '?', '#'])
                && !scheme.eq_ignore_ascii_case("http")
                && !scheme.eq_ignore_ascii_case("https")
        }
        None => false,
    }
}

/// The output path (`a/b/index.html`) a link on output `from` reaches, when it stays on the
/// site (`site_host`, below `base_path` such as `/` or `/sub/`); `None` for other hosts,
/// schemes, bare fragments and paths outside the base path.
pub fn internal_target(url: &str, from: &str, site_host: &str, base_path: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') || url.starts_with('?') || other_scheme(url) {
        return None;
    }
    let path = match host_of(url) {
        Some(h) if h == site_host => {
            let after = url.split_once("//").map(|(_, r)| r).unwrap_or("");
            match after.find(['/', '?', '#']) {
                Some(i) if after[i..].starts_with('/') => after[i..].to_string(),
                _ => "/".to_string(),
            }
        }
        Some(_) => return None,
        None if url.starts_with('/') => url.to_string(),
        None => {
            let dir = from.rfind('/').map(|i| &from[..=i]).unwrap_or("");
            format!("{base_path}{dir}{url}")
        }
    };
    let path = path.split(['#', '?']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let inside = decoded.strip_prefix(base_path).or_else(|| {
        // `https://example.org/sub` (no trailing slash) is the home page too.
        (decoded.as_ref() == base_path.trim_end_matches('/')).then_some("")
    })?;
    let mut parts: Vec<&str> = vec![];
    for part in inside.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut rel = parts.join("/");
    if inside.is_empty() || inside.ends_with('/') || inside.ends_with("/.") || inside == "." {
        if !rel.is_empty() {
            rel.push('/');
        }
        rel.push_str("index.html");
    }
    Some(rel)
}

/// The URLs in `srcset` (`a.jpg 1x, b.jpg 2x`).
pub fn srcset_urls(srcset: &str) -> impl Iterator<Item = &str> {
    srcset
        .split(',')
        .filter_map(|c| c.split_whitespace().next())
}

/// What CSS loads: every `url(…)` (`false`) and every `@import "…"` (`true`: a stylesheet).
pub fn css_urls(css: &str) -> Vec<(String, bool)> {
    let mut found = vec![];
    let lower = css.to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find("url(") {
        let start = at + i + 4;
        let end = css[start..].find(')').map_or(css.len(), |e| start + e);
        let import = lower[..at + i].trim_end().ends_with("@import");
        found.push((unquote(&css[start..end]).to_string(), import));
        at = end;
    }
    at = 0;
    while let Some(i) = lower[at..].find("@import") {
        let rest = css[at + i + 7..].trim_start();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(end) = rest[1..].find(q) {
                found.push((rest[1..1 + end].to_string(), true));
            }
        }
        at += i + 7;
    }
    found
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"')
        .and_then(|s| s.strip_suffix('"'))
        .or_else(|| s.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
        .unwrap_or(s)
        .trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("https://HM.baidu.com/hm.js").as_deref(),
            Some("hm.baidu.com")
        );
        assert_eq!(host_of("//cdn.other/x.png").as_deref(), Some("cdn.other"));
        assert_eq!(host_of("http://a.org:80").as_deref(), Some("a.org"));
        assert_eq!(host_of("/x"), None);
        assert_eq!(host_of("ftp://a.org/x"), None);
        assert_eq!(hostname("127.0.0.1:1111"), "127.0.0.1");
    }

    #[test]
    fn targets() {
        let t = |u: &str, from: &str| internal_target(u, from, "example.org", "/");
        assert_eq!(
            t("/nope/", "index.html").as_deref(),
            Some("nope/index.html")
        );
        assert_eq!(t("/", "a/index.html").as_deref(), Some("index.html"));
        assert_eq!(
            t("https://example.org", "x.html").as_deref(),
            Some("index.html")
        );
        assert_eq!(
            t("https://example.org/a/#x", "x").as_deref(),
            Some("a/index.html")
        );
        assert_eq!(
            t("../b.css?v=1", "a/c/index.html").as_deref(),
            Some("a/b.css")
        );
        assert_eq!(
            t("%E5%9B%BE.png", "a/index.html").as_deref(),
            Some("a/图.png")
        );
        for skip in [
            "mailto:a@b",
            "tel:1",
            "data:x",
            "javascript:void(0)",
            "#top",
            "https://o.org/",
        ] {
            assert_eq!(t(skip, "index.html"), None, "{skip}");
        }
        let sub = |u: &str| internal_target(u, "index.html", "a.org", "/sub/");
        assert_eq!(sub("/sub/x/").as_deref(), Some("x/index.html"));
        assert_eq!(sub("x.css").as_deref(), Some("x.css"));
        assert_eq!(sub("/other/"), None);
    }

    #[test]
    fn css() {
        let found = css_urls(
            "a{background:URL( \"//c.d/x.png\" )}@import 'https://f/g.css';@import url(h.css);",
        );
        assert_eq!(
            found,
            vec![
                ("//c.d/x.png".to_string(), false),
                ("h.css".to_string(), true),
                ("https://f/g.css".to_string(), true)
            ]
        );
    }
}
