//! HTTP/1.1 for the preview: a request head parsed by `httparse` within fixed limits, and a
//! response serialized into one buffer (head and body together, so that a kept-alive
//! connection never waits on Nagle's algorithm and a delayed ACK between the two).
//!
//! Why `httparse` and `mio` (in `server.rs`) rather than a server crate: `tiny_http` runs one
//! thread per connection from a pool that grows without limit (its issue #221), the very
//! problem to fix; hyper needs tokio and an async rewrite of the preview, a heavy dependency
//! for a two-core preview server. `httparse` is hyper's own request parser and `mio` is tokio's
//! own readiness layer; both were already in the dependency tree (through ureq and notify), so
//! the parsing is a well-kept crate's and only the small connection loop is ours.

use super::live::Response;

/// The longest request line answered; longer ones get 414 and the connection is closed.
pub const MAX_LINE: usize = 8 * 1024;
/// The longest request head (line and headers); longer ones get 431.
pub const MAX_HEAD: usize = 32 * 1024;
const MAX_HEADERS: usize = 64;

pub struct Request {
    pub method: String,
    pub target: String,
    /// HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with `Connection: keep-alive`. A
    /// request with a body closes the connection: the preview never reads bodies.
    pub keep_alive: bool,
}

impl Request {
    /// The path of the target, without query or fragment.
    pub fn path(&self) -> &str {
        self.target.split(['?', '#']).next().unwrap_or("/")
    }
}

pub enum Parsed {
    /// More bytes are needed.
    Partial,
    /// A request, and how many bytes of the buffer its head took.
    Complete(Request, usize),
    /// Answer with this status and close.
    Refused(u16),
}

pub fn parse(buf: &[u8]) -> Parsed {
    let line = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
    if line > MAX_LINE {
        return Parsed::Refused(414);
    }
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(buf) {
        Ok(httparse::Status::Partial) if buf.len() > MAX_HEAD => Parsed::Refused(431),
        Ok(httparse::Status::Partial) => Parsed::Partial,
        Ok(httparse::Status::Complete(n)) if n > MAX_HEAD => Parsed::Refused(431),
        Ok(httparse::Status::Complete(n)) => Parsed::Complete(request(&req), n),
        Err(httparse::Error::TooManyHeaders) => Parsed::Refused(431),
        Err(_) => Parsed::Refused(400),
    }
}

fn request(req: &httparse::Request) -> Request {
    let mut keep_alive = req.version == Some(1);
    let mut body = false;
    for h in req.headers.iter() {
        let value = String::from_utf8_lossy(h.value).to_ascii_lowercase();
        if h.name.eq_ignore_ascii_case("connection") {
            for token in value.split(',').map(str::trim) {
                match token {
                    "close" => keep_alive = false,
                    "keep-alive" => keep_alive = true,
                    _ => {}
                }
            }
        } else if h.name.eq_ignore_ascii_case("transfer-encoding")
            || (h.name.eq_ignore_ascii_case("content-length") && value.trim() != "0")
        {
            body = true;
        }
    }
    Request {
        method: req.method.unwrap_or("").to_string(),
        target: req.path.unwrap_or("/").to_string(),
        keep_alive: keep_alive && !body,
    }
}

/// The whole response in one buffer; a HEAD request gets the head alone.
pub fn serialize(r: &Response, head_only: bool, keep_alive: bool) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
        r.status,
        reason(r.status),
        r.content_type,
        r.body.len()
    );
    if let Some(loc) = &r.location {
        head.push_str(&format!("Location: {loc}\r\n"));
    }
    if r.status == 503 && r.body.is_empty() {
        head.push_str("Retry-After: 1\r\n");
    }
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    let mut out = head.into_bytes();
    if !head_only {
        out.extend_from_slice(&r.body);
    }
    out
}

/// A short answer for a request that is not served, before the connection is closed.
pub fn refusal(status: u16) -> Vec<u8> {
    let mut r = Response::text(status, reason(status));
    if status == 503 {
        // Busy rather than broken: tell the client to try again shortly.
        r.body.clear();
    }
    serialize(&r, false, false)
}

/// The start of the reload stream (server-sent events).
pub const EVENTS_HEAD: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete(raw: &str) -> (Request, usize) {
        match parse(raw.as_bytes()) {
            Parsed::Complete(r, n) => (r, n),
            _ => panic!("not complete: {raw}"),
        }
    }

    fn refused(raw: &[u8]) -> Option<u16> {
        match parse(raw) {
            Parsed::Refused(s) => Some(s),
            _ => None,
        }
    }

    #[test]
    fn keep_alive_follows_version_connection_and_body() {
        let (r, n) = complete("GET /a?b HTTP/1.1\r\nHost: x\r\n\r\nGET /next");
        assert_eq!((r.path(), r.keep_alive, n), ("/a", true, 30));
        assert!(!complete("GET / HTTP/1.0\r\n\r\n").0.keep_alive);
        assert!(
            complete("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n")
                .0
                .keep_alive
        );
        assert!(
            !complete("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
                .0
                .keep_alive
        );
        assert!(
            !complete("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n")
                .0
                .keep_alive
        );
        assert!(
            complete("GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
                .0
                .keep_alive
        );
    }

    #[test]
    fn limits_refuse_long_lines_and_heads_before_they_end() {
        assert!(matches!(parse(b"GET /abc HT"), Parsed::Partial));
        let long_line = format!("GET /{}", "a".repeat(MAX_LINE));
        assert_eq!(refused(long_line.as_bytes()), Some(414));
        let mut head = b"GET / HTTP/1.1\r\n".to_vec();
        head.resize(MAX_HEAD + 1, b'h');
        assert_eq!(refused(&head), Some(431), "one endless header line");
        let mut head = b"GET / HTTP/1.1\r\n".to_vec();
        while head.len() <= MAX_HEAD {
            head.extend_from_slice(b"X-A: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\r\n");
        }
        assert_eq!(refused(&head), Some(431));
        assert_eq!(refused(b"GET / HTTP/1.1\r\nbad header\r\n\r\n"), Some(400));
        assert_eq!(refused(b"GET /a\0b HTTP/1.1\r\n\r\n"), Some(400));
    }

    #[test]
    fn a_response_is_one_buffer_and_head_omits_the_body() {
        let r = Response::text(200, "hello");
        let full = String::from_utf8(serialize(&r, false, true)).unwrap();
        assert!(full.starts_with("HTTP/1.1 200 OK\r\n") && full.ends_with("\r\n\r\nhello"));
        assert!(full.contains("Content-Length: 5\r\nCache-Control"));
        let head = String::from_utf8(serialize(&r, true, false)).unwrap();
        assert!(head.ends_with("Connection: close\r\n\r\n") && head.contains("Content-Length: 5"));
    }
}
