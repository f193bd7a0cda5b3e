//! One file fetched to disk, resumably.
//!
//! Bytes go to `NAME.part` in the download directory as they arrive, so whatever stopped the
//! transfer — a dropped connection, a crash, a kill — the bytes already received stay there,
//! and the next attempt asks the server for the rest (`Range: bytes=N-`). A server that
//! ignores the range sends the whole file again and the part is started over; one that says
//! there is nothing past the end (416) while the part has the whole size is done. The file
//! is moved to its final name only once complete, never over an existing file.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::fetch::{FetchError, FileOpen, FileResponse, HttpClient};

use super::names;

/// The largest file griot downloads (16 GiB): a hostile server cannot fill the disk
/// unbounded.
pub const MAX_FILE: u64 = 16 * 1024 * 1024 * 1024;

/// Why a transfer stopped.
#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the file is larger than {} (limit)", super::human_size(*limit))]
    TooLarge { limit: u64 },
    #[error("the server sent more than the {} it announced", super::human_size(*declared))]
    LongerThanDeclared { declared: u64 },
    #[error("the transfer ended after {} of {}", super::human_size(*received), super::human_size(*total))]
    Incomplete { received: u64, total: u64 },
    #[error("no free name for {0} in the download directory")]
    NoName(String),
}

impl crate::i18n::Explain for TransferError {
    fn explain(&self) -> crate::i18n::Phrase {
        use super::human_size;
        use crate::i18n::Phrase;
        match self {
            TransferError::Fetch(e) => e.explain(),
            TransferError::Io { path, source } => Phrase::of("cannot write {}: {}")
                .word(path.display())
                .word(source),
            TransferError::TooLarge { limit } => {
                Phrase::of("the file is larger than {} (limit)").word(human_size(*limit))
            }
            TransferError::LongerThanDeclared { declared } => {
                Phrase::of("the server sent more than the {} it announced")
                    .word(human_size(*declared))
            }
            TransferError::Incomplete { received, total } => {
                Phrase::of("the transfer ended after {} of {}")
                    .word(human_size(*received))
                    .word(human_size(*total))
            }
            TransferError::NoName(name) => {
                Phrase::of("no free name for {} in the download directory").word(name)
            }
        }
    }
}

/// Where a transfer is: bytes on disk so far and the whole size when known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub received: u64,
    pub total: Option<u64>,
    /// Bytes that were already on disk when this attempt started.
    pub resumed_from: u64,
}

/// The `.part` file of a download.
pub fn part_path(dir: &Path, file_name: &str) -> PathBuf {
    dir.join(format!("{file_name}.part"))
}

/// Bytes of a download already on disk (its `.part` file's size).
pub fn bytes_on_disk(dir: &Path, file_name: &str) -> u64 {
    std::fs::metadata(part_path(dir, file_name)).map_or(0, |m| m.len())
}

/// Fetches `url` into `dir/file_name`, resuming from its `.part` file; `progress` is told
/// after each piece written. Returns where the finished file is (a numbered variant of the
/// name when another file took it meanwhile).
pub async fn fetch_into(
    client: &HttpClient,
    url: &str,
    dir: &Path,
    file_name: &str,
    max: u64,
    mut progress: impl FnMut(Progress),
) -> Result<PathBuf, TransferError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| TransferError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let part = part_path(dir, file_name);
    let mut from = bytes_on_disk(dir, file_name);
    let mut response = match client.get_file(url, from).await? {
        FileOpen::PastEnd { total } if total == Some(from) => {
            return finish(dir, file_name, &part);
        }
        FileOpen::PastEnd { .. } => {
            // The part is longer than the file now is: start over.
            from = 0;
            match client.get_file(url, 0).await? {
                FileOpen::Body(r) => r,
                FileOpen::PastEnd { .. } => return finish(dir, file_name, &part),
            }
        }
        FileOpen::Body(r) => r,
    };
    if !response.resumed {
        from = 0;
    }
    let mut file = OpenOptions::new()
        .create(true)
        .write(true)
        .append(from > 0)
        .truncate(from == 0)
        .open(&part)
        .map_err(io(&part))?;
    let received = stream(&mut response, &mut file, &part, from, max, &mut progress).await?;
    file.sync_all().map_err(io(&part))?;
    drop(file);
    if let Some(total) = response.total.filter(|t| received < *t) {
        return Err(TransferError::Incomplete { received, total });
    }
    finish(dir, file_name, &part)
}

/// Writes the body to `file` from offset `from`; returns the bytes on disk at its end.
async fn stream(
    response: &mut FileResponse,
    file: &mut File,
    part: &Path,
    from: u64,
    max: u64,
    progress: &mut impl FnMut(Progress),
) -> Result<u64, TransferError> {
    let total = response.total;
    if total.is_some_and(|t| t > max) {
        return Err(TransferError::TooLarge { limit: max });
    }
    let mut received = from;
    progress(Progress {
        received,
        total,
        resumed_from: from,
    });
    while let Some(chunk) = response.chunk().await? {
        let next = received + chunk.len() as u64;
        if next > max {
            return Err(TransferError::TooLarge { limit: max });
        }
        if let Some(declared) = total.filter(|t| next > *t) {
            return Err(TransferError::LongerThanDeclared { declared });
        }
        file.write_all(&chunk).map_err(|source| TransferError::Io {
            path: part.to_path_buf(),
            source,
        })?;
        received = next;
        progress(Progress {
            received,
            total,
            resumed_from: from,
        });
    }
    Ok(received)
}

/// Moves a complete `.part` to the first free variant of its name (never over a file).
fn finish(dir: &Path, file_name: &str, part: &Path) -> Result<PathBuf, TransferError> {
    for n in 1..1000 {
        let target = dir.join(names::variant(file_name, n));
        // A hard link fails when the target exists: no window for clobbering.
        match std::fs::hard_link(part, &target) {
            Ok(()) => {
                let _ = std::fs::remove_file(part);
                return Ok(target);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) if !target.exists() => {
                // A file system without hard links: a checked rename.
                std::fs::rename(part, &target).map_err(|source| TransferError::Io {
                    path: target.clone(),
                    source,
                })?;
                return Ok(target);
            }
            Err(_) => continue,
        }
    }
    Err(TransferError::NoName(file_name.to_string()))
}
