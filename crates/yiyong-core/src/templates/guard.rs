//! Keeps templates from crashing the process. Tera has no limits of its own: a template that
//! includes itself, a macro that calls itself without end or hundreds of nested tags used up
//! the thread's stack, and Rust aborts the whole process on that (killing `serve` too), with
//! no word of which template did it. So:
//! - the build runs on threads with big stacks (`STACK_SIZE`, set in `main`), so that deep
//!   but finite templates (a macro recursing over a tree 800 levels deep) render;
//! - tags nest at most `NESTING_LIMIT` deep, checked on the source before Tera parses it;
//! - an `{% include %}` cycle with no `if`/`for` in the way is an error when templates load;
//! - every template and macro body that can recurse starts with a call of a guard (put into the parsed
//!   template, invisible in the output), which fails the render with an error naming the
//!   template or macro once less than `STACK_RESERVE` of the stack is left: what is left of a
//!   recursion that only stops at run time (or never);
//! - a panic inside Tera or a filter (Tera's `date` filter panicked on a huge timestamp)
//!   becomes an error naming the page and template instead of ending the process.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::panic::AssertUnwindSafe;

use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};
use tera::{Tera, Value};

use crate::error::Diagnostic;

/// Stack size of the build's threads (see `main`).
pub const STACK_SIZE: usize = 64 << 20;
/// Stack kept free below a template or macro that starts: enough for the deepest nesting of
/// tags within one template (`NESTING_LIMIT`), the filters and functions it calls, and the
/// Markdown rendering that a `markdown` filter does, in a debug build.
pub const STACK_RESERVE: usize = 16 << 20;
/// How deep `{% if %}`, `{% for %}`, `{% block %}`, `{% macro %}` and `{% filter %}` nest.
pub const NESTING_LIMIT: usize = 100;
/// What the names of the guard functions (one per template and macro) start with.
pub const GUARD_FN: &str = "__yiyong_stack_guard";

/// Checks how deep the tags of a template's source nest, before Tera parses it (its parser and
/// renderer recurse once per level). Returns the line of the tag that goes too deep.
pub fn check_nesting(text: &str) -> Result<(), (usize, String)> {
    use std::sync::OnceLock;
    static TAG: OnceLock<regex::Regex> = OnceLock::new();
    let tag = TAG.get_or_init(|| {
        regex::Regex::new(r"\{#|\{%-?\s*(end)?(if|for|block|macro|filter|raw)\b").unwrap()
    });
    let mut depth = 0usize;
    let mut pos = 0;
    while let Some(m) = tag.captures_at(text, pos) {
        let whole = m.get(0).unwrap();
        pos = whole.end();
        if whole.as_str() == "{#" {
            // A comment can hold tags; it ends at the first `#}`.
            pos = text[pos..].find("#}").map_or(text.len(), |e| pos + e + 2);
            continue;
        }
        if &m[2] == "raw" && m.get(1).is_none() {
            // Tags inside `{% raw %}` are text.
            pos = tag_after(text, pos, "endraw").unwrap_or(text.len());
            continue;
        }
        if m.get(1).is_some() {
            depth = depth.saturating_sub(1);
            continue;
        }
        depth += 1;
        if depth > NESTING_LIMIT {
            let line = text[..whole.start()].matches('\n').count() + 1;
            return Err((
                line,
                format!(
                    "tags nested more than {NESTING_LIMIT} deep (`{{% {} %}}` inside {} others)",
                    &m[2], NESTING_LIMIT
                ),
            ));
        }
    }
    Ok(())
}

/// Where the `{% NAME %}` tag after `from` ends.
fn tag_after(text: &str, from: usize, name: &str) -> Option<usize> {
    let re = regex::Regex::new(&format!(r"\{{%-?\s*{name}\s*-?%\}}")).ok()?;
    re.find_at(text, from).map(|m| m.end())
}

/// Puts a guard call at the start of every template and of every macro body that calls out
/// (includes or calls a macro), and registers
/// the guards: one function per template and macro (`GUARD_FN:NAME`, a name no template can
/// write), called without arguments, so that a call costs a lookup and a comparison and no
/// allocation (a big site calls macros hundreds of thousands of times).
pub fn install(tera: &mut Tera) {
    let mut guards = vec![];
    for (name, t) in tera.templates.iter_mut() {
        let what = format!("`{name}`");
        t.ast.insert(0, guard_node(&mut guards, what));
        // A macro that calls no other and includes nothing cannot recurse: most macros (a
        // picture, a card) are such leaves, and a guard in them cost 20% of a macro-heavy
        // build (debug build, 400,000 calls).
        let recursing = t
            .macros
            .iter_mut()
            .filter(|(_, m)| super::ast_depth::calls_out(&m.body));
        for (macro_name, m) in recursing {
            let what = format!("macro `{macro_name}` of `{name}`");
            m.body.insert(0, guard_node(&mut guards, what));
        }
    }
    for (fn_name, what) in guards {
        tera.register_function(&fn_name, move |_: &HashMap<String, Value>| {
            stack_guard(&what)
        });
    }
}

/// Whether a node is one `install` put there.
pub fn is_guard(node: &Node) -> bool {
    matches!(node, Node::VariableBlock(_, Expr { val: ExprVal::FunctionCall(f), .. }) if f.name.starts_with(GUARD_FN))
}

/// A call of a new guard for `what`, noted in `guards` as (function name, what).
fn guard_node(guards: &mut Vec<(String, String)>, what: String) -> Node {
    let name = format!("{GUARD_FN}:{what}");
    guards.push((name.clone(), what));
    let call = FunctionCall {
        name,
        args: HashMap::new(),
    };
    Node::VariableBlock(WS::default(), Expr::new(ExprVal::FunctionCall(call)))
}

fn stack_guard(what: &str) -> tera::Result<Value> {
    match stacker::remaining_stack() {
        Some(left) if left < reserve(left) => Err(tera::Error::msg(format!(
            "templates nested too deep when entering {what}: an {{% include %}} or a macro \
             that calls itself without end? (模板嵌套过深，可能是模板或宏无限递归)"
        ))),
        _ => Ok(Value::String(String::new())),
    }
}

/// The stack to keep free on this thread: `STACK_RESERVE`, or a quarter of what the thread
/// had when it first rendered a template, for threads smaller than the build's (unit tests, a
/// program using the library).
fn reserve(left: usize) -> usize {
    thread_local! {
        static RESERVE: Cell<usize> = const { Cell::new(0) };
    }
    RESERVE.with(|r| {
        if r.get() == 0 {
            r.set((left / 4).clamp(1, STACK_RESERVE));
        }
        r.get()
    })
}

/// `{% include %}` cycles that always recur: every include on the cycle is outside any `if`,
/// `for`, block or macro, so rendering any of its templates never ends. One diagnostic per
/// cycle, naming its templates in order.
pub fn include_cycles(tera: &Tera) -> Vec<Diagnostic> {
    let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, t) in &tera.templates {
        // A child template's own top level is never rendered, only its blocks.
        if t.parent.is_none() {
            let mut to = vec![];
            unconditional_includes(tera, &t.ast, &mut to);
            edges.insert(name, to);
        }
    }
    let mut seen: HashSet<Vec<&str>> = HashSet::new();
    let mut out = vec![];
    for &start in edges.keys() {
        let Some(mut cycle) = path_back(&edges, start) else {
            continue;
        };
        let mut key = cycle.clone();
        key.sort_unstable();
        if !seen.insert(key) {
            continue;
        }
        cycle.push(start);
        out.push(
            Diagnostic::new(format!(
                "template `{start}` includes itself: {} (模板循环包含)",
                cycle.join(" → ")
            ))
            .with_hint("an {% include %} cycle never ends: remove one of the includes, or write the recursion as a macro that stops"),
        );
    }
    out
}

/// A path `start → … → x` whose last template includes `start` again (breadth first, so the
/// shortest), if any.
fn path_back<'a>(edges: &BTreeMap<&'a str, Vec<&'a str>>, start: &'a str) -> Option<Vec<&'a str>> {
    let mut came_from: HashMap<&str, &str> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(at) = queue.pop_front() {
        for &next in edges.get(at).into_iter().flatten() {
            if next == start {
                let mut path = vec![at];
                while let Some(&prev) = came_from.get(path.last().unwrap()) {
                    path.push(prev);
                }
                path.reverse();
                return Some(path);
            }
            if next != at && !came_from.contains_key(next) && next != start {
                came_from.insert(next, at);
                queue.push_back(next);
            }
        }
    }
    None
}

/// The templates that `nodes` include whatever the data: not inside `if`, `for`, a block
/// (a child template may replace it) or a macro (it may never be called).
fn unconditional_includes<'a>(tera: &Tera, nodes: &'a [Node], out: &mut Vec<&'a str>) {
    for n in nodes {
        match n {
            // Tera renders the first of the names that exists.
            Node::Include(_, names, _) => out.extend(
                names
                    .iter()
                    .find(|n| tera.templates.contains_key(n.as_str()))
                    .map(String::as_str),
            ),
            Node::FilterSection(_, f, _) => unconditional_includes(tera, &f.body, out),
            _ => {}
        }
    }
}

thread_local! {
    /// Whether this thread is inside `catch_panic` (its panics are reported as errors).
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    /// The message and place of the last panic caught on this thread.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f`, turning a panic into an error message (the panic is not printed). Defence in
/// depth around template rendering: whatever a template does, the build goes on and reports
/// it with the page and template.
pub fn catch_panic<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    let was = CATCHING.replace(true);
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.set(was);
    result.map_err(|_| {
        let what = CAUGHT.take().unwrap_or_else(|| "unknown".into());
        format!(
            "internal error while rendering (a bug in yiyong or Tera, please report it): {what}"
        )
    })
}

fn install_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !CATCHING.get() {
                return default(info);
            }
            let payload = info.payload();
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let at = info
                .location()
                .map(|l| format!(" (at {l})"))
                .unwrap_or_default();
            CAUGHT.set(Some(format!("{msg}{at}")));
        }));
    });
}

/// `tera.render_to`, with a panic turned into an error: by `fast_render` with the templates'
/// `macros` where it can, else (and for the message of any error) by Tera.
pub fn render_to(
    tera: &Tera,
    macros: &super::fast_render::MacroTable,
    memo: Option<&super::fast_render::Memo>,
    name: &str,
    context: &tera::Context,
    out: &mut Vec<u8>,
) -> tera::Result<()> {
    #[cfg(not(yiyong_general_render))]
    {
        use super::fast_render;
        let start = out.len();
        if let Ok(Ok(())) =
            catch_panic(|| fast_render::render_to(tera, macros, memo, name, context, &mut *out))
        {
            fast_render::note(true);
            if !fast_render::checking() {
                return Ok(());
            }
            let mut by_tera = Vec::new();
            tera_render_to(tera, name, context, &mut by_tera)?;
            return match fast_render::difference(name, &out[start..], &by_tera) {
                None => Ok(()),
                Some(diff) => Err(tera::Error::msg(diff)),
            };
        }
        fast_render::note(false);
        out.truncate(start);
    }
    #[cfg(yiyong_general_render)]
    let _ = macros;
    tera_render_to(tera, name, context, out)
}

/// Tera's own `render_to`, with a panic turned into an error.
fn tera_render_to(
    tera: &Tera,
    name: &str,
    context: &tera::Context,
    out: &mut Vec<u8>,
) -> tera::Result<()> {
    catch_panic(|| tera.render_to(name, context, &mut *out))
        .unwrap_or_else(|msg| Err(tera::Error::msg(msg)))
}

/// `tera.render`, with a panic turned into an error.
pub fn render(tera: &Tera, name: &str, context: &tera::Context) -> tera::Result<String> {
    catch_panic(|| tera.render(name, context)).unwrap_or_else(|msg| Err(tera::Error::msg(msg)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_outside_comments_and_raw() {
        let deep = |n: usize| "{% if a %}".repeat(n) + &"{% endif %}".repeat(n);
        assert!(check_nesting(&deep(NESTING_LIMIT)).is_ok());
        let err = check_nesting(&format!("x\n{}", deep(NESTING_LIMIT + 1))).unwrap_err();
        assert_eq!(err.0, 2);
        // Siblings do not add up.
        assert!(check_nesting(&deep(60).repeat(3)).is_ok());
        let hidden = format!(
            "{{# {} #}}{{% raw %}}{}{{% endraw %}}",
            deep(500),
            deep(500)
        );
        assert!(check_nesting(&hidden).is_ok());
        let dashes = "{%- for x in y -%}".repeat(NESTING_LIMIT + 1);
        assert!(check_nesting(&dashes).is_err());
    }

    #[test]
    fn a_caught_panic_is_an_error_with_its_message() {
        let r: Result<(), String> = catch_panic(|| panic!("boom {}", 1));
        let msg = r.unwrap_err();
        assert!(msg.contains("boom 1") && msg.contains("guard.rs"), "{msg}");
        assert_eq!(catch_panic(|| 5), Ok(5));
    }
}
