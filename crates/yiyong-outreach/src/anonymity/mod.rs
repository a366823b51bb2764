//! Anonymous heroes (`anonymous = true`): the real name, and the given name alone, must appear
//! in no output. Three layers, so that no path is missed:
//! - the hero's own page is masked before rendering (`mask_page`);
//! - the sources are checked (`check`): other pages naming the hero, addresses, aliases and
//!   taxonomy terms made from the name are errors with file and line;
//! - every output file is swept (`sweep`), which is the proof and catches what templates,
//!   data files or config add.

mod check;
mod fold;
mod mask;
mod names;
mod prefilter;
mod sweep;

pub use check::{check, OtherPages};
pub use mask::mask_page;
pub use names::{mask, Hero, Names};
pub use sweep::Sweep;
