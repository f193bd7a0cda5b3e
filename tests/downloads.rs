//! Podcasts and other enclosures: `griot downloads` against a loopback server that honours
//! `Range` and drops the first transfer halfway (after a fixed number of bytes, no timing),
//! so the second run must resume from the `.part` left on disk — in a new process, from the
//! queue kept in the database.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use common::griot::Griot;

/// An episode of recognisable bytes.
fn episode() -> Vec<u8> {
    (0..200_000u32).map(|i| (i % 251) as u8).collect()
}

/// What the server saw: each request's `Range` header (or none).
type Seen = Arc<Mutex<Vec<Option<String>>>>;

/// Serves `/feed.xml` and `/ep/episode.mp3`; the first request for the file gets its full
/// `Content-Length` but only `cut` bytes before the connection closes.
fn serve(file: Vec<u8>, cut: usize) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let seen: Seen = Arc::new(Mutex::new(Vec::new()));
    let (seen2, base2) = (seen.clone(), base.clone());
    std::thread::spawn(move || {
        let mut file_requests = 0;
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            let mut range = None;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
                    break;
                }
                if let Some((k, v)) = line.split_once(':') {
                    if k.eq_ignore_ascii_case("range") {
                        range = Some(v.trim().to_string());
                    }
                }
            }
            if request_line.contains("/feed.xml") {
                let body = format!(
                    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Podcast</title>\
                     <item><title>Episode 1</title><guid>ep1</guid><link>{base2}/ep1</link>\
                     <description>Notes</description>\
                     <enclosure url=\"{base2}/ep/episode.mp3\" length=\"{}\" type=\"audio/mpeg\"/>\
                     </item></channel></rss>",
                    file.len()
                );
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                continue;
            }
            seen2.lock().expect("lock").push(range.clone());
            file_requests += 1;
            let from: usize = range
                .as_deref()
                .and_then(|r| r.strip_prefix("bytes="))
                .and_then(|r| r.trim_end_matches('-').parse().ok())
                .unwrap_or(0);
            let rest = &file[from.min(file.len())..];
            let head = if from > 0 {
                format!(
                    "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes {from}-{}/{}\r\n",
                    file.len() - 1,
                    file.len()
                )
            } else {
                "HTTP/1.1 200 OK\r\nAccept-Ranges: bytes\r\n".to_string()
            };
            let _ = write!(
                stream,
                "{head}Content-Type: audio/mpeg\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                rest.len()
            );
            let send = if file_requests == 1 {
                &rest[..cut]
            } else {
                rest
            };
            let _ = stream.write_all(send);
            let _ = stream.flush();
        }
    });
    (base, seen)
}

#[test]
fn an_interrupted_download_resumes_from_its_part_file_in_the_next_run() {
    let file = episode();
    let cut = 120_000;
    let (base, seen) = serve(file.clone(), cut);
    let g = Griot::new();
    let dir = g.dir.path().join("podcasts");
    std::fs::write(
        g.config_path(),
        format!(
            "[enclosures]\ndownload_dir = \"{}\"\n",
            dir.display().to_string().replace('\\', "/")
        ),
    )
    .expect("config");
    g.ok(&["add", &format!("{base}/feed.xml")]);
    g.ok(&["refresh"]);
    let id = g.json_lines(&["list", "--json"])[0]["id"]
        .as_i64()
        .expect("article id");
    let queued = g.ok(&["downloads", "add", &id.to_string()]);
    assert!(queued.contains("episode.mp3"), "{queued}");

    // The first run is cut off: the bytes received stay in episode.mp3.part.
    let first = g.run(&["downloads", "run"]);
    assert_eq!(first.status.code(), Some(2), "{first:?}");
    let part = dir.join("episode.mp3.part");
    assert_eq!(
        std::fs::metadata(&part).expect("part file").len(),
        cut as u64
    );
    let listed = g.json_lines(&["downloads", "--json"]);
    assert_eq!(listed[0]["state"], "failed");
    assert_eq!(listed[0]["received"], cut as u64);

    // A new process resumes from there and asks only for the rest.
    g.ok(&["downloads", "run"]);
    assert_eq!(std::fs::read(dir.join("episode.mp3")).expect("file"), file);
    assert!(!part.exists());
    assert_eq!(
        *seen.lock().expect("lock"),
        vec![None, Some(format!("bytes={cut}-"))]
    );
    let listed = g.json_lines(&["downloads", "--json"]);
    assert_eq!(listed[0]["state"], "done");
    assert_eq!(listed[0]["received"], file.len() as u64);
}

#[test]
fn show_formats_give_the_articles_text() {
    let (base, _) = serve(episode(), 10);
    let g = Griot::new();
    g.ok(&["add", &format!("{base}/feed.xml")]);
    g.ok(&["refresh"]);
    let id = g.json_lines(&["list", "--json"])[0]["id"]
        .as_i64()
        .expect("article id")
        .to_string();
    let md = g.ok(&["show", &id, "--format", "md"]);
    assert!(
        md.starts_with(&format!(
            "# Episode 1\n\n*Podcast*\n\n<{base}/ep1>\n\nNotes\n"
        )),
        "{md}"
    );
    assert!(
        md.ends_with(&format!(
            "\n## Attached files\n\n- [episode.mp3]({base}/ep/episode.mp3) — audio/mpeg, 200.0 KB\n"
        )),
        "{md}"
    );
    let txt = g.ok(&["show", &id, "--format", "txt"]);
    assert!(txt.starts_with("Episode 1\nPodcast\n"), "{txt}");
    assert!(
        txt.contains("Attached files:\n  1. episode.mp3 — audio/mpeg, 200.0 KB\n"),
        "{txt}"
    );
    let html = g.ok(&["show", &id, "--format", "html"]);
    assert!(
        html.contains("<h1>Episode 1</h1>") && html.contains("<p>Notes</p>"),
        "{html}"
    );
}

#[test]
fn config_check_names_the_line_of_an_unknown_macro_action() {
    let g =
        Griot::with_config("[[macro]]\nkey = \",\"\nactions = [\"toggle-read\", \"nxt-unread\"]\n");
    let out = g.run(&["config", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "config.toml:3: `actions`: unknown action `nxt-unread` in a [[macro]]; did you mean `next_unread`?"
        ),
        "{err}"
    );
}
