//! newsboat's `cache.db`: its feeds and cached articles (read state, flags), read without
//! changing a byte of it.
//!
//! The file is recognised by its schema (the tables `rss_feed` and `rss_item`), never by its
//! name. It is opened read-only and read inside one read transaction, so what is imported is
//! one consistent state even if newsboat writes meanwhile; a newsboat still running on it (its
//! `cache.db.lock` names a live process) is refused, as is a file SQLite cannot read.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{TimeZone, Utc};
use rusqlite::{types::ValueRef, Connection, OpenFlags, Row};

use crate::model::ParsedItem;

/// The most kept of an article's content, and of any other text field (hostile caches).
const MAX_CONTENT: usize = 4 << 20;
const MAX_FIELD: usize = 16 << 10;
/// How long to wait for a writer holding the database lock.
const BUSY: Duration = Duration::from_secs(2);

/// Why a cache could not be read. Nothing has been imported when one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("{path}: not a newsboat cache (an SQLite database without newsboat's rss_feed and rss_item tables)")]
    NotNewsboat { path: PathBuf },
    #[error(
        "{path}: newsboat is still running on this cache (process {pid}); quit it and import again"
    )]
    InUse { path: PathBuf, pid: u32 },
    #[error("{path}: the cache is locked by another program; try again when it is done")]
    Locked { path: PathBuf },
    #[error("{path}: the cache cannot be read (damaged?): {reason}")]
    Corrupt { path: PathBuf, reason: String },
}

impl crate::i18n::Explain for CacheError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            CacheError::NotNewsboat { path } => Phrase::of(
                "{}: not a newsboat cache (an SQLite database without newsboat's rss_feed and rss_item tables)",
            )
            .word(path.display()),
            CacheError::InUse { path, pid } => Phrase::of(
                "{}: newsboat is still running on this cache (process {}); quit it and import again",
            )
            .word(path.display())
            .word(pid),
            CacheError::Locked { path } => Phrase::of(
                "{}: the cache is locked by another program; try again when it is done",
            )
            .word(path.display()),
            CacheError::Corrupt { path, reason } => {
                Phrase::of("{}: the cache cannot be read (damaged?): {}")
                    .word(path.display())
                    .word(reason)
            }
        }
    }
}

/// A feed in the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedFeed {
    /// Its address as newsboat fetched it (`rssurl`; may be `exec:` or `filter:`).
    pub url: String,
    pub title: Option<String>,
    pub site_url: Option<String>,
}

/// A cached article.
#[derive(Debug, Clone, PartialEq)]
pub struct CachedArticle {
    pub item: ParsedItem,
    pub read: bool,
    /// newsboat's flag letters (`a`–`z`, `A`–`Z`), one each.
    pub flags: Vec<String>,
}

/// An open cache, inside its read transaction.
pub struct NewsboatCache {
    conn: Connection,
    path: PathBuf,
}

/// Whether a file starts as an SQLite database does.
pub fn is_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == b"SQLite format 3\0"
}

impl NewsboatCache {
    /// Opens the cache read-only and checks that newsboat wrote it.
    pub fn open(path: &Path) -> Result<NewsboatCache, CacheError> {
        if let Some(pid) = running_newsboat(path) {
            return Err(CacheError::InUse {
                path: path.to_path_buf(),
                pid,
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| classify(path, e))?;
        let cache = NewsboatCache {
            conn,
            path: path.to_path_buf(),
        };
        cache.conn.busy_timeout(BUSY).map_err(|e| cache.error(e))?;
        cache
            .conn
            .execute_batch("PRAGMA query_only = 1; BEGIN")
            .map_err(|e| cache.error(e))?;
        let tables: Vec<String> = cache
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(|e| cache.error(e))?;
        if !["rss_feed", "rss_item"]
            .iter()
            .all(|t| tables.iter().any(|n| n == t))
        {
            return Err(CacheError::NotNewsboat {
                path: path.to_path_buf(),
            });
        }
        Ok(cache)
    }

    fn error(&self, e: rusqlite::Error) -> CacheError {
        classify(&self.path, e)
    }

    /// Every feed, in newsboat's order of addresses.
    pub fn feeds(&self) -> Result<Vec<CachedFeed>, CacheError> {
        let mut stmt = self
            .conn
            .prepare("SELECT rssurl, title, url FROM rss_feed ORDER BY rowid")
            .map_err(|e| self.error(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(CachedFeed {
                    url: text(r, 0, MAX_FIELD).trim().to_string(),
                    title: Some(text(r, 1, MAX_FIELD)).filter(|t| !t.trim().is_empty()),
                    site_url: Some(text(r, 2, MAX_FIELD)).filter(|t| !t.trim().is_empty()),
                })
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.error(e))?;
        Ok(rows.into_iter().filter(|f| !f.url.is_empty()).collect())
    }

    /// How many articles the cache holds (deleted ones aside), for a progress bar.
    pub fn article_count(&self) -> Result<u64, CacheError> {
        self.conn
            .query_row("SELECT count(*) FROM rss_item WHERE deleted = 0", [], |r| {
                r.get::<_, i64>(0)
            })
            .map(|n| n.max(0) as u64)
            .map_err(|e| self.error(e))
    }

    /// A feed's articles, newest first (articles newsboat was told to delete are left out).
    /// The `+` keeps SQLite on the feed's index (`idx_feedurl`) rather than `idx_deleted`,
    /// which would read every article of the cache for each feed.
    pub fn articles(&self, feed_url: &str) -> Result<Vec<CachedArticle>, CacheError> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT guid, title, author, url, pubDate, content, unread, coalesce(flags, ''),
                    enclosure_url, enclosure_type
                 FROM rss_item WHERE feedurl = ?1 AND +deleted = 0 ORDER BY pubDate DESC, id DESC",
            )
            .map_err(|e| self.error(e))?;
        let rows = stmt
            .query_map([feed_url], article_from_row)
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| self.error(e))?;
        Ok(rows)
    }
}

fn article_from_row(r: &Row<'_>) -> rusqlite::Result<CachedArticle> {
    let guid = Some(text(r, 0, MAX_FIELD)).filter(|g| !g.trim().is_empty());
    let title = text(r, 1, MAX_FIELD);
    let author = Some(text(r, 2, MAX_FIELD)).filter(|a| !a.trim().is_empty());
    let link = Some(text(r, 3, MAX_FIELD)).filter(|l| !l.trim().is_empty());
    let date = r
        .get::<_, Option<i64>>(4)
        .ok()
        .flatten()
        .filter(|&t| t > 0)
        .and_then(|t| Utc.timestamp_opt(t, 0).single());
    let content = Some(text(r, 5, MAX_CONTENT)).filter(|c| !c.trim().is_empty());
    let unread = r.get::<_, Option<i64>>(6).ok().flatten().unwrap_or(1) != 0;
    let mut flags: Vec<String> = Vec::new();
    for c in text(r, 7, 256).chars().filter(char::is_ascii_alphabetic) {
        let flag = c.to_string();
        if !flags.contains(&flag) {
            flags.push(flag);
        }
    }
    flags.sort();
    let uid = ParsedItem::identity(guid.as_deref(), link.as_deref(), &title, date);
    // A podcast's episode: newsboat keeps one file per article.
    let enclosure = crate::model::Enclosure {
        url: text(r, 8, MAX_FIELD),
        mime: Some(text(r, 9, MAX_FIELD)).filter(|m| !m.trim().is_empty()),
        length: None,
        title: None,
    };
    let enclosures = crate::model::usable_enclosures(vec![enclosure], MAX_FIELD);
    let image = enclosures
        .iter()
        .find(|e| e.is_image())
        .map(|e| e.url.clone());
    Ok(CachedArticle {
        item: ParsedItem {
            uid,
            guid,
            link,
            title,
            author,
            published: date,
            updated: None,
            summary_html: None,
            content_html: content,
            enclosures,
            image,
        },
        read: !unread,
        flags,
    })
}

/// A text column as text whatever SQLite holds (invalid UTF-8 replaced, numbers written out),
/// cut to `max` bytes on a character boundary.
fn text(r: &Row<'_>, i: usize, max: usize) -> String {
    let mut s = match r.get_ref(i) {
        Ok(ValueRef::Text(b)) | Ok(ValueRef::Blob(b)) => {
            String::from_utf8_lossy(&b[..b.len().min(max + 4)]).into_owned()
        }
        Ok(ValueRef::Integer(n)) => n.to_string(),
        Ok(ValueRef::Real(x)) => x.to_string(),
        _ => String::new(),
    };
    if s.len() > max {
        let mut cut = max;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
    }
    if s.contains('\0') {
        s.retain(|c| c != '\0');
    }
    s
}

fn classify(path: &Path, e: rusqlite::Error) -> CacheError {
    use rusqlite::ErrorCode;
    let path = path.to_path_buf();
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => CacheError::Locked { path },
        Some(ErrorCode::NotADatabase) => CacheError::NotNewsboat { path },
        _ => CacheError::Corrupt {
            path,
            reason: e.to_string(),
        },
    }
}

/// The process newsboat's lock file (`cache.db.lock`) names, when it is still running.
fn running_newsboat(path: &Path) -> Option<u32> {
    let mut lock = path.as_os_str().to_owned();
    lock.push(".lock");
    let text = std::fs::read_to_string(PathBuf::from(lock)).ok()?;
    let pid: u32 = text.trim().parse().ok()?;
    alive(pid).then_some(pid)
}

#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 checks that the process exists without touching it.
    pid > 0 && unsafe { libc::kill(pid, 0) } == 0
}

#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    false
}
