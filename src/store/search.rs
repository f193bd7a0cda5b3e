//! Full-text search over the archive: queries, ranking, snippets, and saved searches
//! (virtual feeds). The index itself is written by [`super::index`].
//!
//! The index is SQLite FTS5 with `unicode61 remove_diacritics 2`, so `securite` finds
//! "sécurité" and `etats` finds "États". Queries take words, `prefix*`, `"phrases"` and
//! filters (`feed:`, `tag:`, `is:unread`, `is:read`, `is:bookmarked`). Results are ranked by
//! relevance (title weighs most) tempered by age, and carry a snippet with the matches marked.

use chrono::Utc;
use rusqlite::{params_from_iter, types::Value, OptionalExtension};
use serde::Serialize;

use super::articles::{summary_from_row, SUMMARY_COLUMNS};
use super::fold::{find_folded_matches, fold, is_word_char};
use super::index::INDEX_BATCH;
use super::{codec, count, text, Store, StoreError};
use crate::model::{ArticleId, ArticleSummary};

mod prefix;

use prefix::Alternatives;

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
            for word in token.split(|c: char| !(is_word_char(c) || c == '*')) {
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

    /// The FTS5 MATCH expression; every word is quoted, so user input cannot inject syntax. A
    /// prefix is the OR of the words it covers when `alternatives` has them (see `prefix.rs`).
    fn match_expr(&self, alternatives: &Alternatives) -> Option<String> {
        let parts: Vec<String> = self
            .terms
            .iter()
            .zip(alternatives.iter().chain(std::iter::repeat(&None)))
            .map(|(t, covered)| match (t, covered) {
                (Term::Word { .. }, Some(words)) => any_of(words),
                (Term::Word { text, prefix }, None) => quoted(text, *prefix),
                (Term::Phrase(p), _) => quoted(p, false),
            })
            .collect();
        (!parts.is_empty()).then(|| all_of(&parts))
    }

    /// The expression the ranking runs on, with the phrase group of each of its terms (see
    /// `rank.rs`): every word, phrases taken apart into their words, which the ranking function
    /// checks stand together, and a prefix's alternatives, which it counts as one word.
    fn rank_terms(&self, alternatives: &Alternatives) -> Option<(String, String)> {
        let mut words = Vec::new();
        let mut groups = Vec::new();
        let covered = alternatives.iter().chain(std::iter::repeat(&None));
        for ((group, term), covered) in self.terms.iter().enumerate().zip(covered) {
            match (term, covered) {
                (Term::Word { .. }, Some(alternatives)) => {
                    words.push(any_of(alternatives));
                    groups.extend(alternatives.iter().map(|_| format!("{group}*")));
                }
                (Term::Word { text, prefix }, None) => {
                    words.push(quoted(text, *prefix));
                    groups.push(group.to_string());
                }
                (Term::Phrase(p), _) => {
                    for w in phrase_words(p) {
                        words.push(quoted(w, false));
                        groups.push(group.to_string());
                    }
                }
            }
        }
        (!words.is_empty()).then(|| (all_of(&words), groups.join(" ")))
    }

    /// Folded words to mark in snippets.
    fn needles(&self) -> Vec<(Vec<char>, bool)> {
        let mut out = Vec::new();
        for t in &self.terms {
            match t {
                Term::Word { text, prefix } => {
                    out.push((text.chars().filter_map(fold).collect(), *prefix))
                }
                Term::Phrase(p) => {
                    for w in phrase_words(p) {
                        out.push((w.chars().filter_map(fold).collect(), false));
                    }
                }
            }
        }
        out
    }
}

/// A word as an FTS5 string (quoted, so user input cannot inject syntax), `*` for a prefix.
fn quoted(text: &str, prefix: bool) -> String {
    format!(
        "\"{}\"{}",
        text.replace('"', "\"\""),
        if prefix { "*" } else { "" }
    )
}

/// Parts of an expression that must all match. FTS5 reads two parts side by side as AND
/// unless one is in brackets, which needs AND spelled out.
fn all_of(parts: &[String]) -> String {
    let bracketed = parts.iter().any(|p| p.starts_with('('));
    parts.join(if bracketed { " AND " } else { " " })
}

/// Index terms OR'd together: any one of them matches.
fn any_of(terms: &[String]) -> String {
    let quoted: Vec<String> = terms.iter().map(|t| quoted(t, false)).collect();
    format!("({})", quoted.join(" OR "))
}

/// The words of a phrase as the index's tokenizer splits them.
fn phrase_words(phrase: &str) -> impl Iterator<Item = &str> {
    phrase
        .split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
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

/// How many matches are ranked together. A search reads its matches newest first and ranks
/// them in blocks of this many (or of the matches among twice as many articles read, when a
/// phrase turns most of them away), so its cost stays flat however many articles match: when
/// fewer match, the ranking covers them all; when more do, the newest block comes first, then
/// the next.
const RANK_WINDOW: usize = 2000;

/// Recency: a match this many seconds old (a quarter-year) weighs half as much as a new one.
const HALF_WEIGHT_AGE: f64 = 7_776_000.0;

impl Store {
    /// Searches the archive; a query with only filters lists what they match, newest first.
    ///
    /// Matches are ranked by relevance (`griot_rank`, BM25 without IDF: title ×8, author ×2,
    /// body ×1; see `rank.rs`) divided by an age factor that halves a quarter-year-old match's
    /// weight, in blocks of the newest [`RANK_WINDOW`] matches (see there).
    pub fn search(
        &mut self,
        query: &SearchQuery,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<SearchHit>, StoreError> {
        self.index_pending(INDEX_BATCH)?;
        let alternatives = self.prefix_alternatives(query)?;
        let ids = match query.rank_terms(&alternatives) {
            Some(terms) => self.ranked_ids(query, &terms, limit as usize, offset as usize)?,
            None => self.filtered_ids(query, limit, offset)?,
        };
        let needles = query.needles();
        let mut hits = Vec::with_capacity(ids.len());
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM articles a WHERE a.id = ?1"
        ))?;
        for id in ids {
            let Some(article) = stmt.query_row([id], summary_from_row).optional()? else {
                continue;
            };
            let (snippet, highlights) = self.snippet(article.id, &needles)?;
            hits.push(SearchHit {
                article,
                snippet,
                highlights,
            });
        }
        Ok(hits)
    }

    /// Ids of the matches of a query with words, best first: the index streams matches newest
    /// first, each block of [`RANK_WINDOW`] is ranked, and reading stops once the page is full.
    fn ranked_ids(
        &self,
        query: &SearchQuery,
        (expr, groups): &(String, String),
        limit: usize,
        offset: usize,
    ) -> Result<Vec<i64>, StoreError> {
        let mut params: Vec<Value> = vec![Value::Text(expr.clone()), Value::Text(groups.clone())];
        let mut sql = if self.few_pass_filters(query)? {
            // Few articles pass the filters (one feed, the bookmarks): look each one up in the
            // index rather than read every match of the words.
            String::from(
                "SELECT a.id, a.sort_time, griot_rank(articles_fts, ?2)
                 FROM articles a CROSS JOIN articles_fts ON articles_fts.rowid = a.fts_key
                 WHERE articles_fts MATCH ?1 AND a.purged = 0 AND a.hidden = 0",
            )
        } else {
            String::from(
                "SELECT a.id, a.sort_time, griot_rank(articles_fts, ?2)
                 FROM articles_fts JOIN articles a INDEXED BY articles_search
                     ON a.fts_key = articles_fts.rowid
                 WHERE articles_fts MATCH ?1",
            )
        };
        self.push_filters(query, &mut sql, &mut params)?;
        sql.push_str(" ORDER BY articles_fts.rowid");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(params_from_iter(params)).map_err(fts_error)?;
        let now = Utc::now().timestamp();
        let want = offset.saturating_add(limit);
        let mut ranked: Vec<i64> = Vec::new();
        let mut window: Vec<(f64, i64)> = Vec::new();
        let mut read = 0;
        while ranked.len() < want {
            let Some(row) = rows.next().map_err(fts_error)? else {
                break;
            };
            read += 1;
            let (id, sort_time, relevance): (i64, i64, f64) =
                (row.get(0)?, row.get(1)?, row.get(2)?);
            // Below zero: a phrase is not there as written.
            if relevance >= 0.0 {
                let age = now.saturating_sub(sort_time).max(0) as f64;
                window.push((relevance / (1.0 + age / HALF_WEIGHT_AGE), id));
            }
            if window.len() == RANK_WINDOW || read == 2 * RANK_WINDOW {
                rank_into(&mut window, &mut ranked);
                read = 0;
            }
        }
        rank_into(&mut window, &mut ranked);
        Ok(ranked.into_iter().skip(offset).take(limit).collect())
    }

    /// Whether the query's filters leave no more than [`RANK_WINDOW`] articles.
    fn few_pass_filters(&self, query: &SearchQuery) -> Result<bool, StoreError> {
        if query.feed.is_none() && query.tag.is_none() && !query.bookmarked {
            return Ok(false);
        }
        let mut params: Vec<Value> = Vec::new();
        let mut sql = String::from(
            "SELECT count(*) FROM (SELECT 1 FROM articles a WHERE a.purged = 0 AND a.hidden = 0",
        );
        self.push_filters(query, &mut sql, &mut params)?;
        sql.push_str(&format!(" LIMIT {})", RANK_WINDOW + 1));
        let n: i64 = self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(params), |r| r.get(0))?;
        Ok(n as usize <= RANK_WINDOW)
    }

    /// Ids of the articles a query of filters alone lists, newest first.
    fn filtered_ids(
        &self,
        query: &SearchQuery,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<i64>, StoreError> {
        let mut params: Vec<Value> = Vec::new();
        let mut sql =
            String::from("SELECT a.id FROM articles a WHERE a.purged = 0 AND a.hidden = 0");
        self.push_filters(query, &mut sql, &mut params)?;
        sql.push_str(&format!(
            " ORDER BY a.sort_time DESC, a.id DESC LIMIT {limit} OFFSET {offset}"
        ));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(params), |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many articles a search matches, and how many of those are unread.
    pub fn search_counts(&self, query: &SearchQuery) -> Result<(u64, u64), StoreError> {
        self.index_pending(INDEX_BATCH)?;
        let mut params: Vec<Value> = Vec::new();
        let mut sql = String::from("SELECT count(*), coalesce(sum(a.read = 0), 0) FROM ");
        if let Some(expr) = self.match_expression(query)? {
            // Only live articles have a key in the index.
            sql.push_str(
                "articles_fts JOIN articles a INDEXED BY articles_search
                     ON a.fts_key = articles_fts.rowid
                 WHERE articles_fts MATCH ?1",
            );
            params.push(Value::Text(expr));
        } else {
            sql.push_str("articles a WHERE a.purged = 0 AND a.hidden = 0");
        }
        self.push_filters(query, &mut sql, &mut params)?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        stmt.query_row(params_from_iter(params), |r| {
            Ok((count(r, 0)?, count(r, 1)?))
        })
        .map_err(fts_error)
    }

    /// The full-text expression a query's words make, each prefix searched as the words it
    /// covers where it can be (see `prefix.rs`); `None` for a query of filters alone.
    pub(super) fn match_expression(
        &self,
        query: &SearchQuery,
    ) -> Result<Option<String>, StoreError> {
        Ok(query.match_expr(&self.prefix_alternatives(query)?))
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
            sql.push_str(super::filtering::TAG_SQL);
            params.push(Value::Text(tag.clone()));
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
                // The first body there is, decoded only when the one before it is missing.
                let mut html = None;
                for column in [2, 3, 1] {
                    html = codec::column(r, column)?;
                    if html.is_some() {
                        break;
                    }
                }
                Ok((r.get(0)?, html))
            })
            .optional()?;
        let Some((title, html)) = body else {
            return Ok((String::new(), Vec::new()));
        };
        let (chars, matches) = snippet_text(html.as_deref().unwrap_or(""), needles);
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

/// Ranks a block of matches (best first, the newer of equals first) onto the end of `ranked`.
fn rank_into(window: &mut Vec<(f64, i64)>, ranked: &mut Vec<i64>) {
    window.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
    ranked.extend(window.drain(..).map(|(_, id)| id));
}

const SNIPPET_CHARS: usize = 60;
/// Characters of an article's text read first for its snippet (then eight times more, and so
/// on, until the first match is in hand).
const SNIPPET_FIRST_READ: usize = 1024;

/// The text of an article as far as its snippet needs it, and the matches found in it: read
/// in growing pieces until the first match and a snippet's width after it are in hand. The
/// whole text is read only when the first match is far down, or not in the body at all (it
/// was in the title): a long article's snippet near its top no longer converts and folds
/// every word of it.
fn snippet_text(html: &str, needles: &[(Vec<char>, bool)]) -> (Vec<char>, Vec<(usize, usize)>) {
    let mut limit = SNIPPET_FIRST_READ;
    loop {
        let (text, complete) = text::html_to_text_prefix(html, limit);
        let mut chars: Vec<char> = text.chars().collect();
        if !complete {
            // Up to the last whole word: a word cut short could match as another.
            let cut = chars.iter().rposition(|c| c.is_whitespace()).unwrap_or(0);
            chars.truncate(cut);
        }
        let matches = find_folded_matches(&chars, needles);
        let enough = matches
            .first()
            .is_some_and(|&(first, _)| first + SNIPPET_CHARS < chars.len());
        if complete || enough {
            return (chars, matches);
        }
        limit = limit.saturating_mul(8);
    }
}

fn word_start(chars: &[char], mut i: usize) -> usize {
    while i > 0 && !chars[i - 1].is_whitespace() {
        i -= 1;
    }
    i
}

fn fts_error(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(_, Some(msg)) if msg.contains("fts5") => {
            StoreError::BadQuery(msg.clone())
        }
        _ => StoreError::from(e),
    }
}
