//! A map's SVG taken apart for its PNG: the texts (`glyphs.rs`) and the markers (`stamps.rs`)
//! that yiyong draws itself, and the rest, which resvg draws first. Both are written again
//! and again on a map (the same 区, the same round marker), which resvg would draw anew each
//! time; drawn once and copied, they cost a fraction (`docs/outreach-bench.md`).
//!
//! Only what is drawn exactly so is taken out: anything else about a text or a marker (a
//! `tspan`, a transform, an opacity, a colour that is no `#rrggbb`, a style sheet that is not
//! the dark scheme's, which a picture does not use) leaves the whole map to resvg.

use std::collections::HashMap;

use super::glyphs::{hex, Label};
use super::stamps::Stamp;

pub struct Split {
    /// The SVG without the texts and markers.
    pub rest: String,
    pub labels: Vec<Label>,
    pub stamps: Vec<Stamp>,
}

pub fn split(svg: &str) -> Option<Split> {
    let doc = roxmltree::Document::parse(svg).ok()?;
    let styled = doc.descendants().filter(|n| n.has_tag_name("style"));
    if styled
        .into_iter()
        .any(|n| !n.text().unwrap_or("").trim().starts_with("@media"))
    {
        return None;
    }
    // The symbols by id, found once (each of a map's ~60 markers looked its symbol up among
    // all of the map's elements).
    let symbols: HashMap<&str, roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("symbol"))
        .filter_map(|n| Some((n.attribute("id")?, n)))
        .collect();
    let (mut labels, mut stamps, mut ranges) = (vec![], vec![], vec![]);
    for node in doc.descendants() {
        if node.has_tag_name("text") {
            labels.push(label(node)?);
        } else if node.has_tag_name("use") {
            stamps.push(stamp(&symbols, svg, node)?);
        } else {
            continue;
        }
        ranges.push(node.range());
    }
    let mut rest = String::with_capacity(svg.len());
    let mut at = 0;
    for r in ranges {
        rest.push_str(&svg[at..r.start]);
        at = r.end;
    }
    rest.push_str(&svg[at..]);
    Some(Split {
        rest,
        labels,
        stamps,
    })
}

/// Attributes that change how an element is drawn beyond what is read here, on itself or
/// inherited.
const UNSUPPORTED: [&str; 14] = [
    "transform",
    "opacity",
    "fill-opacity",
    "stroke",
    "style",
    "dx",
    "dy",
    "rotate",
    "letter-spacing",
    "word-spacing",
    "display",
    "visibility",
    "clip-path",
    "mask",
];

/// Presentation attributes a symbol's drawing may inherit from where it is used (`stroke`
/// and the opacities are refused outright).
const INHERITED: [&str; 10] = [
    "fill",
    "fill-rule",
    "stroke-width",
    "stroke-linejoin",
    "stroke-linecap",
    "stroke-miterlimit",
    "stroke-dasharray",
    "paint-order",
    "shape-rendering",
    "color",
];

/// The element and its ancestors, if all are plain groups, links or the root.
fn plain_chain<'a, 'i>(node: roxmltree::Node<'a, 'i>) -> Option<Vec<roxmltree::Node<'a, 'i>>> {
    let chain: Vec<roxmltree::Node> = node.ancestors().filter(|n| n.is_element()).collect();
    for n in &chain[1..] {
        if !matches!(n.tag_name().name(), "g" | "a" | "svg") {
            return None;
        }
    }
    let clean = chain
        .iter()
        .all(|n| UNSUPPORTED.iter().all(|a| !n.has_attribute(*a)));
    clean.then_some(chain)
}

fn label(node: roxmltree::Node) -> Option<Label> {
    // Only a plain run of text: no tspan.
    if node.children().any(|c| !c.is_text()) {
        return None;
    }
    let chain = plain_chain(node)?;
    // The nearest element that sets an attribute decides it, as inheritance does.
    let inherited = |name: &str| chain.iter().find_map(|n| n.attribute(name));
    let number = |name: &str| node.attribute(name)?.trim().parse::<f32>().ok();
    let anchor = match inherited("text-anchor").unwrap_or("start") {
        "start" => 0.0,
        "middle" => 0.5,
        "end" => 1.0,
        _ => return None,
    };
    let bold = match inherited("font-weight").unwrap_or("normal") {
        "normal" | "400" => false,
        "bold" | "700" => true,
        _ => return None,
    };
    Some(Label {
        x: number("x")?,
        y: number("y")?,
        size: inherited("font-size")?.trim().parse().ok()?,
        bold,
        anchor,
        fill: hex(inherited("fill").unwrap_or("#000"))?,
        // SVG's default white space: each run of spaces, tabs and line ends one space, none
        // at either end.
        text: node
            .text()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    })
}

/// A `<use>` of a `<symbol>` with a box of its own: the symbol's drawing, scaled to the box.
fn stamp(
    symbols: &HashMap<&str, roxmltree::Node>,
    svg: &str,
    node: roxmltree::Node,
) -> Option<Stamp> {
    let chain = plain_chain(node)?;
    let number = |name: &str| node.attribute(name)?.trim().parse::<f32>().ok();
    let id = node.attribute("href")?.strip_prefix('#')?;
    let symbol = *symbols.get(id)?;
    // Without its id, so that the same drawing on every map is drawn once.
    let (first, last) = (symbol.first_child()?, symbol.last_child()?);
    let inner = &svg[first.range().start..last.range().end];
    // What the symbol's drawing inherits where it is used, nearest first.
    let mut context = String::new();
    for name in INHERITED {
        if let Some(v) = chain.iter().find_map(|n| n.attribute(name)) {
            context.push_str(&format!(" {name}=\"{}\"", super::svg::esc(v)));
        }
    }
    Some(Stamp {
        symbol: format!(
            "<symbol id=\"s\" viewBox=\"{}\" overflow=\"{}\">{inner}</symbol>",
            symbol.attribute("viewBox")?,
            symbol.attribute("overflow").unwrap_or("hidden")
        ),
        context,
        x: number("x").unwrap_or(0.0),
        y: number("y").unwrap_or(0.0),
        width: number("width")?,
        height: number("height")?,
    })
}
