//! The rules of the output scan, from config.toml:
//!
//! ```toml
//! [extra.yiyong.hosts]
//! allow = ["cdn.example.gov.cn"]  # hosts the site may load files from
//! scripts = "error"  # scripts, stylesheets, frames from other hosts: "error", "warn" or "off"
//! media = "warn"     # images, audio, video and CSS url() from other hosts
//! ```
//!
//! Broken links inside the site are errors in `check` (`[link_checker] internal_level =
//! "warn"` makes them warnings) and warnings in `build`, which Zola does not check at all.

use std::path::{Path, PathBuf};

use crate::config::{Config, LinkLevel};
use crate::error::Diagnostic;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Level {
    Error,
    Warn,
    Off,
}

pub struct Rules {
    /// Off in `serve`, whose partial rebuilds do not see every output.
    pub active: bool,
    pub site_host: String,
    /// The path of `base_url`, with slashes at both ends (`/` or `/sub/`).
    pub base_path: String,
    pub allow: Vec<String>,
    pub scripts: Level,
    pub media: Level,
    pub links: Level,
    root: PathBuf,
    template_dirs: Vec<PathBuf>,
    /// The templates' text, read at the first finding.
    templates: std::sync::OnceLock<Vec<(String, Vec<u8>)>>,
}

impl Rules {
    /// The rules for `config`; a bad `[extra.yiyong.hosts]` is an error naming `config_file`.
    pub fn from_config(
        config: &Config,
        config_file: &Path,
        root: &Path,
        theme_dir: Option<&Path>,
    ) -> Result<Rules, Diagnostic> {
        let hosts = config
            .extra
            .get("yiyong")
            .and_then(|y| y.get("hosts"))
            .cloned()
            .unwrap_or_default();
        let bad = |what: String| {
            Diagnostic::in_file(config_file, format!("[extra.yiyong.hosts] {what}"))
                .with_hint("write for example: allow = [\"cdn.example.gov.cn\"], scripts = \"error\", media = \"warn\" (levels: \"error\", \"warn\", \"off\")")
        };
        if !(hosts.is_null() || hosts.is_object()) {
            return Err(bad("must be a table".into()));
        }
        if let Some(key) = hosts.as_object().and_then(|o| {
            o.keys()
                .find(|k| !["allow", "scripts", "media"].contains(&k.as_str()))
        }) {
            return Err(bad(format!("has an unknown key `{key}`")));
        }
        let level = |key: &str, default: Level| match hosts.get(key) {
            None => Ok(default),
            Some(v) => match v.as_str() {
                Some("error") => Ok(Level::Error),
                Some("warn") => Ok(Level::Warn),
                Some("off") => Ok(Level::Off),
                _ => Err(bad(format!("`{key} = {v}` is not a level"))),
            },
        };
        let allow = match hosts.get("allow") {
            None => vec![],
            Some(v) => v
                .as_array()
                .and_then(|a| a.iter().map(|h| h.as_str()).collect::<Option<Vec<_>>>())
                .ok_or_else(|| bad(format!("`allow = {v}` must be a list of host names")))?
                .into_iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .collect(),
        };
        let outreach = config.extra.contains_key("yiyong");
        let base = config.base_url.as_str();
        let site_host = super::urls::host_of(base).unwrap_or_default();
        let after_scheme = base.split_once("//").map_or(base, |(_, r)| r);
        let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
        let path = path.trim_matches('/');
        let base_path = if path.is_empty() {
            "/".into()
        } else {
            format!("/{path}/")
        };
        // Links are `check`'s job, as in Zola: a build that read every page for its links cost
        // a rebuild of 10,000 heroes a quarter of a second more (0.48 s → 0.72 s).
        let links = match (config.mode.as_str(), &config.link_checker.internal_level) {
            ("check", LinkLevel::Error) => Level::Error,
            ("check", _) => Level::Warn,
            _ => Level::Off,
        };
        let mut template_dirs = vec![root.join("templates")];
        template_dirs.extend(theme_dir.map(|t| t.join("templates")));
        Ok(Rules {
            active: config.mode != "serve",
            site_host,
            base_path,
            allow,
            // An association's site (the outreach layer on) must make no request to another
            // host; a plain Zola site builds as under Zola and is only warned.
            scripts: level("scripts", if outreach { Level::Error } else { Level::Warn })?,
            media: level("media", Level::Warn)?,
            links,
            root: root.to_path_buf(),
            template_dirs,
            templates: Default::default(),
        })
    }

    /// `, in templates/x.html` when a template or content file holds `url` (looked up only
    /// for findings, which are few).
    pub(super) fn written_in(&self, url: &str) -> String {
        let templates = self
            .templates
            .get_or_init(|| read_files(&self.template_dirs, &self.root));
        let holding = |needle: &str| -> Vec<String> {
            templates
                .iter()
                .filter(|(_, text)| memchr::memmem::find(text, needle.as_bytes()).is_some())
                .map(|(name, _)| name.clone())
                .collect()
        };
        let mut hits = holding(url);
        if hits.is_empty() {
            // A template may build the query string or the scheme itself.
            let bare = url.split(['?', '#']).next().unwrap_or(url);
            let bare = bare.split_once("//").map_or(bare, |(_, r)| r);
            hits = holding(bare);
        }
        hits.truncate(3);
        if hits.is_empty() {
            String::new()
        } else {
            format!(", in {}", hits.join(", "))
        }
    }
}

/// Every file under `dirs`, named relative to `root`.
fn read_files(dirs: &[PathBuf], root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![];
    for dir in dirs {
        for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
            if entry.file_type().is_file() {
                if let Ok(text) = std::fs::read(entry.path()) {
                    let p = entry.path();
                    files.push((
                        p.strip_prefix(root).unwrap_or(p).display().to_string(),
                        text,
                    ));
                }
            }
        }
    }
    files
}
