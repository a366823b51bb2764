//! Which renders read site content through global functions (`get_page`, `get_section`, …).
//! `serve` re-renders those after any content edit, since what they show is not known from
//! the page they belong to.

use std::cell::Cell;

thread_local! {
    static TOUCHED: Cell<bool> = const { Cell::new(false) };
}

/// Called by every template function that returns site content.
pub fn touch() {
    TOUCHED.with(|t| t.set(true));
}

/// Runs `f` (one template render, on this thread) and says whether it read site content.
pub fn watch<R>(f: impl FnOnce() -> R) -> (R, bool) {
    let before = TOUCHED.with(|t| t.replace(false));
    let out = f();
    let touched = TOUCHED.with(|t| t.replace(before));
    (out, touched)
}
