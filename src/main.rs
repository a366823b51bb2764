use std::process::ExitCode;
use std::time::Instant;

use clap::{CommandFactory, FromArgMatches};
use yiyong::cli::{Cli, Command, Wechat};
use yiyong::messages as m;
use yiyong::outreach::i18n::{self, Lang};
use yiyong::{report, Mode, Options};

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
    let said = match gps.len() {
        1 => m::GPS_ONE.text().to_string(),
        n => m::GPS_MANY.fmt(&[("n", &n)]),
    };
    println!("{said}");
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
    for w in report::warnings(&s.warnings) {
        eprintln!("{w}");
    }
    println!(
        "{}",
        m::CHECKED.fmt(&[
            ("pages", &s.library.pages.len()),
            ("sections", &s.library.sections.len())
        ])
    );
    let rel = |f: &std::path::Path| f.strip_prefix(root).unwrap_or(f).display().to_string();
    report_gps(s, root);
    if external == External::Skip {
        return Ok(());
    }
    if external == External::List {
        if !s.external_links.is_empty() {
            println!(
                "{}",
                m::EXTERNAL_LISTED.fmt(&[("n", &s.external_links.len())])
            );
            for (file, url) in &s.external_links {
                println!("  {}  {url}", rel(file));
            }
        }
        return Ok(());
    }
    let failures = yiyong::cmd::check_links::check(&s.external_links, &s.config.link_checker);
    println!(
        "{}",
        m::EXTERNAL_FETCHED.fmt(&[("n", &s.external_links.len()), ("failed", &failures.len())])
    );
    let diagnostics: Vec<_> = failures
        .iter()
        .map(|f| {
            let files: Vec<String> = f.files.iter().map(|p| rel(p)).collect();
            yiyong::error::Diagnostic::new(m::EXTERNAL_FAILED.fmt(&[
                ("url", &f.url),
                ("reason", &f.reason),
                ("files", &files.join(", ")),
            ]))
            .with_hint(m::EXTERNAL_FAILED_HINT.text())
        })
        .collect();
    if diagnostics.is_empty() {
        return Ok(());
    }
    if s.config.link_checker.external_level == yiyong::LinkLevel::Warn {
        for d in &diagnostics {
            eprintln!("{}", report::diagnostic(d, true));
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

/// The command line, with `yiyong help X` / `yiyong 帮助 X` as `yiyong X --help`: clap's own
/// `help` command is left out of the Chinese help (its text cannot be translated), and staff
/// type it anyway.
fn args() -> Vec<String> {
    let mut args: Vec<String> = std::env::args().collect();
    let first = args
        .iter()
        .skip(1)
        .position(|a| !a.starts_with('-') && !matches!(a.as_str(), "zh" | "en"))
        .map(|i| i + 1);
    if let Some(i) = first.filter(|&i| args[i] == "帮助" || (args[i] == "help" && i18n::is_zh()))
    {
        args.remove(i);
        args.push("--help".into());
    }
    args
}

/// `yiyong` and the command typed (`yiyong 新建`), for "see: … --help".
fn program_used() -> String {
    let cmd = yiyong::help_zh::localize(Cli::command(), false);
    let known = |a: &str| {
        cmd.get_subcommands()
            .any(|s| s.get_name() == a || s.get_all_aliases().any(|x| x == a))
    };
    match std::env::args().skip(1).find(|a| known(a)) {
        Some(c) => format!("yiyong {c}"),
        None => "yiyong".into(),
    }
}

/// `--lang zh` / `--lang=zh` read before clap, since the help itself is in that language.
fn lang_from_args() -> Option<Lang> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    args.iter()
        .enumerate()
        .find_map(|(i, a)| match a.strip_prefix("--lang") {
            Some("") => args.get(i + 1).and_then(|v| Lang::parse(v)),
            Some(v) => v.strip_prefix('=').and_then(Lang::parse),
            None => None,
        })
}

/// The folder `init` makes: DIR, or `--root` typed instead of it; both, and they differ: an
/// error rather than a guess.
fn init_dir(
    dir: Option<std::path::PathBuf>,
    root: Option<std::path::PathBuf>,
) -> yiyong::error::Result<std::path::PathBuf> {
    match (dir, root) {
        (Some(d), Some(r)) if d != r => Err(yiyong::error::Diagnostic::new(
            m::INIT_TWO_FOLDERS.fmt(&[("dir", &d.display()), ("root", &r.display())]),
        )
        .with_hint(m::INIT_TWO_FOLDERS_HINT.text())
        .into()),
        (d, r) => Ok(d.or(r).unwrap_or_else(|| ".".into())),
    }
}

fn run() -> ExitCode {
    i18n::set_lang(lang_from_args().unwrap_or_else(Lang::from_env));
    let matches = match yiyong::help_zh::localize(Cli::command(), i18n::is_zh())
        .try_get_matches_from(args())
    {
        Ok(m) => m,
        Err(e) => {
            // In Chinese, the mistakes staff make on the command line are said in Chinese;
            // help, version and the rest are clap's own output.
            let said = i18n::is_zh()
                .then(|| yiyong::help_zh::clap_error(&e, &program_used()))
                .flatten();
            match said {
                Some(s) => {
                    eprintln!("{s}");
                    return ExitCode::from(2);
                }
                None => e.exit(),
            }
        }
    };
    // Typed, not the default: before the command, or (for `init`) after it.
    let typed = |m: &clap::ArgMatches| {
        m.value_source("root") == Some(clap::parser::ValueSource::CommandLine)
    };
    let root_given = typed(&matches) || matches.subcommand_matches("init").is_some_and(typed);
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
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
                for w in report::warnings(&r.warnings) {
                    eprintln!("{w}");
                }
                if r.up_to_date {
                    println!(
                        "{}",
                        m::UP_TO_DATE.fmt(&[
                            ("files", &r.write.produced),
                            ("ms", &started.elapsed().as_millis())
                        ])
                    );
                } else {
                    println!(
                        "{}",
                        m::BUILT.fmt(&[
                            ("pages", &r.pages),
                            ("sections", &r.sections),
                            ("ms", &started.elapsed().as_millis()),
                            ("files", &r.write.produced),
                            ("changed", &r.write.changed),
                            ("removed", &r.write.removed),
                        ])
                    );
                }
                if r.drafts > 0 {
                    println!("{}", m::DRAFTS.fmt(&[("n", &r.drafts)]));
                }
                let img = r.images;
                if img.processed + img.cached > 0 {
                    println!(
                        "{}",
                        m::IMAGES.fmt(&[("processed", &img.processed), ("cached", &img.cached)])
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
                eprintln!("{}", m::SERVE_NOTE.text());
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
                describe: Some(|e| report::error(&report::explained(e.clone()))),
                serving: Some(|ms, url| m::SERVING.fmt(&[("ms", &ms), ("url", &url)])),
                warnings: Some(report::warnings),
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
                let shown = path.strip_prefix(&opts.root).unwrap_or(&path).display();
                println!("{}", m::CREATED.fmt(&[("path", &shown)]));
                println!("{}", m::CREATED_NEXT.text());
            }),
        Command::Import {
            kind,
            file,
            sheet,
            map,
            dry_run,
            into,
            key,
        } => yiyong::load_config(&opts).and_then(|(config, _)| {
            let req = yiyong::cmd::import::Request {
                kind,
                file,
                sheet,
                map,
                dry_run,
                into,
                key,
            };
            yiyong::cmd::import::run(&opts.root, &config, req)
        }),
        Command::Doctor => yiyong::cmd::doctor::run(&opts).map(|r| println!("{r}")),
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
        Command::Init {
            dir,
            force,
            root,
            config: _,
        } => init_dir(dir, root_given.then(|| root.unwrap_or(opts.root.clone())))
            .and_then(|dir| yiyong::cmd::init::run(&dir, force).map(|_| dir))
            .map(|dir| {
                let d = dir.display();
                println!("{}", m::INIT_DONE.fmt(&[("dir", &d)]));
            }),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // Every command's errors, explained once (`wechat export` loads content too).
            eprintln!("{}", report::error(&report::explained(e)));
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
