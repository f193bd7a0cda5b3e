//! Database tests: migrations, subscriptions, refresh bookkeeping, search and retention.

use chrono::{Duration, TimeZone, Utc};

use super::*;
use crate::model::{ArticleId, FeedId, ParsedFeed, ParsedItem};

mod batch;
mod cache;
mod counts;
mod feed_lists;
mod plans;
mod prefix;
mod ranking;
mod snippets;

fn item(uid: &str, title: &str, body: &str, days_ago: i64) -> ParsedItem {
    ParsedItem {
        uid: uid.to_string(),
        guid: Some(uid.to_string()),
        link: Some(format!("http://example.test/{uid}")),
        title: title.to_string(),
        author: Some("Rédaction".into()),
        published: Some(Utc::now() - Duration::days(days_ago)),
        updated: None,
        summary_html: Some(format!("<p>{body}</p>")),
        content_html: Some(format!("<p>{body}</p><p>suite de l&#8217;article</p>")),
        ..Default::default()
    }
}

fn update(items: Vec<ParsedItem>) -> FeedUpdate {
    FeedUpdate {
        parsed: ParsedFeed {
            title: Some("Africa24 TV".into()),
            site_url: Some("http://example.test/".into()),
            min_interval_secs: None,
            items,
        },
        etag: Some("\"v1\"".into()),
        last_modified: None,
        new_url: None,
        next_fetch: Utc::now(),
    }
}

fn store_with_feed() -> (Store, FeedId) {
    let mut s = Store::open_in_memory().unwrap();
    let id = subscribe(&mut s, "http://example.test/feed/");
    (s, id)
}

fn subscribe(s: &mut Store, url: &str) -> FeedId {
    let AddOutcome::Added(id) = s
        .add_feed(&NewFeed {
            url: url.into(),
            ..Default::default()
        })
        .unwrap()
    else {
        panic!("new feed")
    };
    id
}

#[test]
fn migrates_empty_database_and_every_earlier_version() {
    for from in 0..=migrations::LATEST {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("griot.db");
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            migrations::migrate_to(&mut conn, from).unwrap();
            assert_eq!(migrations::version(&conn).unwrap(), from);
            if from >= 1 {
                conn.execute(
                    "INSERT INTO feeds(url, created_at) VALUES ('http://old.test/', 0)",
                    [],
                )
                .unwrap();
            }
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(store.schema_version().unwrap(), migrations::LATEST);
        store.integrity_check().unwrap();
        let feeds = store.feeds().unwrap();
        assert_eq!(
            feeds.len(),
            usize::from(from >= 1),
            "data survives from v{from}"
        );
    }
}

#[test]
fn refuses_a_newer_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("griot.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", migrations::LATEST + 1)
            .unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert!(err.to_string().contains("newer griot"), "{err}");
}

#[test]
fn adding_twice_reports_existing_and_import_is_atomic() {
    let (mut s, id) = store_with_feed();
    assert_eq!(
        s.add_feed(&NewFeed {
            url: "http://example.test/feed/".into(),
            ..Default::default()
        })
        .unwrap(),
        AddOutcome::Exists(id)
    );
    let report = s
        .import_feeds(&[
            NewFeed {
                url: "http://example.test/feed/".into(),
                ..Default::default()
            },
            NewFeed {
                url: "http://other.test/rss".into(),
                title: Some("Autre".into()),
                tags: vec!["afrique".into(), "eco".into()],
                hidden: false,
            },
        ])
        .unwrap();
    assert_eq!(report.added, vec!["http://other.test/rss"]);
    assert_eq!(report.existing, vec!["http://example.test/feed/"]);
    let other = s.find_feed("http://other.test/rss").unwrap().unwrap();
    assert_eq!(other.title, "Autre");
    assert_eq!(other.tags, vec!["afrique", "eco"]);
    assert_eq!(
        s.find_feed(&other.id.to_string()).unwrap().unwrap().id,
        other.id
    );
}

#[test]
fn refresh_keeps_read_and_bookmark_state_and_never_duplicates() {
    let (mut s, id) = store_with_feed();
    let stats = s
        .record_fetch_success(
            id,
            &update(vec![
                item("a", "Titre A", "corps", 1),
                item("b", "B", "x", 2),
            ]),
        )
        .unwrap();
    assert_eq!((stats.new, stats.updated), (2, 0));
    let list = s.list_articles(&ArticleQuery::default()).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].title, "Titre A", "newest first");
    assert_eq!(list[0].feed_title, "Africa24 TV");
    let a = list[0].id;
    s.set_read(&[a], true).unwrap();
    s.set_bookmarked(&[a], true).unwrap();

    // Same items again: nothing new. Then item a changes.
    let stats = s
        .record_fetch_success(
            id,
            &update(vec![
                item("a", "Titre A", "corps", 1),
                item("b", "B", "x", 2),
            ]),
        )
        .unwrap();
    assert_eq!((stats.new, stats.updated), (0, 0));
    let stats = s
        .record_fetch_success(
            id,
            &update(vec![item("a", "Titre A (mis à jour)", "corps", 1)]),
        )
        .unwrap();
    assert_eq!((stats.new, stats.updated), (0, 1));
    let art = s.article(a).unwrap().unwrap();
    assert_eq!(art.title, "Titre A (mis à jour)");
    assert!(art.read && art.bookmarked, "state kept across updates");
    assert_eq!(s.count_articles(&ArticleFilter::default()).unwrap(), 2);
    let feed = s.feed(id).unwrap().unwrap();
    assert_eq!((feed.unread, feed.total), (1, 2));
    assert_eq!(feed.etag.as_deref(), Some("\"v1\""));
}

#[test]
fn fetch_errors_count_up_and_success_resets() {
    let (mut s, id) = store_with_feed();
    let why = crate::i18n::Phrase::verbatim("HTTP 500");
    s.record_fetch_error(id, &why, Utc::now()).unwrap();
    s.record_fetch_error(id, &why, Utc::now()).unwrap();
    assert_eq!(s.feed(id).unwrap().unwrap().last_error, Some(why));
    let f = s.feed(id).unwrap().unwrap();
    assert_eq!(
        (f.error_count, f.last_status),
        (2, crate::model::FetchStatus::Error)
    );
    s.record_not_modified(id, Utc::now()).unwrap();
    let f = s.feed(id).unwrap().unwrap();
    assert_eq!(f.error_count, 0);
    assert_eq!(f.last_error, None);
}

#[test]
fn removing_a_feed_keeps_its_bookmarks() {
    let (mut s, id) = store_with_feed();
    s.record_fetch_success(
        id,
        &update(vec![item("a", "Gardé", "x", 1), item("b", "Parti", "y", 1)]),
    )
    .unwrap();
    let kept = s.list_articles(&ArticleQuery::default()).unwrap()[0].id;
    s.set_bookmarked(&[kept], true).unwrap();
    let report = s.remove_feed(id).unwrap();
    assert_eq!((report.articles_removed, report.bookmarks_kept), (1, 1));
    let bookmarks = s
        .list_articles(&ArticleQuery {
            filter: ArticleFilter {
                bookmarked_only: true,
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap();
    assert_eq!(bookmarks.len(), 1);
    assert_eq!(bookmarks[0].feed_title, "Africa24 TV");
    assert!(s.feeds().unwrap().is_empty());
}

#[test]
fn paging_with_a_cursor_walks_the_whole_list_once() {
    let (mut s, id) = store_with_feed();
    let items = (0..25)
        .map(|i| item(&format!("i{i}"), &format!("T{i}"), "x", i))
        .collect();
    s.record_fetch_success(id, &update(items)).unwrap();
    let mut seen = Vec::new();
    let mut after = None;
    loop {
        let page = s
            .list_articles(&ArticleQuery {
                limit: 10,
                after,
                ..Default::default()
            })
            .unwrap();
        if page.is_empty() {
            break;
        }
        after = page.last().map(|a| a.id);
        seen.extend(page.into_iter().map(|a| a.title));
    }
    let expected: Vec<String> = (0..25).map(|i| format!("T{i}")).collect();
    assert_eq!(seen, expected);
}

#[test]
fn mark_all_read_reports_what_changed() {
    let (mut s, id) = store_with_feed();
    s.record_fetch_success(
        id,
        &update(vec![item("a", "A", "x", 1), item("b", "B", "y", 1)]),
    )
    .unwrap();
    let first = s.list_articles(&ArticleQuery::default()).unwrap()[0].id;
    s.set_read(&[first], true).unwrap();
    let change = s
        .mark_all_read(&ArticleFilter {
            feed: Some(id),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(change.ids.len(), 1);
    assert_eq!(s.unread_total().unwrap(), 0);
}

#[test]
fn search_is_accent_insensitive_prefix_and_phrase_aware() {
    let (mut s, id) = store_with_feed();
    s.record_fetch_success(
        id,
        &update(vec![
            item(
                "a",
                "La sécurité au Sahel",
                "Les États du Sahel renforcent leur coopération",
                1,
            ),
            item("b", "Économie", "La croissance au Sénégal", 2),
            item("c", "Sport", "Match de football à Dakar", 3),
        ]),
    )
    .unwrap();
    let titles = |q: &str, s: &mut Store| -> Vec<String> {
        s.search(&SearchQuery::parse(q).unwrap(), 10, 0)
            .unwrap()
            .into_iter()
            .map(|h| h.article.title)
            .collect()
    };
    assert_eq!(titles("securite", &mut s), vec!["La sécurité au Sahel"]);
    assert_eq!(titles("etats", &mut s), vec!["La sécurité au Sahel"]);
    assert_eq!(titles("senegal", &mut s), vec!["Économie"]);
    assert_eq!(titles("cooper*", &mut s), vec!["La sécurité au Sahel"]);
    assert_eq!(titles("\"football à dakar\"", &mut s), vec!["Sport"]);
    assert!(titles("\"dakar football\"", &mut s).is_empty());
    let hits = s
        .search(&SearchQuery::parse("etats").unwrap(), 10, 0)
        .unwrap();
    let hit = &hits[0];
    let (start, end) = hit.highlights[0];
    let marked: String = hit.snippet.chars().skip(start).take(end - start).collect();
    assert_eq!(marked, "États");
}

#[test]
fn yoruba_and_vietnamese_matches_are_highlighted() {
    let (mut s, id) = store_with_feed();
    // "ẹgbẹ́" is written as the index often meets it: ẹ, then a combining acute accent.
    let body = "Àwọn ọmọ ẹgbẹ\u{301} náà ṣe ìpàdé ní Èkó. Hà Nội là thủ đô của Việt Nam.";
    s.record_fetch_success(id, &update(vec![item("a", "Ìròyìn", body, 1)]))
        .unwrap();
    let mut marked = |q: &str| -> Vec<String> {
        let hits = s.search(&SearchQuery::parse(q).unwrap(), 10, 0).unwrap();
        assert_eq!(hits.len(), 1, "{q}");
        let chars: Vec<char> = hits[0].snippet.chars().collect();
        hits[0]
            .highlights
            .iter()
            .map(|&(a, b)| chars[a..b].iter().collect())
            .collect()
    };
    assert_eq!(marked("omo egbe se"), ["ọmọ", "ẹgbẹ\u{301}", "ṣe"]);
    assert_eq!(marked("ẹgbẹ\u{301}"), ["ẹgbẹ\u{301}"]);
    assert_eq!(marked("viet noi thu"), ["Nội", "thủ", "Việt"]);
}

#[test]
fn search_ranks_title_matches_first_and_filters_apply() {
    let (mut s, id) = store_with_feed();
    s.record_fetch_success(
        id,
        &update(vec![
            item("a", "Divers", "on parle aussi du Mali ici", 1),
            item("b", "Le Mali signe un accord", "accord signé", 1),
        ]),
    )
    .unwrap();
    let hits = s
        .search(&SearchQuery::parse("mali").unwrap(), 10, 0)
        .unwrap();
    assert_eq!(hits[0].article.title, "Le Mali signe un accord");
    s.set_read(&[hits[0].article.id], true).unwrap();
    let unread = s
        .search(&SearchQuery::parse("mali is:unread").unwrap(), 10, 0)
        .unwrap();
    assert_eq!(unread.len(), 1);
    assert_eq!(unread[0].article.title, "Divers");
    assert!(SearchQuery::parse("is:nonsense").is_err());
    let (total, unread) = s
        .search_counts(&SearchQuery::parse("mali").unwrap())
        .unwrap();
    assert_eq!((total, unread), (2, 1));
}

#[test]
fn saved_searches_count_their_unread() {
    let (mut s, id) = store_with_feed();
    s.record_fetch_success(
        id,
        &update(vec![item("a", "Sahel", "x", 1), item("b", "Autre", "y", 1)]),
    )
    .unwrap();
    s.save_search("Sahel", "sahel").unwrap();
    let saved = s.saved_searches().unwrap();
    assert_eq!(
        (saved[0].name.as_str(), saved[0].unread, saved[0].total),
        ("Sahel", 1, 1)
    );
}

#[test]
fn prune_never_deletes_unread_or_bookmarked_over_random_states() {
    let mut rng = fastrand::Rng::with_seed(7);
    for round in 0..20 {
        let (mut s, id) = store_with_feed();
        let n = rng.usize(5..60);
        let items = (0..n)
            .map(|i| {
                item(
                    &format!("r{round}-{i}"),
                    &format!("T{i}"),
                    "x",
                    rng.i64(0..400),
                )
            })
            .collect();
        s.record_fetch_success(id, &update(items)).unwrap();
        let all = s
            .list_articles(&ArticleQuery {
                limit: 1000,
                ..Default::default()
            })
            .unwrap();
        let mut keep = Vec::new();
        for a in &all {
            let read = rng.bool();
            let bookmarked = rng.u8(0..4) == 0;
            if read {
                s.set_read(&[a.id], true).unwrap();
            }
            if bookmarked {
                s.set_bookmarked(&[a.id], true).unwrap();
            }
            if !read || bookmarked {
                keep.push(a.id);
            }
        }
        let policy = RetentionPolicy {
            read_days: rng.u32(0..200),
            max_per_feed: rng.u32(0..30),
        };
        s.prune(&policy, Utc::now(), false).unwrap();
        for id in keep {
            assert!(
                s.article(id).unwrap().is_some(),
                "round {round}: {id} must survive {policy:?}"
            );
        }
    }
}

const NINETY_DAYS: RetentionPolicy = RetentionPolicy {
    read_days: 90,
    max_per_feed: 0,
};

#[test]
fn reading_an_old_article_keeps_it_while_its_feed_carries_it() {
    let (mut s, id) = store_with_feed();
    // Published long before the retention window, as the seed feed's 2023 articles are.
    let old = vec![item("old", "Ancien", "x", 400), item("new", "Neuf", "y", 1)];
    s.record_fetch_success(id, &update(old.clone())).unwrap();
    let a = s.list_articles(&ArticleQuery::default()).unwrap()[1].id;
    s.set_read(&[a], true).unwrap();
    assert_eq!(s.prune(&NINETY_DAYS, Utc::now(), false).unwrap().purged, 0);
    s.record_fetch_success(id, &update(old)).unwrap();
    // Even a year on, an article the feed still carries stays.
    let later = Utc::now() + Duration::days(365);
    assert_eq!(s.prune(&NINETY_DAYS, later, false).unwrap().purged, 0);
    assert!(s.article(a).unwrap().is_some());
}

#[test]
fn age_counts_from_when_the_feed_last_carried_the_article() {
    let (mut s, id) = store_with_feed();
    s.record_fetch_success(id, &update(vec![item("old", "Ancien", "x", 400)]))
        .unwrap();
    let a = s.list_articles(&ArticleQuery::default()).unwrap()[0].id;
    s.set_read(&[a], true).unwrap();
    // The feed moves on: the article is no longer in it.
    s.record_fetch_success(id, &update(vec![item("n", "Neuf", "y", 0)]))
        .unwrap();
    let soon = Utc::now() + Duration::days(30);
    assert_eq!(s.prune(&NINETY_DAYS, soon, false).unwrap().purged, 0);
    assert!(s.article(a).unwrap().is_some(), "seen a month ago: kept");
    let later = Utc::now() + Duration::days(91);
    assert_eq!(s.prune(&NINETY_DAYS, later, true).unwrap().purged, 1);
    assert!(s.article(a).unwrap().is_some(), "dry run changes nothing");
    assert_eq!(s.prune(&NINETY_DAYS, later, false).unwrap().purged, 1);
    assert!(s.article(a).unwrap().is_none());
}

#[test]
fn max_per_feed_never_drops_what_the_feed_still_carries() {
    let (mut s, id) = store_with_feed();
    let items: Vec<_> = (0..5)
        .map(|i| item(&format!("i{i}"), &format!("T{i}"), "x", i))
        .collect();
    s.record_fetch_success(id, &update(items)).unwrap();
    let all = s.list_articles(&ArticleQuery::default()).unwrap();
    let ids: Vec<_> = all.iter().map(|a| a.id).collect();
    s.set_read(&ids, true).unwrap();
    let two = RetentionPolicy {
        read_days: 0,
        max_per_feed: 2,
    };
    assert_eq!(s.prune(&two, Utc::now(), false).unwrap().purged, 0);
    // Once the feed carries only the newest, the read excess goes.
    s.record_fetch_success(id, &update(vec![item("i0", "T0", "x", 0)]))
        .unwrap();
    assert_eq!(s.prune(&two, Utc::now(), false).unwrap().purged, 3);
    assert_eq!(s.list_articles(&ArticleQuery::default()).unwrap().len(), 2);
}

#[test]
fn pruned_articles_do_not_come_back_as_unread() {
    let (mut s, id) = store_with_feed();
    let old = vec![item("old", "Ancien", "x", 200)];
    s.record_fetch_success(id, &update(old.clone())).unwrap();
    let a = s.list_articles(&ArticleQuery::default()).unwrap()[0].id;
    s.set_read(&[a], true).unwrap();
    s.record_fetch_success(id, &update(Vec::new())).unwrap();
    let later = Utc::now() + Duration::days(91);
    s.prune(&NINETY_DAYS, later, false).unwrap();
    assert!(s.article(a).unwrap().is_none());
    // The feed brings the item back: it stays a tombstone, not a new unread article.
    let stats = s.record_fetch_success(id, &update(old)).unwrap();
    assert_eq!(stats.new, 0);
    assert_eq!(s.unread_total().unwrap(), 0);
    assert!(s
        .search(&SearchQuery::parse("ancien").unwrap(), 10, 0)
        .unwrap()
        .is_empty());
    // While the feed carries it, its tombstone is kept however old.
    let much_later = Utc::now() + Duration::days(400);
    s.prune(&NINETY_DAYS, much_later, false).unwrap();
    let stats = s.record_fetch_success(id, &update(vec![item("old", "Ancien", "x", 200)]));
    assert_eq!(stats.unwrap().new, 0);
}

#[test]
fn saved_pages_are_bookmarks_and_searchable() {
    let mut s = Store::open_in_memory().unwrap();
    let when = Utc.with_ymd_and_hms(2023, 11, 8, 10, 0, 0).unwrap();
    let id = s
        .save_page(
            "http://x.test/a",
            "Sauvegardé",
            None,
            Some(when),
            "<p>Texte gardé hors ligne</p>",
        )
        .unwrap();
    let again = s
        .save_page(
            "http://x.test/a",
            "Sauvegardé",
            None,
            Some(when),
            "<p>Texte gardé hors ligne v2</p>",
        )
        .unwrap();
    assert_eq!(id, again);
    let a = s.article(id).unwrap().unwrap();
    assert!(a.bookmarked);
    assert_eq!(a.feed_title, "Saved");
    assert!(a.best_html().contains("v2"));
    assert_eq!(
        s.search(&SearchQuery::parse("hors ligne").unwrap(), 5, 0)
            .unwrap()
            .len(),
        1
    );
    assert!(s.require_article(ArticleId(999)).is_err());
}

#[test]
fn fulltext_is_kept_and_indexed() {
    let (mut s, id) = store_with_feed();
    s.record_fetch_success(id, &update(vec![item("a", "Résumé", "court", 1)]))
        .unwrap();
    let a = s.list_articles(&ArticleQuery::default()).unwrap()[0].id;
    s.set_fulltext(a, "<p>Le texte intégral de l'article</p>")
        .unwrap();
    assert!(s
        .article(a)
        .unwrap()
        .unwrap()
        .best_html()
        .contains("intégral"));
    assert_eq!(
        s.search(&SearchQuery::parse("integral").unwrap(), 5, 0)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn the_index_catches_up_lazily_and_follows_updates() {
    let (mut s, id) = store_with_feed();
    s.record_fetch_success(
        id,
        &update(vec![item("a", "Ancien titre", "Ouagadougou", 1)]),
    )
    .unwrap();
    assert_eq!(
        s.unindexed().unwrap(),
        1,
        "refresh leaves indexing for later"
    );
    let q = |s: &mut Store, text: &str| {
        s.search(&SearchQuery::parse(text).unwrap(), 5, 0)
            .unwrap()
            .len()
    };
    assert_eq!(q(&mut s, "ouagadougou"), 1);
    assert_eq!(s.unindexed().unwrap(), 0);
    s.record_fetch_success(id, &update(vec![item("a", "Nouveau titre", "Bamako", 1)]))
        .unwrap();
    assert_eq!(q(&mut s, "ouagadougou"), 0, "old words leave the index");
    assert_eq!(q(&mut s, "bamako"), 1);
    assert_eq!(q(&mut s, "nouveau"), 1);
    s.compact().unwrap();
    assert_eq!(
        q(&mut s, "bamako"),
        1,
        "compaction merges the index, keeps it"
    );
}

#[test]
fn a_summary_that_differs_from_the_content_is_searched_too() {
    let (mut s, id) = store_with_feed();
    let mut standfirst = item("a", "Énergie", "Le corps de l’article", 1);
    standfirst.summary_html = Some("<p>Un chapô sur Kandadji</p>".into());
    s.record_fetch_success(id, &update(vec![standfirst]))
        .unwrap();
    let found = |s: &mut Store, q: &str| {
        s.search(&SearchQuery::parse(q).unwrap(), 5, 0)
            .unwrap()
            .len()
    };
    assert_eq!(found(&mut s, "kandadji"), 1, "the summary's words");
    assert_eq!(found(&mut s, "corps"), 1, "the content's words");
}

#[test]
fn a_search_index_from_before_time_keys_is_rebuilt_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("griot.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrations::migrate_to(&mut conn, 3).unwrap();
        conn.execute_batch(
            "INSERT INTO feeds(id, url, created_at) VALUES (1, 'http://old.test/', 0);
             INSERT INTO articles(id, feed_id, uid, title, sort_time, first_seen, last_seen)
                 VALUES (7, 1, 'u', 'Le barrage de Kandadji', 1700000000, 0, 0);
             INSERT INTO articles_fts(rowid, title, author, body)
                 VALUES (7, 'Le barrage de Kandadji', '', '');",
        )
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    let feed = &s.feeds().unwrap()[0];
    assert_eq!((feed.unread, feed.total), (1, 1), "counts start right");
    assert_eq!(s.unindexed().unwrap(), 1, "the old index entry is dropped");
    let hits = s
        .search(&SearchQuery::parse("kandadji").unwrap(), 5, 0)
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].article.id, ArticleId(7));
}

#[test]
fn equal_matches_rank_newest_first_and_phrases_stay_within_a_field() {
    let (mut s, id) = store_with_feed();
    s.record_fetch_success(
        id,
        &update(vec![
            item("old", "Sahel", "La centrale nucléaire du Niger", 200),
            item("new", "Sahel", "La centrale nucléaire du Niger", 2),
            item("split", "Une centrale", "Nucléaire: le débat", 1),
        ]),
    )
    .unwrap();
    let uids = |s: &mut Store, q: &str| -> Vec<String> {
        s.search(&SearchQuery::parse(q).unwrap(), 10, 0)
            .unwrap()
            .into_iter()
            .map(|h| h.article.link.unwrap_or_default())
            .collect()
    };
    assert_eq!(
        uids(&mut s, "\"centrale nucléaire\""),
        vec!["http://example.test/new", "http://example.test/old"],
        "the words of `split` are in different fields"
    );
    assert_eq!(uids(&mut s, "centrale nucléaire").len(), 3);
}

#[test]
fn paging_through_many_matches_shows_each_once_and_filters_narrow_them() {
    let (mut s, id) = store_with_feed();
    let other = subscribe(&mut s, "http://other.test/feed/");
    let many: Vec<ParsedItem> = (0..2_600)
        .map(|i| {
            item(
                &format!("m{i}"),
                "Bulletin",
                if i % 3 == 0 { "Mali Mali" } else { "Mali" },
                i % 400,
            )
        })
        .collect();
    s.record_fetch_success(id, &update(many)).unwrap();
    s.record_fetch_success(other, &update(vec![item("o", "Mali", "autre", 3)]))
        .unwrap();
    let query = SearchQuery::parse("mali").unwrap();
    let mut seen = std::collections::HashSet::new();
    for page in 0..6 {
        for hit in s.search(&query, 500, page * 500).unwrap() {
            assert!(seen.insert(hit.article.id), "{:?} twice", hit.article.id);
        }
    }
    assert_eq!(seen.len(), 2_601, "every match, once");
    let first = s.search(&query, 1, 0).unwrap();
    assert_eq!(
        first[0].article.title, "Mali",
        "a recent title match ranks first"
    );
    let one_feed = s
        .search(
            &SearchQuery::parse(&format!("mali feed:{}", other.0)).unwrap(),
            10,
            0,
        )
        .unwrap();
    assert_eq!(one_feed.len(), 1);
    assert_eq!(one_feed[0].article.feed_id, Some(other));
    s.set_bookmarked(&[first[0].article.id], true).unwrap();
    let kept = s
        .search(&SearchQuery::parse("mali is:bookmarked").unwrap(), 10, 0)
        .unwrap();
    assert_eq!(kept.len(), 1);
}

#[test]
fn kept_feed_counts_match_the_articles_through_random_changes() {
    let mut rng = fastrand::Rng::with_seed(11);
    let mut s = Store::open_in_memory().unwrap();
    let mut feeds: Vec<FeedId> = (0..3)
        .map(|f| subscribe(&mut s, &format!("http://f{f}.test/feed/")))
        .collect();
    let check = |s: &Store, step: &str| {
        let unread: i64 = s
            .conn
            .query_row(
                "SELECT count(*) FROM articles WHERE read = 0 AND purged = 0",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            s.unread_total().unwrap() as i64,
            unread,
            "{step}: all unread"
        );
        for f in s.feeds().unwrap() {
            let (unread, total): (i64, i64) = s
                .conn
                .query_row(
                    "SELECT coalesce(sum(read = 0), 0), count(*) FROM articles
                     WHERE feed_id = ?1 AND purged = 0",
                    [f.id.0],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!(
                (f.unread as i64, f.total as i64),
                (unread, total),
                "{step}: feed {}",
                f.id.0
            );
        }
    };
    for round in 0..40 {
        let which = rng.usize(..feeds.len());
        let feed = feeds[which];
        match rng.u8(0..6) {
            0 | 1 => {
                // A refresh: new items, some seen before (same uids), some old.
                let items = (0..rng.usize(1..20))
                    .map(|_| {
                        let uid = format!("u{}", rng.u8(0..40));
                        item(&uid, &uid, "x", rng.i64(0..300))
                    })
                    .collect();
                s.record_fetch_success(feed, &update(items)).unwrap();
            }
            2 => {
                let ids: Vec<ArticleId> = s
                    .list_articles(&ArticleQuery {
                        limit: 1000,
                        ..Default::default()
                    })
                    .unwrap()
                    .into_iter()
                    .filter(|_| rng.bool())
                    .map(|a| a.id)
                    .collect();
                s.set_read(&ids, rng.bool()).unwrap();
                s.set_bookmarked(&ids[..ids.len() / 2], true).unwrap();
            }
            3 => {
                s.mark_all_read(&ArticleFilter {
                    feed: Some(feed),
                    ..Default::default()
                })
                .unwrap();
            }
            4 => {
                let policy = RetentionPolicy {
                    read_days: rng.u32(0..200),
                    max_per_feed: rng.u32(0..15),
                };
                s.prune(&policy, Utc::now(), false).unwrap();
            }
            _ => {
                if rng.u8(0..3) == 0 {
                    s.remove_feed(feed).unwrap();
                    feeds[which] = subscribe(&mut s, &format!("http://f{which}.test/feed/"));
                }
            }
        }
        check(&s, &format!("round {round}"));
    }
}

#[test]
fn a_bulk_load_leaves_the_search_index_merged_and_searchable() {
    let (mut s, feed) = store_with_feed();
    let items = (0..1_200)
        .map(|i| {
            item(
                &format!("a{i}"),
                &format!("Dépêche {i}"),
                "centrale nucléaire",
                1,
            )
        })
        .collect();
    s.record_fetch_success(feed, &update(items)).unwrap();
    let hits = s
        .search(
            &SearchQuery::parse("\"centrale nucléaire\"").unwrap(),
            20,
            0,
        )
        .unwrap();
    assert_eq!(hits.len(), 20);
    let segments: i64 = s
        .conn
        .query_row(
            "SELECT count(DISTINCT segid) FROM articles_fts_idx",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        segments, 1,
        "the index built in batches is merged into one segment"
    );
}

#[test]
fn a_new_database_has_8_kib_pages() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(&dir.path().join("griot.db")).unwrap();
    let size: i64 = s
        .conn
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .unwrap();
    assert_eq!(size, 8192);
}
