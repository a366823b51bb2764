//! How deep the expressions of a parsed template nest. Tera's parser builds `1 + 1 + 1 …` as a
//! tree one level deeper per operator, and evaluating (or walking) it recurses once per level:
//! 10,000 of them used up a 64 MB stack. Tag nesting is checked on the source before parsing
//! (`guard::check_nesting`); this checks the expressions after, walking without recursion.
//! The same walk tells which macros can call others (and so take part in a recursion).

use tera::ast::{Expr, ExprVal, FunctionCall, Node};

/// How deep one expression may nest (operators, brackets, arguments of calls).
pub const EXPR_DEPTH_LIMIT: usize = 200;

enum Item<'a> {
    Node(&'a Node),
    Expr(&'a Expr),
    Val(&'a ExprVal),
}

/// A depth past `EXPR_DEPTH_LIMIT` met in `nodes`, if any.
pub fn too_deep(nodes: &[Node]) -> Option<usize> {
    let mut found = None;
    walk(nodes, |_, depth| {
        if depth > EXPR_DEPTH_LIMIT {
            found = Some(depth);
        }
        found.is_some()
    });
    found
}

/// Whether `nodes` can render another template or macro (an include or a macro call): only
/// then can they be part of a recursion.
pub fn calls_out(nodes: &[Node]) -> bool {
    walk(nodes, |item, _| {
        matches!(
            item,
            Item::Node(Node::Include(..)) | Item::Val(ExprVal::MacroCall(_))
        )
    })
}

/// Visits every node and expression below `nodes` (without recursing) with the depth of the
/// expressions around it, until `stop` says so; returns whether it did.
fn walk<'a>(nodes: &'a [Node], mut stop: impl FnMut(&Item<'a>, usize) -> bool) -> bool {
    let mut todo: Vec<(Item, usize)> = nodes.iter().map(|n| (Item::Node(n), 0)).collect();
    while let Some((item, depth)) = todo.pop() {
        if stop(&item, depth) {
            return true;
        }
        match item {
            Item::Node(n) => push_node(n, &mut todo),
            Item::Expr(e) => {
                todo.push((Item::Val(&e.val), depth));
                push_calls(&e.filters, depth, &mut todo);
            }
            Item::Val(v) => push_val(v, depth + 1, &mut todo),
        }
    }
    false
}

fn push_node<'a>(n: &'a Node, todo: &mut Vec<(Item<'a>, usize)>) {
    let nodes = |body: &'a [Node], todo: &mut Vec<(Item<'a>, usize)>| {
        todo.extend(body.iter().map(|n| (Item::Node(n), 0)));
    };
    match n {
        Node::VariableBlock(_, e) => todo.push((Item::Expr(e), 0)),
        Node::Set(_, s) => todo.push((Item::Expr(&s.value), 0)),
        Node::MacroDefinition(_, m, _) => {
            todo.extend(m.args.values().flatten().map(|e| (Item::Expr(e), 0)));
            nodes(&m.body, todo);
        }
        Node::FilterSection(_, f, _) => {
            push_calls(std::slice::from_ref(&f.filter), 0, todo);
            nodes(&f.body, todo);
        }
        Node::Block(_, b, _) => nodes(&b.body, todo),
        Node::Forloop(_, f, _) => {
            todo.push((Item::Expr(&f.container), 0));
            nodes(&f.body, todo);
            nodes(f.empty_body.as_deref().unwrap_or_default(), todo);
        }
        Node::If(i, _) => {
            for (_, cond, body) in &i.conditions {
                todo.push((Item::Expr(cond), 0));
                nodes(body, todo);
            }
            if let Some((_, body)) = &i.otherwise {
                nodes(body, todo);
            }
        }
        Node::Super
        | Node::Text(_)
        | Node::Extends(..)
        | Node::Include(..)
        | Node::ImportMacro(..)
        | Node::Raw(..)
        | Node::Break(_)
        | Node::Continue(_)
        | Node::Comment(..) => {}
    }
}

fn push_calls<'a>(calls: &'a [FunctionCall], depth: usize, todo: &mut Vec<(Item<'a>, usize)>) {
    for c in calls {
        todo.extend(c.args.values().map(|e| (Item::Expr(e), depth + 1)));
    }
}

fn push_val<'a>(v: &'a ExprVal, depth: usize, todo: &mut Vec<(Item<'a>, usize)>) {
    let mut expr = |e: &'a Expr| todo.push((Item::Expr(e), depth));
    match v {
        ExprVal::Math(m) => {
            expr(&m.lhs);
            expr(&m.rhs);
        }
        ExprVal::Logic(l) => {
            expr(&l.lhs);
            expr(&l.rhs);
        }
        ExprVal::In(i) => {
            expr(&i.lhs);
            expr(&i.rhs);
        }
        ExprVal::Test(t) => t.args.iter().for_each(expr),
        ExprVal::MacroCall(m) => m.args.values().for_each(expr),
        ExprVal::Array(items) => items.iter().for_each(expr),
        ExprVal::FunctionCall(f) => push_calls(std::slice::from_ref(f), depth - 1, todo),
        ExprVal::StringConcat(c) => todo.extend(c.values.iter().map(|v| (Item::Val(v), depth))),
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_of(src: &str) -> Option<usize> {
        let t = tera::Template::new("t", None, src).unwrap();
        too_deep(&t.ast)
    }

    #[test]
    fn long_chains_are_too_deep_and_ordinary_templates_are_not() {
        let chain = |n: usize| format!("{{{{ 1{} }}}}", " + 1".repeat(n));
        assert_eq!(depth_of(&chain(EXPR_DEPTH_LIMIT - 5)), None);
        assert!(depth_of(&chain(EXPR_DEPTH_LIMIT + 5)).is_some());
        let in_args = format!(
            "{{{{ f(a=[{}]) | g(b=1) }}}}",
            chain(300).trim_matches(['{', '}'])
        );
        assert!(depth_of(&in_args).is_some());
        let nested_if = format!(
            "{{% if x %}}{{% for a in b %}}{}{{% endfor %}}{{% endif %}}",
            chain(300)
        );
        assert!(depth_of(&nested_if).is_some());
        let ordinary = r#"{% for p in section.pages | slice(end=3) %}{{ p.title ~ "x" ~ p.date | date(format="%Y") }}{% if p.extra.a and not p.extra.b or 1 + 2 * 3 > 4 %}{{ m::x(a=[1, 2], b=f(c=[3])) }}{% endif %}{% endfor %}"#;
        assert_eq!(depth_of(ordinary), None);
    }

    #[test]
    fn calls_out_finds_includes_and_macro_calls_anywhere() {
        let calls = |src: &str| calls_out(&tera::Template::new("t", None, src).unwrap().ast);
        assert!(!calls(
            "<i>{{ n | upper }}</i>{% for x in y %}{{ f(a=x) }}{% endfor %}"
        ));
        assert!(calls(
            "{% if a %}{% for x in y %}{% include \"t\" %}{% endfor %}{% endif %}"
        ));
        assert!(calls("{{ f(a=[1, self::m(n=1)]) }}"));
        assert!(calls("{% set x = 1 + m::m() | upper %}"));
    }
}
