//! A tiny HTTP/1.1 server on 127.0.0.1 for tests: no network beyond loopback, no sleeps
//! in the tests that use it.
//!
//! ```ignore
//! mod common;
//! use common::server::{Reply, TestServer};
//!
//! let server = TestServer::start(vec![
//!     ("/feed.xml", Reply::ok(FEED).header("Content-Type", "application/rss+xml").etag("\"v1\"")),
//!     ("/old", Reply::redirect(301, "/feed.xml")),
//!     ("/slow", Reply::stall()),
//! ]);
//! let url = server.url("/feed.xml");          // "http://127.0.0.1:PORT/feed.xml"
//! // … fetch …
//! assert_eq!(server.hits("/feed.xml"), 1);    // requests seen for that path
//! let req = server.last_request("/feed.xml"); // its headers, to check what was sent
//! ```
//!
//! Each route maps a path (query string ignored) to a [`Reply`]; a path with no route
//! answers 404. [`Reply::handler`] takes a closure for anything dynamic (e.g. content
//! that changes between requests). Every connection gets its own thread and is closed
//! after one response. The server stops when dropped (stalled and endless responses end
//! then too).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// A request as the server saw it.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: String,
    /// Path including any query string.
    pub path: String,
    /// Header names lower-cased.
    pub headers: HashMap<String, String>,
}

impl Request {
    /// A header's value by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

/// How the body is sent.
#[derive(Clone)]
enum Body {
    /// All at once with a Content-Length.
    Bytes(Vec<u8>),
    /// Headers, then nothing, until the client gives up or the server stops.
    Stall,
    /// The given prefix, then one more byte every `Duration`, forever.
    Trickle(Vec<u8>, Duration),
    /// Bytes without end (no Content-Length), until the client gives up.
    Endless,
}

type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// What a route answers.
#[derive(Clone)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Body,
    /// Conditional GET support: 304 when the request's validators match these.
    etag: Option<String>,
    last_modified: Option<String>,
    handler: Option<Handler>,
    /// Held this long before answering (to let concurrent requests overlap).
    delay: Option<Duration>,
}

impl Reply {
    /// 200 with this body.
    pub fn ok(body: impl Into<Vec<u8>>) -> Reply {
        Reply::status(200, body)
    }

    /// Any status with this body.
    pub fn status(status: u16, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Body::Bytes(body.into()),
            etag: None,
            last_modified: None,
            handler: None,
            delay: None,
        }
    }

    /// A redirect (301, 302, 307, 308…) to `location` (absolute or relative).
    pub fn redirect(status: u16, location: &str) -> Reply {
        Reply::status(status, Vec::new()).header("Location", location)
    }

    /// Sends the status line and headers, then nothing, ever.
    pub fn stall() -> Reply {
        Reply {
            body: Body::Stall,
            ..Reply::ok(Vec::new())
        }
    }

    /// 200, sends `prefix` then one byte per `every`, forever.
    pub fn trickle(prefix: impl Into<Vec<u8>>, every: Duration) -> Reply {
        Reply {
            body: Body::Trickle(prefix.into(), every),
            ..Reply::ok(Vec::new())
        }
    }

    /// 200 with a body that never ends (no Content-Length).
    pub fn endless() -> Reply {
        Reply {
            body: Body::Endless,
            ..Reply::ok(Vec::new())
        }
    }

    /// 200 with `body` gzip-compressed and `Content-Encoding: gzip`.
    pub fn gzip(body: impl AsRef<[u8]>) -> Reply {
        Reply::ok(gzip_bytes(body.as_ref())).header("Content-Encoding", "gzip")
    }

    /// 200 with a small gzip body that inflates to `inflated_len` zero bytes.
    pub fn gzip_bomb(inflated_len: usize) -> Reply {
        use flate2::{write::GzEncoder, Compression};
        let mut enc = GzEncoder::new(Vec::new(), Compression::best());
        let zeros = vec![0u8; 1 << 20];
        let mut left = inflated_len;
        while left > 0 {
            let n = left.min(zeros.len());
            enc.write_all(&zeros[..n]).expect("gzip in memory");
            left -= n;
        }
        Reply::ok(enc.finish().expect("gzip in memory")).header("Content-Encoding", "gzip")
    }

    /// A dynamic route: the closure decides per request.
    pub fn handler(f: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Reply {
        Reply {
            handler: Some(Arc::new(f)),
            ..Reply::ok(Vec::new())
        }
    }

    /// Adds a response header.
    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Holds the answer for `d` (so requests overlap and [`TestServer::max_in_flight`]
    /// shows the client's concurrency).
    pub fn delayed(mut self, d: Duration) -> Reply {
        self.delay = Some(d);
        self
    }

    /// Sends `ETag` and answers 304 to a matching `If-None-Match`.
    pub fn etag(mut self, etag: &str) -> Reply {
        self.etag = Some(etag.to_string());
        self
    }

    /// Sends `Last-Modified` and answers 304 to an identical `If-Modified-Since`.
    pub fn last_modified(mut self, date: &str) -> Reply {
        self.last_modified = Some(date.to_string());
        self
    }
}

/// Gzip-compresses bytes (for hand-built replies).
pub fn gzip_bytes(data: &[u8]) -> Vec<u8> {
    use flate2::{write::GzEncoder, Compression};
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(data).expect("gzip in memory");
    enc.finish().expect("gzip in memory")
}

struct Shared {
    routes: Mutex<HashMap<String, Reply>>,
    hits: Mutex<HashMap<String, usize>>,
    requests: Mutex<HashMap<String, Request>>,
    stop: AtomicBool,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

/// A running test server; stops when dropped.
pub struct TestServer {
    /// "http://127.0.0.1:PORT" (no trailing slash).
    pub base_url: String,
    addr: std::net::SocketAddr,
    shared: Arc<Shared>,
    accept: Option<thread::JoinHandle<()>>,
}

impl TestServer {
    /// Starts a server with these routes on an ephemeral loopback port.
    pub fn start<S: Into<String>>(routes: Vec<(S, Reply)>) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            routes: Mutex::new(routes.into_iter().map(|(p, r)| (p.into(), r)).collect()),
            hits: Mutex::new(HashMap::new()),
            requests: Mutex::new(HashMap::new()),
            stop: AtomicBool::new(false),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
        });
        let accept_shared = Arc::clone(&shared);
        let accept = thread::spawn(move || {
            for stream in listener.incoming() {
                if accept_shared.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let conn_shared = Arc::clone(&accept_shared);
                thread::spawn(move || serve(stream, &conn_shared));
            }
        });
        TestServer {
            base_url: format!("http://{addr}"),
            addr,
            shared,
            accept: Some(accept),
        }
    }

    /// The absolute URL of a path on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// How many requests reached `path` (query string ignored).
    pub fn hits(&self, path: &str) -> usize {
        self.shared
            .hits
            .lock()
            .expect("lock")
            .get(path)
            .copied()
            .unwrap_or(0)
    }

    /// The last request that reached `path`.
    pub fn last_request(&self, path: &str) -> Option<Request> {
        self.shared
            .requests
            .lock()
            .expect("lock")
            .get(path)
            .cloned()
    }

    /// The most requests the server was answering at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }

    /// Replaces (or adds) the reply of a route while the server runs.
    pub fn set_route(&self, path: &str, reply: Reply) {
        self.shared
            .routes
            .lock()
            .expect("lock")
            .insert(path.to_string(), reply);
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(self.addr);
        if let Some(h) = self.accept.take() {
            let _ = h.join();
        }
    }
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let path = parts.next()?.to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            break;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    Some(Request {
        method,
        path,
        headers,
    })
}

fn serve(stream: TcpStream, shared: &Shared) {
    let Some(request) = read_request(&stream) else {
        return;
    };
    let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    shared.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let answered = std::cell::Cell::new(false);
    // A request stops counting as in flight just before its last bytes go out: once the
    // client has them it may start its next request, possibly before this thread runs again.
    let last_bytes = || {
        if !answered.replace(true) {
            shared.in_flight.fetch_sub(1, Ordering::SeqCst);
        }
    };
    respond(stream, shared, request, &last_bytes);
    last_bytes();
}

fn respond(mut stream: TcpStream, shared: &Shared, request: Request, last_bytes: &dyn Fn()) {
    let route = request.path.split('?').next().unwrap_or("").to_string();
    *shared
        .hits
        .lock()
        .expect("lock")
        .entry(route.clone())
        .or_insert(0) += 1;
    shared
        .requests
        .lock()
        .expect("lock")
        .insert(route.clone(), request.clone());
    let reply = shared.routes.lock().expect("lock").get(&route).cloned();
    let mut reply = reply.unwrap_or_else(|| Reply::status(404, "not found"));
    while let Some(h) = reply.handler.clone() {
        reply = h(&request);
    }
    if let Some(d) = reply.delay {
        thread::sleep(d);
    }
    let not_modified = reply.status == 200
        && (reply.etag.is_some() || reply.last_modified.is_some())
        && match (&reply.etag, request.header("if-none-match")) {
            (Some(tag), Some(inm)) => inm.split(',').any(|t| t.trim() == tag),
            (Some(_), None) => false,
            (None, _) => true,
        }
        && match (&reply.last_modified, request.header("if-modified-since")) {
            (Some(lm), Some(ims)) => lm == ims,
            (Some(_), None) => reply.etag.is_some() && request.header("if-none-match").is_some(),
            (None, _) => true,
        };
    let status = if not_modified { 304 } else { reply.status };
    let mut head = format!(
        "HTTP/1.1 {status} {}\r\nConnection: close\r\n",
        reason(status)
    );
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(e) = &reply.etag {
        head.push_str(&format!("ETag: {e}\r\n"));
    }
    if let Some(lm) = &reply.last_modified {
        head.push_str(&format!("Last-Modified: {lm}\r\n"));
    }
    let stopped = || shared.stop.load(Ordering::SeqCst);
    match (&reply.body, not_modified) {
        (_, true) => {
            head.push_str("\r\n");
            last_bytes();
            let _ = stream.write_all(head.as_bytes());
        }
        (Body::Bytes(b), false) => {
            head.push_str(&format!("Content-Length: {}\r\n\r\n", b.len()));
            let _ = stream.write_all(head.as_bytes());
            last_bytes();
            let _ = stream.write_all(b);
        }
        (Body::Stall, false) => {
            head.push_str("Content-Length: 1000\r\n\r\n");
            let _ = stream.write_all(head.as_bytes());
            wait_until_closed(&mut stream, &stopped);
        }
        (Body::Trickle(prefix, every), false) => {
            head.push_str("\r\n");
            if stream.write_all(head.as_bytes()).is_err() || stream.write_all(prefix).is_err() {
                return;
            }
            while !stopped() {
                thread::park_timeout(*every);
                if stream.write_all(b" ").is_err() {
                    return;
                }
            }
        }
        (Body::Endless, false) => {
            head.push_str("\r\n");
            if stream.write_all(head.as_bytes()).is_err() {
                return;
            }
            let chunk = vec![b'x'; 64 * 1024];
            while !stopped() {
                if stream.write_all(&chunk).is_err() {
                    return;
                }
            }
        }
    }
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
}

/// Holds a connection open without writing, until the client closes it or the server
/// stops.
fn wait_until_closed(stream: &mut TcpStream, stopped: &dyn Fn() -> bool) {
    let _ = stream.set_read_timeout(Some(Duration::from_millis(100)));
    let mut buf = [0u8; 64];
    while !stopped() {
        match stream.read(&mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => return,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
