//! The outreach layer: typed hero, place, event and news content on top of the Zola-compatible
//! core, with its template functions, calendars, JSON feed, 长辈模式 copies, the privacy lint
//! and anonymity. It joins the build only through `yiyong_core::extension` (`Outreach`, which
//! activates for sites with `[extra.yiyong]`).

mod anonymity;
mod at;
mod by_path;
mod catalog;
mod charts;
pub mod clerk;
mod functions;
mod hero_value;
pub mod i18n;
mod icons;
mod ics;
mod json_feed;
mod kept_heroes;
pub mod messages;
mod pinyin_order;
mod privacy;
pub mod privacy_lint;
mod rolls;
pub mod schema;
mod site_nav;
mod suggest;
mod summary;
mod team_fns;
mod tel;
mod typed_value;
mod validate;
mod when;
mod yearly;

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde_json::Value;

pub use anonymity::mask as mask_name;
pub use icons::logo_file;
use yiyong_core::error::Diagnostic;
use yiyong_core::extension::{Active, Extension, Functions, Report, TaxonomyConfig};
use yiyong_core::Config;
use yiyong_core::Library;
use yiyong_core::{Page, Section};

/// Which content section holds which type: `[extra.yiyong.sections]` in config.toml, with
/// `heroes`, `places`, `events`, `news` and `teams` as defaults.
pub struct Sections {
    pub hero: String,
    pub place: String,
    pub event: String,
    pub news: String,
    /// Volunteer teams (志愿者队伍).
    pub team: String,
    /// Service pages (办事指南): applying, award standards, benefits, donations.
    pub service: String,
}

impl Sections {
    pub fn from_config(config: &Config) -> Sections {
        let get = |k: &str, d: &str| {
            config
                .extra
                .get("yiyong")
                .and_then(|y| y.get("sections"))
                .and_then(|s| s.get(k))
                .and_then(Value::as_str)
                .unwrap_or(d)
                .trim_matches('/')
                .to_string()
        };
        Sections {
            hero: get("hero", "heroes"),
            place: get("place", "places"),
            event: get("event", "events"),
            news: get("news", "news"),
            team: get("team", "teams"),
            service: get("service", "services"),
        }
    }

    /// Each type's section, the one mapping of them: a page's type is its section's, and
    /// `yiyong new` and `yiyong import` write a type's files into its section.
    fn by_type(&self) -> [(&str, &'static str); 6] {
        [
            (&self.hero, "hero"),
            (&self.place, "place"),
            (&self.event, "event"),
            (&self.news, "news"),
            (&self.team, "team"),
            (&self.service, "service"),
        ]
    }

    /// The type of a page by the section it lives in.
    pub fn type_of(&self, page: &Page) -> Option<&'static str> {
        let rel = &page.file.relative;
        // (Without a `format!` of each folder: this runs for every page in several stages.)
        let inside = |dir: &str| rel.strip_prefix(dir).is_some_and(|r| r.starts_with('/'));
        self.by_type()
            .into_iter()
            .find(|(dir, _)| inside(dir))
            .map(|(_, t)| t)
    }

    /// The section (below `content/`) of a type (`hero`, `place`…); `None` for an unknown one.
    pub fn dir_of(&self, kind: &str) -> Option<&str> {
        self.by_type()
            .into_iter()
            .find(|(_, t)| *t == kind)
            .map(|(dir, _)| dir)
    }
}

/// The extension, registered once by the CLI; it takes part in the builds of sites that opt in.
#[derive(Default)]
pub struct Outreach;

/// The outreach layer in one build.
struct Build {
    sections: Sections,
    other: anonymity::OtherPages,
    /// The anonymous heroes, read by `transform` before it masks their names (and the final
    /// sweep looks for them). A lock, not a plain field, because `serve` updates them when a
    /// hero page is edited during the same build.
    names: Mutex<Arc<anonymity::Names>>,
    /// Numbers an allow list let through, which the final sweep lets through too.
    allowed: Mutex<HashSet<String>>,
    /// The catalog the template functions read, kept for the outputs when they are made from
    /// the same library (by its address): a second one was 45 MB more at the 10,000-hero peak.
    catalog: Mutex<Option<(usize, Arc<catalog::Catalog>)>>,
    /// The news items' excerpts, made in `transform` while their Markdown is at hand (the
    /// core drops it before the template functions are made).
    excerpts: Mutex<Arc<catalog::Excerpts>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The outreach layer is opt-in with `[extra.yiyong]`, so that a plain Zola site with a
/// `content/news/` folder builds exactly as before.
pub fn enabled(config: &Config) -> bool {
    config.extra.get("yiyong").is_some_and(Value::is_object)
}

/// Chinese reading time, and the names of anonymous heroes masked: on the hero's own page, and
/// on other pages where `anonymous_names = "mask"` (the lint warned about those).
/// The text `yiyong new` and `yiyong init` put where the clerk's own words go.
pub const PLACEHOLDERS: &[&str] = &["在这里写正文。", "在这里介绍协会。"];

/// A published page still holding placeholder text: a warning naming the file and line (the
/// build goes on; a draft is not published, so it is not warned about).
fn placeholder_left(page: &yiyong_core::Page) -> Option<Diagnostic> {
    let text = PLACEHOLDERS
        .iter()
        .find(|t| page.raw_content.contains(*t))?;
    let line = std::fs::read_to_string(&page.file.path)
        .ok()
        .and_then(|f| f.lines().position(|l| l.contains(text)).map(|i| i + 1));
    let d = Diagnostic::in_file(
        &page.file.path,
        messages::PLACEHOLDER.fmt(&[("text", text)]),
    )
    .with_hint(messages::PLACEHOLDER_HINT.text());
    Some(d.at_line(line))
}

/// An event's `start` and `end` in the one form templates' `date` filter reads: validation
/// accepts `2027-01-05 09:00`, `2027-01-05T09:00` and the like (one parser,
/// `yiyong_core::parse_datetime`), which the filter refused, failing the theme. Values with an
/// offset and plain dates are left as written (both already read by the filter).
fn event_times_for_templates(page: &mut yiyong_core::Page) {
    let Some(event) = page
        .meta
        .extra
        .get_mut("event")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for key in ["start", "end"] {
        let Some(text) = event.get(key).and_then(Value::as_str) else {
            continue;
        };
        let text = text.trim();
        let plain_date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok();
        if plain_date || chrono::DateTime::parse_from_rfc3339(text).is_ok() {
            continue;
        }
        if let Some(dt) = yiyong_core::parse_datetime(text) {
            let canonical = dt.format("%Y-%m-%dT%H:%M:%S").to_string();
            event.insert(key.into(), Value::String(canonical));
        }
    }
    // An event page without `date` is dated by its start, as a hero page is by its deed:
    // the events list is sorted by date, and Zola leaves an undated page out of it (an event
    // in a file named without a date was missing from 「全部活动（按日期）」).
    rolls::date_from(page, "event", "start");
}

/// Choice fields as their English keys however they were written (「表彰奖励」 or `award`,
/// 「牺牲」 or `sacrificed`): a service page's `topic`, a hero's `status` and `kind`. Templates
/// then compare keys only and take the Chinese names from the layer (`service_topics()`, the
/// catalog's `_label`s). A value that is none of them is left as written for validation to
/// report (spaces around it included, which validation names).
fn choice_keys(page: &mut yiyong_core::Page, table: &str, keys: &[ChoiceField]) {
    let Some(fields) = page
        .meta
        .extra
        .get_mut(table)
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for (key, list) in keys {
        let typed = fields.get(*key).and_then(Value::as_str);
        if let Some(k) = typed.and_then(|t| schema::choice_value(list, t)) {
            fields.insert((*key).into(), Value::String(k.into()));
        }
    }
}

type ChoiceField = (&'static str, &'static [(&'static str, &'static str)]);

/// A page's `date` and `updated` written without an offset are Beijing time on an
/// association's site, as its event times are: they are given the offset, so that the Atom and
/// RSS feeds, the sitemap and the JSON Feed all tell the same instant (the feeds said
/// `+00:00` where the JSON Feed said `+08:00` for the same news item). The date shown is
/// unchanged; `page.datetime`, which sorts the pages, is the same wall-clock time.
fn beijing_page_dates(page: &mut yiyong_core::Page) {
    for date in [&mut page.date, &mut page.updated].into_iter().flatten() {
        let text = date.trim();
        if chrono::DateTime::parse_from_rfc3339(text).is_ok() {
            continue;
        }
        if let Some(dt) = yiyong_core::parse_datetime(text) {
            *date = dt.format("%Y-%m-%dT%H:%M:%S+08:00").to_string();
        }
    }
}

/// `feed_items` of `[extra.yiyong]`, as written.
fn feed_items(config: &Config) -> Option<&Value> {
    config.extra.get("yiyong").and_then(|y| y.get("feed_items"))
}

/// Whether the page's date is after today in Beijing: an upcoming event (dated by its start)
/// or a scheduled item. Feeds say what has happened or been published, so such a page stays
/// out of them until its day (the events calendar lists what is coming); before, the site feed
/// began with next year's events. The build date is part of what `build` checks before it
/// skips a build (site/fresh.rs), so the feed changes on the day.
fn dated_after_today(page: &yiyong_core::Page) -> bool {
    page.datetime
        .is_some_and(|d| d.date() > catalog::Catalog::now().date())
}

/// `[extra.yiyong.colors]`: each a hex colour (`#a8071a`, `#c00`), which the default theme
/// writes into every page's head as it is.
fn colour_errors(config: &Config) -> Vec<Diagnostic> {
    let colours = config
        .extra
        .get("yiyong")
        .and_then(|y| y.get("colors"))
        .and_then(Value::as_object);
    let hex = |s: &str| {
        let digits = s.strip_prefix('#').unwrap_or("");
        matches!(digits.len(), 3 | 6) && digits.chars().all(|c| c.is_ascii_hexdigit())
    };
    colours
        .into_iter()
        .flatten()
        .filter(|(_, v)| !v.as_str().is_some_and(hex))
        .map(|(k, v)| {
            Diagnostic::new(format!(
                "config.toml: `{k}` in [extra.yiyong.colors] is {v}, not a colour like \"#a8071a\""
            ))
            .with_hint(
                "write the colour in hex, # and six digits 0-9 a-f, e.g. brand = \"#a8071a\"",
            )
        })
        .collect()
}

fn prepare_one(
    page: &mut yiyong_core::Page,
    sections: &Sections,
    names: &anonymity::Names,
    other: anonymity::OtherPages,
) -> Option<Diagnostic> {
    // A word count of 0: the core counted nothing (no template reads the counts, and reading
    // every page's text for Han characters was 1.5% of a 10,000-hero build's instructions),
    // or the page has no words, whose reading time stays the core's 0.
    if page.word_count > 0 {
        page.reading_time = privacy::chinese_reading_time(&page.raw_content, page.word_count);
    }
    let kind = sections.type_of(page);
    match kind {
        Some("event") => event_times_for_templates(page),
        Some("service") => choice_keys(page, "service", &[("topic", schema::SERVICE_TOPICS)]),
        Some("hero") => choice_keys(
            page,
            "hero",
            &[
                ("status", schema::HERO_STATUS),
                ("kind", schema::HERO_KINDS),
            ],
        ),
        _ => {}
    }
    beijing_page_dates(page);
    page.in_feeds = !dated_after_today(page);
    let own = kind == Some("hero");
    if own {
        rolls::file_hero(page);
    }
    if kind == Some("news") {
        rolls::file_news(page);
    }
    for hero in &names.heroes {
        let is_own = own && hero.file == page.file.path;
        if !is_own && other != anonymity::OtherPages::Mask {
            continue;
        }
        if is_own {
            // `name` holds the real name by design: masking it is no news to the author.
            if let Some(h) = page
                .meta
                .extra
                .get_mut("hero")
                .and_then(Value::as_object_mut)
            {
                h.insert("name".into(), Value::String(hero.masked.clone()));
            }
        }
        let found = anonymity::mask_page(page, hero);
        if is_own && !found.is_empty() {
            return Some(
                Diagnostic::in_file(
                    &page.file.path,
                    messages::ANONYMOUS_NAME_LEFT
                        .fmt(&[("where", &found.join(", ")), ("masked", &hero.masked)]),
                )
                .with_hint(messages::ANONYMOUS_NAME_LEFT_HINT.fmt(&[("masked", &hero.masked)])),
            );
        }
    }
    None
}

impl Extension for Outreach {
    fn name(&self) -> &str {
        "outreach"
    }

    fn activate(&self, config: &Config) -> Option<Arc<dyn Active>> {
        if !enabled(config) {
            return None;
        }
        Some(Arc::new(Build {
            sections: Sections::from_config(config),
            other: anonymity::OtherPages::from_config(config),
            names: Default::default(),
            allowed: Default::default(),
            catalog: Default::default(),
            excerpts: Default::default(),
        }))
    }
}

impl Active for Build {
    fn validate(&self, lib: &Library, config: &Config) -> Vec<Diagnostic> {
        let mut out = vec![];
        // A number given as text would silently be the default of 50.
        let items = feed_items(config);
        if items.is_some_and(|v| v.as_u64().is_none()) {
            out.push(
                Diagnostic::new(format!(
                    "config.toml: `feed_items` in [extra.yiyong] is {}, not a whole number",
                    items.map(Value::to_string).unwrap_or_default()
                ))
                .with_hint(
                    "write how many items the feeds hold, e.g. `feed_items = 50` (0: every item)",
                ),
            );
        }
        out.extend(colour_errors(config));
        // Each page on its own, in parallel; the errors keep the pages' order.
        let pages: Vec<Diagnostic> = lib
            .pages
            .par_iter()
            .flat_map_iter(|page| {
                let mut found = vec![];
                if let Some(kind) = self.sections.type_of(page) {
                    validate::check_page(page, kind, lib, &mut found);
                }
                found
            })
            .collect();
        out.extend(pages);
        out
    }

    fn taxonomies(&self, _config: &Config) -> Vec<TaxonomyConfig> {
        rolls::taxonomies()
    }

    /// The newest 50 items, or `feed_items` of `[extra.yiyong]` (0: every item): a reader
    /// wants what is new, and every page of a provincial site made a 13 MB site feed.
    fn default_feed_limit(&self, config: &Config) -> Option<usize> {
        let set = feed_items(config);
        match set.and_then(Value::as_u64) {
            Some(0) => None,
            Some(n) => Some(n as usize),
            None => Some(50),
        }
    }

    fn transform(&self, pages: &mut [Page], sections: &mut [Section], _config: &Config) -> Report {
        rolls::default_page_sizes(sections, &self.sections);
        // The names are read before they are masked (in parallel: 7 ms of one core while the
        // other waited, at 10,000 heroes).
        let heroes = pages
            .par_iter()
            .filter(|p| self.sections.type_of(p) == Some("hero"))
            .filter_map(anonymity::Hero::of)
            .collect();
        let names = Arc::new(anonymity::Names::new(heroes));
        // Each page on its own, in parallel (at 10,000 heroes, 0.14 s of CPU on one core
        // before resolve); the warnings keep the pages' order.
        let mut warnings: Vec<Diagnostic> = pages
            .par_iter_mut()
            .filter_map(|p| prepare_one(p, &self.sections, &names, self.other))
            .collect();
        // In parallel too: one substring search per placeholder through every page's text
        // was 5 ms on one core while the others waited (10,000 heroes).
        let placeholders: Vec<Diagnostic> = pages.par_iter().filter_map(placeholder_left).collect();
        warnings.extend(placeholders);
        let excerpts = pages
            .par_iter()
            .filter(|p| self.sections.type_of(p) == Some("news"))
            .map(|p| (p.file.path.clone(), catalog::news_excerpt(p)))
            .collect();
        *lock(&self.excerpts) = Arc::new(excerpts);
        let files: Vec<(&Path, bool)> = pages
            .iter()
            .map(|p| (p.file.path.as_path(), true))
            .chain(sections.iter().map(|s| (s.file.path.as_path(), false)))
            .collect();
        let found = anonymity::check(&files, pages, &names, self.other);
        *lock(&self.names) = names;
        warnings.splice(0..0, found.warnings);
        Report {
            errors: found.errors,
            warnings,
            notes: vec![],
        }
    }

    fn transform_edited(&self, pages: &mut [Page], site: &Library, _config: &Config) -> Report {
        let mut names = lock(&self.names).clone();
        // An edit can make a hero anonymous, name them differently or name them no longer.
        let mut heroes = names.heroes.clone();
        for p in pages.iter() {
            heroes.retain(|h| h.file != p.file.path);
            if self.sections.type_of(p) == Some("hero") {
                heroes.extend(anonymity::Hero::of(p));
            }
        }
        let real = |hs: &[anonymity::Hero]| -> Vec<(std::path::PathBuf, String)> {
            let mut v: Vec<_> = hs
                .iter()
                .map(|h| (h.file.clone(), h.real.clone()))
                .collect();
            v.sort();
            v
        };
        let changed = real(&heroes) != real(&names.heroes);
        if changed {
            names = Arc::new(anonymity::Names::new(heroes));
            *lock(&self.names) = names.clone();
        }
        let mut warnings: Vec<Diagnostic> = pages
            .iter_mut()
            .flat_map(|p| prepare_one(p, &self.sections, &names, self.other))
            .collect();
        warnings.extend(pages.iter().filter_map(placeholder_left));
        let mut excerpts = lock(&self.excerpts).as_ref().clone();
        for p in pages.iter() {
            if self.sections.type_of(p) == Some("news") {
                excerpts.insert(p.file.path.clone(), catalog::news_excerpt(p));
            }
        }
        *lock(&self.excerpts) = Arc::new(excerpts);
        // Other files are checked again only when the names changed.
        let mut files: Vec<(&Path, bool)> = pages
            .iter()
            .map(|p| (p.file.path.as_path(), true))
            .collect();
        if changed {
            let edited = |f: &Path| pages.iter().any(|p| p.file.path == f);
            files.extend(
                site.pages
                    .iter()
                    .map(|p| (p.file.path.as_path(), true))
                    .chain(site.sections.iter().map(|s| (s.file.path.as_path(), false)))
                    .filter(|(f, _)| !edited(f)),
            );
        }
        let found = anonymity::check(&files, pages, &names, self.other);
        warnings.splice(0..0, found.warnings);
        Report {
            errors: found.errors,
            warnings,
            notes: vec![],
        }
    }

    fn lint(
        &self,
        root: &Path,
        lib: &Library,
        config: &Config,
        only: Option<&[std::path::PathBuf]>,
    ) -> Report {
        let (mut lint, allowed) = privacy_lint::run(root, lib, config, only);
        *lock(&self.allowed) = allowed;
        // The declared yearly figures are checked with the other files a build reads from
        // the site's folder (an edit under `serve` names only content files).
        if only.is_none() {
            lint.errors.extend(yearly::check(root));
        }
        lint
    }

    fn rendered(&self, _lib: &Library, _config: &Config, pages: &mut [yiyong_core::Rendered]) {
        // On every core: one after the other, the 16,500 pages' summaries took 14 ms while
        // the other core waited (10,000 heroes, `perf`).
        pages
            .par_iter_mut()
            .filter(|r| r.summary.is_none())
            .for_each(|r| r.summary = summary::auto_summary(&r.content));
    }

    fn functions(&self, lib: &Arc<Library>, config: &Arc<Config>, f: &mut dyn Functions) {
        let excerpts = lock(&self.excerpts).clone();
        let catalog = Arc::new(catalog::Catalog::build(lib, config, &excerpts));
        *lock(&self.catalog) = Some((Arc::as_ptr(lib) as usize, catalog.clone()));
        // The site's folder: the one the function cache is kept in (`.yiyong-cache/NAME`).
        let cache = f.cache_dir("yearly");
        let root = cache
            .parent()
            .and_then(Path::parent)
            .unwrap_or(Path::new("."));
        let years = Arc::new(yearly::load(root));
        f.add(
            "site_image",
            yiyong_core::extension::Reads::Args,
            Box::new(icons::SiteImage::new(root, config)),
        );
        functions::register(f, lib, catalog, years);
        f.add(
            "site_nav",
            yiyong_core::extension::Reads::Site,
            Box::new(site_nav::SiteNav::new(lib, config, &self.sections)),
        );
    }

    fn outputs(&self, r: &dyn yiyong_core::extension::RenderedSite) -> Vec<Diagnostic> {
        let key = r.library() as *const Library as usize;
        let kept = lock(&self.catalog).clone();
        let catalog = match kept {
            Some((k, c)) if k == key => c,
            _ => {
                let excerpts = lock(&self.excerpts).clone();
                Arc::new(catalog::Catalog::build(r.library(), r.config(), &excerpts))
            }
        };
        let mut errors = ics::write_calendars(r, &catalog, &self.sections);
        errors.extend(json_feed::write(r, &self.sections));
        errors.extend(icons::write(r));
        errors
    }

    fn output_guard(&self) -> Option<Box<dyn yiyong_core::extension::OutputGuard>> {
        let names = lock(&self.names).clone();
        let allowed = lock(&self.allowed).clone();
        Some(Box::new(anonymity::Sweep::new(names, allowed, true)))
    }
}
