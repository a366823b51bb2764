use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use yiyong::{Mode, Options};

/// yiyong (义勇): a static site generator for acts-of-bravery associations, compatible with Zola.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Site folder (the one holding config.toml)
    #[arg(short, long, global = true, default_value = ".")]
    root: PathBuf,
    /// Config file, relative to the root (default: zola.toml, else config.toml)
    #[arg(short, long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or output_dir)
    Build {
        /// Write here instead of output_dir
        #[arg(short, long)]
        output_dir: Option<PathBuf>,
        /// Replace base_url from the config
        #[arg(short = 'u', long)]
        base_url: Option<String>,
        /// Include pages and sections marked draft
        #[arg(long)]
        drafts: bool,
        /// Allow an existing --output-dir, or files yiyong has no record of writing, to be replaced
        #[arg(short, long)]
        force: bool,
        /// Minify the HTML (as `minify_html = true` in the config)
        #[arg(long)]
        minify: bool,
        /// After the build, print where its time went: per stage, template, output and function
        #[arg(long)]
        profile: bool,
    },
    /// Build into memory, serve on 127.0.0.1, rebuild and reload the browser on every change
    Serve {
        /// Address to listen on (127.0.0.1 keeps the preview private to this computer)
        #[arg(short, long, default_value = "127.0.0.1")]
        interface: String,
        /// Port (0 picks a free one)
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Base URL of the preview (a bare host gets the port added)
        #[arg(short = 'u', long)]
        base_url: Option<String>,
        /// Include pages and sections marked draft
        #[arg(long)]
        drafts: bool,
        /// Open the site in the default browser
        #[arg(short = 'O', long)]
        open: bool,
        /// Do not add the port to --base-url
        #[arg(long)]
        no_port_append: bool,
        /// Also watch this folder (relative to the root) and rebuild when it changes; repeatable
        #[arg(long)]
        extra_watch_path: Vec<PathBuf>,
        /// Wait this many milliseconds of quiet after a change before rebuilding (default 8)
        #[arg(short, long, value_parser = clap::value_parser!(u64).range(1..))]
        debounce: Option<u64>,
        /// Zola's flag; yiyong already re-renders only what an edit touches, so it changes nothing
        #[arg(short, long)]
        fast: bool,
        /// Zola's flag; accepted, but the preview is kept in memory and no file is written
        #[arg(long)]
        store_html: bool,
        /// Zola's flag; accepted, but the preview is kept in memory and no file is written
        #[arg(short, long)]
        output_dir: Option<PathBuf>,
        /// Zola's flag; accepted with --output-dir, which writes nothing
        #[arg(long)]
        force: bool,
    },
    /// Load and render everything without writing; verify internal links and anchors
    Check {
        /// Include drafts
        #[arg(long)]
        drafts: bool,
        /// Also fetch every external link (and check its #anchor) instead of only listing them
        #[arg(long, conflicts_with = "skip_external_links")]
        external: bool,
        /// Neither fetch nor list external links (Zola's flag; yiyong fetches none without --external)
        #[arg(long)]
        skip_external_links: bool,
        /// Print where the time went: per stage, template, output and function
        #[arg(long)]
        profile: bool,
    },
    /// Create a content file: hero, place, event or news
    New {
        /// hero (英模), place (阵地), event (活动) or news (新闻)
        kind: String,
        /// The title, e.g. "李某某勇救落水儿童"
        title: String,
        /// A hero who is not to be named: `anonymous = true`, and a file name (the page's
        /// address) that says nothing of the name
        #[arg(long)]
        anonymous: bool,
        /// The date: an event's day (required for events), a news item's (default today)
        #[arg(long)]
        date: Option<String>,
    },
    /// Create a new site in DIR
    Init {
        /// Folder to create (new or empty, unless --force)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Allow a folder that holds files already (none of them is overwritten)
        #[arg(short, long)]
        force: bool,
    },
    /// WeChat official account (公众号) articles made from the news pages
    Wechat {
        #[command(subcommand)]
        action: Wechat,
    },
}

#[derive(Subcommand)]
enum Wechat {
    /// Write each news page (or the ones named) as a WeChat article and its preview page
    Export {
        /// Content paths of news pages, e.g. news/2024-07-21-national-conference.md (default: all)
        pages: Vec<String>,
        /// Folder to write into (default: public-wechat/ in the site)
        #[arg(long)]
        out: Option<PathBuf>,
        /// Let a page's own privacy opt-out ([extra.privacy]) count for WeChat too
        #[arg(long)]
        allow_private: bool,
        /// Include pages marked draft
        #[arg(long)]
        drafts: bool,
    },
    /// Mirror the news pages (or the ones named) into the official account's draft box
    Sync {
        /// Content paths of news pages (default: the whole news feed)
        pages: Vec<String>,
        /// Print what would be done; make no request at all
        #[arg(long)]
        dry_run: bool,
        /// Submit the synced drafts for publishing (freepublish/submit)
        #[arg(long)]
        publish: bool,
        /// Which account of [extra.yiyong.wechat.accounts] (needed when there are several)
        #[arg(long)]
        account: Option<String>,
        /// Let a page's own privacy opt-out ([extra.privacy]) count for WeChat too
        #[arg(long)]
        allow_private: bool,
    },
}

/// Lists every source file whose content carries GPS coordinates, whatever its name, and what
/// the build does with it. Markdown pages are rendered, not copied, and are not read again.
fn report_gps(s: &yiyong::Site, root: &std::path::Path) {
    let rel = |f: &std::path::Path| f.strip_prefix(root).unwrap_or(f).display().to_string();
    let copied: std::collections::HashMap<_, _> = s
        .copy_jobs()
        .into_iter()
        .map(|j| (j.src, j.strip))
        .collect();
    let mut dirs = vec![root.join("static"), root.join("content")];
    dirs.extend(s.theme_dir.iter().map(|t| t.join("static")));
    let content = root.join("content");
    // Under the site's symlink rule; what the walks report was reported when the site loaded.
    let site = yiyong::SiteFolder::new(root);
    let options = yiyong::WalkOptions {
        sorted: false,
        skip_hidden: false,
        check_readable: false,
    };
    let files: Vec<_> = dirs
        .iter()
        .flat_map(|d| site.walk(d, options).files)
        .filter(|p| !(p.starts_with(&content) && p.extension().is_some_and(|e| e == "md")))
        .collect();
    let gps = yiyong::gps_sources(files, &copied);
    if gps.is_empty() {
        return;
    }
    let count = match gps.len() {
        1 => "1 source file carries".to_string(),
        n => format!("{n} source files carry"),
    };
    println!(
        "{count} GPS coordinates (the originals keep them: remove them there too if they should not be kept):"
    );
    for g in &gps {
        println!("  {}  ({})", rel(&g.path), g.describe());
    }
}

/// What `check` does with external links.
#[derive(PartialEq)]
enum External {
    /// `--external`: fetch each one.
    Fetch,
    /// The default: list them, fetch none (no network unless asked).
    List,
    /// `--skip-external-links` (Zola's flag): neither.
    Skip,
}

fn report_check(
    s: &yiyong::Site,
    root: &std::path::Path,
    external: External,
) -> yiyong::error::Result<()> {
    for w in &s.warnings {
        eprintln!("{}", w.as_warning());
    }
    println!(
        "Checked {} pages and {} sections: internal links and anchors are fine.",
        s.library.pages.len(),
        s.library.sections.len()
    );
    let rel = |f: &std::path::Path| f.strip_prefix(root).unwrap_or(f).display().to_string();
    report_gps(s, root);
    if external == External::Skip {
        return Ok(());
    }
    if external == External::List {
        if !s.external_links.is_empty() {
            println!(
                "{} external links (not fetched; add --external to fetch them):",
                s.external_links.len()
            );
            for (file, url) in &s.external_links {
                println!("  {}  {url}", rel(file));
            }
        }
        return Ok(());
    }
    let failures = yiyong::cmd::check_links::check(&s.external_links, &s.config.link_checker);
    println!(
        "{} external links fetched, {} failed.",
        s.external_links.len(),
        failures.len()
    );
    let diagnostics: Vec<_> = failures
        .iter()
        .map(|f| {
            let files: Vec<String> = f.files.iter().map(|p| rel(p)).collect();
            yiyong::error::Diagnostic::new(format!(
                "external link {} failed: {} (in {})",
                f.url,
                f.reason,
                files.join(", ")
            ))
            .with_hint("fix or remove the link, or add its prefix to [link_checker] skip_prefixes")
        })
        .collect();
    if diagnostics.is_empty() {
        return Ok(());
    }
    if s.config.link_checker.external_level == yiyong::LinkLevel::Warn {
        for d in &diagnostics {
            eprintln!("warning: {}", d.to_string().trim_start_matches("error: "));
        }
        return Ok(());
    }
    Err(yiyong::error::Error::many(diagnostics))
}

/// Stack of every thread the build runs on. Templates recurse (macros, includes) and Tera has
/// no depth limit of its own: with the default 2 MB (8 MB for `main`) a legitimate macro that
/// calls itself 800 times, or 120 nested `{% if %}`s in a debug build, ran out of stack and
/// aborted the process. The memory is only reserved; pages are touched as the stack grows.
/// `templates::guard` stops a runaway recursion with an error well before the end.
const STACK_SIZE: usize = yiyong::TEMPLATE_STACK_SIZE;

/// Prints the `--profile` report; a closed stdout (`| head`) only cuts it short.
fn print_report(report: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(report.as_bytes());
}

fn main() -> ExitCode {
    // Every thread std spawns without an explicit size (rayon's pool, scoped threads, the
    // server's) takes this; it is read once, at the first spawn, so it is set before any.
    std::env::set_var("RUST_MIN_STACK", STACK_SIZE.to_string());
    let work = std::thread::Builder::new()
        .name("main".into())
        .stack_size(STACK_SIZE)
        .spawn(run);
    match work.map(|w| w.join()) {
        Ok(Ok(code)) => code,
        // The panic message was printed already.
        Ok(Err(_)) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: cannot start the build thread: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> ExitCode {
    let cli = Cli::parse();
    let mut opts = Options::new(&cli.root);
    opts.extensions = yiyong::extensions();
    opts.config_file = cli.config;
    let started = Instant::now();
    let result = match cli.command {
        Command::Build {
            output_dir,
            base_url,
            drafts,
            force,
            minify,
            profile,
        } => {
            opts.profile = profile;
            opts.minify = minify;
            opts.output_dir = output_dir;
            opts.base_url = base_url;
            opts.drafts = drafts;
            opts.force = force;
            yiyong::build(&opts).map(|r| {
                for w in &r.warnings {
                    eprintln!("{}", w.as_warning());
                }
                if r.up_to_date {
                    println!(
                        "Nothing changed since the last build: its {} files are up to date ({} ms; 内容、模板和设置都没有改动，无需重新生成).",
                        r.write.produced,
                        started.elapsed().as_millis()
                    );
                } else {
                println!(
                    "Built {} pages and {} sections in {} ms ({} files, {} changed, {} removed).",
                    r.pages,
                    r.sections,
                    started.elapsed().as_millis(),
                    r.write.produced,
                    r.write.changed,
                    r.write.removed
                );
                }
                if r.drafts > 0 {
                    println!(
                        "{} draft page(s) not published (draft = true; 草稿未发布，`yiyong build --drafts` 可预览).",
                        r.drafts
                    );
                }
                let img = r.images;
                if img.processed + img.cached > 0 {
                    println!(
                        "Images: {} processed, {} reused from the cache.",
                        img.processed, img.cached
                    );
                }
                if let Some(report) = &r.profile {
                    print_report(report);
                }
            })
        }
        Command::Serve {
            interface,
            port,
            base_url,
            drafts,
            open,
            no_port_append,
            extra_watch_path,
            debounce,
            fast: _,
            store_html,
            output_dir,
            force: _,
        } => {
            if store_html || output_dir.is_some() {
                eprintln!("note: yiyong serve keeps the site in memory and writes no file; run `yiyong build` for the files");
            }
            opts.drafts = drafts;
            let s = yiyong::serve::ServeOptions {
                interface,
                port,
                base_url,
                open,
                no_port_append,
                extra_watch_paths: extra_watch_path,
                debounce: debounce.map(std::time::Duration::from_millis),
            };
            yiyong::serve::run(opts, s)
        }
        Command::Check {
            drafts,
            external,
            skip_external_links,
            profile,
        } => {
            opts.drafts = drafts;
            opts.mode = Mode::Check;
            opts.profile = profile;
            yiyong::check(&opts).and_then(|s| {
                if let Some(p) = &s.profile {
                    print_report(&p.report());
                }
                let external = match (external, skip_external_links) {
                    (true, _) => External::Fetch,
                    (false, false) => External::List,
                    (false, true) => External::Skip,
                };
                report_check(&s, &opts.root, external)
            })
        }
        Command::New {
            kind,
            title,
            anonymous,
            date,
        } => yiyong::load_config(&opts)
            .and_then(|(config, _)| {
                yiyong::cmd::new::run(
                    &opts.root,
                    &config,
                    &kind,
                    &title,
                    anonymous,
                    date.as_deref(),
                )
            })
            .map(|path| {
                println!(
                    "Created {}",
                    path.strip_prefix(&opts.root).unwrap_or(&path).display()
                )
            }),
        Command::Wechat {
            action:
                Wechat::Export {
                    pages,
                    out,
                    allow_private,
                    drafts,
                },
        } => {
            opts.drafts = drafts;
            yiyong::cmd::wechat::export(opts, pages, out, allow_private)
        }
        Command::Wechat {
            action:
                Wechat::Sync {
                    pages,
                    dry_run,
                    publish,
                    account,
                    allow_private,
                },
        } => yiyong::cmd::wechat::sync(
            opts,
            yiyong::wechat::sync::Request {
                pages,
                dry_run,
                publish,
                account,
                allow_private,
            },
        ),
        Command::Init { dir, force } => yiyong::cmd::init::run(&dir, force).map(|_| {
            println!(
                "Created a new site in {}. Next: cd {} && yiyong build",
                dir.display(),
                dir.display()
            );
        }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

// jemalloc keeps the many short-lived JSON values of parallel renders from fragmenting the
// heap; returning freed pages after 1 s (instead of 10 s) keeps the peak memory of a
// 10,000-hero build under 300 MB, while not handing pages back so soon that the next render
// has to fault them in again (100 ms cost 7% of a build). No huge pages: in a virtual
// machine that hands freed memory back to its host (virtio-balloon free page reporting), the
// first touch of a 2 MB page costs 2.2-2.6 ms per MB, against 0.4 ms for small pages (and
// 0.09 ms for a huge page touched again soon). With most memory free, a 10,000-hero build's
// median went from 1.17 s to 1.07 s without them and stopped swinging between 0.9 and 1.7 s;
// with the memory full of page cache the two were even.
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[allow(non_upper_case_globals)]
#[export_name = "_rjem_malloc_conf"]
pub static malloc_conf: &[u8; 47] = b"dirty_decay_ms:1000,muzzy_decay_ms:0,narenas:2\0";
