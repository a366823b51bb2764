//! Folders and files of the site that cannot be read, and symlinks: never silent.
//! Unreadable folders and files fail the build (naming them, leaving `public/` as it was);
//! symlinks inside the site are followed; symlinks out of it, dangling or looping are left out
//! with a warning naming them.

mod common;

use std::collections::BTreeMap;
use std::os::unix::fs::{symlink, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::Fixture;

const CONFIG: &str = "base_url = \"https://example.org\"\ntitle = \"测试站\"\n";

/// A small site: two news pages, a static photo folder and a stylesheet.
fn site() -> Fixture {
    let f = Fixture::with_templates(CONFIG);
    f.file("content/_index.md", "+++\ntitle = \"首页\"\n+++\n")
        .file("content/news/_index.md", "+++\ntitle = \"新闻\"\n+++\n")
        .file("content/news/a.md", &common::page("甲", "", "正文甲"))
        .file("content/news/b.md", &common::page("乙", "", "正文乙"))
        .file("static/images/p.txt", "photo")
        .file("static/site.css", "body{}");
    f
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    common::files_below(dir)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// Runs yiyong as a user that permission bits apply to. Root reads everything whatever the
/// bits say, so as root (as in CI) the site is handed to `nobody` (65534) and yiyong runs as
/// that user through `setpriv`: the build then really meets EACCES. `None` (with a message)
/// only when running as root without `setpriv`.
fn run_unprivileged(f: &Fixture, args: &[&str]) -> Option<Output> {
    let bin = env!("CARGO_BIN_EXE_yiyong");
    if !is_root() {
        return Some(f.run(args));
    }
    if Command::new("setpriv").arg("--version").output().is_err() {
        eprintln!(
            "SKIPPED: running as root and `setpriv` is missing: cannot make a file unreadable"
        );
        return None;
    }
    Some(
        Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", bin])
            .args(args)
            .current_dir(f.root())
            .output()
            .expect("run yiyong through setpriv"),
    )
}

/// Gives the site to `nobody` when running as root (see `run_unprivileged`).
fn hand_over(f: &Fixture) {
    if is_root() {
        let ok = Command::new("chown")
            .args(["-R", "65534:65534"])
            .arg(f.root())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "chown failed");
    }
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Builds a site, makes `paths` unreadable (mode), builds again: the build must fail naming
/// each path with the permissions hint, and leave the first build's output byte for byte.
fn unreadable_fails(f: &Fixture, paths: &[(&str, u32)]) {
    hand_over(f);
    let Some(first) = run_unprivileged(f, &["build"]) else {
        return;
    };
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = snapshot(&f.root().join("public"));
    for (rel, mode) in paths {
        chmod(&f.root().join(rel), *mode);
    }
    let out = run_unprivileged(f, &["build"]).unwrap();
    // Modes back, so the temporary folder can be removed.
    for (rel, _) in paths {
        chmod(&f.root().join(rel), 0o755);
    }
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "build succeeded:\n{err}");
    assert_eq!(out.status.code(), Some(1), "{err}");
    for (rel, _) in paths {
        assert!(
            err.contains(&format!("{rel}: cannot ")),
            "{rel} not named:\n{err}"
        );
    }
    assert!(err.contains("Permission denied"), "{err}");
    assert!(
        err.contains("hint: let the user running yiyong read it"),
        "{err}"
    );
    assert_eq!(
        snapshot(&f.root().join("public")),
        before,
        "public/ changed"
    );
}

#[test]
fn an_unlistable_static_folder_fails_the_build_and_keeps_its_outputs() {
    // Before: the folder was skipped without a word and public/images/ was deleted.
    let f = site();
    unreadable_fails(&f, &[("static/images", 0o100)]);
}

#[test]
fn every_unreadable_folder_and_file_is_named_at_once() {
    let f = site();
    f.file("content/heroes/_index.md", "+++\ntitle = \"英模\"\n+++\n")
        .file("content/heroes/x.md", &common::page("某", "", "事迹"))
        .file("templates/extra.html", "x")
        .file("sass/style.scss", "a { b: c }")
        .file("config.toml", &format!("{CONFIG}compile_sass = true\n"));
    unreadable_fails(
        &f,
        &[
            ("content/heroes", 0o100),
            ("content/news/a.md", 0o000),
            ("templates/extra.html", 0o000),
            ("static/site.css", 0o000),
            ("sass", 0o100),
        ],
    );
}

#[test]
fn special_files_are_errors() {
    // A pipe would block whoever reads it: it is named, never opened.
    let f = site();
    f.build();
    let before = snapshot(&f.root().join("public"));
    let fifo = f.root().join("static/images/pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let err = f.build_err();
    assert!(
        err.contains("static/images/pipe: not a regular file"),
        "{err}"
    );
    assert_eq!(snapshot(&f.root().join("public")), before);
}

#[test]
fn symlinks_inside_the_site_are_followed() {
    let f = site();
    f.file("archive/old/_index.md", "+++\ntitle = \"旧闻\"\n+++\n")
        .file("archive/old/c.md", &common::page("丙", "", "正文丙"))
        .file("photos/q.txt", "linked photo")
        .file("docs/guide.txt", "guide");
    let root = f.root();
    // A content folder, a static folder and a static file, each linked from elsewhere in the
    // site; and a theme-less site's templates folder linked too.
    symlink("../../archive/old", root.join("content/news/old")).unwrap();
    symlink("../photos", root.join("static/linked")).unwrap();
    symlink("../docs/guide.txt", root.join("static/guide.txt")).unwrap();
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("warning"), "{err}");
    assert!(f.read("news/old/index.html").contains("SECTION 旧闻|丙;"));
    assert!(f.read("news/old/c/index.html").contains("正文丙"));
    assert_eq!(f.read("linked/q.txt"), "linked photo");
    assert_eq!(f.read("guide.txt"), "guide");
    let link = std::fs::symlink_metadata(f.public("guide.txt")).unwrap();
    assert!(link.is_file(), "the output is a file, not a link");
}

#[test]
fn hard_linked_static_files_reached_through_a_link_are_files() {
    let f = site();
    f.file("config.toml", &format!("{CONFIG}hard_link_static = true\n"))
        .file("docs/guide.txt", "guide");
    symlink("../docs/guide.txt", f.root().join("static/guide.txt")).unwrap();
    f.build();
    let meta = std::fs::symlink_metadata(f.public("guide.txt")).unwrap();
    assert!(meta.is_file(), "a hard link to the symlink was made");
    assert_eq!(f.read("guide.txt"), "guide");
}

/// Builds, expecting success with warnings; returns stderr.
fn build_with_warnings(f: &Fixture) -> String {
    let out = f.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    err
}

#[test]
fn symlinks_out_of_the_site_are_not_followed_and_named() {
    let outer = tempfile::tempdir().unwrap();
    let elsewhere = outer.path().join("photos");
    std::fs::create_dir_all(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("secret.txt"), "not for the site").unwrap();
    std::fs::write(outer.path().join("page.md"), common::page("外", "", "外面")).unwrap();
    std::fs::write(outer.path().join("t.html"), "OUTSIDE").unwrap();
    let f = site();
    let root = f.root();
    symlink(&elsewhere, root.join("static/photos")).unwrap();
    symlink(
        outer.path().join("page.md"),
        root.join("content/news/out.md"),
    )
    .unwrap();
    symlink(outer.path().join("t.html"), root.join("templates/t.html")).unwrap();
    let err = build_with_warnings(&f);
    for link in ["static/photos", "content/news/out.md", "templates/t.html"] {
        let line = err
            .lines()
            .find(|l| l.contains(link))
            .unwrap_or_else(|| panic!("{link} not named:\n{err}"));
        assert!(line.starts_with("warning: "), "{line}");
        assert!(
            line.contains("outside the site folder: not followed"),
            "{line}"
        );
    }
    assert!(
        err.contains(&elsewhere.display().to_string()),
        "target not named:\n{err}"
    );
    assert!(
        err.contains("hint: copy the files into the site folder"),
        "{err}"
    );
    assert!(!f.exists("photos/secret.txt"));
    assert!(!f.exists("news/out/index.html"));
    assert!(
        f.read("news/index.html").contains("甲;乙;")
            || f.read("news/index.html").contains("乙;甲;")
    );
    assert_eq!(f.read("images/p.txt"), "photo");
}

#[test]
fn dangling_symlinks_are_named() {
    let f = site();
    let root = f.root();
    symlink("gone.css", root.join("static/old.css")).unwrap();
    symlink("../nowhere", root.join("content/news/lost")).unwrap();
    let err = build_with_warnings(&f);
    for link in ["static/old.css", "content/news/lost"] {
        assert!(
            err.lines().any(|l| l.starts_with("warning: ")
                && l.contains(link)
                && l.contains("which does not exist): left out")),
            "{link}:\n{err}"
        );
    }
    assert!(err.contains("hint: remove the link, or restore what it points to"));
    assert_eq!(f.read("site.css"), "body{}");
    assert!(f.read("news/a/index.html").contains("正文甲"));
}

#[test]
fn symlink_loops_are_named_not_walked_forever() {
    let f = site();
    let root = f.root();
    symlink("..", root.join("content/news/up")).unwrap();
    symlink(".", root.join("static/images/here")).unwrap();
    // Two folders linking to each other.
    std::fs::create_dir_all(root.join("static/x")).unwrap();
    std::fs::create_dir_all(root.join("static/y")).unwrap();
    std::fs::write(root.join("static/y/y.txt"), "y").unwrap();
    symlink("../y", root.join("static/x/to-y")).unwrap();
    symlink("../x", root.join("static/y/to-x")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .arg("build")
        .current_dir(root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // A guard against a hang, not a speed test: a build of this site takes well under 1 s.
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the build hangs on a symlink loop");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    for link in [
        "content/news/up",
        "static/images/here",
        "static/y/to-x/to-y",
    ] {
        assert!(
            err.lines().any(|l| l.starts_with("warning: ")
                && l.contains(link)
                && l.contains("symlink loop")),
            "{link}:\n{err}"
        );
    }
    assert_eq!(f.read("images/p.txt"), "photo");
    assert_eq!(f.read("y/y.txt"), "y");
    // Followed once, through the first link.
    assert_eq!(f.read("x/to-y/y.txt"), "y");
    assert!(f.read("news/a/index.html").contains("正文甲"));
}
