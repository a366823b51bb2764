//! Command-line commands: each parses nothing and decides nothing beyond calling the library.

pub mod check_links;
pub mod doctor;
pub mod import;
pub mod init;
pub mod new;
pub mod wechat;
