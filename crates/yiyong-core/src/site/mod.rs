//! The whole build in order: load → resolve → render (Markdown, then templates) → write.
//! This is the only place that knows the order of the stages.

mod changes;
pub use changes::Plan;
mod fresh;
mod incremental;
mod markdown_stage;
mod pipeline;
mod restructure;
mod serve_support;

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::config::{find_config_file, Config, Theme};
use crate::error::{Diagnostic, Error, Result};
use crate::functions;
use crate::images::{ImageStats, Images};
use crate::library::Library;
use crate::markdown::Highlighter;
use crate::profile::Profiler;
use crate::templates::{self, context};
use crate::write::{
    as_source, Claims, Guarded, NullSink, Rules, Scan, Sink, StagedOutput, WriteStats,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Build,
    Check,
    Serve,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub config_file: Option<PathBuf>,
    pub output_dir: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub force: bool,
    pub mode: Mode,
    pub extensions: crate::extension::Extensions,
    /// `--profile`: time stages, templates, outputs and template functions.
    pub profile: bool,
    /// `--minify`: minify the HTML whatever `minify_html` says.
    pub minify: bool,
    /// Stop once the Markdown is rendered and the extensions' `rendered` hooks have seen it:
    /// no template values are made, so nothing can be rendered or written. For commands that
    /// only read the rendered Markdown (`wechat export`), which saves a sixth of their time.
    pub markdown_only: bool,
}

impl Options {
    pub fn new(root: impl Into<PathBuf>) -> Options {
        Options {
            root: root.into(),
            config_file: None,
            output_dir: None,
            base_url: None,
            drafts: false,
            force: false,
            mode: Mode::Build,
            extensions: Default::default(),
            profile: false,
            minify: false,
            markdown_only: false,
        }
    }
}

/// A loaded and fully rendered-in-memory site, ready to be written.
pub struct Site {
    pub root: PathBuf,
    pub config: Arc<Config>,
    pub theme_dir: Option<PathBuf>,
    pub tera: tera::Tera,
    /// What the templates in `tera` read; cleared whenever they are replaced.
    pub usage: crate::templates::usage::Usage,
    pub library: Arc<Library>,
    pub values: Arc<OnceLock<context::Values>>,
    pub images: Arc<Images>,
    /// The static and Sass files, found when the site was loaded.
    assets: crate::output::AssetSources,
    highlighter: Option<Highlighter>,
    /// External links found in content: (file, url).
    pub external_links: Vec<(PathBuf, String)>,
    /// Problems worth telling the user that do not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// Pages left out as drafts.
    pub drafts: usize,
    /// The extensions taking part in this build.
    active: crate::extension::Activated,
    /// Set by `--profile`: where the build notes its times.
    pub profile: Option<Arc<Profiler>>,
    /// `Options::markdown_only`: the pipeline stops before the template values.
    markdown_only: bool,
    /// Outputs whose templates read content through global functions (for `serve`).
    /// Content path → permalink, for rendering an edited page's `@/` links (for `serve`).
    permalinks: OnceLock<std::collections::HashMap<String, String>>,
    touched: std::sync::Mutex<
        std::collections::HashMap<
            crate::output::OutputId,
            std::collections::HashSet<crate::templates::deps::Dep>,
        >,
    >,
}

/// Registers the core's template functions, then the extensions'. The one place that does it,
/// for a build and for `serve`'s template reloads.
fn install_functions(
    tera: &mut tera::Tera,
    data: functions::SiteData,
    active: &crate::extension::Activated,
) {
    let (library, config, root) = (data.library.clone(), data.config.clone(), data.root.clone());
    functions::register(tera, Arc::new(data));
    for ext in active.iter() {
        ext.functions(&library, &config, &mut functions::Registrar(tera, &root));
    }
}

/// What `check` lists about the privacy lint: each opt-out and its reason.
fn print_notes(notes: &[String]) {
    if !notes.is_empty() {
        println!(
            "{} privacy opt-outs (隐私检查豁免), each with its reason:",
            notes.len()
        );
        for n in notes {
            println!("  {n}");
        }
    }
}

/// Notes a stage's time for `YIYONG_TIMING` and `--profile`.
fn stage(profile: Option<&Arc<Profiler>>, name: &str, since: std::time::Instant) {
    crate::profile::timing(name, since);
    if let Some(p) = profile {
        p.stage(name, since);
    }
}

fn fail(errors: Vec<Diagnostic>) -> Result<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::many(errors))
    }
}

pub fn load_config(opts: &Options) -> Result<(Config, PathBuf)> {
    let file = match &opts.config_file {
        Some(f) if f.is_absolute() => f.clone(),
        Some(f) => opts.root.join(f),
        None => find_config_file(&opts.root),
    };
    let mut config = Config::from_file(&file)?;
    if let Some(url) = &opts.base_url {
        config.base_url = url.clone();
    }
    config.include_drafts = opts.drafts;
    config.minify_html |= opts.minify;
    config.mode = match opts.mode {
        Mode::Build => "build",
        Mode::Check => "check",
        Mode::Serve => "serve",
    }
    .into();
    Ok((config, file))
}

impl Site {
    pub fn load(opts: &Options) -> Result<Site> {
        let root = opts.root.clone();
        let (mut config, config_file) = load_config(opts)?;
        let theme = match config.theme.clone() {
            Some(name) if !name.is_empty() => Some(Theme::load(&root, &name)?),
            _ => None,
        };
        if let Some(t) = &theme {
            config.merge_theme_extra(&t.extra);
        }
        // Each extension decides once, from the final config, whether it takes part.
        let active = opts.extensions.activate(&config);
        let declared: Vec<_> = active.iter().flat_map(|e| e.taxonomies(&config)).collect();
        config.add_taxonomies(declared);
        if config.feed_limit.is_none() {
            config.feed_limit = active.iter().find_map(|e| e.default_feed_limit(&config));
        }
        let profile = opts.profile.then(Profiler::new);
        let prof = profile.as_ref();
        let t = std::time::Instant::now();
        let content_dir = root.join("content");
        // Templates are parsed while the content is read.
        let theme_name = theme.as_ref().map(|t| t.name.as_str());
        let site_folder = crate::site_files::SiteFolder::new(&root);
        // Counting every page's words is skipped when no template can read the counts;
        // `serve` keeps pages across template edits, so it always counts. Asked while the
        // content is read too: walking every template was 25 ms of one core at 10,000 heroes.
        let counts = ["word_count", "reading_time"];
        let (tera, mut loaded) = std::thread::scope(|scope| {
            let tera = scope.spawn(|| {
                templates::load(&root, theme_name).map(|(tera, w)| {
                    let reads = templates::usage::any_template_reads(&tera, &counts);
                    (tera, w, reads)
                })
            });
            let loaded = crate::content::load_content(&site_folder, &content_dir, &config);
            (tera.join().expect("template loading panicked"), loaded)
        });
        // Keys Zola ignores in config.toml first, then what loading the content found.
        let mut warnings = std::mem::take(&mut config.warnings);
        warnings.append(&mut loaded.warnings);
        let (assets, walk) =
            crate::output::find_sources(&root, theme.as_ref().map(|t| t.dir.as_path()), &config);
        warnings.extend(walk.warnings);
        // Folders that cannot be read fail the build with the templates' and content's errors.
        let (tera, reads_counts) = match tera {
            Ok((tera, w, reads)) if walk.errors.is_empty() => {
                warnings.extend(w);
                (tera, reads)
            }
            other => {
                let mut errors = other.err().map(|e| e.diagnostics).unwrap_or_default();
                errors.extend(walk.errors);
                errors.append(&mut loaded.errors);
                return Err(Error::many(errors));
            }
        };
        if opts.mode == Mode::Serve || reads_counts {
            crate::content::count_words(&mut loaded.pages);
        }
        stage(prof, "load", t);
        let t = std::time::Instant::now();
        // Extensions change the loaded pages before resolve, so that addresses, sorting and
        // taxonomy terms are made from what will be published.
        let mut reports = vec![];
        for ext in active.iter() {
            reports.push(ext.transform(&mut loaded.pages, &mut loaded.sections, &config));
        }
        let drafts = loaded.drafts;
        let (mut library, mut errors) = crate::library::resolve(loaded, &config, &content_dir);
        for r in reports {
            errors.extend(r.errors);
            warnings.extend(r.warnings);
        }
        // The Markdown sources are only needed until rendered: keep them out of the shared library.
        let sources = markdown_stage::Sources {
            pages: library
                .pages
                .iter_mut()
                .map(|p| std::mem::take(&mut p.raw_content))
                .collect(),
            sections: library
                .sections
                .iter_mut()
                .map(|s| std::mem::take(&mut s.raw_content))
                .collect(),
        };
        stage(prof, "resolve", t);
        let config = Arc::new(config);
        let highlighter = match &config.markdown.highlighting {
            Some(h) if config.markdown.highlighting_enabled() => {
                Some(Highlighter::new(h, &root, &config_file)?)
            }
            _ => None,
        };
        let theme_dir = theme.map(|t| t.dir);
        let images = Arc::new(Images::new(
            root.join(".yiyong-cache").join("images"),
            config.make_permalink(&format!("{}/", crate::images::PROCESSED_DIR)),
        ));
        let mut site = Site {
            root,
            config,
            theme_dir,
            tera: tera::Tera::default(),
            usage: Default::default(),
            library: Arc::new(library),
            values: Arc::new(OnceLock::new()),
            images,
            assets,
            highlighter,
            external_links: vec![],
            warnings,
            drafts,
            active,
            touched: Default::default(),
            permalinks: OnceLock::new(),
            profile,
            markdown_only: opts.markdown_only,
        };
        site.advance(pipeline::Scope::All(sources), Some(tera), errors)?;
        Ok(site)
    }

    /// Gives every template every page field: the general path of the `usage` fast path
    /// (`templates/fast_usage.rs`), for its contract test, `tests/fast_paths.rs`.
    #[doc(hidden)]
    pub fn use_every_field(&mut self) {
        self.usage = crate::templates::usage::Usage::general();
    }

    /// What the core's template functions read.
    fn site_data(&self) -> functions::SiteData {
        functions::SiteData {
            images: self.images.clone(),
            root: self.root.clone(),
            config: self.config.clone(),
            library: self.library.clone(),
            values: self.values.clone(),
            theme_dir: self.theme_dir.clone(),
            sass: self.assets.sass_outputs(),
            output_assets: Default::default(),
            file_hashes: Default::default(),
            found_files: Default::default(),
            busted: Default::default(),
            urls: Default::default(),
        }
    }

    /// Every file the build copies into the output (static files and page assets).
    pub fn copy_jobs(&self) -> Vec<crate::output::CopyJob> {
        let theme = self.theme_dir.as_deref();
        let (root, config) = (&self.root, &self.config);
        crate::output::copy_jobs(root, theme, &self.assets, config, &self.library)
    }

    /// A renderer of every output into `sink`, without focus or recording.
    pub(crate) fn renderer<'a>(&'a self, sink: &'a dyn Sink) -> crate::output::Renderer<'a> {
        crate::output::Renderer {
            root: &self.root,
            tera: &self.tera,
            config: &self.config,
            lib: &self.library,
            values: self.values.get().expect("set by load"),
            sink,
            focus: None,
            touched: None,
            usage: &self.usage,
            profile: self.profile.as_ref(),
            memo: Default::default(),
        }
    }

    /// Renders every output into the sink; reports all problems at once. Returns the
    /// warnings of the scan of the outputs (requests to other hosts, broken links).
    pub fn render(&self, sink: &dyn Sink) -> Result<(ImageStats, Vec<Diagnostic>)> {
        let config_file = crate::config::find_config_file(&self.root);
        let rules = Rules::from_config(
            &self.config,
            &config_file,
            &self.root,
            self.theme_dir.as_deref(),
        )?;
        let claims = Claims::new(sink);
        let scan = Scan::new(&claims, rules);
        let guards = self.active.iter();
        let guarded = Guarded::new(&scan, guards.filter_map(|e| e.output_guard()).collect());
        let result = self.render_claimed(&guarded);
        let mut swept = guarded.finish();
        let (mut found, warnings) = scan.finish();
        let mut clashes = claims.finish();
        clashes.append(&mut found);
        clashes.append(&mut swept);
        match result {
            Ok(stats) if clashes.is_empty() => Ok((stats, warnings)),
            Ok(_) => Err(Error::many(clashes)),
            Err(mut e) => {
                e.diagnostics.append(&mut clashes);
                Err(e)
            }
        }
    }

    fn render_claimed(&self, sink: &dyn Sink) -> Result<ImageStats> {
        let theme = self.theme_dir.as_deref();
        let mut errors = crate::output::copy_static_and_assets(
            &self.root,
            theme,
            &self.assets,
            &self.config,
            &self.library,
            &self.images,
            sink,
        );
        errors.extend(crate::output::compile_sass(&self.assets, sink));
        if let Some(h) = &self.highlighter {
            // A file of the same name in static/ wins, as in Zola, which copies static/
            // after writing the highlighter's stylesheets (themes ship their own).
            let stylesheets = h.stylesheets().into_iter();
            for (name, css) in stylesheets.filter(|(n, _)| !self.assets.has_static(n)) {
                errors.extend(
                    as_source("the code highlighter's stylesheet", || {
                        sink.write(&name, css.as_bytes())
                    })
                    .err()
                    .map(|e| Diagnostic::new(format!("cannot write {name}: {e}"))),
                );
            }
        }
        // yiyong's elasticlunr.min.js; Zola writes its own before copying static/, so a theme's
        // or site's copy wins.
        use crate::output::search_index::{writes_elasticlunr_js, ELASTICLUNR_JS};
        let name = crate::output::search_index::ELASTICLUNR_JS_NAME;
        if writes_elasticlunr_js(&self.config) && !self.assets.has_static(name) {
            let written = as_source("the search script", || {
                sink.write(name, ELASTICLUNR_JS.as_bytes())
            });
            errors.extend(
                written
                    .err()
                    .map(|e| Diagnostic::new(format!("cannot write {name}: {e}"))),
            );
        }
        let mut renderer = crate::output::Renderer {
            touched: Some(&self.touched),
            ..self.renderer(sink)
        };
        let t = std::time::Instant::now();
        // The extensions' outputs (maps, the search index, calendars) are made from the
        // library, not from the pages' HTML, so they are made beside the templates: each
        // side leaves a core idle at times (at 10,000 heroes, one after the other, the
        // templates used 1.86 of 2 cores, the maps 1.7, the search index 1.6).
        let (core, own) = rayon::join(
            || crate::output::render_all(&renderer),
            || self.extension_outputs(&renderer),
        );
        errors.extend(core);
        errors.extend(own);
        // The macros' kept outputs are freed on a thread of their own: nothing waits for
        // them, and freeing them here was 15 ms of one core at 10,000 heroes, the other idle.
        let memo = std::mem::take(&mut renderer.memo);
        std::thread::spawn(move || drop(memo));
        stage(self.profile.as_ref(), "templates + write", t);
        let t = std::time::Instant::now();
        let (image_errors, stats) = self.images.process(sink);
        errors.extend(image_errors);
        stage(self.profile.as_ref(), "images", t);
        fail(errors)?;
        Ok(stats)
    }

    /// Each extension's own outputs, in turn (their wall times overlap the templates').
    fn extension_outputs(&self, renderer: &crate::output::Renderer) -> Vec<Diagnostic> {
        let mut errors = vec![];
        for (name, ext) in self.active.named() {
            let since = std::time::Instant::now();
            let source = format!("the {name} layer's outputs (calendars, feeds)");
            errors.extend(as_source(&source, || ext.outputs(renderer)));
            stage(self.profile.as_ref(), &format!("{name} outputs"), since);
        }
        errors
    }
}

/// Where the build writes: `--output-dir`, else `output_dir` from the config, below the root.
pub fn output_dir(opts: &Options, config: &Config) -> PathBuf {
    match &opts.output_dir {
        Some(d) if d.is_absolute() => d.clone(),
        Some(d) => std::env::current_dir()
            .map(|c| c.join(d))
            .unwrap_or_else(|_| d.clone()),
        None => opts.root.join(&config.output_dir),
    }
}

/// Folders of a site that yiyong reads (or that hold the user's history): never an output.
const SOURCE_FOLDERS: &[&str] = &[
    "content",
    "templates",
    "static",
    "themes",
    "sass",
    "data",
    ".git",
    ".yiyong-cache",
    // `wechat sync`'s record of the drafts it made (losing it costs a reconciliation).
    ".yiyong",
];

/// Refuses output folders whose cleaning would delete what the user wrote: the site itself or
/// a folder holding it, any folder the site reads, and any `.git`.
fn check_output_dir(out: &Path, root: &Path, opts: &Options) -> Result<()> {
    refuse_source_output(out, root)?;
    if opts.output_dir.is_some() && out.exists() && !opts.force {
        return Err(Diagnostic::new(format!(
            "the output folder {} already exists",
            out.display()
        ))
        .with_hint("yiyong replaces its contents; pass --force if that is what you want")
        .into());
    }
    Ok(())
}

fn refuse_source_output(out: &Path, root: &Path) -> Result<()> {
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let (out_c, root_c) = (canon(out), canon(root));
    let source = SOURCE_FOLDERS
        .iter()
        .find(|d| out_c.starts_with(root_c.join(d)));
    let in_git = out_c.components().any(|c| c.as_os_str() == ".git");
    if out_c == root_c || root_c.starts_with(&out_c) || source.is_some() || in_git {
        let what = match source {
            Some(d) => format!("`{d}/`, which the site reads"),
            None if in_git => "a `.git` folder".into(),
            None => "the site's own files".into(),
        };
        return Err(Diagnostic::new(format!(
            "refusing to write the site into {}: it is {what}; yiyong replaces what is in its output folder",
            out.display()
        ))
        .with_hint("choose an output folder such as `public` that only yiyong writes to (`output_dir` in config.toml or --output-dir)")
        .into());
    }
    Ok(())
}

/// Refuses to delete files yiyong has no record of writing (an output folder chosen by
/// mistake, or filled by hand) unless `--force`.
fn check_foreign_files(staged: &StagedOutput, out: &Path, force: bool) -> Result<()> {
    let foreign = staged
        .foreign_files()
        .map_err(|e| Error::msg(format!("cannot read {}: {e}", out.display())))?;
    if foreign.is_empty() || force {
        return Ok(());
    }
    let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
    Err(Diagnostic::new(format!(
        "the output folder {} holds {} file(s) that this build does not make and that yiyong has no record of writing ({}{}); building would delete them",
        out.display(),
        foreign.len(),
        shown.join(", "),
        if foreign.len() > shown.len() { ", …" } else { "" }
    ))
    .with_hint("move those files out, choose an empty output folder, or pass --force to replace them")
    .into())
}

/// Where the record of what was written to `out` is kept: the site's `.yiyong-cache/`.
fn manifest_path(root: &Path, out: &Path) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let abs =
        std::fs::canonicalize(out.parent().unwrap_or(out)).unwrap_or_else(|_| out.to_path_buf());
    let mut h = std::collections::hash_map::DefaultHasher::new();
    abs.join(out.file_name().unwrap_or_default()).hash(&mut h);
    root.join(".yiyong-cache")
        .join(format!("output-{:016x}.manifest", h.finish()))
}

#[derive(Debug, Clone)]
pub struct BuildReport {
    pub warnings: Vec<Diagnostic>,
    pub pages: usize,
    pub sections: usize,
    pub write: WriteStats,
    pub images: ImageStats,
    /// Pages left out as drafts.
    pub drafts: usize,
    /// The `--profile` report, when asked for.
    pub profile: Option<String>,
    /// Nothing was built: the inputs and the output are as the last build left them
    /// (`fresh.rs`); the counts and warnings are that build's.
    pub up_to_date: bool,
}

/// `yiyong build`: a failed build leaves the previous output as it was.
pub fn build(opts: &Options) -> Result<BuildReport> {
    let (config, _) = load_config(opts)?;
    let out = output_dir(opts, &config);
    check_output_dir(&out, &opts.root, opts)?;
    let manifest = manifest_path(&opts.root, &out);
    // Taken before anything is read: an edit made while this build runs shows in the next.
    let t = std::time::Instant::now();
    let inputs = fresh::fingerprint(opts, &config, &out);
    if let Some(report) = inputs.and_then(|f| up_to_date(f, &out, &manifest)) {
        crate::profile::timing("up to date", t);
        return Ok(report);
    }
    crate::profile::timing("inputs", t);
    let site = Site::load(opts)?;
    let staged = StagedOutput::new(&out, &manifest)
        .map_err(|e| Error::msg(format!("cannot prepare {}: {e}", out.display())))?;
    if let Some(n) = staged.recovered {
        eprintln!(
            "note: the last build of {} was interrupted while writing; its {n} remaining file(s) were put in place first",
            out.display()
        );
    }
    let staged = staged.preserving_dotfiles(site.config.preserve_dotfiles_in_output);
    let (images, found) = match site
        .render(&staged)
        .and_then(|stats| check_foreign_files(&staged, &out, opts.force).map(|_| stats))
    {
        Ok(stats) => stats,
        Err(e) => {
            staged.abort();
            return Err(e);
        }
    };
    let t = std::time::Instant::now();
    let write = staged
        .commit()
        .map_err(|e| Error::msg(format!("cannot write {}: {e}", out.display())))?;
    site.images.prune();
    stage(site.profile.as_ref(), "commit", t);
    if std::env::var_os("YIYONG_TIMING").is_some() {
        let (fast, left) = templates::fast_render::counts();
        eprintln!("[timing] renders: {fast} by fast_render, {left} left to Tera");
    }
    let t = std::time::Instant::now();
    let mut warnings = site.warnings.clone();
    warnings.extend(found);
    let report = BuildReport {
        warnings,
        pages: site.library.pages.len(),
        sections: site.library.sections.len(),
        write,
        images,
        drafts: site.drafts,
        profile: site.profile.as_ref().map(|p| p.report()),
        up_to_date: false,
    };
    if let Some(f) = inputs {
        fresh::save(&fresh::record_path(&manifest), f, &report);
    }
    // Freeing a big site's memory takes a while and nothing waits for it: the command
    // prints its report and exits meanwhile (exiting frees it all at once).
    std::thread::spawn(move || drop(site));
    crate::profile::timing("drop", t);
    Ok(report)
}

/// The last build's report when its inputs had this fingerprint and its output is intact.
fn up_to_date(fingerprint: u64, out: &Path, manifest: &Path) -> Option<BuildReport> {
    let record = fresh::load(&fresh::record_path(manifest))?;
    if record.fingerprint != fingerprint {
        return None;
    }
    let files = crate::write::intact(out, manifest)?;
    Some(BuildReport {
        warnings: record.warnings,
        pages: record.pages,
        sections: record.sections,
        write: WriteStats {
            produced: files,
            changed: 0,
            removed: 0,
        },
        images: ImageStats::default(),
        drafts: record.drafts,
        profile: None,
        up_to_date: true,
    })
}

/// `yiyong check`: loads and renders everything without writing; returns the external links.
pub fn check(opts: &Options) -> Result<Site> {
    let (config, _) = load_config(opts)?;
    refuse_source_output(&output_dir(opts, &config), &opts.root)?;
    let mut site = Site::load(opts)?;
    let (_, found) = site.render(&NullSink)?;
    site.warnings.extend(found);
    Ok(site)
}
