//! Re-rendering after content edits, for `serve`.

use std::path::Path;

use super::Site;
use crate::error::Result;
use crate::write::Sink;

/// An output that can be rendered on its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OutputId {
    Page(usize),
}

impl Site {
    /// Takes in edited content files. `Ok(None)` means the edit changes the site's structure
    /// and only a full rebuild is right.
    pub fn update_pages(&mut self, _paths: &[&Path]) -> Result<Option<Vec<OutputId>>> {
        Ok(None)
    }

    pub fn render_outputs(&self, _outputs: &[OutputId], _sink: &dyn Sink) -> Result<()> {
        Ok(())
    }
}
