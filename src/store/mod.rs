//! The SQLite store: the only place griot keeps state.
//!
//! One database file holds subscriptions, articles (with their read and bookmark state and
//! extracted full text) and the search index. It is opened in WAL mode with foreign keys and a
//! busy timeout, so a running TUI and a `griot refresh` from cron can share it: readers never
//! block the writer, writers wait for each other instead of failing with "database is locked".
//!
//! Every change that touches more than one row runs in a transaction, so a crash or a kill
//! leaves the database either before or after the change, never half-way. The schema is
//! versioned ([`migrations`]) from the first release.
//!
//! [`Store`] is `Send` but not `Sync`: give each thread its own, or funnel writes through one
//! writer thread and open read-only stores for queries.

mod articles;
mod codec;
mod downloads;
mod error;
mod feeds;
mod fetch_support;
mod filtering;
mod fold;
mod import;
mod index;
mod media;
pub mod migrations;
mod rank;
mod retention;
mod search;
#[cfg(test)]
pub(crate) mod steps;
mod sync;
mod text;

use std::path::Path;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{Connection, OpenFlags};

pub use articles::{ArticleFilter, ArticleQuery, BulkChange, MarkOutcome};
pub use downloads::{NewDownload, Queued};
pub use error::StoreError;
pub use feeds::{
    AddOutcome, ApplyStats, FeedUpdate, ImportReport, NewFeed, PreparedUpdate, RemoveReport,
};
pub use filtering::SweepReport;
pub use import::{ArchiveImport, ArchiveReport, ArchivedArticle, ArchivedFeed};
pub use retention::{PruneReport, RetentionPolicy};
pub use search::{SavedSearch, SearchHit, SearchQuery, Term};
pub use sync::{
    ChangeKind, QueuedChange, RemoteEntry, RemoteFeed, RemoteState, SubscriptionChanges,
};
pub use text::html_to_text;

/// How long a writer waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);
/// SQLite's page cache per connection, in KiB, as opened (see [`Store::set_cache_kib`]).
pub const CACHE_KIB: u32 = 8000;
/// The page size of a new database, in bytes.
const PAGE_SIZE: u32 = 8192;
/// `PRAGMA auto_vacuum`'s value for INCREMENTAL.
const AUTO_VACUUM_INCREMENTAL: i64 = 2;

/// An open database.
pub struct Store {
    conn: Connection,
    /// A batch is open ([`Store::begin_batch`]): each write joins its transaction.
    batch: bool,
    /// A write of the open batch failed or was abandoned: the batch must be rolled back.
    batch_failed: std::cell::Cell<bool>,
    /// Filter rules new articles are judged by as they are stored.
    ingest: Option<std::sync::Arc<crate::filter::RuleSet>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.conn.path())
            .finish()
    }
}

/// [`Store::upgrade_due`] on a connection already open on `path`.
fn upgrade_due_on(conn: &Connection, path: &Path, min_bytes: u64) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() >= min_bytes && m.len() > 0)
        && migrations::version(conn).is_ok_and(|v| v > 0 && v < migrations::LATEST)
}

/// A write in progress: its own transaction, or a part of the store's open batch
/// ([`Store::begin_batch`]). [`WriteTx::commit`] keeps it; dropped without it, its own
/// transaction is rolled back, and a part of a batch marks the batch to be rolled back whole
/// (SQLite cannot undo the part alone without a savepoint, whose journal of every page it
/// touches cost a refresh more memory than the batch saved).
pub(crate) enum WriteTx<'a> {
    Own(rusqlite::Transaction<'a>),
    InBatch(BatchPart<'a>),
}

/// A write inside the open batch: see [`WriteTx`].
pub(crate) struct BatchPart<'a> {
    conn: &'a Connection,
    failed: &'a std::cell::Cell<bool>,
    kept: bool,
}

impl Drop for BatchPart<'_> {
    fn drop(&mut self) {
        if !self.kept {
            self.failed.set(true);
        }
    }
}

impl WriteTx<'_> {
    /// Keeps the write: commits its transaction, or leaves it to the batch's commit.
    pub(crate) fn commit(self) -> rusqlite::Result<()> {
        match self {
            WriteTx::Own(tx) => tx.commit(),
            WriteTx::InBatch(mut part) => {
                part.kept = true;
                Ok(())
            }
        }
    }
}

impl std::ops::Deref for WriteTx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        match self {
            WriteTx::Own(tx) => tx,
            WriteTx::InBatch(part) => part.conn,
        }
    }
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Self::open_announcing_upgrade(path, u64::MAX, || {})
    }

    /// [`Store::open`], calling `announce` first when it is about to bring an existing archive
    /// of at least `min_bytes` up to this version (see [`Store::upgrade_due`]), so a caller can
    /// say why it waits.
    pub fn open_announcing_upgrade(
        path: &Path,
        min_bytes: u64,
        announce: impl FnOnce(),
    ) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
        }
        let conn = Connection::open(path).map_err(|e| StoreError::open(path, e))?;
        // SQLite quietly falls back to read-only for a write-protected file; every write
        // would then fail one by one (a refresh would fetch every feed for nothing). Say
        // so once, up front: callers that only read use `open_read_only`.
        if conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
            return Err(
                StoreError::ReadOnly("the database file is read-only".into()).with_path(path),
            );
        }
        let mut store = Self::setup(conn, false).map_err(|e| e.with_path(path))?;
        if upgrade_due_on(&store.conn, path, min_bytes) {
            announce();
        }
        migrations::migrate(&mut store.conn).map_err(|e| e.with_path(path))?;
        Ok(store)
    }

    /// Whether [`Store::open`] will first bring an existing archive of at least `min_bytes` up
    /// to this version of griot. A migration may read the whole archive once (the search
    /// index's terms: about a second per 100,000 articles), so a caller can say why it waits.
    /// Any doubt (no file, a file SQLite cannot read) reads as `false`: opening will say more.
    pub fn upgrade_due(path: &Path, min_bytes: u64) -> bool {
        Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .is_ok_and(|conn| upgrade_due_on(&conn, path, min_bytes))
    }

    /// Opens an existing database for queries only (no migrations, no writes).
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| StoreError::open(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "query_only", true)?;
        rank::register(&conn)?;
        let store = Store {
            conn,
            ingest: None,
            batch: false,
            batch_failed: std::cell::Cell::new(false),
        };
        store.check_version()?;
        Ok(store)
    }

    /// A private in-memory database, for tests and `--demo`.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Self::setup(Connection::open_in_memory()?, true)
    }

    fn setup(conn: Connection, migrate: bool) -> Result<Store, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // A new database gets 8 KiB pages: rows of about 2 KB (compressed bodies inline) fill
        // them better than 4 KiB ones (3.5 % smaller). An existing one keeps its page size
        // (WAL mode cannot change it), so this only applies before the first write.
        conn.pragma_update(None, "page_size", PAGE_SIZE)?;
        // Pages freed by merging the search index go back to the file system
        // ([`Store::optimize_index`]); an existing database takes this up at its next VACUUM.
        // Only when it is not already so: setting it on a database that has it rewrites the
        // header in a write transaction, which made every command, even `list`, write and
        // sync the file.
        let auto_vacuum: i64 = conn.pragma_query_value(None, "auto_vacuum", |r| r.get(0))?;
        if auto_vacuum != AUTO_VACUUM_INCREMENTAL {
            conn.pragma_update(None, "auto_vacuum", "INCREMENTAL")?;
        }
        // WAL lets readers and one writer work at once; NORMAL is durable across
        // application crashes (only an OS crash can lose the last transactions).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.pragma_update(None, "cache_size", -i64::from(CACHE_KIB))?;
        conn.set_prepared_statement_cache_capacity(64);
        rank::register(&conn)?;
        let mut store = Store {
            conn,
            ingest: None,
            batch: false,
            batch_failed: std::cell::Cell::new(false),
        };
        if migrate {
            migrations::migrate(&mut store.conn)?;
        }
        Ok(store)
    }

    fn check_version(&self) -> Result<(), StoreError> {
        let v = migrations::version(&self.conn)?;
        if v > migrations::LATEST {
            return Err(StoreError::TooNew {
                found: v,
                supported: migrations::LATEST,
            });
        }
        Ok(())
    }

    /// Starts a write transaction that takes the write lock up front (`BEGIN IMMEDIATE`), or,
    /// inside a batch ([`Store::begin_batch`]), a part of the batch's transaction.
    ///
    /// A deferred transaction that reads and then writes cannot wait for the lock once another
    /// process has committed since its read: SQLite fails it at once with "database is
    /// locked" (`SQLITE_BUSY`), busy timeout or not. Taking the lock first makes every writer
    /// wait its turn (up to the busy timeout) instead, so a refresh and the reader marking
    /// articles read never lose a change to each other.
    ///
    /// Inside a batch that a failed write has spoiled (or that SQLite has rolled back by
    /// itself after an error), nothing more joins it: [`StoreError::BatchRolledBack`].
    pub(crate) fn write_tx(&mut self) -> Result<WriteTx<'_>, StoreError> {
        if self.batch {
            if self.batch_failed.get() || self.conn.is_autocommit() {
                self.batch_failed.set(true);
                return Err(StoreError::BatchRolledBack);
            }
            return Ok(WriteTx::InBatch(BatchPart {
                conn: &self.conn,
                failed: &self.batch_failed,
                kept: false,
            }));
        }
        Ok(self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map(WriteTx::Own)?)
    }

    /// Opens a batch: one write transaction (`BEGIN IMMEDIATE`) that the writes after it
    /// join, until [`Store::commit_batch`]. Opening a batch inside one does nothing.
    ///
    /// A refresh stores many feeds in one batch. Each commit writes every page its
    /// transaction changed to the write-ahead log, and the feeds of a refresh change the same
    /// index pages, so fewer commits write fewer pages: a cold refresh of 1,000 feeds took
    /// about a fifth less time (`benches/PROFILING.md`). The batch holds the write lock while
    /// it is open, so its owner keeps it short. A write that fails inside it spoils the whole
    /// batch, which is then rolled back: only a failure of the database itself does that.
    pub fn begin_batch(&mut self) -> Result<(), StoreError> {
        if !self.batch {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.batch = true;
            self.batch_failed.set(false);
        }
        Ok(())
    }

    /// Ends the open batch (nothing when none is open): commits it, or rolls it back and
    /// says [`StoreError::BatchRolledBack`] when one of its writes failed. When the commit
    /// itself fails, the batch is rolled back too: none of its writes were kept.
    pub fn commit_batch(&mut self) -> Result<(), StoreError> {
        if !std::mem::replace(&mut self.batch, false) {
            return Ok(());
        }
        if self.batch_failed.replace(false) {
            // SQLite may have rolled it back already, after the error that spoiled it.
            if !self.conn.is_autocommit() {
                self.conn.execute_batch("ROLLBACK")?;
            }
            return Err(StoreError::BatchRolledBack);
        }
        if let Err(e) = self.conn.execute_batch("COMMIT") {
            if !self.conn.is_autocommit() {
                let _ = self.conn.execute_batch("ROLLBACK");
            }
            return Err(e.into());
        }
        Ok(())
    }

    /// The schema version of this database.
    pub fn schema_version(&self) -> Result<u32, StoreError> {
        migrations::version(&self.conn)
    }

    /// Runs SQLite's own consistency check; `Ok(())` when the database is sound.
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if result == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt(result))
        }
    }

    /// Merges the search index into one segment (searches read fewer posting lists), then
    /// checkpoints the WAL and rebuilds the file to reclaim free pages.
    pub fn compact(&mut self) -> Result<(), StoreError> {
        self.optimize_index()?;
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); VACUUM;")?;
        self.set_meta("last_compact", &Utc::now().timestamp().to_string())?;
        Ok(())
    }

    /// The cap of SQLite's page cache of this connection, in KiB.
    pub fn cache_kib(&self) -> Result<u32, StoreError> {
        let size: i64 = self
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))?;
        // Negative: KiB; positive: pages.
        if size < 0 {
            return Ok(size.unsigned_abs() as u32);
        }
        let page: i64 = self
            .conn
            .pragma_query_value(None, "page_size", |r| r.get(0))?;
        Ok((size * page / 1024) as u32)
    }

    /// Caps SQLite's page cache of this connection at `kib` KiB ([`CACHE_KIB`] when opened).
    ///
    /// The refresh writer only appends: the pages it has written are seldom read again, so
    /// a small cache costs it little time and spares the memory of a full one.
    pub fn set_cache_kib(&self, kib: u32) -> Result<(), StoreError> {
        self.conn
            .pragma_update(None, "cache_size", -i64::from(kib.max(64)))?;
        Ok(())
    }

    /// Runs `work` with the page cache capped at `kib` KiB (or at the cap as it is, when that
    /// is smaller), then gives the cap back. Lowering the cap frees cached pages at once (the
    /// oldest of the pool SQLite shares among a process's connections); raising it again
    /// allocates nothing until pages are read.
    pub(crate) fn with_cache_cap<T>(
        &self,
        kib: u32,
        work: impl FnOnce(&Self) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let cap = self.cache_kib()?;
        if cap <= kib {
            return work(self);
        }
        self.set_cache_kib(kib)?;
        let result = work(self);
        let restored = self.set_cache_kib(cap);
        let value = result?;
        restored?;
        Ok(value)
    }

    /// The bytes SQLite's page cache of this connection holds now.
    #[cfg(test)]
    pub(crate) fn cache_used_bytes(&self) -> i64 {
        let (mut current, mut high) = (0, 0);
        // SAFETY: the handle is this open connection's, used on its own thread, and the
        // call only reads a counter into the two integers given.
        let rc = unsafe {
            rusqlite::ffi::sqlite3_db_status(
                self.conn.handle(),
                rusqlite::ffi::SQLITE_DBSTATUS_CACHE_USED,
                &mut current,
                &mut high,
                0,
            )
        };
        assert_eq!(rc, rusqlite::ffi::SQLITE_OK);
        i64::from(current)
    }

    /// A small key/value table for bookkeeping (last compaction, first-run flags…).
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// Sets a bookkeeping value.
    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// A number that changes whenever any connection commits a change to the database.
    ///
    /// The TUI polls it cheaply to notice a `griot refresh` run from cron.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}

/// Reads a count column (SQLite integers are signed).
pub(crate) fn count(r: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<u64> {
    r.get::<_, i64>(idx).map(|n| n.max(0) as u64)
}

/// Seconds since the epoch, as stored.
pub(crate) fn to_ts(t: DateTime<Utc>) -> i64 {
    t.timestamp()
}

/// A stored timestamp back as a date; out-of-range values become `None`.
pub(crate) fn from_ts(t: Option<i64>) -> Option<DateTime<Utc>> {
    t.and_then(|s| Utc.timestamp_opt(s, 0).single())
}

#[cfg(test)]
mod disk_tests;
#[cfg(test)]
mod tests;
