//! What the database does for the commands that must stay cheap: opening writes nothing, and
//! the counts a list needs are answered from an index, whatever the archive's size.

use super::*;

/// The steps of SQLite's plan for `sql` run with `params`.
fn query_plan(s: &Store, sql: &str, params: Vec<rusqlite::types::Value>) -> Vec<String> {
    s.conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap()
        .query_map(rusqlite::params_from_iter(params), |r| r.get(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn opening_an_up_to_date_database_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("griot.db");
    let mut store = Store::open(&path).unwrap();
    let feed = subscribe(&mut store, "http://example.org/feed");
    store
        .record_fetch_success(feed, &update(vec![item("a", "Sahel", "<p>corps</p>", 1)]))
        .unwrap();
    drop(store);
    // A command that only reads (`griot list`) must not write: no frame in the write-ahead
    // log, so nothing to sync and fold back when it closes.
    let reader = Store::open(&path).unwrap();
    assert_eq!(
        reader
            .list_articles(&ArticleQuery::default())
            .unwrap()
            .len(),
        1
    );
    let wal = std::fs::metadata(dir.path().join("griot.db-wal")).map_or(0, |m| m.len());
    assert_eq!(wal, 0, "opening the database wrote {wal} bytes of log");
}

#[test]
fn a_lists_position_is_counted_from_its_index_alone() {
    // Keeping the selection when a list reloads counts the articles above it: on a large
    // archive that must not read every article's row (1.6 s, cold, 50,000 rows down).
    let (s, _) = store_with_feed();
    for filter in [
        ArticleFilter::default(),
        ArticleFilter {
            feed: Some(FeedId(1)),
            ..ArticleFilter::default()
        },
    ] {
        let mut params = Vec::new();
        let sql = articles::position_sql(&filter, &mut params);
        params.push(rusqlite::types::Value::Integer(0));
        let plan = query_plan(&s, &sql, params);
        assert!(
            plan.iter().any(|step| step.contains("COVERING INDEX")),
            "{filter:?}: {plan:?}"
        );
    }
}

#[test]
fn hidden_articles_are_counted_through_their_own_index() {
    // `griot feeds` counts them for every listing: reading a list index instead took 70 ms
    // at a million articles.
    let (s, _) = store_with_feed();
    for sql in [filtering::HIDDEN_PER_FEED, filtering::HIDDEN_TOTAL] {
        let plan = query_plan(&s, sql, Vec::new());
        assert!(
            plan.iter().all(|step| step.contains("articles_hidden")),
            "{plan:?}"
        );
    }
}

#[test]
fn feeds_are_listed_in_order_from_an_index_not_sorted() {
    let (s, _) = store_with_feed();
    for sql in [feeds::ALL_FEEDS, feeds::NEXT_POSITION] {
        let plan = query_plan(&s, sql, Vec::new());
        assert!(
            plan.iter().any(|step| step.contains("feeds_by_position"))
                && !plan.iter().any(|step| step.contains("TEMP B-TREE")),
            "{sql}: {plan:?}"
        );
    }
}
