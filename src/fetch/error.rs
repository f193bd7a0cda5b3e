//! Why a fetch failed, in words a user understands: each variant prints as one line
//! ("could not resolve host example.org", "HTTP 404 Not Found", "timed out after 60 s").

use chrono::{DateTime, Utc};

use super::parse::ParseError;

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
