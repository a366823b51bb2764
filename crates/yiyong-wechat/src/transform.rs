//! The page's rendered HTML (the same the site publishes) rewritten for WeChat, in one
//! streaming pass of `lol_html`: elements the editor drops go, containers become `<section>`,
//! lists become rows with written markers, code keeps its line breaks as `<br>`, links other
//! than to WeChat articles become numbered footnotes, and every element gets inline styles.
//! Attributes are kept by an allow list, so no `class`, `id`, `on*` or `width` gets through.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::{ContentType, Element, TextChunk};
use lol_html::{doc_comments, doc_text, element, rewrite_str, RewriteStrSettings};

use crate::style::{self, Look};
use crate::urls::{self, Target};

/// Removed with everything inside (W02): scripts, embeds, media, forms' fields.
const REMOVED: &[&str] = &[
    "script", "style", "link", "iframe", "frame", "object", "embed", "applet", "noscript",
    "template", "base", "video", "audio", "source", "canvas", "textarea", "select", "meta",
    "title", "marquee",
];
/// Removed, keeping what they hold (W02).
const UNWRAPPED: &[&str] = &["font", "center", "form", "button", "label"];
/// Block containers; the editor keeps `<section>` best (W11).
const CONTAINERS: &[&str] = &[
    "div", "figure", "footer", "header", "article", "aside", "main", "nav", "details", "summary",
    "dl", "dd", "dt", "address",
];
/// SVG parts WeChat strips or mispaints (W17).
const SVG_REMOVED: &[&str] = &[
    "defs",
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

/// A footnote: a link's URL and the text of its first use.
#[derive(Debug, Clone)]
pub struct Note {
    pub url: String,
    pub text: String,
}

/// The rewritten body and what was found on the way.
#[derive(Debug, Default)]
pub struct Body {
    pub html: String,
    pub notes: Vec<Note>,
    /// Every picture's absolute URL, in order.
    pub images: Vec<String>,
}

#[derive(Default)]
struct State {
    look: Look,
    base_url: String,
    page_url: String,
    /// Open lists: ordered?, next number.
    lists: Vec<(bool, u64)>,
    /// A list row's marker, written before its first text.
    marker: Option<String>,
    pre: usize,
    svg: usize,
    /// The footnote whose first use's text is being collected.
    collecting: Option<usize>,
    notes: Vec<Note>,
    images: Vec<String>,
}

type Shared = Rc<RefCell<State>>;

/// Rewrites a page's rendered HTML into the article body (without the root section).
pub fn rewrite(html: &str, page_url: &str, base_url: &str, look: &Look) -> Result<Body, String> {
    let state: Shared = Rc::new(RefCell::new(State {
        look: look.clone(),
        base_url: base_url.to_string(),
        page_url: page_url.to_string(),
        ..State::default()
    }));
    let (s1, s2) = (state.clone(), state.clone());
    let out = rewrite_str(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![element!("*", move |el| {
                on_element(el, &s1);
                Ok(())
            })],
            document_content_handlers: vec![
                doc_text!(move |t| {
                    on_text(t, &s2);
                    Ok(())
                }),
                doc_comments!(|c| {
                    c.remove();
                    Ok(())
                }),
            ],
            ..RewriteStrSettings::new()
        },
    )
    .map_err(|e| e.to_string())?;
    let st = state.borrow();
    Ok(Body {
        html: out,
        notes: st.notes.clone(),
        images: st.images.clone(),
    })
}

fn on_element(el: &mut Element, st: &Shared) {
    let tag = el.tag_name();
    if REMOVED.contains(&tag.as_str()) || st.borrow().svg > 0 && SVG_REMOVED.contains(&tag.as_str())
    {
        el.remove();
        return;
    }
    if UNWRAPPED.contains(&tag.as_str()) {
        el.remove_and_keep_content();
        return;
    }
    if st.borrow().svg > 0 || tag == "svg" {
        return svg_element(el, &tag, st);
    }
    let author_style = el.get_attribute("style");
    let table_element = matches!(
        tag.as_str(),
        "table" | "tr" | "td" | "th" | "thead" | "tbody"
    );
    let ours = match tag.as_str() {
        "input" => return checkbox(el, st),
        "a" => return link(el, st),
        "img" => return image(el, st),
        "ul" | "ol" => Some(list(el, &tag, st)),
        "li" => Some(list_row(el, st)),
        "pre" => {
            enter(el, st, |s| &mut s.pre);
            st.borrow().look.for_tag("pre")
        }
        "code" if st.borrow().pre > 0 => Some(style::PRE_CODE.into()),
        "h1" => {
            // The title travels in the article's title field; the body starts at h2 (W12).
            let _ = el.set_tag_name("h2");
            st.borrow().look.for_tag("h2")
        }
        "figcaption" => {
            let _ = el.set_tag_name("section");
            Some(st.borrow().look.caption())
        }
        "table" => {
            el.before(
                &format!("<section style=\"{}\">", style::TABLE_BOX),
                ContentType::Html,
            );
            el.after("</section>", ContentType::Html);
            st.borrow().look.for_tag("table")
        }
        t if CONTAINERS.contains(&t) => {
            let _ = el.set_tag_name("section");
            (t == "dt").then(|| "font-weight:bold;margin:8px 0 4px".to_string())
        }
        t => st.borrow().look.for_tag(t),
    };
    keep_only(el, &[]);
    let merged = style::merge(ours, author_style, table_element);
    if !merged.is_empty() {
        let _ = el.set_attribute("style", &merged);
    }
}

/// Counts an open element of a kind (`<pre>`, `<svg>`) until its end tag.
fn enter(el: &mut Element, st: &Shared, depth: fn(&mut State) -> &mut usize) {
    if !el.can_have_content() {
        return;
    }
    *depth(&mut st.borrow_mut()) += 1;
    let st = st.clone();
    let _ = el.on_end_tag(Box::new(move |_| {
        let mut s = st.borrow_mut();
        *depth(&mut s) = depth(&mut s).saturating_sub(1);
        Ok(())
    }));
}

/// Removes every attribute but `style` and the named ones: no class, id, event handler or
/// presentational size can pass (W03–W05).
fn keep_only(el: &mut Element, keep: &[&str]) {
    let names: Vec<String> = el.attributes().iter().map(|a| a.name()).collect();
    for n in names {
        if n != "style" && !keep.contains(&n.as_str()) {
            el.remove_attribute(&n);
        }
    }
}

fn list(el: &mut Element, tag: &str, st: &Shared) -> String {
    let start = el
        .get_attribute("start")
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(1);
    let depth = {
        let mut s = st.borrow_mut();
        s.lists.push((tag == "ol", start));
        s.lists.len()
    };
    let _ = el.set_tag_name("section");
    let st = st.clone();
    let _ = el.on_end_tag(Box::new(move |_| {
        st.borrow_mut().lists.pop();
        Ok(())
    }));
    // Deeper than three levels is drawn at the third (W09).
    style::list_box(depth.min(3))
}

fn list_row(el: &mut Element, st: &Shared) -> String {
    let _ = el.set_tag_name("section");
    let mut s = st.borrow_mut();
    let depth = s.lists.len().clamp(1, 3);
    let marker = match s.lists.last_mut() {
        Some((true, n)) => {
            let m = match depth {
                1 => format!("{n}."),
                2 => format!("({n})"),
                _ => format!("{n})"),
            };
            *n += 1;
            m
        }
        _ => ["•", "◦", "▪"][depth - 1].to_string(),
    };
    s.marker = Some(format!("{marker}\u{a0}"));
    let row = s.look.list_row();
    drop(s);
    let st = st.clone();
    let _ = el.on_end_tag(Box::new(move |_| {
        st.borrow_mut().marker = None;
        Ok(())
    }));
    row
}

/// A task list's box becomes ☑ or ☐ in place of the row's marker; other inputs go (W02).
fn checkbox(el: &mut Element, st: &Shared) {
    if el.get_attribute("type").as_deref() == Some("checkbox") {
        let mark = if el.has_attribute("checked") {
            "☑"
        } else {
            "☐"
        };
        st.borrow_mut().marker = None;
        el.replace(&format!("{mark}\u{a0}"), ContentType::Text);
    } else {
        el.remove();
    }
}

fn link(el: &mut Element, st: &Shared) {
    let href = el.get_attribute("href").unwrap_or_default();
    let target = {
        let s = st.borrow();
        urls::resolve(&href, &s.page_url, &s.base_url)
    };
    let url = match target {
        Target::Url(u) => u,
        // A footnote's way back up (`#fr-…`, drawn ↩) means nothing without links.
        Target::Anchor if href.starts_with("#fr-") => return el.remove(),
        Target::Anchor | Target::Other => return el.remove_and_keep_content(),
    };
    if urls::is_wechat_article(&url) {
        keep_only(el, &["href"]);
        let url = url.replacen("http://", "https://", 1);
        let _ = el.set_attribute("href", &url);
        let _ = el.set_attribute("style", &st.borrow().look.for_tag("a").unwrap_or_default());
        return;
    }
    // One number per URL, in order of first use (W16).
    let (n, first) = {
        let mut s = st.borrow_mut();
        match s.notes.iter().position(|n| n.url == url) {
            Some(i) => (i + 1, false),
            None => {
                s.notes.push(Note {
                    url,
                    text: String::new(),
                });
                (s.notes.len(), true)
            }
        }
    };
    let _ = el.set_tag_name("span");
    keep_only(el, &[]);
    let link_text = st.borrow().look.link_text();
    let _ = el.set_attribute("style", &link_text);
    el.after(
        &format!("<sup style=\"{}\">[{n}]</sup>", st.borrow().look.marker()),
        ContentType::Html,
    );
    if first && el.can_have_content() {
        st.borrow_mut().collecting = Some(n);
        let st = st.clone();
        let _ = el.on_end_tag(Box::new(move |_| {
            st.borrow_mut().collecting = None;
            Ok(())
        }));
    }
}

fn image(el: &mut Element, st: &Shared) {
    let src = el.get_attribute("src").unwrap_or_default();
    let target = {
        let s = st.borrow();
        urls::resolve(&src, &s.page_url, &s.base_url)
    };
    let Target::Url(url) = target else {
        return el.remove();
    };
    let alt = el
        .get_attribute("alt")
        .filter(|a| !a.trim().is_empty())
        .unwrap_or_else(|| "图片".into());
    keep_only(el, &[]);
    let _ = el.set_attribute("src", &url);
    let _ = el.set_attribute("alt", &alt);
    let _ = el.set_attribute(
        "style",
        &st.borrow().look.for_tag("img").unwrap_or_default(),
    );
    st.borrow_mut().images.push(url);
}

/// Inside `<svg>`: attributes stay (sizes are attributes there) except classes, ids, event
/// handlers and references to removed parts; the root gets a width in px (W17).
fn svg_element(el: &mut Element, tag: &str, st: &Shared) {
    let names: Vec<(String, String)> = el
        .attributes()
        .iter()
        .map(|a| (a.name(), a.value()))
        .collect();
    for (n, v) in names {
        let bad = n == "class" || n == "id" || n.starts_with("on") || n.ends_with("href");
        if bad || v.contains("url(#") {
            el.remove_attribute(&n);
        }
    }
    if tag == "svg" {
        if st.borrow().svg == 0 {
            let px = el
                .get_attribute("width")
                .filter(|w| w.trim().trim_end_matches("px").parse::<f64>().is_ok());
            let width = px.or_else(|| {
                let vb = el.get_attribute("viewBox")?;
                vb.split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .nth(2)
                    .map(String::from)
            });
            let w = width.map_or("100".into(), |w| {
                w.trim().trim_end_matches("px").to_string()
            });
            let _ = el.set_attribute("width", &w);
            let _ = el.set_attribute("style", &format!("width:{w}px;max-width:100%"));
        }
        enter(el, st, |s| &mut s.svg);
    }
}

fn on_text(t: &mut TextChunk, st: &Shared) {
    let mut s = st.borrow_mut();
    let text = t.as_str().to_string();
    if let Some(n) = s.collecting {
        s.notes[n - 1].text.push_str(&text);
    }
    if s.pre > 0 && !text.is_empty() {
        // The editor collapses whitespace, even in <pre>: breaks and spaces are made explicit (W14).
        let mut out = String::with_capacity(text.len() + 16);
        for c in text.chars() {
            match c {
                '\n' => out.push_str("<br>"),
                '\r' => {}
                '\t' => out.push_str("\u{a0}\u{a0}\u{a0}\u{a0}"),
                ' ' => out.push('\u{a0}'),
                c => out.push(c),
            }
        }
        t.replace(&out, ContentType::Html);
    }
    if !text.trim().is_empty() {
        if let Some(m) = s.marker.take() {
            t.before(&m, ContentType::Text);
        }
    }
}
