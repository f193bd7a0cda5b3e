//! Podcasts and other enclosures downloaded, as `griot downloads` and the reader run it:
//! queue an article's files (a safe name chosen once, kept in the store), then run the
//! queue — a few files at once, each resumed from the bytes already on disk, progress
//! reported as it goes, each outcome recorded as it lands.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::Semaphore;

use crate::config::Config;
pub use crate::downloads::offered;
use crate::downloads::transfer::{self, Progress, MAX_FILE};
use crate::downloads::{names, Download, DownloadId, DownloadState};
use crate::fetch::{FetchOptions, HttpClient};
use crate::i18n::{Explain as _, Phrase};
use crate::model::{ArticleId, Enclosure};
use crate::store::{NewDownload, Queued, Store, StoreError};

use super::LibraryError;

/// Why files could not be queued.
#[derive(Debug, thiserror::Error)]
pub enum QueueError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("article {0} has no attached file")]
    NoEnclosure(ArticleId),
    #[error("article {article} has no file number {n} (it has {count})")]
    NoSuchEnclosure {
        article: ArticleId,
        n: usize,
        count: usize,
    },
    #[error("no free file name for {0}")]
    NoName(String),
}

impl crate::i18n::Explain for QueueError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            QueueError::Store(e) => e.explain(),
            QueueError::NoEnclosure(id) => Phrase::of("article {} has no attached file").word(id),
            QueueError::NoSuchEnclosure { article, n, count } => {
                Phrase::of("article {} has no file number {} (it has {})")
                    .word(article)
                    .word(n)
                    .word(count)
            }
            QueueError::NoName(name) => Phrase::of("no free file name for {}").word(name),
        }
    }
}

/// The download directory the config names: `[enclosures] download_dir` (`~/` is the home
/// directory), else the platform's download folder's `griot/`.
pub fn download_dir(config: &Config) -> PathBuf {
    let set = config.enclosures.download_dir.trim();
    if !set.is_empty() {
        return super::exporting::expand_home(set);
    }
    let dirs = directories::UserDirs::new();
    let base = dirs
        .as_ref()
        .and_then(|d| d.download_dir().map(Path::to_path_buf))
        .or_else(|| dirs.as_ref().map(|d| d.home_dir().join("Downloads")))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("griot")
}

/// Queues file `n` (1-based, among [`offered`]) of an article, or all of them. Returns
/// each file's queue entry and name.
pub fn queue_article(
    store: &mut Store,
    dir: &Path,
    article: ArticleId,
    n: Option<usize>,
) -> Result<Vec<(Queued, String)>, QueueError> {
    let files = offered(&store.enclosures(article)?);
    if files.is_empty() {
        return Err(QueueError::NoEnclosure(article));
    }
    let chosen: Vec<&Enclosure> = match n {
        None => files.iter().collect(),
        Some(n) => match n.checked_sub(1).and_then(|i| files.get(i)) {
            Some(e) => vec![e],
            None => {
                return Err(QueueError::NoSuchEnclosure {
                    article,
                    n,
                    count: files.len(),
                })
            }
        },
    };
    let mut out = Vec::new();
    for e in chosen {
        out.push(queue_file(store, dir, Some(article), e)?);
    }
    Ok(out)
}

/// Queues one file under a safe name free in the queue and in `dir`.
pub fn queue_file(
    store: &mut Store,
    dir: &Path,
    article: Option<ArticleId>,
    e: &Enclosure,
) -> Result<(Queued, String), QueueError> {
    if let Some(d) = store.downloads()?.into_iter().find(|d| d.url == e.url) {
        let again = store.queue_download(&NewDownload {
            article_id: article,
            url: e.url.clone(),
            file_name: d.file_name.clone(),
            mime: e.mime.clone(),
            total: e.length,
        })?;
        return Ok((again, d.file_name));
    }
    let wanted = names::file_name(&e.url, e.title.as_deref(), e.mime.as_deref());
    let name = names::unique(dir, &wanted, |n| {
        store.download_name_taken(n).unwrap_or(true)
    })
    .ok_or_else(|| QueueError::NoName(wanted.clone()))?;
    let queued = store.queue_download(&NewDownload {
        article_id: article,
        url: e.url.clone(),
        file_name: name.clone(),
        mime: e.mime.clone(),
        total: e.length.filter(|n| *n > 0),
    })?;
    Ok((queued, name))
}

/// A download in the queue with the bytes of it on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub download: Download,
    /// Bytes received: the finished file's size, else its `.part`'s.
    pub on_disk: u64,
}

/// The queue with what is on disk of each file.
pub fn entries(store: &Store, dir: &Path) -> Result<Vec<Entry>, StoreError> {
    Ok(store
        .downloads()?
        .into_iter()
        .map(|download| {
            let on_disk = match (&download.state, &download.path) {
                (DownloadState::Done, Some(p)) => std::fs::metadata(p).map_or(0, |m| m.len()),
                _ => transfer::bytes_on_disk(dir, &download.file_name),
            };
            Entry { download, on_disk }
        })
        .collect())
}

/// What happens while the queue runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DownloadEvent {
    /// A transfer is under way (sent as bytes arrive; `received` counts from the file's start).
    Progress {
        id: DownloadId,
        name: String,
        received: u64,
        total: Option<u64>,
        resumed_from: u64,
    },
    /// A transfer ended: where the file is, or why it failed (in the interface language).
    Finished {
        id: DownloadId,
        name: String,
        result: Result<PathBuf, String>,
    },
}

/// How a run of the queue went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunReport {
    pub done: usize,
    pub failed: usize,
}

/// Runs every queued (and failed) download: at most `[enclosures] parallel` at once, each
/// resumed from its `.part`, outcomes written to the store as they land. `only` limits the
/// run to some downloads.
pub async fn run(
    config: &Config,
    database: &Path,
    only: Option<Vec<DownloadId>>,
    events: Option<UnboundedSender<DownloadEvent>>,
) -> Result<RunReport, LibraryError> {
    let dir = download_dir(config);
    let path = database.to_path_buf();
    let (store, todo) = tokio::task::spawn_blocking(move || {
        let store = Store::open(&path)?;
        let todo: Vec<Download> = store
            .downloads()?
            .into_iter()
            .filter(|d| d.state != DownloadState::Done)
            .filter(|d| only.as_ref().is_none_or(|o| o.contains(&d.id)))
            .collect();
        Ok::<_, LibraryError>((store, todo))
    })
    .await
    .map_err(|e| LibraryError::Worker(e.to_string()))??;
    let client = HttpClient::new(FetchOptions::from(&config.fetch))?;
    let store = Arc::new(Mutex::new(store));
    let limit = Arc::new(Semaphore::new(config.enclosures.parallel.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for d in todo {
        let (client, dir, events, limit, store) = (
            client.clone(),
            dir.clone(),
            events.clone(),
            limit.clone(),
            store.clone(),
        );
        tasks.spawn(async move {
            let _permit = limit.acquire_owned().await.ok();
            let result = one(&client, &dir, &d, events.as_ref()).await;
            let recorded = record(store, d.id, &result).await;
            if let Some(tx) = &events {
                let _ = tx.send(DownloadEvent::Finished {
                    id: d.id,
                    name: d.file_name.clone(),
                    result: result.clone().map(|(p, _)| p).map_err(|why| why.say()),
                });
            }
            recorded.map(|()| result.is_ok())
        });
    }
    let mut report = RunReport::default();
    while let Some(joined) = tasks.join_next().await {
        match joined.map_err(|e| LibraryError::Worker(e.to_string()))? {
            Ok(true) => report.done += 1,
            Ok(false) => report.failed += 1,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(report)
}

/// One transfer; progress goes out at most once per percent (and at the ends).
async fn one(
    client: &HttpClient,
    dir: &Path,
    d: &Download,
    events: Option<&UnboundedSender<DownloadEvent>>,
) -> Result<(PathBuf, u64), Phrase> {
    let mut last: Option<u64> = None;
    let mut size = 0;
    let path = transfer::fetch_into(
        client,
        &d.url,
        dir,
        &d.file_name,
        MAX_FILE,
        |p: Progress| {
            size = p.received;
            let step = p.total.map_or(256 * 1024, |t| (t / 100).max(1));
            let previous = last.replace(p.received);
            let due = previous.is_none_or(|prev| p.received / step != prev / step)
                || Some(p.received) == p.total;
            if let (Some(tx), true) = (events, due) {
                let _ = tx.send(DownloadEvent::Progress {
                    id: d.id,
                    name: d.file_name.clone(),
                    received: p.received,
                    total: p.total,
                    resumed_from: p.resumed_from,
                });
            }
        },
    )
    .await
    .map_err(|e| e.explain())?;
    let size = std::fs::metadata(&path).map_or(size, |m| m.len());
    Ok((path, size))
}

async fn record(
    store: Arc<Mutex<Store>>,
    id: DownloadId,
    result: &Result<(PathBuf, u64), Phrase>,
) -> Result<(), StoreError> {
    // The store keeps the English words.
    let result = result.clone().map_err(|why| why.to_string());
    tokio::task::spawn_blocking(move || {
        let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
        match result {
            Ok((path, size)) => store.download_done(id, &path, size),
            Err(e) => store.download_failed(id, &e),
        }
    })
    .await
    .unwrap_or(Ok(()))
}

/// Which of an article's files are on disk: URL → the finished file.
pub fn downloaded(
    store: &Store,
    article: ArticleId,
) -> Result<HashMap<String, PathBuf>, StoreError> {
    Ok(store
        .downloads_of(article)?
        .into_iter()
        .filter(|d| d.state == DownloadState::Done)
        .filter_map(|d| Some((d.url, d.path?)))
        .collect())
}

/// The command line that plays `target` (a file or a URL): `[enclosures] player` split on
/// spaces, `%u` replaced by the target or the target appended; the system's opener when no
/// player is set.
pub fn player_command(player: &str, target: &str) -> Vec<String> {
    let words: Vec<&str> = player.split_whitespace().collect();
    if words.is_empty() {
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else {
            "xdg-open"
        };
        return vec![opener.to_string(), target.to_string()];
    }
    let mut argv: Vec<String> = words.iter().map(|w| w.replace("%u", target)).collect();
    if !player.contains("%u") {
        argv.push(target.to_string());
    }
    argv
}
