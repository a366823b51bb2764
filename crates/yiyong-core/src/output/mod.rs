//! The render stage's outputs: every file of the site, rendered from templates in parallel
//! and handed to a `Sink`.

mod assets;
#[cfg_attr(yiyong_general_feeds, allow(dead_code))]
mod fast_feed_entries;
#[cfg_attr(yiyong_general_sitemap, allow(dead_code))]
pub(crate) mod fast_sitemap;
pub mod feeds;
pub mod pages;
mod pagination;
pub(crate) mod search_index;
pub mod sitemap;
pub mod taxonomies;

pub use assets::{
    compile_sass, copy_jobs, copy_static_and_assets, find_sources, AssetSources, CopyJob,
};

use std::collections::{HashMap, HashSet};
use std::sync::atomic::Ordering;
use std::sync::Mutex;

use crate::templates::deps::Dep;

use serde_json::{Map, Value};
use tera::Tera;

use crate::config::Config;
use crate::error::{tera_chain, Diagnostic};
use crate::library::Library;
use crate::templates::context::Values;
use crate::templates::usage::Shape;
use crate::write::Sink;
use std::sync::Arc;

pub struct Renderer<'a> {
    /// The site's folder (for extensions' caches below `.yiyong-cache/`).
    pub root: &'a std::path::Path,
    pub tera: &'a Tera,
    pub config: &'a Config,
    pub lib: &'a Library,
    pub values: &'a Values,
    pub sink: &'a dyn Sink,
    /// When set, paginated listings render only the pagers holding one of these pages.
    pub focus: Option<&'a HashSet<usize>>,
    /// When set, collects the outputs whose templates read content through global functions.
    pub touched: Option<&'a Mutex<HashMap<OutputId, HashSet<Dep>>>>,
    /// What each template reads of the pages it lists.
    pub usage: &'a crate::templates::usage::Usage,
    /// Set by `--profile`: each render notes its template and time here.
    pub profile: Option<&'a Arc<crate::profile::Profiler>>,
    /// The text of pure macros drawn so far in this render of the site (a fresh one for each).
    pub memo: Arc<crate::templates::fast_render::Memo>,
}

impl crate::extension::RenderedSite for Renderer<'_> {
    fn library(&self) -> &Library {
        self.lib
    }
    fn config(&self) -> &Config {
        self.config
    }
    fn page_value(&self, i: usize) -> Value {
        self.values.page(i)
    }
    fn write_file(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        Renderer::write_file(self, rel, bytes)
    }
    fn root(&self) -> &std::path::Path {
        self.root
    }
    fn cache_dir(&self, name: &str) -> std::path::PathBuf {
        self.root.join(".yiyong-cache").join(name)
    }
}

/// A templated output that `serve` can render again on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputId {
    Page(usize),
    /// A section with all its pagers.
    Section(usize),
    /// A taxonomy term (taxonomy index, term index) with its pagers.
    Term(usize, usize),
}

/// Zola renders a notice instead of failing when one of these default templates is missing.
const DEFAULT_TEMPLATES: &[&str] = &[
    "index.html",
    "section.html",
    "page.html",
    "taxonomy_list.html",
    "taxonomy_single.html",
];

impl Renderer<'_> {
    /// Renders like `render`, noting `id` when the template read site content.
    pub fn render_noted(
        &self,
        id: OutputId,
        template: &str,
        ctx: Map<String, Value>,
        source: &str,
    ) -> Result<String, Diagnostic> {
        let (out, read) = crate::templates::deps::watch(|| self.render(template, ctx, source));
        if let (false, Some(map)) = (read.is_empty(), self.touched) {
            map.lock().unwrap().entry(id).or_default().extend(read);
        }
        out
    }

    /// The page fields `template` can read.
    pub fn shape(&self, template: &str) -> Arc<Shape> {
        self.usage.shape(self.tera, template)
    }

    /// Whether a pager listing `pages` is to be rendered (see `focus`).
    pub fn wants_pager(&self, pages: &[usize]) -> bool {
        self.focus
            .is_none_or(|f| pages.iter().any(|p| f.contains(p)))
    }

    /// Renders a template for the item in `source` (a content file, for error messages).
    pub fn render(
        &self,
        template: &str,
        ctx: Map<String, Value>,
        source: &str,
    ) -> Result<String, Diagnostic> {
        self.render_sized(template, ctx, source, 0)
    }

    /// Like `render`, into a buffer reserved up front: for outputs of tens of megabytes
    /// (feeds of a big site), growing by doubling would briefly need three times the size.
    pub fn render_sized(
        &self,
        template: &str,
        ctx: Map<String, Value>,
        source: &str,
        capacity: usize,
    ) -> Result<String, Diagnostic> {
        if !crate::templates::exists(self.tera, template) {
            if DEFAULT_TEMPLATES.contains(&template) {
                return Ok(format!(
                    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{template}</title></head><body><p>缺少模板 / Missing template: templates/{template}</p></body></html>"
                ));
            }
            return Err(
                Diagnostic::new(format!("{source}: template `{template}` not found")).with_hint(
                    format!(
                    "create templates/{template}, or fix the `template` value in the front matter"
                ),
                ),
            );
        }
        let Some(profile) = self.profile else {
            return self.render_to_string(template, ctx, source, capacity);
        };
        // Named by the page it writes where the context says so (pagers share a source).
        let file = match ctx.get("current_path").and_then(Value::as_str) {
            Some(path) => format!("{path} ({source})"),
            None => source.to_string(),
        };
        let t = std::time::Instant::now();
        let out = profile.rendering(|| self.render_to_string(template, ctx, source, capacity));
        profile.render(template, &file, t.elapsed());
        out
    }

    /// The render itself; `render_sized` times it under `--profile`.
    fn render_to_string(
        &self,
        template: &str,
        ctx: Map<String, Value>,
        source: &str,
        capacity: usize,
    ) -> Result<String, Diagnostic> {
        let context =
            tera::Context::from_value(Value::Object(ctx)).expect("an object is a valid context");
        let shape = self.shape(template);
        // Sized like the template's last output, with room to spare: grown from a guess,
        // a page's buffer was copied once or twice on the way.
        let last = shape.last_len.load(Ordering::Relaxed);
        let mut buf = Vec::with_capacity(capacity.max(last + last / 4).max(4096));
        crate::templates::usage::with_shape(shape.clone(), || {
            let macros = self.usage.macro_table(self.tera);
            // `--cfg yiyong_general_memo` draws every macro call (fast_render/memo.rs).
            let memo = Some(&*self.memo).filter(|_| !cfg!(yiyong_general_memo));
            crate::templates::guard::render_to(
                self.tera, macros, memo, template, &context, &mut buf,
            )
        })
        .map_err(|e| {
            Diagnostic::new(format!(
                "{source}: rendering `{template}` failed: {}",
                tera_chain(&e)
            ))
            .with_hint(format!("check templates/{template}"))
        })?;
        shape.last_len.store(buf.len(), Ordering::Relaxed);
        // Checked with SIMD: std's check of mostly-Chinese text costs 5% of a build.
        match simdutf8::compat::from_utf8(&buf) {
            // SAFETY: the bytes were just checked to be UTF-8.
            Ok(_) => Ok(unsafe { String::from_utf8_unchecked(buf) }),
            Err(e) => Err(Diagnostic::new(format!(
                "{source}: `{template}` produced invalid UTF-8: {e}"
            ))),
        }
    }

    /// Writes an HTML page at a site path (`/blog/x/` → `blog/x/index.html`).
    pub fn write_html(&self, path: &str, html: String) -> Result<(), Diagnostic> {
        let Some(profile) = self.profile else {
            return self.write_one_html(path, html);
        };
        let t = std::time::Instant::now();
        let out = self.write_one_html(path, html);
        profile.write_html(t.elapsed());
        out
    }

    /// The page, minified if asked, handed to the sink.
    fn write_one_html(&self, path: &str, html: String) -> Result<(), Diagnostic> {
        self.write_html_file(&index_file(path), html)
    }

    /// An HTML file by its name in the output, minified if asked (Zola minifies every HTML
    /// file it writes, `404.html` too).
    pub fn write_html_file(&self, rel: &str, html: String) -> Result<(), Diagnostic> {
        let html = if self.config.minify_html {
            minify(html)
        } else {
            html
        };
        self.write_file(rel, html.as_bytes())
    }

    pub fn write_file(&self, rel: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        // XML and iCalendar outputs are written without the control characters they forbid.
        let bytes = match crate::xml_chars::is_strict_output(rel) {
            true => crate::xml_chars::strip(bytes),
            false => std::borrow::Cow::Borrowed(bytes),
        };
        self.sink
            .write(rel, &bytes)
            .map_err(|e| write_error(rel, e))
    }

    /// A redirect page to `url` (aliases, `redirect_to`, `page/1/`).
    pub fn write_redirect(&self, rel_file: &str, url: &str) -> Result<(), Diagnostic> {
        let mut ctx = Map::new();
        ctx.insert("url".into(), Value::String(url.to_string()));
        ctx.insert(
            "lang".into(),
            Value::String(self.config.default_language.clone()),
        );
        let template = "internal/alias.html";
        let lang = &self.config.default_language;
        let config = self.values.config_for(&self.shape(template), lang);
        ctx.insert("config".into(), config);
        let html = self.render(template, ctx, rel_file)?;
        self.write_file(rel_file, html.as_bytes())
    }
}

fn write_error(rel: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::new(format!("cannot write {rel}: {e}"))
        .with_hint("check disk space and permissions")
}

pub fn index_file(path: &str) -> String {
    let p = path.trim_matches('/');
    if p.is_empty() {
        "index.html".into()
    } else {
        format!("{p}/index.html")
    }
}

fn minify(html: String) -> String {
    let cfg = minify_html::Cfg {
        minify_css: true,
        minify_js: true,
        keep_closing_tags: true,
        keep_html_and_head_opening_tags: true,
        ..Default::default()
    };
    String::from_utf8(minify_html::minify(html.as_bytes(), &cfg)).unwrap_or(html)
}

/// Renders one output again (see `OutputId`).
pub fn render_one(r: &Renderer, id: OutputId) -> Vec<Diagnostic> {
    match id {
        OutputId::Page(i) => pages::render_page(r, i).into_iter().collect(),
        OutputId::Section(s) => pages::render_section(r, s),
        OutputId::Term(t, k) => {
            let tax = &r.lib.taxonomies[t];
            if tax.config.render {
                taxonomies::render_term(r, tax, &tax.terms[k])
            } else {
                vec![]
            }
        }
    }
}

/// The template an output is rendered with.
pub fn template_of(r: &Renderer, id: OutputId) -> String {
    match id {
        OutputId::Page(i) => pages::page_template(r, i),
        OutputId::Section(s) => pages::section_template(&r.lib.sections[s]),
        OutputId::Term(t, _) => taxonomies::template(r, &r.lib.taxonomies[t], "single"),
    }
}

/// Every output `render_one` can render.
pub fn all_outputs(lib: &Library) -> Vec<OutputId> {
    let mut out: Vec<OutputId> = (0..lib.pages.len()).map(OutputId::Page).collect();
    out.extend((0..lib.sections.len()).map(OutputId::Section));
    for (t, tax) in lib.taxonomies.iter().enumerate() {
        out.extend((0..tax.terms.len()).map(|k| OutputId::Term(t, k)));
    }
    out
}

/// The outputs that gather the whole site: taxonomy lists, feeds, sitemap, robots.txt, 404
/// and aliases.
pub fn render_site_wide(r: &Renderer) -> Vec<Diagnostic> {
    SITE_WIDE.iter().flat_map(|(_, render)| render(r)).collect()
}

/// The outputs made from the whole site, in order: `render_all` renders them beside the pages,
/// `serve` once after a batch of edits. (Name for `YIYONG_TIMING`, or empty.)
type SiteWide = (&'static str, fn(&Renderer) -> Vec<Diagnostic>);
const FEEDS: &str = "  feeds";
const SPECIAL: &str = "  sitemap";
const SITE_WIDE: &[SiteWide] = &[
    ("  taxonomy lists", taxonomies::render_lists),
    (FEEDS, feeds::render),
    ("  search index", search_index::render),
    (SPECIAL, sitemap::render_special),
    ("", sitemap::render_aliases),
];

/// Renders every templated output; returns all problems found.
pub fn render_all(r: &Renderer) -> Vec<Diagnostic> {
    // The parts run side by side, so their wall times overlap.
    let timed = |name: &str, f: &dyn Fn() -> Vec<Diagnostic>| {
        let t = std::time::Instant::now();
        let out = f();
        crate::profile::timing(name, t);
        if let Some(p) = r.profile {
            p.stage(name, t);
        }
        out
    };
    // The site-wide outputs render beside the pages, taking turns with them on the pool:
    // one after another, each left a core idle while its last part finished. Feeds are
    // streamed and lists hold small page values, so their memory stays low meanwhile.
    // The feeds and the sitemap go first: mostly one core's work (a sort, a file each),
    // they then overlap the pages instead of ending the build with the other core idle
    // (the sitemap's 20,000 addresses were the last 10 ms of a 10,000-hero build). No page
    // writes their files (pages write `…/index.html`), so no clash changes its wording.
    let site_wide = |which: &dyn Fn(&str) -> bool| -> Vec<Diagnostic> {
        let parts = SITE_WIDE.iter().filter(|(name, _)| which(name));
        parts
            .flat_map(|(name, render)| match name.is_empty() {
                true => render(r),
                false => timed(name, &|| render(r)),
            })
            .collect()
    };
    let early = |name: &str| name == FEEDS || name == SPECIAL;
    let (mut errors, listings) = rayon::join(
        || timed("  pages", &|| pages::render_pages(r)),
        || {
            let mut e = site_wide(&early);
            e.extend(timed("  sections", &|| pages::render_sections(r)));
            e.extend(timed("  taxonomy terms", &|| taxonomies::render_terms(r)));
            e.extend(site_wide(&|name| !early(name)));
            e
        },
    );
    errors.extend(listings);
    errors
}
