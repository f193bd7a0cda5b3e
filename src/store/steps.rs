//! Test support: how much work SQLite does, counted in virtual-machine steps rather than
//! time, so a test can prove deterministically that what runs at start-up does not grow with
//! the archive. Also builds large archives quickly, in SQL, for such tests.

use std::cell::RefCell;
use std::collections::HashMap;

use rusqlite::trace::{TraceEvent, TraceEventCodes};
use rusqlite::StatementStatus;

use super::{Store, StoreError};
use crate::model::FeedId;

thread_local! {
    /// Each statement's cumulative step count as last seen (a cached statement keeps counting
    /// across runs), and the steps counted since the last [`take`].
    static SEEN: RefCell<(HashMap<String, i64>, u64)> = RefCell::new((HashMap::new(), 0));
}

fn on_event(event: TraceEvent<'_>) {
    if let TraceEvent::Profile(stmt, _) = event {
        let now = i64::from(stmt.get_status(StatementStatus::VmStep));
        SEEN.with(|cell| {
            let (seen, total) = &mut *cell.borrow_mut();
            let before = seen.insert(stmt.sql().into_owned(), now).unwrap_or(0);
            // A fresh statement with the same text starts again from zero.
            let ran = if now >= before { now - before } else { now };
            *total += u64::try_from(ran).unwrap_or(0);
        });
    }
}

/// Counts the steps of every statement `store` runs on this thread from now on.
pub(crate) fn watch(store: &Store) {
    SEEN.with(|cell| *cell.borrow_mut() = (HashMap::new(), 0));
    store
        .conn
        .trace_v2(TraceEventCodes::SQLITE_TRACE_PROFILE, Some(on_event));
}

/// The steps counted on this thread since the last call.
pub(crate) fn take() -> u64 {
    SEEN.with(|cell| std::mem::take(&mut cell.borrow_mut().1))
}

/// Adds `per_feed` articles to each feed (unread, already indexed, one a minute going back
/// from a fixed time), the way a refresh leaves them, in one statement per feed.
pub(crate) fn fill(store: &mut Store, feeds: &[FeedId], per_feed: u32) -> Result<(), StoreError> {
    let tx = store.write_tx()?;
    for feed in feeds {
        tx.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
             INSERT INTO articles(feed_id, feed_title, uid, title, link, sort_time, published,
                                  first_seen, last_seen, indexed, fts_key)
             SELECT ?1, 'Feed ' || ?1, 'uid-' || ?1 || '-' || i, 'Headline ' || i,
                    'https://example.org/' || ?1 || '/' || i, 1800000000 - i * 60 - ?1,
                    1800000000 - i * 60 - ?1, 1800000000, 1800000000, 1, NULL
             FROM n",
            rusqlite::params![feed.0, per_feed],
        )?;
        super::feeds::count_new(&tx, feed.0, u64::from(per_feed))?;
    }
    // Keys as indexing would give them: unique, so nothing waits to be indexed.
    tx.execute("UPDATE articles SET fts_key = id WHERE fts_key IS NULL", [])?;
    tx.commit()?;
    Ok(())
}
