//! The preview's connections. One thread waits on every socket at once (`mio`), reads request
//! heads within the limits of `http.rs` and writes answers as the sockets take them; a fixed
//! pool of workers renders the answers (a request for a page being re-rendered waits there).
//! So an idle or slow connection costs a little memory and no thread, and the number of
//! threads never depends on the visitors.
//!
//! Limits: at most `MAX_CONNECTIONS` open at once; a new one beyond that closes the longest
//! idle kept-alive connection (HTTP lets a server close an idle connection at any time, and
//! browsers retry), or gets a quick 503 when none is idle. An idle kept-alive connection is
//! closed after `IDLE_TIMEOUT`, a head must arrive within `HEAD_TIMEOUT` of its first byte,
//! and a reader that takes nothing for `WRITE_TIMEOUT` is dropped.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::Shutdown;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mio::net::{TcpListener, TcpStream};
use mio::{Events, Interest, Poll, Token, Waker};

use super::http::{self, Parsed, Request, EVENTS_HEAD};
use super::live::EVENTS_PATH;
use super::live::{Live, Response};

pub const MAX_CONNECTIONS: usize = 256;
/// Room beyond the limit for connections already answered and closing (a 503 among them).
const REFUSALS: usize = 64;
/// Threads that render answers; the server has this many plus one, whatever the load.
pub const WORKERS: usize = 4;
const IDLE_TIMEOUT: Duration = Duration::from_secs(20);
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// After a refusal, what the client still sends is read and dropped for a while before
/// closing, so that it reads the answer instead of a connection reset.
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 4 << 20;
const PING_EVERY: Duration = Duration::from_secs(15);
/// How long a new connection may take to send its first request before it counts as idle.
const FRESH: Duration = Duration::from_secs(1);
/// A reload stream whose tab reads nothing is dropped once this much waits to be sent.
const MAX_EVENTS_BACKLOG: usize = 64 << 10;

const LISTENER: Token = Token(0);
const WAKER: Token = Token(1);

#[derive(PartialEq)]
enum State {
    /// Waiting for (the rest of) a request head.
    Reading,
    /// A worker is rendering the answer.
    Busy,
    /// A reload stream: only written to.
    Events,
    /// Answered and shut for writing; dropping what the client still sends.
    Closing,
}

struct Conn {
    stream: TcpStream,
    state: State,
    /// Bytes read and not yet parsed (at most `MAX_HEAD + 1` while reading).
    buf: Vec<u8>,
    out: Vec<u8>,
    sent: usize,
    close_after: bool,
    /// When the connection went idle, its head began, or it started closing.
    since: Instant,
    /// When the last byte was written (or output was queued).
    wrote: Instant,
    drained: usize,
    /// Whether a request has come in on it (see `is_idle`).
    served: bool,
}

struct Job {
    token: Token,
    request: Request,
}

struct Done {
    token: Token,
    bytes: Vec<u8>,
    keep_alive: bool,
}

/// Serves until the process ends; a failure of the poller itself ends the process.
pub fn serve_forever(listener: std::net::TcpListener, live: Arc<Live>) {
    if let Err(e) = run(listener, live) {
        eprintln!("error: the preview server stopped: {e}");
        std::process::exit(1);
    }
}

fn run(listener: std::net::TcpListener, live: Arc<Live>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut listener = TcpListener::from_std(listener);
    let poll = Poll::new()?;
    poll.registry()
        .register(&mut listener, LISTENER, Interest::READABLE)?;
    let waker = Arc::new(Waker::new(poll.registry(), WAKER)?);
    let (jobs, job_rx) = channel::<Job>();
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (done_tx, done_rx) = channel::<Done>();
    for _ in 0..WORKERS {
        let (job_rx, done_tx, waker, live) =
            (job_rx.clone(), done_tx.clone(), waker.clone(), live.clone());
        std::thread::spawn(move || worker(&job_rx, &done_tx, &waker, &live));
    }
    let reloads = Arc::new(AtomicU64::new(0));
    {
        let (reloads, waker) = (reloads.clone(), waker.clone());
        live.on_reload(Box::new(move |n| {
            reloads.store(n, Ordering::SeqCst);
            let _ = waker.wake();
        }));
    }
    let mut s = Server {
        poll,
        listener,
        conns: HashMap::new(),
        next: 2,
        jobs,
        reloads_sent: 0,
        last_sweep: Instant::now(),
        last_ping: Instant::now(),
    };
    let mut events = Events::with_capacity(256);
    loop {
        match s.poll.poll(&mut events, Some(Duration::from_secs(1))) {
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            r => r?,
        }
        for ev in events.iter() {
            match ev.token() {
                LISTENER => s.accept(),
                WAKER => {}
                t => s.step(t),
            }
        }
        while let Ok(done) = done_rx.try_recv() {
            s.answer(done);
        }
        let n = reloads.load(Ordering::SeqCst);
        if n != s.reloads_sent {
            s.reloads_sent = n;
            s.broadcast(format!("event: reload\ndata: {n}\n\n").as_bytes());
        }
        s.sweep();
    }
}

fn worker(jobs: &Mutex<Receiver<Job>>, done: &Sender<Done>, waker: &Waker, live: &Live) {
    loop {
        let Ok(job) = jobs.lock().unwrap().recv() else {
            return;
        };
        let req = &job.request;
        // A panic while rendering an answer must not leave the connection waiting forever.
        let response =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| live.respond(req.path())))
                .unwrap_or_else(|_| Response::text(500, "internal error"));
        let bytes = http::serialize(&response, req.method == "HEAD", req.keep_alive);
        let answer = Done {
            token: job.token,
            bytes,
            keep_alive: req.keep_alive,
        };
        if done.send(answer).is_err() {
            return;
        }
        let _ = waker.wake();
    }
}

struct Server {
    poll: Poll,
    listener: TcpListener,
    conns: HashMap<Token, Conn>,
    next: usize,
    jobs: Sender<Job>,
    reloads_sent: u64,
    last_sweep: Instant,
    last_ping: Instant,
}

impl Server {
    fn accept(&mut self) {
        loop {
            match self.listener.accept() {
                Ok((stream, _)) => self.admit(stream),
                // Out of file descriptors and the like: try again at the next sweep.
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(_) => return,
            }
        }
    }

    fn admit(&mut self, mut stream: TcpStream) {
        // Answers are written whole; nothing is gained by holding back a short last segment.
        let _ = stream.set_nodelay(true);
        // Answered connections still closing count only against the larger bound.
        if self.conns.len() >= MAX_CONNECTIONS + REFUSALS {
            self.evict_oldest(|c| c.state == State::Closing);
        }
        let taken = match self.conns.len() {
            n if n < MAX_CONNECTIONS => n,
            _ => self
                .conns
                .values()
                .filter(|c| c.state != State::Closing)
                .count(),
        };
        let full = taken >= MAX_CONNECTIONS && !self.evict_oldest(Conn::is_idle);
        if full && self.conns.len() >= MAX_CONNECTIONS + REFUSALS {
            let _ = stream.write(&http::refusal(503));
            let _ = stream.shutdown(Shutdown::Write);
            return;
        }
        let token = Token(self.next);
        self.next += 1;
        let interest = Interest::READABLE | Interest::WRITABLE;
        if self
            .poll
            .registry()
            .register(&mut stream, token, interest)
            .is_err()
        {
            return;
        }
        let now = Instant::now();
        let mut conn = Conn {
            stream,
            state: State::Reading,
            buf: Vec::new(),
            out: Vec::new(),
            sent: 0,
            close_after: false,
            since: now,
            wrote: now,
            drained: 0,
            served: false,
        };
        if full {
            // Kept a moment to linger like any refusal, so the client reads the 503 rather
            // than a reset caused by closing on its unread request.
            conn.queue(&http::refusal(503));
            conn.close_after = true;
        }
        self.conns.insert(token, conn);
        self.step(token);
    }

    /// Closes the connection that has been in the state `which` the longest; false if none is.
    fn evict_oldest(&mut self, which: impl Fn(&Conn) -> bool) -> bool {
        let oldest = self
            .conns
            .iter()
            .filter(|(_, c)| which(c))
            .min_by_key(|(_, c)| c.since)
            .map(|(t, _)| *t);
        oldest.map(|t| self.close(t)).is_some()
    }

    fn close(&mut self, t: Token) {
        if let Some(mut c) = self.conns.remove(&t) {
            let _ = self.poll.registry().deregister(&mut c.stream);
        }
    }

    /// Moves a connection on as far as its socket allows.
    fn step(&mut self, t: Token) {
        let Some(c) = self.conns.get_mut(&t) else {
            return;
        };
        if !c.advance(t, &self.jobs) {
            self.close(t);
        }
    }

    fn answer(&mut self, done: Done) {
        let Some(c) = self.conns.get_mut(&done.token) else {
            return;
        };
        c.queue(&done.bytes);
        c.close_after = !done.keep_alive;
        c.state = State::Reading;
        c.since = Instant::now();
        self.step(done.token);
    }

    fn broadcast(&mut self, message: &[u8]) {
        let tabs: Vec<Token> = self
            .conns
            .iter()
            .filter(|(_, c)| c.state == State::Events)
            .map(|(t, _)| *t)
            .collect();
        for t in tabs {
            let c = self.conns.get_mut(&t).unwrap();
            if c.out.len() - c.sent > MAX_EVENTS_BACKLOG {
                self.close(t);
                continue;
            }
            c.queue(message);
            self.step(t);
        }
    }

    /// Once a second: closes what timed out, pings the reload streams, retries accepting.
    fn sweep(&mut self) {
        if self.last_sweep.elapsed() < Duration::from_secs(1) {
            return;
        }
        self.last_sweep = Instant::now();
        let expired: Vec<Token> = self
            .conns
            .iter()
            .filter(|(_, c)| c.expired())
            .map(|(t, _)| *t)
            .collect();
        for t in expired {
            // A refused or finished connection reads what the client sent last before it is
            // closed: closing on unread bytes sends a reset, and a reset makes the client
            // drop the answer it has not read yet (a 503 seen as "connection reset").
            if let Some(c) = self.conns.get_mut(&t) {
                if c.state == State::Closing {
                    let _ = c.discard();
                }
            }
            self.close(t);
        }
        if self.last_ping.elapsed() >= PING_EVERY {
            self.last_ping = Instant::now();
            // A comment line: a tab that is gone shows up as a failed write.
            self.broadcast(b": ping\n\n");
        }
        self.accept();
    }
}

enum Fill {
    Got,
    Wait,
    Eof,
}

impl Conn {
    /// Whether it may be closed to make room: a kept-alive connection waiting for its next
    /// request, or a new one that has sent nothing for `FRESH` (a connection that cannot
    /// cost a visitor a request). A new connection whose request is on its way is not idle:
    /// closed, that request meets a reset, and the client reads "connection reset" instead of
    /// an answer (300 reload streams opened at once saw it under load).
    fn is_idle(&self) -> bool {
        self.state == State::Reading
            && self.buf.is_empty()
            && self.sent == self.out.len()
            && (self.served || self.since.elapsed() > FRESH)
    }

    fn expired(&self) -> bool {
        if self.sent < self.out.len() {
            return self.wrote.elapsed() > WRITE_TIMEOUT;
        }
        match self.state {
            State::Reading if self.buf.is_empty() => self.since.elapsed() > IDLE_TIMEOUT,
            State::Reading => self.since.elapsed() > HEAD_TIMEOUT,
            State::Closing => self.since.elapsed() > LINGER,
            State::Busy | State::Events => false,
        }
    }

    fn queue(&mut self, bytes: &[u8]) {
        if self.sent == self.out.len() {
            self.out.clear();
            self.sent = 0;
            self.wrote = Instant::now();
        }
        self.out.extend_from_slice(bytes);
    }

    /// Returns false when the connection is finished or broken.
    fn advance(&mut self, t: Token, jobs: &Sender<Job>) -> bool {
        loop {
            match self.flush() {
                Err(_) => return false,
                Ok(false) => return true, // the socket is full; wait until it is writable
                Ok(true) => {}
            }
            match self.state {
                State::Busy => return true,
                State::Events => return self.discard().unwrap_or(false),
                State::Closing => {
                    return self.discard().unwrap_or(false) && self.drained <= LINGER_BYTES
                }
                State::Reading if self.close_after => {
                    let _ = self.stream.shutdown(Shutdown::Write);
                    self.state = State::Closing;
                    self.since = Instant::now();
                }
                State::Reading => match http::parse(&self.buf) {
                    Parsed::Complete(request, n) => {
                        self.buf.drain(..n);
                        self.dispatch(t, request, jobs);
                    }
                    Parsed::Refused(status) => {
                        self.buf.clear();
                        self.queue(&http::refusal(status));
                        self.close_after = true;
                    }
                    Parsed::Partial => match self.fill() {
                        Ok(Fill::Got) => {}
                        Ok(Fill::Wait) => return true,
                        Ok(Fill::Eof) | Err(_) => return false,
                    },
                },
            }
        }
    }

    fn dispatch(&mut self, t: Token, request: Request, jobs: &Sender<Job>) {
        self.served = true;
        match request.method.as_str() {
            "GET" if request.path() == EVENTS_PATH => {
                self.state = State::Events;
                self.buf.clear();
                self.queue(EVENTS_HEAD);
            }
            "GET" | "HEAD" => {
                self.state = State::Busy;
                let _ = jobs.send(Job { token: t, request });
            }
            _ => {
                let r = Response::text(405, "method not allowed");
                self.queue(&http::serialize(&r, false, false));
                self.close_after = true;
            }
        }
    }

    /// Writes what is queued; true once all of it is sent.
    fn flush(&mut self) -> std::io::Result<bool> {
        while self.sent < self.out.len() {
            match self.stream.write(&self.out[self.sent..]) {
                Ok(0) => return Err(ErrorKind::WriteZero.into()),
                Ok(n) => {
                    self.sent += n;
                    self.wrote = Instant::now();
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(false),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        if !self.out.is_empty() {
            self.out = Vec::new();
            self.sent = 0;
        }
        Ok(true)
    }

    /// Reads more of a request head, never past the head limit.
    fn fill(&mut self) -> std::io::Result<Fill> {
        let mut chunk = [0u8; 16 << 10];
        let room = (http::MAX_HEAD + 1 - self.buf.len().min(http::MAX_HEAD)).min(chunk.len());
        loop {
            return match self.stream.read(&mut chunk[..room]) {
                Ok(0) => Ok(Fill::Eof),
                Ok(n) => {
                    if self.buf.is_empty() {
                        self.since = Instant::now();
                    }
                    self.buf.extend_from_slice(&chunk[..n]);
                    Ok(Fill::Got)
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => Ok(Fill::Wait),
                Err(e) if e.kind() == ErrorKind::Interrupted => continue,
                Err(e) => Err(e),
            };
        }
    }

    /// Reads and drops what the client sends (bounded per call); false at its end.
    fn discard(&mut self) -> std::io::Result<bool> {
        let mut chunk = [0u8; 16 << 10];
        for _ in 0..16 {
            match self.stream.read(&mut chunk) {
                Ok(0) => return Ok(false),
                Ok(n) => self.drained += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => return Ok(true),
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(true)
    }
}
