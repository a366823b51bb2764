//! The core of yiyong: builds a Zola site, and knows nothing of heroes.
//!
//! The build is a pipeline, one module a stage: `config` + `content` (load) → `library`
//! (resolve) → `markdown` + `templates` + `functions` + `output` (render) → `write`. `site` runs
//! them in order (`Site::load`, `Site::render`, `Site::update_pages`; the order itself is in
//! `site/pipeline.rs`). Features join the build only through [`extension`] (see
//! ARCHITECTURE.md at the repository root).
//!
//! The modules are private; what this crate offers is exported below, by stage. `fuzzing`
//! (hidden) opens the parsers to the fuzz checks in `fuzz/src/lib.rs` and nothing else.

mod config;
mod content;
pub mod error;
pub mod extension;
mod functions;
mod images;
mod library;
mod links;
mod markdown;
mod output;
mod profile;
mod site;
mod site_file;
mod site_files;
mod slug;
mod templates;
mod write;
mod xml_chars;

#[cfg(test)]
mod fast_paths_tests;

// Running a build: options, the loaded site, where outputs go.
pub use site::{build, check, load_config, BuildReport, Mode, Options, Plan, Site};
pub use write::Sink;

// The configuration, as `config.toml` (or `zola.toml`) says it.
pub use config::{find_config_file, Config, LinkChecker, LinkLevel};

// The loaded and resolved content an extension reads.
pub use content::{front_matter::parse_datetime, word_count, Page, Rendered, Section};
pub use library::{ItemRef, Library};

// Helpers the layers above share with the core, so that they agree with it.
/// Photo location metadata (GPS) in an image file, and which copied files carry it.
pub use images::{gps_sources, has_gps};
/// A summary cut from HTML: closes the tags left open at the cut.
pub use markdown::summary::close_tags;
/// Finds a file named in front matter, beside the page or in `static/`, never outside the site.
pub use site_file::find as find_site_file;
/// Walks the site folder as the build does (no links out of it, hidden files skipped).
pub use site_files::{Options as WalkOptions, SiteFolder};
/// The templates that use (extend, include or import) the named ones, for `serve`.
pub use templates::dependents as template_dependents;
/// The stack a template render needs (deep template nesting), for the thread that builds.
pub use templates::guard::STACK_SIZE as TEMPLATE_STACK_SIZE;

/// The parsers, for the fuzz checks (`fuzz/src/lib.rs`, replayed by `tests/fuzz_replay.rs`).
#[doc(hidden)]
pub mod fuzzing {
    pub use crate::config::AnchorLinks;
    pub use crate::content::{front_matter, Heading};
    pub use crate::links::unsafe_path_reason;
    pub mod markdown {
        pub use crate::markdown::{render, shortcodes, Highlighter, RenderContext};
    }
}
