//! What a template can read of the pages it is given (`Shape`), remembered per template
//! (`Usage`). The general answer is every field (`Shape::all`); `fast_usage` narrows it to the
//! fields a template names, which saves most of a big site's render time and memory.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use tera::Tera;

pub use super::shape::{ContentUse, Shape};

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
    /// Every template gets every field (the general path), for the contract test.
    general: bool,
    /// The macros each template can call, and Tera's filters, functions and tests, for
    /// `fast_render`. Copied from the Tera it is first asked with: a `Usage` goes with one
    /// set of templates and functions (the site makes a new one whenever it installs either).
    macros: OnceLock<super::fast_render::MacroTable>,
}

impl Usage {
    /// A `Usage` that gives every template every field: the general path of `fast_usage`.
    pub fn general() -> Usage {
        Usage {
            general: true,
            ..Default::default()
        }
    }

    /// The macros each of these templates can call, worked out on first use.
    pub fn macro_table(&self, tera: &Tera) -> &super::fast_render::MacroTable {
        self.macros
            .get_or_init(|| super::fast_render::MacroTable::new(tera))
    }

    pub fn shape(&self, tera: &Tera, template: &str) -> Arc<Shape> {
        if let Some(u) = self.known.lock().unwrap().get(template) {
            return u.clone();
        }
        let u = Arc::new(match self.general {
            true => Shape::all(),
            false => shape(tera, template),
        });
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

/// The fields `name` (with all it reaches) can read: `fast_usage` walks it, unless built with
/// `--cfg yiyong_general_usage`.
fn shape(tera: &Tera, name: &str) -> Shape {
    #[cfg(not(yiyong_general_usage))]
    return super::fast_usage::shape(tera, name);
    #[cfg(yiyong_general_usage)]
    {
        // Whether `paginator` is named decides what a paginated term holds (an output, not
        // a speed matter), so the general path asks the same walk.
        Shape {
            names_paginator: super::fast_usage::shape(tera, name).names_paginator,
            ..Shape::all()
        }
    }
}
