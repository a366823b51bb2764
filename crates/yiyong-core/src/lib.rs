//! yiyong: a static site generator for acts-of-bravery associations, compatible with Zola.
//!
//! The build is a pipeline, one module a stage: `content` (load) → `library` (resolve) →
//! `markdown` + `templates` + `output` (render) → `write`. `site` runs them in order.

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
