//! Checks on link and path strings that several stages share (config, content, Markdown,
//! outputs): whether a user-given path stays inside the output folder, whether a URL points to
//! another host.

/// Refuses a user-given path that would leave the output folder: `..`, absolute paths with
/// drive letters, backslashes. Returns the reason.
pub fn unsafe_path_reason(p: &str) -> Option<&'static str> {
    if p.contains('\\') {
        return Some("it contains a backslash");
    }
    if p.split('/').any(|c| c == ".." || c == ".") {
        return Some("it contains `..` or `.`, which would write outside the output folder");
    }
    if p.contains(':') && p.split('/').next().is_some_and(|c| c.ends_with(':')) {
        return Some("it looks like an absolute path or URL");
    }
    if p.chars().any(|c| c.is_control()) {
        return Some("it contains control characters");
    }
    None
}

/// Whether a link leaves the site (an absolute URL or a protocol-relative one).
pub fn is_external(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_safety() {
        assert!(unsafe_path_reason("../../etc").is_some());
        assert!(unsafe_path_reason("a/./b").is_some());
        assert!(unsafe_path_reason("blog/新闻").is_none());
    }
}
