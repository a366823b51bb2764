//! Serve benchmark (issue: serve). Starts `yiyong serve` on a site (the 10k-hero corpus from
//! `../shared/bench/gen_corpus.py OUT 10000`, i.e. OUT/zola), listens to the reload stream
//! like a browser tab, and times from the moment a file is saved to the moment the reload
//! event arrives: 20 edits of one hero page, 20 pages added, 20 renamed, 20 removed, and
//! editing the page template.
//!
//! Usage: `bench/serve.sh SITE_DIR`.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn wait_reload(lines: &mut impl Iterator<Item = std::io::Result<String>>) {
    for line in lines {
        if line.unwrap().starts_with("event: reload") {
            return;
        }
    }
    panic!("reload stream ended");
}

fn timed(
    what: &str,
    lines: &mut impl Iterator<Item = std::io::Result<String>>,
    change: impl FnOnce(),
) -> f64 {
    let t = Instant::now();
    change();
    wait_reload(lines);
    let ms = t.elapsed().as_secs_f64() * 1000.0;
    println!("{what}: {ms:.0} ms");
    ms
}

/// Median, min and max of a series of save-to-reload times.
fn report(what: &str, mut times: Vec<f64>) {
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "{what}: median {:.0} ms, min {:.0}, max {:.0} ({} changes)",
        (times[(times.len() - 1) / 2] + times[times.len() / 2]) / 2.0,
        times[0],
        times[times.len() - 1],
        times.len()
    );
}

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).expect("SITE_DIR"));
    // YIYONG_BIN: another build of yiyong (e.g. one with its own CARGO_TARGET_DIR).
    let bin = std::env::var_os("YIYONG_BIN").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/yiyong"),
        PathBuf::from,
    );
    let mut child = Command::new(bin)
        .arg("--root")
        .arg(&root)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap()).lines();
    let port: u16 = loop {
        let line = out.next().unwrap().unwrap();
        println!("{line}");
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    std::thread::spawn(move || {
        for l in out.map_while(Result::ok) {
            println!("  server: {l}");
        }
    });
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(s, "GET /__yiyong/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut lines = BufReader::new(s).lines();
    // Startup work (learning which outputs are site-wide) finishes before a writer saves.
    std::thread::sleep(Duration::from_secs(4));
    let heroes = root.join("content/heroes");
    let hero = std::fs::read_dir(&heroes)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .unwrap();
    let original = std::fs::read_to_string(&hero).unwrap();
    let mut times = vec![];
    for n in 0..20 {
        times.push(timed(&format!("edit {n}"), &mut lines, || {
            std::fs::write(&hero, format!("{original}\n\n第{n}次修改。\n")).unwrap()
        }));
        // Let the site-wide outputs of the previous edit finish, as between two saves.
        std::thread::sleep(Duration::from_millis(1500));
    }
    std::fs::write(&hero, &original).unwrap();
    wait_reload(&mut lines);
    report("one hero page edited", times);
    // Pages added, removed and renamed: 20 of each, the site-wide outputs let finish between.
    let settle = || std::thread::sleep(Duration::from_millis(1500));
    let added: Vec<PathBuf> = (0..20)
        .map(|n| heroes.join(format!("bench-new-hero-{n:02}.md")))
        .collect();
    let mut times = vec![];
    for (n, path) in added.iter().enumerate() {
        // A copy of the edited hero (valid on the default theme too), under a new title.
        let text = original.replacen("title = \"", &format!("title = \"新增{n}："), 1);
        times.push(timed(&format!("add {n}"), &mut lines, || {
            std::fs::write(path, format!("{text}\n新增的第{n}位英雄。\n")).unwrap()
        }));
        settle();
    }
    report("a page added", times);
    let mut times = vec![];
    for (n, from) in added.iter().enumerate() {
        let to = heroes.join(format!("bench-renamed-{n:02}.md"));
        times.push(timed(&format!("rename {n}"), &mut lines, || {
            std::fs::rename(from, &to).unwrap()
        }));
        settle();
    }
    report("a page renamed", times);
    let mut times = vec![];
    for n in 0..20 {
        let path = heroes.join(format!("bench-renamed-{n:02}.md"));
        times.push(timed(&format!("remove {n}"), &mut lines, || {
            std::fs::remove_file(&path).unwrap()
        }));
        settle();
    }
    report("a page removed", times);
    // The site's page template, or its theme's (the default theme's hero pages use hero.html).
    let theme_tpl = std::fs::read_dir(root.join("themes"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|t| t.path().join("templates/page.html"))
        .find(|p| p.exists());
    let tpl = Some(root.join("templates/page.html"))
        .filter(|p| p.exists())
        .or(theme_tpl)
        .expect("a page.html");
    let tpl_text = std::fs::read_to_string(&tpl).unwrap();
    timed("template used by every page edited", &mut lines, || {
        std::fs::write(&tpl, format!("{tpl_text}\n<!-- edited -->")).unwrap()
    });
    std::fs::write(&tpl, tpl_text).unwrap();
    wait_reload(&mut lines);
    let _ = child.kill();
    let _ = child.wait();
}
