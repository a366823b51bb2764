//! 长辈模式 (适老化): a large-type, high-contrast copy of every page under `/elder/`, so the
//! mode works without JavaScript and stays on while the visitor browses (every link inside it
//! leads to the elder copy). Copies point search engines at the standard page (canonical link).

use lol_html::html_content::ContentType;
use lol_html::{element, rewrite_str, RewriteStrSettings};

use yiyong_core::Config;

pub const PREFIX: &str = "elder";

/// Whether a site path is a page (not a file such as a stylesheet or calendar).
fn is_page_path(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_none_or(|last| !last.contains('.'))
}

/// The elder copy of a link, or None for links that must stay as they are.
fn elder_href(config: &Config, href: &str) -> Option<String> {
    let base = config.base_url.trim_end_matches('/');
    let site_path = if let Some(rest) = href.strip_prefix(base) {
        if !(rest.is_empty() || rest.starts_with('/')) {
            return None;
        }
        rest
    } else if href.starts_with('/') && !href.starts_with("//") {
        href
    } else {
        return None;
    };
    let (path, fragment) = site_path
        .split_once('#')
        .map(|(p, f)| (p, Some(f)))
        .unwrap_or((site_path, None));
    let path = if path.is_empty() { "/" } else { path };
    if !is_page_path(path)
        || path
            .trim_start_matches('/')
            .starts_with(&format!("{PREFIX}/"))
    {
        return None;
    }
    let mut out = format!("{base}/{PREFIX}{path}");
    if let Some(f) = fragment {
        out.push('#');
        out.push_str(f);
    }
    Some(out)
}

/// The elder copy of one page.
pub fn variant(config: &Config, path: &str, html: &str) -> Option<(String, String)> {
    if path
        .trim_start_matches('/')
        .starts_with(&format!("{PREFIX}/"))
    {
        return None;
    }
    let standard = config.make_permalink(path);
    // A canonical link alone: search engines then list the standard page for both. `noindex`
    // beside it would be a conflicting signal (search engines advise against pairing them to
    // pick a canonical) and Lighthouse counts it as a page blocked from indexing.
    let head_extra = format!("<link rel=\"canonical\" href=\"{standard}\">");
    let rewritten = rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![
                element!("html", |el| {
                    let class = el
                        .get_attribute("class")
                        .map(|c| format!("{c} elder"))
                        .unwrap_or_else(|| "elder".into());
                    el.set_attribute("class", &class)?;
                    Ok(())
                }),
                element!("head", |el| {
                    el.append(&head_extra, ContentType::Html);
                    Ok(())
                }),
                element!("a[data-elder-toggle]", |el| {
                    el.set_attribute("href", &standard)?;
                    el.set_inner_content("标准模式", ContentType::Text);
                    el.remove_attribute("data-elder-toggle");
                    Ok(())
                }),
                element!("a[href]:not([data-elder-toggle])", |el| {
                    if let Some(new) = el
                        .get_attribute("href")
                        .and_then(|h| elder_href(config, &h))
                    {
                        el.set_attribute("href", &new)?;
                    }
                    Ok(())
                }),
            ],
            ..RewriteStrSettings::new()
        },
    )
    .ok()?;
    Some((format!("/{PREFIX}{path}"), rewritten))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_page_links_only() {
        let c = Config::parse(
            "base_url = \"https://a.org\"",
            std::path::Path::new("c.toml"),
        )
        .unwrap();
        assert_eq!(
            elder_href(&c, "https://a.org/heroes/"),
            Some("https://a.org/elder/heroes/".into())
        );
        assert_eq!(
            elder_href(&c, "https://a.org/"),
            Some("https://a.org/elder/".into())
        );
        assert_eq!(
            elder_href(&c, "/news/x/#top"),
            Some("https://a.org/elder/news/x/#top".into())
        );
        assert_eq!(elder_href(&c, "https://a.org/css/site.css"), None);
        assert_eq!(elder_href(&c, "https://a.org/events/calendar.ics"), None);
        assert_eq!(elder_href(&c, "https://gov.cn/"), None);
        assert_eq!(elder_href(&c, "https://a.org.evil/"), None);
        assert_eq!(elder_href(&c, "https://a.org/elder/x/"), None);
    }
}
