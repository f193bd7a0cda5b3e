//! Store operations the fetcher needs beyond the core feed API.

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{Store, StoreError};
use crate::model::FeedId;

impl Store {
    /// Records a 304 like [`Store::record_not_modified`], first moving the feed to
    /// `new_url` when the request was permanently redirected (301/308) on the way. A new
    /// URL already used by another feed is ignored.
    pub fn record_not_modified_at(
        &mut self,
        id: FeedId,
        next_fetch: DateTime<Utc>,
        new_url: Option<&str>,
    ) -> Result<(), StoreError> {
        let Some(url) = new_url else {
            return self.record_not_modified(id, next_fetch);
        };
        self.conn.execute(
            "UPDATE OR IGNORE feeds SET url = ?2 WHERE id = ?1",
            params![id.0, url],
        )?;
        self.record_not_modified(id, next_fetch)
    }
}
