//! A fake WeChat API on 127.0.0.1 (spec §6), for the client's tests: real HTTP over a real
//! socket, requests validated as the real API does for the endpoints built so far
//! (`stable_token`, `draft/batchget`), faults queued by the test, every request logged.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};

pub const APP_ID: &str = "wx0123456789abcdef";
pub const SECRET: &str = "s3cr3t-never-printed";

#[derive(Default)]
pub struct State {
    /// (path, body) of every request, the token taken out of the query.
    pub log: Vec<(String, String)>,
    /// Faults for the next calls to a path: (path, errcode, errmsg).
    pub script: VecDeque<(String, i64, String)>,
    /// Answer every token request with 40164 for this IP.
    pub block_ip: Option<String>,
    /// Seconds a new token is valid.
    pub expires_in: u64,
    pub tokens_issued: usize,
    /// The valid token, if any.
    pub token: Option<String>,
}

pub struct Fake {
    pub base: String,
    pub state: Arc<Mutex<State>>,
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
        self.state
            .lock()
            .unwrap()
            .log
            .iter()
            .filter(|(p, _)| p == path)
            .count()
    }

    pub fn fail_next(&self, path: &str, code: i64, msg: &str) {
        let m = format!("{msg} rid: 64b279b3-2eddb111-78605a3e");
        self.state
            .lock()
            .unwrap()
            .script
            .push_back((path.into(), code, m));
    }

    /// Every token issued so far stops working (as after a refresh elsewhere).
    pub fn expire_tokens(&self) {
        self.state.lock().unwrap().token = None;
    }
}

fn handle(mut conn: TcpStream, state: &Arc<Mutex<State>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let target = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut length = 0;
    loop {
        let mut h = String::new();
        reader.read_line(&mut h)?;
        if h.trim().is_empty() {
            break;
        }
        if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let body = String::from_utf8_lossy(&body).into_owned();
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let answer = route(&mut state.lock().unwrap(), path, query, &body);
    let text = answer.to_string();
    write!(
        conn,
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    )
}

fn error(code: i64, msg: &str) -> Value {
    json!({ "errcode": code, "errmsg": format!("{msg} rid: 64b279b3-2eddb111-78605a3e") })
}

fn route(s: &mut State, path: &str, query: &str, body: &str) -> Value {
    s.log.push((path.to_string(), body.to_string()));
    if let Some(i) = s.script.iter().position(|(p, _, _)| p == path) {
        let (_, code, msg) = s.script.remove(i).unwrap();
        return json!({ "errcode": code, "errmsg": msg });
    }
    // Raw UTF-8 only: WeChat refuses `\uXXXX` escapes of non-ASCII characters.
    if body.contains("\\u") {
        return error(
            40033,
            "invalid charset. please check your request, if include \\uxxxx will create fail!",
        );
    }
    let Ok(v) = serde_json::from_str::<Value>(body) else {
        return error(47001, "data format error");
    };
    match path {
        "/cgi-bin/stable_token" => stable_token(s, &v),
        "/cgi-bin/draft/batchget" => match token_error(s, query) {
            Some(e) => e,
            None => json!({ "total_count": 0, "item_count": 0, "item": [] }),
        },
        _ => error(404, "no such api in the fake"),
    }
}

fn stable_token(s: &mut State, v: &Value) -> Value {
    if v["grant_type"] != "client_credential" {
        return error(40002, "invalid grant_type");
    }
    if v["appid"] != APP_ID {
        return error(40013, "invalid appid");
    }
    if v["secret"] != SECRET {
        return error(40125, "invalid appsecret");
    }
    if let Some(ip) = &s.block_ip {
        return error(
            40164,
            &format!("invalid ip {ip} ipv6 ::ffff:{ip}, not in whitelist"),
        );
    }
    // Normal mode hands out the same token while it is valid.
    if v["force_refresh"] == true || s.token.is_none() {
        s.tokens_issued += 1;
        s.token = Some(format!("TOKEN{}", s.tokens_issued));
    }
    json!({ "access_token": s.token, "expires_in": s.expires_in })
}

fn token_error(s: &State, query: &str) -> Option<Value> {
    let token = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("access_token="));
    match token {
        None | Some("") => Some(error(41001, "access_token missing")),
        Some(t) if t.starts_with("TOKEN") && s.token.as_deref() != Some(t) => {
            Some(error(42001, "access_token expired"))
        }
        Some(t) if !t.starts_with("TOKEN") => Some(error(40014, "invalid access_token")),
        _ => None,
    }
}
