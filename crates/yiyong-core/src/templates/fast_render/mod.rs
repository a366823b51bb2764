//! Templates rendered without Tera's renderer, from Tera's own parsed templates and with its
//! filters, functions and tests: the pages of a big site spend most of their time in Tera 1.x's
//! variable lookups, which copy every value a template computed each time it is named and
//! split every dotted name with `str::replace`, and in the macro table it rebuilds for every
//! render. This renderer keeps Tera's rules (which names are found where, what is escaped,
//! what is an error) and borrows instead of copying.
//!
//! It is a fast path in the project's sense: whenever it fails or meets something it does not
//! do (see `Fail`), the page is rendered again by Tera, so an error's message is Tera's own.
//! Debug builds (the tests) render every page both ways and fail on any difference; so do
//! release builds with `YIYONG_RENDER_CHECK=1`. `--cfg yiyong_general_render` leaves every
//! page to Tera.

mod eval;
mod filters;
mod macros;
mod math;
mod memo;
mod purity;
mod render;
mod stack;

use std::sync::atomic::{AtomicUsize, Ordering};

use tera::{Context, Tera};
use typed_arena::Arena;

pub use macros::MacroTable;
pub use memo::Memo;
pub use render::Fail;

use render::Render;
use stack::Stack;

/// Renders template `name` with `context` into `out`, as `tera.render_to` would; with `memo`,
/// pure macros' text is kept there and reused.
pub fn render_to(
    tera: &Tera,
    macros: &MacroTable,
    memo: Option<&Memo>,
    name: &str,
    context: &Context,
    out: &mut Vec<u8>,
) -> Result<(), Fail> {
    let template = tera.templates.get(name).ok_or(Fail::Error)?;
    let root = match template.parents.last() {
        Some(parent) => tera.templates.get(parent).ok_or(Fail::Bail)?,
        None => template,
    };
    let escape = tera
        .autoescape_suffixes
        .iter()
        .any(|ext| match &template.path {
            Some(p) => p.ends_with(ext),
            None => template.name.ends_with(ext),
        });
    let arena = Arena::new();
    let mut r = Render {
        tera,
        arena: &arena,
        macros,
        memo,
        stack: Stack::new(context, template),
        escape,
        template,
        root,
        blocks: Vec::new(),
        kept: 0,
    };
    for node in &root.ast {
        r.node(node, out)?;
    }
    Ok(())
}

static RENDERED: AtomicUsize = AtomicUsize::new(0);
static LEFT: AtomicUsize = AtomicUsize::new(0);

/// Counts a render done here (`true`) or left to Tera (`false`), for `YIYONG_TIMING`.
pub fn note(done_here: bool) {
    match done_here {
        true => RENDERED.fetch_add(1, Ordering::Relaxed),
        false => LEFT.fetch_add(1, Ordering::Relaxed),
    };
}

/// Renders done here and renders left to Tera, in this process so far.
pub fn counts() -> (usize, usize) {
    (
        RENDERED.load(Ordering::Relaxed),
        LEFT.load(Ordering::Relaxed),
    )
}

/// Whether each page is also rendered by Tera and the two compared.
pub fn checking() -> bool {
    static CHECK: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *CHECK.get_or_init(|| match std::env::var("YIYONG_RENDER_CHECK") {
        Ok(v) => v == "1",
        Err(_) => cfg!(debug_assertions),
    })
}

/// Where `fast` and `tera` (two renders of `name`) first differ, with some text around it.
pub fn difference(name: &str, fast: &[u8], tera: &[u8]) -> Option<String> {
    if fast == tera {
        return None;
    }
    let at = fast
        .iter()
        .zip(tera)
        .position(|(a, b)| a != b)
        .unwrap_or(fast.len().min(tera.len()));
    let around = |b: &[u8]| {
        String::from_utf8_lossy(&b[at.saturating_sub(80)..(at + 80).min(b.len())]).into_owned()
    };
    Some(format!(
        "fast_render and Tera differ rendering `{name}` at byte {at} (lengths {} and {}):\n  fast: {:?}\n  tera: {:?}",
        fast.len(),
        tera.len(),
        around(fast),
        around(tera)
    ))
}
