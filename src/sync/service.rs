//! The one interface every sync protocol implements; the engine knows only this.

use std::collections::HashSet;

use super::SyncError;
use crate::store::{RemoteEntry, RemoteFeed};

/// One page of new entries, and the cursor that follows it.
#[derive(Debug, Clone, Default)]
pub struct EntryPage {
    pub entries: Vec<RemoteEntry>,
    /// Where the next page starts (kept in the store with the page).
    pub cursor: String,
    /// Whether another page follows.
    pub more: bool,
}

/// The read and starred state of one entry, and when the server last changed it (seconds since
/// the epoch) when the server says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryState {
    pub remote_id: String,
    pub read: bool,
    pub starred: bool,
    pub changed_at: Option<i64>,
}

/// How a server reports read and starred state.
#[derive(Debug, Clone)]
pub enum StateReport {
    /// The entries whose state changed since the time asked (Miniflux's `changed_after`).
    Changed(Vec<EntryState>),
    /// The complete sets of unread and of starred entry ids (the Google Reader API).
    Sets {
        unread: HashSet<String>,
        starred: HashSet<String>,
    },
}

/// A sync server, spoken to in one protocol.
#[allow(async_fn_in_trait)]
pub trait SyncService {
    /// Whether [`SyncService::states`] says when the server changed each entry (then a
    /// queued local change older than the server's loses; otherwise it wins).
    const CHANGE_TIMES: bool;

    /// Checks the credentials (logging in where the protocol has a session).
    async fn login(&mut self) -> Result<(), SyncError>;
    /// Every subscription, with its category.
    async fn subscriptions(&mut self) -> Result<Vec<RemoteFeed>, SyncError>;
    /// Subscribes to `url` (in `category`, if given); returns the server's id of the feed.
    async fn subscribe(&mut self, url: &str, category: Option<&str>) -> Result<String, SyncError>;
    /// Unsubscribes; a feed the server no longer has is not an error.
    async fn unsubscribe(&mut self, remote_id: &str) -> Result<(), SyncError>;
    /// Names a feed.
    async fn rename(&mut self, remote_id: &str, title: &str) -> Result<(), SyncError>;
    /// Moves a feed to a category (`None`: the default one).
    async fn set_category(
        &mut self,
        remote_id: &str,
        category: Option<&str>,
    ) -> Result<(), SyncError>;
    /// Marks entries read or unread.
    async fn set_read(&mut self, ids: &[String], read: bool) -> Result<(), SyncError>;
    /// Stars or unstars entries.
    async fn set_starred(&mut self, ids: &[String], starred: bool) -> Result<(), SyncError>;
    /// The page of entries after `cursor` (`None`: from the start). `known` says whether an
    /// entry id is stored here already (for servers listed by id rather than by cursor).
    async fn entries_page(
        &mut self,
        cursor: Option<&str>,
        known: &dyn Fn(&str) -> bool,
    ) -> Result<EntryPage, SyncError>;
    /// Read and starred state changed since `since` (seconds since the epoch).
    async fn states(&mut self, since: i64) -> Result<StateReport, SyncError>;
    /// Requests sent so far.
    fn requests(&self) -> u64;
}
