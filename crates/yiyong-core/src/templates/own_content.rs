//! A page's own HTML lent to the render of its template instead of copied into its context.
//! `output/pages.rs` leaves `content` out of the page value of a template that reads it only
//! as `page.content` (`ContentUse::OwnPage`) and lends it here around the render; `guard`
//! takes it when the render starts, so that a render nested in it (none is today) never sees
//! another page's HTML. The fast renderer answers `page.content` with it; for a render left
//! to Tera (and for the comparison `YIYONG_RENDER_CHECK` makes) `guard` puts it back into a
//! copy of the context.

use std::cell::Cell;

use serde_json::Value;

thread_local! {
    static LENT: Cell<Option<*const Value>> = const { Cell::new(None) };
}

/// Runs `f` with `content` lent to the first render `f` starts on this thread.
pub(crate) fn lend<R>(content: &Value, f: impl FnOnce() -> R) -> R {
    let before = LENT.with(|l| l.replace(Some(content as *const Value)));
    // Put back what was there even if `f` panics (a render's panic is caught and reported).
    struct Restore(Option<*const Value>);
    impl Drop for Restore {
        fn drop(&mut self) {
            LENT.with(|l| l.set(self.0));
        }
    }
    let _restore = Restore(before);
    f()
}

/// The HTML lent to this render, if any; the next render on this thread gets none.
///
/// # Safety
/// The reference must not be used after the render that takes it: it lives as long as the
/// `lend` that lent it, whose closure started this render on this thread (renders run to
/// their end on the thread that started them).
pub(crate) unsafe fn take<'a>() -> Option<&'a Value> {
    let ptr = LENT.with(|l| l.take())?;
    // SAFETY: `lend` stored a reference to a value it borrows for as long as its closure
    // runs, and puts the previous pointer back when the closure ends; the caller uses the
    // reference only within that closure (see above).
    Some(unsafe { &*ptr })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lent_once_to_the_first_taker_then_restored() {
        let html = Value::String("<p>a</p>".into());
        let other = Value::String("<p>b</p>".into());
        // SAFETY (each `take`): the references are used inside the `lend` that lent them.
        assert!(unsafe { take() }.is_none());
        lend(&html, || {
            lend(&other, || {
                assert_eq!(unsafe { take() }, Some(&other));
                assert!(unsafe { take() }.is_none());
            });
            // The outer lend is back once the inner one ends.
            assert_eq!(unsafe { take() }, Some(&html));
        });
        assert!(unsafe { take() }.is_none());
    }
}
