//! What the status bar reports, and the clock and refreshes that feed it: transient messages
//! that expire, refresh progress and failures, the offline mark, automatic refreshes on the
//! configured interval, and the refresh keys. The last messages are kept for the messages
//! view, so an error that went by can still be read.

use std::collections::VecDeque;

use crate::config::Notify;
use crate::i18n::{count, t};

use super::{Screen, State};
use crate::refresh::{Selection, Summary};
use crate::ui::event::{Command, FeedResult, Job};

/// Messages kept for the messages view.
const HISTORY: usize = 100;

/// Ticks per second (the tick is a quarter second).
pub const TICKS_PER_SEC: u64 = 4;

/// The first retry after a refresh found the network (or the sync server) out of reach, in
/// seconds; each further failure doubles the wait, up to [`RETRY_MAX_SECS`].
const RETRY_FIRST_SECS: u64 = 15;
/// The longest wait between retries.
const RETRY_MAX_SECS: u64 = 15 * 60;

/// Seconds to wait after the `failures`-th refresh in a row found the network out of reach:
/// 15 s, 30 s, 1 min, 2 min… up to 15 min.
pub fn retry_delay_secs(failures: u32) -> u64 {
    let doublings = failures.saturating_sub(1).min(16);
    (RETRY_FIRST_SECS << doublings).min(RETRY_MAX_SECS)
}

/// The next retry while offline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// Refreshes in a row that found the network out of reach.
    pub failures: u32,
    /// The tick the next retry starts at.
    pub at: u64,
}

/// A transient status message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
    /// The tick after which it disappears.
    pub until: u64,
}

/// What a refresh has changed since the lists were last read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stale {
    /// Counts or failures: the feed list.
    Feeds,
    /// New articles: the feed list and the article list.
    FeedsAndList,
}

/// What the status bar reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// Feeds done and total, while a refresh runs.
    pub refreshing: Option<(usize, usize)>,
    /// Feeds that failed in the current or last refresh.
    pub failed: usize,
    network_failed: usize,
    /// Every fetch of the last refresh failed with a network error (or the sync server was
    /// out of reach).
    pub offline: bool,
    /// While offline: when the next retry starts (reset by a refresh that reaches the network).
    pub retry: Option<Retry>,
    pub message: Option<Message>,
    /// The tick the last refresh started or ended at.
    last_refresh: u64,
    /// A refresh stored new articles or met a failure since the last tick: the feeds (and,
    /// with new articles, the list) are read again on the next tick, at most four times a
    /// second however many feeds report in between.
    stale: Option<Stale>,
    /// The last messages shown, oldest first, for the messages view.
    pub history: VecDeque<Message>,
}

impl Status {
    /// Keeps a message for the messages view.
    pub fn log(&mut self, message: Message) {
        if self.history.len() == HISTORY {
            self.history.pop_front();
        }
        self.history.push_back(message);
    }
}

/// The clock: messages expire, the store is polled, automatic refreshes start.
pub(super) fn on_tick(state: &mut State) -> Vec<Command> {
    state.tick += 1;
    if state
        .status
        .message
        .as_ref()
        .is_some_and(|m| m.until < state.tick)
    {
        state.status.message = None;
    }
    let mut out = reload_stale(state);
    if state.tick.is_multiple_of(2 * TICKS_PER_SEC) {
        out.push(Command::Job(Job::Poll));
    }
    if let Some(retry) = state.status.retry.as_mut() {
        if state.settings.network && state.status.refreshing.is_none() && state.tick >= retry.at {
            // Should the refresh never report back, the next retry comes after the same wait.
            retry.at = state.tick + retry_delay_secs(retry.failures) * TICKS_PER_SEC;
            state.status.last_refresh = state.tick;
            out.push(Command::Refresh(Selection::All));
            return out;
        }
    }
    let every = state.settings.refresh_every;
    if state.settings.network
        && every > 0
        && state.status.refreshing.is_none()
        && state.tick.saturating_sub(state.status.last_refresh) >= every
    {
        state.status.last_refresh = state.tick;
        out.push(Command::Refresh(Selection::Due));
    }
    out
}

/// Seconds until the next retry while offline.
pub fn retry_in(state: &State) -> Option<u64> {
    let retry = state.status.retry?;
    Some(retry.at.saturating_sub(state.tick).div_ceil(TICKS_PER_SEC))
}

/// The refresh keys: this feed (the article's in the reader, the selected or listed one
/// elsewhere) or all feeds.
pub(super) fn refresh(state: &mut State, all: bool) -> Vec<Command> {
    if !state.settings.network {
        state.say(t("Refreshing is off in demo mode"), false);
        return Vec::new();
    }
    if state.status.refreshing.is_some() {
        state.say(t("A refresh is already running"), false);
        return Vec::new();
    }
    let scope = if all {
        Selection::All
    } else if let Some(feed) = state
        .current_article()
        .and_then(|a| a.feed_id)
        .filter(|_| state.screen == Screen::Reader)
    {
        Selection::Feeds(vec![feed])
    } else if let Some((id, _)) = state.current_feed() {
        Selection::Feeds(vec![id])
    } else {
        Selection::All
    };
    vec![Command::Refresh(scope)]
}

pub(super) fn on_refresh_started(state: &mut State, total: usize) -> Vec<Command> {
    state.status.refreshing = Some((0, total));
    state.status.failed = 0;
    state.status.network_failed = 0;
    state.status.last_refresh = state.tick;
    vec![Command::Job(Job::Refreshing(true))]
}

/// One feed of a refresh ended: count it, and show its new articles.
pub(super) fn on_refresh_progress(state: &mut State, r: &FeedResult) -> Vec<Command> {
    if let Some((done, _)) = &mut state.status.refreshing {
        *done += 1;
    }
    if r.error.is_some() {
        state.status.failed += 1;
        if r.network {
            state.status.network_failed += 1;
        }
    }
    if r.new > 0 {
        state.status.stale = Some(Stale::FeedsAndList);
    } else if r.error.is_some() && state.status.stale.is_none() {
        state.status.stale = Some(Stale::Feeds);
    }
    // A thousand feeds report within seconds: reading every list again after each one kept
    // a core busy beside the refresh. The next tick reads them once for all of them.
    Vec::new()
}

/// The reads a refresh's progress asked for since the last tick.
fn reload_stale(state: &mut State) -> Vec<Command> {
    match state.status.stale.take() {
        None => Vec::new(),
        Some(Stale::Feeds) => vec![Command::Job(Job::LoadFeeds)],
        Some(Stale::FeedsAndList) => vec![Command::Job(Job::LoadFeeds), state.reload_list(true)],
    }
}

/// The refresh ended: read everything again, index, keep full text, tell the user.
pub(super) fn on_refresh_done(state: &mut State, summary: Summary) -> Vec<Command> {
    let offline = summary.offline();
    state.status.refreshing = None;
    // Everything is read again below.
    state.status.stale = None;
    state.status.failed = summary.failed;
    state.status.offline = offline;
    state.status.last_refresh = state.tick;
    let failures = state.status.retry.map_or(0, |r| r.failures) + 1;
    state.status.retry = (offline && state.settings.network).then(|| Retry {
        failures,
        at: state.tick + retry_delay_secs(failures) * TICKS_PER_SEC,
    });
    let mut out = vec![
        Command::Job(Job::Refreshing(false)),
        Command::Job(Job::LoadFeeds),
        state.reload_list(true),
        Command::Job(Job::IndexPending),
    ];
    if state.settings.network && !offline {
        out.push(Command::KeepFullText);
        out.extend(super::account::offer(state));
    }
    if offline {
        if failures == 1 {
            state.say(t("Offline: showing cached articles"), true);
        }
    } else if summary.new > 0 {
        let text = count(summary.new, "{} new article", "{} new articles");
        if state.settings.notify != Notify::Off {
            out.push(Command::Notify(text.clone()));
        }
        state.say(text, false);
    } else if summary.failed > 0 {
        let failed = summary.failed as u64;
        state.say(
            count(
                failed,
                "{} feed failed to refresh",
                "{} feeds failed to refresh",
            ),
            true,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::retry_delay_secs;

    #[test]
    fn retries_back_off_exponentially_up_to_a_cap() {
        let waits: Vec<u64> = (1..=8).map(retry_delay_secs).collect();
        assert_eq!(waits, [15, 30, 60, 120, 240, 480, 900, 900]);
        assert_eq!(retry_delay_secs(u32::MAX), 900);
    }
}
