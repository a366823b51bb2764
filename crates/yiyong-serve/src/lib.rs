//! `yiyong serve`: builds the site into memory, serves it on loopback, watches the sources
//! and rebuilds on change, then tells open tabs to reload. `public/` is never touched.

pub mod http;
mod live;
mod memory;
mod rebuild;
mod server;
mod watch;

use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use yiyong_core::error::{Error, Result};
use yiyong_core::{Mode, Options};

pub use live::content_type;
pub use memory::MemoryOutput;

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub interface: String,
    pub port: u16,
    /// Replaces the base URL; a bare host gets the port added, as in Zola.
    pub base_url: Option<String>,
    pub open: bool,
    /// `--no-port-append`: a bare host in `base_url` gets no port.
    pub no_port_append: bool,
    /// `--extra-watch-path`: folders below the root watched besides the usual ones.
    pub extra_watch_paths: Vec<std::path::PathBuf>,
    /// `--debounce`: quiet time after a change before rebuilding.
    pub debounce: Option<Duration>,
    /// How the command line words a failed build (explained and in the staff's language), in
    /// the terminal and in the box on every page; the error's own text when None.
    pub describe: Option<fn(&Error) -> String>,
    /// The line saying where the preview is, from the build's milliseconds and the address.
    pub serving: Option<fn(u128, &str) -> String>,
    /// How the build's warnings are worded, one text each.
    pub warnings: Option<WordWarnings>,
}

/// Words a build's warnings for the terminal, one text each.
pub type WordWarnings = fn(&[yiyong_core::error::Diagnostic]) -> Vec<String>;

fn describe(s: &ServeOptions, e: &Error) -> String {
    match s.describe {
        Some(f) => f(e),
        None => e.to_string(),
    }
}

fn base_url(s: &ServeOptions, port: u16) -> String {
    match &s.base_url {
        Some(u) if u.contains("://") => u.trim_end_matches('/').to_string(),
        Some(host) if s.no_port_append => format!("http://{}", host.trim_end_matches('/')),
        Some(host) => format!("http://{}:{port}", host.trim_end_matches('/')),
        None => format!("http://{}:{port}", s.interface),
    }
}

/// Runs until the process is stopped. `ready` is called once with the address served.
pub fn run(mut opts: Options, s: ServeOptions) -> Result<()> {
    let listener = TcpListener::bind((s.interface.as_str(), s.port)).map_err(|e| {
        Error::msg(format!(
            "cannot listen on {}:{}: {e}; choose another --port",
            s.interface, s.port
        ))
    })?;
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(s.port);
    opts.mode = Mode::Serve;
    opts.base_url = Some(base_url(&s, port));
    let live = Arc::new(live::Live::default());
    let started = Instant::now();
    let mut state = rebuild::State::new(opts.clone(), s.warnings);
    match state.full() {
        Ok(files) => live.publish(files, None),
        Err(e) => {
            let said = describe(&s, &e);
            eprintln!("{said}");
            live.fail(said);
        }
    }
    let watcher = watch::Watcher::start(&opts.root, &s.extra_watch_paths)?;
    // An editor's save is often several events: 8 ms of quiet ends the batch unless told.
    let settle = s.debounce.unwrap_or(Duration::from_millis(8));
    let url = format!("http://{}:{port}/", s.interface);
    let ms = started.elapsed().as_millis();
    match s.serving {
        Some(f) => println!("{}", f(ms, &url)),
        None => println!("Built in {ms} ms. Serving at {url} (press Ctrl+C to stop)"),
    }
    if s.open {
        open_browser(&url);
    }
    {
        let live = live.clone();
        std::thread::spawn(move || server::serve_forever(listener, live));
    }
    state.learn_site_wide();
    loop {
        let changes = state.relevant(watcher.next_batch(settle));
        if changes.is_empty() {
            continue;
        }
        let t = Instant::now();
        let (result, what) = state.apply(&changes, &live.files());
        match result {
            Ok(step) => {
                let deferred = step.pending.is_some();
                live.publish(step.files.clone(), step.pending);
                live.reload();
                println!("Rebuilt ({what}) in {} ms", t.elapsed().as_millis());
                state.learn_site_wide();
                if deferred {
                    match state.finish(&step.files) {
                        Ok(files) => {
                            live.publish(files, None);
                            println!(
                                "  feeds, taxonomy lists and sitemap followed at {} ms",
                                t.elapsed().as_millis()
                            );
                        }
                        Err(e) => {
                            let said = describe(&s, &e);
                            eprintln!("{said}");
                            live.fail(said);
                            live.reload();
                        }
                    }
                }
            }
            Err(e) => {
                let said = describe(&s, &e);
                eprintln!("{said}");
                live.fail(said);
                live.reload();
            }
        }
    }
}

fn open_browser(url: &str) {
    for cmd in ["xdg-open", "open"] {
        if std::process::Command::new(cmd)
            .arg(url)
            // Set for yiyong's own threads (see `main`), not for the browser's.
            .env_remove("RUST_MIN_STACK")
            .spawn()
            .is_ok()
        {
            return;
        }
    }
}

/// A changed path, classified by what it can affect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Content(PathBuf),
    Template(PathBuf),
    Static(PathBuf),
    /// Config, Sass, data files and anything else: rebuild everything.
    Other(PathBuf),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gets_the_port_unless_told_not_to() {
        let mut s = ServeOptions {
            interface: "127.0.0.1".into(),
            port: 1111,
            base_url: Some("preview.local".into()),
            open: false,
            no_port_append: false,
            extra_watch_paths: vec![],
            debounce: None,
            describe: None,
            serving: None,
            warnings: None,
        };
        assert_eq!(base_url(&s, 1111), "http://preview.local:1111");
        s.no_port_append = true;
        assert_eq!(base_url(&s, 1111), "http://preview.local");
        s.base_url = None;
        assert_eq!(base_url(&s, 1111), "http://127.0.0.1:1111");
    }
}
