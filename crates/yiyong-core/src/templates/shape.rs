//! The page fields a template can read (`Shape`), as `usage` hands them out and `fast_usage`
//! works them out.

use std::collections::HashSet;
use std::sync::Arc;

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
    /// The fields that may be read of a page in a listing (`listed_fields`): fewer than
    /// `mask` where a name is read only of the page being rendered, its section or `config`.
    pub(super) listing_mask: FieldSet,
    /// The same for the page's `lower` and `higher` neighbours: a template that links to
    /// them reads one or two of their fields, and each page renders with two of them.
    pub(super) neighbour_mask: FieldSet,
    /// Whether a field left out could show (`length` of a page, `x in page`): then it is
    /// kept, as null.
    pub keeps_keys: bool,
    /// Whether the template (with what it reaches) names `paginator` anywhere; true when
    /// that cannot be known.
    pub names_paginator: bool,
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
            listing_mask: FieldSet::ALL,
            neighbour_mask: FieldSet::ALL,
            keeps_keys: true,
            names_paginator: true,
            content: ContentUse::Any,
            names: None,
            config: Default::default(),
            last_len: Default::default(),
        }
    }

    pub fn reads(&self, field: PageField) -> bool {
        self.mask.has(field)
    }

    /// Whether field `field` of a page in a listing may be read.
    pub fn listing_reads(&self, field: PageField) -> bool {
        self.listing_mask.has(field)
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

    /// Whether the template reads the paginator for certain: it names it and reads nothing
    /// without naming it (a subscript such as `nav_item[key]` may read anything).
    pub fn surely_paginated(&self) -> bool {
        self.names_paginator && self.names.is_some()
    }
}
