//! No test reaches beyond loopback. Every test-built griot (the library in the test process
//! and the `griot` binary the tests run) has the `loopback-only` feature, which the crate's
//! dev-dependency on itself turns on: its HTTP client refuses any host that is not a
//! loopback IP address before resolving a name or opening a socket. These tests prove it with
//! addresses that are never contacted: 192.0.2.1 and 2001:db8::1 are documentation
//! addresses (TEST-NET-1, RFC 5737; RFC 3849), and the names are refused before any DNS
//! query.
//!
//! Without the guard each case would try to connect: the client's time limits are set far
//! above what a refusal takes, so the error would be a time-out or a network error, not the
//! refusal these tests expect.

mod common;

use std::time::Duration;

use common::griot::Griot;
use common::server::{Reply, TestServer};
use griot::fetch::{FetchError, FetchOptions, Fetcher};

const OFF_LOOPBACK: &[&str] = &[
    "http://192.0.2.1/feed.xml",
    "https://192.0.2.1/feed.xml",
    "http://[2001:db8::1]/feed.xml",
    "https://africa24tv.com/feed/",
    "http://localhost.example/feed.xml",
];

fn fetcher() -> Fetcher {
    Fetcher::new(FetchOptions {
        connect_timeout: Duration::from_secs(60),
        read_timeout: Duration::from_secs(60),
        timeout: Duration::from_secs(120),
        ..FetchOptions::default()
    })
    .expect("client")
}

/// The refusal the guard gives, and nothing else.
fn assert_refused(e: &FetchError, url: &str) {
    match e {
        FetchError::Connect { reason, .. } => assert!(
            reason.contains("connects to loopback addresses only"),
            "{url}: refused for another reason: {e}"
        ),
        other => panic!("{url}: expected the loopback refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_test_built_client_refuses_every_address_off_loopback() {
    let f = fetcher();
    for url in OFF_LOOPBACK {
        let e = f.http().get_page(url).await.expect_err(url);
        assert_refused(&e, url);
    }
}

#[tokio::test]
async fn a_redirect_off_loopback_is_refused_and_loopback_still_works() {
    let server = TestServer::start(vec![
        ("/away", Reply::redirect(302, "http://192.0.2.1/feed.xml")),
        ("/page.html", Reply::ok("<html><body>ici</body></html>")),
    ]);
    let f = fetcher();
    let page = f
        .http()
        .get_page(&server.url("/page.html"))
        .await
        .expect("a loopback page is fetched");
    assert!(page.body.ends_with(b"</html>"));
    let e = f
        .http()
        .get_page(&server.url("/away"))
        .await
        .expect_err("a redirect off loopback");
    assert_refused(&e, "/away");
    assert_eq!(server.hits("/away"), 1);
}

#[test]
fn the_test_built_binary_refuses_to_fetch_off_loopback() {
    let g = Griot::new();
    let urls: String = OFF_LOOPBACK.iter().map(|u| format!("{u}\n")).collect();
    let file = g.file("urls", &urls);
    g.ok(&["import", file.to_str().expect("utf-8 path")]);
    let out = g.run(&["refresh"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "every feed failed: {stderr}");
    for url in OFF_LOOPBACK {
        let line = stderr
            .lines()
            .find(|l| l.contains(url))
            .unwrap_or_else(|| panic!("no failure line for {url}: {stderr}"));
        assert!(
            line.contains("connects to loopback addresses only"),
            "{url} was not refused by the guard: {line}"
        );
    }
    // `add` checks the address first (and subscribes anyway, saying it could not check):
    // that check is refused the same way.
    let add = g.run(&["add", "http://192.0.2.1/"]);
    let err = String::from_utf8_lossy(&add.stderr);
    assert_eq!(add.status.code(), Some(0), "{err}");
    assert!(
        err.contains("could not check http://192.0.2.1/")
            && err.contains("connects to loopback addresses only"),
        "{err}"
    );
}
