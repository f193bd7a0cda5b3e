//! Why a sync failed, typed so callers match on the cause; each prints as one line naming the
//! server and the cause.

use crate::fetch::FetchError;
use crate::i18n::{Explain, Phrase};
use crate::store::StoreError;

/// A failed sync (or sync call).
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// 401: the server refused the credentials.
    #[error("{server}: the username or password is wrong (HTTP 401)")]
    Unauthorized { server: String },
    /// No API at the URL (a 404, or a web page answering): a wrong URL, or the API is not
    /// enabled for the account.
    #[error("{server}: no API at {path} ({detail}): check the URL, and that the API is enabled")]
    NotFound {
        server: String,
        path: String,
        detail: String,
    },
    /// The TLS handshake failed.
    #[error("{server}: TLS error: {reason}")]
    Tls { server: String, reason: String },
    /// Nothing answers at the address (refused, unresolvable, no route).
    #[error("{server}: unreachable: {reason}")]
    Unreachable { server: String, reason: Phrase },
    /// The server took too long.
    #[error("{server}: timed out after {secs} s")]
    TimedOut { server: String, secs: u64 },
    /// The server refused one change (a bad feed URL, say); the change is dropped.
    #[error("{server}: refused {what}: HTTP {status} {message}")]
    Rejected {
        server: String,
        what: String,
        status: u16,
        message: String,
    },
    /// The server answered something this client does not understand.
    #[error("{server}: unexpected answer: {reason}")]
    Protocol { server: String, reason: String },
    /// The password could not be read from its command or variable.
    #[error("sync password: {0}")]
    Password(String),
    /// The local database failed.
    #[error("sync: {0}")]
    Store(#[from] StoreError),
}

impl Explain for SyncError {
    fn explain(&self) -> Phrase {
        match self {
            SyncError::Unauthorized { server } => {
                Phrase::of("{}: the username or password is wrong (HTTP 401)").word(server)
            }
            SyncError::NotFound {
                server,
                path,
                detail,
            } => Phrase::of("{}: no API at {} ({}): check the URL, and that the API is enabled")
                .word(server)
                .word(path)
                .word(detail),
            SyncError::Tls { server, reason } => {
                Phrase::of("{}: TLS error: {}").word(server).word(reason)
            }
            SyncError::Unreachable { server, reason } => Phrase::of("{}: unreachable: {}")
                .word(server)
                .phrase(reason.clone()),
            SyncError::TimedOut { server, secs } => Phrase::of("{}: timed out after {} s")
                .word(server)
                .word(secs),
            SyncError::Rejected {
                server,
                what,
                status,
                message,
            } => Phrase::of("{}: refused {}: HTTP {} {}")
                .word(server)
                .word(what)
                .word(status)
                .word(message),
            SyncError::Protocol { server, reason } => Phrase::of("{}: unexpected answer: {}")
                .word(server)
                .word(reason),
            SyncError::Password(why) => Phrase::of("sync password: {}").word(why),
            SyncError::Store(e) => Phrase::of("sync: {}").cause(e),
        }
    }
}

impl SyncError {
    /// A transport failure (no HTTP answer), classified the way the fetcher classifies them.
    pub(crate) fn transport(server: &str, e: FetchError) -> SyncError {
        let server = server.to_string();
        match e {
            FetchError::Tls { reason, .. } => SyncError::Tls { server, reason },
            FetchError::Timeout { secs } => SyncError::TimedOut { server, secs },
            FetchError::Dns { host } => SyncError::Unreachable {
                server,
                reason: Phrase::of("could not resolve host {}").word(host),
            },
            FetchError::ConnectionRefused { .. } => SyncError::Unreachable {
                server,
                reason: Phrase::of("connection refused"),
            },
            FetchError::Connect { reason, .. } => SyncError::Unreachable {
                server,
                reason: Phrase::verbatim(reason),
            },
            other => SyncError::Unreachable {
                server,
                reason: other.explain(),
            },
        }
    }

    /// True when the server could not be reached at all (the queue waits for the next try).
    pub fn is_offline(&self) -> bool {
        matches!(
            self,
            SyncError::Unreachable { .. } | SyncError::TimedOut { .. }
        )
    }
}
