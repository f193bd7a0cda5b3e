//! Feeds that are not fetched over HTTP (`file:` and `exec:`), and `griot add`'s
//! discovery of a site's feed from its HTML page.

mod common;

use std::time::Duration;

use common::server::{Reply, TestServer};
use griot::fetch::{
    parse_feed, resolve_subscription, FetchError, FetchOptions, FetchOutcome, Fetcher, ParseLimits,
    Validators,
};

const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Locale</title><link>https://example.org/</link>
<item><title>Premier</title><link>a.html</link><guid>1</guid></item></channel></rss>"#;

fn fetcher(timeout: Duration, max_body: usize) -> Fetcher {
    Fetcher::new(FetchOptions {
        timeout,
        exec_timeout: timeout,
        max_body,
        ..FetchOptions::default()
    })
    .expect("client")
}

#[tokio::test]
async fn file_urls_and_paths_are_read_and_unchanged_files_are_not_modified() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("feed.xml");
    std::fs::write(&path, FEED).expect("write");
    let f = fetcher(Duration::from_secs(5), 1 << 20);
    let url = url::Url::from_file_path(&path)
        .expect("file url")
        .to_string();
    for location in [url.as_str(), path.to_str().expect("utf-8 path")] {
        let FetchOutcome::Modified(body) = f
            .fetch(location, &Validators::default())
            .await
            .expect("read")
        else {
            panic!("expected a body");
        };
        let feed = parse_feed(&body, &ParseLimits::default()).expect("parses");
        assert_eq!(feed.title.as_deref(), Some("Locale"));
        // Relative links resolve against the file's location.
        assert_eq!(
            feed.items[0].link.as_deref(),
            Some(url.replace("feed.xml", "a.html").as_str())
        );
        let again = f.fetch(location, &body.validators).await.expect("read");
        assert!(matches!(again, FetchOutcome::NotModified { .. }));
    }
}

#[tokio::test]
async fn missing_and_oversized_files_are_clear_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let f = fetcher(Duration::from_secs(5), 1024);
    let missing = dir.path().join("nope.xml");
    let e = f
        .fetch(missing.to_str().expect("path"), &Validators::default())
        .await
        .unwrap_err();
    assert!(
        e.to_string().starts_with("cannot read ") && e.to_string().contains("nope.xml"),
        "{e}"
    );
    let big = dir.path().join("big.xml");
    std::fs::write(&big, vec![b' '; 4096]).expect("write");
    let e = f
        .fetch(big.to_str().expect("path"), &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(e, FetchError::BodyTooLarge { .. }), "{e}");
}

#[tokio::test]
async fn exec_output_is_the_feed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("feed.xml");
    std::fs::write(&path, FEED).expect("write");
    let f = fetcher(Duration::from_secs(10), 1 << 20);
    let location = format!("exec:cat '{}' | sed 's/Locale/Commande/'", path.display());
    let FetchOutcome::Modified(body) = f
        .fetch(&location, &Validators::default())
        .await
        .expect("ran")
    else {
        panic!("expected a body");
    };
    let feed = parse_feed(&body, &ParseLimits::default()).expect("parses");
    assert_eq!(feed.title.as_deref(), Some("Commande"));
}

#[tokio::test]
async fn exec_failures_carry_the_first_line_of_stderr() {
    let f = fetcher(Duration::from_secs(10), 1 << 20);
    let e = f
        .fetch(
            "exec:echo 'feed server unreachable' >&2; echo second >&2; exit 3",
            &Validators::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "command exited with exit status: 3: feed server unreachable"
    );
}

#[tokio::test]
async fn exec_commands_are_killed_at_the_timeout_or_the_cap() {
    let f = fetcher(Duration::from_secs(1), 1 << 20);
    let started = std::time::Instant::now();
    let e = f
        .fetch("exec:sleep 30; echo late", &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(e, FetchError::ExecTimeout { .. }), "{e}");
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "the command was not killed"
    );
    let e = f
        .fetch("exec:yes", &Validators::default())
        .await
        .unwrap_err();
    assert!(matches!(e, FetchError::BodyTooLarge { .. }), "{e}");
}

#[tokio::test]
async fn unsupported_schemes_are_named() {
    let f = fetcher(Duration::from_secs(5), 1 << 20);
    let e = f
        .fetch("gopher://example.org/feed", &Validators::default())
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "unsupported URL scheme \"gopher\" (use http, https, file or exec:)"
    );
}

const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Le site</title>
<link rel="alternate" type="application/rss+xml" title="Articles" href="/feeds/articles.xml">
<link rel="alternate" type="application/atom+xml" title="Commentaires" href="comments.atom">
</head><body><p>Bienvenue</p></body></html>"#;

#[tokio::test]
async fn adding_a_site_discovers_its_first_feed_and_lists_the_others() {
    let server = TestServer::start(vec![
        (
            "/blog/",
            Reply::ok(PAGE).header("Content-Type", "text/html; charset=utf-8"),
        ),
        ("/feeds/articles.xml", Reply::ok(FEED)),
        (
            "/nofeeds",
            Reply::ok("<html><head></head><body>rien</body></html>"),
        ),
    ]);
    let f = fetcher(Duration::from_secs(5), 1 << 20);
    let resolved = resolve_subscription(&f, &server.url("/blog/"))
        .await
        .expect("resolved");
    assert_eq!(resolved.feed_url, server.url("/feeds/articles.xml"));
    assert_eq!(resolved.title.as_deref(), Some("Locale"));
    assert_eq!(resolved.others, vec![server.url("/blog/comments.atom")]);

    let e = resolve_subscription(&f, &server.url("/nofeeds"))
        .await
        .unwrap_err();
    assert!(matches!(e, FetchError::NoFeedFound { .. }), "{e}");
}

#[tokio::test]
async fn adding_a_feed_url_keeps_it_or_its_permanent_new_home() {
    let server = TestServer::start(vec![
        ("/feed.xml", Reply::ok(FEED)),
        ("/old.xml", Reply::redirect(301, "/feed.xml")),
    ]);
    let f = fetcher(Duration::from_secs(5), 1 << 20);
    let resolved = resolve_subscription(&f, &server.url("/feed.xml"))
        .await
        .expect("resolved");
    assert_eq!(resolved.feed_url, server.url("/feed.xml"));
    assert_eq!(resolved.title.as_deref(), Some("Locale"));
    assert!(resolved.others.is_empty());
    let resolved = resolve_subscription(&f, &server.url("/old.xml"))
        .await
        .expect("resolved");
    assert_eq!(resolved.feed_url, server.url("/feed.xml"));
}
