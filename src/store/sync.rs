//! What the store keeps for sync with a server: the queue of local changes, the mapping of
//! local feeds and articles to the server's ids, and the server's changes applied locally.
//!
//! Local changes are queued by triggers (migration 9) in the same transaction as the change,
//! whichever front end makes it, while the database has a sync account (see
//! [`Store::set_sync_armed`]). The server's changes are applied here with the queue switched
//! off inside their transaction, so they are never sent back; the sync cursors are written in
//! the same transaction as the page they follow, so an interrupted sync resumes after the last
//! page stored and never loses or doubles one.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

use super::feeds::{insert_feed, remove_feed_in, write_tags};
use super::{codec, to_ts, AddOutcome, NewFeed, Store, StoreError};
use crate::model::{ArticleId, FeedId};

/// The meta key whose value '1' makes the triggers queue local changes.
const ARMED: &str = "sync_queue";

/// What a queued local change does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    Read,
    Unread,
    Star,
    Unstar,
    Subscribe,
    Unsubscribe,
    Rename,
    Retag,
}

impl ChangeKind {
    fn parse(s: &str) -> Option<ChangeKind> {
        Some(match s {
            "read" => ChangeKind::Read,
            "unread" => ChangeKind::Unread,
            "star" => ChangeKind::Star,
            "unstar" => ChangeKind::Unstar,
            "subscribe" => ChangeKind::Subscribe,
            "unsubscribe" => ChangeKind::Unsubscribe,
            "rename" => ChangeKind::Rename,
            "retag" => ChangeKind::Retag,
            _ => return None,
        })
    }
}

/// One local change waiting to be sent to the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedChange {
    pub id: i64,
    pub kind: ChangeKind,
    pub article: Option<ArticleId>,
    pub feed: Option<FeedId>,
    /// The server's id of the article or feed when it was known at the time of the change.
    pub remote_id: Option<String>,
    /// The feed's URL (subscribe, unsubscribe).
    pub value: Option<String>,
    /// When the change was made (seconds since the epoch).
    pub at: i64,
}

/// A subscription as the server lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFeed {
    pub remote_id: String,
    pub url: String,
    pub title: String,
    pub site_url: Option<String>,
    /// The server's category (folder, label): the feed's tag here.
    pub category: Option<String>,
}

/// An entry as the server sends it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RemoteEntry {
    pub remote_id: String,
    pub feed_remote_id: String,
    pub title: String,
    pub link: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub content_html: Option<String>,
    /// Files attached to the entry (already checked: usable URLs, each once, capped).
    pub enclosures: Vec<crate::model::Enclosure>,
    pub read: bool,
    pub starred: bool,
}

/// The server's read and starred state of one entry (`None`: not said).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RemoteState<'a> {
    pub remote_id: &'a str,
    pub read: Option<bool>,
    pub starred: Option<bool>,
}

/// What applying the server's subscriptions changed here.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SubscriptionChanges {
    pub added: u64,
    pub removed: u64,
}

impl Store {
    /// Turns the queueing of local changes on (an account is configured) or off. Writes only
    /// when the setting changes.
    pub fn set_sync_armed(&mut self, on: bool) -> Result<(), StoreError> {
        if self.sync_armed()? != on {
            self.set_meta(ARMED, if on { "1" } else { "0" })?;
        }
        Ok(())
    }

    /// Whether local changes are being queued for a sync server.
    pub fn sync_armed(&self) -> Result<bool, StoreError> {
        Ok(self.meta(ARMED)?.as_deref() == Some("1"))
    }

    /// The oldest `limit` queued changes, oldest first.
    pub fn sync_queue(&self, limit: usize) -> Result<Vec<QueuedChange>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, article_id, feed_id, remote_id, value, at FROM sync_queue
             ORDER BY id LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i64>>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, i64>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, kind, article, feed, remote_id, value, at) = row?;
            // A kind this build does not know (from a newer griot) stays queued for it.
            let Some(kind) = ChangeKind::parse(&kind) else {
                continue;
            };
            out.push(QueuedChange {
                id,
                kind,
                article: article.map(ArticleId),
                feed: feed.map(FeedId),
                remote_id,
                value,
                at,
            });
        }
        Ok(out)
    }

    /// How many local changes wait for the server.
    pub fn sync_queue_len(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM sync_queue", [], |r| {
                super::count(r, 0)
            })?)
    }

    /// Drops changes the server has accepted (or that no longer apply).
    pub fn sync_dequeue(&mut self, ids: &[i64]) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        {
            let mut stmt = tx.prepare_cached("DELETE FROM sync_queue WHERE id = ?1")?;
            for id in ids {
                stmt.execute([id])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The server's id of an article, if it came from the server.
    pub fn article_remote_id(&self, id: ArticleId) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT remote_id FROM sync_articles WHERE article_id = ?1",
                [id.0],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Whether an entry of the server is stored here.
    pub fn article_remote_known(&self, remote_id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM sync_articles WHERE remote_id = ?1")?
            .exists([remote_id])?)
    }

    /// The server's id of a feed, if it is known there.
    pub fn feed_remote_id(&self, id: FeedId) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT remote_id FROM sync_feeds WHERE feed_id = ?1",
                [id.0],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Records that a local feed is `remote_id` on the server (after subscribing there).
    pub fn map_feed(&mut self, id: FeedId, remote_id: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO sync_feeds(feed_id, remote_id) VALUES (?1, ?2)
             ON CONFLICT(feed_id) DO UPDATE SET remote_id = excluded.remote_id",
            params![id.0, remote_id],
        )?;
        Ok(())
    }

    /// Runs `f` in a write transaction whose changes are not queued for the server, and
    /// writes the `cursor` meta values in the same transaction.
    fn remote_tx<T>(
        &mut self,
        cursor: &[(&str, &str)],
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self.write_tx()?;
        let armed = tx.execute(
            "UPDATE meta SET value = 'applying' WHERE key = ?1 AND value = '1'",
            [ARMED],
        )? > 0;
        let out = f(&tx)?;
        if armed {
            tx.execute("UPDATE meta SET value = '1' WHERE key = ?1", [ARMED])?;
        }
        for (key, value) in cursor {
            tx.execute(
                "INSERT INTO meta(key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )?;
        }
        tx.commit()?;
        Ok(out)
    }

    /// Makes the local subscriptions what the server lists: feeds mapped (a local feed with
    /// the same URL is adopted), titles and tags (categories) taken from the server unless a
    /// local rename or retag is still queued, and mapped feeds the server no longer has
    /// removed (their bookmarks stay).
    pub fn apply_remote_feeds(
        &mut self,
        feeds: &[RemoteFeed],
    ) -> Result<SubscriptionChanges, StoreError> {
        self.remote_tx(&[], |tx| {
            let mut changes = SubscriptionChanges::default();
            let mut seen = Vec::with_capacity(feeds.len());
            for rf in feeds {
                let (id, added) = local_feed_for(tx, rf)?;
                changes.added += u64::from(added);
                seen.push(id.0);
                update_feed_from_remote(tx, id, rf)?;
            }
            let gone: Vec<i64> = {
                let mut stmt = tx.prepare("SELECT feed_id FROM sync_feeds")?;
                let ids = stmt.query_map([], |r| r.get::<_, i64>(0))?;
                ids.filter_map(Result::ok)
                    .filter(|id| !seen.contains(id))
                    .collect()
            };
            for id in gone {
                remove_feed_in(tx, FeedId(id))?;
                changes.removed += 1;
            }
            // A new pass over the server's entries: what it sends now is sighted at this
            // generation (see `sighted`), what it does not send may age out (retention).
            tx.execute(
                "UPDATE feeds SET items_gen = items_gen + 1
                 WHERE id IN (SELECT feed_id FROM sync_feeds)",
                [],
            )?;
            Ok(changes)
        })
    }

    /// Stores a page of the server's entries (new ones inserted, known ones given the
    /// server's state unless a local change to it is still queued) and the cursor after it,
    /// in one transaction. Returns how many were new here.
    pub fn apply_remote_entries(
        &mut self,
        entries: &[RemoteEntry],
        cursor: &[(&str, &str)],
    ) -> Result<u64, StoreError> {
        let rules = self.ingest.clone();
        self.remote_tx(cursor, |tx| {
            let now = Utc::now().timestamp();
            let since = super::filtering::last_article_id(tx)?;
            let mut new = 0;
            for e in entries {
                let known = tx
                    .prepare_cached("SELECT article_id FROM sync_articles WHERE remote_id = ?1")?
                    .query_row([&e.remote_id], |r| r.get::<_, i64>(0))
                    .optional()?;
                let id = match known {
                    Some(id) => id,
                    None => match insert_entry(tx, e, now)? {
                        Some((id, true)) => {
                            new += 1;
                            id
                        }
                        Some((id, false)) => {
                            merge_adopted(tx, id, e, now)?;
                            sighted(tx, id, now)?;
                            continue;
                        }
                        None => continue,
                    },
                };
                sighted(tx, id, now)?;
                apply_state(tx, id, Some(e.read), Some(e.starred), now)?;
            }
            if let Some(rules) = rules.as_deref().filter(|_| new > 0) {
                super::filtering::sweep(tx, rules, since, Utc::now(), false)?;
            }
            Ok(new)
        })
    }

    /// Applies the server's read and starred state to the articles it names (unknown ones are
    /// skipped), and the cursor after them, in one transaction. Returns how many changed.
    pub fn apply_remote_states(
        &mut self,
        states: &[RemoteState<'_>],
        cursor: &[(&str, &str)],
    ) -> Result<u64, StoreError> {
        self.remote_tx(cursor, |tx| {
            let now = Utc::now().timestamp();
            let mut changed = 0;
            for s in states {
                let id = tx
                    .prepare_cached("SELECT article_id FROM sync_articles WHERE remote_id = ?1")?
                    .query_row([s.remote_id], |r| r.get::<_, i64>(0))
                    .optional()?;
                if let Some(id) = id {
                    changed += apply_state(tx, id, s.read, s.starred, now)?;
                }
            }
            Ok(changed)
        })
    }

    /// The local feeds the server does not have and that are not queued for it, by id.
    pub fn unsent_feeds(&self) -> Result<Vec<i64>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT f.id FROM feeds f
             WHERE NOT EXISTS (SELECT 1 FROM sync_feeds s WHERE s.feed_id = f.id)
               AND NOT EXISTS (SELECT 1 FROM sync_queue q
                               WHERE q.feed_id = f.id AND q.kind = 'subscribe')
             ORDER BY f.id",
        )?;
        let ids = stmt.query_map([], |r| r.get::<_, i64>(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// Queues a subscription for every local feed the server does not have yet; returns how
    /// many were queued.
    pub fn queue_unmapped_feeds(&mut self) -> Result<u64, StoreError> {
        let tx = self.write_tx()?;
        let n = tx.execute(
            "INSERT INTO sync_queue(kind, feed_id, value, at)
             SELECT 'subscribe', f.id, f.url, CAST(strftime('%s', 'now') AS INTEGER) FROM feeds f
             WHERE NOT EXISTS (SELECT 1 FROM sync_feeds s WHERE s.feed_id = f.id)
               AND NOT EXISTS (SELECT 1 FROM sync_queue q
                               WHERE q.feed_id = f.id AND q.kind = 'subscribe')
             ORDER BY f.position, f.id",
            [],
        )?;
        tx.commit()?;
        Ok(n as u64)
    }

    /// Articles from the server whose state the server has not confirmed in a full listing:
    /// used by services that list read and starred ids as sets. Returns the remote ids of the
    /// mapped articles that are unread here (`starred` false) or bookmarked here (true).
    pub fn mapped_articles_with(&self, starred: bool) -> Result<Vec<String>, StoreError> {
        let sql = if starred {
            "SELECT s.remote_id FROM sync_articles s JOIN articles a ON a.id = s.article_id
             WHERE a.bookmarked = 1"
        } else {
            "SELECT s.remote_id FROM sync_articles s JOIN articles a ON a.id = s.article_id
             WHERE a.read = 0 AND a.purged = 0"
        };
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// The local feed for a remote one: mapped, adopted by URL, or added. Returns (id, added).
fn local_feed_for(tx: &Connection, rf: &RemoteFeed) -> Result<(FeedId, bool), StoreError> {
    let mapped: Option<i64> = tx
        .query_row(
            "SELECT feed_id FROM sync_feeds WHERE remote_id = ?1",
            [&rf.remote_id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = mapped {
        return Ok((FeedId(id), false));
    }
    let outcome = insert_feed(
        tx,
        &NewFeed {
            url: rf.url.clone(),
            title: None,
            tags: Vec::new(),
            hidden: false,
        },
    )?;
    let (id, added) = match outcome {
        AddOutcome::Added(id) => (id, true),
        AddOutcome::Exists(id) => (id, false),
    };
    tx.execute(
        "INSERT INTO sync_feeds(feed_id, remote_id) VALUES (?1, ?2)
         ON CONFLICT(feed_id) DO UPDATE SET remote_id = excluded.remote_id",
        params![id.0, rf.remote_id],
    )?;
    Ok((id, added))
}

/// Takes the server's title, site and category for a feed, unless a local rename or retag of
/// it still waits in the queue (then the local one is newer).
fn update_feed_from_remote(tx: &Connection, id: FeedId, rf: &RemoteFeed) -> Result<(), StoreError> {
    let pending = |kind: &str| -> Result<bool, StoreError> {
        Ok(tx
            .prepare_cached("SELECT 1 FROM sync_queue WHERE feed_id = ?1 AND kind = ?2")?
            .exists(params![id.0, kind])?)
    };
    if !pending("rename")? {
        tx.execute(
            "UPDATE feeds SET feed_title = nullif(?2, ''), user_title = NULL,
                site_url = coalesce(?3, site_url)
             WHERE id = ?1 AND (feed_title IS NOT nullif(?2, '') OR user_title IS NOT NULL
                OR site_url IS NOT coalesce(?3, site_url))",
            params![id.0, rf.title.trim(), rf.site_url],
        )?;
        tx.execute(
            "UPDATE articles SET feed_title = (SELECT coalesce(nullif(user_title, ''),
                nullif(feed_title, ''), url) FROM feeds WHERE id = ?1)
             WHERE feed_id = ?1 AND feed_title IS NOT (SELECT coalesce(nullif(user_title, ''),
                nullif(feed_title, ''), url) FROM feeds WHERE id = ?1)",
            [id.0],
        )?;
    }
    if !pending("retag")? {
        let tags: Vec<String> = rf
            .category
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        let current: Vec<String> = {
            let mut stmt = tx
                .prepare_cached("SELECT tag FROM feed_tags WHERE feed_id = ?1 ORDER BY position")?;
            let rows = stmt.query_map([id.0], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        if current != tags {
            tx.execute("DELETE FROM feed_tags WHERE feed_id = ?1", [id.0])?;
            write_tags(tx, id, &tags)?;
        }
    }
    Ok(())
}

/// Inserts (or adopts: same feed, same link, not yet mapped) an article for a remote entry.
/// Returns (article id, whether it is new), or `None` when its feed is not known here.
fn insert_entry(
    tx: &Connection,
    e: &RemoteEntry,
    now: i64,
) -> Result<Option<(i64, bool)>, StoreError> {
    let feed: Option<(i64, String)> = tx
        .prepare_cached(
            "SELECT f.id, coalesce(nullif(f.user_title, ''), nullif(f.feed_title, ''), f.url)
             FROM sync_feeds s JOIN feeds f ON f.id = s.feed_id WHERE s.remote_id = ?1",
        )?
        .query_row([&e.feed_remote_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let Some((feed_id, feed_title)) = feed else {
        return Ok(None);
    };
    let adopted: Option<i64> = match &e.link {
        Some(link) => tx
            .prepare_cached(
                "SELECT id FROM articles a WHERE feed_id = ?1 AND link = ?2
                 AND NOT EXISTS (SELECT 1 FROM sync_articles s WHERE s.article_id = a.id)
                 LIMIT 1",
            )?
            .query_row(params![feed_id, link], |r| r.get(0))
            .optional()?,
        None => None,
    };
    let (id, new) = match adopted {
        Some(id) => (id, false),
        None => {
            let uid = format!("sync:{}", e.remote_id);
            let published = e.published.map(to_ts);
            let inserted = tx
                .prepare_cached(
                    "INSERT INTO articles(feed_id, feed_title, uid, link, title, author, published,
                    sort_time, content_html, first_seen, last_seen, indexed)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, 0)
                 ON CONFLICT(feed_id, uid) DO NOTHING",
                )?
                .execute(params![
                    feed_id,
                    feed_title,
                    uid,
                    e.link,
                    e.title,
                    e.author,
                    published,
                    published.unwrap_or(now),
                    e.content_html.as_deref().map(codec::encode),
                    now,
                ])?;
            let id: i64 = if inserted == 1 {
                tx.last_insert_rowid()
            } else {
                tx.prepare_cached("SELECT id FROM articles WHERE feed_id = ?1 AND uid = ?2")?
                    .query_row(params![feed_id, uid], |r| r.get(0))?
            };
            if inserted == 1 {
                super::feeds::count_new(tx, feed_id, 1)?;
                write_entry_media(tx, id, e)?;
            }
            (id, inserted == 1)
        }
    };
    tx.prepare_cached(
        "INSERT INTO sync_articles(article_id, remote_id) VALUES (?1, ?2)
         ON CONFLICT(article_id) DO UPDATE SET remote_id = excluded.remote_id",
    )?
    .execute(params![id, e.remote_id])?;
    Ok(Some((id, new)))
}

/// A new synced article's files, and its lead picture: the first picture among them.
fn write_entry_media(tx: &Connection, id: i64, e: &RemoteEntry) -> Result<(), StoreError> {
    super::media::write_enclosures(tx, id, &e.enclosures, true)?;
    if let Some(image) = e.enclosures.iter().find(|f| f.is_image()) {
        tx.prepare_cached("UPDATE articles SET image_url = ?2 WHERE id = ?1")?
            .execute(params![id, image.url])?;
    }
    Ok(())
}

/// An article griot had before it was matched to the server's entry keeps what was done to it
/// here: read or bookmarked on either side means read or starred on both (the local side is
/// queued for the server).
fn merge_adopted(tx: &Connection, id: i64, e: &RemoteEntry, now: i64) -> Result<(), StoreError> {
    let (read, bookmarked): (bool, bool) = tx.query_row(
        "SELECT read, bookmarked FROM articles WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let mut queue = tx.prepare_cached(
        "INSERT INTO sync_queue(kind, article_id, remote_id, at) VALUES (?1, ?2, ?3, ?4)",
    )?;
    if read && !e.read {
        queue.execute(params!["read", id, e.remote_id, now])?;
    }
    if bookmarked && !e.starred {
        queue.execute(params!["star", id, e.remote_id, now])?;
    }
    apply_state(
        tx,
        id,
        (e.read && !read).then_some(true),
        (e.starred && !bookmarked).then_some(true),
        now,
    )?;
    Ok(())
}

/// The server sent this entry (new or changed): it still carries it, as of this sync's pass.
fn sighted(tx: &Connection, id: i64, now: i64) -> Result<(), StoreError> {
    tx.prepare_cached(
        "UPDATE articles SET last_seen = ?2,
            seen_gen = (SELECT f.items_gen FROM feeds f WHERE f.id = articles.feed_id)
         WHERE id = ?1",
    )?
    .execute(params![id, now])?;
    Ok(())
}

/// Gives an article the server's read and starred state, except where a local change to that
/// state is still queued (the local change is newer: the later change wins). Returns 1 when
/// something changed.
fn apply_state(
    tx: &Connection,
    id: i64,
    read: Option<bool>,
    starred: Option<bool>,
    now: i64,
) -> Result<u64, StoreError> {
    let mut changed = 0;
    if let Some(read) = read {
        changed += tx
            .prepare_cached(
                "UPDATE articles SET read = ?2, read_at = CASE WHEN ?2 THEN ?3 END
                 WHERE id = ?1 AND read IS NOT ?2 AND NOT EXISTS (SELECT 1 FROM sync_queue q
                    WHERE q.article_id = ?1 AND q.kind IN ('read', 'unread'))",
            )?
            .execute(params![id, read, now])?;
    }
    if let Some(starred) = starred {
        changed += tx
            .prepare_cached(
                "UPDATE articles SET bookmarked = ?2, bookmarked_at = CASE WHEN ?2 THEN ?3 END
                 WHERE id = ?1 AND bookmarked IS NOT ?2 AND NOT EXISTS (SELECT 1 FROM sync_queue q
                    WHERE q.article_id = ?1 AND q.kind IN ('star', 'unstar'))",
            )?
            .execute(params![id, starred, now])?;
    }
    Ok(changed.min(1) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ArticleId;
    use crate::store::Store;

    fn kinds(store: &Store) -> Vec<ChangeKind> {
        store
            .sync_queue(100)
            .unwrap()
            .into_iter()
            .map(|c| c.kind)
            .collect()
    }

    fn remote_feed() -> RemoteFeed {
        RemoteFeed {
            remote_id: "7".into(),
            url: "http://127.0.0.1:9/feed".into(),
            title: "Feed".into(),
            site_url: None,
            category: Some("Afrique".into()),
        }
    }

    fn remote_entry(read: bool, starred: bool) -> RemoteEntry {
        RemoteEntry {
            remote_id: "42".into(),
            feed_remote_id: "7".into(),
            title: "Titre".into(),
            read,
            starred,
            ..RemoteEntry::default()
        }
    }

    #[test]
    fn a_synced_entry_keeps_its_files_and_its_picture() {
        let mut store = Store::open_in_memory().unwrap();
        store.apply_remote_feeds(&[remote_feed()]).unwrap();
        let file = |url: &str, mime: &str| crate::model::Enclosure {
            url: url.into(),
            mime: Some(mime.into()),
            length: Some(10),
            title: None,
        };
        let entry = RemoteEntry {
            enclosures: vec![
                file("http://x/e.mp3", "audio/mpeg"),
                file("http://x/e.jpg", "image/jpeg"),
            ],
            ..remote_entry(false, false)
        };
        store.apply_remote_entries(&[entry], &[]).unwrap();
        let id: i64 = store
            .conn
            .query_row("SELECT article_id FROM sync_articles", [], |r| r.get(0))
            .unwrap();
        let article = store.require_article(ArticleId(id)).unwrap();
        assert_eq!(article.enclosures.len(), 2);
        assert_eq!(article.image.as_deref(), Some("http://x/e.jpg"));
    }

    #[test]
    fn local_changes_are_queued_only_while_an_account_is_configured() {
        let mut store = Store::open_in_memory().unwrap();
        store.apply_remote_feeds(&[remote_feed()]).unwrap();
        store
            .apply_remote_entries(&[remote_entry(false, false)], &[])
            .unwrap();
        let id = store.list_articles(&Default::default()).unwrap()[0].id;
        store.set_read(&[id], true).unwrap();
        assert_eq!(kinds(&store), []);

        store.set_sync_armed(true).unwrap();
        store.set_read(&[id], false).unwrap();
        store.set_bookmarked(&[id], true).unwrap();
        let feed = store.feeds().unwrap()[0].id;
        store.rename_feed(feed, Some("Mon flux")).unwrap();
        assert_eq!(
            kinds(&store),
            [ChangeKind::Unread, ChangeKind::Star, ChangeKind::Rename]
        );
        assert_eq!(
            store.sync_queue(1).unwrap()[0].remote_id.as_deref(),
            Some("42")
        );
    }

    #[test]
    fn the_servers_changes_are_not_queued_and_do_not_undo_a_queued_local_change() {
        let mut store = Store::open_in_memory().unwrap();
        store.set_sync_armed(true).unwrap();
        store.apply_remote_feeds(&[remote_feed()]).unwrap();
        store
            .apply_remote_entries(&[remote_entry(false, false)], &[("cursor", "42")])
            .unwrap();
        assert_eq!(kinds(&store), []);
        assert_eq!(store.meta("cursor").unwrap().as_deref(), Some("42"));
        assert!(store.sync_armed().unwrap());

        let id = store.list_articles(&Default::default()).unwrap()[0].id;
        store.set_read(&[id], true).unwrap();
        let state = RemoteState {
            remote_id: "42",
            read: Some(false),
            starred: Some(true),
        };
        store.apply_remote_states(&[state], &[]).unwrap();
        let article = store.article(id).unwrap().unwrap();
        assert!(article.read, "the queued local read is newer");
        assert!(article.bookmarked, "the star came from the server");
        assert_eq!(kinds(&store), [ChangeKind::Read]);
    }
}
