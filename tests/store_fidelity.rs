//! What the store promises scripts and the reader: ids are never reused (a script that
//! holds the id of a removed feed or article must not act on a newer one that took its
//! place), and an article without a date sorts by when griot first saw it.

use griot::model::{ParsedFeed, ParsedItem};
use griot::store::{AddOutcome, ArticleFilter, ArticleQuery, FeedUpdate, NewFeed, Store};

fn add(store: &mut Store, url: &str) -> griot::model::FeedId {
    match store
        .add_feed(&NewFeed {
            url: url.into(),
            ..NewFeed::default()
        })
        .expect("add")
    {
        AddOutcome::Added(id) => id,
        AddOutcome::Exists(_) => panic!("{url} already there"),
    }
}

fn fill(store: &mut Store, feed: griot::model::FeedId, uids: &[&str]) -> Vec<i64> {
    let items = uids
        .iter()
        .map(|uid| ParsedItem {
            uid: (*uid).into(),
            title: format!("Article {uid}"),
            ..ParsedItem::default()
        })
        .collect();
    store_items(store, feed, items);
    let mut ids: Vec<i64> = titles_and_ids(store, feed).iter().map(|a| a.1).collect();
    ids.sort_unstable();
    ids
}

fn store_items(store: &mut Store, feed: griot::model::FeedId, items: Vec<ParsedItem>) {
    store
        .record_fetch_success(
            feed,
            &FeedUpdate {
                parsed: ParsedFeed {
                    title: Some("F".into()),
                    items,
                    ..ParsedFeed::default()
                },
                etag: None,
                last_modified: None,
                new_url: None,
                next_fetch: chrono::Utc::now(),
            },
        )
        .expect("stored");
}

/// The feed's articles as the lists show them, newest first.
fn titles_and_ids(store: &Store, feed: griot::model::FeedId) -> Vec<(String, i64)> {
    store
        .list_articles(&ArticleQuery {
            filter: ArticleFilter {
                feed: Some(feed),
                ..ArticleFilter::default()
            },
            ..ArticleQuery::default()
        })
        .expect("list")
        .iter()
        .map(|a| (a.title.clone(), a.id.0))
        .collect()
}

#[test]
fn removing_the_newest_feed_and_its_articles_frees_no_id() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("griot.db");
    let mut store = Store::open(&path).expect("store");
    let old = add(&mut store, "https://a.example/feed");
    fill(&mut store, old, &["a1", "a2"]);
    let newest = add(&mut store, "https://b.example/feed");
    let removed_articles = fill(&mut store, newest, &["b1", "b2"]);
    store.remove_feed(newest).expect("removed");
    // The ids survive closing and reopening the database.
    drop(store);
    let mut store = Store::open(&path).expect("reopened");
    let next = add(&mut store, "https://c.example/feed");
    assert!(
        next.0 > newest.0,
        "feed {next} reuses the removed feed's id {newest}"
    );
    let next_articles = fill(&mut store, next, &["c1"]);
    assert!(
        next_articles[0] > *removed_articles.last().expect("two"),
        "article {next_articles:?} reuses a removed id {removed_articles:?}"
    );
    let saved = store
        .save_page("https://d.example/page", "Page", None, None, "<p>x</p>")
        .expect("saved");
    assert!(saved.0 > next_articles[0]);
}

#[test]
fn an_undated_article_sorts_by_when_it_was_first_seen() {
    let mut store = Store::open_in_memory().expect("store");
    let feed = add(&mut store, "https://a.example/feed");
    let item = |uid: &str, published: Option<chrono::DateTime<chrono::Utc>>| ParsedItem {
        uid: uid.into(),
        title: uid.into(),
        published,
        ..ParsedItem::default()
    };
    let old = chrono::DateTime::parse_from_rfc3339("2023-11-08T10:00:00Z")
        .expect("date")
        .to_utc();
    store_items(
        &mut store,
        feed,
        vec![item("undated", None), item("2023", Some(old))],
    );
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    store_items(
        &mut store,
        feed,
        vec![
            item("newer", Some(later)),
            item("undated", None),
            item("2023", Some(old)),
        ],
    );
    let order: Vec<String> = titles_and_ids(&store, feed)
        .into_iter()
        .map(|a| a.0)
        .collect();
    assert_eq!(order, vec!["newer", "undated", "2023"]);
}
