//! The HTTP side of fetching against a loopback server: conditional GET, compression,
//! redirects, error statuses, Retry-After, timeouts and size caps.

mod common;

use std::time::Duration;

use common::server::{Reply, TestServer};
use griot::fetch::{FeedBody, FetchError, FetchOptions, FetchOutcome, Fetcher, Validators};

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Loopback</title><link>http://example.org/</link>
<item><title>Un</title><guid>one</guid></item></channel></rss>"#;

fn fetcher() -> Fetcher {
    Fetcher::new(FetchOptions {
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(1),
        timeout: Duration::from_secs(2),
        ..FetchOptions::default()
    })
    .expect("client")
}

fn fetcher_with_cap(max_body: usize) -> Fetcher {
    Fetcher::new(FetchOptions {
        max_body,
        timeout: Duration::from_secs(5),
        ..FetchOptions::default()
    })
    .expect("client")
}

fn body(outcome: FetchOutcome) -> FeedBody {
    match outcome {
        FetchOutcome::Modified(b) => b,
        FetchOutcome::NotModified { .. } => panic!("expected a body, got 304"),
    }
}

#[tokio::test]
async fn second_fetch_sends_both_validators_and_gets_not_modified() {
    let lm = "Wed, 25 Nov 2026 10:00:00 GMT";
    let server = TestServer::start(vec![(
        "/feed.xml",
        Reply::ok(FEED).etag("\"v1\"").last_modified(lm),
    )]);
    let f = fetcher();
    let first = body(
        f.fetch(&server.url("/feed.xml"), &Validators::default())
            .await
            .expect("200"),
    );
    assert_eq!(first.validators.etag.as_deref(), Some("\"v1\""));
    assert_eq!(first.validators.last_modified.as_deref(), Some(lm));
    assert!(first.body.starts_with(b"<?xml"));

    let second = f
        .fetch(&server.url("/feed.xml"), &first.validators)
        .await
        .expect("304");
    assert!(matches!(
        second,
        FetchOutcome::NotModified { moved_to: None }
    ));
    let req = server.last_request("/feed.xml").expect("request seen");
    assert_eq!(req.header("if-none-match"), Some("\"v1\""));
    assert_eq!(req.header("if-modified-since"), Some(lm));
    assert_eq!(server.hits("/feed.xml"), 2);
}

#[tokio::test]
async fn user_agent_and_compression_are_announced() {
    let server = TestServer::start(vec![("/feed.xml", Reply::ok(FEED))]);
    fetcher()
        .fetch(&server.url("/feed.xml"), &Validators::default())
        .await
        .expect("200");
    let req = server.last_request("/feed.xml").expect("request seen");
    assert!(req
        .header("user-agent")
        .is_some_and(|ua| ua.starts_with("griot/")));
    let ae = req.header("accept-encoding").unwrap_or_default();
    assert!(
        ae.contains("gzip") && ae.contains("br") && ae.contains("zstd"),
        "{ae}"
    );
}

#[tokio::test]
async fn gzip_bodies_are_decompressed() {
    let server = TestServer::start(vec![("/feed.xml", Reply::gzip(FEED))]);
    let got = body(
        fetcher()
            .fetch(&server.url("/feed.xml"), &Validators::default())
            .await
            .expect("200"),
    );
    assert_eq!(&got.body[..], FEED.as_bytes());
}

#[tokio::test]
async fn permanent_redirects_report_the_new_url_and_temporary_ones_do_not() {
    let server = TestServer::start(vec![
        ("/old", Reply::redirect(301, "/older")),
        ("/older", Reply::redirect(308, "/feed.xml")),
        ("/temp", Reply::redirect(302, "/feed.xml")),
        ("/perm-then-temp", Reply::redirect(301, "/temp")),
        ("/feed.xml", Reply::ok(FEED)),
    ]);
    let f = fetcher();
    let got = body(
        f.fetch(&server.url("/old"), &Validators::default())
            .await
            .expect("followed"),
    );
    assert_eq!(
        got.moved_to.as_deref(),
        Some(server.url("/feed.xml").as_str())
    );
    assert_eq!(got.final_url, server.url("/feed.xml"));

    let got = body(
        f.fetch(&server.url("/temp"), &Validators::default())
            .await
            .expect("followed"),
    );
    assert_eq!(got.moved_to, None);
    assert_eq!(got.final_url, server.url("/feed.xml"));

    let got = body(
        f.fetch(&server.url("/perm-then-temp"), &Validators::default())
            .await
            .expect("followed"),
    );
    assert_eq!(got.moved_to.as_deref(), Some(server.url("/temp").as_str()));
}

#[tokio::test]
async fn redirect_loops_and_non_http_targets_are_refused() {
    let server = TestServer::start(vec![
        ("/a", Reply::redirect(302, "/b")),
        ("/b", Reply::redirect(302, "/a")),
        ("/ftp", Reply::redirect(301, "ftp://example.org/feed.xml")),
        ("/file", Reply::redirect(302, "file:///etc/passwd")),
    ]);
    let f = fetcher();
    let e = f
        .fetch(&server.url("/a"), &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(e, FetchError::TooManyRedirects { max: 8 }), "{e}");
    assert_eq!(e.to_string(), "too many redirects (more than 8)");
    assert_eq!(server.hits("/a") + server.hits("/b"), 9);

    let e = f
        .fetch(&server.url("/ftp"), &Validators::default())
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "redirect to unsupported scheme: ftp://example.org/feed.xml"
    );
    let e = f
        .fetch(&server.url("/file"), &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(e, FetchError::RedirectScheme { .. }), "{e}");
}

#[tokio::test]
async fn error_statuses_are_reported_with_their_reason() {
    let server = TestServer::start(vec![("/boom", Reply::status(500, "oops"))]);
    let f = fetcher();
    let e = f
        .fetch(&server.url("/missing"), &Validators::default())
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "HTTP 404 Not Found");
    let e = f
        .fetch(&server.url("/boom"), &Validators::default())
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "HTTP 500 Internal Server Error");
    assert_eq!(e.retry_at(), None);
}

#[tokio::test]
async fn retry_after_in_seconds_or_as_a_date_is_carried_by_the_error() {
    let server = TestServer::start(vec![
        (
            "/busy",
            Reply::status(429, "slow down").header("Retry-After", "120"),
        ),
        (
            "/down",
            Reply::status(503, "maintenance")
                .header("Retry-After", "Fri, 01 Jan 2100 00:00:00 GMT"),
        ),
    ]);
    let f = fetcher();
    let before = chrono::Utc::now();
    let e = f
        .fetch(&server.url("/busy"), &Validators::default())
        .await
        .unwrap_err();
    let at = e.retry_at().expect("retry time");
    assert!(
        at >= before + chrono::Duration::seconds(119)
            && at <= chrono::Utc::now() + chrono::Duration::seconds(121)
    );
    assert!(
        e.to_string()
            .starts_with("HTTP 429 Too Many Requests, retry after "),
        "{e}"
    );

    let e = f
        .fetch(&server.url("/down"), &Validators::default())
        .await
        .unwrap_err();
    // A far-away date is clamped to a week.
    let at = e.retry_at().expect("retry time");
    assert!(at <= chrono::Utc::now() + chrono::Duration::days(7));
    assert!(at >= before + chrono::Duration::days(6));
}

#[tokio::test]
async fn a_stalled_server_times_out() {
    let server = TestServer::start(vec![("/stall", Reply::stall())]);
    let e = fetcher()
        .fetch(&server.url("/stall"), &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(e, FetchError::Timeout { .. }), "{e}");
    assert!(e.to_string().starts_with("timed out after "), "{e}");
}

#[tokio::test]
async fn a_server_trickling_bytes_forever_ends_at_the_overall_timeout() {
    let server = TestServer::start(vec![(
        "/trickle",
        Reply::trickle("<rss version=\"2.0\"><channel>", Duration::from_millis(100)),
    )]);
    let e = fetcher()
        .fetch(&server.url("/trickle"), &Validators::default())
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "timed out after 2 s");
}

#[tokio::test]
async fn bodies_over_the_cap_are_refused() {
    let big = "x".repeat(2 * 1024 * 1024);
    let server = TestServer::start(vec![
        ("/big", Reply::ok(big)),
        ("/endless", Reply::endless()),
    ]);
    let f = fetcher_with_cap(1024 * 1024);
    let e = f
        .fetch(&server.url("/big"), &Validators::default())
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "response body larger than 1 MiB (limit)");
    let e = f
        .fetch(&server.url("/endless"), &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(e, FetchError::BodyTooLarge { .. }), "{e}");
}

#[tokio::test]
async fn a_gzip_bomb_is_cut_off_after_decompression() {
    // 64 MiB of zeros compress to about 64 KiB: the compressed size is under the cap.
    let server = TestServer::start(vec![("/bomb", Reply::gzip_bomb(64 * 1024 * 1024))]);
    let f = fetcher_with_cap(4 * 1024 * 1024);
    let e = f
        .fetch(&server.url("/bomb"), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        matches!(e, FetchError::BodyTooLarge { limit } if limit == 4 * 1024 * 1024),
        "{e}"
    );
}

#[tokio::test]
async fn a_closed_port_is_connection_refused() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let e = fetcher()
        .fetch(
            &format!("http://127.0.0.1:{port}/feed.xml"),
            &Validators::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "connection refused by 127.0.0.1");
}

#[tokio::test]
async fn pages_are_fetched_with_the_same_rules() {
    let server = TestServer::start(vec![
        ("/moved", Reply::redirect(301, "/page.html")),
        (
            "/page.html",
            Reply::ok("<html><body>Bonjour</body></html>")
                .header("Content-Type", "text/html; charset=utf-8"),
        ),
    ]);
    let page = fetcher()
        .http()
        .get_page(&server.url("/moved"))
        .await
        .expect("page");
    assert_eq!(page.final_url, server.url("/page.html"));
    assert_eq!(page.charset(), Some("utf-8"));
    assert!(page.body.ends_with(b"</html>"));
    let e = fetcher()
        .http()
        .get_page("ftp://example.org/")
        .await
        .unwrap_err();
    assert!(matches!(e, FetchError::UnsupportedScheme { .. }), "{e}");
}

#[tokio::test]
async fn large_bodies_under_the_cap_arrive_whole() {
    let big: Vec<u8> = (0..3 * 1024 * 1024)
        .map(|i| b'a' + (i % 26) as u8)
        .collect();
    let server = TestServer::start(vec![
        ("/big", Reply::ok(big.clone())),
        ("/bigz", Reply::gzip(&big)),
    ]);
    let f = fetcher_with_cap(4 * 1024 * 1024);
    for path in ["/big", "/bigz"] {
        let got = body(
            f.fetch(&server.url(path), &Validators::default())
                .await
                .expect("fetched"),
        );
        assert_eq!(got.body.len(), big.len(), "{path}");
        assert!(got.body[..] == big[..], "{path}: content differs");
    }
}

#[tokio::test]
async fn at_most_four_large_bodies_are_held_at_once() {
    let big = vec![b'x'; 3 * 1024 * 1024];
    let server = TestServer::start(vec![("/big", Reply::ok(big))]);
    let f = Fetcher::new(FetchOptions {
        timeout: Duration::from_secs(1),
        ..FetchOptions::default()
    })
    .expect("client");
    let fetch = || async { f.fetch(&server.url("/big"), &Validators::default()).await };
    // Bodies fetched and dropped one after the other never wait.
    for _ in 0..6 {
        drop(body(fetch().await.expect("fetched")));
    }
    // Four kept alive use up the large-body allowance: a fifth waits (here: times out).
    let mut kept = Vec::new();
    for _ in 0..4 {
        kept.push(body(fetch().await.expect("fetched")));
    }
    let e = fetch().await.unwrap_err();
    assert!(matches!(e, FetchError::Timeout { .. }), "{e}");
    // Letting one go frees its place.
    kept.pop();
    assert_eq!(
        body(fetch().await.expect("fetched")).body.len(),
        3 * 1024 * 1024
    );
}

fn fidelity_fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fidelity")
            .join(name),
    )
    .expect("fixture")
}

/// Article pages are decoded as browsers decode them: the HTTP charset wins over a
/// `<meta>` that says otherwise, and a French page in windows-1252 that declares nothing
/// is recognised (curly apostrophes and "œ" included, which ISO-8859-1 lacks).
#[tokio::test]
async fn article_pages_are_decoded_in_the_browsers_order_and_detected_when_undeclared() {
    let undeclared = fidelity_fixture("page-undeclared-1252.html");
    // The same page with a `<meta>` that wrongly says UTF-8 (a common CMS mistake).
    let head = b"<head>\n";
    let at = undeclared
        .windows(head.len())
        .position(|w| w == head)
        .expect("a <head>")
        + head.len();
    let mut meta_says_utf8 = undeclared[..at].to_vec();
    meta_says_utf8.extend_from_slice(b"<meta charset=\"utf-8\">\n");
    meta_says_utf8.extend_from_slice(&undeclared[at..]);
    let server = TestServer::start(vec![
        (
            "/meta-says-utf8",
            Reply::ok(meta_says_utf8).header("Content-Type", "text/html; charset=windows-1252"),
        ),
        (
            "/undeclared",
            Reply::ok(undeclared).header("Content-Type", "text/html"),
        ),
    ]);
    let f = fetcher();
    for path in ["/meta-says-utf8", "/undeclared"] {
        let full = griot::fulltext::fetch(&f, Some(&server.url(path)))
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(
            full.title.as_deref(),
            Some("Les pêcheurs de Joal face à la saison sèche"),
            "{path}"
        );
        assert!(
            full.html
                .contains("les pirogues rentrent plus tôt qu’avant : le poisson"),
            "{path}: {}",
            full.html
        );
        assert!(full.html.contains("l’œuvre de toute une vie"), "{path}");
        assert!(!full.html.contains('\u{FFFD}'), "{path}");
    }
}
