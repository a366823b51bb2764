//! Which renders read site content through global functions (`get_page`, `get_section`, …),
//! and which content. `serve` re-renders those when that content is edited, since what they
//! show is not known from the item they belong to.

use std::cell::RefCell;

use crate::library::ItemRef;

/// Content a render read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dep {
    /// Anything (e.g. statistics over all pages).
    Any,
    /// One page (with its neighbours, which its value names).
    Page(usize),
    /// A section with its pages.
    Section(usize),
}

thread_local! {
    static READ: RefCell<Vec<Dep>> = const { RefCell::new(Vec::new()) };
}

/// Called by template functions that return content from anywhere in the site. Crate-private:
/// an extension's functions are recorded by `functions::Registrar` (see `extension::Reads`).
pub(crate) fn touch() {
    READ.with(|r| r.borrow_mut().push(Dep::Any));
}

/// Called by `get_page` / `get_section`; a section read without its pages depends on nothing
/// a page edit changes.
pub(crate) fn touch_item(item: ItemRef, with_pages: bool) {
    let dep = match item {
        ItemRef::Page(i) => Dep::Page(i),
        ItemRef::Section(s) if with_pages => Dep::Section(s),
        ItemRef::Section(_) => return,
    };
    READ.with(|r| r.borrow_mut().push(dep));
}

/// Notes again what a part of a render read (a macro's text kept by `fast_render`'s memo).
pub(crate) fn record(deps: &[Dep]) {
    if !deps.is_empty() {
        READ.with(|r| r.borrow_mut().extend_from_slice(deps));
    }
}

/// Runs `f` (one template render, on this thread) and returns what it read.
pub fn watch<R>(f: impl FnOnce() -> R) -> (R, Vec<Dep>) {
    let before = READ.with(|r| std::mem::take(&mut *r.borrow_mut()));
    let out = f();
    let read = READ.with(|r| std::mem::replace(&mut *r.borrow_mut(), before));
    (out, read)
}
