//! The pictures of bookmarked articles, kept in the data directory so they show offline.
//!
//! Layout of the directory (`images/` beside the database):
//! - `files/<hash>`: one picture — its address on the first line, then its bytes as fetched
//!   (so a hash collision is noticed, not shown as the wrong picture);
//! - `articles/<id>`: the addresses of an article's kept pictures, one a line.
//!
//! [`DiskCache::tidy`] keeps the whole within its size: files no article lists go at once
//! (the article was removed by retention or with its feed), then, while over the bound, the
//! oldest files of articles no longer bookmarked, then the oldest of all.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::model::ArticleId;

/// The cache's disk went wrong.
#[derive(Debug, thiserror::Error)]
#[error("the picture cache at {path}: {source}")]
pub struct CacheError {
    pub path: PathBuf,
    #[source]
    pub source: std::io::Error,
}

impl crate::i18n::Explain for CacheError {
    fn explain(&self) -> crate::i18n::Phrase {
        crate::i18n::Phrase::of("the picture cache at {}: {}")
            .word(self.path.display())
            .word(&self.source)
    }
}

/// What a tidy removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TidyReport {
    /// Picture files removed.
    pub removed: usize,
    /// Bytes the cache holds afterwards.
    pub bytes: u64,
}

/// The on-disk picture cache.
#[derive(Debug, Clone)]
pub struct DiskCache {
    dir: PathBuf,
    max_bytes: u64,
}

/// What the store says of an article listed in the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Gone from the store.
    Gone,
    /// Still there, bookmarked or not.
    Kept { bookmarked: bool },
}

fn io_err(path: &Path) -> impl FnOnce(std::io::Error) -> CacheError + '_ {
    move |source| CacheError {
        path: path.to_path_buf(),
        source,
    }
}

/// A stable name for an address (FNV-1a, 64 bits).
fn file_name(url: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in url.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl DiskCache {
    /// The cache beside a database (`<data dir>/images`), bounded to `max_bytes`.
    pub fn beside(database: &Path, max_bytes: u64) -> DiskCache {
        DiskCache {
            dir: database.with_file_name("images"),
            max_bytes,
        }
    }

    /// The directory it lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn file(&self, url: &str) -> PathBuf {
        self.dir.join("files").join(file_name(url))
    }

    fn manifest(&self, id: ArticleId) -> PathBuf {
        self.dir.join("articles").join(id.0.to_string())
    }

    /// The kept bytes of the picture at `url`, if any.
    pub fn get(&self, url: &str) -> Option<Vec<u8>> {
        let mut data = std::fs::read(self.file(url)).ok()?;
        let nl = memchr::memchr(b'\n', &data)?;
        if &data[..nl] != url.as_bytes() {
            return None;
        }
        data.drain(..=nl);
        Some(data)
    }

    /// Keeps the picture at `url` for `article` (written aside, then moved in place).
    pub fn put(&self, article: ArticleId, url: &str, bytes: &[u8]) -> Result<(), CacheError> {
        if url.contains('\n') {
            return Ok(());
        }
        let path = self.file(url);
        let files = self.dir.join("files");
        std::fs::create_dir_all(&files).map_err(io_err(&files))?;
        if self.get(url).is_none() {
            let tmp = path.with_extension("part");
            let mut f = std::fs::File::create(&tmp).map_err(io_err(&tmp))?;
            f.write_all(url.as_bytes())
                .and_then(|()| f.write_all(b"\n"))
                .and_then(|()| f.write_all(bytes))
                .map_err(io_err(&tmp))?;
            drop(f);
            std::fs::rename(&tmp, &path).map_err(io_err(&path))?;
        }
        self.list_for(article, url)
    }

    fn list_for(&self, article: ArticleId, url: &str) -> Result<(), CacheError> {
        let path = self.manifest(article);
        let dir = self.dir.join("articles");
        std::fs::create_dir_all(&dir).map_err(io_err(&dir))?;
        let listed = std::fs::read_to_string(&path).unwrap_or_default();
        if listed.lines().any(|l| l == url) {
            return Ok(());
        }
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(io_err(&path))?;
        writeln!(f, "{url}").map_err(io_err(&path))
    }

    /// The articles the cache keeps pictures for.
    pub fn articles(&self) -> Vec<ArticleId> {
        let Ok(entries) = std::fs::read_dir(self.dir.join("articles")) else {
            return Vec::new();
        };
        entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
            .map(ArticleId)
            .collect()
    }

    /// Drops what no article wants, then the least wanted while over the bound. `standing`
    /// says, for each article the cache lists, whether it is still there and bookmarked.
    pub fn tidy(&self, standing: &HashMap<ArticleId, Standing>) -> Result<TidyReport, CacheError> {
        // File name → whether a bookmarked article lists it.
        let mut wanted: HashMap<String, bool> = HashMap::new();
        for id in self.articles() {
            let path = self.manifest(id);
            match standing.get(&id).copied().unwrap_or(Standing::Gone) {
                Standing::Gone => {
                    std::fs::remove_file(&path).map_err(io_err(&path))?;
                }
                Standing::Kept { bookmarked } => {
                    let listed = std::fs::read_to_string(&path).unwrap_or_default();
                    for url in listed.lines() {
                        *wanted.entry(file_name(url)).or_default() |= bookmarked;
                    }
                }
            }
        }
        let mut report = TidyReport::default();
        let mut kept: Vec<(bool, SystemTime, u64, PathBuf)> = Vec::new();
        let files = self.dir.join("files");
        let Ok(entries) = std::fs::read_dir(&files) else {
            return Ok(report);
        };
        let mut seen = HashSet::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            match wanted.get(&name) {
                Some(&bookmarked) if seen.insert(name) => {
                    let meta = entry.metadata().map_err(io_err(&path))?;
                    let age = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                    kept.push((bookmarked, age, meta.len(), path));
                }
                _ => {
                    std::fs::remove_file(&path).map_err(io_err(&path))?;
                    report.removed += 1;
                }
            }
        }
        let mut total: u64 = kept.iter().map(|k| k.2).sum();
        // Not bookmarked before bookmarked, then oldest first.
        kept.sort_by_key(|k| (k.0, k.1));
        for (_, _, len, path) in kept {
            if total <= self.max_bytes {
                break;
            }
            std::fs::remove_file(&path).map_err(io_err(&path))?;
            total -= len;
            report.removed += 1;
        }
        report.bytes = total;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(dir: &Path, max: u64) -> DiskCache {
        DiskCache::beside(&dir.join("griot.db"), max)
    }

    #[test]
    fn a_kept_picture_comes_back_and_only_for_its_address() {
        let dir = tempfile::tempdir().unwrap();
        let c = cache(dir.path(), 1 << 20);
        c.put(ArticleId(1), "http://127.0.0.1/a.jpg", b"JPEG")
            .unwrap();
        assert_eq!(
            c.get("http://127.0.0.1/a.jpg").as_deref(),
            Some(&b"JPEG"[..])
        );
        assert_eq!(c.get("http://127.0.0.1/b.jpg"), None);
    }

    #[test]
    fn pictures_of_removed_articles_go() {
        let dir = tempfile::tempdir().unwrap();
        let c = cache(dir.path(), 1 << 20);
        c.put(ArticleId(1), "http://127.0.0.1/a.jpg", b"A").unwrap();
        c.put(ArticleId(2), "http://127.0.0.1/b.jpg", b"B").unwrap();
        let standing = HashMap::from([(ArticleId(2), Standing::Kept { bookmarked: true })]);
        let report = c.tidy(&standing).unwrap();
        assert_eq!(report.removed, 1);
        assert_eq!(c.get("http://127.0.0.1/a.jpg"), None);
        assert!(c.get("http://127.0.0.1/b.jpg").is_some());
        assert_eq!(c.articles(), vec![ArticleId(2)]);
    }

    #[test]
    fn over_the_bound_an_unbookmarked_article_s_picture_goes_first() {
        let dir = tempfile::tempdir().unwrap();
        // Each file is its address, a newline and 1000 bytes: two fit, three do not.
        let c = cache(dir.path(), 2100);
        let body = vec![7u8; 1000];
        c.put(ArticleId(1), "u1", &body).unwrap();
        c.put(ArticleId(2), "u2", &body).unwrap();
        c.put(ArticleId(3), "u3", &body).unwrap();
        let standing = HashMap::from([
            (ArticleId(1), Standing::Kept { bookmarked: true }),
            (ArticleId(2), Standing::Kept { bookmarked: false }),
            (ArticleId(3), Standing::Kept { bookmarked: true }),
        ]);
        let report = c.tidy(&standing).unwrap();
        assert_eq!(report.removed, 1);
        assert!(c.get("u1").is_some() && c.get("u3").is_some());
        assert_eq!(c.get("u2"), None);
    }
}
