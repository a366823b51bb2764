//! `yiyong serve` on a free loopback port, and plain HTTP requests to it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Server {
    pub child: Child,
    pub port: u16,
    /// What the server printed so far, line by line.
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start(root: &Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yiyong"))
        .args(["--root"])
        .arg(root)
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = loop {
        let line = lines.next().expect("server output").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest
                .trim_end_matches(|c: char| !c.is_ascii_digit())
                .split('/')
                .next()
                .unwrap()
                .parse()
                .unwrap();
        }
    };
    // Keep draining the output so the server never blocks on a full pipe.
    let log = Arc::new(Mutex::new(vec![]));
    let kept = log.clone();
    std::thread::spawn(move || {
        for l in lines.map_while(Result::ok) {
            kept.lock().unwrap().push(l);
        }
    });
    Server { child, port, log }
}

/// (status, content type, body) of a raw GET.
pub fn get(port: u16, path: &str) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = vec![];
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head[9..12].parse().unwrap();
    let ctype = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Type: "))
        .unwrap_or("")
        .to_string();
    (status, ctype, raw[split + 4..].to_vec())
}

pub fn text(port: u16, path: &str) -> String {
    String::from_utf8_lossy(&get(port, path).2).to_string()
}

/// Waits until `path` satisfies `ok` (rebuilds take a moment after a save).
pub fn wait_for(port: u16, path: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
    let t = Instant::now();
    loop {
        let body = text(port, path);
        if ok(&body) {
            return body;
        }
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "{what}: {path} shows\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
