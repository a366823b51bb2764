//! The core of yiyong: builds a Zola site, and knows nothing of heroes.
//!
//! The build is a pipeline, one module a stage: `config` + `content` (load) → `library`
//! (resolve) → `markdown` + `templates` + `functions` + `output` (render) → `write`. `site` runs
//! them in order (`Site::load`, `Site::render`). Features join the build only through
//! `extension` (see ARCHITECTURE.md at the repository root).

pub mod config;
pub mod content;
pub mod error;
pub mod extension;
pub mod functions;
pub mod images;
pub mod library;
pub mod links;
pub mod markdown;
pub mod output;
pub mod profile;
pub mod site;
pub mod site_file;
pub mod site_files;
pub mod slug;
pub mod templates;
pub mod write;
pub mod xml_chars;

#[cfg(test)]
mod fast_paths_tests;
