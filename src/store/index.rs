//! Writing the search index: an article's entry (re)made from its stored fields, and the
//! articles waiting for one taken in batches.
//!
//! Apart from the queries ([`super::search`]) because every write path (feeds, full text,
//! saved pages) keeps the index in step through it, while only searching reads it.

use rusqlite::{params, OptionalExtension};

use super::{codec, count, text, Store, StoreError};

/// Articles the search index has yet to take in (changed since, or never given a key); the same
/// condition as the partial index `articles_unindexed`, so the query uses it.
const UNINDEXED: &str = "(indexed = 0 OR (fts_key IS NULL AND purged = 0 AND hidden = 0))";

/// Articles indexed in one catch-up from which the index is merged afterwards
/// ([`Store::optimize_index`]).
const OPTIMIZE_AFTER: usize = 1_000;

/// Articles indexed per transaction when the index catches up.
pub(super) const INDEX_BATCH: usize = 500;

/// SQLite's page cache while the index catches up or is merged, in KiB (or the connection's
/// own cap, when smaller). Indexing reads each waiting article once and writes its words into
/// new segments, merging runs of them: few of the pages it touches are touched again, so a
/// large cache only fills. With the connection's usual 8 MB, the reader's memory rose about
/// 4 MB in the second after a cold refresh of 1,000 feeds, as its indexer filled the cache
/// (26.7–27.2 MB at the peak, against 22.3–23.0 MB with this cap), and indexing took as long
/// either way (`benches/PROFILING.md`, 2026-11-29).
pub(crate) const INDEX_CACHE_KIB: u32 = 2048;

impl Store {
    /// Brings the search index up to date with articles stored or changed since it was last
    /// updated (refreshes leave that work for later so they stay fast). Works in batches of
    /// `batch` articles, each its own transaction; returns how many were indexed.
    ///
    /// A read-only store indexes nothing (its searches see what is already indexed).
    pub fn index_pending(&self, batch: usize) -> Result<usize, StoreError> {
        let mut total = 0;
        loop {
            let n = self.index_batch(batch)?;
            total += n;
            if n < batch.max(1) {
                break;
            }
        }
        if total >= OPTIMIZE_AFTER && total * 2 >= self.live_articles()? {
            self.optimize_index()?;
        }
        Ok(total)
    }

    /// Merges the search index into one segment. Worth it after a bulk load (a first refresh,
    /// an import): the index built in batches holds many segments, each repeating its terms,
    /// about 12 % larger than merged. Only when at least half the index was just built, so
    /// the merges cost at most twice the index over its life.
    ///
    /// The pages the old segments held are then given back to the file system (with
    /// `auto_vacuum = INCREMENTAL`, which new databases have), so the file shrinks too.
    ///
    /// The term list prefix searches read is rebuilt from the merged index in the same
    /// transaction, dropping the terms no article holds any more (see [`flush_terms`]).
    pub(crate) fn optimize_index(&self) -> Result<(), StoreError> {
        self.with_cache_cap(INDEX_CACHE_KIB, Self::merge_index)
    }

    fn merge_index(&self) -> Result<(), StoreError> {
        let tx = self.conn.unchecked_transaction()?;
        tx.execute_batch("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")?;
        tx.execute_batch(REBUILD_TERMS)?;
        tx.commit()?;
        // Each step of this pragma frees one page: step it to the end.
        let mut vacuum = self.conn.prepare("PRAGMA incremental_vacuum")?;
        let mut steps = vacuum.query([])?;
        while steps.next()?.is_some() {}
        Ok(())
    }

    fn live_articles(&self) -> Result<usize, StoreError> {
        let n = self.count_articles(&super::ArticleFilter::default())?;
        Ok(usize::try_from(n).unwrap_or(usize::MAX))
    }

    /// Indexes at most `limit` waiting articles in one transaction (so a caller can
    /// interleave other work); returns how many it indexed.
    pub fn index_batch(&self, limit: usize) -> Result<usize, StoreError> {
        if self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) || self.is_query_only() {
            return Ok(0);
        }
        let tx = self.conn.unchecked_transaction()?;
        let ids: Vec<i64> = {
            let mut stmt = tx.prepare_cached(&format!(
                "SELECT id FROM articles WHERE {UNINDEXED} LIMIT ?1"
            ))?;
            let rows = stmt.query_map([limit.max(1) as i64], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        // Most calls find nothing waiting (every search asks first): they leave the cache
        // alone, as lowering its cap would evict what the lists and searches had cached.
        if ids.is_empty() {
            return Ok(0);
        }
        self.with_cache_cap(INDEX_CACHE_KIB, |_| {
            for id in &ids {
                index_article(&tx, *id)?;
            }
            flush_terms(&tx)?;
            tx.commit()?;
            Ok(ids.len())
        })
    }

    /// How many articles wait to be indexed.
    pub fn unindexed(&self) -> Result<u64, StoreError> {
        Ok(self.conn.query_row(
            &format!("SELECT count(*) FROM articles WHERE {UNINDEXED}"),
            [],
            |r| count(r, 0),
        )?)
    }

    fn is_query_only(&self) -> bool {
        self.conn
            .query_row("PRAGMA query_only", [], |r| r.get::<_, bool>(0))
            .unwrap_or(false)
    }
}

/// (Re)writes an article's entry in the search index from its stored fields, and marks it
/// indexed. A purged or hidden article has no entry. The article's words wait in the
/// connection's term buffer until [`flush_terms`], which the transaction calls before it
/// commits (a transaction that only hides articles adds no word and need not).
pub(crate) fn index_article(conn: &rusqlite::Connection, id: i64) -> Result<(), StoreError> {
    let mut read = conn.prepare_cached(
        "SELECT title, coalesce(author, ''), summary_html, content_html, fulltext_html,
                purged OR hidden, sort_time, fts_key
         FROM articles WHERE id = ?1",
    )?;
    let row = read
        .query_row([id], |r| {
            Ok((
                (
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    codec::column(r, 2)?,
                    codec::column(r, 3)?,
                    codec::column(r, 4)?,
                ),
                r.get::<_, bool>(5)?,
                r.get::<_, i64>(6)?,
                r.get::<_, Option<i64>>(7)?,
            ))
        })
        .optional()?;
    let Some((fields, purged, sort_time, old_key)) = row else {
        return Ok(());
    };
    if let Some(old) = old_key {
        conn.prepare_cached("DELETE FROM articles_fts WHERE rowid = ?1")?
            .execute([old])?;
    }
    if purged {
        conn.prepare_cached("UPDATE articles SET indexed = 1, fts_key = NULL WHERE id = ?1")?
            .execute([id])?;
        return Ok(());
    }
    let key = free_fts_key(conn, id, sort_time)?;
    conn.prepare_cached("UPDATE articles SET indexed = 1, fts_key = ?2 WHERE id = ?1")?
        .execute([id, key])?;
    let (title, author, summary, content, fulltext) = fields;
    let content = content
        .filter(|c| !c.is_empty())
        .map(|c| text::html_to_text(&c));
    let summary = summary.map(|s| text::html_to_text(&s));
    let mut body = content.unwrap_or_default();
    if let Some(summary) = summary {
        // A summary is usually the content's opening (with a "Read more" tail); index it
        // only when it says something else, such as a standfirst.
        let opening: String = summary.trim().chars().take(60).collect();
        if !opening.is_empty() && !body.contains(&opening) {
            body.push(' ');
            body.push_str(summary.trim());
        }
    }
    if let Some(full) = &fulltext {
        body.push(' ');
        body.push_str(&text::html_to_text(full));
    }
    conn.prepare_cached(
        "INSERT INTO articles_fts(rowid, title, author, body) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![key, title, author, body])?;
    buffer_terms(conn, key, [&title, &author, &body])?;
    Ok(())
}

/// The connection's buffer of words indexed since the last [`flush_terms`]: an FTS5 table
/// with the index's own tokenizer, so its terms are exactly the index's (folded and split the
/// same way), holding nothing but the terms (`content=''`, `detail=none`, `columnsize=0`).
/// In `temp`, so it is the connection's own and inside its transactions.
const TERM_BUFFER: &str = "CREATE VIRTUAL TABLE IF NOT EXISTS temp.new_terms USING fts5(
         title, author, body, content = '', detail = none, columnsize = 0,
         tokenize = 'unicode61 remove_diacritics 2');
     CREATE VIRTUAL TABLE IF NOT EXISTS temp.new_terms_vocab USING fts5vocab(new_terms, row);";

/// Remakes the term list from the index's own terms (`fts5vocab`, which reads every posting
/// list: once per merge, never per search).
const REBUILD_TERMS: &str = "DELETE FROM search_terms;
     CREATE VIRTUAL TABLE IF NOT EXISTS temp.index_terms USING fts5vocab(main, articles_fts, row);
     INSERT INTO search_terms SELECT term FROM temp.index_terms;
     DROP TABLE temp.index_terms;";

/// Keeps an indexed article's words for [`flush_terms`].
fn buffer_terms(
    conn: &rusqlite::Connection,
    key: i64,
    [title, author, body]: [&str; 3],
) -> Result<(), StoreError> {
    if !has_term_buffer(conn)? {
        conn.execute_batch(TERM_BUFFER)?;
    }
    // Without sizes kept (`columnsize=0`), FTS5 asks for the row's key.
    conn.prepare_cached(
        "INSERT INTO temp.new_terms(rowid, title, author, body) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![key, title, author, body])?;
    Ok(())
}

/// Whether this connection has made its term buffer (it has indexed an article).
fn has_term_buffer(conn: &rusqlite::Connection) -> Result<bool, StoreError> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM temp.sqlite_master WHERE name = 'new_terms_vocab'")?
        .exists([])?)
}

/// Adds the words of the articles indexed since the last flush to the term list
/// (`search_terms`, from which a search reads the words a prefix covers) and empties the
/// buffer. Every transaction that calls [`index_article`] calls this before it commits.
///
/// Terms are never taken out one by one (an article's words may be in others too): a term no
/// article holds any more only adds a branch that matches nothing to a prefix search, and
/// [`Store::optimize_index`] rebuilds the list from the index.
pub(crate) fn flush_terms(conn: &rusqlite::Connection) -> Result<(), StoreError> {
    if !has_term_buffer(conn)? {
        return Ok(());
    }
    conn.prepare_cached(
        "INSERT OR IGNORE INTO main.search_terms SELECT term FROM temp.new_terms_vocab",
    )?
    .execute([])?;
    conn.prepare_cached("INSERT INTO temp.new_terms(new_terms) VALUES ('delete-all')")?
        .execute([])?;
    Ok(())
}

/// Bits of a search-index key below the publication time.
const FTS_KEY_SHIFT: u32 = 24;
/// The latest publication time a key can order (later times share it).
const FTS_KEY_MAX_TIME: i64 = (1 << 31) - 1;

/// The search index's row key for an article: ascending keys run from the newest publication
/// time to the oldest, so the index yields its matches newest first while it streams. The low
/// bits start from the article id and step past a key already taken.
fn free_fts_key(conn: &rusqlite::Connection, id: i64, sort_time: i64) -> Result<i64, StoreError> {
    let time = sort_time.clamp(0, FTS_KEY_MAX_TIME);
    let base = (FTS_KEY_MAX_TIME - time) << FTS_KEY_SHIFT;
    let mask = (1i64 << FTS_KEY_SHIFT) - 1;
    let mut taken =
        conn.prepare_cached("SELECT 1 FROM articles WHERE fts_key = ?1 AND id <> ?2")?;
    let mut low = id & mask;
    for _ in 0..1024 {
        let key = base | low;
        if !taken.exists([key, id])? {
            return Ok(key);
        }
        low = (low + 1) & mask;
    }
    // Over a thousand articles published in the same second with colliding ids.
    Err(StoreError::Corrupt(format!(
        "no free search key for articles published at {sort_time}"
    )))
}
