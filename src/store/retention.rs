//! Retention: dropping old read articles without ever losing what the user keeps.
//!
//! Unread and bookmarked articles are never purged, and neither is an article its feed still
//! carries. An article's age counts from the later of when its feed last carried it and when
//! it was read — never from its publication date, or an old article would vanish the moment it
//! is read. A purged article leaves a tombstone (its identity, no bodies) so the next refresh
//! does not bring it back as unread; the tombstone itself goes once the feed has not carried
//! the item for a while.

use chrono::{DateTime, Duration, Utc};
use rusqlite::params;
use serde::Serialize;

use super::{count, to_ts, Store, StoreError};

/// How long to keep what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPolicy {
    /// Read articles older than this many days are purged (0 keeps them forever).
    pub read_days: u32,
    /// Keep at most this many articles per feed (0 for no limit); the newest stay.
    pub max_per_feed: u32,
}

/// What a prune did (or, dry, would do).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PruneReport {
    pub purged: u64,
    pub tombstones_dropped: u64,
}

/// Tombstones of items the feed stopped carrying are dropped after this long.
const TOMBSTONE_DAYS: i64 = 30;

/// Articles retention may drop: read, not bookmarked, not yet purged, and no longer in their
/// feed (the feed's latest read of its items did not see them).
const DROPPABLE: &str = "a.read = 1 AND a.bookmarked = 0 AND a.purged = 0
    AND a.seen_gen < (SELECT f.items_gen FROM feeds f WHERE f.id = a.feed_id)";

impl Store {
    /// Applies the retention policy in one transaction; `dry_run` only counts.
    pub fn prune(
        &mut self,
        policy: &RetentionPolicy,
        now: DateTime<Utc>,
        dry_run: bool,
    ) -> Result<PruneReport, StoreError> {
        let tx = self.write_tx()?;
        tx.execute_batch("CREATE TEMP TABLE IF NOT EXISTS prune_ids(id INTEGER PRIMARY KEY); DELETE FROM prune_ids;")?;
        if policy.read_days > 0 {
            let cutoff = to_ts(now - Duration::days(i64::from(policy.read_days)));
            tx.execute(
                &format!(
                    "INSERT OR IGNORE INTO prune_ids SELECT a.id FROM articles a
                     WHERE a.last_seen < ?1 AND coalesce(a.read_at, 0) < ?1 AND {DROPPABLE}"
                ),
                [cutoff],
            )?;
        }
        if policy.max_per_feed > 0 {
            tx.execute(
                &format!(
                    "INSERT OR IGNORE INTO prune_ids SELECT id FROM (
                        SELECT a.id, a.feed_id, a.read, a.read_at, a.bookmarked, a.purged,
                            a.last_seen, a.seen_gen, row_number() OVER
                            (PARTITION BY a.feed_id ORDER BY a.sort_time DESC, a.id DESC) AS n
                        FROM articles a WHERE a.feed_id IS NOT NULL AND a.purged = 0) a
                     WHERE a.n > ?1 AND {DROPPABLE}"
                ),
                [policy.max_per_feed],
            )?;
        }
        let purged = tx.query_row("SELECT count(*) FROM prune_ids", [], |r| count(r, 0))?;
        let tomb_cutoff = to_ts(now - Duration::days(TOMBSTONE_DAYS));
        // A tombstone goes once its feed has not carried the item for a while (a feed that still
        // carries it would otherwise bring it back as unread).
        let stale_tombstones = "FROM articles AS a WHERE a.purged = 1 AND a.bookmarked = 0
            AND (a.feed_id IS NULL OR (a.last_seen < ?1
                AND a.seen_gen < (SELECT f.items_gen FROM feeds f WHERE f.id = a.feed_id)))";
        let tombstones = tx.query_row(
            &format!("SELECT count(*) {stale_tombstones}"),
            [tomb_cutoff],
            |r| count(r, 0),
        )?;
        if !dry_run {
            tx.execute(
                "DELETE FROM articles_fts WHERE rowid IN
                    (SELECT fts_key FROM articles WHERE id IN (SELECT id FROM prune_ids)
                        AND fts_key IS NOT NULL)",
                [],
            )?;
            tx.execute(
                "DELETE FROM enclosures WHERE article_id IN (SELECT id FROM prune_ids)",
                [],
            )?;
            // A tombstone's `last_seen` starts at its purge, so it outlives it by a while.
            tx.execute(
                "UPDATE articles SET purged = 1, summary_html = NULL, content_html = NULL,
                    fulltext_html = NULL, fts_key = NULL, last_seen = ?1, image_url = NULL
                 WHERE id IN (SELECT id FROM prune_ids)",
                [to_ts(now)],
            )?;
            tx.execute(&format!("DELETE {stale_tombstones}"), params![tomb_cutoff])?;
            // Unbookmarked articles of removed feeds have nothing to keep them.
            tx.execute(
                "DELETE FROM articles WHERE feed_id IS NULL AND bookmarked = 0 AND uid NOT LIKE 'saved:%'",
                [],
            )?;
        }
        tx.execute("DELETE FROM prune_ids", [])?;
        tx.commit()?;
        Ok(PruneReport {
            purged,
            tombstones_dropped: tombstones,
        })
    }

    /// Compacts the database when the last compaction is older than `every_days`.
    pub fn compact_if_due(
        &mut self,
        now: DateTime<Utc>,
        every_days: u32,
    ) -> Result<bool, StoreError> {
        let Some(last) = self
            .meta("last_compact")?
            .and_then(|v| v.parse::<i64>().ok())
        else {
            // A new database has nothing to reclaim: start counting from now.
            self.set_meta("last_compact", &now.timestamp().to_string())?;
            return Ok(false);
        };
        if every_days == 0 || now.timestamp() - last < i64::from(every_days) * 86_400 {
            return Ok(false);
        }
        self.compact()?;
        Ok(true)
    }
}
