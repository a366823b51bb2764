//! The build's own preview pages of the articles (`public/wechat/`), apart from `collect` so
//! that gathering the sources depends on nothing that turns them into articles.

use std::sync::Arc;

use serde_json::Value;
use yiyong_core::extension::{Active, Extension, RenderedSite};
use yiyong_core::{Config, Library, Rendered};

use crate::collect::{news_sources, Store};

/// The build's preview pages (`public/wechat/`), only when the config asks for them with
/// `[extra.yiyong.wechat] preview = true`: unlinked pages are never published by surprise.
pub struct Previews;

struct Previewing(Store);

/// Whether the site's config turns the build's preview pages on.
pub fn previews_on(config: &Config) -> bool {
    yiyong_outreach::enabled(config)
        && config
            .extra
            .get("yiyong")
            .and_then(|y| y.get("wechat"))
            .and_then(|w| w.get("preview"))
            .and_then(Value::as_bool)
            .unwrap_or(false)
}

impl Extension for Previews {
    fn name(&self) -> &str {
        "wechat"
    }

    fn activate(&self, config: &Config) -> Option<Arc<dyn Active>> {
        previews_on(config).then(|| Arc::new(Previewing(Store::default())) as Arc<dyn Active>)
    }
}

impl Active for Previewing {
    fn rendered(&self, lib: &Library, config: &Config, pages: &mut [Rendered]) {
        self.0.keep(news_sources(lib, config, pages));
    }

    /// Written through the build's writer, so the final sweep (anonymous names, ID and mobile
    /// numbers) reads them like every other output.
    fn outputs(&self, site: &dyn RenderedSite) -> Vec<yiyong_core::error::Diagnostic> {
        // Not `take`: `serve` renders outputs again after edits that bring no new sources.
        let sources = self.0.peek();
        let look = match crate::look::from_config(site.config()) {
            Ok(l) => l,
            Err(e) => return vec![e],
        };
        let mut errors = vec![];
        for a in crate::article::build_all(&sources, site.config(), site.root(), &look) {
            let html = crate::document::preview(&a);
            if let Err(e) = site.write_file(&format!("wechat/{}.html", a.name), html.as_bytes()) {
                errors.push(e);
            }
        }
        errors
    }
}
