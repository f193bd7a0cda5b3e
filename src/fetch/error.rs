//! Why a fetch failed, in words a user understands: each variant prints as one line
//! ("could not resolve host example.org", "HTTP 404 Not Found", "timed out after 60 s").

use chrono::{DateTime, Utc};

use super::parse::ParseError;
use crate::i18n::{Explain, Phrase};

/// A failed fetch of one feed or page. Displays as a single line.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The location is not a URL, path or `exec:` command griot understands.
    #[error("invalid URL {url}: {reason}")]
    InvalidUrl { url: String, reason: String },
    /// A URL whose scheme griot cannot fetch (e.g. `ftp:`).
    #[error("unsupported URL scheme \"{scheme}\" (use http, https, file or exec:)")]
    UnsupportedScheme { scheme: String },
    /// The host name does not resolve.
    #[error("could not resolve host {host} (DNS failure)")]
    Dns { host: String },
    /// Nothing listens at the address.
    #[error("connection refused by {host}")]
    ConnectionRefused { host: String },
    /// Another failure to connect (network unreachable, reset…).
    #[error("could not connect to {host}: {reason}")]
    Connect { host: String, reason: String },
    /// The TLS handshake failed (bad certificate, protocol mismatch…).
    #[error("TLS error with {host}: {reason}")]
    Tls { host: String, reason: String },
    /// The fetch took longer than its time limit.
    #[error("timed out after {secs} s")]
    Timeout { secs: u64 },
    /// The server answered with an error status.
    #[error("HTTP {status} {reason}")]
    Http { status: u16, reason: String },
    /// The server asked to come back later (429 or 503 with `Retry-After`).
    #[error("HTTP {status} {reason}, retry after {}", retry_at.format("%Y-%m-%d %H:%M:%S UTC"))]
    RetryLater {
        status: u16,
        reason: String,
        retry_at: DateTime<Utc>,
    },
    /// The body exceeded the size cap (counted after decompression).
    #[error("response body larger than {} (limit)", human_size(*.limit))]
    BodyTooLarge { limit: usize },
    /// More redirects than allowed (or a loop).
    #[error("too many redirects (more than {max})")]
    TooManyRedirects { max: usize },
    /// A redirect to something other than http(s).
    #[error("redirect to unsupported scheme: {location}")]
    RedirectScheme { location: String },
    /// A redirect status without a usable `Location`.
    #[error("redirect without a valid Location header")]
    BadRedirect,
    /// Another transport error (connection reset mid-body, protocol error…).
    #[error("network error: {0}")]
    Network(String),
    /// A local file could not be read.
    #[error("cannot read {path}: {reason}")]
    File { path: String, reason: String },
    /// An `exec:` command could not be started.
    #[error("cannot run command: {0}")]
    ExecSpawn(String),
    /// An `exec:` command ran past its time limit (and was killed).
    #[error("command timed out after {secs} s")]
    ExecTimeout { secs: u64 },
    /// An `exec:` command failed.
    #[error("command exited with {status}{}", stderr_suffix(.stderr))]
    ExecFailed { status: String, stderr: String },
    /// The document is not a feed griot can read.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// A page was fetched for discovery but names no feed.
    #[error("no feed found at {url} (not a feed, and the page links to none)")]
    NoFeedFound { url: String },
    /// A bug or runtime failure inside griot (a worker task died).
    #[error("internal error: {0}")]
    Internal(String),
}

impl FetchError {
    /// Whether the failure says the network is out of reach (no DNS, nothing answering, a
    /// network fetch that timed out) rather than that this one source is broken. Commands and
    /// files never count: their failures are theirs alone.
    pub fn is_network(&self) -> bool {
        matches!(
            self,
            FetchError::Dns { .. }
                | FetchError::ConnectionRefused { .. }
                | FetchError::Connect { .. }
                | FetchError::Timeout { .. }
                | FetchError::Network(_)
        )
    }

    /// When the server asked to be left alone until, if it did.
    pub fn retry_at(&self) -> Option<DateTime<Utc>> {
        match self {
            FetchError::RetryLater { retry_at, .. } => Some(*retry_at),
            _ => None,
        }
    }
}

impl Explain for FetchError {
    fn explain(&self) -> Phrase {
        match self {
            FetchError::InvalidUrl { url, reason } => {
                Phrase::of("invalid URL {}: {}").word(url).word(reason)
            }
            FetchError::UnsupportedScheme { scheme } => {
                Phrase::of("unsupported URL scheme \"{}\" (use http, https, file or exec:)")
                    .word(scheme)
            }
            FetchError::Dns { host } => {
                Phrase::of("could not resolve host {} (DNS failure)").word(host)
            }
            FetchError::ConnectionRefused { host } => {
                Phrase::of("connection refused by {}").word(host)
            }
            FetchError::Connect { host, reason } => Phrase::of("could not connect to {}: {}")
                .word(host)
                .word(reason),
            FetchError::Tls { host, reason } => {
                Phrase::of("TLS error with {}: {}").word(host).word(reason)
            }
            FetchError::Timeout { secs } => Phrase::of("timed out after {} s").word(secs),
            FetchError::Http { status, reason } => Phrase::of("HTTP {} {}")
                .word(status)
                .phrase(status_reason(*status, reason)),
            FetchError::RetryLater {
                status,
                reason,
                retry_at,
            } => Phrase::of("HTTP {} {}, retry after {}")
                .word(status)
                .phrase(status_reason(*status, reason))
                .word(retry_at.format("%Y-%m-%d %H:%M:%S UTC")),
            FetchError::BodyTooLarge { limit } => {
                Phrase::of("response body larger than {} (limit)").word(human_size(*limit))
            }
            FetchError::TooManyRedirects { max } => {
                Phrase::of("too many redirects (more than {})").word(max)
            }
            FetchError::RedirectScheme { location } => {
                Phrase::of("redirect to unsupported scheme: {}").word(location)
            }
            FetchError::BadRedirect => Phrase::of("redirect without a valid Location header"),
            FetchError::Network(reason) => Phrase::of("network error: {}").word(reason),
            FetchError::File { path, reason } => {
                Phrase::of("cannot read {}: {}").word(path).word(reason)
            }
            FetchError::ExecSpawn(reason) => Phrase::of("cannot run command: {}").word(reason),
            FetchError::ExecTimeout { secs } => {
                Phrase::of("command timed out after {} s").word(secs)
            }
            FetchError::ExecFailed { status, stderr } if stderr.is_empty() => {
                Phrase::of("command exited with {}").word(status)
            }
            FetchError::ExecFailed { status, stderr } => Phrase::of("command exited with {}: {}")
                .word(status)
                .word(stderr),
            FetchError::Parse(e) => e.explain(),
            FetchError::NoFeedFound { url } => {
                Phrase::of("no feed found at {} (not a feed, and the page links to none)").word(url)
            }
            FetchError::Internal(reason) => Phrase::of("internal error: {}").word(reason),
        }
    }
}

/// A status's reason phrase: the standard words of the common statuses are translated, a
/// server's own words are said as it wrote them.
fn status_reason(status: u16, reason: &str) -> Phrase {
    let standard = match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    };
    if !standard.is_empty() && standard == reason {
        Phrase::of(standard)
    } else {
        Phrase::verbatim(reason)
    }
}

fn stderr_suffix(stderr: &str) -> String {
    if stderr.is_empty() {
        String::new()
    } else {
        format!(": {stderr}")
    }
}

/// "16 MiB", "512 KiB", "100 bytes".
pub(crate) fn human_size(n: usize) -> String {
    const KIB: usize = 1024;
    const MIB: usize = 1024 * 1024;
    if n >= MIB && n.is_multiple_of(MIB) {
        format!("{} MiB", n / MIB)
    } else if n >= MIB {
        format!("{:.1} MiB", n as f64 / MIB as f64)
    } else if n >= KIB && n.is_multiple_of(KIB) {
        format!("{} KiB", n / KIB)
    } else {
        format!("{n} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_one_readable_line() {
        let e = FetchError::Http {
            status: 404,
            reason: "Not Found".into(),
        };
        assert_eq!(e.to_string(), "HTTP 404 Not Found");
        let e = FetchError::BodyTooLarge {
            limit: 16 * 1024 * 1024,
        };
        assert_eq!(e.to_string(), "response body larger than 16 MiB (limit)");
        let e = FetchError::ExecFailed {
            status: "exit status 3".into(),
            stderr: "no such feed".into(),
        };
        assert_eq!(
            e.to_string(),
            "command exited with exit status 3: no such feed"
        );
    }
}
