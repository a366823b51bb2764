//! The summary is the HTML before `<!-- more -->`; cutting there can leave tags open.

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Appends closing tags for any element left open in an HTML fragment.
pub fn close_tags(html: &str) -> String {
    let mut open: Vec<String> = vec![];
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        rest = &rest[lt + 1..];
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[..gt];
        rest = &rest[gt + 1..];
        if tag.starts_with('!') || tag.ends_with('/') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let name = name.trim().to_ascii_lowercase();
            if let Some(pos) = open.iter().rposition(|t| *t == name) {
                open.truncate(pos);
            }
            continue;
        }
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !name.is_empty() && !VOID.contains(&name.as_str()) {
            open.push(name);
        }
    }
    let mut out = html.trim_end().to_string();
    for t in open.iter().rev() {
        out.push_str(&format!("</{t}>"));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn closes() {
        assert_eq!(
            super::close_tags("<ul><li>a<br>"),
            "<ul><li>a<br></li></ul>"
        );
        assert_eq!(super::close_tags("<p>a</p>\n"), "<p>a</p>");
    }
}
