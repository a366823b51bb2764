//! The article's look, as inline styles: WeChat drops `<style>` and classes, so every element
//! carries its own `style` (spec §1.1). Colours come from the article's `Look` (`look.rs`:
//! the default is the site theme's), never pure black, which the editor swallows (§1.3), and
//! never white text, which WeChat's dark mode cannot recolour well.
//! Sizes are px only (`rem`/`vw` differ between the editor and the reader).

/// The colours of an article's look (`look.rs` picks them from the config).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Look {
    /// Second-level headings, links, footnote markers, inline code.
    pub accent: String,
    /// Body text: never pure black (W08).
    pub ink: String,
    /// Quotes, captions, references, the source line.
    pub muted: String,
    /// Table borders and rules.
    pub line: String,
    /// Quote, code and table-head backgrounds.
    pub tint: String,
}

/// Body text blocks set their size again: the editor's default (about 17 px) otherwise wins
/// on some elements, as list text once did (wechat-format#3).
fn text(ink: &str) -> String {
    format!("font-size:16px;line-height:1.75;color:{ink}")
}

impl Look {
    /// The article root: 16 px with line-height 1.75 is readable on a phone (W20: 15–18 px,
    /// ≥ 1.6).
    pub fn root(&self) -> String {
        format!(
            "font-size:16px;line-height:1.75;color:{};letter-spacing:0.5px;\
             word-break:break-word;text-align:left;font-family:-apple-system,\
             BlinkMacSystemFont,'PingFang SC','Hiragino Sans GB','Microsoft YaHei',sans-serif",
            self.ink
        )
    }

    /// The inline style of an element of the article, by its (output) tag name.
    pub fn for_tag(&self, tag: &str) -> Option<String> {
        let Look {
            accent,
            ink,
            muted,
            line,
            tint,
        } = self;
        let s = match tag {
            "p" => format!("margin:0 0 16px;{}", text(ink)),
            "h2" => format!(
                "margin:28px 0 14px;padding-left:10px;border-left:4px solid {accent};\
                 font-size:19px;line-height:1.5;font-weight:bold;color:{accent}"
            ),
            "h3" => format!(
                "margin:24px 0 12px;font-size:17px;line-height:1.6;font-weight:bold;color:{ink}"
            ),
            "h4" | "h5" | "h6" => format!(
                "margin:20px 0 10px;font-size:16px;line-height:1.6;font-weight:bold;color:{ink}"
            ),
            "blockquote" => format!(
                "margin:16px 0;padding:10px 14px;border-left:3px solid {line};\
                 background-color:{tint};color:{muted};font-size:15px;line-height:1.75"
            ),
            "strong" | "b" => format!("font-weight:bold;color:{ink}"),
            "em" | "i" => "font-style:italic".into(),
            "code" => format!(
                "font-family:Menlo,Consolas,monospace;font-size:14px;padding:2px 4px;\
                 border-radius:3px;background-color:{tint};color:{accent}"
            ),
            "pre" => format!(
                "margin:16px 0;padding:12px;overflow-x:auto;background-color:{tint};\
                 border-radius:4px;font-family:Menlo,Consolas,monospace;font-size:13px;\
                 line-height:1.6;color:{ink};white-space:nowrap;text-align:left"
            ),
            "img" => {
                "display:block;max-width:100%;height:auto;margin:16px auto;border-radius:4px".into()
            }
            "table" => format!(
                "border-collapse:collapse;width:100%;font-size:14px;line-height:1.6;color:{ink}"
            ),
            "th" => format!(
                "border:1px solid {line};padding:6px 8px;background-color:{tint};\
                 font-weight:bold;text-align:left"
            ),
            "td" => format!("border:1px solid {line};padding:6px 8px"),
            "hr" => format!("border:0;border-top:1px solid {line};margin:24px 0"),
            "a" => format!("color:{accent};text-decoration:underline"),
            "sup" => "font-size:12px;line-height:1".into(),
            _ => return None,
        };
        Some(s)
    }

    /// A link turned into text: coloured, so the reader sees it points to a reference.
    pub fn link_text(&self) -> String {
        format!("color:{}", self.accent)
    }

    /// A footnote marker after a former link.
    pub fn marker(&self) -> String {
        format!("font-size:12px;line-height:1;color:{}", self.accent)
    }

    /// A caption under a figure.
    pub fn caption(&self) -> String {
        format!(
            "margin:-8px 0 16px;font-size:14px;line-height:1.6;color:{};text-align:center",
            self.muted
        )
    }

    /// The references block, its heading and its rows.
    pub fn refs(&self) -> String {
        format!(
            "margin:32px 0 0;padding-top:12px;border-top:1px solid {}",
            self.line
        )
    }

    pub fn refs_head(&self) -> String {
        format!(
            "margin:0 0 8px;font-size:15px;line-height:1.75;font-weight:bold;color:{}",
            self.muted
        )
    }

    pub fn ref_row(&self) -> String {
        format!(
            "margin:0 0 6px;font-size:13px;line-height:1.6;color:{};word-break:break-all",
            self.muted
        )
    }

    /// A closing line naming the source and the original page.
    pub fn source(&self) -> String {
        format!(
            "margin:24px 0 0;font-size:14px;line-height:1.75;color:{}",
            self.muted
        )
    }

    /// A list row with a hanging indent, so wrapped lines start under the text, not the
    /// marker.
    pub fn list_row(&self) -> String {
        format!(
            "margin:0 0 6px;padding-left:20px;text-indent:-20px;{}",
            text(&self.ink)
        )
    }
}

/// Code inside `<pre>` takes the block's font and colours.
pub const PRE_CODE: &str = "font-family:inherit;font-size:13px;color:inherit";
/// The box a table scrolls in (W15): wide tables overflow the ~677 px column.
pub const TABLE_BOX: &str = "overflow-x:auto;margin:16px 0";

/// A list's box: each nested level is indented (W09), up to three.
pub fn list_box(depth: usize) -> String {
    let pad = if depth <= 1 { 0 } else { 18 };
    format!(
        "margin:{};padding-left:{pad}px",
        if depth <= 1 { "0 0 16px" } else { "4px 0 0" }
    )
}

/// Properties the editor strips or that break the reader (W07), vendor prefixes included.
const DROPPED: &[&str] = &[
    "position",
    "top",
    "right",
    "bottom",
    "left",
    "z-index",
    "float",
    "transform",
    "transform-origin",
    "filter",
    "backdrop-filter",
    "clip-path",
    "pointer-events",
    "content",
    "user-select",
];

fn dropped(prop: &str) -> bool {
    // `-webkit-transform` is `transform`; `animation-name` is `animation`.
    let bare = if prop.starts_with('-') {
        prop.trim_start_matches('-')
            .split_once('-')
            .map_or(prop, |(_, p)| p)
    } else {
        prop
    };
    DROPPED.contains(&bare)
        || ["animation", "transition", "mask"]
            .iter()
            .any(|p| bare == *p || bare.starts_with(&format!("{p}-")))
        || bare.starts_with("--")
        || prop.starts_with("--")
}

/// A value the reader cannot use: variables, scripts, relative font units, images from
/// another host than WeChat's (W06), grid and table layouts on other elements (W07).
fn bad_value(prop: &str, value: &str, table_element: bool) -> bool {
    let v = value.to_ascii_lowercase();
    if v.contains("var(") || v.contains("expression(") || v.contains("@import") {
        return true;
    }
    if v.contains("url(") && !v.contains("mmbiz.qpic.cn") {
        return true;
    }
    let unit = |u: &str| {
        v.match_indices(u).any(|(i, _)| {
            let before = v[..i].chars().next_back();
            let after = v[i + u.len()..].chars().next();
            before.is_some_and(|c| c.is_ascii_digit() || c == '.')
                && !after.is_some_and(|c| c.is_ascii_alphabetic())
        })
    };
    if ["rem", "vw", "vh", "vmin", "vmax"].iter().any(|u| unit(u)) {
        return true;
    }
    if prop == "display" {
        let d = v.trim();
        return d.contains("grid") || (d.starts_with("table") && !table_element);
    }
    false
}

/// Pure black text disappears in the editor; the theme's ink is used instead (W08).
fn fix_black(prop: &str, value: &str) -> String {
    let v: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let black = ["#000", "#000000", "black", "rgb(0,0,0)", "rgba(0,0,0,1)"];
    if prop == "color" && black.contains(&v.as_str()) {
        "#1f1f1f".into()
    } else {
        value.trim().to_string()
    }
}

/// Keeps the declarations of an author's `style` that WeChat keeps, in their order.
pub fn sanitize(style: &str, table_element: bool) -> String {
    let mut out = vec![];
    for decl in style.split(';') {
        let Some((prop, value)) = decl.split_once(':') else {
            continue;
        };
        let prop = prop.trim().to_ascii_lowercase();
        let value = value.trim().trim_end_matches("!important").trim();
        if prop.is_empty() || value.is_empty() || dropped(&prop) {
            continue;
        }
        if bad_value(&prop, value, table_element) {
            continue;
        }
        out.push(format!("{prop}:{}", fix_black(&prop, value)));
    }
    out.join(";")
}

/// Our style, then the author's kept declarations (which win, being later).
pub fn merge(ours: Option<String>, theirs: Option<String>, table_element: bool) -> String {
    let theirs = theirs.map(|t| sanitize(&t, table_element));
    match (ours, theirs) {
        (Some(a), Some(b)) if !b.is_empty() => format!("{a};{b}"),
        (Some(a), _) => a,
        (None, Some(b)) => b,
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitize_drops_what_wechat_strips() {
        let s = sanitize(
            "color:#000;position:absolute;-webkit-transform:none;font-size:2rem;\
             margin:0 4px;background:url(https://x.org/a.png);--x:1;animation-name:a;\
             display:grid;color:var(--ink);padding:1em",
            false,
        );
        assert_eq!(s, "color:#1f1f1f;margin:0 4px;padding:1em");
        assert_eq!(sanitize("display:table-cell", true), "display:table-cell");
        assert_eq!(sanitize("display:table-cell", false), "");
    }

    #[test]
    fn root_style_is_readable() {
        let root = Look::default().root();
        assert!(root.contains("font-size:16px") && root.contains("line-height:1.75"));
    }
}
