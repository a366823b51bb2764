//! A small HTTP/1.1 server for the preview: GET and HEAD from the in-memory output, keep-alive,
//! one thread per connection, and a server-sent-events stream that tells pages to reload.
//! Nothing is read from disk, so no request can reach a file outside the output.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use super::live::Live;

pub const EVENTS_PATH: &str = "/__yiyong/events";

pub fn serve_forever(listener: TcpListener, live: Arc<Live>) {
    for stream in listener.incoming().flatten() {
        let live = live.clone();
        std::thread::spawn(move || {
            let _ = connection(stream, &live);
        });
    }
}

struct Request {
    method: String,
    target: String,
    keep_alive: bool,
}

fn read_request(reader: &mut BufReader<TcpStream>) -> std::io::Result<Option<Request>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let target = parts.next().unwrap_or("/").to_string();
    let version = parts.next().unwrap_or("HTTP/1.0").to_string();
    let mut keep_alive = version == "HTTP/1.1";
    let mut body_len = 0usize;
    let mut head_size = line.len();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 {
            return Ok(None);
        }
        head_size += h.len();
        if head_size > 32 * 1024 {
            return Ok(None);
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((name, value)) = h.split_once(':') {
            let (name, value) = (
                name.trim().to_ascii_lowercase(),
                value.trim().to_ascii_lowercase(),
            );
            match name.as_str() {
                "connection" if value == "close" => keep_alive = false,
                "connection" if value == "keep-alive" => keep_alive = true,
                "content-length" => body_len = value.parse().unwrap_or(0),
                _ => {}
            }
        }
    }
    if body_len > 0 {
        std::io::copy(
            &mut reader.by_ref().take(body_len as u64),
            &mut std::io::sink(),
        )?;
    }
    Ok(Some(Request {
        method,
        target,
        keep_alive,
    }))
}

fn connection(stream: TcpStream, live: &Live) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(60)))?;
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    while let Some(req) = read_request(&mut reader)? {
        let path = req.target.split(['?', '#']).next().unwrap_or("/");
        if path == EVENTS_PATH && req.method == "GET" {
            return events(&mut writer, live);
        }
        let response = match req.method.as_str() {
            "GET" | "HEAD" => live.respond(path),
            _ => super::live::Response::text(405, "method not allowed"),
        };
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n",
            response.status,
            reason(response.status),
            response.content_type,
            response.body.len()
        );
        if let Some(loc) = &response.location {
            head.push_str(&format!("Location: {loc}\r\n"));
        }
        head.push_str(if req.keep_alive {
            "Connection: keep-alive\r\n\r\n"
        } else {
            "Connection: close\r\n\r\n"
        });
        writer.write_all(head.as_bytes())?;
        if req.method != "HEAD" {
            writer.write_all(&response.body)?;
        }
        writer.flush()?;
        if !req.keep_alive {
            break;
        }
    }
    Ok(())
}

/// The reload stream: one `reload` event per finished rebuild, and a comment line now and
/// then so that a closed tab is noticed.
fn events(writer: &mut TcpStream, live: &Live) -> std::io::Result<()> {
    let rx = live.subscribe();
    writer.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n")?;
    writer.flush()?;
    loop {
        match rx.recv_timeout(Duration::from_secs(15)) {
            Ok(n) => writer.write_all(format!("event: reload\ndata: {n}\n\n").as_bytes())?,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => writer.write_all(b": ping\n\n")?,
            Err(_) => return Ok(()),
        }
        writer.flush()?;
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        503 => "Service Unavailable",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Status",
    }
}
