//! What a template can read of the pages it is given (`Shape`), remembered per template
//! (`Usage`). The general answer is every field (`Shape::all`); `fast_usage` narrows it to the
//! fields a template names, which saves most of a big site's render time and memory.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

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
    pub(super) mask: FieldSet,
    /// The same for the page's `lower` and `higher` neighbours: a template that links to
    /// them reads one or two of their fields, and each page renders with two of them.
    pub(super) neighbour_mask: FieldSet,
    /// Whether a field left out could show (`length` of a page, `x in page`): then it is
    /// kept, as null.
    pub keeps_keys: bool,
    pub content: ContentUse,
    /// The names the template writes; `None` when it may read anything without naming it.
    pub(super) names: Option<Arc<Names>>,
    /// `config` as this template sees it, made once (see `context::Values::config_for`).
    pub config: std::sync::OnceLock<serde_json::Value>,
    /// Bytes of the last output of this template, to size the next one's buffer.
    pub last_len: std::sync::atomic::AtomicUsize,
}

#[derive(Debug)]
pub(super) struct Names {
    pub(super) idents: HashSet<String>,
    pub(super) literals: Vec<String>,
}

impl Names {
    /// Written as a name (`config.title`, `p.title`) or inside a string (`sort(attribute="title")`).
    pub(super) fn has(&self, key: &str) -> bool {
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
    /// Every template gets every field (the general path), for the contract test.
    general: bool,
}

impl Usage {
    /// A `Usage` that gives every template every field: the general path of `fast_usage`.
    pub fn general() -> Usage {
        Usage {
            general: true,
            ..Default::default()
        }
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
        let _ = (tera, name);
        Shape::all()
    }
}
