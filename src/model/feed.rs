//! A subscription and what griot remembers about fetching it.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// The store's identifier of a feed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct FeedId(pub i64);

impl std::fmt::Display for FeedId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// How the last fetch of a feed ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum FetchStatus {
    /// Never fetched yet.
    #[default]
    Never,
    /// Fetched and parsed.
    Ok,
    /// The server answered 304: nothing changed.
    NotModified,
    /// The fetch or the parse failed; see [`Feed::last_error`].
    Error,
}

impl FetchStatus {
    /// The name stored in the database and printed by `feeds --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            FetchStatus::Never => "never",
            FetchStatus::Ok => "ok",
            FetchStatus::NotModified => "not-modified",
            FetchStatus::Error => "error",
        }
    }

    /// Reads a stored name; anything unknown counts as never fetched.
    pub fn parse(s: &str) -> Self {
        match s {
            "ok" => FetchStatus::Ok,
            "not-modified" => FetchStatus::NotModified,
            "error" => FetchStatus::Error,
            _ => FetchStatus::Never,
        }
    }
}

/// A subscription with its fetch bookkeeping and article counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feed {
    pub id: FeedId,
    /// Where the feed is fetched from: `http(s)://`, `file://`, a path, or `exec:COMMAND`.
    pub url: String,
    /// The title shown: the user's title if they named the feed, else the feed's own, else the URL.
    pub title: String,
    /// The title the user gave (import, `add --title`, rename); it wins over the feed's own.
    pub user_title: Option<String>,
    /// The web site the feed belongs to.
    pub site_url: Option<String>,
    pub tags: Vec<String>,
    /// Hidden feeds (newsboat's `!`) are fetched and searchable but not listed in the TUI.
    pub hidden: bool,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_fetch: Option<DateTime<Utc>>,
    pub last_status: FetchStatus,
    /// Why the last fetch failed, to say in the reader's language.
    pub last_error: Option<crate::i18n::Phrase>,
    /// Consecutive failed fetches, for backoff.
    pub error_count: u32,
    /// Earliest time a scheduled refresh fetches this feed again.
    pub next_fetch: Option<DateTime<Utc>>,
    /// The feed's own minimum interval (`<ttl>`, `sy:updatePeriod`), in seconds.
    pub min_interval_secs: Option<i64>,
    pub unread: u64,
    pub total: u64,
}
