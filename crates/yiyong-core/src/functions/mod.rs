//! Zola's global template functions. They read a shared, immutable view of the site; the
//! rendered values arrive after Markdown rendering, so shortcodes see page metadata only.
//! They sit above `templates` (the engine) and `markdown` (the `markdown` filter uses it),
//! so that neither of those two depends on the other both ways.

mod file_hash;
mod image_fns;
mod lang;
mod load_data;

use file_hash::FileHashes;
pub use lang::compile_scss;
use lang::{lang_arg, with_lang};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use base64::Engine;
use serde_json::{json, Value};
use sha2::{Digest, Sha256, Sha384, Sha512};
use tera::{Function, Result, Tera};

use crate::config::Config;
use crate::library::{ItemRef, Library};
use crate::templates::context::Values;
use crate::templates::usage::current_shape;

pub struct SiteData {
    pub root: PathBuf,
    pub config: Arc<Config>,
    pub library: Arc<Library>,
    pub values: Arc<OnceLock<Values>>,
    pub theme_dir: Option<PathBuf>,
    pub images: Arc<crate::images::Images>,
    /// (output path such as `main.css`, Sass folder, file) of each stylesheet the build
    /// compiles: `get_url(path="main.css", cachebust=true)` hashes the compiled CSS, as Zola
    /// (which compiles before rendering and looks in the output folder) does.
    pub sass: Vec<(String, PathBuf, PathBuf)>,
    /// Where each page's and section's own files are copied to (`fr/blog/photo.jpg`) and
    /// their source, made on first use (see `find_file`).
    pub output_assets: OnceLock<HashMap<String, PathBuf>>,
    /// `cachebust` hashes by file, size and time changed: the default theme asks for its
    /// stylesheet's on every page, and reading and hashing it each time was a second of CPU
    /// at 16,000 pages.
    pub file_hashes: FileHashes,
    /// The file each path given to `find_file` named, for this build: finding it checks up
    /// to four folders and resolves every link on the way (some thirty system calls), and a
    /// theme asks on every page (the default theme's stylesheet for `cachebust`, a raster
    /// logo for `resize_image`: 8 of the 10 syscalls a page cost at 1,000 heroes).
    pub found_files: std::sync::Mutex<HashMap<String, PathBuf>>,
    /// The `cachebust` hash of each path, for this build (a SiteData is made for each render
    /// pass, `serve`'s too): finding the file and checking that it is unchanged were four
    /// system calls a page on the default theme (0.1 s of CPU at 18,000 pages).
    pub busted: std::sync::Mutex<HashMap<String, String>>,
    /// Each URL `get_url` made, by its arguments (`url_key`): a theme asks for the same few
    /// on every page (the default theme for six), and making them again was 1.2% of the
    /// instructions of a 10,000-hero build.
    pub urls: std::sync::Mutex<rustc_hash::FxHashMap<Vec<u8>, String>>,
}

fn arg<'a>(args: &'a HashMap<String, Value>, name: &str) -> Option<&'a Value> {
    args.get(name).filter(|v| !v.is_null())
}

fn str_arg(args: &HashMap<String, Value>, f: &str, name: &str) -> Result<String> {
    arg(args, name)
        .and_then(|v| v.as_str().map(String::from))
        .ok_or_else(|| tera::Error::msg(format!("`{f}` needs the `{name}` argument as a string")))
}

fn bool_arg(args: &HashMap<String, Value>, name: &str, default: bool) -> bool {
    arg(args, name).and_then(|v| v.as_bool()).unwrap_or(default)
}

macro_rules! site_fn {
    // Marked safe, as Zola marks `get_url` and `get_taxonomy_url`: the URL is written as is,
    // not HTML-escaped (`/` is not `&#x2F;` in the page's source).
    ($name:ident, safe, $body:expr) => {
        struct $name(Arc<SiteData>);
        impl Function for $name {
            fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
                let f: fn(&SiteData, &HashMap<String, Value>) -> Result<Value> = $body;
                f(&self.0, args)
            }

            fn is_safe(&self) -> bool {
                true
            }
        }
    };
    ($name:ident, $body:expr) => {
        struct $name(Arc<SiteData>);
        impl Function for $name {
            fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
                let f: fn(&SiteData, &HashMap<String, Value>) -> Result<Value> = $body;
                f(&self.0, args)
            }
        }
    };
}

// After `site_fn!`, which it uses.
mod get_url;

/// Adds the extensions' template functions, each recording what it reads for `serve` (see
/// `extension::Reads`) and timed by `--profile`, as the core's own are.
pub struct Registrar<'a>(pub &'a mut Tera, pub &'a std::path::Path);

impl crate::extension::Functions for Registrar<'_> {
    fn add(&mut self, name: &'static str, reads: crate::extension::Reads, f: Box<dyn Function>) {
        crate::profile::register_function(self.0, name, Recorded { reads, f });
    }

    fn cache_dir(&self, name: &str) -> PathBuf {
        self.1.join(".yiyong-cache").join(name)
    }
}

struct Recorded {
    reads: crate::extension::Reads,
    f: Box<dyn Function>,
}

impl Function for Recorded {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        if self.reads == crate::extension::Reads::Site {
            crate::templates::deps::touch();
        }
        self.f.call(args)
    }

    fn is_safe(&self) -> bool {
        self.f.is_safe()
    }
}

pub fn register(tera: &mut Tera, data: Arc<SiteData>) {
    crate::profile::register_function(tera, "get_url", get_url::function(data.clone()));
    crate::profile::register_function(tera, "get_page", GetPage(data.clone()));
    crate::profile::register_function(tera, "get_section", GetSection(data.clone()));
    crate::profile::register_function(tera, "get_taxonomy", GetTaxonomy(data.clone()));
    crate::profile::register_function(tera, "get_taxonomy_url", GetTaxonomyUrl(data.clone()));
    crate::profile::register_function(tera, "get_taxonomy_term", GetTaxonomyTerm(data.clone()));
    crate::profile::register_function(tera, "get_hash", GetHash(data.clone()));
    crate::profile::register_function(tera, "load_data", LoadData(data.clone()));
    crate::profile::register_function(tera, "get_image_metadata", GetImageMetadata(data.clone()));
    crate::profile::register_function(tera, "resize_image", ResizeImage(data.clone()));
    crate::profile::register_function(tera, "trans", Trans(data.clone()));
    crate::profile::register_function(tera, "has_feed", HasFeed(data.clone()));
    // The build's own base_url (`--base-url`, and `serve`'s, replace the config's).
    let config = data.config.clone();
    tera.register_filter(
        "root_relative",
        move |value: &Value, _: &HashMap<String, Value>| {
            let s = value.as_str().ok_or_else(|| {
                tera::Error::msg("the root_relative filter works on text (a URL)")
            })?;
            Ok(Value::String(config.root_relative(s).into_owned()))
        },
    );
    let config = data.config.clone();
    tera.register_filter(
        "markdown",
        move |value: &Value, args: &HashMap<String, Value>| {
            let s = value
                .as_str()
                .ok_or_else(|| tera::Error::msg("markdown filter works on text"))?;
            Ok(Value::String(crate::markdown::render_simple(
                s,
                &config,
                bool_arg(args, "inline", false),
            )))
        },
    );
}

impl SiteData {
    /// The SHA-256 of the CSS that Sass compiles to `path`, if a `sass/` file gives it.
    fn compiled_css_hash(&self, path: &str) -> Result<Option<String>> {
        let rel = path.trim_start_matches('/');
        let Some((_, dir, file)) = self.sass.iter().find(|(out, ..)| out == rel) else {
            return Ok(None);
        };
        let css = compile_scss(dir, file).map_err(|e| {
            tera::Error::msg(format!("get_url: {} does not compile: {e}", file.display()))
        })?;
        Ok(Some(format!("{:x}", Sha256::digest(css.as_bytes()))))
    }

    /// Looks for a file in the places Zola does: static/, the theme's static/, content/, the
    /// site root (`@/x` in content/ only). `f` names the calling function in the error given
    /// when the path leads outside the site (see `site_file`). A file found is remembered for
    /// the build (and only `stat`ed again on the next call: a file removed during `serve` is
    /// looked for anew); one not found is not, as a later stage may write it.
    pub fn find_file(&self, f: &str, path: &str) -> Result<Option<PathBuf>> {
        let found = |m: &HashMap<String, PathBuf>| m.get(path).filter(|f| f.is_file()).cloned();
        if let Some(file) = found(&self.found_files.lock().unwrap_or_else(|e| e.into_inner())) {
            return Ok(Some(file));
        }
        let file = self.look_for_file(f, path)?;
        if let Some(file) = &file {
            (self.found_files.lock().unwrap_or_else(|e| e.into_inner()))
                .insert(path.to_string(), file.clone());
        }
        Ok(file)
    }

    /// `find_file` without its cache.
    fn look_for_file(&self, f: &str, path: &str) -> Result<Option<PathBuf>> {
        let rel = path.trim_start_matches('/');
        let dirs = match rel.strip_prefix("@/") {
            Some(_) => vec![self.root.join("content")],
            None => {
                let mut dirs = vec![self.root.join("static")];
                if let Some(t) = &self.theme_dir {
                    dirs.push(t.join("static"));
                }
                dirs.push(self.root.join("content"));
                dirs.push(self.root.clone());
                dirs
            }
        };
        let rel = rel.strip_prefix("@/").unwrap_or(rel);
        // The theme's own folder counts as inside even when themes/NAME is a symlink to a
        // shared copy: its templates are read from there already.
        let mut allowed = vec![self.root.as_path()];
        allowed.extend(self.theme_dir.as_deref());
        let found = crate::site_file::find(rel, &dirs, &allowed).map_err(|mut e| {
            e.given = path.to_string();
            tera::Error::msg(format!("{f}: {e}"))
        })?;
        if found.is_some() || path.starts_with("@/") {
            return Ok(found);
        }
        Ok(self.output_asset(rel))
    }

    /// A page's or section's file named by where the build copies it (`fr/blog/x.jpg` for
    /// `content/blog/x.jpg` beside `_index.fr.md`): Zola looks in its output folder too,
    /// where those files are by the time templates run (tabi finds its images so).
    fn output_asset(&self, rel: &str) -> Option<PathBuf> {
        let map = self.output_assets.get_or_init(|| {
            let lib = &self.library;
            let pages = lib
                .pages
                .iter()
                .map(|p| (&p.path, &p.file.parent, &p.assets));
            let sections = lib
                .sections
                .iter()
                .map(|s| (&s.path, &s.file.parent, &s.assets));
            let mut map = HashMap::new();
            for (path, dir, assets) in pages.chain(sections) {
                for a in assets {
                    let url = crate::content::page::asset_url(path, dir, a);
                    map.insert(url.trim_start_matches('/').to_string(), a.clone());
                }
            }
            map
        });
        // `a//b.jpg` (a template joining `path` and `/`) is `a/b.jpg`, as for the file system.
        let key: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
        map.get(&key.join("/")).cloned()
    }

    fn item_value(&self, item: ItemRef, with_pages: bool) -> Value {
        let lib = &self.library;
        match (self.values.get(), item) {
            (Some(v), ItemRef::Page(i)) => v.listed(i, &current_shape()),
            (Some(v), ItemRef::Section(i)) => v.section(i, with_pages.then_some(&*current_shape())),
            (None, ItemRef::Page(i)) => {
                let p = &lib.pages[i];
                json!({"title": p.meta.title, "description": p.meta.description, "permalink": p.permalink, "path": p.path,
                       "slug": p.slug, "date": p.date, "extra": p.meta.extra, "taxonomies": p.meta.taxonomies,
                       "relative_path": p.file.relative, "content": ""})
            }
            (None, ItemRef::Section(i)) => {
                let s = &lib.sections[i];
                json!({"title": s.meta.title, "description": s.meta.description, "permalink": s.permalink, "path": s.path,
                       "extra": s.meta.extra, "relative_path": s.file.relative, "content": "", "pages": []})
            }
        }
    }
}

fn lookup(site: &SiteData, f: &str, path: &str) -> Result<ItemRef> {
    // A file's own path (a translation's `path`, absolute as Zola gives it) names the content
    // below `content/`, as Zola's `get_page` joins it to the content folder.
    let below = (Path::new(path).is_absolute() || path.starts_with("./"))
        .then(|| {
            let content = std::path::absolute(site.root.join("content")).ok()?;
            let file = std::path::absolute(path).ok()?;
            file.strip_prefix(&content).ok().map(Path::to_path_buf)
        })
        .flatten();
    let relative = below.map(|p| p.to_string_lossy().replace('\\', "/"));
    let path = relative.as_deref().unwrap_or(path);
    site.library
        .get(path)
        .ok_or_else(|| tera::Error::msg(format!("{f}: there is no content/{path}")))
}

site_fn!(GetPage, |site, args| {
    let path = str_arg(args, "get_page", "path")?;
    let lang = lang_arg(site, args, "get_page")?;
    let path = with_lang(&path, lang, &site.config.default_language);
    match lookup(site, "get_page", &path)? {
        item @ ItemRef::Page(_) => {
            crate::templates::deps::touch_item(item, false);
            Ok(site.item_value(item, false))
        }
        ItemRef::Section(_) => Err(tera::Error::msg(format!(
            "get_page: `{path}` is a section; use get_section"
        ))),
    }
});

site_fn!(GetSection, |site, args| {
    let path = str_arg(args, "get_section", "path")?;
    let lang = lang_arg(site, args, "get_section")?;
    let path = with_lang(&path, lang, &site.config.default_language);
    let meta_only = bool_arg(args, "metadata_only", false);
    match lookup(site, "get_section", &path)? {
        item @ ItemRef::Section(_) => {
            crate::templates::deps::touch_item(item, !meta_only);
            Ok(site.item_value(item, !meta_only))
        }
        ItemRef::Page(_) => Err(tera::Error::msg(format!(
            "get_section: `{path}` is a page; use get_page"
        ))),
    }
});

/// The taxonomy `kind` of the language `lang` argument (the default language's without it).
fn find_taxonomy<'a>(
    site: &'a SiteData,
    (f, args): (&str, &HashMap<String, Value>),
    kind: &str,
    required: bool,
) -> Result<Option<&'a crate::library::Taxonomy>> {
    let lang = lang_arg(site, args, f)?;
    match site
        .library
        .taxonomies
        .iter()
        .find(|t| t.config.name == kind && t.config.lang == lang)
    {
        Some(t) => Ok(Some(t)),
        None if !required => Ok(None),
        None => Err(tera::Error::msg(format!(
            "{f}: there is no taxonomy `{kind}` for language `{lang}` in config.toml"
        ))),
    }
}

site_fn!(GetTaxonomy, |site, args| {
    crate::templates::deps::touch();
    let kind = str_arg(args, "get_taxonomy", "kind")?;
    let Some(tax) = find_taxonomy(
        site,
        ("get_taxonomy", args),
        &kind,
        bool_arg(args, "required", true),
    )?
    else {
        return Ok(Value::Null);
    };
    match site.values.get() {
        Some(v) => Ok(v.taxonomy(tax, &current_shape())),
        None => Ok(json!({"kind": tax.config, "permalink": tax.permalink, "items": []})),
    }
});

site_fn!(GetTaxonomyUrl, safe, |site, args| {
    let kind = str_arg(args, "get_taxonomy_url", "kind")?;
    let name = str_arg(args, "get_taxonomy_url", "name")?;
    let required = bool_arg(args, "required", true);
    let Some(tax) = find_taxonomy(site, ("get_taxonomy_url", args), &kind, required)? else {
        return Ok(Value::Null);
    };
    let slug = crate::slug::slugify_paths(&name, site.config.slugify.taxonomies);
    match tax.terms.iter().find(|t| t.slug == slug) {
        Some(t) => Ok(Value::String(t.permalink.clone())),
        None if !required => Ok(Value::Null),
        None => Err(tera::Error::msg(format!(
            "get_taxonomy_url: `{kind}` has no term `{name}`"
        ))),
    }
});

site_fn!(GetTaxonomyTerm, |site, args| {
    crate::templates::deps::touch();
    let kind = str_arg(args, "get_taxonomy_term", "kind")?;
    let term = str_arg(args, "get_taxonomy_term", "term")?;
    let required = bool_arg(args, "required", true);
    let Some(tax) = find_taxonomy(site, ("get_taxonomy_term", args), &kind, required)? else {
        return Ok(Value::Null);
    };
    let slug = crate::slug::slugify_paths(&term, site.config.slugify.taxonomies);
    let Some(t) = tax.terms.iter().find(|t| t.slug == slug) else {
        return if required {
            Err(tera::Error::msg(format!(
                "get_taxonomy_term: `{kind}` has no term `{term}`"
            )))
        } else {
            Ok(Value::Null)
        };
    };
    let with_pages = bool_arg(args, "include_pages", true);
    Ok(site
        .values
        .get()
        .map(|v| v.term(t, with_pages.then_some(&*current_shape())))
        .unwrap_or_else(
            || json!({"name": t.name, "slug": t.slug, "permalink": t.permalink, "pages": []}),
        ))
});

site_fn!(GetHash, |site, args| {
    let bytes = match (
        arg(args, "path").and_then(|v| v.as_str()),
        arg(args, "literal"),
    ) {
        (Some(p), _) => {
            let file = site
                .find_file("get_hash", p)?
                .ok_or_else(|| tera::Error::msg(format!("get_hash: file `{p}` not found")))?;
            std::fs::read(&file).map_err(|e| tera::Error::msg(format!("get_hash: {e}")))?
        }
        (None, Some(v)) => v
            .as_str()
            .map(|s| s.as_bytes().to_vec())
            .unwrap_or_else(|| v.to_string().into_bytes()),
        (None, None) => return Err(tera::Error::msg("get_hash needs `path` or `literal`")),
    };
    let digest: Vec<u8> = match arg(args, "sha_type")
        .and_then(|v| v.as_u64())
        .unwrap_or(384)
    {
        256 => Sha256::digest(&bytes).to_vec(),
        384 => Sha384::digest(&bytes).to_vec(),
        512 => Sha512::digest(&bytes).to_vec(),
        other => {
            return Err(tera::Error::msg(format!(
                "get_hash: sha_type must be 256, 384 or 512, not {other}"
            )))
        }
    };
    Ok(Value::String(if bool_arg(args, "base64", true) {
        base64::engine::general_purpose::STANDARD.encode(digest)
    } else {
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }))
});

site_fn!(LoadData, |site, args| load_data::load_data(site, args));

site_fn!(GetImageMetadata, image_fns::get_image_metadata);
site_fn!(ResizeImage, image_fns::resize_image);

site_fn!(Trans, |site, args| {
    let key = str_arg(args, "trans", "key")?;
    let lang = arg(args, "lang")
        .and_then(|v| v.as_str())
        .unwrap_or(&site.config.default_language)
        .to_string();
    site.config
        .translation(&lang, &key)
        .map(|s| Value::String(s.to_string()))
        .ok_or_else(|| {
            tera::Error::msg(format!(
                "trans: no translation `{key}` for language `{lang}` in config.toml [translations]"
            ))
        })
});

// yiyong's own (Zola has none): whether the build writes the site feed of `lang` (default: the
// default language). Like Zola, a feed with no dated page is not written, so a theme that
// links it on every page links a missing file on a new site; with this it need not. A page
// an extension keeps out of the feeds (one dated after today) does not count.
site_fn!(HasFeed, |site, args| {
    let lang = lang::lang_arg(site, args, "has_feed")?;
    let config = &site.config;
    let on = match config.languages.get(lang) {
        Some(options) if lang != config.default_language => options.generate_feeds,
        _ => config.generate_feeds,
    };
    let multilingual = config.is_multilingual();
    let dated = site
        .library
        .pages
        .iter()
        .any(|p| p.in_a_feed() && (!multilingual || p.lang == lang));
    Ok(Value::Bool(on && dated))
});
