//! Refreshing feeds into a real store from a loopback server: what a user sees after
//! `griot refresh` or the TUI's background refresh.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::server::{Reply, TestServer};
use griot::fetch::FetchOptions;
use griot::model::{ArticleId, FeedId};
use griot::refresh::{refresh, FeedOutcome, RefreshEvent, RefreshOptions, Selection, Summary};
use griot::store::{AddOutcome, ArticleQuery, NewFeed, Store};
use tokio::sync::mpsc;

fn rss(title: &str, items: &[(&str, &str, &str)]) -> String {
    let mut s = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>{title}</title><link>https://example.org/</link>");
    for (guid, t, body) in items {
        s.push_str(&format!(
            "<item><title>{t}</title><guid>{guid}</guid><link>https://example.org/{guid}</link><description>{body}</description></item>"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

fn options() -> RefreshOptions {
    RefreshOptions {
        fetch: FetchOptions {
            connect_timeout: Duration::from_secs(2),
            read_timeout: Duration::from_secs(1),
            timeout: Duration::from_secs(2),
            exec_timeout: Duration::from_secs(2),
            max_body: 1024 * 1024,
            ..FetchOptions::default()
        },
        ..RefreshOptions::default()
    }
}

fn add(store: &mut Store, url: &str) -> FeedId {
    match store
        .add_feed(&NewFeed {
            url: url.to_string(),
            ..NewFeed::default()
        })
        .expect("add")
    {
        AddOutcome::Added(id) | AddOutcome::Exists(id) => id,
    }
}

async fn run(store: Store, selection: Selection) -> (Store, Summary, Vec<RefreshEvent>) {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let (store, summary) = refresh(store, &options(), selection, Some(tx))
        .await
        .expect("refresh runs");
    let mut events = Vec::new();
    while let Ok(e) = rx.try_recv() {
        events.push(e);
    }
    (store, summary, events)
}

fn titles(store: &Store) -> Vec<String> {
    let mut t: Vec<String> = store
        .list_articles(&ArticleQuery::default())
        .expect("list")
        .into_iter()
        .map(|a| a.title)
        .collect();
    t.sort();
    t
}

#[tokio::test]
async fn cold_then_warm_refresh_stores_once_and_then_costs_only_304s() {
    let server = TestServer::start(vec![
        (
            "/a.xml",
            Reply::ok(rss("A", &[("a1", "Un", "x"), ("a2", "Deux", "y")])).etag("\"a\""),
        ),
        (
            "/b.xml",
            Reply::ok(rss("B", &[("b1", "Trois", "z")]))
                .last_modified("Wed, 25 Nov 2026 10:00:00 GMT"),
        ),
    ]);
    let mut store = Store::open_in_memory().expect("store");
    let a = add(&mut store, &server.url("/a.xml"));
    add(&mut store, &server.url("/b.xml"));

    let (store, summary, events) = run(store, Selection::All).await;
    assert_eq!(
        summary.line(),
        "2 feeds: 3 new, 0 updated, 0 unchanged, 0 failed"
    );
    assert_eq!(events.first(), Some(&RefreshEvent::Started { total: 2 }));
    assert_eq!(
        events
            .iter()
            .filter(|e| matches!(e, RefreshEvent::FeedDone { .. }))
            .count(),
        2
    );
    assert!(matches!(events.last(), Some(RefreshEvent::Finished(s)) if *s == summary));
    assert_eq!(titles(&store), ["Deux", "Trois", "Un"]);
    let feed = store.feed(a).expect("query").expect("feed");
    assert_eq!(feed.title, "A");
    assert_eq!(feed.etag.as_deref(), Some("\"a\""));

    let (store, summary, events) = run(store, Selection::All).await;
    assert_eq!(
        summary.line(),
        "2 feeds: 0 new, 0 updated, 2 unchanged, 0 failed"
    );
    assert!(events
        .iter()
        .filter_map(|e| match e {
            RefreshEvent::FeedDone { outcome, .. } => Some(outcome),
            _ => None,
        })
        .all(|o| *o == FeedOutcome::NotModified));
    assert_eq!(titles(&store).len(), 3);
    assert_eq!(
        server
            .last_request("/a.xml")
            .and_then(|r| r.header("if-none-match").map(String::from))
            .as_deref(),
        Some("\"a\"")
    );
}

#[tokio::test]
async fn changed_items_are_updated_and_keep_their_read_and_bookmark_state() {
    let server = TestServer::start(vec![(
        "/f.xml",
        Reply::ok(rss("F", &[("one", "Premier", "version 1")])),
    )]);
    let mut store = Store::open_in_memory().expect("store");
    add(&mut store, &server.url("/f.xml"));
    let (mut store, summary, _) = run(store, Selection::All).await;
    assert_eq!(summary.new, 1);
    let id: ArticleId = store.list_articles(&ArticleQuery::default()).expect("list")[0].id;
    store.set_read(&[id], true).expect("read");
    store.set_bookmarked(&[id], true).expect("bookmark");

    server.set_route(
        "/f.xml",
        Reply::ok(rss(
            "F",
            &[
                ("two", "Second", "nouveau"),
                ("one", "Premier (corrigé)", "version 2"),
            ],
        )),
    );
    let (store, summary, _) = run(store, Selection::All).await;
    assert_eq!((summary.new, summary.updated), (1, 1));
    let article = store.article(id).expect("query").expect("still there");
    assert_eq!(article.title, "Premier (corrigé)");
    assert_eq!(article.summary_html.as_deref(), Some("version 2"));
    assert!(
        article.read && article.bookmarked,
        "read and bookmark state kept"
    );
    assert_eq!(
        titles(&store),
        ["Premier (corrigé)", "Second"],
        "no duplicates"
    );
}

#[tokio::test]
async fn a_permanent_redirect_updates_the_stored_url() {
    let server = TestServer::start(vec![
        ("/old.xml", Reply::redirect(301, "/new.xml")),
        (
            "/new.xml",
            Reply::ok(rss("N", &[("n", "Nouvelle adresse", "")])),
        ),
        ("/temp.xml", Reply::redirect(302, "/new2.xml")),
        ("/new2.xml", Reply::ok(rss("T", &[("t", "Temporaire", "")]))),
    ]);
    let mut store = Store::open_in_memory().expect("store");
    let moved = add(&mut store, &server.url("/old.xml"));
    let temp = add(&mut store, &server.url("/temp.xml"));
    let (store, summary, _) = run(store, Selection::All).await;
    assert_eq!(summary.failed, 0, "{:?}", summary.failures);
    assert_eq!(
        store.feed(moved).expect("q").expect("feed").url,
        server.url("/new.xml")
    );
    assert_eq!(
        store.feed(temp).expect("q").expect("feed").url,
        server.url("/temp.xml")
    );
}

#[tokio::test]
async fn failures_stay_with_their_feed_and_back_off() {
    let server = TestServer::start(vec![
        ("/ok.xml", Reply::ok(rss("OK", &[("k", "Bien", "")]))),
        (
            "/busy.xml",
            Reply::status(429, "").header("Retry-After", "3600"),
        ),
        ("/stall.xml", Reply::stall()),
        (
            "/broken.xml",
            Reply::ok("<rss version=\"2.0\"><channel><title>x</title>\n<item></channel></rss>"),
        ),
    ]);
    let mut store = Store::open_in_memory().expect("store");
    let ok = add(&mut store, &server.url("/ok.xml"));
    let busy = add(&mut store, &server.url("/busy.xml"));
    add(&mut store, &server.url("/stall.xml"));
    add(&mut store, &server.url("/broken.xml"));
    add(&mut store, &server.url("/missing.xml"));
    let before = chrono::Utc::now();
    let (store, summary, _) = run(store, Selection::All).await;
    assert_eq!(
        summary.line(),
        "5 feeds: 1 new, 0 updated, 0 unchanged, 4 failed"
    );
    let mut messages: Vec<(String, String)> = summary
        .failures
        .iter()
        .map(|f| {
            (
                f.url.rsplit('/').next().unwrap_or("").to_string(),
                f.failure.message.to_string(),
            )
        })
        .collect();
    messages.sort();
    assert_eq!(messages[0].0, "broken.xml");
    assert!(
        messages[0].1.starts_with("parse error at line 2"),
        "{}",
        messages[0].1
    );
    assert!(
        messages[1]
            .1
            .starts_with("HTTP 429 Too Many Requests, retry after"),
        "{}",
        messages[1].1
    );
    assert_eq!(messages[2].1, "HTTP 404 Not Found");
    assert!(
        messages[3].1.starts_with("timed out after"),
        "{}",
        messages[3].1
    );
    assert_eq!(titles(&store), ["Bien"]);

    let busy = store.feed(busy).expect("q").expect("feed");
    assert_eq!(busy.error_count, 1);
    let next = busy.next_fetch.expect("scheduled");
    assert!(
        next >= before + chrono::Duration::seconds(3599),
        "Retry-After honoured"
    );
    assert!(
        store
            .feed(ok)
            .expect("q")
            .expect("feed")
            .next_fetch
            .expect("scheduled")
            > before
    );

    // A scheduled refresh now finds nothing due; naming a feed fetches it anyway.
    let (store, summary, _) = run(store, Selection::Due).await;
    assert_eq!(summary.feeds, 0);
    let hits = server.hits("/ok.xml");
    let (_, summary, _) = run(store, Selection::Feeds(vec![ok])).await;
    assert_eq!(summary.feeds, 1);
    assert_eq!(server.hits("/ok.xml"), hits + 1);
}

#[tokio::test]
async fn the_per_host_limit_holds_and_everything_gets_fetched() {
    let served = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&served);
    let server = TestServer::start(vec![(
        "/feed.xml",
        Reply::handler(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
            Reply::ok(rss("Same host", &[("x", "X", "")])).delayed(Duration::from_millis(100))
        }),
    )]);
    let mut store = Store::open_in_memory().expect("store");
    for i in 0..8 {
        add(&mut store, &format!("{}?n={i}", server.url("/feed.xml")));
    }
    let (_, summary, _) = run(store, Selection::All).await;
    assert_eq!(summary.feeds, 8);
    assert_eq!(summary.failed, 0);
    assert_eq!(served.load(Ordering::SeqCst), 8);
    assert!(
        server.max_in_flight() <= 2,
        "per-host limit broken: {}",
        server.max_in_flight()
    );
}

#[tokio::test]
async fn hostile_servers_fail_alone_and_the_refresh_ends() {
    let mut many = String::from("<rss version=\"2.0\"><channel><title>Many</title>");
    for i in 0..10_500 {
        many.push_str(&format!(
            "<item><title>t{i}</title><guid>g{i}</guid></item>"
        ));
    }
    many.push_str("</channel></rss>");
    let server = TestServer::start(vec![
        ("/good.xml", Reply::ok(rss("Good", &[("g", "Bon", "")]))),
        (
            "/trickle.xml",
            Reply::trickle("<rss version=\"2.0\">", Duration::from_millis(100)),
        ),
        ("/endless.xml", Reply::endless()),
        ("/bomb.xml", Reply::gzip_bomb(32 * 1024 * 1024)),
        ("/loop.xml", Reply::redirect(302, "/loop.xml")),
        (
            "/ftp.xml",
            Reply::redirect(301, "ftp://example.org/feed.xml"),
        ),
        (
            "/html.xml",
            Reply::ok("<!DOCTYPE html><html><body>hello</body></html>"),
        ),
        ("/many.xml", Reply::ok(many)),
        (
            "/escapes.xml",
            Reply::ok(rss(
                "Evil\u{1b}]0;pwned\u{7}",
                &[("e", "Title \u{202e}reversed", "")],
            )),
        ),
    ]);
    let mut store = Store::open_in_memory().expect("store");
    for path in [
        "/good.xml",
        "/trickle.xml",
        "/endless.xml",
        "/bomb.xml",
        "/loop.xml",
        "/ftp.xml",
        "/html.xml",
        "/many.xml",
        "/escapes.xml",
    ] {
        add(&mut store, &server.url(path));
    }
    add(&mut store, "exec:yes");
    let (store, summary, _) = run(store, Selection::All).await;
    assert_eq!(summary.feeds, 10);
    assert_eq!(summary.failed, 7, "{:#?}", summary.failures);
    assert_eq!(
        summary.new,
        1 + 10_000 + 1,
        "good, the capped big feed and the escaped one"
    );
    for f in &summary.failures {
        assert!(!f.failure.message.to_string().contains('\n'));
    }
    assert!(titles(&store).contains(&"Bon".to_string()));
}
