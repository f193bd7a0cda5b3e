//! The download queue in the store (migration 11): which enclosures the user asked to keep,
//! under which safe name, and how each one ended. The bytes themselves are files in the
//! download directory; an interrupted transfer is simply still `queued` and resumes from
//! its `.part` file.

use std::path::PathBuf;

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{params, OptionalExtension, Row};

use super::{Store, StoreError};
use crate::downloads::{Download, DownloadId, DownloadState};
use crate::model::ArticleId;

/// A file to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDownload {
    pub article_id: Option<ArticleId>,
    pub url: String,
    /// A safe name, free in the queue (see [`Store::download_name_taken`]).
    pub file_name: String,
    pub mime: Option<String>,
    pub total: Option<u64>,
}

/// What queueing a file did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Queued {
    Added(DownloadId),
    /// The URL was queued already (a failed one is queued again).
    Already(DownloadId),
}

const COLUMNS: &str =
    "id, article_id, url, file_name, mime, total, state, error, path, added, finished";

fn time(secs: Option<i64>) -> Option<DateTime<Utc>> {
    secs.and_then(|s| Utc.timestamp_opt(s, 0).single())
}

fn row(r: &Row<'_>) -> rusqlite::Result<Download> {
    Ok(Download {
        id: DownloadId(r.get(0)?),
        article_id: r.get::<_, Option<i64>>(1)?.map(ArticleId),
        url: r.get(2)?,
        file_name: r.get(3)?,
        mime: r.get(4)?,
        total: r
            .get::<_, Option<i64>>(5)?
            .and_then(|n| u64::try_from(n).ok()),
        state: DownloadState::from_name(&r.get::<_, String>(6)?),
        error: r.get(7)?,
        path: r.get::<_, Option<String>>(8)?.map(PathBuf::from),
        added: time(Some(r.get(9)?)).unwrap_or_default(),
        finished: time(r.get(10)?),
    })
}

impl Store {
    /// Queues a file; a URL already queued is not queued twice (a failed one is set back to
    /// queued).
    pub fn queue_download(&mut self, new: &NewDownload) -> Result<Queued, StoreError> {
        let tx = self.write_tx()?;
        let existing: Option<i64> = tx
            .query_row("SELECT id FROM downloads WHERE url = ?1", [&new.url], |r| {
                r.get(0)
            })
            .optional()?;
        let out = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE downloads SET state = 'queued', error = NULL
                     WHERE id = ?1 AND state = 'failed'",
                    [id],
                )?;
                Queued::Already(DownloadId(id))
            }
            None => {
                tx.execute(
                    "INSERT INTO downloads(article_id, url, file_name, mime, total, added)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![
                        new.article_id.map(|a| a.0),
                        new.url,
                        new.file_name,
                        new.mime,
                        new.total.and_then(|n| i64::try_from(n).ok()),
                        Utc::now().timestamp()
                    ],
                )?;
                Queued::Added(DownloadId(tx.last_insert_rowid()))
            }
        };
        tx.commit()?;
        Ok(out)
    }

    /// Whether a queued file already has this name.
    pub fn download_name_taken(&self, file_name: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM downloads WHERE file_name = ?1",
                [file_name],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// The whole queue, oldest first.
    pub fn downloads(&self) -> Result<Vec<Download>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM downloads ORDER BY id"))?;
        let rows = stmt.query_map([], row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// An article's queued and downloaded files.
    pub fn downloads_of(&self, article: ArticleId) -> Result<Vec<Download>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM downloads WHERE article_id = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([article.0], row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records that a download finished at `path`.
    pub fn download_done(
        &mut self,
        id: DownloadId,
        path: &std::path::Path,
        total: u64,
    ) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE downloads SET state = 'done', error = NULL, path = ?2, total = ?3,
             finished = ?4 WHERE id = ?1",
            params![
                id.0,
                path.to_string_lossy(),
                i64::try_from(total).unwrap_or(i64::MAX),
                Utc::now().timestamp()
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records that a download's last attempt failed (its `.part` stays for the next run).
    pub fn download_failed(&mut self, id: DownloadId, error: &str) -> Result<(), StoreError> {
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE downloads SET state = 'failed', error = ?2 WHERE id = ?1",
            params![id.0, crate::render::sanitize::clean_line(error)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Takes a download off the queue (its files stay on disk); whether it was there.
    pub fn forget_download(&mut self, id: DownloadId) -> Result<bool, StoreError> {
        let tx = self.write_tx()?;
        let n = tx.execute("DELETE FROM downloads WHERE id = ?1", [id.0])?;
        tx.commit()?;
        Ok(n > 0)
    }
}
