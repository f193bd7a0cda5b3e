//! Batches: several writes in one transaction, kept together or not at all.

use super::*;

fn file_store() -> (tempfile::TempDir, Store, FeedId, FeedId) {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("griot.db")).unwrap();
    let a = subscribe(&mut s, "http://example.test/a/");
    let b = subscribe(&mut s, "http://example.test/b/");
    (dir, s, a, b)
}

fn stored(dir: &tempfile::TempDir) -> u64 {
    let other = Store::open(&dir.path().join("griot.db")).unwrap();
    other.count_articles(&ArticleFilter::default()).unwrap()
}

#[test]
fn a_batch_shows_its_feeds_to_others_only_once_committed() {
    let (dir, mut s, a, b) = file_store();
    s.begin_batch().unwrap();
    s.record_fetch_success(a, &update(vec![item("a1", "A1", "un", 1)]))
        .unwrap();
    s.record_fetch_success(b, &update(vec![item("b1", "B1", "deux", 1)]))
        .unwrap();
    assert_eq!(stored(&dir), 0, "nothing is visible before the commit");
    s.commit_batch().unwrap();
    assert_eq!(stored(&dir), 2);
    let feed = s.feed(b).unwrap().unwrap();
    assert_eq!((feed.unread, feed.total), (1, 1));
    assert_eq!(feed.etag.as_deref(), Some("\"v1\""));
}

#[test]
fn a_feed_removed_meanwhile_does_not_spoil_the_batch() {
    let (dir, mut s, a, b) = file_store();
    s.remove_feed(b).unwrap();
    s.begin_batch().unwrap();
    s.record_fetch_success(a, &update(vec![item("a1", "A1", "un", 1)]))
        .unwrap();
    let gone = s.record_fetch_success(b, &update(vec![item("b1", "B1", "deux", 1)]));
    assert!(matches!(gone, Err(StoreError::NoSuchFeed(_))), "{gone:?}");
    s.commit_batch().unwrap();
    assert_eq!(stored(&dir), 1);
}

#[test]
fn a_write_left_unfinished_rolls_its_whole_batch_back() {
    let (dir, mut s, a, b) = file_store();
    s.begin_batch().unwrap();
    s.record_fetch_success(a, &update(vec![item("a1", "A1", "un", 1)]))
        .unwrap();
    // A write that failed half-way is dropped without its commit.
    let half = s.write_tx().unwrap();
    half.execute(
        "UPDATE feeds SET user_title = 'moitié' WHERE id = ?1",
        [b.0],
    )
    .unwrap();
    drop(half);
    assert!(matches!(s.commit_batch(), Err(StoreError::BatchRolledBack)));
    assert_eq!(stored(&dir), 0);
    let feed = s.feed(a).unwrap().unwrap();
    assert_eq!(
        feed.etag, None,
        "the feed's validators went with its articles"
    );
    assert_eq!(s.feed(b).unwrap().unwrap().user_title, None);
    // The store writes on as before.
    s.record_fetch_success(a, &update(vec![item("a1", "A1", "un", 1)]))
        .unwrap();
    assert_eq!(stored(&dir), 1);
}

#[test]
fn nothing_more_joins_a_spoiled_batch() {
    let (dir, mut s, a, b) = file_store();
    s.begin_batch().unwrap();
    drop(s.write_tx().unwrap());
    let refused = s.record_fetch_success(a, &update(vec![item("a1", "A1", "un", 1)]));
    assert!(
        matches!(refused, Err(StoreError::BatchRolledBack)),
        "{refused:?}"
    );
    assert!(matches!(s.commit_batch(), Err(StoreError::BatchRolledBack)));
    s.record_fetch_success(b, &update(vec![item("b1", "B1", "deux", 1)]))
        .unwrap();
    assert_eq!(stored(&dir), 1, "only the write after the batch");
}
