//! Whether an output folder is still exactly what the last build wrote: every file its
//! manifest lists is there with the same size and modification time, no commit was left
//! half-done, and no other build is writing it. `site::fresh` skips a build on this (with
//! unchanged inputs), so anything doubtful answers no and the build runs.

use std::path::Path;

use rayon::prelude::*;

use super::{journal, manifest, signals};

/// The number of files when the output is intact; `None` otherwise (or when it cannot tell).
pub fn intact(out: &Path, manifest_path: &Path) -> Option<usize> {
    if !out.is_dir() || journal::path_of(manifest_path).exists() {
        return None;
    }
    // Held while looking, so that a build writing this output now is not taken as finished.
    let _lock = signals::lock_output(manifest_path, out).ok()?;
    let listed = manifest::load(manifest_path)?;
    let all_there = listed
        .par_iter()
        .all(|(rel, entry)| manifest::still_matches(entry, &out.join(rel)));
    all_there.then_some(listed.len())
}
