//! `site_nav(current=current_url)`: the links of the default theme's main menu, as HTML.
//!
//! The menu is on every page. Written in Tera it was eight `optional_url` calls, string
//! concatenations, filters and comparisons per page: about 15 µs of a hero page's 70 µs of
//! rendering, 0.28 s of CPU at 10,000 heroes (docs/outreach-bench.md, twelfth session). The
//! links (which sections and pages the site has, and their addresses) are found once per
//! build; each call only marks the one the visitor is in.

use std::collections::HashMap;
use std::fmt::Write;

use serde_json::Value;
use tera::{Function, Result};
use yiyong_core::{Config, Library};

use super::Sections;

/// One link: its address as the page shows it (root-relative), the full address the current
/// page's is compared with, and its text.
struct Link {
    href: String,
    url: String,
    label: &'static str,
}

pub struct SiteNav(Vec<Link>);

impl SiteNav {
    /// The menu's links in their order; a section or page the site does not have is left out
    /// (a site without statistics or events drops the link instead of failing every page).
    pub fn new(lib: &Library, config: &Config, sections: &Sections) -> SiteNav {
        let index = |dir: &str| format!("{dir}/_index.md");
        let wanted = [
            (index(&sections.hero), "英雄谱"),
            (index(&sections.place), "宣传阵地"),
            (index(&sections.news), "新闻动态"),
            (index(&sections.event), "活动"),
            (index(&sections.team), "志愿者队伍"),
            (index(&sections.service), "办事指南"),
            ("stats.md".to_string(), "数据统计"),
            ("about.md".to_string(), "关于我们"),
        ];
        let links = wanted
            .into_iter()
            .filter_map(|(path, label)| {
                let url = lib.permalink_of(lib.get(&path)?).to_string();
                let href = config.root_relative(&url).into_owned();
                Some(Link { href, url, label })
            })
            .collect();
        SiteNav(links)
    }
}

impl Function for SiteNav {
    /// Each link on a line of its own; the one for the current page says so
    /// (`aria-current="page"`), and the one for the section it is in (`"true"`).
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let current = args.get("current").and_then(Value::as_str).unwrap_or("");
        let mut html = String::with_capacity(self.0.len() * 64);
        for l in &self.0 {
            let mark = if current == l.url {
                " aria-current=\"page\""
            } else if current.starts_with(&l.url) {
                " aria-current=\"true\""
            } else {
                ""
            };
            let _ = write!(html, "\n<a href=\"{}\"{mark}>{}</a>", l.href, l.label);
        }
        Ok(Value::String(html))
    }

    fn is_safe(&self) -> bool {
        true
    }
}
