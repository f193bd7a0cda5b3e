//! The full-text policy: which articles get their web page fetched and kept, when, how many —
//! and the one place a fetched page (or the reason it could not be had) is written.
//!
//! Full text is kept for the summary-only articles of feeds configured for it (after each
//! refresh), for every bookmark (so it reads offline), on demand (the reader's `f`,
//! `griot show --full`). The fetching itself is [`crate::fulltext`].

use crate::config::Config;
use crate::extract::needs_full_text;
use crate::fetch::Fetcher;
use crate::fulltext::{FullText, FullTextError};
use crate::model::{Article, ArticleId};
use crate::store::{Store, StoreError};

/// After a refresh, at most this many recent articles per configured feed, and this many
/// bookmarks still without their text, are fetched: a first refresh of a large feed must
/// not turn into hundreds of page fetches.
pub const AFTER_REFRESH_PER_FEED: u32 = 50;

/// Pages fetched at once.
const PARALLEL: usize = 4;

/// An article whose page is worth fetching: (article, link).
pub type Candidate = (ArticleId, String);

/// How a batch of full-text fetches went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FullTextReport {
    pub kept: usize,
    pub failed: usize,
}

/// Whether an article still lacks text that its page would give: no full text yet, its own
/// text is a summary or cut short, and it has a web link.
pub fn wanted(article: &Article) -> Option<Candidate> {
    let link = article.link.as_deref()?.trim();
    let wanted = article.fulltext_html.is_none()
        && (link.starts_with("http://") || link.starts_with("https://"))
        && needs_full_text(
            article.summary_html.as_deref(),
            article.content_html.as_deref(),
        );
    wanted.then(|| (article.id, link.to_string()))
}

/// The articles to fetch after a refresh: recent summary-only articles of the feeds
/// configured for full text, and bookmarks still without it.
pub fn after_refresh(store: &Store, config: &Config) -> Result<Vec<Candidate>, StoreError> {
    let mut ids = Vec::new();
    for feed in store.feeds()? {
        if config.full_text_for(&feed.url) {
            ids.extend(store.fulltext_candidates(feed.id, AFTER_REFRESH_PER_FEED)?);
        }
    }
    ids.extend(store.bookmarks_missing_fulltext(AFTER_REFRESH_PER_FEED)?);
    ids.sort();
    ids.dedup();
    of_ids(store, &ids)
}

/// Of these articles, the ones [`wanted`].
pub fn of_ids(store: &Store, ids: &[ArticleId]) -> Result<Vec<Candidate>, StoreError> {
    let mut out = Vec::new();
    for id in ids {
        if let Some(candidate) = store.article(*id)?.as_ref().and_then(wanted) {
            out.push(candidate);
        }
    }
    Ok(out)
}

/// What fetching an article's page gave, ready to keep (and to pass between threads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The extracted article HTML.
    Text(String),
    /// Why there is none (one line, to say in the reader's language).
    Failed(crate::i18n::Phrase),
    /// The article has no link: nothing was tried.
    NoLink,
}

impl From<&Result<FullText, FullTextError>> for Fetched {
    fn from(result: &Result<FullText, FullTextError>) -> Fetched {
        match result {
            Ok(full) => Fetched::Text(full.html.clone()),
            Err(FullTextError::NoLink) => Fetched::NoLink,
            Err(e) => Fetched::Failed(crate::i18n::Explain::explain(e)),
        }
    }
}

/// Keeps what a fetch gave: the text, or why there is none (the summary stays). The one
/// write path for full text.
pub fn record(store: &mut Store, id: ArticleId, fetched: &Fetched) -> Result<(), StoreError> {
    match fetched {
        Fetched::Text(html) => store.set_fulltext(id, html),
        Fetched::Failed(why) => store.set_fulltext_error(id, &why.to_string()),
        Fetched::NoLink => Ok(()),
    }
}

/// Fetches one article's page and keeps the result.
pub async fn fetch_and_keep(
    store: &mut Store,
    fetcher: &Fetcher,
    id: ArticleId,
    link: Option<&str>,
) -> Result<Result<(), FullTextError>, StoreError> {
    let result = crate::fulltext::fetch(fetcher, link).await;
    record(store, id, &Fetched::from(&result))?;
    Ok(result.map(|_| ()))
}

/// Fetches many pages, a few at a time, keeping each result as it comes.
pub async fn keep_many(
    store: &mut Store,
    fetcher: &Fetcher,
    candidates: Vec<Candidate>,
) -> Result<FullTextReport, StoreError> {
    let mut report = FullTextReport::default();
    let mut pending = candidates.into_iter();
    let mut running = tokio::task::JoinSet::new();
    loop {
        while running.len() < PARALLEL {
            let Some((id, link)) = pending.next() else {
                break;
            };
            let fetcher = fetcher.clone();
            running.spawn(async move { (id, crate::fulltext::fetch(&fetcher, Some(&link)).await) });
        }
        let Some(done) = running.join_next().await else {
            break;
        };
        let Ok((id, result)) = done else {
            report.failed += 1;
            continue;
        };
        record(store, id, &Fetched::from(&result))?;
        match result {
            Ok(_) => report.kept += 1,
            Err(_) => report.failed += 1,
        }
    }
    Ok(report)
}
