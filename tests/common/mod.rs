//! Fixture sites: write a few files into a temporary folder, run the real `yiyong` binary on
//! it, and read the output the way a visitor's browser would get it.
#![allow(dead_code)]

pub mod init_site;
pub mod photos;
pub mod serve;
pub mod sheets;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub use init_site::InitSite;

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub const BASIC_CONFIG: &str = "base_url = \"https://example.org\"\ntitle = \"测试站\"\n";

impl Fixture {
    pub fn new(config: &str) -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        f.file("config.toml", config);
        f
    }

    /// A site with minimal templates that print what the tests look at.
    pub fn with_templates(config: &str) -> Fixture {
        let f = Fixture::new(config);
        f.file(
            "templates/index.html",
            "INDEX {{ section.title }}|{% for p in section.pages %}{{ p.title }};{% endfor %}",
        );
        f.file(
            "templates/section.html",
            "SECTION {{ section.title }}|{% for p in section.pages %}{{ p.title }};{% endfor %}",
        );
        f.file(
            "templates/page.html",
            "PAGE {{ page.title }}|{{ page.content | safe }}|lower={% if page.lower %}{{ page.lower.title }}{% endif %}|higher={% if page.higher %}{{ page.higher.title }}{% endif %}",
        );
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str, text: &str) -> &Self {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }

    pub fn bytes(&self, rel: &str, data: &[u8]) -> &Self {
        let p = self.dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, data).unwrap();
        self
    }

    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_yiyong"))
            .args(args)
            .current_dir(self.dir.path())
            // The tests read the English messages; a Chinese locale on the machine running
            // them would otherwise switch them to Chinese (tests/clerk_mistakes.rs asks for it).
            .env("YIYONG_LANG", "en")
            .output()
            .expect("run yiyong")
    }

    /// Builds and panics with the tool's own error text if the build fails.
    pub fn build(&self) -> &Self {
        let out = self.run(&["build"]);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self
    }

    /// Builds expecting failure; returns the error text.
    pub fn build_err(&self) -> String {
        let out = self.run(&["build"]);
        assert!(
            !out.status.success(),
            "build should fail, stdout: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    pub fn public(&self, rel: &str) -> PathBuf {
        self.dir.path().join("public").join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.public(rel)).unwrap_or_else(|e| panic!("public/{rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public(rel).exists()
    }
}

/// A TOML front matter page.
pub fn page(title: &str, extra_fm: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n{extra_fm}\n+++\n{body}")
}

pub fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// tests/a11y, when Chromium and the npm `package` (installed by `npm ci` there) are present;
/// otherwise None after saying the test was skipped, or a failure under CI, which must have both.
pub fn a11y_dir(package: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/a11y");
    if chromium().is_some() && dir.join("node_modules").join(package).exists() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must install chromium and run `npm ci` in tests/a11y"
    );
    eprintln!("SKIPPED: needs chromium and `npm ci` in tests/a11y");
    None
}

/// Serves `root` on 127.0.0.1 until the test process ends.
pub fn serve(root: PathBuf) -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 4096];
            let n = stream.read(&mut buf).unwrap_or(0);
            let req = String::from_utf8_lossy(&buf[..n]);
            let path = req
                .split_whitespace()
                .nth(1)
                .unwrap_or("/")
                .split('?')
                .next()
                .unwrap_or("/")
                .to_string();
            let mut file = root.join(path.trim_start_matches('/'));
            if file.is_dir() {
                file = file.join("index.html");
            }
            let (status, body) = match std::fs::read(&file) {
                Ok(b) if file.starts_with(&root) => ("200 OK", b),
                _ => (
                    "404 Not Found",
                    std::fs::read(root.join("404.html")).unwrap_or_default(),
                ),
            };
            // The real types, so a browser (and Lighthouse) sees what a web server would send.
            let kind = match file.extension().and_then(|e| e.to_str()) {
                Some("css") => "text/css",
                Some("svg") => "image/svg+xml",
                Some("png") => "image/png",
                Some("jpg" | "jpeg") => "image/jpeg",
                Some("webp") => "image/webp",
                Some("avif") => "image/avif",
                Some("ico") => "image/x-icon",
                Some("js") => "text/javascript",
                Some("json") => "application/json",
                Some("xml") => "application/xml",
                Some("txt") => "text/plain; charset=utf-8",
                Some("ics") => "text/calendar; charset=utf-8",
                _ => "text/html; charset=utf-8",
            };
            let _ = write!(stream, "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
            let _ = stream.write_all(&body);
        }
    });
    port
}

/// Builds this repository's demo site into a temporary folder served on loopback.
pub fn build_demo() -> (tempfile::TempDir, u16) {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    std::fs::create_dir_all(&public).unwrap();
    let port = serve(public.clone());
    let build = Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .args([
            "--root",
            env!("CARGO_MANIFEST_DIR"),
            "build",
            "--force",
            "--base-url",
            &format!("http://127.0.0.1:{port}"),
            "--output-dir",
        ])
        .arg(&public)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
    (out, port)
}

/// Every file below `dir`, recursively.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_below(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// A copy of this repository's demo site (config, content, theme, static files).
pub fn demo_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for item in ["config.toml", "content", "data", "themes", "static"] {
        let status = std::process::Command::new("cp")
            .arg("-a")
            .arg(repo.join(item))
            .arg(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
    dir
}

/// Copies the repository's default theme into the fixture's `themes/yiyong`.
pub fn with_default_theme(f: &Fixture) {
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/yiyong");
    for file in files_below(&theme) {
        let rel = file.strip_prefix(&theme).unwrap();
        f.bytes(
            &format!("themes/yiyong/{}", rel.display()),
            &std::fs::read(&file).unwrap(),
        );
    }
}
