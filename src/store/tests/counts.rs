//! The feeds' kept counts after every write that stores articles, now that the writes
//! count what they insert themselves (migration 14).

use super::*;

/// Each feed's kept (unread, total) against a count of its articles.
fn assert_counts_match(s: &Store, step: &str) {
    for f in s.feeds().unwrap() {
        let counted: (i64, i64) = s
            .conn
            .query_row(
                "SELECT coalesce(sum(read = 0), 0), count(*) FROM articles
                 WHERE feed_id = ?1 AND purged = 0 AND hidden = 0",
                [f.id.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(
            (f.unread as i64, f.total as i64),
            counted,
            "{step}: {}",
            f.url
        );
    }
}

#[test]
fn no_trigger_runs_when_an_article_is_stored() {
    let (s, _) = store_with_feed();
    let triggers: Vec<String> = s
        .conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .filter(|name: &String| {
            let sql: String = s
                .conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .unwrap();
            sql.to_uppercase().contains("INSERT ON ARTICLES")
        })
        .collect();
    assert_eq!(triggers, Vec::<String>::new());
}

#[test]
fn every_write_that_stores_articles_counts_them() {
    let (mut s, id) = store_with_feed();
    s.record_fetch_success(
        id,
        &update(vec![item("a", "A", "un", 1), item("b", "B", "deux", 2)]),
    )
    .unwrap();
    assert_counts_match(&s, "refresh");
    assert_eq!(s.feed(id).unwrap().unwrap().unread, 2);

    let mut import = s.begin_archive_import().unwrap();
    import
        .feed(&ArchivedFeed {
            feed: NewFeed {
                url: "http://example.test/archive/".into(),
                ..Default::default()
            },
            title: Some("Archive".into()),
            site_url: None,
            articles: vec![
                ArchivedArticle {
                    item: item("c", "C", "trois", 3),
                    read: true,
                    bookmark_tags: None,
                },
                ArchivedArticle {
                    item: item("d", "D", "quatre", 4),
                    read: false,
                    bookmark_tags: None,
                },
            ],
        })
        .unwrap();
    import.commit().unwrap();
    assert_counts_match(&s, "archive import");

    s.apply_remote_feeds(&[RemoteFeed {
        remote_id: "7".into(),
        url: "http://example.test/remote/".into(),
        title: "Distant".into(),
        site_url: None,
        category: None,
    }])
    .unwrap();
    let entry = |n: &str, read| RemoteEntry {
        remote_id: n.into(),
        feed_remote_id: "7".into(),
        title: format!("Entrée {n}"),
        link: Some(format!("http://example.test/remote/{n}")),
        read,
        ..Default::default()
    };
    let new = s
        .apply_remote_entries(&[entry("1", false), entry("2", true)], &[])
        .unwrap();
    assert_eq!(new, 2);
    assert_counts_match(&s, "sync");

    let feeds: Vec<FeedId> = s.feeds().unwrap().iter().map(|f| f.id).collect();
    steps::fill(&mut s, &feeds, 5).unwrap();
    assert_counts_match(&s, "bulk fill");
    let totals: Vec<u64> = s.feeds().unwrap().iter().map(|f| f.total).collect();
    assert_eq!(totals, vec![7, 7, 7]);
}
