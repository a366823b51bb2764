//! A fake WeChat API on 127.0.0.1 (spec §6): real HTTP over a real socket, requests validated
//! as the real API does (§6.1: tokens, methods, multipart uploads by magic bytes and size,
//! draft fields and lengths, media ids), faults queued by the test (§6.2: an errcode for the
//! next calls of a path, a connection closed after the work was done, daily quotas), every
//! request logged. The endpoints themselves are in `fake_api.rs`.

#![allow(dead_code)]

#[path = "fake_api.rs"]
mod api;

use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

pub const APP_ID: &str = "wx0123456789abcdef";
pub const SECRET: &str = "s3cr3t-never-printed";

/// A draft in the box.
#[derive(Clone, Debug)]
pub struct Draft {
    pub media_id: String,
    pub article: Value,
    pub update_time: u64,
}

#[derive(Default)]
pub struct State {
    /// (path, body) of every request, the token taken out of the query; uploads are logged as
    /// `<N bytes>`.
    pub log: Vec<(String, String)>,
    /// Faults for the next calls to a path: (path, errcode, errmsg).
    pub script: VecDeque<(String, i64, String)>,
    /// Paths whose next call is carried out, then answered by closing the connection.
    pub drop_after: VecDeque<String>,
    /// Paths whose next call is carried out, then answered only after this many ms.
    pub slow: VecDeque<(String, u64)>,
    /// Answer every token request with 40164 for this IP.
    pub block_ip: Option<String>,
    /// Seconds a new token is valid.
    pub expires_in: u64,
    pub tokens_issued: usize,
    /// The valid token, if any.
    pub token: Option<String>,
    /// Daily limits by path (45009 beyond), and today's successful calls.
    pub quota: BTreeMap<String, u32>,
    pub used: BTreeMap<String, u32>,
    /// The publish APIs answer 48001 (an unverified account).
    pub no_publish: bool,
    pub drafts: Vec<Draft>,
    /// Pictures uploaded through uploadimg: (url, bytes).
    pub images: Vec<(String, Vec<u8>)>,
    /// Permanent materials: (media_id, bytes).
    pub materials: Vec<(String, Vec<u8>)>,
    pub published: Vec<String>,
    /// What the fake's sanitiser removed (a picture WeChat did not issue, a script).
    pub warnings: Vec<String>,
    pub clock: u64,
}

pub struct Fake {
    pub base: String,
    pub state: Arc<Mutex<State>>,
}

/// A request as the handler sees it.
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: String,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Fake {
    pub fn start() -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let state = Arc::new(Mutex::new(State {
            expires_in: 7200,
            ..State::default()
        }));
        let s = state.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                let _ = handle(conn, &s);
            }
        });
        Fake { base, state }
    }

    pub fn calls(&self, path: &str) -> usize {
        let s = self.state.lock().unwrap();
        s.log.iter().filter(|(p, _)| p == path).count()
    }

    /// Requests that change something: uploads, drafts, publishing.
    pub fn writes(&self) -> usize {
        let s = self.state.lock().unwrap();
        s.log
            .iter()
            .filter(|(p, _)| api::WRITES.contains(&p.as_str()))
            .count()
    }

    pub fn requests(&self) -> usize {
        self.state.lock().unwrap().log.len()
    }

    pub fn fail_next(&self, path: &str, code: i64, msg: &str) {
        let m = format!("{msg} rid: 64b279b3-2eddb111-78605a3e");
        self.state
            .lock()
            .unwrap()
            .script
            .push_back((path.into(), code, m));
    }

    /// The next call to `path` is carried out, but the client never gets the answer.
    pub fn drop_after(&self, path: &str) {
        self.state.lock().unwrap().drop_after.push_back(path.into());
    }

    /// The next call to `path` is carried out, and answered `ms` later.
    pub fn slow(&self, path: &str, ms: u64) {
        self.state.lock().unwrap().slow.push_back((path.into(), ms));
    }

    /// Every token issued so far stops working (as after a refresh elsewhere).
    pub fn expire_tokens(&self) {
        self.state.lock().unwrap().token = None;
    }

    pub fn set_quota(&self, path: &str, n: u32) {
        self.state.lock().unwrap().quota.insert(path.into(), n);
    }

    /// Midnight in Beijing: the daily counters start again.
    pub fn next_day(&self) {
        self.state.lock().unwrap().used.clear();
    }

    pub fn drafts(&self) -> Vec<Draft> {
        self.state.lock().unwrap().drafts.clone()
    }

    /// Deletes a draft, as staff would in the editor.
    pub fn delete_draft(&self, media_id: &str) {
        self.state
            .lock()
            .unwrap()
            .drafts
            .retain(|d| d.media_id != media_id);
    }
}

fn handle(mut conn: TcpStream, state: &Arc<Mutex<State>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut words = line.split_whitespace();
    let method = words.next().unwrap_or("").to_string();
    let target = words.next().unwrap_or("/").to_string();
    let (mut length, mut content_type) = (0, String::new());
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        if h.trim().is_empty() {
            break;
        }
        let lower = h.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if lower.starts_with("content-type:") {
            content_type = h["content-type:".len()..].trim().to_string();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let req = Request {
        method,
        path: path.into(),
        query: query.into(),
        content_type,
        body,
    };
    let answer = api::route(&mut state.lock().unwrap(), &req);
    let wait = {
        let mut s = state.lock().unwrap();
        let i = s.slow.iter().position(|(p, _)| *p == req.path);
        i.and_then(|i| s.slow.remove(i)).map(|(_, ms)| ms)
    };
    if let Some(ms) = wait {
        // Outside the lock: the test watches the state meanwhile.
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    let Some(answer) = answer else {
        // The work is done; the client sees the connection close without an answer.
        return conn.shutdown(std::net::Shutdown::Both);
    };
    let text = answer.to_string();
    write!(
        conn,
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    )
}

pub fn error(code: i64, msg: &str) -> Value {
    json!({ "errcode": code, "errmsg": format!("{msg} rid: 64b279b3-2eddb111-78605a3e") })
}
