//! A refresh as both front ends run it: fetch the feeds (the engine in [`crate::refresh`]),
//! then tidy up — keep full text where the policy says, apply retention, compact when due.

use std::path::Path;

use chrono::Utc;
use tokio::sync::mpsc::UnboundedSender;

use crate::config::Config;
use crate::fetch::{FetchOptions, Fetcher};
use crate::refresh::{RefreshEvent, RefreshOptions, Selection, Summary};
use crate::store::{PruneReport, RetentionPolicy, Store};

use super::fulltext::{self, FullTextReport};
use super::LibraryError;

/// What a refresh and its tidying did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RefreshReport {
    pub summary: Summary,
    pub tidy: TidyReport,
}

/// What tidying after a refresh did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TidyReport {
    pub full_text: FullTextReport,
    pub retention: PruneReport,
    pub compacted: bool,
}

/// Whether tidying may compact the database (a long exclusive write: the command line does
/// it, the reader leaves it to the command line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compaction {
    WhenDue,
    Never,
}

/// The retention policy the config asks for.
pub fn retention_policy(config: &Config) -> RetentionPolicy {
    RetentionPolicy {
        read_days: config.retention.read_days,
        max_per_feed: config.retention.max_per_feed,
    }
}

/// Opens the database at `database` and refreshes the selected feeds; progress goes to
/// `events` as it happens.
pub async fn fetch_feeds(
    config: &Config,
    database: &Path,
    selection: Selection,
    events: Option<UnboundedSender<RefreshEvent>>,
) -> Result<Summary, LibraryError> {
    let options = RefreshOptions::from_config(config);
    Ok(crate::refresh::refresh_path(database, &options, selection, events).await?)
}

/// After a refresh: full text for what the policy names, then retention, then compaction
/// when due and allowed. Runs on its own connection to the database.
pub async fn tidy(
    config: &Config,
    database: &Path,
    compaction: Compaction,
) -> Result<TidyReport, LibraryError> {
    let path = database.to_path_buf();
    let cfg = config.clone();
    let (mut store, candidates) = tokio::task::spawn_blocking(move || {
        let store = Store::open(&path)?;
        let candidates = fulltext::after_refresh(&store, &cfg)?;
        Ok::<_, LibraryError>((store, candidates))
    })
    .await
    .map_err(|e| LibraryError::Worker(e.to_string()))??;
    let full_text = if candidates.is_empty() {
        FullTextReport::default()
    } else {
        let fetcher = Fetcher::new(FetchOptions::from(&config.fetch))?;
        fulltext::keep_many(&mut store, &fetcher, candidates).await?
    };
    let policy = retention_policy(config);
    let compact_every = config.retention.compact_every_days;
    let (db, cfg) = (database.to_path_buf(), config.clone());
    let (retention, compacted) = tokio::task::spawn_blocking(move || {
        let now = Utc::now();
        let retention = store.prune(&policy, now, false)?;
        super::images::tidy_after_removal(&store, &db, &cfg);
        let compacted = match compaction {
            Compaction::WhenDue => store.compact_if_due(now, compact_every)?,
            Compaction::Never => false,
        };
        Ok::<_, LibraryError>((retention, compacted))
    })
    .await
    .map_err(|e| LibraryError::Worker(e.to_string()))??;
    if retention.purged > 0 {
        tracing::info!(purged = retention.purged, "retention after refresh");
    }
    if full_text.kept + full_text.failed > 0 {
        tracing::info!(
            kept = full_text.kept,
            failed = full_text.failed,
            "full text after refresh"
        );
    }
    Ok(TidyReport {
        full_text,
        retention,
        compacted,
    })
}

/// With a `[sync]` account the server fetches the feeds: one sync on its own connection to the
/// database (the data directory keeps the session token). The reader calls this where it
/// would fetch; `griot refresh` through the same engine.
pub async fn sync_with_server(
    config: &Config,
    database: &Path,
) -> Result<crate::sync::SyncSummary, crate::sync::SyncError> {
    let Some(sync) = &config.sync else {
        return Ok(crate::sync::SyncSummary::default());
    };
    let account = crate::sync::Account::from_config(sync, database.parent())?;
    let path = database.to_path_buf();
    let mut store = tokio::task::spawn_blocking(move || Store::open(&path))
        .await
        .map_err(|e| crate::sync::SyncError::Protocol {
            server: sync.url.clone(),
            reason: e.to_string(),
        })??;
    let rules = crate::config::filters::rule_set(&config.filters);
    store.set_ingest_rules(std::sync::Arc::new(rules));
    crate::sync::run(&mut store, &account).await
}

/// `griot refresh`: fetch, then tidy (compacting when due).
pub async fn refresh_and_tidy(
    config: &Config,
    database: &Path,
    selection: Selection,
    events: Option<UnboundedSender<RefreshEvent>>,
) -> Result<RefreshReport, LibraryError> {
    let summary = fetch_feeds(config, database, selection, events).await?;
    let tidy = tidy(config, database, Compaction::WhenDue).await?;
    Ok(RefreshReport { summary, tidy })
}
