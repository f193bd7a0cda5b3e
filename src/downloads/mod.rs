//! Podcasts and other enclosures kept on disk: the download queue's records, safe file
//! names, and the resumable transfer of one file.
//!
//! Its own module because a download is neither a feed fetch (it is streamed to disk, may be
//! gigabytes, resumes where it stopped) nor a store concern (the bytes live in files). The
//! queue itself is kept in the store (`Store::queue_download` and friends); the workflow that
//! runs it — several files at once, progress, recording the outcome — is
//! `library::downloads`. Nothing here knows of a terminal or a command line.
//!
//! - [`names`]: a file name from a URL or a title that cannot escape the download
//!   directory, hide itself, carry control characters or clobber another file;
//! - [`transfer`]: one file fetched into `NAME.part`, from the bytes already there on,
//!   then moved to its final name.

pub mod names;
pub mod transfer;

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::model::{ArticleId, Enclosure};

/// The store's identifier of a queued download.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct DownloadId(pub i64);

impl std::fmt::Display for DownloadId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Where a download stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DownloadState {
    /// Waiting, or interrupted (its `.part` file holds what arrived).
    Queued,
    /// On disk at its `path`.
    Done,
    /// The last attempt failed (`error` says why); a run tries it again.
    Failed,
}

impl DownloadState {
    /// The name kept in the store and printed by `griot downloads`.
    pub fn as_str(self) -> &'static str {
        match self {
            DownloadState::Queued => "queued",
            DownloadState::Done => "done",
            DownloadState::Failed => "failed",
        }
    }

    /// Reads a stored name (anything unknown is queued, so it is tried again).
    pub fn from_name(name: &str) -> DownloadState {
        match name {
            "done" => DownloadState::Done,
            "failed" => DownloadState::Failed,
            _ => DownloadState::Queued,
        }
    }
}

/// One file of the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Download {
    pub id: DownloadId,
    /// The article it came from (`None` once that article is gone).
    pub article_id: Option<ArticleId>,
    pub url: String,
    /// The file's safe name in the download directory.
    pub file_name: String,
    pub mime: Option<String>,
    /// The whole size, once a server said it (else the feed's declared length).
    pub total: Option<u64>,
    pub state: DownloadState,
    pub error: Option<String>,
    /// Where the finished file is.
    pub path: Option<PathBuf>,
    pub added: DateTime<Utc>,
    pub finished: Option<DateTime<Utc>>,
}

/// The files of an article worth offering: everything but pictures, unless it has nothing
/// else (a photo feed's files are its point).
pub fn offered(enclosures: &[Enclosure]) -> Vec<Enclosure> {
    let media: Vec<Enclosure> = enclosures
        .iter()
        .filter(|e| !e.is_image())
        .cloned()
        .collect();
    if media.is_empty() {
        enclosures.to_vec()
    } else {
        media
    }
}

/// A human size: "812 B", "3.4 KB", "24.1 MB", "1.2 GB" (powers of 1000, as players say).
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_players_say_them() {
        assert_eq!(human_size(812), "812 B");
        assert_eq!(human_size(24_100_000), "24.1 MB");
        assert_eq!(human_size(1_230_000_000), "1.2 GB");
    }
}
