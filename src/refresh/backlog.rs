//! How many fetched feeds wait for a parser, so that new fetches pause while too many do.
//!
//! Fetching is usually slower than parsing, but not always: on a fast network (or loopback)
//! the fetches ran ahead of the parsers, and each finished fetch held its whole inflated body
//! in memory until a parser was free: 14 bodies at once in a cold refresh of 200 feeds, about
//! 3 MB. A fetch now starts only while fewer than [`Backlog::new`]'s limit of bodies wait.
//! Fetches already under way are never held back, so on a slow network, where the backlog
//! stays empty, as many fetches run at once as before.

use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Notify;

/// The count of fetched bodies waiting for a parser.
pub(super) struct Backlog {
    waiting: AtomicUsize,
    limit: usize,
    freed: Notify,
}

/// One body counted in the backlog; dropped when a parser takes it (or it is given up).
pub(super) struct Waiting<'a>(&'a Backlog);

impl Backlog {
    /// A backlog that lets new fetches start while fewer than `limit` bodies wait.
    pub(super) fn new(limit: usize) -> Backlog {
        Backlog {
            waiting: AtomicUsize::new(0),
            limit: limit.max(1),
            freed: Notify::new(),
        }
    }

    /// Returns once fewer than the limit of bodies wait.
    pub(super) async fn room(&self) {
        loop {
            let freed = self.freed.notified();
            tokio::pin!(freed);
            // Registered before the check, so a body taken in between still wakes us.
            freed.as_mut().enable();
            if self.waiting.load(Ordering::Acquire) < self.limit {
                return;
            }
            freed.await;
        }
    }

    /// Counts one more body waiting, until the returned guard is dropped.
    pub(super) fn arrive(&self) -> Waiting<'_> {
        self.waiting.fetch_add(1, Ordering::AcqRel);
        Waiting(self)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.waiting.fetch_sub(1, Ordering::AcqRel);
        self.0.freed.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use super::Backlog;

    fn ready(f: std::pin::Pin<&mut impl Future<Output = ()>>) -> bool {
        f.poll(&mut Context::from_waker(Waker::noop())) == Poll::Ready(())
    }

    #[test]
    fn a_fetch_waits_while_the_backlog_is_full_and_starts_when_a_parser_takes_a_body() {
        let backlog = Backlog::new(2);
        assert!(ready(pin!(backlog.room())), "an empty backlog has room");
        let first = backlog.arrive();
        let _second = backlog.arrive();
        let mut room = pin!(backlog.room());
        assert!(!ready(room.as_mut()), "two bodies wait: no new fetch");
        drop(first);
        assert!(ready(room.as_mut()), "a parser took one: a fetch may start");
    }

    #[test]
    fn bodies_arriving_beyond_the_limit_are_counted_too() {
        // Fetches already under way finish even when the backlog is full.
        let backlog = Backlog::new(1);
        let mut guards: Vec<_> = (0..3).map(|_| backlog.arrive()).collect();
        let mut room = pin!(backlog.room());
        guards.truncate(1);
        assert!(!ready(room.as_mut()), "one body still waits");
        guards.clear();
        assert!(ready(room.as_mut()));
    }
}
