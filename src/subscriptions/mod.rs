//! Subscription lists in and out: OPML 1.0/2.0 and newsboat's `urls` file.
//!
//! Import reads a whole file into [`NewFeed`]s before anything touches the store, so a
//! malformed file changes nothing; the store then adds them in one transaction.

pub mod newsboat_cache;
mod opml_format;
mod urls_format;

use std::path::{Path, PathBuf};

use crate::model::Feed;
use crate::store::NewFeed;

pub use opml_format::{export_opml, parse_opml};
pub use urls_format::parse_urls;

/// Why a subscription file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: not valid OPML: {message}")]
    Opml { path: PathBuf, message: String },
    #[error("{path}:{line}: {message}")]
    Line {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: no feeds found (expected OPML, a newsboat urls file or a newsboat cache.db)")]
    Empty { path: PathBuf },
}

impl crate::i18n::Explain for ImportError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            ImportError::Read { path, source } => Phrase::of("cannot read {}: {}")
                .word(path.display())
                .word(source),
            ImportError::Opml { path, message } => Phrase::of("{}: not valid OPML: {}")
                .word(path.display())
                .word(message),
            ImportError::Line {
                path,
                line,
                message,
            } => Phrase::of("{}:{}: {}")
                .word(path.display())
                .word(line)
                .word(message),
            ImportError::Empty { path } => Phrase::of(
                "{}: no feeds found (expected OPML, a newsboat urls file or a newsboat cache.db)",
            )
            .word(path.display()),
        }
    }
}

/// Reads a subscription file, detecting its format from its content.
pub fn read_file(path: &Path) -> Result<Vec<NewFeed>, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8_lossy(&bytes);
    let feeds = parse(&text, path)?;
    // An OPML document without feeds is an export of an empty list: nothing to add.
    if feeds.is_empty() && !is_opml(&text) {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }
    Ok(feeds)
}

/// Whether subscription text is OPML (it looks like XML) rather than a `urls` file.
pub fn is_opml(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
}

/// Parses subscription text: OPML when it looks like XML, else newsboat `urls`.
pub fn parse(text: &str, path: &Path) -> Result<Vec<NewFeed>, ImportError> {
    if is_opml(text) {
        parse_opml(text, path)
    } else {
        parse_urls(text, path)
    }
}

/// Checks that griot can fetch from a URL: http(s), file, a path, or `exec:`.
pub fn check_url(url: &str) -> Result<(), String> {
    let url = url.trim();
    if url.is_empty() {
        return Err("empty URL".into());
    }
    if let Some(rest) = url.strip_prefix("filter:") {
        return match rest.split_once(':') {
            Some((script, feed)) if !script.trim().is_empty() => {
                check_url(feed).and_then(|()| match feed.trim().starts_with("http") {
                    true => Ok(()),
                    false => Err(format!("filter: takes an http(s) feed, not `{feed}`")),
                })
            }
            _ => Err(format!("expected filter:SCRIPT:URL, not `{url}`")),
        };
    }
    if url.starts_with("exec:")
        || url.starts_with('/')
        || url.starts_with("./")
        || url.starts_with("~/")
    {
        return Ok(());
    }
    match url::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https" | "file") => Ok(()),
        Ok(u) => Err(format!(
            "unsupported URL scheme `{}:` in {url} (use http, https, file or exec)",
            u.scheme()
        )),
        Err(e) => Err(format!("invalid URL `{url}`: {e}")),
    }
}

/// The feeds as a flat newsboat-compatible `urls` list (for users moving back and forth).
pub fn export_urls(feeds: &[Feed]) -> String {
    urls_format::export_urls(feeds)
}
