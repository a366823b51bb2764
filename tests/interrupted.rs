//! Builds stopped at random points (kill -9, Ctrl-C) leave the output wholly old or wholly
//! new, never a mix; a commit cut short by kill -9 is completed by the next run; two builds of
//! one output cannot run at once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PAGES: usize = 800;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A site of `PAGES` pages; `version` 2 changes every page, drops the first 100 and adds 100.
fn set_version(root: &Path, version: u32) {
    let content = root.join("content");
    if content.exists() {
        std::fs::remove_dir_all(&content).unwrap();
    }
    write(
        root,
        "config.toml",
        "base_url = \"https://example.org\"\ntitle = \"t\"\n",
    );
    write(root, "templates/index.html", "INDEX V{{ section.extra.v }}");
    write(root, "templates/section.html", "SECTION");
    write(
        root,
        "templates/page.html",
        "{{ page.title }} {{ page.content | safe }}",
    );
    write(
        root,
        "content/_index.md",
        &format!("+++\n[extra]\nv = {version}\n+++\n"),
    );
    let range = if version == 1 {
        0..PAGES
    } else {
        100..PAGES + 100
    };
    for i in range {
        let text = format!(
            "+++\ntitle = \"p{i}\"\n+++\nV{version} {}\n",
            "正文".repeat(200)
        );
        write(root, &format!("content/p{i}.md"), &text);
    }
}

fn yiyong(root: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_yiyong"));
    c.arg("build").current_dir(root);
    c
}

fn build_ok(root: &Path) -> String {
    let out = yiyong(root).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    err
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                todo.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

/// The commit journal of the site's output, if a commit is under way or was cut short.
fn journal(root: &Path) -> Option<PathBuf> {
    std::fs::read_dir(root.join(".yiyong-cache"))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "journal"))
}

/// A small deterministic generator: the test prints its seed so a failure can be replayed.
struct Lcg(u64);
impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

fn kill(child: &mut Child, signal: &str) {
    Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
}

/// Waits until the build has written its journal (its commit has begun) or has ended.
fn wait_for_commit(root: &Path, child: &mut Child) {
    let start = Instant::now();
    while journal(root).is_none() && child.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "build never committed"
        );
        std::thread::sleep(Duration::from_micros(200));
    }
}

#[test]
fn killed_builds_leave_the_old_or_the_new_output() {
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    println!("seed {seed}");
    let mut rng = Lcg(seed);
    let tmp = tempfile::tempdir().unwrap();
    let (site, reference) = (tmp.path().join("site"), tmp.path().join("reference"));
    set_version(&reference, 2);
    build_ok(&reference);
    let new = snapshot(&reference.join("public"));
    set_version(&site, 1);
    build_ok(&site);
    let old = snapshot(&site.join("public"));
    assert_ne!(old, new);

    // How long a build of the new version takes here, to spread the kills over it.
    set_version(&site, 2);
    let t = Instant::now();
    build_ok(&site);
    let full = t.elapsed();
    let (mut seen_old, mut seen_new, mut completed) = (0, 0, 0);
    for trial in 0..10 {
        set_version(&site, 1);
        build_ok(&site);
        set_version(&site, 2);
        let mut child = yiyong(&site)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        if trial % 2 == 0 {
            // Anywhere in the build.
            let ms = rng.below(full.as_millis() as u64 + 50);
            std::thread::sleep(Duration::from_millis(ms));
        } else {
            // Inside the commit, where a mix could happen.
            wait_for_commit(&site, &mut child);
            std::thread::sleep(Duration::from_micros(rng.below(3000)));
        }
        kill(&mut child, "-KILL");
        child.wait().unwrap();
        let now = snapshot(&site.join("public"));
        if journal(&site).is_some() {
            // Cut inside the commit: the next run completes it before building.
            let err = build_ok(&site);
            assert!(err.contains("interrupted"), "trial {trial}: {err}");
            assert_eq!(snapshot(&site.join("public")), new, "trial {trial}");
            completed += 1;
        } else if now == old {
            seen_old += 1;
        } else if now == new {
            seen_new += 1;
        } else {
            let mixed = now.iter().filter(|(k, v)| old.get(*k) != Some(v)).count();
            panic!("trial {trial} (seed {seed}): the output is a mix ({mixed} files differ from the old one)");
        }
    }
    println!("old {seen_old}, new {seen_new}, completed by the next run {completed}");
    // No stage is left beside the output once a build has run.
    build_ok(&site);
    let stages = std::fs::read_dir(&site)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".yiyong-stage"))
        .count();
    assert_eq!(stages, 0);
}

#[test]
fn ctrl_c_during_a_commit_finishes_it_and_during_rendering_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    set_version(&site, 1);
    build_ok(&site);
    let old = snapshot(&site.join("public"));

    // While rendering: nothing changes, status 130.
    set_version(&site, 2);
    let mut child = yiyong(&site).stderr(Stdio::piped()).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(150));
    kill(&mut child, "-INT");
    let out = child.wait_with_output().unwrap();
    if journal(&site).is_none() && out.status.code() == Some(130) {
        assert_eq!(snapshot(&site.join("public")), old);
    }

    // During the commit: it completes, then the process stops with 130.
    let mut child = yiyong(&site).stderr(Stdio::piped()).spawn().unwrap();
    wait_for_commit(&site, &mut child);
    kill(&mut child, "-INT");
    let out = child.wait_with_output().unwrap();
    assert!(journal(&site).is_none(), "the commit was completed");
    let now = snapshot(&site.join("public"));
    assert_ne!(now, old);
    let status = out.status.code();
    assert!(status == Some(130) || status == Some(0), "{status:?}");
    // A clean build of the same content changes nothing more.
    build_ok(&site);
    assert_eq!(snapshot(&site.join("public")), now);
}

#[test]
fn two_builds_of_one_output_do_not_mix() {
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    set_version(&site, 1);
    build_ok(&site);
    set_version(&site, 2);
    let a = yiyong(&site).stderr(Stdio::piped()).spawn().unwrap();
    let b = yiyong(&site).stderr(Stdio::piped()).spawn().unwrap();
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    let errs = [&a, &b].map(|o| String::from_utf8_lossy(&o.stderr).into_owned());
    // Either one waited out the other's whole build (both succeed), or one was told.
    let refused: Vec<&String> = errs
        .iter()
        .filter(|e| e.contains("another yiyong build"))
        .collect();
    assert_eq!(
        a.status.success() as usize + b.status.success() as usize + refused.len(),
        2,
        "{errs:?}"
    );
    let reference = tmp.path().join("reference");
    set_version(&reference, 2);
    build_ok(&reference);
    assert_eq!(
        snapshot(&site.join("public")),
        snapshot(&reference.join("public"))
    );
}
