//! `griot import`: a file recognised by its content — OPML, a newsboat `urls` file, or
//! newsboat's `cache.db` (by its SQLite schema) — and carried over.
//!
//! Subscription lists add feeds; a newsboat cache adds feeds and their archive (articles with
//! read state, flagged ones as bookmarks tagged with their flags) in one transaction, judged by
//! the `[[filter]]` rules like any arriving article. Nothing is changed when the file cannot be
//! read whole.

use std::path::Path;

use crate::config::Config;
use crate::store::{ArchiveReport, ArchivedArticle, ArchivedFeed, NewFeed, Store};
use crate::subscriptions::newsboat_cache::{is_sqlite, CacheError, NewsboatCache};
use crate::subscriptions::{self, ImportError};

/// What kind of file was imported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recognised {
    Opml,
    NewsboatUrls,
    NewsboatCache,
}

/// What an import carried over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOutcome {
    pub recognised: Recognised,
    /// Addresses of the feeds subscribed now.
    pub added: Vec<String>,
    /// Addresses already subscribed.
    pub existing: Vec<String>,
    /// For a cache: its articles, read marks and bookmarks.
    pub archive: Option<ArchiveReport>,
}

/// Why an import failed; nothing was changed.
#[derive(Debug, thiserror::Error)]
pub enum ImportFailure {
    #[error(transparent)]
    List(#[from] ImportError),
    #[error(transparent)]
    Cache(#[from] CacheError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

impl crate::i18n::Explain for ImportFailure {
    fn explain(&self) -> crate::i18n::Phrase {
        match self {
            ImportFailure::List(e) => e.explain(),
            ImportFailure::Cache(e) => e.explain(),
            ImportFailure::Store(e) => e.explain(),
        }
    }
}

/// Imports `path`. `progress(done, total)` is told of the articles as a cache is imported.
pub fn import_file(
    store: &mut Store,
    config: &Config,
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportOutcome, ImportFailure> {
    if is_sqlite(path) {
        return import_cache(store, config, path, progress);
    }
    let feeds = subscriptions::read_file(path)?;
    let text = std::fs::read(path).unwrap_or_default();
    let recognised = if subscriptions::is_opml(&String::from_utf8_lossy(&text)) {
        Recognised::Opml
    } else {
        Recognised::NewsboatUrls
    };
    let report = store.import_feeds(&feeds)?;
    Ok(ImportOutcome {
        recognised,
        added: report.added,
        existing: report.existing,
        archive: None,
    })
}

fn import_cache(
    store: &mut Store,
    config: &Config,
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportOutcome, ImportFailure> {
    let cache = NewsboatCache::open(path)?;
    let feeds = cache.feeds()?;
    let total = cache.article_count()?;
    let rules = crate::config::filters::rule_set(&config.filters);
    store.set_ingest_rules(std::sync::Arc::new(rules));
    let mut import = store.begin_archive_import()?;
    let (mut added, mut existing, mut done) = (Vec::new(), Vec::new(), 0);
    progress(0, total);
    for feed in feeds {
        let articles = cache.articles(&feed.url)?;
        done += articles.len() as u64;
        let archived = ArchivedFeed {
            feed: NewFeed {
                url: feed.url.clone(),
                ..NewFeed::default()
            },
            title: feed.title,
            site_url: feed.site_url,
            articles: articles
                .into_iter()
                .map(|a| ArchivedArticle {
                    item: a.item,
                    read: a.read,
                    bookmark_tags: (!a.flags.is_empty()).then_some(a.flags),
                })
                .collect(),
        };
        let before = import.report().feeds_added;
        import.feed(&archived)?;
        if import.report().feeds_added > before {
            added.push(feed.url);
        } else {
            existing.push(feed.url);
        }
        progress(done, total);
    }
    let report = import.commit()?;
    Ok(ImportOutcome {
        recognised: Recognised::NewsboatCache,
        added,
        existing,
        archive: Some(report),
    })
}
