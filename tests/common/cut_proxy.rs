//! A loopback HTTP proxy that passes requests to a server until one matches a rule, then
//! holds that request unanswered (to kill the client at a known point) or cuts its connection
//! (the server going away mid-sync). Each request gets its own upstream connection
//! (`Connection: close` is added), so every request line is seen.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;

/// What happens to the matching request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Held with no answer until the proxy is dropped.
    Hold,
    /// Its connection is closed at once, with no answer.
    Close,
}

/// A running proxy; stops when dropped.
pub struct CutProxy {
    /// "http://127.0.0.1:PORT"
    pub base_url: String,
    /// Receives the matching request line once it has been cut.
    pub cut: Mutex<mpsc::Receiver<String>>,
    stop: Arc<AtomicBool>,
    addr: std::net::SocketAddr,
}

impl CutProxy {
    /// Forwards to `upstream` ("127.0.0.1:PORT") and cuts the `nth` (1-based) request whose
    /// request line contains `pattern`.
    pub fn start(upstream: &str, pattern: &str, nth: usize, cut: Cut) -> CutProxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let seen = Arc::new(AtomicUsize::new(0));
        let (upstream, pattern) = (upstream.to_string(), pattern.to_string());
        let stop2 = Arc::clone(&stop);
        thread::spawn(move || {
            let held = Arc::new(Mutex::new(Vec::new()));
            for conn in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let ctx = (
                    upstream.clone(),
                    pattern.clone(),
                    Arc::clone(&seen),
                    tx.clone(),
                    Arc::clone(&held),
                );
                thread::spawn(move || {
                    let (upstream, pattern, seen, tx, held) = ctx;
                    let _ = relay(conn, &upstream, |line| {
                        if line.contains(&pattern) && seen.fetch_add(1, Ordering::SeqCst) + 1 == nth
                        {
                            let _ = tx.send(line.to_string());
                            Some(cut)
                        } else {
                            None
                        }
                    })
                    .map(|kept| {
                        if let Some(kept) = kept {
                            held.lock().expect("lock").push(kept);
                        }
                    });
                });
            }
        });
        CutProxy {
            base_url: format!("http://{addr}"),
            cut: Mutex::new(rx),
            stop,
            addr,
        }
    }

    /// Waits until the rule has cut its request; returns the request line.
    pub fn wait_cut(&self) -> String {
        self.cut
            .lock()
            .expect("lock")
            .recv_timeout(std::time::Duration::from_secs(120))
            .expect("the proxy saw the request it was to cut")
    }
}

impl Drop for CutProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(self.addr);
    }
}

/// Relays one request; returns the client connection when it is held.
fn relay(
    client: TcpStream,
    upstream: &str,
    rule: impl Fn(&str) -> Option<Cut>,
) -> std::io::Result<Option<TcpStream>> {
    let mut reader = BufReader::new(client.try_clone()?);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let end = line == "\r\n";
        if !line.to_ascii_lowercase().starts_with("connection:") && !end {
            head.push_str(&line);
        }
        if end {
            break;
        }
    }
    let request_line = head.lines().next().unwrap_or("").to_string();
    match rule(&request_line) {
        Some(Cut::Hold) => return Ok(Some(client)),
        Some(Cut::Close) => {
            let _ = client.shutdown(Shutdown::Both);
            return Ok(None);
        }
        None => {}
    }
    head.push_str("Connection: close\r\n\r\n");
    let mut server = TcpStream::connect(upstream)?;
    server.write_all(head.as_bytes())?;
    // Whatever the reader buffered (the start of a body) goes first, then the rest.
    let buffered = reader.buffer().to_vec();
    server.write_all(&buffered)?;
    let mut to_server = server.try_clone()?;
    let mut from_client = reader.into_inner();
    thread::spawn(move || {
        let _ = std::io::copy(&mut from_client, &mut to_server);
    });
    let mut to_client = client;
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = server.read(&mut buf)?;
        if n == 0 {
            break;
        }
        to_client.write_all(&buf[..n])?;
    }
    let _ = to_client.shutdown(Shutdown::Both);
    Ok(None)
}
