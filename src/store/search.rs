//! Full-text search over the archive, and saved searches (virtual feeds).
//!
//! The index is SQLite FTS5 with `unicode61 remove_diacritics 2`, so `securite` finds
//! "sécurité" and `etats` finds "États". Queries take words, `prefix*`, `"phrases"` and
//! filters (`feed:`, `tag:`, `is:unread`, `is:read`, `is:bookmarked`). Results are ranked by
//! relevance (title weighs most) tempered by age, and carry a snippet with the matches marked.

use chrono::Utc;
use rusqlite::{params_from_iter, types::Value, OptionalExtension};
use serde::Serialize;

use super::articles::{summary_from_row, SUMMARY_COLUMNS};
use super::{codec, count, text, Store, StoreError};
use crate::model::{ArticleId, ArticleSummary};

/// A parsed search query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Words and phrases; a trailing `*` on a word makes it a prefix.
    pub terms: Vec<Term>,
    /// `feed:` — a feed id, or part of its title or URL.
    pub feed: Option<String>,
    pub tag: Option<String>,
    pub unread: Option<bool>,
    pub bookmarked: bool,
}

/// One word or phrase of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    Word { text: String, prefix: bool },
    Phrase(String),
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    #[serde(flatten)]
    pub article: ArticleSummary,
    /// A few words around the first match.
    pub snippet: String,
    /// Character ranges of `snippet` that match the query, `[start, end)`.
    pub highlights: Vec<(usize, usize)>,
}

/// A search kept as a virtual feed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SavedSearch {
    pub id: i64,
    pub name: String,
    pub query: String,
    pub unread: u64,
    pub total: u64,
}

impl SearchQuery {
    /// Parses the query language; an unknown `is:` value is an error naming it.
    pub fn parse(input: &str) -> Result<SearchQuery, StoreError> {
        let mut q = SearchQuery::default();
        let mut rest = input.trim();
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('"') {
                let end = after.find('"').unwrap_or(after.len());
                let phrase = after[..end].trim();
                if !phrase.is_empty() {
                    q.terms.push(Term::Phrase(phrase.to_string()));
                }
                rest = after.get(end + 1..).unwrap_or("").trim_start();
                continue;
            }
            let end = token_end(rest);
            let token = &rest[..end];
            rest = rest[end..].trim_start();
            if let Some((key, value)) = token.split_once(':') {
                let value = value.trim_matches('"');
                match key.to_ascii_lowercase().as_str() {
                    "feed" => {
                        q.feed = Some(value.to_string());
                        continue;
                    }
                    "tag" => {
                        q.tag = Some(value.to_string());
                        continue;
                    }
                    "is" => {
                        match value.to_ascii_lowercase().as_str() {
                            "unread" => q.unread = Some(true),
                            "read" => q.unread = Some(false),
                            "bookmarked" | "bookmark" | "starred" => q.bookmarked = true,
                            other => {
                                return Err(StoreError::BadQuery(format!(
                                    "unknown `is:{other}` (use is:unread, is:read or is:bookmarked)"
                                )))
                            }
                        }
                        continue;
                    }
                    _ => {}
                }
            }
            for word in token.split(|c: char| !(c.is_alphanumeric() || c == '*')) {
                let prefix = word.ends_with('*');
                let text = word.trim_matches('*');
                if !text.is_empty() {
                    q.terms.push(Term::Word {
                        text: text.to_string(),
                        prefix,
                    });
                }
            }
        }
        Ok(q)
    }

    /// The FTS5 MATCH expression; every word is quoted, so user input cannot inject syntax.
    fn match_expr(&self) -> Option<String> {
        let parts: Vec<String> = self
            .terms
            .iter()
            .map(|t| match t {
                Term::Word { text, prefix } => {
                    format!(
                        "\"{}\"{}",
                        text.replace('"', "\"\""),
                        if *prefix { "*" } else { "" }
                    )
                }
                Term::Phrase(p) => format!("\"{}\"", p.replace('"', "\"\"")),
            })
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    }

    /// Folded words to mark in snippets.
    fn needles(&self) -> Vec<(Vec<char>, bool)> {
        let mut out = Vec::new();
        for t in &self.terms {
            match t {
                Term::Word { text, prefix } => {
                    out.push((text.chars().map(text::fold_char).collect(), *prefix))
                }
                Term::Phrase(p) => {
                    for w in p
                        .split(|c: char| !c.is_alphanumeric())
                        .filter(|w| !w.is_empty())
                    {
                        out.push((w.chars().map(text::fold_char).collect(), false));
                    }
                }
            }
        }
        out
    }
}

fn token_end(s: &str) -> usize {
    let mut in_quotes = false;
    for (i, c) in s.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            c if c.is_whitespace() && !in_quotes => return i,
            _ => {}
        }
    }
    s.len()
}

/// Ranking: BM25 (title ×8, author ×2, body ×1) divided by an age factor that halves the
/// weight of a match a quarter-year old.
const RANK: &str =
    "bm25(articles_fts, 8.0, 2.0, 1.0) / (1.0 + max(0, ?1 - a.sort_time) / 7776000.0)";

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
                return Ok(total);
            }
        }
    }

    /// Indexes at most `limit` waiting articles in one transaction (so a caller can
    /// interleave other work); returns how many it indexed.
    pub fn index_batch(&self, limit: usize) -> Result<usize, StoreError> {
        if self.conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) || self.is_query_only() {
            return Ok(0);
        }
        let tx = self.conn.unchecked_transaction()?;
        let ids: Vec<i64> = {
            let mut stmt =
                tx.prepare_cached("SELECT id FROM articles WHERE indexed = 0 LIMIT ?1")?;
            let rows = stmt.query_map([limit.max(1) as i64], |r| r.get(0))?;
            rows.collect::<Result<_, _>>()?
        };
        for id in &ids {
            super::feeds::index_article(&tx, *id)?;
        }
        tx.commit()?;
        Ok(ids.len())
    }

    /// How many articles wait to be indexed.
    pub fn unindexed(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM articles WHERE indexed = 0", [], |r| {
                count(r, 0)
            })?)
    }

    fn is_query_only(&self) -> bool {
        self.conn
            .query_row("PRAGMA query_only", [], |r| r.get::<_, bool>(0))
            .unwrap_or(false)
    }

    /// Searches the archive; a query with only filters lists what they match, newest first.
    pub fn search(
        &mut self,
        query: &SearchQuery,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<SearchHit>, StoreError> {
        self.index_pending(INDEX_BATCH)?;
        let mut params: Vec<Value> = vec![Value::Integer(Utc::now().timestamp())];
        let mut sql = String::new();
        let match_expr = query.match_expr();
        if let Some(expr) = &match_expr {
            sql.push_str(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid
                 WHERE articles_fts MATCH ?2 AND a.purged = 0"
            ));
            params.push(Value::Text(expr.clone()));
        } else {
            sql.push_str(&format!(
                "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE ?1 IS NOT NULL AND a.purged = 0"
            ));
        }
        self.push_filters(query, &mut sql, &mut params)?;
        if match_expr.is_some() {
            sql.push_str(&format!(" ORDER BY {RANK}, a.id DESC"));
        } else {
            sql.push_str(" ORDER BY a.sort_time DESC, a.id DESC");
        }
        sql.push_str(&format!(" LIMIT {limit} OFFSET {offset}"));
        let summaries: Vec<ArticleSummary> = {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt
                .query_map(params_from_iter(params), summary_from_row)
                .map_err(fts_error)?;
            rows.collect::<Result<_, _>>().map_err(fts_error)?
        };
        let needles = query.needles();
        summaries
            .into_iter()
            .map(|article| {
                let (snippet, highlights) = self.snippet(article.id, &needles)?;
                Ok(SearchHit {
                    article,
                    snippet,
                    highlights,
                })
            })
            .collect()
    }

    /// How many articles a search matches, and how many of those are unread.
    pub fn search_counts(&self, query: &SearchQuery) -> Result<(u64, u64), StoreError> {
        self.index_pending(INDEX_BATCH)?;
        let mut params: Vec<Value> = vec![Value::Integer(0)];
        let mut sql = String::from("SELECT count(*), coalesce(sum(a.read = 0), 0) FROM ");
        if let Some(expr) = query.match_expr() {
            sql.push_str(
                "articles_fts JOIN articles a ON a.id = articles_fts.rowid
                 WHERE articles_fts MATCH ?2 AND a.purged = 0 AND ?1 IS NOT NULL",
            );
            params.push(Value::Text(expr));
        } else {
            sql.push_str("articles a WHERE ?1 IS NOT NULL AND a.purged = 0");
        }
        self.push_filters(query, &mut sql, &mut params)?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        stmt.query_row(params_from_iter(params), |r| {
            Ok((count(r, 0)?, count(r, 1)?))
        })
        .map_err(fts_error)
    }

    fn push_filters(
        &self,
        query: &SearchQuery,
        sql: &mut String,
        params: &mut Vec<Value>,
    ) -> Result<(), StoreError> {
        if let Some(feed) = &query.feed {
            let ids = self.feed_ids_matching(feed)?;
            if ids.is_empty() {
                return Err(StoreError::NoSuchFeed(feed.clone()));
            }
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            sql.push_str(&format!(" AND a.feed_id IN ({})", list.join(",")));
        }
        if let Some(tag) = &query.tag {
            sql.push_str(
                " AND a.feed_id IN (SELECT feed_id FROM feed_tags WHERE tag = ? COLLATE NOCASE)",
            );
            params.push(Value::Text(tag.clone()));
        }
        match query.unread {
            Some(true) => sql.push_str(" AND a.read = 0"),
            Some(false) => sql.push_str(" AND a.read = 1"),
            None => {}
        }
        if query.bookmarked {
            sql.push_str(" AND a.bookmarked = 1");
        }
        Ok(())
    }

    fn feed_ids_matching(&self, key: &str) -> Result<Vec<i64>, StoreError> {
        if let Ok(id) = key.parse::<i64>() {
            return Ok(vec![id]);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM feeds WHERE coalesce(user_title, feed_title, '') LIKE ?1 OR url LIKE ?1",
        )?;
        let pattern = format!("%{}%", key.replace(['%', '_'], ""));
        let rows = stmt.query_map([pattern], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn snippet(
        &self,
        id: ArticleId,
        needles: &[(Vec<char>, bool)],
    ) -> Result<(String, Vec<(usize, usize)>), StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT title, fulltext_html, content_html, summary_html FROM articles WHERE id = ?1",
        )?;
        let body: Option<(String, Option<String>)> = stmt
            .query_row([id.0], |r| {
                let html = codec::column(r, 2)?
                    .or(codec::column(r, 3)?)
                    .or(codec::column(r, 1)?);
                Ok((r.get(0)?, html))
            })
            .optional()?;
        let Some((title, html)) = body else {
            return Ok((String::new(), Vec::new()));
        };
        let text = html.map(|h| text::html_to_text(&h)).unwrap_or_default();
        let chars: Vec<char> = text.chars().collect();
        let folded: Vec<char> = chars.iter().map(|&c| text::fold_char(c)).collect();
        let matches = find_matches(&folded, needles);
        let Some(&(first, _)) = matches.first() else {
            // The match was in the title or author: show the opening words.
            let _ = title;
            let end = chars.len().min(SNIPPET_CHARS * 2);
            let mut s: String = chars[..end].iter().collect();
            if end < chars.len() {
                s.push('…');
            }
            return Ok((s, Vec::new()));
        };
        let start = word_start(&chars, first.saturating_sub(SNIPPET_CHARS));
        let end = (start + SNIPPET_CHARS * 2).min(chars.len());
        let mut snippet = String::new();
        let mut offset = 0;
        if start > 0 {
            snippet.push('…');
            offset = 1;
        }
        snippet.extend(&chars[start..end]);
        if end < chars.len() {
            snippet.push('…');
        }
        let highlights = matches
            .into_iter()
            .filter(|&(s, e)| s >= start && e <= end)
            .map(|(s, e)| (s - start + offset, e - start + offset))
            .collect();
        Ok((snippet, highlights))
    }

    /// Keeps a search as a virtual feed.
    pub fn save_search(&mut self, name: &str, query: &str) -> Result<i64, StoreError> {
        SearchQuery::parse(query)?;
        self.conn.execute(
            "INSERT INTO saved_searches(name, query, created_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(name) DO UPDATE SET query = excluded.query",
            rusqlite::params![name.trim(), query.trim(), Utc::now().timestamp()],
        )?;
        Ok(self.conn.query_row(
            "SELECT id FROM saved_searches WHERE name = ?1",
            [name.trim()],
            |r| r.get(0),
        )?)
    }

    /// Forgets a saved search.
    pub fn delete_saved_search(&mut self, name: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .execute("DELETE FROM saved_searches WHERE name = ?1", [name.trim()])?
            > 0)
    }

    /// Saved searches with their counts.
    pub fn saved_searches(&self) -> Result<Vec<SavedSearch>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name, query FROM saved_searches ORDER BY name")?;
        let rows: Vec<(i64, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        rows.into_iter()
            .map(|(id, name, query)| {
                let (total, unread) = SearchQuery::parse(&query)
                    .and_then(|q| self.search_counts(&q))
                    .unwrap_or((0, 0));
                Ok(SavedSearch {
                    id,
                    name,
                    query,
                    unread,
                    total,
                })
            })
            .collect()
    }
}

const SNIPPET_CHARS: usize = 60;

/// Articles indexed per transaction when the index catches up.
const INDEX_BATCH: usize = 500;

fn word_start(chars: &[char], mut i: usize) -> usize {
    while i > 0 && !chars[i - 1].is_whitespace() {
        i -= 1;
    }
    i
}

fn find_matches(folded: &[char], needles: &[(Vec<char>, bool)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        let at_word_start = i == 0 || !folded[i - 1].is_alphanumeric();
        if at_word_start && folded[i].is_alphanumeric() {
            let mut word_end = i;
            while word_end < folded.len() && folded[word_end].is_alphanumeric() {
                word_end += 1;
            }
            let word = &folded[i..word_end];
            if needles.iter().any(|(n, prefix)| {
                if *prefix {
                    word.starts_with(n)
                } else {
                    word == n.as_slice()
                }
            }) {
                out.push((i, word_end));
            }
            i = word_end;
        } else {
            i += 1;
        }
    }
    out
}

fn fts_error(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) if msg.contains("fts5") => {
            StoreError::BadQuery(msg.clone())
        }
        _ => StoreError::from(e),
    }
}
