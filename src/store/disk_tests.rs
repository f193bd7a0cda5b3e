//! Disk trouble: a full disk, simulated with `PRAGMA max_page_count` (the database cannot
//! grow, exactly as when the file system is full). The error must say what is wrong, and
//! the database must stay as it was. Read-only data directories and files are tested with
//! the real binary in `tests/disk.rs`.

use chrono::Utc;

use super::{FeedUpdate, NewFeed, Store, StoreError};
use crate::model::{ArticleId, FeedId, ParsedFeed, ParsedItem};

fn items(round: usize, n: usize, body_len: usize) -> FeedUpdate {
    let body = "<p>".to_string() + &"lorem ipsum ".repeat(body_len / 12) + "</p>";
    FeedUpdate {
        parsed: ParsedFeed {
            title: Some("Feed".into()),
            items: (0..n)
                .map(|i| ParsedItem {
                    uid: format!("r{round}-{i}"),
                    title: format!("Round {round} item {i}"),
                    content_html: Some(format!("{body}<p>{round} {i} {}</p>", i * 7919)),
                    ..ParsedItem::default()
                })
                .collect(),
            ..ParsedFeed::default()
        },
        etag: None,
        last_modified: None,
        new_url: None,
        next_fetch: Utc::now(),
    }
}

fn add_feed(store: &mut Store) -> FeedId {
    match store
        .add_feed(&NewFeed {
            url: "http://example.org/feed".into(),
            ..NewFeed::default()
        })
        .expect("add")
    {
        super::AddOutcome::Added(id) | super::AddOutcome::Exists(id) => id,
    }
}

fn count(store: &Store) -> i64 {
    store
        .conn
        .query_row("SELECT count(*) FROM articles", [], |r| r.get(0))
        .expect("count")
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_database_stays_intact() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("griot.db");
    let mut store = Store::open(&path).expect("open");
    let feed = add_feed(&mut store);
    store
        .record_fetch_success(feed, &items(0, 20, 2_000))
        .expect("first fetch fits");
    store
        .set_read(&[ArticleId(1), ArticleId(2)], true)
        .expect("mark");
    store.set_bookmarked(&[ArticleId(3)], true).expect("mark");
    let before = count(&store);

    // The disk fills up: the file may not grow by more than a few pages.
    let pages: i64 = store
        .conn
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .expect("page_count");
    store
        .conn
        .pragma_update(None, "max_page_count", pages + 4)
        .expect("max_page_count");
    let err = store
        .record_fetch_success(feed, &items(1, 500, 4_000))
        .expect_err("500 new articles cannot fit");
    assert!(matches!(err, StoreError::ReadOnly(_)), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("full"),
        "the error says the disk is full: {message}"
    );
    assert!(!message.contains('\n'), "one line: {message}");

    // Nothing half-written; marks intact; the check passes.
    assert_eq!(
        count(&store),
        before,
        "the failed fetch left no article behind"
    );
    store
        .integrity_check()
        .expect("intact after the failed write");
    let a1 = store
        .article(ArticleId(1))
        .expect("read")
        .expect("article 1");
    assert!(a1.read);
    let a3 = store
        .article(ArticleId(3))
        .expect("read")
        .expect("article 3");
    assert!(a3.bookmarked);
    drop(store);

    // Space comes back (a new connection has no cap): the same fetch now succeeds.
    let mut store = Store::open(&path).expect("reopen");
    store.integrity_check().expect("intact after reopening");
    let stats = store
        .record_fetch_success(feed, &items(1, 500, 4_000))
        .expect("fits now");
    assert_eq!(stats.new, 500);
}
