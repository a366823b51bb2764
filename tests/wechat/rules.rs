//! The static rules of `wechat.md` §4 (W01–W21), checked on an exported article by parsing
//! it (lol_html), independently of how the exporter writes it. Returns every breach found.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::{doc_text, element, rewrite_str, RewriteStrSettings};

const FORBIDDEN: &[&str] = &[
    "script", "style", "link", "iframe", "frame", "object", "embed", "applet", "form", "input",
    "button", "select", "textarea", "video", "audio", "source", "canvas", "noscript", "template",
    "base", "font", "center", "marquee",
];
const PRESENTATIONAL: &[&str] = &[
    "width",
    "height",
    "align",
    "bgcolor",
    "color",
    "face",
    "size",
    "border",
    "valign",
    "cellpadding",
    "cellspacing",
];
const SVG_FORBIDDEN: &[&str] = &[
    "defs",
    "style",
    "script",
    "foreignobject",
    "use",
    "marker",
    "filter",
    "mask",
    "clippath",
    "lineargradient",
    "radialgradient",
    "pattern",
    "symbol",
    "image",
];
const CSS_FORBIDDEN: &[&str] = &[
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
    "user-select",
    "pointer-events",
    "content",
];

#[derive(Default)]
struct Walk {
    /// Open elements (tag, style).
    stack: Vec<(String, String)>,
    errors: Vec<String>,
    head: Vec<String>,
    body_first: Option<(String, String)>,
    title: String,
    meta: Vec<(String, String)>,
    text: String,
    /// Numbers of `<sup>[n]</sup>` markers, in order, and the text of sups.
    sup_text: Option<String>,
    markers: Vec<usize>,
    /// Text of each block after the references heading.
    refs: Option<Vec<String>>,
    block_text: Option<String>,
}

fn inside(w: &Walk, tag: &str) -> bool {
    w.stack.iter().any(|(t, _)| t == tag)
}

/// Checks one exported document; `Err` lists every breach.
pub fn check(doc: &str) -> Result<(), Vec<String>> {
    let w = Rc::new(RefCell::new(Walk::default()));
    let (w1, w2) = (w.clone(), w.clone());
    rewrite_str(
        doc,
        RewriteStrSettings {
            element_content_handlers: vec![element!("*", move |el| {
                visit(el, &w1);
                Ok(())
            })],
            document_content_handlers: vec![doc_text!(move |t| {
                on_text(&mut w2.borrow_mut(), t.as_str());
                Ok(())
            })],
            ..RewriteStrSettings::new()
        },
    )
    .map_err(|e| vec![format!("not parseable: {e}")])?;
    let mut w = Rc::try_unwrap(w).ok().unwrap().into_inner();
    finish(&mut w, doc);
    if w.errors.is_empty() {
        Ok(())
    } else {
        Err(w.errors)
    }
}

fn visit(el: &mut lol_html::html_content::Element, w1: &Rc<RefCell<Walk>>) {
    let tag = el.tag_name();
    let style = el.get_attribute("style").unwrap_or_default();
    let attrs: Vec<(String, String)> = el
        .attributes()
        .iter()
        .map(|a| (a.name(), a.value()))
        .collect();
    on_element(&mut w1.borrow_mut(), &tag, &style, &attrs);
    if el.can_have_content() {
        w1.borrow_mut().stack.push((tag.clone(), style));
        let w3 = w1.clone();
        let _ = el.on_end_tag(Box::new(move |_| {
            on_end(&mut w3.borrow_mut(), &tag);
            Ok(())
        }));
    }
}

fn on_element(w: &mut Walk, tag: &str, style: &str, attrs: &[(String, String)]) {
    let in_svg = inside(w, "svg") || tag == "svg";
    if inside(w, "head") {
        w.head.push(tag.to_string());
    }
    if tag == "meta" {
        let get = |n: &str| attrs.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
        if let (Some(n), Some(c)) = (get("name"), get("content")) {
            w.meta.push((n, c));
        }
    }
    if inside(w, "body") && w.body_first.is_none() {
        w.body_first = Some((tag.to_string(), style.to_string()));
    }
    let parent = w.stack.last().cloned();
    let svg_nested = inside(w, "svg");
    let refs_on = w.refs.is_some();
    let (mut start_sup, mut start_block) = (false, false);
    let e = &mut w.errors;
    if FORBIDDEN.contains(&tag) {
        e.push(format!("W02 <{tag}>"));
    }
    for (k, v) in attrs {
        if (k == "class" || k == "id") && !tag.starts_with("mp-") {
            e.push(format!("W03 {k} on <{tag}>"));
        }
        if k.starts_with("on") {
            e.push(format!("W04 {k} on <{tag}>"));
        }
        let lv = v.trim().to_ascii_lowercase();
        if (k == "href" || k == "src")
            && ["javascript:", "vbscript:", "data:"]
                .iter()
                .any(|s| lv.starts_with(s))
        {
            e.push(format!("W04 {k}={v}"));
        }
        if !in_svg && PRESENTATIONAL.contains(&k.as_str()) && tag != "meta" {
            e.push(format!("W05 {k} on <{tag}>"));
        }
        if k == "style" || (in_svg && v.contains("url(#")) {
            check_style(e, tag, v, in_svg);
        }
    }
    match tag {
        "ul" | "ol" | "li" => e.push(format!("W09 <{tag}>")),
        "div" => e.push("W11 <div>".into()),
        "h1" => e.push("W12 <h1>".into()),
        "a" => {
            let href = attrs
                .iter()
                .find(|(k, _)| k == "href")
                .map(|(_, v)| v.as_str());
            if !href.is_some_and(|h| h.starts_with("https://mp.weixin.qq.com/")) {
                e.push(format!("W10 <a href={href:?}>"));
            }
        }
        "img" => check_img(e, attrs, style),
        "pre" if !style.contains("overflow-x:auto") && !style.contains("overflow-x:scroll") => {
            e.push("W14 <pre> without overflow-x".into())
        }
        "table" => {
            let ok = parent.is_some_and(|(t, s)| {
                t == "section" && (s.contains("overflow-x:auto") || s.contains("overflow-x:scroll"))
            });
            if !ok {
                e.push("W15 <table> not in a scrolling <section>".into());
            }
        }
        t if in_svg && SVG_FORBIDDEN.contains(&t) => e.push(format!("W17 <{t}> in svg")),
        "svg" if !svg_nested => {
            let px = attrs
                .iter()
                .any(|(k, v)| k == "width" && v.trim_end_matches("px").parse::<f64>().is_ok())
                || style.contains("width:") && style.contains("px");
            if !px {
                e.push("W17 svg without px width".into());
            }
        }
        "sup" => start_sup = true,
        "p" | "section" | "h2" | "h3" | "h4" if refs_on => start_block = true,
        _ => {}
    }
    if start_sup {
        w.sup_text = Some(String::new());
    }
    if start_block {
        w.block_text = Some(String::new());
    }
}

fn check_style(e: &mut Vec<String>, tag: &str, style: &str, in_svg: bool) {
    let table = matches!(tag, "table" | "tr" | "td" | "th" | "thead" | "tbody");
    for decl in style.split(';').filter(|d| !d.trim().is_empty()) {
        let Some((p, v)) = decl.split_once(':') else {
            e.push(format!("W06 not a declaration: {decl}"));
            continue;
        };
        let (p, v) = (p.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase());
        let bare = p.trim_start_matches('-');
        let bare = if p.starts_with('-') {
            bare.split_once('-').map_or(bare, |x| x.1)
        } else {
            bare
        };
        if p.starts_with("--")
            || v.contains("var(")
            || v.contains("expression(")
            || v.contains("@import")
        {
            e.push(format!("W06 {decl}"));
        }
        if v.contains("url(") && !v.contains("mmbiz.qpic.cn") && !in_svg {
            e.push(format!("W06 url: {decl}"));
        }
        let unit = ["rem", "vw", "vh", "vmin", "vmax"].iter().any(|u| {
            v.match_indices(u)
                .any(|(i, _)| v[..i].ends_with(|c: char| c.is_ascii_digit()))
        });
        if unit {
            e.push(format!("W06 unit: {decl}"));
        }
        if CSS_FORBIDDEN.contains(&bare)
            || ["animation", "transition", "mask"]
                .iter()
                .any(|x| bare == *x || bare.starts_with(&format!("{x}-")))
        {
            e.push(format!("W07 {decl}"));
        }
        if p == "display" && (v.contains("grid") || (v.starts_with("table") && !table)) {
            e.push(format!("W07 {decl} on <{tag}>"));
        }
        let compact: String = v.chars().filter(|c| !c.is_whitespace()).collect();
        if p == "color" && ["#000", "#000000", "black", "rgb(0,0,0)"].contains(&compact.as_str()) {
            e.push(format!("W08 {decl}"));
        }
    }
}

fn check_img(e: &mut Vec<String>, attrs: &[(String, String)], style: &str) {
    let get = |n: &str| attrs.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone());
    if get("alt").is_none_or(|a| a.trim().is_empty()) {
        e.push("W13 img without alt".into());
    }
    if get("srcset").is_some() {
        e.push("W13 srcset".into());
    }
    if !style.contains("max-width:100%") && !style.contains("width:100%") {
        e.push("W13 img without max-width:100%".into());
    }
    let src = get("src").unwrap_or_default();
    let path = src
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let wechat =
        src.starts_with("https://mmbiz.qpic.cn/") || src.starts_with("https://mmbiz.qlogo.cn/");
    let ext = [".jpg", ".jpeg", ".png", ".gif"]
        .iter()
        .any(|x| path.ends_with(x));
    if !src.starts_with("https://") || !(ext || wechat) {
        e.push(format!("W13 img src {src}"));
    }
}

fn on_end(w: &mut Walk, tag: &str) {
    if tag == "sup" {
        if let Some(t) = w.sup_text.take() {
            let t = t.trim();
            if let Some(n) = t.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
                match n.parse() {
                    Ok(n) => w.markers.push(n),
                    Err(_) => w.errors.push(format!("W16 marker {t}")),
                }
            }
        }
    }
    if let Some(refs) = &mut w.refs {
        if let Some(t) = w.block_text.take() {
            if !t.trim().is_empty() {
                refs.push(t.trim().to_string());
            }
        }
    }
    w.stack.pop();
}

fn on_text(w: &mut Walk, t: &str) {
    if inside(w, "title") {
        w.title.push_str(t);
    }
    if inside(w, "pre") && (t.contains(['\n', '\r', '\t']) || t.contains("  ")) {
        w.errors.push(format!("W14 raw whitespace in <pre>: {t:?}"));
    }
    if inside(w, "body") {
        w.text.push_str(t);
        // The references heading: a block whose whole text is 参考资料.
        let trimmed = t.trim();
        if ["参考资料", "参考链接", "引用链接", "References"].contains(&trimmed) && w.refs.is_none()
        {
            w.refs = Some(vec![]);
            w.block_text = None;
            return;
        }
    }
    if let Some(s) = w.sup_text.as_mut() {
        s.push_str(t);
    }
    if let Some(b) = w.block_text.as_mut() {
        b.push_str(t);
    }
}

fn finish(w: &mut Walk, doc: &str) {
    let e = &mut w.errors;
    if !doc.contains("<meta charset=\"utf-8\">") {
        e.push("W01 no <meta charset=\"utf-8\">".into());
    }
    if let Some(bad) = w.head.iter().find(|t| *t != "meta" && *t != "title") {
        e.push(format!("W01 <{bad}> in head"));
    }
    // W16: markers 1..N in first-use order, references with the same numbers and URLs.
    let mut max = 0;
    for &m in &w.markers {
        if m > max + 1 {
            e.push(format!("W16 marker [{m}] after [{max}]"));
        }
        max = max.max(m);
    }
    let refs = w.refs.clone().unwrap_or_default();
    let numbered: Vec<usize> = refs
        .iter()
        .filter_map(|r| r.strip_prefix('[')?.split_once(']')?.0.parse().ok())
        .collect();
    let expect: Vec<usize> = (1..=max).collect();
    if numbered != expect {
        e.push(format!(
            "W16 references {numbered:?} but markers up to {max}"
        ));
    }
    // Each entry holds its absolute URL, and a URL has one number only.
    let urls: Vec<&str> = refs
        .iter()
        .take(max)
        .filter_map(|r| {
            r.find("http")
                .map(|i| r[i..].split_whitespace().next().unwrap_or(""))
        })
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        .collect();
    if urls.len() != max {
        e.push("W16 a reference without its URL".into());
    }
    let mut distinct = urls.clone();
    distinct.sort();
    distinct.dedup();
    if distinct.len() != urls.len() {
        e.push(format!("W16 one URL under two numbers: {urls:?}"));
    }
    let text: String = w.text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > 20_000 || doc.len() >= 1_000_000 {
        e.push("W18 too long".into());
    }
    let title = w.title.trim().chars().count();
    if !(1..=32).contains(&title) {
        e.push(format!("W19 title of {title} characters"));
    }
    for (name, max) in [("author", 16), ("description", 128)] {
        if let Some((_, v)) = w.meta.iter().find(|(n, _)| n == name) {
            if v.chars().count() > max {
                e.push(format!("W19 {name} over {max}"));
            }
        }
    }
    check_root(e, w.body_first.as_ref());
    if let Some(n) = personal_number(&text) {
        e.push(format!("W21 personal number {n}"));
    }
}

/// W20: the root is a section with 15–18 px text and line-height ≥ 1.6.
fn check_root(e: &mut Vec<String>, first: Option<&(String, String)>) {
    let Some((tag, style)) = first else {
        return e.push("W20 empty body".into());
    };
    let get = |p: &str| {
        style.split(';').find_map(|d| {
            let (k, v) = d.split_once(':')?;
            (k.trim() == p).then(|| v.trim().to_string())
        })
    };
    let size = get("font-size").and_then(|v| v.strip_suffix("px")?.parse::<f64>().ok());
    let lh = get("line-height").and_then(|v| v.parse::<f64>().ok());
    let ok = tag == "section"
        && size.is_some_and(|s| (15.0..=18.0).contains(&s))
        && lh.is_some_and(|l| l >= 1.6);
    if !ok {
        e.push(format!("W20 root <{tag} style={style:?}>"));
    }
}

/// A mainland mobile number or a valid 18-character ID number standing alone in the text.
pub fn personal_number(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < chars.len() && (chars[j].is_ascii_digit() || (j - i == 17 && chars[j] == 'X')) {
            j += 1;
        }
        let run: String = chars[i..j].iter().collect();
        let mobile = run.len() == 11 && run.starts_with('1') && ('3'..='9').contains(&chars[i + 1]);
        if mobile || (run.len() == 18 && id_valid(&run)) {
            return Some(run);
        }
        i = j;
    }
    None
}

fn id_valid(id: &str) -> bool {
    let w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let d: Vec<u32> = id.chars().take(17).filter_map(|c| c.to_digit(10)).collect();
    if d.len() != 17 {
        return false;
    }
    let s: u32 = d.iter().zip(w).map(|(a, b)| a * b).sum();
    "10X98765432".chars().nth((s % 11) as usize) == id.chars().nth(17)
}
