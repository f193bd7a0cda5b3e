//! Another reader's archive brought in: its feeds, and its articles with their read state and
//! bookmarks, through the same write path as a refresh (identity, compression, ids past the
//! high-water mark, the search index brought up to date lazily), all in one transaction.
//!
//! State is only ever added: an article read there is marked read here, a flagged one
//! bookmarked (its flags kept as the article's tags); nothing read here becomes unread. So a
//! second import of the same archive changes nothing.

use chrono::Utc;
use rusqlite::{params, OptionalExtension};

use super::feeds::{
    insert_feed, prepare_items, title_and_generation, upsert_items, AddOutcome, NewFeed,
};
use super::filtering::{add_article_tags, last_article_id, sweep};
use super::{Store, StoreError};
use crate::filter::RuleSet;
use crate::model::{ParsedFeed, ParsedItem};

/// One feed of an archive and its articles.
#[derive(Debug, Clone, Default)]
pub struct ArchivedFeed {
    pub feed: NewFeed,
    /// The feed's own title and site, as the other reader last saw them.
    pub title: Option<String>,
    pub site_url: Option<String>,
    pub articles: Vec<ArchivedArticle>,
}

/// One article of an archive.
#[derive(Debug, Clone, Default)]
pub struct ArchivedArticle {
    pub item: ParsedItem,
    pub read: bool,
    /// Bookmarked, with these tags (empty: not bookmarked).
    pub bookmark_tags: Option<Vec<String>>,
}

/// What an archive import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArchiveReport {
    pub feeds_added: u64,
    pub feeds_existing: u64,
    /// Articles griot did not have.
    pub articles_new: u64,
    /// Articles in the archive griot already had.
    pub articles_known: u64,
    /// Articles this import marked read.
    pub marked_read: u64,
    /// Articles this import bookmarked.
    pub bookmarked: u64,
}

impl ArchiveReport {
    /// Whether the import changed anything.
    pub fn changed(&self) -> bool {
        self.feeds_added + self.articles_new + self.marked_read + self.bookmarked > 0
    }
}

/// An import in progress: one write transaction, committed by [`ArchiveImport::commit`]
/// (dropped without it, nothing is kept).
pub struct ArchiveImport<'a> {
    tx: super::WriteTx<'a>,
    since: i64,
    rules: Option<std::sync::Arc<RuleSet>>,
    report: ArchiveReport,
}

impl Store {
    /// Starts importing an archive.
    pub fn begin_archive_import(&mut self) -> Result<ArchiveImport<'_>, StoreError> {
        let rules = self.ingest.clone();
        let tx = self.write_tx()?;
        let since = last_article_id(&tx)?;
        Ok(ArchiveImport {
            tx,
            since,
            rules,
            report: ArchiveReport::default(),
        })
    }
}

impl ArchiveImport<'_> {
    /// Adds one feed (unless subscribed already) and its articles.
    pub fn feed(&mut self, archived: &ArchivedFeed) -> Result<(), StoreError> {
        let tx = &self.tx;
        let id = match insert_feed(tx, &archived.feed)? {
            AddOutcome::Added(id) => {
                self.report.feeds_added += 1;
                tx.execute(
                    "UPDATE feeds SET feed_title = ?2, site_url = ?3 WHERE id = ?1",
                    params![id.0, archived.title, archived.site_url],
                )?;
                id
            }
            AddOutcome::Exists(id) => {
                self.report.feeds_existing += 1;
                id
            }
        };
        let (feed_title, generation) = title_and_generation(tx, id)?;
        let parsed = ParsedFeed {
            items: archived.articles.iter().map(|a| a.item.clone()).collect(),
            ..ParsedFeed::default()
        };
        // Bodies are compressed only for articles griot does not have yet (as a refresh does).
        let prepared = prepare_items(&parsed, false);
        let now = Utc::now().timestamp();
        let stats = upsert_items(tx, id, &feed_title, &parsed, &prepared, (now, generation))?;
        self.report.articles_new += stats.new;
        self.report.articles_known += archived.articles.len() as u64 - stats.new;
        let mut find = tx.prepare_cached(
            "SELECT id FROM articles WHERE feed_id = ?1 AND uid = ?2 AND purged = 0",
        )?;
        for article in &archived.articles {
            let Some(aid) = find
                .query_row(params![id.0, article.item.uid], |r| r.get::<_, i64>(0))
                .optional()?
            else {
                continue;
            };
            if article.read {
                self.report.marked_read += tx.execute(
                    "UPDATE articles SET read = 1, read_at = ?2 WHERE id = ?1 AND read = 0",
                    params![aid, now],
                )? as u64;
            }
            if let Some(tags) = &article.bookmark_tags {
                self.report.bookmarked += tx.execute(
                    "UPDATE articles SET bookmarked = 1, bookmarked_at = ?2
                     WHERE id = ?1 AND bookmarked = 0",
                    params![aid, now],
                )? as u64;
                add_article_tags(tx, aid, tags)?;
            }
        }
        Ok(())
    }

    /// What the import has done so far.
    pub fn report(&self) -> ArchiveReport {
        self.report
    }

    /// Judges the new articles by the ingest rules, commits, and says what was done.
    pub fn commit(self) -> Result<ArchiveReport, StoreError> {
        if let Some(rules) = &self.rules {
            sweep(&self.tx, rules, self.since, Utc::now(), false)?;
        }
        self.tx.commit()?;
        Ok(self.report)
    }
}
