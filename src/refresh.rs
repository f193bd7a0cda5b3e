//! Refreshing feeds into the store: the one engine behind `griot refresh` (headless, for
//! cron) and the TUI's background refresh.
//!
//! How a refresh runs:
//!
//! - **Selection**: all feeds, the named ones (fetched regardless of schedule), or only
//!   those whose `next_fetch` is due (scheduled refreshes).
//! - **Fetching** on tokio with a global limit ([`RefreshOptions::concurrency`]) and a
//!   per-host limit ([`RefreshOptions::per_host`]) so many feeds on one host do not hammer
//!   it. Every feed has its own timeouts; no feed waits on another's slowness beyond the
//!   queue for its host.
//! - **Parsing** on tokio's blocking pool (`spawn_blocking`), never on the async workers.
//! - **Storing** through one writer (`writer`): a dedicated thread owning the [`Store`],
//!   fed by a bounded channel, several feeds to a transaction. A refresh stopped half-way
//!   (the TUI quits, a kill) leaves every feed either fully stored or untouched.
//! - **Progress** as [`RefreshEvent`]s on a tokio channel, so the UI can show "n of N" and
//!   the new articles as soon as they are stored.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{mpsc, Semaphore};

use crate::config::Config;
use crate::fetch::{
    parse_feed, schedule, FetchError, FetchOptions, FetchOutcome, Fetcher, ParseLimits, Validators,
};
use crate::i18n::{Explain, Phrase};
use crate::model::{Feed, FeedId};
use crate::store::{FeedUpdate, PreparedUpdate, Store, StoreError};

mod backlog;
mod writer;
use writer::{ForWriter, ToWriter};

/// How a refresh behaves. [`Default`] gives the documented defaults;
/// [`RefreshOptions::from_config`] maps `config.toml` onto it.
#[derive(Debug, Clone, PartialEq)]
pub struct RefreshOptions {
    /// How each document is fetched (User-Agent, timeouts, body cap).
    pub fetch: FetchOptions,
    /// Caps on what is kept of each parsed document.
    pub limits: ParseLimits,
    /// Feeds fetched at once, in all.
    pub concurrency: usize,
    /// Feeds fetched at once from one host.
    pub per_host: usize,
    /// Time between scheduled fetches of a feed (a feed's `<ttl>` may lengthen it).
    pub interval: Duration,
    /// Per-feed intervals, by feed URL (`[[feed]] refresh_interval`).
    pub feed_intervals: HashMap<String, Duration>,
    /// `[[filter]]` rules new articles are judged by as they are stored.
    pub filters: Arc<crate::filter::RuleSet>,
}

impl Default for RefreshOptions {
    fn default() -> Self {
        RefreshOptions {
            fetch: FetchOptions::default(),
            limits: ParseLimits::default(),
            concurrency: 16,
            per_host: 2,
            interval: Duration::from_secs(30 * 60),
            feed_intervals: HashMap::new(),
            filters: Arc::default(),
        }
    }
}

impl RefreshOptions {
    /// The options `config.toml` asks for (`[fetch]`, `refresh_interval`, `[[feed]]`).
    pub fn from_config(config: &Config) -> RefreshOptions {
        let f = &config.fetch;
        let fetch = FetchOptions::from(f);
        let minutes = |m: u32| Duration::from_secs(u64::from(m.max(1)) * 60);
        RefreshOptions {
            fetch,
            limits: ParseLimits::default(),
            concurrency: f.concurrency.max(1),
            per_host: f.per_host.max(1),
            interval: minutes(if config.refresh_interval == 0 {
                30
            } else {
                config.refresh_interval
            }),
            feed_intervals: config
                .feeds
                .iter()
                .filter_map(|o| o.refresh_interval.map(|m| (o.url.clone(), minutes(m))))
                .collect(),
            filters: Arc::new(crate::config::filters::rule_set(&config.filters)),
        }
    }

    fn interval_for(&self, url: &str) -> Duration {
        self.feed_intervals
            .get(url)
            .copied()
            .unwrap_or(self.interval)
    }
}

/// Which feeds a refresh fetches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every feed, whatever its schedule (`griot refresh`, the TUI's "refresh all").
    All,
    /// Only feeds whose next fetch is due (the TUI's timer, cron with `--due`).
    Due,
    /// These feeds, whatever their schedule.
    Feeds(Vec<FeedId>),
}

/// What happened to one feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedOutcome {
    /// Fetched, parsed and stored: `new` articles added, `updated` ones changed.
    Stored { new: u64, updated: u64 },
    /// The server (or file) said nothing changed.
    NotModified,
    /// The fetch, the parse or the store failed.
    Failed(FeedFailure),
}

/// Why one feed failed: its kind, to act on, and one line to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedFailure {
    pub kind: FailureKind,
    /// One line, said in the reader's language where it reaches the user (its `Display` is
    /// English): "HTTP 404 Not Found", "timed out after 30 s", "parse error at line 3…".
    pub message: Phrase,
}

/// The kinds of failure a front end tells apart (the reader's offline mark is one of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The network is out of reach: no DNS, nothing answering, a network fetch timed out.
    Offline,
    /// The server answered with an error status.
    Http(u16),
    /// The TLS handshake failed.
    Tls,
    /// The document is not a feed griot can read.
    Parse,
    /// A local file or an `exec:` command failed (its time limit included).
    Local,
    /// Anything else about this source: a size cap, bad redirects, an invalid URL.
    Source,
    /// Writing the result to the store failed, or griot itself did.
    Internal,
}

impl From<&FetchError> for FailureKind {
    fn from(e: &FetchError) -> FailureKind {
        match e {
            e if e.is_network() => FailureKind::Offline,
            FetchError::Http { status, .. } | FetchError::RetryLater { status, .. } => {
                FailureKind::Http(*status)
            }
            FetchError::Tls { .. } => FailureKind::Tls,
            FetchError::Parse(_) | FetchError::NoFeedFound { .. } => FailureKind::Parse,
            FetchError::File { .. }
            | FetchError::ExecSpawn(_)
            | FetchError::ExecFailed { .. }
            | FetchError::ExecTimeout { .. } => FailureKind::Local,
            FetchError::Internal(_) => FailureKind::Internal,
            _ => FailureKind::Source,
        }
    }
}

impl FeedFailure {
    fn of(e: &FetchError) -> FeedFailure {
        FeedFailure {
            kind: e.into(),
            message: e.explain(),
        }
    }

    fn internal(message: Phrase) -> FeedFailure {
        FeedFailure {
            kind: FailureKind::Internal,
            message,
        }
    }
}

/// Progress of a refresh, in order: one `Started`, one `FeedDone` per feed as it is
/// stored, one `Finished`.
#[derive(Debug, Clone, PartialEq)]
pub enum RefreshEvent {
    /// The refresh begins; `total` feeds will be fetched.
    Started { total: usize },
    /// One feed is done and its result is in the store.
    FeedDone {
        feed_id: FeedId,
        /// The feed's display title (as it was when the refresh started).
        title: String,
        url: String,
        outcome: FeedOutcome,
    },
    /// All feeds are done.
    Finished(Summary),
}

/// One feed that failed, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub feed_id: FeedId,
    pub title: String,
    pub url: String,
    pub failure: FeedFailure,
}

/// The totals of a refresh.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Feeds fetched.
    pub feeds: usize,
    /// Articles added.
    pub new: u64,
    /// Articles whose content changed.
    pub updated: u64,
    /// Feeds with nothing new or changed (304, or the same items again).
    pub unchanged: usize,
    /// Feeds that failed.
    pub failed: usize,
    /// Each failure, in completion order.
    pub failures: Vec<Failure>,
}

impl Summary {
    /// "200 feeds: 812 new, 3 updated, 190 unchanged, 7 failed".
    pub fn line(&self) -> String {
        use crate::i18n::{count, tf};
        tf(
            "{}: {}, {}, {}, {}",
            &[
                &count(self.feeds as u64, "{} feed", "{} feeds"),
                &count(self.new, "{} new", "{} new"),
                &count(self.updated, "{} updated", "{} updated"),
                &count(self.unchanged as u64, "{} unchanged", "{} unchanged"),
                &count(self.failed as u64, "{} failed", "{} failed"),
            ],
        )
    }

    /// Whether the network was out of reach: every feed failed, each for want of it.
    pub fn offline(&self) -> bool {
        self.feeds > 0
            && self.failed == self.feeds
            && self
                .failures
                .iter()
                .all(|f| f.failure.kind == FailureKind::Offline)
    }

    fn add(&mut self, feed: &Feed, outcome: &FeedOutcome) {
        match outcome {
            FeedOutcome::Stored { new, updated } => {
                self.new += new;
                self.updated += updated;
                if *new == 0 && *updated == 0 {
                    self.unchanged += 1;
                }
            }
            FeedOutcome::NotModified => self.unchanged += 1,
            FeedOutcome::Failed(failure) => {
                self.failed += 1;
                self.failures.push(Failure {
                    feed_id: feed.id,
                    title: feed.title.clone(),
                    url: feed.url.clone(),
                    failure: failure.clone(),
                });
            }
        }
    }
}

/// Why a refresh could not run at all (single feeds failing are in the [`Summary`]).
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("refresh worker failed: {0}")]
    Worker(String),
}

impl Explain for RefreshError {
    fn explain(&self) -> Phrase {
        match self {
            RefreshError::Store(e) => e.explain(),
            RefreshError::Fetch(e) => e.explain(),
            RefreshError::Worker(why) => Phrase::of("refresh worker failed: {}").word(why),
        }
    }
}

/// Opens the database at `path` for writing and refreshes the selected feeds.
/// The TUI calls this from its runtime while it keeps its own store for reading.
pub async fn refresh_path(
    path: &Path,
    options: &RefreshOptions,
    selection: Selection,
    events: Option<mpsc::UnboundedSender<RefreshEvent>>,
) -> Result<Summary, RefreshError> {
    let path = path.to_path_buf();
    let mut store = tokio::task::spawn_blocking(move || Store::open(&path))
        .await
        .map_err(|e| RefreshError::Worker(e.to_string()))??;
    store.set_ingest_rules(options.filters.clone());
    refresh(store, options, selection, events)
        .await
        .map(|(_, summary)| summary)
}

/// Refreshes the selected feeds into `store` and gives the store back with the totals.
pub async fn refresh(
    store: Store,
    options: &RefreshOptions,
    selection: Selection,
    events: Option<mpsc::UnboundedSender<RefreshEvent>>,
) -> Result<(Store, Summary), RefreshError> {
    let (store, feeds) = tokio::task::spawn_blocking(move || {
        let feeds = select(&store, &selection);
        (store, feeds)
    })
    .await
    .map_err(|e| RefreshError::Worker(e.to_string()))?;
    let feeds = feeds?;
    let emit = |event: RefreshEvent| {
        if let Some(tx) = &events {
            let _ = tx.send(event);
        }
    };
    emit(RefreshEvent::Started { total: feeds.len() });
    let fetcher = Fetcher::new(options.fetch.clone())?;

    // The single writer: owns the store, several feeds to a transaction (see `writer`).
    // A short queue: parsed feeds wait for the writer in small numbers (memory stays flat).
    let (job_tx, job_rx) = mpsc::channel::<ToWriter>(2);
    let writer = writer::spawn(store, events.clone(), job_rx)
        .map_err(|e| RefreshError::Worker(e.to_string()))?;
    tokio::spawn(writer::tick(job_tx.downgrade()));

    let global = Arc::new(Semaphore::new(options.concurrency.max(1)));
    // Parsing is CPU work: no more at once than there are cores to do it.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let parsers = Arc::new(Semaphore::new(cores.min(options.concurrency.max(1))));
    // No more fetched bodies wait for a parser than there are parsers (see `backlog`).
    let backlog = Arc::new(backlog::Backlog::new(cores));
    let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
    let mut tasks = tokio::task::JoinSet::new();
    for feed in feeds {
        // A feed's task is spawned once it may start: only `concurrency` tasks exist at a
        // time (each is a few KB: 2,000 spawned at once held 6.7 MB), and finished ones are
        // reaped as the loop goes. Feeds still start in order, as the permits are fair.
        let Ok(permit) = Arc::clone(&global).acquire_owned().await else {
            break;
        };
        while let Some(joined) = tasks.try_join_next() {
            report_panic(joined);
        }
        let host = Arc::clone(
            hosts
                .entry(host_key(&feed.url))
                .or_insert_with(|| Arc::new(Semaphore::new(options.per_host.max(1)))),
        );
        let parsers = Arc::clone(&parsers);
        let backlog = Arc::clone(&backlog);
        let fetcher = fetcher.clone();
        let job_tx = job_tx.clone();
        let limits = options.limits.clone();
        let interval = options.interval_for(&feed.url);
        tasks.spawn(async move {
            let _permit = permit;
            let stage = Stage {
                fetcher: &fetcher,
                host: &host,
                parsers: &parsers,
                backlog: &backlog,
                limits: &limits,
                interval,
                writer: &job_tx,
            };
            stage.run(feed).await;
        });
    }
    drop(job_tx);
    while let Some(joined) = tasks.join_next().await {
        report_panic(joined);
    }
    let (store, summary) = tokio::task::spawn_blocking(move || writer.join())
        .await
        .map_err(|e| RefreshError::Worker(e.to_string()))?
        .map_err(|_| RefreshError::Worker("the store writer panicked".into()))?;
    emit(RefreshEvent::Finished(summary.clone()));
    Ok((store, summary))
}

fn report_panic(joined: Result<(), tokio::task::JoinError>) {
    if let Err(e) = joined {
        if e.is_panic() {
            tracing::error!("a refresh task panicked: {e}");
        }
    }
}

/// The feeds a selection names, in the store's order.
fn select(store: &Store, selection: &Selection) -> Result<Vec<Feed>, StoreError> {
    match selection {
        Selection::All => store.feeds(),
        Selection::Due => store.due_feeds(Utc::now()),
        Selection::Feeds(ids) => {
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                if let Some(feed) = store.feed(*id)? {
                    if !out.iter().any(|f: &Feed| f.id == feed.id) {
                        out.push(feed);
                    }
                }
            }
            Ok(out)
        }
    }
}

/// What one feed's task needs.
struct Stage<'a> {
    fetcher: &'a Fetcher,
    /// Held for the network part only.
    host: &'a Semaphore,
    /// Held from parsing until the result is queued for the writer, so parsed feeds never
    /// pile up in memory when the writer is the slowest stage.
    parsers: &'a Semaphore,
    /// Counts the fetched bodies waiting for a parser; a fetch starts only while few do.
    backlog: &'a backlog::Backlog,
    limits: &'a ParseLimits,
    interval: Duration,
    writer: &'a mpsc::Sender<ToWriter>,
}

impl Stage<'_> {
    /// Fetches and parses one feed and queues the result for the writer.
    async fn run(&self, feed: Feed) {
        let validators = Validators {
            etag: feed.etag.clone(),
            last_modified: feed.last_modified.clone(),
        };
        let fetched = match self.host.acquire().await {
            Ok(_host) => {
                self.backlog.room().await;
                self.fetcher.fetch(&feed.url, &validators).await
            }
            Err(_) => return,
        };
        let body = match fetched {
            Ok(FetchOutcome::NotModified { moved_to }) => {
                let next_fetch =
                    schedule::after_success(Utc::now(), self.interval, feed.min_interval_secs);
                let job = ForWriter::NotModified {
                    next_fetch,
                    moved_to,
                };
                let _ = self.writer.send(ToWriter::Feed(feed, job)).await;
                return;
            }
            Ok(FetchOutcome::Modified(body)) => body,
            Err(e) => {
                let job = failed(&feed, FeedFailure::of(&e), e.retry_at());
                let _ = self.writer.send(ToWriter::Feed(feed, job)).await;
                return;
            }
        };
        let waiting = self.backlog.arrive();
        let Ok(_parser) = self.parsers.acquire().await else {
            return;
        };
        drop(waiting);
        let limits = self.limits.clone();
        let interval = self.interval;
        let prepared = tokio::task::spawn_blocking(move || {
            // The raw bytes are dropped here, on the blocking thread, once parsed; the items
            // are hashed and compressed here too, in parallel, not by the one store writer.
            parse_feed(&body, &limits).map(|parsed| {
                let next_fetch =
                    schedule::after_success(Utc::now(), interval, parsed.min_interval_secs);
                PreparedUpdate::new(FeedUpdate {
                    parsed,
                    etag: body.validators.etag,
                    last_modified: body.validators.last_modified,
                    new_url: body.moved_to,
                    next_fetch,
                })
            })
        })
        .await;
        let job = match prepared {
            Ok(Ok(prepared)) => ForWriter::Store(Box::new(prepared)),
            Ok(Err(e)) => failed(&feed, FeedFailure::of(&FetchError::Parse(e)), None),
            Err(e) => failed(
                &feed,
                FeedFailure::internal(Phrase::of("internal error: {}").word(e)),
                None,
            ),
        };
        let _ = self.writer.send(ToWriter::Feed(feed, job)).await;
    }
}

fn failed(feed: &Feed, failure: FeedFailure, retry_at: Option<DateTime<Utc>>) -> ForWriter {
    ForWriter::Failed {
        failure,
        next_fetch: schedule::after_error(Utc::now(), feed.error_count.saturating_add(1), retry_at),
    }
}

/// What the per-host limit counts by: scheme-less host and port for http(s), one bucket
/// for local files and one for commands.
fn host_key(location: &str) -> String {
    match url::Url::parse(location) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => {
            format!(
                "{}:{}",
                u.host_str().unwrap_or(""),
                u.port_or_known_default().unwrap_or(0)
            )
        }
        _ if location.trim_start().starts_with("exec:") => "exec:".into(),
        _ => "file:".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_reads_as_one_line() {
        let s = Summary {
            feeds: 200,
            new: 812,
            updated: 3,
            unchanged: 190,
            failed: 7,
            failures: Vec::new(),
        };
        assert_eq!(
            s.line(),
            "200 feeds: 812 new, 3 updated, 190 unchanged, 7 failed"
        );
    }

    #[test]
    fn hosts_are_grouped_by_name_and_port() {
        assert_eq!(host_key("https://example.org/a.xml"), "example.org:443");
        assert_eq!(host_key("http://example.org/b.xml"), "example.org:80");
        assert_eq!(host_key("exec:cat x"), "exec:");
        assert_eq!(host_key("/home/me/feed.xml"), "file:");
    }

    #[test]
    fn config_maps_onto_options() {
        let mut config = Config::default();
        config.fetch.user_agent = "my-agent/1".into();
        config.fetch.max_body_mib = 4;
        config.refresh_interval = 15;
        let o = RefreshOptions::from_config(&config);
        assert_eq!(o.fetch.user_agent, "my-agent/1");
        assert_eq!(o.fetch.max_body, 4 * 1024 * 1024);
        assert_eq!(o.interval, Duration::from_secs(900));
        assert_eq!(o.concurrency, 16);
        assert_eq!(o.per_host, 2);
    }
}
