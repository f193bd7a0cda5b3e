//! An article's attached files and lead picture in the store: written with the article by
//! the refresh writer (and the sync engine), read with the whole article, dropped when the
//! article is purged (a tombstone keeps no media) or deleted (the foreign key cascades).

use rusqlite::{params, Connection};

use super::{Store, StoreError};
use crate::model::{ArticleId, Enclosure};

/// Replaces an article's files with `enclosures`. `fresh` skips the delete for a new article.
pub(super) fn write_enclosures(
    conn: &Connection,
    article: i64,
    enclosures: &[Enclosure],
    fresh: bool,
) -> Result<(), StoreError> {
    if !fresh {
        conn.prepare_cached("DELETE FROM enclosures WHERE article_id = ?1")?
            .execute([article])?;
    }
    if enclosures.is_empty() {
        return Ok(());
    }
    let mut insert = conn.prepare_cached(
        "INSERT OR IGNORE INTO enclosures(article_id, position, url, mime, length, title)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (position, e) in enclosures.iter().enumerate() {
        let length = e.length.and_then(|n| i64::try_from(n).ok());
        insert.execute(params![
            article,
            position as i64,
            e.url,
            e.mime,
            length,
            e.title
        ])?;
    }
    Ok(())
}

/// An article's files, in the feed's order.
pub(super) fn read_enclosures(
    conn: &Connection,
    article: i64,
) -> Result<Vec<Enclosure>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT url, mime, length, title FROM enclosures WHERE article_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([article], |r| {
        Ok(Enclosure {
            url: r.get(0)?,
            mime: r.get(1)?,
            length: r
                .get::<_, Option<i64>>(2)?
                .and_then(|n| u64::try_from(n).ok()),
            title: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// The files attached to an article, in the feed's order (empty for an unknown article).
    pub fn enclosures(&self, id: ArticleId) -> Result<Vec<Enclosure>, StoreError> {
        read_enclosures(&self.conn, id.0)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, Utc};

    use crate::model::{ArticleId, Enclosure, FeedId, ParsedFeed, ParsedItem};
    use crate::store::{AddOutcome, FeedUpdate, NewFeed, RetentionPolicy, Store};

    fn episode(uid: &str, files: &[&str], image: Option<&str>) -> ParsedItem {
        ParsedItem {
            uid: uid.into(),
            title: format!("Épisode {uid}"),
            content_html: Some("<p>Notes</p>".into()),
            published: Some(Utc::now()),
            enclosures: files
                .iter()
                .map(|url| Enclosure {
                    url: (*url).into(),
                    mime: Some("audio/mpeg".into()),
                    length: Some(1000),
                    title: None,
                })
                .collect(),
            image: image.map(Into::into),
            ..Default::default()
        }
    }

    fn podcast() -> (Store, FeedId) {
        let mut store = Store::open_in_memory().unwrap();
        let new = NewFeed {
            url: "http://example.test/pod".into(),
            ..Default::default()
        };
        let AddOutcome::Added(feed) = store.add_feed(&new).unwrap() else {
            panic!("a new feed")
        };
        (store, feed)
    }

    fn refresh(store: &mut Store, feed: FeedId, items: Vec<ParsedItem>) {
        let update = FeedUpdate {
            parsed: ParsedFeed {
                title: Some("Podcast".into()),
                items,
                ..Default::default()
            },
            etag: None,
            last_modified: None,
            new_url: None,
            next_fetch: Utc::now(),
        };
        store.record_fetch_success(feed, &update).unwrap();
    }

    fn only_article(store: &Store) -> ArticleId {
        ArticleId(
            store
                .conn
                .query_row("SELECT id FROM articles", [], |r| r.get(0))
                .unwrap(),
        )
    }

    fn files_left(store: &Store) -> i64 {
        store
            .conn
            .query_row("SELECT count(*) FROM enclosures", [], |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn files_and_picture_come_back_with_the_article_and_follow_its_changes() {
        let (mut store, feed) = podcast();
        let first = episode("1", &["http://x/1.mp3"], Some("http://x/1.jpg"));
        refresh(&mut store, feed, vec![first]);
        let id = only_article(&store);
        let article = store.require_article(id).unwrap();
        assert_eq!(article.enclosures.len(), 1);
        assert_eq!(article.enclosures[0].url, "http://x/1.mp3");
        assert_eq!(article.enclosures[0].length, Some(1000));
        assert_eq!(article.image.as_deref(), Some("http://x/1.jpg"));

        // The feed adds a second file and drops the picture: the article follows.
        let second = episode("1", &["http://x/1.mp3", "http://x/1.pdf"], None);
        refresh(&mut store, feed, vec![second]);
        let article = store.require_article(id).unwrap();
        let urls: Vec<_> = article.enclosures.iter().map(|e| e.url.as_str()).collect();
        assert_eq!(urls, ["http://x/1.mp3", "http://x/1.pdf"]);
        assert_eq!(article.image, None);
        assert_eq!(store.enclosures(id).unwrap().len(), 2);
    }

    #[test]
    fn a_purged_article_keeps_no_files() {
        let (mut store, feed) = podcast();
        refresh(
            &mut store,
            feed,
            vec![episode("1", &["http://x/1.mp3"], None)],
        );
        let id = only_article(&store);
        store.set_read(&[id], true).unwrap();
        refresh(&mut store, feed, vec![]);
        let policy = RetentionPolicy {
            read_days: 30,
            max_per_feed: 0,
        };
        let later = Utc::now() + Duration::days(40);
        assert_eq!(store.prune(&policy, later, false).unwrap().purged, 1);
        assert_eq!(files_left(&store), 0);
    }

    #[test]
    fn removing_a_feed_takes_its_articles_files_along() {
        let (mut store, feed) = podcast();
        refresh(
            &mut store,
            feed,
            vec![episode("1", &["http://x/1.mp3"], None)],
        );
        store.remove_feed(feed).unwrap();
        let policy = RetentionPolicy {
            read_days: 30,
            max_per_feed: 0,
        };
        store.prune(&policy, Utc::now(), false).unwrap();
        assert_eq!(files_left(&store), 0);
    }
}
