//! The Google Reader API (placeholder while the client is written).

use std::time::Duration;

use super::service::{EntryPage, StateReport, SyncService};
use super::{Account, SyncError};
use crate::store::RemoteFeed;

/// A Google Reader API account.
pub struct GReader {
    server: String,
}

impl GReader {
    pub fn new(account: &Account, _timeout: Duration) -> Result<GReader, SyncError> {
        Ok(GReader {
            server: account.url.clone(),
        })
    }

    fn todo<T>(&self) -> Result<T, SyncError> {
        Err(SyncError::Protocol {
            server: self.server.clone(),
            reason: "the Google Reader API is not supported yet".into(),
        })
    }
}

impl SyncService for GReader {
    async fn login(&mut self) -> Result<(), SyncError> {
        self.todo()
    }
    async fn subscriptions(&mut self) -> Result<Vec<RemoteFeed>, SyncError> {
        self.todo()
    }
    async fn subscribe(
        &mut self,
        _url: &str,
        _category: Option<&str>,
    ) -> Result<String, SyncError> {
        self.todo()
    }
    async fn unsubscribe(&mut self, _remote_id: &str) -> Result<(), SyncError> {
        self.todo()
    }
    async fn rename(&mut self, _remote_id: &str, _title: &str) -> Result<(), SyncError> {
        self.todo()
    }
    async fn set_category(
        &mut self,
        _remote_id: &str,
        _category: Option<&str>,
    ) -> Result<(), SyncError> {
        self.todo()
    }
    async fn set_read(&mut self, _ids: &[String], _read: bool) -> Result<(), SyncError> {
        self.todo()
    }
    async fn set_starred(&mut self, _ids: &[String], _starred: bool) -> Result<(), SyncError> {
        self.todo()
    }
    async fn entries_page(&mut self, _cursor: Option<&str>) -> Result<EntryPage, SyncError> {
        self.todo()
    }
    async fn states(&mut self, _since: i64) -> Result<StateReport, SyncError> {
        self.todo()
    }
    fn requests(&self) -> u64 {
        0
    }
}
