//! What `serve` needs beyond a one-shot build: reloading templates into a loaded site and
//! copying a single static file.

use std::path::PathBuf;

use super::Site;
use crate::error::{Diagnostic, Result};
use crate::templates;
use crate::write::Sink;

impl Site {
    /// Parses the templates again and registers the site's functions on them; the content
    /// stays as loaded.
    pub fn reload_templates(&mut self) -> Result<()> {
        let theme = self.config.theme.clone().filter(|t| !t.is_empty());
        let (mut tera, warnings) = templates::load(&self.root, theme.as_deref())?;
        for w in warnings {
            eprintln!("{}", w.as_warning());
        }
        super::install_functions(&mut tera, self.site_data(), &self.active);
        self.tera = tera;
        self.usage = Default::default();
        Ok(())
    }

    /// The file a static output path comes from: the site's static/ over the theme's.
    pub fn static_source(&self, rel: &str) -> Option<PathBuf> {
        let mut dirs = vec![self.root.join("static")];
        dirs.extend(self.theme_dir.iter().map(|t| t.join("static")));
        // The build's rule (`site_files`): nothing linked in from outside the site is copied.
        let site = crate::site_files::SiteFolder::new(&self.root);
        dirs.into_iter().map(|d| d.join(rel)).find(|p| {
            p.is_file()
                && site.holds(p)
                && !self.config.is_static_ignored(std::path::Path::new(rel))
        })
    }

    /// Copies one static file the way a build does (metadata stripped).
    pub fn copy_static(
        &self,
        rel: &str,
        src: &std::path::Path,
        sink: &dyn Sink,
    ) -> std::result::Result<(), Diagnostic> {
        let strip = self.config.images.strip_static_metadata;
        self.images.copy_private(rel, src, strip, false, sink)?;
        // A photo turned upright is enqueued rather than copied.
        self.images
            .process_new(sink)
            .into_iter()
            .next()
            .map_or(Ok(()), Err)
    }
}
