//! Articles: paged listing, reading, read and bookmark state, full text, saved pages.
//!
//! Lists are always paged (`limit`, and `after` as a keyset cursor), so the cost of a
//! screenful does not grow with the archive.

use chrono::{DateTime, Utc};
use rusqlite::{params_from_iter, types::Value, OptionalExtension, Row};

use super::index::{flush_terms, index_article};
use super::{codec, count, from_ts, to_ts, Store, StoreError};
use crate::model::{Article, ArticleId, ArticleSummary, FeedId};

/// Which articles a list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleFilter {
    pub feed: Option<FeedId>,
    pub tag: Option<String>,
    pub unread_only: bool,
    pub bookmarked_only: bool,
    /// Only pages kept with `griot save` (no feed).
    pub saved_only: bool,
}

/// A page of a list: newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleQuery {
    pub filter: ArticleFilter,
    pub limit: u32,
    /// Keyset cursor: continue after this article (as last seen on the previous page).
    pub after: Option<ArticleId>,
    /// Plain offset, for jumping into a list (ignored when `after` is set).
    pub offset: u32,
}

impl Default for ArticleQuery {
    fn default() -> Self {
        ArticleQuery {
            filter: ArticleFilter::default(),
            limit: 100,
            after: None,
            offset: 0,
        }
    }
}

/// The previous state of articles whose read or bookmark flag changed, for undo.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MarkOutcome {
    pub changed: Vec<(ArticleId, bool)>,
}

/// What a bulk change touched: the articles whose state actually changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BulkChange {
    pub ids: Vec<ArticleId>,
}

pub(super) const SUMMARY_COLUMNS: &str =
    "a.id, a.feed_id, a.feed_title, a.title, a.link, a.author, coalesce(a.published, a.updated), a.read, a.bookmarked,
     a.highlight, (SELECT group_concat(tag, char(31)) FROM article_tags t WHERE t.article_id = a.id)";

pub(super) fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<ArticleSummary> {
    Ok(ArticleSummary {
        id: ArticleId(r.get(0)?),
        feed_id: r.get::<_, Option<i64>>(1)?.map(FeedId),
        feed_title: r.get(2)?,
        title: r.get(3)?,
        link: r.get(4)?,
        author: r.get(5)?,
        published: from_ts(r.get(6)?),
        read: r.get(7)?,
        bookmarked: r.get(8)?,
        highlight: r.get(9)?,
        tags: r
            .get::<_, Option<String>>(10)?
            .map(|t| t.split('\u{1f}').map(str::to_string).collect())
            .unwrap_or_default(),
    })
}

/// Builds the WHERE clause of a filter, pushing its parameters.
pub(super) fn filter_sql(filter: &ArticleFilter, params: &mut Vec<Value>) -> String {
    let mut sql = String::from("a.purged = 0 AND a.hidden = 0");
    if let Some(feed) = filter.feed {
        sql.push_str(" AND a.feed_id = ?");
        params.push(Value::Integer(feed.0));
    }
    if let Some(tag) = &filter.tag {
        // Tags match without regard to case, as `tag:` in a search does.
        sql.push_str(super::filtering::TAG_SQL);
        params.push(Value::Text(tag.clone()));
        params.push(Value::Text(tag.clone()));
    }
    if filter.unread_only {
        sql.push_str(" AND a.read = 0");
    }
    if filter.bookmarked_only {
        sql.push_str(" AND a.bookmarked = 1");
    }
    if filter.saved_only {
        sql.push_str(" AND a.feed_id IS NULL AND a.uid LIKE 'saved:%'");
    }
    sql
}

/// How many articles of a list stand above the one whose id is the last parameter.
pub(super) fn position_sql(filter: &ArticleFilter, params: &mut Vec<Value>) -> String {
    format!(
        "SELECT count(*) FROM articles a WHERE {} AND (a.sort_time, a.id) > (SELECT sort_time, id FROM articles WHERE id = ?)",
        filter_sql(filter, params)
    )
}

impl Store {
    /// A page of articles, newest first.
    pub fn list_articles(&self, q: &ArticleQuery) -> Result<Vec<ArticleSummary>, StoreError> {
        let mut params = Vec::new();
        let mut sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE {}",
            filter_sql(&q.filter, &mut params)
        );
        if let Some(after) = q.after {
            sql.push_str(
                " AND (a.sort_time, a.id) < (SELECT sort_time, id FROM articles WHERE id = ?)",
            );
            params.push(Value::Integer(after.0));
        }
        sql.push_str(" ORDER BY a.sort_time DESC, a.id DESC LIMIT ? OFFSET ?");
        params.push(Value::Integer(i64::from(q.limit)));
        params.push(Value::Integer(if q.after.is_some() {
            0
        } else {
            i64::from(q.offset)
        }));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), summary_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many articles a filter matches.
    pub fn count_articles(&self, filter: &ArticleFilter) -> Result<u64, StoreError> {
        if let Some(n) = self.count_from_feeds(filter)? {
            return Ok(n);
        }
        let mut params = Vec::new();
        let sql = format!(
            "SELECT count(*) FROM articles a WHERE {}",
            filter_sql(filter, &mut params)
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt.query_row(params_from_iter(params), |r| count(r, 0))?)
    }

    /// The count of a filter the feeds already keep (`unread_count`, `total_count`, kept
    /// since migration 5 by triggers and, since migration 14, by the writes that insert
    /// articles: `feeds::count_new`), so the reader's first list and `griot feeds` cost the
    /// same at any archive size; `None` for filters they cannot answer (bookmarks, saved
    /// pages). Articles without a feed are counted apart, through their index entries.
    fn count_from_feeds(&self, filter: &ArticleFilter) -> Result<Option<u64>, StoreError> {
        if filter.bookmarked_only || filter.saved_only {
            return Ok(None);
        }
        let column = if filter.unread_only {
            "unread_count"
        } else {
            "total_count"
        };
        let mut params = Vec::new();
        let mut feeds = String::from("1");
        if let Some(feed) = filter.feed {
            feeds.push_str(" AND id = ?");
            params.push(Value::Integer(feed.0));
        }
        if let Some(tag) = &filter.tag {
            feeds.push_str(
                " AND id IN (SELECT feed_id FROM feed_tags WHERE tag = ? COLLATE NOCASE)",
            );
            params.push(Value::Text(tag.clone()));
        }
        let unread = if filter.unread_only {
            " AND a.read = 0"
        } else {
            ""
        };
        let others = if filter.feed.is_some() {
            "0".to_string()
        } else if let Some(tag) = &filter.tag {
            // Articles carrying the tag themselves (a newsboat flag kept on a bookmark) whose
            // feed does not: found through the tag's index.
            params.push(Value::Text(tag.clone()));
            params.push(Value::Text(tag.clone()));
            format!(
                "(SELECT count(*) FROM article_tags t JOIN articles a ON a.id = t.article_id
                  WHERE t.tag = ? COLLATE NOCASE AND a.purged = 0 AND a.hidden = 0{unread}
                  AND (a.feed_id IS NULL OR a.feed_id NOT IN
                      (SELECT feed_id FROM feed_tags WHERE tag = ? COLLATE NOCASE)))"
            )
        } else {
            format!(
                "(SELECT count(*) FROM articles a
                  WHERE a.feed_id IS NULL AND a.purged = 0 AND a.hidden = 0{unread})"
            )
        };
        let sql = format!(
            "SELECT (SELECT coalesce(sum({column}), 0) FROM feeds WHERE {feeds}) + {others}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(Some(
            stmt.query_row(params_from_iter(params), |r| count(r, 0))?,
        ))
    }

    /// The position of an article in a filtered list (for keeping a selection across reloads).
    pub fn position_of(
        &self,
        filter: &ArticleFilter,
        id: ArticleId,
    ) -> Result<Option<u64>, StoreError> {
        let mut params = Vec::new();
        let sql = position_sql(filter, &mut params);
        params.push(Value::Integer(id.0));
        if self.article_exists(id)? {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            Ok(Some(
                stmt.query_row(params_from_iter(params), |r| count(r, 0))?,
            ))
        } else {
            Ok(None)
        }
    }

    fn article_exists(&self, id: ArticleId) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM articles WHERE id = ?1 AND purged = 0 AND hidden = 0")?
            .exists([id.0])?)
    }

    /// The next (`forward`) or previous unread article after `from` in a list.
    pub fn neighbour_unread(
        &self,
        filter: &ArticleFilter,
        from: Option<ArticleId>,
        forward: bool,
    ) -> Result<Option<ArticleSummary>, StoreError> {
        let mut params = Vec::new();
        let mut sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE {} AND a.read = 0",
            filter_sql(filter, &mut params)
        );
        if let Some(from) = from {
            let cmp = if forward { "<" } else { ">" };
            sql.push_str(&format!(
                " AND (a.sort_time, a.id) {cmp} (SELECT sort_time, id FROM articles WHERE id = ?)"
            ));
            params.push(Value::Integer(from.0));
        }
        sql.push_str(if forward {
            " ORDER BY a.sort_time DESC, a.id DESC LIMIT 1"
        } else {
            " ORDER BY a.sort_time ASC, a.id ASC LIMIT 1"
        });
        let mut stmt = self.conn.prepare_cached(&sql)?;
        Ok(stmt
            .query_row(params_from_iter(params), summary_from_row)
            .optional()?)
    }

    /// One whole article with its bodies.
    pub fn article(&self, id: ArticleId) -> Result<Option<Article>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, feed_id, feed_title, uid, guid, link, title, author, published, updated,
                summary_html, content_html, fulltext_html, fulltext_error, read, bookmarked, first_seen,
                image_url
             FROM articles WHERE id = ?1 AND purged = 0 AND hidden = 0",
        )?;
        let article = stmt
            .query_row([id.0], |r| {
                Ok(Article {
                    id: ArticleId(r.get(0)?),
                    feed_id: r.get::<_, Option<i64>>(1)?.map(FeedId),
                    feed_title: r.get(2)?,
                    uid: r.get(3)?,
                    guid: r.get(4)?,
                    link: r.get(5)?,
                    title: r.get(6)?,
                    author: r.get(7)?,
                    published: from_ts(r.get(8)?),
                    updated: from_ts(r.get(9)?),
                    summary_html: codec::column(r, 10)?,
                    content_html: codec::column(r, 11)?,
                    fulltext_html: codec::column(r, 12)?,
                    fulltext_error: r.get(13)?,
                    read: r.get(14)?,
                    bookmarked: r.get(15)?,
                    first_seen: from_ts(r.get(16)?).unwrap_or_else(Utc::now),
                    enclosures: Vec::new(),
                    image: r.get(17)?,
                })
            })
            .optional()?;
        let Some(mut article) = article else {
            return Ok(None);
        };
        article.enclosures = super::media::read_enclosures(&self.conn, id.0)?;
        Ok(Some(article))
    }

    /// Like [`Store::article`], but a missing article is an error.
    pub fn require_article(&self, id: ArticleId) -> Result<Article, StoreError> {
        self.article(id)?.ok_or(StoreError::NoSuchArticle(id.0))
    }

    /// Sets the read flag of articles; returns the ones that changed with their old state.
    pub fn set_read(&mut self, ids: &[ArticleId], read: bool) -> Result<MarkOutcome, StoreError> {
        self.set_flag(ids, "read", "read_at", read)
    }

    /// Sets the bookmark flag of articles; returns the ones that changed with their old state.
    pub fn set_bookmarked(
        &mut self,
        ids: &[ArticleId],
        bookmarked: bool,
    ) -> Result<MarkOutcome, StoreError> {
        self.set_flag(ids, "bookmarked", "bookmarked_at", bookmarked)
    }

    fn set_flag(
        &mut self,
        ids: &[ArticleId],
        column: &str,
        stamp: &str,
        value: bool,
    ) -> Result<MarkOutcome, StoreError> {
        let now = Utc::now().timestamp();
        let tx = self.write_tx()?;
        let mut outcome = MarkOutcome::default();
        {
            let mut get = tx.prepare_cached(&format!(
                "SELECT {column} FROM articles WHERE id = ?1 AND purged = 0 AND hidden = 0"
            ))?;
            let mut set = tx.prepare_cached(&format!(
                "UPDATE articles SET {column} = ?2, {stamp} = ?3 WHERE id = ?1"
            ))?;
            for id in ids {
                let old: Option<bool> = get.query_row([id.0], |r| r.get(0)).optional()?;
                let Some(old) = old else {
                    return Err(StoreError::NoSuchArticle(id.0));
                };
                if old != value {
                    set.execute(rusqlite::params![id.0, value, now])?;
                    outcome.changed.push((*id, old));
                }
            }
        }
        tx.commit()?;
        Ok(outcome)
    }

    /// Marks every article a filter matches as read; returns those that changed (for undo).
    pub fn mark_all_read(&mut self, filter: &ArticleFilter) -> Result<BulkChange, StoreError> {
        let tx = self.write_tx()?;
        // Parameters in SQL order: the timestamp, then the filter's.
        let mut params = vec![Value::Integer(Utc::now().timestamp())];
        let sql = format!(
            "UPDATE articles SET read = 1, read_at = ? WHERE id IN
                (SELECT a.id FROM articles a WHERE {} AND a.read = 0) RETURNING id",
            filter_sql(filter, &mut params)
        );
        let ids = {
            let mut stmt = tx.prepare(&sql)?;
            let rows = stmt.query_map(params_from_iter(params), |r| r.get(0).map(ArticleId))?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        tx.commit()?;
        Ok(BulkChange { ids })
    }

    /// Keeps an article's extracted full text (readable offline from now on).
    pub fn set_fulltext(&mut self, id: ArticleId, html: &str) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        let n = tx.execute(
            "UPDATE articles SET fulltext_html = ?2, fulltext_error = NULL, fulltext_at = ?3 WHERE id = ?1",
            rusqlite::params![id.0, codec::encode(html), Utc::now().timestamp()],
        )?;
        if n == 0 {
            return Err(StoreError::NoSuchArticle(id.0));
        }
        index_article(&tx, id.0)?;
        flush_terms(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Records why full-text extraction failed; the summary stays.
    pub fn set_fulltext_error(&mut self, id: ArticleId, error: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE articles SET fulltext_error = ?2, fulltext_at = ?3 WHERE id = ?1",
            rusqlite::params![id.0, error, Utc::now().timestamp()],
        )?;
        Ok(())
    }

    /// Bookmarked articles with no full text kept yet (to fetch it for offline reading);
    /// one whose last attempt failed comes back after an hour.
    pub fn bookmarks_missing_fulltext(&self, limit: u32) -> Result<Vec<ArticleId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM articles WHERE bookmarked = 1 AND fulltext_html IS NULL
               AND link IS NOT NULL AND (fulltext_at IS NULL OR fulltext_at < ?2)
             ORDER BY bookmarked_at DESC LIMIT ?1",
        )?;
        // A failed attempt is retried after an hour (the network may be back).
        let retry_before = Utc::now().timestamp() - 3600;
        let rows = stmt.query_map(rusqlite::params![limit, retry_before], |r| {
            r.get(0).map(ArticleId)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Recent articles of a feed that carry no content of their own and have no full text
    /// yet (candidates for automatic full-text fetching), newest first.
    pub fn fulltext_candidates(
        &self,
        feed: FeedId,
        limit: u32,
    ) -> Result<Vec<ArticleId>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM articles WHERE feed_id = ?1 AND purged = 0 AND content_html IS NULL
               AND fulltext_html IS NULL AND fulltext_error IS NULL AND link IS NOT NULL
             ORDER BY sort_time DESC LIMIT ?2",
        )?;
        let rows = stmt.query_map(rusqlite::params![feed.0, limit], |r| {
            r.get(0).map(ArticleId)
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Keeps a web page as a bookmarked article under "Saved" (`griot save`).
    ///
    /// Saving the same URL again updates the kept copy.
    pub fn save_page(
        &mut self,
        url: &str,
        title: &str,
        author: Option<&str>,
        published: Option<DateTime<Utc>>,
        html: &str,
    ) -> Result<ArticleId, StoreError> {
        let now = Utc::now().timestamp();
        let uid = format!("saved:{url}");
        let tx = self.write_tx()?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM articles WHERE feed_id IS NULL AND uid = ?1",
                [&uid],
                |r| r.get(0),
            )
            .optional()?;
        let id = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE articles SET title = ?2, author = ?3, fulltext_html = ?4, fulltext_error = NULL,
                        fulltext_at = ?5, bookmarked = 1, purged = 0, last_seen = ?5,
                        published = coalesce(?6, published) WHERE id = ?1",
                    rusqlite::params![id, title, author, codec::encode(html), now, published.map(to_ts)],
                )?;
                id
            }
            None => {
                let id = super::feeds::next_id(&tx, super::feeds::IdTable::Articles)?;
                tx.execute(
                    "INSERT INTO articles(id, feed_id, feed_title, uid, link, title, author, published, sort_time,
                        fulltext_html, fulltext_at, bookmarked, bookmarked_at, first_seen, last_seen)
                     VALUES (?9, NULL, 'Saved', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?8, ?8, ?8)",
                    rusqlite::params![
                        uid,
                        url,
                        title,
                        author,
                        published.map(to_ts),
                        published.map(to_ts).unwrap_or(now),
                        codec::encode(html),
                        now,
                        id
                    ],
                )?;
                id
            }
        };
        index_article(&tx, id)?;
        flush_terms(&tx)?;
        tx.commit()?;
        Ok(ArticleId(id))
    }

    /// Total unread articles (for the status bar).
    pub fn unread_total(&self) -> Result<u64, StoreError> {
        self.count_articles(&ArticleFilter {
            unread_only: true,
            ..ArticleFilter::default()
        })
    }
}
