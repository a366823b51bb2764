//! Which macros write the same text whenever they are called with the same arguments, so that
//! `memo` may keep what they wrote: a macro that names nothing but its arguments, its own
//! `set`s and loop variables, calls no function whose result changes within a build (`now`,
//! `get_random`), and calls only such macros.
//!
//! Tera lets a macro read the page's context (a name it does not bind is looked up there), so
//! the walk is strict: a name is bound only where Tera is sure to find it in the macro's own
//! frames. A `set` inside an `if` binds for the rest of that branch only, a `set` in a loop
//! for the rest of that turn, and a `set_global` in either binds nothing outside them.
//!
//! A macro's calls to other macros are looked up in the namespaces of the page's template
//! (Tera's rule; `render.rs`, `macro_call`), so the answer is for one such template: `fixed`,
//! or, for a page without blocks and parents, each calling macro's own file.

use std::collections::HashSet;

use rustc_hash::FxHashMap as HashMap;
use tera::ast::{Expr, ExprVal, FunctionCall, MacroDefinition, Node};
use tera::Tera;

use super::macros::MacroTable;

/// Functions whose result may change between two calls of one build.
const CHANGING: &[&str] = &["now", "get_random"];

/// Whether macro `name` of template `file` is pure when its calls are looked up from `fixed`
/// (or from each caller's own file).
pub fn is_pure(
    tera: &Tera,
    table: &MacroTable,
    fixed: Option<&str>,
    file: &str,
    name: &str,
) -> bool {
    let mut walk = Walk {
        tera,
        table,
        fixed,
        known: HashMap::default(),
        visiting: HashSet::new(),
    };
    walk.macro_is_pure(file, name)
}

struct Walk<'a> {
    tera: &'a Tera,
    table: &'a MacroTable,
    fixed: Option<&'a str>,
    known: HashMap<(String, String), bool>,
    /// Macros being walked: a macro reached again through its own calls is taken as impure.
    visiting: HashSet<(String, String)>,
}

impl<'a> Walk<'a> {
    fn macro_is_pure(&mut self, file: &str, name: &str) -> bool {
        let key = (file.to_string(), name.to_string());
        if let Some(&pure) = self.known.get(&key) {
            return pure;
        }
        if !self.visiting.insert(key.clone()) {
            return false;
        }
        let def = self
            .tera
            .templates
            .get(file)
            .and_then(|t| t.macros.get(name));
        let pure = def.is_some_and(|d| self.definition(file, d));
        self.visiting.remove(&key);
        self.known.insert(key, pure);
        pure
    }

    fn definition(&mut self, file: &str, def: &'a MacroDefinition) -> bool {
        let mut scope: Vec<HashSet<&str>> = vec![def.args.keys().map(String::as_str).collect()];
        self.body(file, &def.body, &mut scope)
    }

    fn body(&mut self, file: &str, nodes: &'a [Node], scope: &mut Vec<HashSet<&'a str>>) -> bool {
        nodes.iter().all(|n| self.node(file, n, scope))
    }

    /// Walks `nodes` in a scope of their own, whose bindings are forgotten after.
    fn inner(
        &mut self,
        file: &str,
        nodes: &'a [Node],
        bound: HashSet<&'a str>,
        scope: &mut Vec<HashSet<&'a str>>,
    ) -> bool {
        scope.push(bound);
        let pure = self.body(file, nodes, scope);
        scope.pop();
        pure
    }

    fn node(&mut self, file: &str, node: &'a Node, scope: &mut Vec<HashSet<&'a str>>) -> bool {
        match node {
            Node::Text(_) | Node::Raw(..) | Node::Comment(..) => true,
            Node::Break(_) | Node::Continue(_) => true,
            Node::VariableBlock(_, e) => self.expr(file, e, scope),
            Node::Set(_, set) => {
                let pure = self.expr(file, &set.value, scope);
                // A `set_global` inside a branch or loop binds the macro's frame only if that
                // branch or turn ran: bound here only at the macro's own level.
                if !set.global || scope.len() == 1 {
                    scope.last_mut().expect("a scope").insert(&set.key);
                }
                pure
            }
            Node::If(i, _) => {
                let branches = i.conditions.iter().all(|(_, cond, body)| {
                    self.expr(file, cond, scope) && self.inner(file, body, HashSet::new(), scope)
                });
                branches
                    && i.otherwise
                        .as_ref()
                        .is_none_or(|(_, body)| self.inner(file, body, HashSet::new(), scope))
            }
            Node::Forloop(_, f, _) => {
                let mut bound: HashSet<&str> = [f.value.as_str(), "loop"].into();
                bound.extend(f.key.as_deref());
                self.expr(file, &f.container, scope)
                    && self.inner(file, &f.body, bound, scope)
                    && f.empty_body
                        .as_ref()
                        .is_none_or(|b| self.inner(file, b, HashSet::new(), scope))
            }
            Node::FilterSection(_, section, _) => {
                self.call_args(file, &section.filter, scope)
                    && self.inner(file, &section.body, HashSet::new(), scope)
            }
            // What a block, an include or `super()` writes is decided by the page's template.
            Node::Block(..) | Node::Include(..) | Node::Super | Node::Extends(..) => false,
            Node::ImportMacro(..) | Node::MacroDefinition(..) => false,
        }
    }

    fn expr(&mut self, file: &str, e: &'a Expr, scope: &[HashSet<&'a str>]) -> bool {
        self.val(file, &e.val, scope) && e.filters.iter().all(|f| self.call_args(file, f, scope))
    }

    fn call_args(
        &mut self,
        file: &str,
        call: &'a FunctionCall,
        scope: &[HashSet<&'a str>],
    ) -> bool {
        call.args.values().all(|a| self.expr(file, a, scope))
    }

    fn val(&mut self, file: &str, v: &'a ExprVal, scope: &[HashSet<&'a str>]) -> bool {
        match v {
            ExprVal::String(_) | ExprVal::Int(_) | ExprVal::Float(_) | ExprVal::Bool(_) => true,
            ExprVal::Ident(name) => bound(name, scope),
            ExprVal::Math(m) => self.expr(file, &m.lhs, scope) && self.expr(file, &m.rhs, scope),
            ExprVal::Logic(l) => self.expr(file, &l.lhs, scope) && self.expr(file, &l.rhs, scope),
            ExprVal::In(i) => self.expr(file, &i.lhs, scope) && self.expr(file, &i.rhs, scope),
            ExprVal::Test(t) => {
                bound(&t.ident, scope) && t.args.iter().all(|a| self.expr(file, a, scope))
            }
            ExprVal::Array(items) => items.iter().all(|i| self.expr(file, i, scope)),
            ExprVal::StringConcat(c) => c.values.iter().all(|v| self.val(file, v, scope)),
            ExprVal::FunctionCall(call) => {
                !CHANGING.contains(&call.name.as_str())
                    && self.table.functions.contains_key(&call.name)
                    && self.call_args(file, call, scope)
            }
            ExprVal::MacroCall(call) => {
                let args = call.args.values().all(|a| self.expr(file, a, scope));
                let from = self.fixed.unwrap_or(file);
                let callee = self.table.lookup(from, &call.namespace).map(str::to_string);
                args && callee.is_some_and(|f| self.macro_is_pure(&f, &call.name))
            }
        }
    }
}

/// Whether the variable `name` (with any `.field` and `[index]` after it) is bound in `scope`,
/// and so is every variable named inside its brackets.
fn bound(name: &str, scope: &[HashSet<&str>]) -> bool {
    let root_end = name.find(['.', '[']).unwrap_or(name.len());
    let root = &name[..root_end];
    if root == "__tera_context" || !scope.iter().any(|s| s.contains(root)) {
        return false;
    }
    super::eval::square_bracket_names(name)
        .iter()
        .all(|inner| bound(inner, scope))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OTHER: &str = "{% macro plain(x) %}{{ x }}{% endmacro plain %}{% macro reads() %}{{ page.title }}{% endmacro reads %}";

    fn purity(macros: &str) -> HashMap<String, bool> {
        let mut tera = Tera::default();
        tera.add_raw_templates(vec![("m.html", macros), ("other.html", OTHER)])
            .unwrap();
        let table = MacroTable::new(&tera);
        let names: Vec<String> = tera.templates["m.html"].macros.keys().cloned().collect();
        names
            .into_iter()
            .map(|n| {
                let pure = is_pure(&tera, &table, None, "m.html", &n);
                (n, pure)
            })
            .collect()
    }

    #[test]
    fn arguments_sets_and_loops_are_bound() {
        let p = purity(
            r#"{% macro card(h, level=2) %}{% set s = h.status | default(value="") %}<h{{ level }}>{{ h.name | truncate(length=1) }}</h{{ level }}>{% if s == "x" %}{% set t = 1 %}{{ t }}{% endif %}{% for y in h.years %}{{ loop.index }}{{ y }}{% set z = y %}{{ z }}{% endfor %}{{ h.list[level] }}{% endmacro card %}"#,
        );
        assert!(p["card"]);
    }

    #[test]
    fn a_name_from_the_context_is_impure() {
        let p = purity(
            r#"{% macro a(h) %}{{ page.title }}{% endmacro a %}{% macro b(h) %}{% if h %}{% set t = 1 %}{% endif %}{{ t }}{% endmacro b %}{% macro c(h) %}{% for x in h %}{% set_global n = x %}{% endfor %}{{ n }}{% endmacro c %}{% macro d(h) %}{{ loop.index }}{% endmacro d %}{% macro e(h) %}{{ h[key] }}{% endmacro e %}{% macro f(h) %}{% if k is defined %}{% endif %}{% endmacro f %}"#,
        );
        for m in ["a", "b", "c", "d", "e", "f"] {
            assert!(!p[m], "{m}");
        }
    }

    #[test]
    fn changing_functions_and_impure_callees_are_impure() {
        let p = purity(
            r#"{% import "other.html" as o %}{% macro a() %}{{ now() }}{% endmacro a %}{% macro b(x) %}{{ o::reads() }}{% endmacro b %}{% macro c(x) %}{{ o::plain(x=x) }}{{ self::c(x=x) }}{% endmacro c %}{% macro d(x) %}{{ o::plain(x=x) }}{% for i in range(end=x) %}{{ i }}{% endfor %}{% endmacro d %}{% macro e(x) %}{{ nope(x=x) }}{% endmacro e %}"#,
        );
        assert!(!p["a"]);
        assert!(!p["b"]);
        assert!(!p["c"], "a macro calling itself");
        assert!(p["d"]);
        assert!(!p["e"], "an unknown function");
    }

    #[test]
    fn calls_are_looked_up_from_the_page_template() {
        // `x::y` in a macro of cards.html means what the page's template imports as `x`.
        let mut tera = Tera::default();
        tera.add_raw_templates(vec![
            (
                "cards.html",
                "{% macro card(h) %}{{ x::y(h=h) }}{% endmacro card %}",
            ),
            ("pure.html", "{% macro y(h) %}{{ h }}{% endmacro y %}"),
            ("reads.html", "{% macro y(h) %}{{ page }}{% endmacro y %}"),
            (
                "a.html",
                "{% import \"cards.html\" as c %}{% import \"pure.html\" as x %}",
            ),
            (
                "b.html",
                "{% import \"cards.html\" as c %}{% import \"reads.html\" as x %}",
            ),
        ])
        .unwrap();
        let table = MacroTable::new(&tera);
        assert!(is_pure(&tera, &table, Some("a.html"), "cards.html", "card"));
        assert!(!is_pure(
            &tera,
            &table,
            Some("b.html"),
            "cards.html",
            "card"
        ));
        assert!(!is_pure(&tera, &table, None, "cards.html", "card"));
    }
}
