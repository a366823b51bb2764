//! Fast path for what a template can read of the pages it is given. General path: every
//! field of every page value (`Shape::all`, `Usage::general`). Listings (pagers, taxonomy
//! lists, a page's `lower`/`higher`) hand a template thousands of page values, and building
//! them is most of a big site's render time, yet a list template reads two or three fields.
//! A template can only read a field by writing its name, so this walks a template with
//! everything it can reach (parents, includes, imported macros) over Tera's `#[doc(hidden)]`
//! AST (`tera::ast`, hence `tera = "=1.20.x"`) and collects the names it writes. It answers
//! conservatively: any construct that could reach a field without naming it (`json_encode`,
//! a key taken from a variable, `for k, v in`, an unknown filter or a function given a
//! variable) means every field.
//!
//! Figure (docs/fast-paths.md): warm rebuild of the 10,000-hero Zola corpus, medians of 5:
//! 497 ms and 158 MB peak RSS with it, 867 ms and 248 MB without; the association's corpus
//! 2.89 s and 393 MB with it, 3.17 s and 562 MB without. Instructions (1,000-hero Zola
//! corpus, cachegrind, one rayon thread): 590 M with, 904 M without (+53%). Build with
//! `RUSTFLAGS="--cfg yiyong_general_usage"` to measure without it.
//!
//! Contract: src/fast_paths_tests/usage.rs: the demo site renders byte for byte the same with
//! every template given every field (`Usage::general`), and the walk's own cases.

use std::collections::HashSet;
use std::sync::Arc;

use tera::ast::{Expr, ExprVal, FunctionCall, Node};
use tera::Tera;

use super::page_fields::{FieldSet, PageField};
use super::shape::{ContentUse, Names, Shape};

const FIELD: &str = "content";
const NEIGHBOURS: [&str; 2] = ["page.lower", "page.higher"];
const OWN: &str = "page.content";

/// Tera's and Zola's filters that never look inside an object by a name they are not given
/// as a literal (`json_encode` dumps everything, so it is not here).
const SAFE_FILTERS: &[&str] = &[
    "safe",
    "default",
    "length",
    "reverse",
    "first",
    "last",
    "nth",
    "join",
    "slice",
    "concat",
    "as_str",
    "date",
    "upper",
    "lower",
    "capitalize",
    "trim",
    "trim_start",
    "trim_end",
    "trim_start_matches",
    "trim_end_matches",
    "truncate",
    "wordcount",
    "replace",
    "addslashes",
    "slugify",
    "title",
    "striptags",
    "urlencode",
    "urlencode_strict",
    "escape",
    "escape_xml",
    "split",
    "linebreaksbr",
    "indent",
    "int",
    "float",
    "spaceless",
    "pluralize",
    "round",
    "filesizeformat",
    "abs",
    "markdown",
    "base64_encode",
    "base64_decode",
    "regex_replace",
    "num_format",
    "root_relative",
];
/// Filters that read the key named by an argument: safe only when it is a literal.
const KEY_FILTERS: &[&str] = &["get", "map", "filter", "group_by", "sort", "unique"];
/// Functions that never read objects they are given.
const SAFE_FUNCTIONS: &[&str] = &[
    "range",
    "now",
    "throw",
    "get_random",
    "get_env",
    "get_url",
    "get_page",
    "get_section",
    "get_taxonomy",
    "get_taxonomy_url",
    "get_taxonomy_term",
    "get_hash",
    "load_data",
    "get_image_metadata",
    "resize_image",
    "trans",
];

#[derive(Default)]
struct Walk {
    /// Something may read any field without naming it.
    any: bool,
    /// `content` is named other than as `page.content`.
    content_elsewhere: bool,
    own: bool,
    /// Fields named as `page.lower.x` or `page.higher.x`.
    neighbour_fields: HashSet<String>,
    /// A neighbour may be read other than by naming its fields (passed on, subscripted).
    neighbours_whole: bool,
    /// Inside a bare `{% if page.lower %}` (or `higher`): only whether it is there.
    testing: bool,
    binds_page: bool,
    keeps_keys: bool,
    /// Bare names given to `length` (`heroes | length`): whether that can tell which keys a
    /// page has is known only once every binding of the name is seen (see `lengths_keep_keys`).
    lengths: Vec<String>,
    /// Names some binding may make a page (a loop's variable, a macro argument, a `set` of
    /// anything but a literal, an extension's function or a section, taxonomy or term).
    page_bound: HashSet<String>,
    /// Every dotted name written, and every name the templates bind (`set`, `for`, macro
    /// arguments).
    idents: HashSet<String>,
    bound: HashSet<String>,
    /// Names a `set` binds to a section, taxonomy or term (`set s = get_section(…)`): one
    /// never in `page_bound` too holds no page but in its `pages` (see `listed_fields`).
    holder_sets: HashSet<String>,
    literals: Vec<String>,
    seen: HashSet<String>,
}

pub fn shape(tera: &Tera, name: &str) -> Shape {
    let mut w = Walk::default();
    w.template(tera, name);
    let content = if w.any || w.content_elsewhere || (w.own && w.binds_page) {
        ContentUse::Any
    } else if w.own {
        ContentUse::OwnPage
    } else {
        ContentUse::None
    };
    if w.any {
        return Shape::all();
    }
    let keeps_keys = w.keeps_keys || w.lengths_keep_keys();
    let names = Names {
        // The fields and keys named: every segment of every dotted name.
        idents: w
            .idents
            .iter()
            .flat_map(|i| super::listed_fields::split(i))
            .map(String::from)
            .collect(),
        literals: w.literals,
    };
    let fields_in = |has: &dyn Fn(&str) -> bool| {
        FieldSet::of(PageField::ALL.into_iter().filter(|f| has(f.name())))
    };
    let mask = fields_in(&|f| names.has(f));
    let holders: HashSet<String> = w.holder_sets.difference(&w.page_bound).cloned().collect();
    let listed: HashSet<&str> = w
        .idents
        .iter()
        .flat_map(|i| super::listed_fields::segments(i, &w.bound, &holders))
        .collect();
    let listing_mask =
        fields_in(&|f| listed.contains(f) || names.literals.iter().any(|l| l.contains(f)));
    let neighbour_mask = match w.neighbours_whole {
        true => mask,
        false => fields_in(&|f| w.neighbour_fields.contains(f)),
    };
    Shape {
        mask,
        listing_mask,
        neighbour_mask,
        keeps_keys,
        names_paginator: names.has("paginator"),
        content,
        // Where a key left out could show (`x in config`, `config | length`), none is.
        names: (!keeps_keys).then(|| Arc::new(names)),
        config: Default::default(),
        last_len: Default::default(),
    }
}

impl Walk {
    fn template(&mut self, tera: &Tera, name: &str) {
        if !self.seen.insert(name.to_string()) {
            return;
        }
        let Ok(t) = tera.get_template(name) else {
            self.any = true;
            return;
        };
        self.nodes(tera, &t.ast, false);
        for block in t.blocks.values() {
            self.nodes(tera, &block.body, false);
        }
        for m in t.macros.values() {
            self.bound.extend(m.args.keys().cloned());
            self.page_bound.extend(m.args.keys().cloned());
            m.args.values().flatten().for_each(|e| self.expr(e, true));
            self.nodes(tera, &m.body, true);
        }
        for parent in &t.parents {
            self.template(tera, parent);
        }
        for (file, _) in &t.imported_macro_files {
            self.template(tera, file);
        }
    }

    fn nodes(&mut self, tera: &Tera, nodes: &[Node], in_macro: bool) {
        for n in nodes {
            self.node(tera, n, in_macro);
        }
    }

    fn node(&mut self, tera: &Tera, n: &Node, in_macro: bool) {
        match n {
            Node::VariableBlock(_, e) => self.expr(e, in_macro),
            Node::MacroDefinition(_, m, _) => {
                self.bound.extend(m.args.keys().cloned());
                self.page_bound.extend(m.args.keys().cloned());
                m.args.values().flatten().for_each(|e| self.expr(e, true));
                self.nodes(tera, &m.body, true);
            }
            Node::Include(_, names, _) => {
                for name in names {
                    self.template(tera, name);
                }
            }
            Node::Set(_, s) => {
                self.bind(&s.key);
                if holds_a_section(&s.value) {
                    self.holder_sets.insert(s.key.clone());
                } else if may_hold_pages(&s.value) {
                    self.page_bound.insert(s.key.clone());
                }
                self.expr(&s.value, in_macro);
            }
            Node::FilterSection(_, f, _) => {
                self.filter(&f.filter, in_macro, false);
                self.nodes(tera, &f.body, in_macro);
            }
            Node::Block(_, b, _) => self.nodes(tera, &b.body, in_macro),
            Node::Forloop(_, f, _) => {
                // `for k, v in object` hands out every value of an object without naming it.
                if let Some(key) = &f.key {
                    self.any = true;
                    self.bound.insert(key.clone());
                }
                self.bind(&f.value);
                self.page_bound.insert(f.value.clone());
                self.expr(&f.container, in_macro);
                self.nodes(tera, &f.body, in_macro);
                if let Some(body) = &f.empty_body {
                    self.nodes(tera, body, in_macro);
                }
            }
            Node::If(i, _) => {
                for (_, cond, body) in &i.conditions {
                    self.testing = cond.filters.is_empty()
                        && matches!(&cond.val, ExprVal::Ident(i) if NEIGHBOURS.contains(&i.as_str()));
                    self.expr(cond, in_macro);
                    self.testing = false;
                    self.nodes(tera, body, in_macro);
                }
                if let Some((_, body)) = &i.otherwise {
                    self.nodes(tera, body, in_macro);
                }
            }
            Node::Super
            | Node::Text(_)
            | Node::Extends(..)
            | Node::ImportMacro(..)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }

    /// A `set` or a loop variable: it may hold a page as the context's `page` does.
    fn bind(&mut self, name: &str) {
        self.bound.insert(name.to_string());
        if name == "page" {
            self.binds_page = true;
        }
    }

    fn ident(&mut self, ident: &str, in_macro: bool) {
        if ident.contains("__tera_context") {
            self.any = true;
        } else if ident.contains('[') && !literal_subscripts(ident) {
            // `p[key]`: the key comes from a variable.
            self.any = true;
        }
        if ident.contains(FIELD) {
            let own = !in_macro && (ident == OWN || ident == "page[\"content\"]");
            if own {
                self.own = true;
            } else {
                self.content_elsewhere = true;
            }
        }
        self.neighbour(ident);
        self.idents.insert(ident.to_string());
    }

    /// Notes what `ident` reads of the page's neighbours.
    fn neighbour(&mut self, ident: &str) {
        if !ident.contains("lower") && !ident.contains("higher") {
            return;
        }
        for n in NEIGHBOURS {
            if ident == n && self.testing {
                return;
            }
            let rest = ident.strip_prefix(n).and_then(|r| r.strip_prefix('.'));
            if let Some(rest) = rest.filter(|r| !r.is_empty()) {
                let field = rest.split_once('.').map_or(rest, |(f, _)| f);
                // `page.lower["x"]`, `page.lower[k]`: not a field named plainly.
                if field.contains(['[', ']']) {
                    break;
                }
                self.neighbour_fields.insert(field.to_string());
                return;
            }
        }
        self.neighbours_whole = true;
    }

    /// Whether `x | length` of a bare name may count a page's keys: yes unless every binding
    /// of the name makes it something else (a name the templates never bind is the context's,
    /// `page` itself perhaps).
    fn lengths_keep_keys(&self) -> bool {
        self.lengths
            .iter()
            .any(|n| !self.bound.contains(n) || self.page_bound.contains(n))
    }

    fn literal(&mut self, s: &str) {
        if s.contains(FIELD) {
            self.content_elsewhere = true;
        }
        if s.contains("lower") || s.contains("higher") {
            self.neighbours_whole = true;
        }
    }

    /// A literal in a place where it names a key (`get(key=…)`, `sort(attribute=…)`,
    /// `"x" in page`, `is containing("x")`). Any other string names none: counted as one,
    /// `get_heroes(fields=["summary", "year"])` put every listed page's summary into the
    /// roll's listings.
    fn key_literal(&mut self, e: &Expr) {
        if let ExprVal::String(s) = &e.val {
            self.literals.push(s.clone());
        }
    }

    /// `counts_pages`: the filter is applied to a list of pages, not to a page.
    fn filter(&mut self, f: &FunctionCall, in_macro: bool, counts_pages: bool) {
        let name = f.name.as_str();
        if KEY_FILTERS.contains(&name) {
            // The key read is `attribute` (or `get`'s `key`); `filter`'s `value` is only
            // compared with it, so a variable there reads no other field.
            let keys = f.args.iter().filter(|(k, _)| k.as_str() != "value");
            for (_, a) in keys {
                match a.val {
                    ExprVal::String(_) => self.key_literal(a),
                    _ => self.any = true,
                }
            }
        } else if !SAFE_FILTERS.contains(&name) {
            self.any = true;
        }
        if name == "length" && !counts_pages {
            self.keeps_keys = true;
        }
        f.args.values().for_each(|a| self.expr(a, in_macro));
    }

    fn expr(&mut self, e: &Expr, in_macro: bool) {
        // `x.pages` (of a section, term or paginator) is a list: its length is the same
        // whatever its pages hold. No page value has a `pages` field.
        // Nor can `length` of something that is never a page (`ev.start`, `x.pages`) tell
        // which keys a page holds.
        let not_a_page = !may_be_page(&e.val);
        for (n, f) in e.filters.iter().enumerate() {
            let bare = match &e.val {
                ExprVal::Ident(i) if n == 0 && f.name == "length" && is_bare(i) => Some(i),
                _ => None,
            };
            if let Some(name) = bare {
                self.lengths.push(name.clone());
            }
            self.filter(f, in_macro, (not_a_page || bare.is_some()) && n == 0);
        }
        self.val(&e.val, in_macro);
    }

    fn val(&mut self, v: &ExprVal, in_macro: bool) {
        match v {
            ExprVal::String(s) => self.literal(s),
            ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => {}
            ExprVal::Ident(i) => self.ident(i, in_macro),
            ExprVal::Math(m) => {
                self.expr(&m.lhs, in_macro);
                self.expr(&m.rhs, in_macro);
            }
            ExprVal::Logic(l) => {
                self.expr(&l.lhs, in_macro);
                self.expr(&l.rhs, in_macro);
            }
            ExprVal::Test(t) => {
                // `is containing(pat=x)` on a page asks whether it has a key.
                if t.name == "containing" {
                    if !t.args.iter().all(is_literal) {
                        self.keeps_keys = true;
                    }
                    t.args.iter().for_each(|a| self.key_literal(a));
                }
                self.ident(&t.ident, in_macro);
                t.args.iter().for_each(|a| self.expr(a, in_macro));
            }
            ExprVal::MacroCall(m) => m.args.values().for_each(|a| self.expr(a, in_macro)),
            ExprVal::FunctionCall(f) => {
                // A function given only strings and numbers (`map(district=term.name)`)
                // cannot read a field the template does not name.
                let passes_object = f.args.values().any(may_carry_trimmed);
                if passes_object && !SAFE_FUNCTIONS.contains(&f.name.as_str()) {
                    self.any = true;
                }
                f.args.values().for_each(|a| self.expr(a, in_macro));
            }
            ExprVal::Array(items) => items.iter().for_each(|a| self.expr(a, in_macro)),
            ExprVal::StringConcat(c) => c.values.iter().for_each(|v| self.val(v, in_macro)),
            ExprVal::In(i) => {
                // `x in page` asks whether a page has the key x; `x in ["a", "b"]` does not.
                if !is_literal(&i.lhs) && (!i.rhs.filters.is_empty() || may_be_page(&i.rhs.val)) {
                    self.keeps_keys = true;
                }
                self.key_literal(&i.lhs);
                self.expr(&i.lhs, in_macro);
                self.expr(&i.rhs, in_macro);
            }
        }
    }
}

/// Whether a value may be a page. Page values live in lists (`section.pages`, a loop
/// variable, `pages.0`), in `lower`/`higher`, or come from a function: a dotted name ending
/// in any other field (`ev.start`, `term.pages`) or a literal is never one.
fn may_be_page(v: &ExprVal) -> bool {
    match v {
        ExprVal::Ident(i) => match i.rsplit_once('.') {
            Some((_, last)) => {
                i.contains('[')
                    || matches!(last, "lower" | "higher")
                    || last.parse::<usize>().is_ok()
            }
            None => true,
        },
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Array(_)
        | ExprVal::StringConcat(_)
        | ExprVal::Math(_)
        | ExprVal::Logic(_)
        | ExprVal::Test(_)
        | ExprVal::In(_) => false,
        // Only the core's lookups hand out values cut to the template; an extension's
        // function (`get_heroes()`) builds its own, whole.
        ExprVal::FunctionCall(f) => PAGE_FUNCTIONS.contains(&f.name.as_str()),
        ExprVal::MacroCall(_) => true,
    }
}

/// A name without dots or subscripts (`heroes`), as `set` binds one.
fn is_bare(i: &str) -> bool {
    !i.contains(['.', '['])
}

/// Whether a `set` of this value may hold a page: anything but a literal or the result of an
/// extension's function, unfiltered (`set heroes = get_heroes(year=2024)` holds the
/// function's own values; `get_page` and the like hold page values).
fn may_hold_pages(e: &Expr) -> bool {
    if !e.filters.is_empty() {
        return true;
    }
    match &e.val {
        ExprVal::FunctionCall(f) => PAGE_FUNCTIONS.contains(&f.name.as_str()),
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => false,
        _ => true,
    }
}

/// Whether a `set` of this value holds a section, taxonomy or term: the unfiltered result of
/// `get_section`, `get_taxonomy` or `get_taxonomy_term`.
fn holds_a_section(e: &Expr) -> bool {
    let holders = ["get_section", "get_taxonomy", "get_taxonomy_term"];
    e.filters.is_empty()
        && matches!(&e.val, ExprVal::FunctionCall(f) if holders.contains(&f.name.as_str()))
}

/// The core functions whose results hold page values cut to the calling template's use.
const PAGE_FUNCTIONS: &[&str] = &[
    "get_page",
    "get_section",
    "get_taxonomy",
    "get_taxonomy_term",
];

/// Filters whose result is a string, number or list of strings whatever they are given.
const SCALAR_FILTERS: &[&str] = &[
    "length",
    "slugify",
    "join",
    "striptags",
    "trim",
    "upper",
    "lower",
    "replace",
    "truncate",
    "date",
    "urlencode",
    "urlencode_strict",
    "escape",
    "title",
    "capitalize",
    "wordcount",
    "as_str",
    "int",
    "float",
    "round",
    "filesizeformat",
    "markdown",
    "split",
];
/// Names under which a value cut to a template's use (a page, `config`, a term with or
/// without its pages) or a list of them can be reached by a dotted name.
const TRIMMED_HOLDERS: &[&str] = &[
    "pages",
    "lower",
    "higher",
    "items",
    "terms",
    "term",
    "page",
    "section",
    "config",
    "paginator",
    "current",
    "translations",
    "subsections",
    "backlinks",
];

/// Whether an expression may hand a function a value cut to what the template names: a
/// function given one could read a field that was left out. Literals, string joins, sums
/// and a dotted name ending in another field (`term.name`, `page.relative_path`) cannot.
fn may_carry_trimmed(e: &Expr) -> bool {
    if let Some(last) = e.filters.last() {
        let name = last.name.as_str();
        // `x | default(value="")` is x or the literal.
        if name == "default" && last.args.get("value").is_some_and(is_literal) {
            let mut bare = e.clone();
            bare.filters.pop();
            return may_carry_trimmed(&bare);
        }
        let scalar_map = name == "map"
            && matches!(last.args.get("attribute").map(|a| &a.val),
                Some(ExprVal::String(a)) if !TRIMMED_HOLDERS.contains(&a.as_str()));
        return !(SCALAR_FILTERS.contains(&name) || scalar_map);
    }
    match &e.val {
        ExprVal::Ident(i) => match i.rsplit_once('.') {
            Some((_, last)) => {
                i.contains('[') || TRIMMED_HOLDERS.contains(&last) || last.parse::<usize>().is_ok()
            }
            // The addresses every render is given are text (`site_nav(current=current_url)`).
            None => !matches!(i.as_str(), "current_url" | "current_path"),
        },
        ExprVal::Array(items) => items.iter().any(may_carry_trimmed),
        ExprVal::MacroCall(_) | ExprVal::FunctionCall(_) => true,
        _ => false,
    }
}

fn is_literal(e: &Expr) -> bool {
    matches!(
        e.val,
        ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_)
    )
}

/// Whether every `[...]` in an identifier holds a quoted string or a number.
fn literal_subscripts(ident: &str) -> bool {
    ident.split('[').skip(1).all(|part| {
        let inner = part.split(']').next().unwrap_or("");
        let quoted = (inner.starts_with('"') && inner.ends_with('"'))
            || (inner.starts_with('\'') && inner.ends_with('\''));
        quoted || inner.parse::<i64>().is_ok()
    })
}
