//! The refresh's one store writer: a thread that owns the [`Store`] while a refresh runs and
//! writes each feed's result as it arrives, several feeds to a transaction.
//!
//! Each SQLite commit writes every page its transaction changed to the write-ahead log, and
//! the feeds of a refresh change the same index pages: one transaction per feed wrote those
//! pages again for every feed. A batch ([`Store::begin_batch`]) is committed once it holds
//! [`BATCH_FEEDS`] feeds or is [`BATCH_TIME`] old, and when the refresh ends. A ticker wakes
//! the writer while it waits for the next feed, so a batch never stays open longer than
//! that: the write lock it holds is wanted by others (the reader marking articles read), and
//! progress is reported only once a batch is committed, when its articles can be read.
//!
//! A kill loses at most the open batch: those feeds' articles and their validators (ETag,
//! Last-Modified) alike, so the next refresh fetches them again. Nothing a user did is in a
//! batch.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

use super::{FeedFailure, FeedOutcome, RefreshEvent, Summary};
use crate::i18n::Phrase;
use crate::model::Feed;
use crate::store::{PreparedUpdate, Store, CACHE_KIB};

/// The store writer's page cache during a refresh, in KiB. The writer appends articles and
/// their index entries and seldom reads back what it wrote: the full cache (8 MB) was the
/// largest single use of memory in a cold refresh, and 1 MB costs no measurable CPU time
/// (benches/PROFILING.md, 2026-11-27).
const WRITER_CACHE_KIB: u32 = 1024;

/// Feeds stored in one transaction at most.
const BATCH_FEEDS: usize = 32;

/// A batch is committed at the latest this long after it opened.
const BATCH_TIME: Duration = Duration::from_millis(100);

/// What the fetch side hands the writer for one feed.
pub(super) enum ForWriter {
    Store(Box<PreparedUpdate>),
    NotModified {
        next_fetch: DateTime<Utc>,
        moved_to: Option<String>,
    },
    Failed {
        failure: FeedFailure,
        next_fetch: DateTime<Utc>,
    },
}

/// What arrives on the writer's queue.
// A tick is much smaller than a feed, but the queue holds a few of either and a feed
// arrives on it for every feed refreshed: boxing it would cost an allocation each.
#[allow(clippy::large_enum_variant)]
pub(super) enum ToWriter {
    /// One feed's result.
    Feed(Feed, ForWriter),
    /// The time has come to look at the open batch's age.
    Tick,
}

/// Starts the writer thread; it gives the store back with the totals once every sender of
/// `jobs` is gone.
pub(super) fn spawn(
    store: Store,
    events: Option<mpsc::UnboundedSender<RefreshEvent>>,
    jobs: mpsc::Receiver<ToWriter>,
) -> std::io::Result<std::thread::JoinHandle<(Store, Summary)>> {
    let writer = Writer {
        store,
        summary: Summary::default(),
        events,
        pending: Vec::new(),
        opened: None,
    };
    std::thread::Builder::new()
        .name("griot-store-writer".into())
        .spawn(move || writer.run(jobs))
}

/// Sends the writer a [`ToWriter::Tick`] every [`BATCH_TIME`] until the refresh's own
/// senders are gone (it holds only a weak one, so it never keeps the writer waiting).
pub(super) async fn tick(queue: mpsc::WeakSender<ToWriter>) {
    let mut every = tokio::time::interval(BATCH_TIME);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        every.tick().await;
        let Some(queue) = queue.upgrade() else { return };
        // A full queue wakes the writer soon enough by itself.
        let _ = queue.try_send(ToWriter::Tick);
    }
}

struct Writer {
    store: Store,
    summary: Summary,
    events: Option<mpsc::UnboundedSender<RefreshEvent>>,
    /// The feeds written in the open batch, reported once it is committed.
    pending: Vec<(Feed, FeedOutcome)>,
    /// When the open batch began.
    opened: Option<Instant>,
}

impl Writer {
    fn run(mut self, mut jobs: mpsc::Receiver<ToWriter>) -> (Store, Summary) {
        // A smaller page cache while writing: see [`WRITER_CACHE_KIB`].
        if let Err(e) = self.store.set_cache_kib(WRITER_CACHE_KIB) {
            tracing::warn!("cannot shrink the page cache for the refresh: {e}");
        }
        while let Some(message) = jobs.blocking_recv() {
            if let ToWriter::Feed(feed, job) = message {
                self.write(feed, job);
            }
            let old = self.opened.is_some_and(|at| at.elapsed() >= BATCH_TIME);
            if old || self.pending.len() >= BATCH_FEEDS {
                self.finish_batch();
            }
        }
        self.finish_batch();
        if let Err(e) = self.store.set_cache_kib(CACHE_KIB) {
            tracing::warn!("cannot restore the page cache after the refresh: {e}");
        }
        (self.store, self.summary)
    }

    /// Writes one feed's result into the open batch (opening one if need be).
    fn write(&mut self, feed: Feed, job: ForWriter) {
        if self.opened.is_none() {
            match self.store.begin_batch() {
                Ok(()) => self.opened = Some(Instant::now()),
                Err(e) => tracing::warn!("cannot open a batch, storing feed by feed: {e}"),
            }
        }
        let outcome = apply(&mut self.store, &feed, job);
        self.pending.push((feed, outcome));
        if self.opened.is_none() {
            self.finish_batch();
        }
    }

    /// Commits the open batch and reports its feeds; when it could not be kept, each of its
    /// feeds is reported failed (with its own error if it had one).
    fn finish_batch(&mut self) {
        self.opened = None;
        let failure = self.store.commit_batch().err();
        for (feed, outcome) in std::mem::take(&mut self.pending) {
            let outcome = match (&failure, outcome) {
                (Some(e), FeedOutcome::Stored { .. } | FeedOutcome::NotModified) => {
                    FeedOutcome::Failed(FeedFailure::internal(
                        Phrase::of("cannot store: {}").cause(e),
                    ))
                }
                (_, outcome) => outcome,
            };
            self.report(feed, outcome);
        }
    }

    fn report(&mut self, feed: Feed, outcome: FeedOutcome) {
        self.summary.feeds += 1;
        self.summary.add(&feed, &outcome);
        if let Some(tx) = &self.events {
            let _ = tx.send(RefreshEvent::FeedDone {
                feed_id: feed.id,
                title: feed.title,
                url: feed.url,
                outcome,
            });
        }
    }
}

/// Writes one feed's result and says what happened.
fn apply(store: &mut Store, feed: &Feed, job: ForWriter) -> FeedOutcome {
    let result = match job {
        ForWriter::Store(update) => {
            store
                .record_prepared(feed.id, &update)
                .map(|stats| FeedOutcome::Stored {
                    new: stats.new,
                    updated: stats.updated,
                })
        }
        ForWriter::NotModified {
            next_fetch,
            moved_to,
        } => store
            .record_not_modified_at(feed.id, next_fetch, moved_to.as_deref())
            .map(|()| FeedOutcome::NotModified),
        ForWriter::Failed {
            failure,
            next_fetch,
        } => store
            .record_fetch_error(feed.id, &failure.message, next_fetch)
            .map(|()| FeedOutcome::Failed(failure)),
    };
    result.unwrap_or_else(|e| {
        FeedOutcome::Failed(FeedFailure::internal(
            Phrase::of("cannot store: {}").cause(&e),
        ))
    })
}
