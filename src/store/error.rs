//! Errors from the store, typed so callers can tell a busy database from a broken one.

use std::path::{Path, PathBuf};

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database {path}: {source}")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("database {path}: {source}")]
    AtPath {
        path: PathBuf,
        #[source]
        source: Box<StoreError>,
    },
    #[error(
        "the database is from a newer griot (schema {found}, this griot knows up to {supported})"
    )]
    TooNew { found: u32, supported: u32 },
    #[error("database integrity check failed: {0}")]
    Corrupt(String),
    #[error("no feed matches `{0}` (give a feed id or its URL)")]
    NoSuchFeed(String),
    #[error("no article with id {0}")]
    NoSuchArticle(i64),
    #[error("invalid search: {0}")]
    BadQuery(String),
    #[error("the data directory is read-only or full: {0}")]
    ReadOnly(String),
    #[error("a write in the same batch failed; the batch was not kept")]
    BatchRolledBack,
    #[error("{0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ffi::ErrorCode;
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            if matches!(
                f.code,
                ErrorCode::ReadOnly | ErrorCode::DiskFull | ErrorCode::CannotOpen
            ) {
                return StoreError::ReadOnly(e.to_string());
            }
        }
        StoreError::Sqlite(e)
    }
}

impl crate::i18n::Explain for StoreError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            StoreError::Open { path, source } => Phrase::of("database {}: {}")
                .word(path.display())
                .word(source),
            StoreError::Io { path, source } => {
                Phrase::of("{}: {}").word(path.display()).word(source)
            }
            StoreError::AtPath { path, source } => Phrase::of("database {}: {}")
                .word(path.display())
                .cause(source.as_ref()),
            StoreError::TooNew { found, supported } => Phrase::of(
                "the database is from a newer griot (schema {}, this griot knows up to {})",
            )
            .word(found)
            .word(supported),
            StoreError::Corrupt(why) => Phrase::of("database integrity check failed: {}").word(why),
            StoreError::NoSuchFeed(feed) => {
                Phrase::of("no feed matches `{}` (give a feed id or its URL)").word(feed)
            }
            StoreError::NoSuchArticle(id) => Phrase::of("no article with id {}").word(id),
            StoreError::BadQuery(why) => Phrase::of("invalid search: {}").word(why),
            StoreError::ReadOnly(why) => {
                Phrase::of("the data directory is read-only or full: {}").word(why)
            }
            StoreError::BatchRolledBack => {
                Phrase::of("a write in the same batch failed; the batch was not kept")
            }
            StoreError::Sqlite(e) => Phrase::verbatim(e.to_string()),
        }
    }
}

impl StoreError {
    pub(crate) fn open(path: &Path, source: rusqlite::Error) -> Self {
        StoreError::Open {
            path: path.to_path_buf(),
            source,
        }
    }

    pub(crate) fn with_path(self, path: &Path) -> Self {
        match self {
            e @ (StoreError::Open { .. } | StoreError::Io { .. } | StoreError::AtPath { .. }) => e,
            other => StoreError::AtPath {
                path: path.to_path_buf(),
                source: Box::new(other),
            },
        }
    }

    /// True when another process held the database longer than the busy timeout.
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(f, _)) => matches!(
                f.code,
                rusqlite::ffi::ErrorCode::DatabaseBusy | rusqlite::ffi::ErrorCode::DatabaseLocked
            ),
            StoreError::AtPath { source, .. } => source.is_busy(),
            _ => false,
        }
    }
}
