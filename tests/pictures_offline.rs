//! Pictures kept for offline reading: a bookmarked article's picture, fetched once from a
//! loopback server, comes back from the data directory once the server is gone; removing a
//! feed (and retention) takes the pictures of the articles that went with it, never a
//! bookmark's.

mod common;

use std::path::Path;
use std::time::Duration;

use common::server::{Reply, TestServer};
use griot::fetch::{FetchOptions, Fetcher};
use griot::images::{DiskCache, ImageError, Limits};
use griot::library::images::{load, tidy};
use griot::model::{ArticleId, ParsedFeed, ParsedItem};
use griot::store::{AddOutcome, ArticleQuery, FeedUpdate, NewFeed, Store};

const PHOTO: &str = "/wp-content/uploads/2023/11/choigou-coulibaly.jpg";

fn seed_photo() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed/choigou-coulibaly.jpg"),
    )
    .expect("the seed photograph")
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchOptions {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
        ..FetchOptions::default()
    })
    .expect("client")
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime")
}

#[test]
fn a_bookmarked_article_s_picture_shows_with_the_server_stopped() {
    let dir = tempfile::tempdir().expect("dir");
    let cache = DiskCache::beside(&dir.path().join("griot.db"), 64 << 20);
    let server = TestServer::start(vec![(
        PHOTO,
        Reply::ok(seed_photo()).header("Content-Type", "image/jpeg"),
    )]);
    let url = server.url(PHOTO);
    let other = server.url("/never-fetched.jpg");
    let rt = runtime();
    let fetcher = fetcher();
    let online = rt.block_on(load(
        Some(&fetcher),
        Some(&cache),
        Limits::default(),
        &url,
        Some(ArticleId(1)),
    ));
    assert_eq!(online.expect("fetched").size(), (1200, 675));
    drop(server);

    let offline = rt.block_on(load(
        Some(&fetcher),
        Some(&cache),
        Limits::default(),
        &url,
        Some(ArticleId(1)),
    ));
    assert_eq!(offline.expect("from the disk").size(), (1200, 675));
    let missing = rt.block_on(load(
        Some(&fetcher),
        Some(&cache),
        Limits::default(),
        &other,
        None,
    ));
    assert!(
        matches!(&missing, Err(e @ ImageError::Fetch(_)) if e.is_network()),
        "{missing:?}"
    );
}

#[test]
fn html_served_as_a_jpeg_gives_the_alt_text_and_is_not_kept() {
    let dir = tempfile::tempdir().expect("dir");
    let cache = DiskCache::beside(&dir.path().join("griot.db"), 64 << 20);
    let server = TestServer::start(vec![(
        PHOTO,
        Reply::ok("<!DOCTYPE html><title>404</title>").header("Content-Type", "image/jpeg"),
    )]);
    let url = server.url(PHOTO);
    let got = runtime().block_on(load(
        Some(&fetcher()),
        Some(&cache),
        Limits::default(),
        &url,
        Some(ArticleId(1)),
    ));
    assert!(matches!(got, Err(ImageError::WrongType)), "{got:?}");
    assert_eq!(cache.get(&url), None);
}

fn item(uid: &str) -> ParsedItem {
    ParsedItem {
        uid: uid.into(),
        guid: Some(uid.into()),
        link: Some(format!("https://example.org/{uid}")),
        title: format!("Article {uid}"),
        content_html: Some(format!(
            r#"<p>Texte.</p><img src="https://example.org/{uid}.jpg" alt="{uid}">"#
        )),
        ..Default::default()
    }
}

#[test]
fn removing_a_feed_takes_its_pictures_but_not_a_bookmark_s() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("griot.db");
    let mut store = Store::open(&db).expect("store");
    let feed = match store
        .add_feed(&NewFeed {
            url: "https://example.org/feed".into(),
            ..Default::default()
        })
        .expect("add")
    {
        AddOutcome::Added(id) | AddOutcome::Exists(id) => id,
    };
    store
        .record_fetch_success(
            feed,
            &FeedUpdate {
                parsed: ParsedFeed {
                    items: vec![item("kept"), item("gone")],
                    ..Default::default()
                },
                etag: None,
                last_modified: None,
                new_url: None,
                next_fetch: chrono::Utc::now(),
            },
        )
        .expect("store");
    let articles = store.list_articles(&ArticleQuery::default()).expect("list");
    let id = |title: &str| {
        articles
            .iter()
            .find(|a| a.title == title)
            .expect("article")
            .id
    };
    let (kept, gone) = (id("Article kept"), id("Article gone"));
    store.set_bookmarked(&[kept], true).expect("bookmark");
    let cache = DiskCache::beside(&db, 64 << 20);
    cache
        .put(kept, "https://example.org/kept.jpg", b"K")
        .expect("put");
    cache
        .put(gone, "https://example.org/gone.jpg", b"G")
        .expect("put");

    store.remove_feed(feed).expect("remove");
    let report = tidy(&store, &db, 64 << 20).expect("tidy");
    assert_eq!(report.removed, 1);
    assert!(cache.get("https://example.org/kept.jpg").is_some());
    assert_eq!(cache.get("https://example.org/gone.jpg"), None);
}

/// The seed feed, its article page and its photograph, served on loopback.
fn seed_server() -> TestServer {
    let server = TestServer::start(Vec::<(&str, Reply)>::new());
    let base = server.base_url.clone();
    let fixture = |name: &str| {
        std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/seed")
                .join(name),
        )
        .expect("seed fixture")
        .replace("{{BASE}}", &base)
    };
    server.set_route(
        "/feed/",
        Reply::ok(fixture("africa24-feed.xml")).header("Content-Type", "application/rss+xml"),
    );
    server.set_route(
        "/le-burkina-faso-et-la-russie-envisagent-de-renforcer-leur-cooperation-militaire/",
        Reply::ok(fixture("africa24-article.html")).header("Content-Type", "text/html"),
    );
    server.set_route(
        PHOTO,
        Reply::ok(seed_photo()).header("Content-Type", "image/jpeg"),
    );
    server
}

#[test]
fn bookmarking_from_the_command_line_keeps_the_photograph_for_offline_reading() {
    let server = seed_server();
    let g = common::griot::Griot::new();
    g.ok(&["add", &server.url("/feed/")]);
    g.ok(&["refresh"]);
    let list = g.json_lines(&["list", "--json"]);
    // The short version's feed item is a summary: bookmarking it fetches the page's full text,
    // which stands the photograph under the title.
    let id = list
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.ends_with("(version courte)"))
        })
        .expect("the seed's short version")["id"]
        .to_string();
    g.ok(&["bookmark", &id]);
    let url = server.url(PHOTO);
    assert_eq!(server.hits(PHOTO), 1, "fetched once, when bookmarked");
    drop(server);

    // With the server gone, the picture comes from the data directory.
    let cache = DiskCache::beside(&g.data_dir().join("griot.db"), 64 << 20);
    let id = ArticleId(id.parse().expect("an id"));
    let kept = runtime().block_on(load(None, Some(&cache), Limits::default(), &url, Some(id)));
    assert_eq!(kept.expect("kept on disk").size(), (1200, 675));
}
