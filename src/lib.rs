//! yiyong: a static site generator for acts-of-bravery associations, compatible with Zola.
//!
//! This crate is the command line (`src/main.rs`, `cmd`); the build itself is `yiyong-core`,
//! the outreach layer `yiyong-outreach` and the preview server `yiyong-serve` (see
//! ARCHITECTURE.md). The core's modules are re-exported here for now, for `main.rs`, the tests
//! and the fuzz checks.

pub use yiyong_core::*;
pub use yiyong_outreach as outreach;
pub use yiyong_serve as serve;

pub mod cmd;
