//! What a template can read of the pages it is given. Listings (pagers, taxonomy lists, a
//! page's `lower`/`higher`) hand a template thousands of page values, and building them is
//! most of a big site's render time, yet a list template reads two or three fields. A
//! template can only read a field by writing its name, so this walks a template with
//! everything it can reach (parents, includes, imported macros) and collects the names it
//! writes. It answers conservatively: any construct that could reach a field without naming
//! it (`json_encode`, a key taken from a variable, `for k, v in`, an unknown filter or a
//! function given a variable) means every field.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use tera::ast::{Expr, ExprVal, FunctionCall, Node};
use tera::Tera;

use crate::templates::page_fields::{FieldSet, PageField};

/// How far a template reads the `content` of page values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContentUse {
    /// Never: page values may leave `content` empty.
    None,
    /// Only as `page.content` of the page being rendered, never through another name.
    OwnPage,
    /// Possibly anywhere.
    Any,
}

/// Which page fields a template can read.
#[derive(Debug)]
pub struct Shape {
    /// The page fields that may be read.
    mask: FieldSet,
    /// The same for the page's `lower` and `higher` neighbours: a template that links to
    /// them reads one or two of their fields, and each page renders with two of them.
    neighbour_mask: FieldSet,
    /// Whether a field left out could show (`length` of a page, `x in page`): then it is
    /// kept, as null.
    pub keeps_keys: bool,
    pub content: ContentUse,
    /// The names the template writes; `None` when it may read anything without naming it.
    names: Option<Arc<Names>>,
    /// `config` as this template sees it, made once (see `context::Values::config_for`).
    pub config: std::sync::OnceLock<serde_json::Value>,
    /// Bytes of the last output of this template, to size the next one's buffer.
    pub last_len: std::sync::atomic::AtomicUsize,
}

#[derive(Debug)]
struct Names {
    idents: HashSet<String>,
    literals: Vec<String>,
}

impl Names {
    /// Written as a name (`config.title`, `p.title`) or inside a string (`sort(attribute="title")`).
    fn has(&self, key: &str) -> bool {
        self.idents.contains(key) || self.literals.iter().any(|l| l.contains(key))
    }
}

impl Shape {
    /// Every field (for values not bound to one template, such as function results).
    pub fn all() -> Shape {
        Shape {
            mask: FieldSet::ALL,
            neighbour_mask: FieldSet::ALL,
            keeps_keys: true,
            content: ContentUse::Any,
            names: None,
            config: Default::default(),
            last_len: Default::default(),
        }
    }

    pub fn reads(&self, field: PageField) -> bool {
        self.mask.has(field)
    }

    /// Whether field `field` of the page's `lower` or `higher` may be read.
    pub fn neighbour_reads(&self, field: PageField) -> bool {
        self.neighbour_mask.has(field)
    }

    /// Whether the template may read a key called `key` of some object (such as `config`)
    /// it is given: the same reasoning as for page fields, by name.
    pub fn may_read_key(&self, key: &str) -> bool {
        self.names.as_ref().is_none_or(|n| n.has(key))
    }
}

thread_local! {
    static CURRENT: std::cell::RefCell<Option<Arc<Shape>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` (a template render) with `shape` as the shape of the pages that template functions
/// (`get_page`, `get_section`, ...) return: their results are only reachable through the
/// template being rendered, so the fields it names are the fields they need.
pub fn with_shape<R>(shape: Arc<Shape>, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Arc<Shape>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| *c.borrow_mut() = self.0.take());
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.borrow_mut().replace(shape)));
    f()
}

/// The shape set by `with_shape` on this thread, or every field outside a render.
pub fn current_shape() -> Arc<Shape> {
    CURRENT
        .with(|c| c.borrow().clone())
        .unwrap_or_else(|| Arc::new(Shape::all()))
}

/// Answers per template name, remembered for one set of loaded templates.
#[derive(Default)]
pub struct Usage {
    known: Mutex<HashMap<String, Arc<Shape>>>,
}

impl Usage {
    pub fn shape(&self, tera: &Tera, template: &str) -> Arc<Shape> {
        if let Some(u) = self.known.lock().unwrap().get(template) {
            return u.clone();
        }
        let u = Arc::new(shape(tera, template));
        self.known
            .lock()
            .unwrap()
            .insert(template.to_string(), u.clone());
        u
    }
}

/// Whether any template may read a key called one of `keys` (of a page, or any object).
pub fn any_template_reads(tera: &Tera, keys: &[&str]) -> bool {
    tera.get_template_names().any(|name| {
        let shape = shape(tera, name);
        keys.iter().any(|k| shape.may_read_key(k))
    })
}

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
    names: HashSet<String>,
    literals: Vec<String>,
    seen: HashSet<String>,
}

fn shape(tera: &Tera, name: &str) -> Shape {
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
    let names = Names {
        idents: w.names,
        literals: w.literals,
    };
    let fields_in = |has: &dyn Fn(&str) -> bool| {
        FieldSet::of(PageField::ALL.into_iter().filter(|f| has(f.name())))
    };
    let mask = fields_in(&|f| names.has(f));
    let neighbour_mask = match w.neighbours_whole {
        true => mask,
        false => fields_in(&|f| w.neighbour_fields.contains(f)),
    };
    Shape {
        mask,
        neighbour_mask,
        keeps_keys: w.keeps_keys,
        content,
        // Where a key left out could show (`x in config`, `config | length`), none is.
        names: (!w.keeps_keys).then(|| Arc::new(names)),
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
                self.expr(&s.value, in_macro);
            }
            Node::FilterSection(_, f, _) => {
                self.filter(&f.filter, in_macro, false);
                self.nodes(tera, &f.body, in_macro);
            }
            Node::Block(_, b, _) => self.nodes(tera, &b.body, in_macro),
            Node::Forloop(_, f, _) => {
                // `for k, v in object` hands out every value of an object without naming it.
                if f.key.is_some() {
                    self.any = true;
                }
                self.bind(&f.value);
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

    fn bind(&mut self, name: &str) {
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
        let segments = ident.split(['.', '[', ']', '"', '\'']);
        self.names
            .extend(segments.filter(|s| !s.is_empty()).map(String::from));
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

    fn literal(&mut self, s: &str) {
        if s.contains(FIELD) {
            self.content_elsewhere = true;
        }
        if s.contains("lower") || s.contains("higher") {
            self.neighbours_whole = true;
        }
        self.literals.push(s.to_string());
    }

    /// `counts_pages`: the filter is applied to a list of pages, not to a page.
    fn filter(&mut self, f: &FunctionCall, in_macro: bool, counts_pages: bool) {
        let name = f.name.as_str();
        if KEY_FILTERS.contains(&name) {
            if f.args
                .values()
                .any(|a| !matches!(a.val, ExprVal::String(_)))
            {
                self.any = true;
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
        let pages_list = matches!(&e.val, ExprVal::Ident(i) if i.ends_with(".pages"));
        for (n, f) in e.filters.iter().enumerate() {
            self.filter(f, in_macro, pages_list && n == 0);
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
                if t.name == "containing" && !t.args.iter().all(is_literal) {
                    self.keeps_keys = true;
                }
                self.ident(&t.ident, in_macro);
                t.args.iter().for_each(|a| self.expr(a, in_macro));
            }
            ExprVal::MacroCall(m) => m.args.values().for_each(|a| self.expr(a, in_macro)),
            ExprVal::FunctionCall(f) => {
                let passes_variable = f.args.values().any(|a| !is_literal(a));
                if passes_variable && !SAFE_FUNCTIONS.contains(&f.name.as_str()) {
                    self.any = true;
                }
                f.args.values().for_each(|a| self.expr(a, in_macro));
            }
            ExprVal::Array(items) => items.iter().for_each(|a| self.expr(a, in_macro)),
            ExprVal::StringConcat(c) => c.values.iter().for_each(|v| self.val(v, in_macro)),
            ExprVal::In(i) => {
                // `x in page` asks whether a page has the key x.
                if !is_literal(&i.lhs) {
                    self.keeps_keys = true;
                }
                self.expr(&i.lhs, in_macro);
                self.expr(&i.rhs, in_macro);
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn shape_of(templates: &[(&str, &str)]) -> Shape {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        shape(&tera, templates.last().unwrap().0)
    }

    fn usage(templates: &[(&str, &str)]) -> ContentUse {
        shape_of(templates).content
    }

    fn fields(templates: &[(&str, &str)]) -> Vec<&'static str> {
        let s = shape_of(templates);
        PageField::ALL
            .into_iter()
            .filter(|&f| s.reads(f))
            .map(PageField::name)
            .collect()
    }

    #[test]
    fn list_templates_without_content() {
        let t = "{% for p in paginator.pages %}{{ p.title }}{{ p.summary | safe }}{% endfor %}{% block content %}{% endblock %}";
        assert_eq!(usage(&[("s.html", t)]), ContentUse::None);
        assert_eq!(
            usage(&[("p.html", "{{ page.content | safe }}{{ page.lower.title }}")]),
            ContentUse::OwnPage
        );
    }

    #[test]
    fn neighbours_carry_the_fields_named_through_them() {
        let neighbour_fields = |t: &str| {
            let s = shape_of(&[("p.html", t)]);
            PageField::ALL
                .into_iter()
                .filter(|&f| s.neighbour_reads(f))
                .map(PageField::name)
                .collect::<Vec<_>>()
        };
        let t = "{{ page.title }}{{ page.date }}{% if page.lower %}<a href=\"{{ page.lower.permalink }}\">{{ page.lower.title }}</a>{% endif %}{% if page.higher %}{{ page.higher.extra.name }}{% endif %}";
        assert_eq!(neighbour_fields(t), ["extra", "permalink", "title"]);
        assert_eq!(neighbour_fields("{{ page.title }}"), Vec::<&str>::new());
        // Anything else hands a neighbour on whole: it gets every field the page gets.
        for t in [
            "{{ page.title }}{% set l = page.lower %}{{ l.date }}",
            "{{ page.title }}{{ page.lower[\"date\"] }}",
            "{{ page.title }}{% if page.lower is defined %}{{ page.lower.title }}{% endif %}",
            "{{ page.title }}{{ page | get(key=\"lower\") }}",
            "{{ page.title }}{% for p in [page.lower] %}{{ p.date }}{% endfor %}",
        ] {
            let all = shape_of(&[("p.html", t)]);
            for f in PageField::ALL {
                assert_eq!(all.neighbour_reads(f), all.reads(f), "{t}: {f:?}");
            }
            assert!(neighbour_fields(t).contains(&"title"), "{t}");
        }
    }

    #[test]
    fn every_way_to_reach_content_counts() {
        let any = [
            "{{ page.lower.content }}",
            "{% for p in section.pages %}{{ p.content }}{% endfor %}",
            "{{ p | get(key=\"content\") }}",
            "{{ p | get(key=k) }}",
            "{{ p[k] }}",
            "{{ p | json_encode }}",
            "{% for k, v in p %}{{ v }}{% endfor %}",
            "{{ __tera_context }}",
            "{{ page.pages | map(attribute=\"content\") | join(sep=\"\") }}",
            "{{ page.content }}{% set page = page.lower %}",
            "{{ page.content }}{% for page in section.pages %}{% endfor %}",
            "{{ p | unknown_filter }}",
            "{{ my_function(page=p) }}",
            "{% if \"content\" in p %}x{% endif %}",
        ];
        for t in any {
            assert_eq!(usage(&[("t.html", t)]), ContentUse::Any, "{t}");
        }
    }

    #[test]
    fn parents_includes_and_macros_are_followed() {
        let base = (
            "base.html",
            "{% block main %}{% endblock %}{% include \"inc.html\" %}",
        );
        let inc = ("inc.html", "{{ page.lower.content }}");
        let child = (
            "child.html",
            "{% extends \"base.html\" %}{% block main %}x{% endblock %}",
        );
        assert_eq!(usage(&[base, inc, child]), ContentUse::Any);
        let macros = (
            "m.html",
            "{% macro card(page) %}{{ page.content }}{% endmacro %}",
        );
        let user = (
            "u.html",
            "{% import \"m.html\" as m %}{% for p in pages %}{{ m::card(page=p) }}{% endfor %}",
        );
        assert_eq!(usage(&[macros, user]), ContentUse::Any);
    }

    #[test]
    fn fields_read_are_the_fields_named() {
        let list = "{% for p in paginator.pages %}<a href=\"{{ p.permalink }}\">{{ p.title }}</a>{% endfor %}";
        assert_eq!(fields(&[("l.html", list)]), ["permalink", "title"]);
        assert!(!shape_of(&[("l.html", list)]).keeps_keys);
        let sorted =
            "{% for p in pages | sort(attribute=\"extra.rank\") %}{{ p[\"slug\"] }}{% endfor %}";
        assert_eq!(fields(&[("s.html", sorted)]), ["extra", "slug"]);
        let counted = "{% for p in pages %}{{ p | length }}{% endfor %}";
        assert!(shape_of(&[("c.html", counted)]).keeps_keys);
        // A list of pages counted: its pages' keys do not show.
        let listed = "{% for t in terms %}{{ t.pages | length }}{% endfor %}";
        assert!(!shape_of(&[("l.html", listed)]).keeps_keys);
        let sliced = "{{ t.pages | slice(end=1) | first | length }}";
        assert!(shape_of(&[("s.html", sliced)]).keeps_keys);
        assert_eq!(fields(&[("j.html", "{{ p | json_encode }}")]).len(), 29);
        let in_dynamic = "{% for k in keys %}{% if k in p %}x{% endif %}{% endfor %}";
        assert!(shape_of(&[("i.html", in_dynamic)]).keeps_keys);
    }

    #[test]
    fn other_objects_keep_the_keys_named() {
        let plain = shape_of(&[(
            "b.html",
            "{{ config.title }}{{ config.extra.logo }}{{ cfg | get(key=\"base_url\") }}",
        )]);
        for key in ["title", "extra", "base_url"] {
            assert!(plain.may_read_key(key), "{key}");
        }
        assert!(!plain.may_read_key("markdown"));
        let every = [
            "{{ config | json_encode }}",
            "{% for k, v in config %}{{ v }}{% endfor %}",
            "{{ config[k] }}",
            "{{ config | length }}",
            "{% if k in config %}x{% endif %}",
            "{{ __tera_context }}",
        ];
        for t in every {
            assert!(shape_of(&[("t.html", t)]).may_read_key("markdown"), "{t}");
        }
        assert!(Shape::all().may_read_key("markdown"));
    }

    #[test]
    fn word_counts_are_needed_when_any_template_names_them() {
        let tera = |templates: &[(&str, &str)]| {
            let mut t = Tera::default();
            t.add_raw_templates(templates.to_vec()).unwrap();
            t
        };
        let keys = ["word_count", "reading_time"];
        let plain = tera(&[("a.html", "{{ page.title }}"), ("b.html", "{{ x }}")]);
        assert!(!any_template_reads(&plain, &keys));
        let macro_reads = tera(&[
            (
                "m.html",
                "{% macro t(p) %}{{ p.reading_time }}{% endmacro %}",
            ),
            ("a.html", "{{ page.title }}"),
        ]);
        assert!(any_template_reads(&macro_reads, &keys));
        let dumps = tera(&[("a.html", "{{ page | json_encode }}")]);
        assert!(any_template_reads(&dumps, &keys));
    }
}
