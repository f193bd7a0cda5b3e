//! Subscriptions: adding, importing, removing and listing feeds, and recording fetch results.

use std::ops::ControlFlow;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{codec, count, from_ts, to_ts, Store, StoreError};
use crate::model::{Feed, FeedId, FetchStatus, ParsedFeed};

/// A feed to subscribe to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewFeed {
    pub url: String,
    /// The user's title; `None` lets the feed's own title show.
    pub title: Option<String>,
    pub tags: Vec<String>,
    pub hidden: bool,
}

/// What adding a feed did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddOutcome {
    Added(FeedId),
    /// The URL was already subscribed; nothing changed.
    Exists(FeedId),
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: Vec<String>,
    /// URLs already subscribed (reported, not doubled).
    pub existing: Vec<String>,
}

/// What removing a feed did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RemoveReport {
    pub articles_removed: u64,
    /// Bookmarked articles stay, detached from the feed.
    pub bookmarks_kept: u64,
}

/// The result of a successful fetch, applied in one transaction.
#[derive(Debug, Clone)]
pub struct FeedUpdate {
    pub parsed: ParsedFeed,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// The feed moved permanently (301/308): store this URL from now on.
    pub new_url: Option<String>,
    pub next_fetch: DateTime<Utc>,
}

/// A fetched feed made ready for storage: every item's content hash taken and its bodies
/// compressed. That is most of the CPU work of storing a feed, and it needs no database, so the
/// fetch tasks do it in parallel and leave the single store writer only the inserts.
pub struct PreparedUpdate {
    pub update: FeedUpdate,
    items: Vec<PreparedItem>,
}

/// One item's content hash and, once prepared, its encoded bodies (summary, content).
pub(super) struct PreparedItem {
    hash: i64,
    bodies: Option<Bodies>,
}

type Bodies = (Option<Vec<u8>>, Option<Vec<u8>>);

/// The item's encoded bodies: prepared ones, or encoded now into `slot`.
fn bodies<'a>(
    ready: &'a PreparedItem,
    item: &crate::model::ParsedItem,
    slot: &'a mut Option<Bodies>,
) -> (Option<&'a [u8]>, Option<&'a [u8]>) {
    let (summary, content) = match &ready.bodies {
        Some(b) => b,
        None => slot.insert(encode_bodies(item)),
    };
    (summary.as_deref(), content.as_deref())
}

fn encode_bodies(item: &crate::model::ParsedItem) -> Bodies {
    (
        item.summary_html.as_deref().map(codec::encode),
        item.content_html.as_deref().map(codec::encode),
    )
}

impl PreparedUpdate {
    /// Hashes and compresses the update's items (CPU work; no database).
    pub fn new(update: FeedUpdate) -> PreparedUpdate {
        let items = prepare_items(&update.parsed, true);
        PreparedUpdate { update, items }
    }
}

/// Hashes every item; with `encode`, compresses their bodies too (otherwise the writer
/// compresses only the new and changed ones).
pub(super) fn prepare_items(parsed: &ParsedFeed, encode: bool) -> Vec<PreparedItem> {
    parsed
        .items
        .iter()
        .map(|item| PreparedItem {
            hash: content_hash(item),
            bodies: encode.then(|| encode_bodies(item)),
        })
        .collect()
}

/// Counts from applying a fetch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ApplyStats {
    pub new: u64,
    pub updated: u64,
}

/// A feed's columns, `$tags` giving its tags joined by U+001F (or NULL).
macro_rules! feed_columns {
    ($tags:literal) => {
        concat!(
            "f.id, f.url, f.user_title, f.feed_title, f.site_url, f.hidden, f.etag,
             f.last_modified, f.last_fetch, f.last_status, f.last_error, f.error_count,
             f.next_fetch, f.min_interval, ",
            $tags,
            ", f.unread_count, f.total_count"
        )
    };
}

/// One feed's columns, its tags read with it.
const FEED_COLUMNS: &str = feed_columns!(
    "(SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM feed_tags t WHERE t.feed_id = f.id ORDER BY position))"
);
// Lists of feeds leave the tags out: they come from one pass over `feed_tags`
// ([`Store::tags_by_feed`]).
/// Every feed, in subscription order (read from the index `feeds_by_position`).
pub(super) const ALL_FEEDS: &str = concat!(
    "SELECT ",
    feed_columns!("NULL"),
    " FROM feeds f ORDER BY f.position, f.id"
);
/// The feeds due for a refresh at `?1`, in subscription order.
const DUE_FEEDS: &str = concat!(
    "SELECT ",
    feed_columns!("NULL"),
    " FROM feeds f WHERE f.next_fetch IS NULL OR f.next_fetch <= ?1 ORDER BY f.position, f.id"
);
/// The position a new subscription takes: after the last.
pub(super) const NEXT_POSITION: &str = "SELECT coalesce(max(position), 0) + 1 FROM feeds";

/// Feeds' tags, in the order of their feeds' ids (as `feed_tags` is read), each feed's in
/// its order: looked up by halving rather than hashing.
struct FeedTags(Vec<(i64, Vec<String>)>);

impl FeedTags {
    /// A feed's tags, taken out (none when it has none).
    fn take(&mut self, feed: FeedId) -> Vec<String> {
        match self.0.binary_search_by_key(&feed.0, |(id, _)| *id) {
            Ok(i) => std::mem::take(&mut self.0[i].1),
            Err(_) => Vec::new(),
        }
    }
}

fn feed_from_row(r: &Row<'_>) -> rusqlite::Result<Feed> {
    let url: String = r.get(1)?;
    let user_title: Option<String> = r.get(2)?;
    let feed_title: Option<String> = r.get(3)?;
    let title = user_title
        .clone()
        .filter(|t| !t.is_empty())
        .or_else(|| feed_title.filter(|t| !t.is_empty()))
        .unwrap_or_else(|| url.clone());
    let tags: Option<String> = r.get(14)?;
    Ok(Feed {
        id: FeedId(r.get(0)?),
        url,
        title,
        user_title,
        site_url: r.get(4)?,
        hidden: r.get(5)?,
        etag: r.get(6)?,
        last_modified: r.get(7)?,
        last_fetch: from_ts(r.get(8)?),
        last_status: FetchStatus::parse(&r.get::<_, String>(9)?),
        last_error: r
            .get::<_, Option<String>>(10)?
            .map(|e| crate::i18n::Phrase::from_stored(&e)),
        error_count: r.get(11)?,
        next_fetch: from_ts(r.get(12)?),
        min_interval_secs: r.get(13)?,
        tags: tags
            .map(|t| t.split('\u{1f}').map(str::to_string).collect())
            .unwrap_or_default(),
        unread: count(r, 15)?,
        total: count(r, 16)?,
    })
}

impl Store {
    /// Subscribes to a feed; a URL already present is reported, not doubled.
    pub fn add_feed(&mut self, feed: &NewFeed) -> Result<AddOutcome, StoreError> {
        let tx = self.write_tx()?;
        let outcome = insert_feed(&tx, feed)?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Subscribes to many feeds in one transaction: all or nothing.
    pub fn import_feeds(&mut self, feeds: &[NewFeed]) -> Result<ImportReport, StoreError> {
        let tx = self.write_tx()?;
        let mut report = ImportReport::default();
        for feed in feeds {
            match insert_feed(&tx, feed)? {
                AddOutcome::Added(_) => report.added.push(feed.url.clone()),
                AddOutcome::Exists(_) => report.existing.push(feed.url.clone()),
            }
        }
        tx.commit()?;
        Ok(report)
    }

    /// Unsubscribes; the feed's articles go, except bookmarks, which stay (detached).
    pub fn remove_feed(&mut self, id: FeedId) -> Result<RemoveReport, StoreError> {
        let tx = self.write_tx()?;
        let report = remove_feed_in(&tx, id)?;
        tx.commit()?;
        Ok(report)
    }

    /// Every feed, in subscription order, with unread and total counts.
    pub fn feeds(&self) -> Result<Vec<Feed>, StoreError> {
        let mut feeds = Vec::new();
        self.each_feed(|feed| {
            feeds.push(feed);
            ControlFlow::Continue(())
        })?;
        Ok(feeds)
    }

    /// Hands every feed, in subscription order, to `visit` as it is read, until `visit` breaks:
    /// for a front end that shows each feed and keeps none, so a list of thousands of feeds is
    /// never held whole (`griot feeds` at 5,000 feeds spent a quarter of its time in the kernel,
    /// faulting in the memory the whole list took).
    pub fn each_feed(
        &self,
        mut visit: impl FnMut(Feed) -> ControlFlow<()>,
    ) -> Result<(), StoreError> {
        let mut tags = self.tags_by_feed()?;
        let mut stmt = self.conn.prepare_cached(ALL_FEEDS)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let mut feed = feed_from_row(row)?;
            feed.tags = tags.take(feed.id);
            if visit(feed).is_break() {
                break;
            }
        }
        Ok(())
    }

    /// Gives each feed of a list its tags, in their order.
    fn attach_tags(&self, mut feeds: Vec<Feed>) -> Result<Vec<Feed>, StoreError> {
        if feeds.is_empty() {
            return Ok(feeds);
        }
        let mut tags = self.tags_by_feed()?;
        for feed in &mut feeds {
            feed.tags = tags.take(feed.id);
        }
        Ok(feeds)
    }

    /// Every feed's tags, in their order, from one ordered pass over `feed_tags` (a separate
    /// statement from the feeds': a tag changed between the two reads shows at the next
    /// listing). A subquery for each feed cost a fifth of `griot feeds` at 5,000 feeds.
    fn tags_by_feed(&self) -> Result<FeedTags, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT feed_id, tag FROM feed_tags ORDER BY feed_id, position")?;
        let mut rows = stmt.query([])?;
        let mut tags: Vec<(i64, Vec<String>)> = Vec::new();
        while let Some(row) = rows.next()? {
            let feed: i64 = row.get(0)?;
            let tag: String = row.get(1)?;
            match tags.last_mut() {
                Some((last, feed_tags)) if *last == feed => feed_tags.push(tag),
                _ => tags.push((feed, vec![tag])),
            }
        }
        Ok(FeedTags(tags))
    }

    /// One feed by id.
    pub fn feed(&self, id: FeedId) -> Result<Option<Feed>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FEED_COLUMNS} FROM feeds f WHERE f.id = ?1"
        ))?;
        Ok(stmt.query_row([id.0], feed_from_row).optional()?)
    }

    /// A feed named by its id or its URL (as the command line accepts).
    pub fn find_feed(&self, key: &str) -> Result<Option<Feed>, StoreError> {
        let key = key.trim();
        if let Ok(id) = key.parse::<i64>() {
            if let Some(f) = self.feed(FeedId(id))? {
                return Ok(Some(f));
            }
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {FEED_COLUMNS} FROM feeds f WHERE f.url = ?1"
        ))?;
        Ok(stmt.query_row([key], feed_from_row).optional()?)
    }

    /// Like [`Store::find_feed`], but a missing feed is an error naming the key.
    pub fn require_feed(&self, key: &str) -> Result<Feed, StoreError> {
        self.find_feed(key)?
            .ok_or_else(|| StoreError::NoSuchFeed(key.to_string()))
    }

    /// Feeds a scheduled refresh should fetch now.
    pub fn due_feeds(&self, now: DateTime<Utc>) -> Result<Vec<Feed>, StoreError> {
        let mut stmt = self.conn.prepare_cached(DUE_FEEDS)?;
        let rows = stmt.query_map([to_ts(now)], feed_from_row)?;
        self.attach_tags(rows.collect::<Result<_, _>>()?)
    }

    /// Names a feed (an empty title goes back to the feed's own).
    pub fn rename_feed(&mut self, id: FeedId, title: Option<&str>) -> Result<(), StoreError> {
        let title = title.map(str::trim).filter(|t| !t.is_empty());
        let tx = self.write_tx()?;
        let n = tx.execute(
            "UPDATE feeds SET user_title = ?2 WHERE id = ?1",
            params![id.0, title],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchFeed(id.to_string()));
        }
        tx.execute(
            "UPDATE articles SET feed_title = (SELECT coalesce(nullif(user_title, ''), nullif(feed_title, ''), url) FROM feeds WHERE id = ?1) WHERE feed_id = ?1",
            [id.0],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces a feed's tags.
    pub fn set_tags(&mut self, id: FeedId, tags: &[String]) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        let exists: bool =
            tx.query_row("SELECT count(*) FROM feeds WHERE id = ?1", [id.0], |r| {
                r.get::<_, i64>(0).map(|n| n > 0)
            })?;
        if !exists {
            return Err(StoreError::NoSuchFeed(id.to_string()));
        }
        tx.execute("DELETE FROM feed_tags WHERE feed_id = ?1", [id.0])?;
        write_tags(&tx, id, tags)?;
        tx.commit()?;
        Ok(())
    }

    /// Every tag in use, sorted.
    pub fn tags(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT tag FROM feed_tags ORDER BY tag")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Stores a successful fetch: feed metadata, validators and items, in one transaction.
    ///
    /// Items are matched by identity; a changed item is updated and keeps its read and
    /// bookmark state; an unchanged one only has its last-seen time moved.
    pub fn record_fetch_success(
        &mut self,
        id: FeedId,
        update: &FeedUpdate,
    ) -> Result<ApplyStats, StoreError> {
        self.record_update(id, update, &prepare_items(&update.parsed, false))
    }

    /// [`Store::record_fetch_success`] for an update already prepared off this thread.
    pub fn record_prepared(
        &mut self,
        id: FeedId,
        prepared: &PreparedUpdate,
    ) -> Result<ApplyStats, StoreError> {
        self.record_update(id, &prepared.update, &prepared.items)
    }

    fn record_update(
        &mut self,
        id: FeedId,
        update: &FeedUpdate,
        prepared: &[PreparedItem],
    ) -> Result<ApplyStats, StoreError> {
        let now = Utc::now().timestamp();
        let rules = self.ingest.clone();
        let tx = self.write_tx()?;
        let parsed = &update.parsed;
        let n = tx.execute(
            "UPDATE feeds SET
                feed_title = coalesce(?2, feed_title), site_url = coalesce(?3, site_url),
                etag = ?4, last_modified = ?5, last_fetch = ?6, last_status = 'ok',
                last_error = NULL, error_count = 0, next_fetch = ?7, min_interval = ?8,
                items_gen = items_gen + 1
             WHERE id = ?1",
            params![
                id.0,
                parsed.title.as_deref().filter(|t| !t.trim().is_empty()),
                parsed.site_url,
                update.etag,
                update.last_modified,
                now,
                to_ts(update.next_fetch),
                parsed.min_interval_secs,
            ],
        )?;
        if n == 0 {
            // Nothing was written: a batch this write is part of stays whole.
            tx.commit()?;
            return Err(StoreError::NoSuchFeed(id.to_string()));
        }
        if let Some(url) = &update.new_url {
            // A permanent redirect to a URL we already have as another feed is ignored.
            tx.execute(
                "UPDATE OR IGNORE feeds SET url = ?2 WHERE id = ?1",
                params![id.0, url],
            )?;
        }
        let (feed_title, generation) = title_and_generation(&tx, id)?;
        // Without rules, a refresh asks nothing more of the database than it did before them.
        let rules = rules.as_deref().filter(|r| !r.is_empty());
        let since = match rules {
            Some(_) => super::filtering::last_article_id(&tx)?,
            None => 0,
        };
        let stats = upsert_items(&tx, id, &feed_title, parsed, prepared, (now, generation))?;
        if let Some(rules) = rules.filter(|_| stats.new > 0) {
            super::filtering::sweep(&tx, rules, since, Utc::now(), false)?;
        }
        tx.commit()?;
        Ok(stats)
    }

    /// Records a 304: nothing changed.
    pub fn record_not_modified(
        &mut self,
        id: FeedId,
        next_fetch: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE feeds SET last_fetch = ?2, last_status = 'not-modified', last_error = NULL,
                error_count = 0, next_fetch = ?3 WHERE id = ?1",
            params![id.0, Utc::now().timestamp(), to_ts(next_fetch)],
        )?;
        Ok(())
    }

    /// Records a failed fetch; cached articles are left untouched.
    pub fn record_fetch_error(
        &mut self,
        id: FeedId,
        error: &crate::i18n::Phrase,
        next_fetch: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE feeds SET last_fetch = ?2, last_status = 'error', last_error = ?3,
                error_count = error_count + 1, next_fetch = ?4 WHERE id = ?1",
            params![
                id.0,
                Utc::now().timestamp(),
                error.to_stored(),
                to_ts(next_fetch)
            ],
        )?;
        Ok(())
    }
}

/// The title a feed's articles carry, and the generation of its items now.
pub(super) fn title_and_generation(
    tx: &Connection,
    id: FeedId,
) -> Result<(String, i64), StoreError> {
    Ok(tx.query_row(
        "SELECT coalesce(nullif(user_title, ''), nullif(feed_title, ''), url), items_gen
         FROM feeds WHERE id = ?1",
        [id.0],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?)
}

/// Unsubscribes inside a transaction (see [`Store::remove_feed`]).
pub(super) fn remove_feed_in(tx: &Connection, id: FeedId) -> Result<RemoveReport, StoreError> {
    let title: Option<String> = tx
        .query_row(
            "SELECT coalesce(nullif(user_title, ''), nullif(feed_title, ''), url) FROM feeds WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .optional()?;
    let Some(title) = title else {
        return Err(StoreError::NoSuchFeed(id.to_string()));
    };
    let removed = tx.execute(
        "DELETE FROM articles WHERE feed_id = ?1 AND bookmarked = 0",
        [id.0],
    )? as u64;
    let kept = tx.execute(
        "UPDATE articles SET feed_title = ?2 WHERE feed_id = ?1",
        params![id.0, title],
    )? as u64;
    tx.execute("DELETE FROM feeds WHERE id = ?1", [id.0])?;
    Ok(RemoveReport {
        articles_removed: removed,
        bookmarks_kept: kept,
    })
}

pub(super) fn insert_feed(tx: &Connection, feed: &NewFeed) -> Result<AddOutcome, StoreError> {
    let url = feed.url.trim();
    if let Some(id) = tx
        .query_row("SELECT id FROM feeds WHERE url = ?1", [url], |r| r.get(0))
        .optional()?
    {
        return Ok(AddOutcome::Exists(FeedId(id)));
    }
    let position: i64 = tx.query_row(NEXT_POSITION, [], |r| r.get(0))?;
    let id = next_id(tx, IdTable::Feeds)?;
    tx.execute(
        "INSERT INTO feeds(id, url, user_title, hidden, position, created_at) VALUES (?6, ?1, ?2, ?3, ?4, ?5)",
        params![
            url,
            feed.title.as_deref().map(str::trim).filter(|t| !t.is_empty()),
            feed.hidden,
            position,
            Utc::now().timestamp(),
            id
        ],
    )?;
    let id = FeedId(id);
    write_tags(tx, id, &feed.tags)?;
    Ok(AddOutcome::Added(id))
}

/// The tables whose ids are never reused.
#[derive(Debug, Clone, Copy)]
pub(super) enum IdTable {
    Feeds,
    Articles,
}

/// The id the next row of `table` gets: past every id the table ever had (SQLite alone
/// would hand out the highest again once its row is deleted; see migration 7).
pub(super) fn next_id(conn: &rusqlite::Connection, table: IdTable) -> Result<i64, StoreError> {
    let sql = match table {
        IdTable::Feeds => {
            "SELECT max(coalesce((SELECT last FROM id_high_water WHERE name = 'feeds'), 0),
                        coalesce((SELECT max(id) FROM feeds), 0)) + 1"
        }
        IdTable::Articles => {
            "SELECT max(coalesce((SELECT last FROM id_high_water WHERE name = 'articles'), 0),
                        coalesce((SELECT max(id) FROM articles), 0)) + 1"
        }
    };
    Ok(conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?)
}

pub(super) fn write_tags(tx: &Connection, id: FeedId, tags: &[String]) -> Result<(), StoreError> {
    let mut stmt = tx.prepare_cached(
        "INSERT OR IGNORE INTO feed_tags(feed_id, tag, position) VALUES (?1, ?2, ?3)",
    )?;
    for (i, tag) in tags
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .enumerate()
    {
        stmt.execute(params![id.0, tag, i as i64])?;
    }
    Ok(())
}

/// A 64-bit hash (a wyhash-style multiply-and-fold, eight bytes at a time; not a
/// cryptographic one) over the fields whose change makes an article "updated".
fn content_hash(item: &crate::model::ParsedItem) -> i64 {
    let mut h: u64 = 0x243f_6a88_85a3_08d3;
    let parts = [
        item.title.as_str(),
        item.link.as_deref().unwrap_or(""),
        item.author.as_deref().unwrap_or(""),
        item.summary_html.as_deref().unwrap_or(""),
        item.content_html.as_deref().unwrap_or(""),
    ];
    for part in parts {
        h = fold_part(h, part);
    }
    // Attached files and the lead picture count only when the item has some, so the hash of an
    // item without any is what it was before griot kept them.
    for e in &item.enclosures {
        h = fold_part(h, &e.url);
        h = fold_part(h, e.mime.as_deref().unwrap_or(""));
        h = mix(h ^ e.length.unwrap_or(0));
    }
    if let Some(image) = &item.image {
        h = fold_part(h, image);
    }
    h as i64
}

/// Folds one field into the hash: eight bytes at a time (a per-byte hash showed in refresh
/// profiles), each word with a 128-bit multiply; the length ends the field.
fn fold_part(mut h: u64, part: &str) -> u64 {
    let bytes = part.as_bytes();
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = mix(h ^ u64::from_le_bytes(w.try_into().unwrap_or_default()));
    }
    let mut last = [0u8; 8];
    last[..words.remainder().len()].copy_from_slice(words.remainder());
    h = mix(h ^ u64::from_le_bytes(last));
    mix(h ^ bytes.len() as u64)
}

/// One multiply-and-fold step (as in wyhash): mixes every bit of `x` into the result.
fn mix(x: u64) -> u64 {
    let m = u128::from(x ^ 0xa076_1d64_78bd_642f) * 0xe703_7ed1_a0b4_28db;
    (m as u64) ^ ((m >> 64) as u64)
}

/// Counts `n` articles just inserted for `feed` (unread, neither purged nor hidden, as an
/// insert leaves them) in the feed's kept counts. Every write that inserts articles of a
/// feed calls it in the same transaction: migration 14 says why no trigger does.
pub(super) fn count_new(conn: &Connection, feed: i64, n: u64) -> Result<(), StoreError> {
    if n > 0 {
        conn.prepare_cached(
            "UPDATE feeds SET total_count = total_count + ?2, unread_count = unread_count + ?2
             WHERE id = ?1",
        )?
        .execute(params![feed, n as i64])?;
    }
    Ok(())
}

pub(super) fn upsert_items(
    tx: &Connection,
    feed: FeedId,
    feed_title: &str,
    parsed: &ParsedFeed,
    prepared: &[PreparedItem],
    (now, generation): (i64, i64),
) -> Result<ApplyStats, StoreError> {
    let mut stats = ApplyStats::default();
    let mut next_article: Option<i64> = None;
    let mut find = tx.prepare_cached(
        "SELECT id, content_hash, purged FROM articles WHERE feed_id = ?1 AND uid = ?2",
    )?;
    let mut touch = tx.prepare_cached(
        "UPDATE articles SET last_seen = ?2, feed_title = ?3, seen_gen = ?4 WHERE id = ?1",
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO articles(feed_id, feed_title, uid, guid, link, title, author, published,
            updated, sort_time, summary_html, content_html, first_seen, last_seen, content_hash,
            indexed, seen_gen, id, image_url)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, 0, ?15, ?16, ?17)",
    )?;
    let mut update = tx.prepare_cached(
        "UPDATE articles SET feed_title = ?2, guid = ?3, link = ?4, title = ?5, author = ?6,
            published = ?7, updated = ?8, summary_html = ?9, content_html = ?10,
            last_seen = ?11, content_hash = ?12, indexed = 0, seen_gen = ?13, image_url = ?14
         WHERE id = ?1",
    )?;
    for (i, (item, ready)) in parsed.items.iter().zip(prepared).enumerate() {
        let hash = ready.hash;
        let mut encoded = None;
        let existing: Option<(i64, i64, bool)> = find
            .query_row(params![feed.0, item.uid], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let published = item.published.or(item.updated).map(to_ts);
        match existing {
            // Pruned articles are remembered so they do not come back as unread.
            Some((id, _, true)) => {
                touch.execute(params![id, now, feed_title, generation])?;
            }
            Some((id, old, false)) if old == hash => {
                touch.execute(params![id, now, feed_title, generation])?;
            }
            Some((id, _, false)) => {
                let (summary, content) = bodies(ready, item, &mut encoded);
                update.execute(params![
                    id,
                    feed_title,
                    item.guid,
                    item.link,
                    item.title,
                    item.author,
                    published,
                    item.updated.map(to_ts),
                    summary,
                    content,
                    now,
                    hash,
                    generation,
                    item.image
                ])?;
                super::media::write_enclosures(tx, id, &item.enclosures, false)?;
                stats.updated += 1;
            }
            None => {
                // Items without dates keep the feed's order: the first is the newest.
                let sort_time = published.unwrap_or(now - i as i64);
                let (summary, content) = bodies(ready, item, &mut encoded);
                // Ids are given in order within the transaction, which holds the write lock.
                let id = match next_article {
                    Some(id) => id,
                    None => next_id(tx, IdTable::Articles)?,
                };
                next_article = Some(id + 1);
                insert.execute(params![
                    feed.0,
                    feed_title,
                    item.uid,
                    item.guid,
                    item.link,
                    item.title,
                    item.author,
                    published,
                    item.updated.map(to_ts),
                    sort_time,
                    summary,
                    content,
                    now,
                    hash,
                    generation,
                    id,
                    item.image
                ])?;
                super::media::write_enclosures(tx, id, &item.enclosures, true)?;
                stats.new += 1;
            }
        }
    }
    count_new(tx, feed.0, stats.new)?;
    Ok(stats)
}

#[cfg(test)]
mod hash_tests {
    use super::content_hash;
    use crate::model::ParsedItem;

    #[test]
    fn the_content_hash_sees_every_field_and_every_byte() {
        let base = ParsedItem {
            uid: "u".into(),
            guid: None,
            link: Some("http://example.test/a".into()),
            title: "Titre".into(),
            author: None,
            published: None,
            updated: None,
            summary_html: Some("<p>Résumé</p>".into()),
            content_html: Some(
                "<p>Le corps de l’article, assez long pour plusieurs mots</p>".into(),
            ),
            ..Default::default()
        };
        assert_eq!(content_hash(&base), content_hash(&base.clone()));
        let mut changed = vec![base.clone(); 5];
        changed[0].title.push('!');
        changed[1].link = None;
        changed[2].author = Some("Awa".into());
        changed[3].summary_html = Some("<p>Resume</p>".into());
        changed[4].content_html = base
            .content_html
            .as_ref()
            .map(|c| c.replace("corps", "corpus"));
        for c in &changed {
            assert_ne!(content_hash(c), content_hash(&base), "{c:?}");
        }
        // Moving text from one field to the next is a change too.
        let mut shifted = base.clone();
        shifted.title = "Titr".into();
        shifted.link = Some("ehttp://example.test/a".into());
        assert_ne!(content_hash(&shifted), content_hash(&base));
    }
}
