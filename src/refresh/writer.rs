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
use crate::store::{PreparedUpdate, Store, StoreError, CACHE_KIB};

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
    let writer = Writer::new(store, events);
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
    /// [`BATCH_TIME`], but for tests.
    batch_time: Duration,
}

impl Writer {
    fn new(store: Store, events: Option<mpsc::UnboundedSender<RefreshEvent>>) -> Writer {
        Writer {
            store,
            summary: Summary::default(),
            events,
            pending: Vec::new(),
            opened: None,
            batch_time: BATCH_TIME,
        }
    }

    fn run(mut self, mut jobs: mpsc::Receiver<ToWriter>) -> (Store, Summary) {
        // A smaller page cache while writing: see [`WRITER_CACHE_KIB`].
        if let Err(e) = self.store.set_cache_kib(WRITER_CACHE_KIB) {
            tracing::warn!("cannot shrink the page cache for the refresh: {e}");
        }
        while let Some(message) = jobs.blocking_recv() {
            self.handle(message);
        }
        self.finish_batch();
        if let Err(e) = self.store.set_cache_kib(CACHE_KIB) {
            tracing::warn!("cannot restore the page cache after the refresh: {e}");
        }
        (self.store, self.summary)
    }

    /// Writes a feed's result, and commits the open batch once it is full or old enough.
    fn handle(&mut self, message: ToWriter) {
        if let ToWriter::Feed(feed, job) = message {
            self.write(feed, job);
        }
        let old = self
            .opened
            .is_some_and(|at| at.elapsed() >= self.batch_time);
        if old || self.pending.len() >= BATCH_FEEDS {
            self.finish_batch();
        }
    }

    /// Writes one feed's result into the open batch (opening one if need be).
    fn write(&mut self, feed: Feed, job: ForWriter) {
        if self.opened.is_none() {
            match self.store.begin_batch() {
                Ok(()) => self.opened = Some(Instant::now()),
                Err(e) => tracing::warn!("cannot open a batch, storing feed by feed: {e}"),
            }
        }
        let (outcome, stored) = match apply(&mut self.store, &feed, job) {
            Ok(outcome) => (outcome, true),
            Err(e) => (cannot_store(&e), false),
        };
        self.pending.push((feed, outcome));
        // Outside a batch, report at once; after a failed write, end the batch it may have
        // spoiled rather than write more feeds into it.
        if self.opened.is_none() || !stored {
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
                (Some(e), FeedOutcome::Stored { .. } | FeedOutcome::NotModified) => cannot_store(e),
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

/// A feed whose result the store did not keep.
fn cannot_store(e: &StoreError) -> FeedOutcome {
    FeedOutcome::Failed(FeedFailure::internal(
        Phrase::of("cannot store: {}").cause(e),
    ))
}

/// Writes one feed's result and says what happened (an error: the store failed).
fn apply(store: &mut Store, feed: &Feed, job: ForWriter) -> Result<FeedOutcome, StoreError> {
    match job {
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{AddOutcome, NewFeed};

    fn writer_with_feeds(n: usize) -> (Writer, Vec<Feed>, mpsc::UnboundedReceiver<RefreshEvent>) {
        let mut store = Store::open_in_memory().unwrap();
        for i in 0..n {
            let added = store
                .add_feed(&NewFeed {
                    url: format!("http://example.test/{i}/"),
                    ..Default::default()
                })
                .unwrap();
            assert!(matches!(added, AddOutcome::Added(_)));
        }
        let feeds = store.feeds().unwrap();
        let (tx, rx) = mpsc::unbounded_channel();
        (Writer::new(store, Some(tx)), feeds, rx)
    }

    fn failed(feed: &Feed) -> ToWriter {
        let job = ForWriter::Failed {
            failure: FeedFailure::internal(Phrase::of("refused")),
            next_fetch: Utc::now(),
        };
        ToWriter::Feed(feed.clone(), job)
    }

    fn reported(rx: &mut mpsc::UnboundedReceiver<RefreshEvent>) -> usize {
        std::iter::from_fn(|| rx.try_recv().ok()).count()
    }

    #[test]
    fn feeds_are_reported_once_their_batch_is_committed_by_a_tick_when_old_enough() {
        let (mut writer, feeds, mut rx) = writer_with_feeds(2);
        writer.batch_time = Duration::from_secs(3600);
        writer.handle(failed(&feeds[0]));
        writer.handle(failed(&feeds[1]));
        writer.handle(ToWriter::Tick);
        assert_eq!(reported(&mut rx), 0, "a young batch stays open");
        writer.batch_time = Duration::ZERO;
        writer.handle(ToWriter::Tick);
        assert_eq!(reported(&mut rx), 2);
        let stored = writer.store.feed(feeds[1].id).unwrap().unwrap();
        assert_eq!(stored.error_count, 1, "the batch was committed");
    }

    #[test]
    fn a_full_batch_is_committed_at_once() {
        let (mut writer, feeds, mut rx) = writer_with_feeds(BATCH_FEEDS + 1);
        writer.batch_time = Duration::from_secs(3600);
        for feed in &feeds[..BATCH_FEEDS - 1] {
            writer.handle(failed(feed));
        }
        assert_eq!(reported(&mut rx), 0);
        writer.handle(failed(&feeds[BATCH_FEEDS - 1]));
        assert_eq!(reported(&mut rx), BATCH_FEEDS);
        writer.handle(failed(&feeds[BATCH_FEEDS]));
        assert_eq!(reported(&mut rx), 0, "the next feed opens the next batch");
    }

    #[tokio::test(start_paused = true)]
    async fn the_ticker_wakes_the_writer_until_the_refresh_lets_go_of_its_queue() {
        let (tx, mut rx) = mpsc::channel(2);
        let ticker = tokio::spawn(tick(tx.downgrade()));
        for _ in 0..3 {
            // Paused time moves on by itself while everything waits on a timer.
            assert!(matches!(rx.recv().await, Some(ToWriter::Tick)));
        }
        drop(tx);
        ticker.await.unwrap();
        while let Ok(message) = rx.try_recv() {
            assert!(matches!(message, ToWriter::Tick));
        }
        assert_eq!(
            rx.try_recv().err(),
            Some(mpsc::error::TryRecvError::Disconnected),
            "the ticker kept no sender"
        );
    }

    #[test]
    fn a_write_the_store_refuses_ends_its_batch_at_once() {
        let (mut writer, feeds, mut rx) = writer_with_feeds(1);
        writer.batch_time = Duration::from_secs(3600);
        writer.handle(failed(&feeds[0]));
        let mut gone = feeds[0].clone();
        gone.id = crate::model::FeedId(999);
        let update = crate::store::FeedUpdate {
            parsed: crate::model::ParsedFeed::default(),
            etag: None,
            last_modified: None,
            new_url: None,
            next_fetch: Utc::now(),
        };
        let job = ForWriter::Store(Box::new(PreparedUpdate::new(update)));
        writer.handle(ToWriter::Feed(gone, job));
        let outcomes: Vec<bool> = std::iter::from_fn(|| rx.try_recv().ok())
            .map(|e| {
                matches!(
                    e,
                    RefreshEvent::FeedDone {
                        outcome: FeedOutcome::Failed(_),
                        ..
                    }
                )
            })
            .collect();
        assert_eq!(
            outcomes,
            vec![true, true],
            "both reported, without waiting for the batch"
        );
        let kept = writer.store.feed(feeds[0].id).unwrap().unwrap();
        assert_eq!(kept.error_count, 1, "the feed before it was kept");
    }
}
