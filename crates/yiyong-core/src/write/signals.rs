//! One build per output at a time, and no Ctrl-C half-way through a commit.
//!
//! A lock file in the site's cache is held for the whole write; a second build of the
//! same output is told that another one is running instead of mixing its files in. Ctrl-C
//! and SIGTERM stop a build at once while it renders (the output is untouched; the stage is
//! thrown away by the next run), but while a commit is moving files they are held until the
//! commit has finished, and the process then stops with status 130.

use std::fs;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Once;

static COMMITTING: AtomicBool = AtomicBool::new(false);
static STOP_ASKED: AtomicBool = AtomicBool::new(false);

/// Takes the output's lock (a file beside its manifest in the site's cache), or says that
/// another build holds it.
pub fn lock_output(manifest: &Path, out: &Path) -> io::Result<fs::File> {
    let path = manifest.with_extension("lock");
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)?;
    match file.try_lock() {
        Ok(()) => {
            install_handler();
            Ok(file)
        }
        Err(fs::TryLockError::WouldBlock) => Err(io::Error::other(format!(
            "another yiyong build is writing {} right now (lock {}); wait for it to finish, then build again",
            out.display(),
            path.display()
        ))),
        Err(fs::TryLockError::Error(e)) => Err(e),
    }
}

fn install_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Without a handler (another one was installed first) signals keep their default,
        // and the journal still completes an interrupted commit on the next run.
        let _ = ctrlc::set_handler(|| {
            if COMMITTING.load(Ordering::SeqCst) {
                STOP_ASKED.store(true, Ordering::SeqCst);
                eprintln!("stopping once the output is written completely…");
            } else {
                eprintln!("stopped; the output folder was not changed");
                std::process::exit(130);
            }
        });
    });
}

/// Held while a commit moves files: a stop asked meanwhile waits for the end of the commit.
pub struct Committing;

impl Committing {
    pub fn start() -> Committing {
        COMMITTING.store(true, Ordering::SeqCst);
        Committing
    }
}

impl Drop for Committing {
    fn drop(&mut self) {
        COMMITTING.store(false, Ordering::SeqCst);
        if STOP_ASKED.load(Ordering::SeqCst) {
            eprintln!("stopped after the output was written completely");
            std::process::exit(130);
        }
    }
}
