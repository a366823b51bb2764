//! What `serve` hands the pipeline (changed content files, read) and what it gets back (the
//! outputs to render again).

use std::collections::HashSet;

use crate::content::Page;
use crate::output::OutputId;

/// A content file as `serve` saw it change.
pub(super) enum Change {
    /// An existing page, parsed again (its index is the old one).
    Edited(usize, Page),
    Added(Page),
    /// Deleted, renamed away, or made a draft.
    Removed(usize),
}

/// What an edit asks to render again.
pub struct Plan {
    pub pages: HashSet<usize>,
    pub outputs: Vec<OutputId>,
    /// Outputs that read the edited content through functions: rendered whole.
    pub whole: HashSet<OutputId>,
    /// Files of outputs that no longer exist (a removed page's), to delete before the
    /// planned outputs are written.
    pub removed: Vec<String>,
}
