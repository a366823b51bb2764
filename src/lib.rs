//! yiyong: a static site generator for acts-of-bravery associations, compatible with Zola.
//!
//! This crate is the command line (`src/main.rs`, `cmd`); the build itself is `yiyong-core`,
//! the outreach layer `yiyong-outreach`, its maps `yiyong-maps`, the WeChat export `yiyong-wechat`, the search index `yiyong-search` and the preview server `yiyong-serve` (see
//! ARCHITECTURE.md). The core's modules are re-exported here for now, for `main.rs`, the tests
//! and the fuzz checks.

pub use yiyong_core::*;
pub use yiyong_maps as maps;
pub use yiyong_outreach as outreach;
pub use yiyong_search as search;
pub use yiyong_serve as serve;
pub use yiyong_wechat as wechat;

pub mod cli;
pub mod cmd;
mod doctor_text;
pub mod help_zh;
pub mod messages;
pub mod report;

/// The extensions every build of the command line has, in the order they run: the outreach
/// layer, its maps, the WeChat preview pages (off unless the config asks for them), then the
/// search index (on for outreach sites).
pub fn extensions() -> extension::Extensions {
    use std::sync::Arc;
    extension::Extensions(vec![
        Arc::new(outreach::Outreach),
        Arc::new(maps::Maps),
        Arc::new(wechat::Previews),
        Arc::new(search::Search),
    ])
}
