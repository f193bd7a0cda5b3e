//! Two-way sync with a server that people already run (Miniflux, or any Google Reader API
//! server: FreshRSS, Inoreader, The Old Reader…). With an account, the server fetches the
//! feeds; griot pulls subscriptions, entries and read/starred state from it and pushes local
//! changes to it, and stays a full offline reader on top (full text, search, pull-quotes and
//! retention stay local).
//!
//! One client per protocol sits behind [`SyncService`]; [`run`] is the single entry point the
//! front ends call. Local changes wait in a durable queue in the store (queued by the store
//! itself, in the same transaction as the change), so nothing is lost by a crash, a failed
//! sync or a server that is away. The conflict rule: when the server and a queued local change
//! disagree about an article, the later change wins.
//!
//! This module knows nothing of the command line or the terminal.

mod engine;
mod error;
pub mod greader;
mod http;
pub mod miniflux;
mod service;

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

pub use engine::SyncSummary;
pub use error::SyncError;
pub use service::{EntryPage, EntryState, StateReport, SyncService};

use crate::config::{SyncConfig, SyncService as ServiceKind};
use crate::i18n::{Explain as _, Phrase};
use crate::store::Store;

/// Longest wait for one answer from a sync server.
const TIMEOUT: Duration = Duration::from_secs(60);
/// Longest a `password_command` may run.
const PASSWORD_TIMEOUT: Duration = Duration::from_secs(30);

/// A configured account with its secret read.
#[derive(Clone)]
pub struct Account {
    pub service: ServiceKind,
    pub url: String,
    pub username: String,
    /// The password (or Miniflux API token); kept in memory only.
    pub(crate) secret: String,
    /// Where a session token may be kept (mode 0600).
    pub session_file: Option<PathBuf>,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("service", &self.service)
            .field("url", &self.url)
            .field("username", &self.username)
            .finish_non_exhaustive()
    }
}

impl Account {
    /// Reads the password from the configured command or environment variable.
    pub fn from_config(
        config: &SyncConfig,
        data_dir: Option<&std::path::Path>,
    ) -> Result<Account, SyncError> {
        let secret = match (&config.password_env, &config.password_command) {
            (Some(var), _) => std::env::var(var.trim()).map_err(|_| {
                SyncError::Password(format!("the environment variable {var} is not set"))
            })?,
            (None, Some(cmd)) => run_password_command(cmd)?,
            (None, None) => {
                return Err(SyncError::Password(
                    "set password_command or password_env in [sync]".into(),
                ))
            }
        };
        Ok(Account {
            service: config.service,
            url: config.url.trim().to_string(),
            username: config.username.trim().to_string(),
            secret,
            session_file: data_dir.map(|d| d.join("sync-session")),
        })
    }

    /// An account with its secret given directly (tests, benchmarks).
    pub fn with_secret(service: ServiceKind, url: &str, username: &str, secret: &str) -> Account {
        Account {
            service,
            url: url.trim().to_string(),
            username: username.to_string(),
            secret: secret.to_string(),
            session_file: None,
        }
    }
}

/// Runs `sh -c cmd` (capped in time and output) and takes its first line as the password.
fn run_password_command(cmd: &str) -> Result<String, SyncError> {
    use std::io::Read;
    use std::process::{Command, Stdio};
    let mut child = Command::new("sh")
        .args(["-c", cmd])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| SyncError::Password(format!("cannot run `{cmd}`: {e}")))?;
    let deadline = std::time::Instant::now() + PASSWORD_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if std::time::Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20))
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(SyncError::Password(format!(
                    "`{cmd}` did not finish within {} s",
                    PASSWORD_TIMEOUT.as_secs()
                )));
            }
        }
    };
    let mut out = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        let _ = stdout.take(64 * 1024).read_to_end(&mut out);
    }
    if !status.success() {
        return Err(SyncError::Password(format!("`{cmd}` failed ({status})")));
    }
    let text = String::from_utf8_lossy(&out);
    let line = text.lines().next().unwrap_or("").trim_end_matches('\r');
    if line.is_empty() {
        return Err(SyncError::Password(format!("`{cmd}` printed nothing")));
    }
    Ok(line.to_string())
}

/// Syncs the store with the account's server: pushes the queue of local changes, then pulls
/// subscriptions, new entries and read/starred state. Records the outcome (last success, last
/// error) in the store for [`status`].
pub async fn run(store: &mut Store, account: &Account) -> Result<SyncSummary, SyncError> {
    store.set_sync_armed(true)?;
    let result = match account.service {
        ServiceKind::Miniflux => {
            engine::sync(store, miniflux::Miniflux::new(account, TIMEOUT)?).await
        }
        ServiceKind::Greader => engine::sync(store, greader::GReader::new(account, TIMEOUT)?).await,
    };
    let now = Utc::now().timestamp().to_string();
    match &result {
        Ok(_) => {
            store.set_meta("sync_last_success", &now)?;
            store.set_meta("sync_last_error", "")?;
        }
        Err(e) => {
            store.set_meta("sync_last_error", &e.explain().to_stored())?;
        }
    }
    result
}

/// What `sync status` shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub last_success: Option<DateTime<Utc>>,
    pub queued: u64,
    /// Said in the reader's language where it reaches the user (`Display` is English).
    pub last_error: Option<Phrase>,
}

/// The sync state kept in the store.
pub fn status(store: &Store) -> Result<Status, SyncError> {
    let last_success = store
        .meta("sync_last_success")?
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|t| Utc.timestamp_opt(t, 0).single());
    let last_error = store
        .meta("sync_last_error")?
        .filter(|e| !e.is_empty())
        .map(|e| Phrase::from_stored(&e));
    Ok(Status {
        last_success,
        queued: store.sync_queue_len()?,
        last_error,
    })
}

/// Local subscriptions the server did not have at the last sync, to offer sending (the reader
/// asks once; `griot sync push-subscriptions` sends them without asking).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsent {
    /// How many feeds.
    pub feeds: u64,
    /// Which ones, to remember a "no" for this very set.
    pub set: String,
}

/// Where a "no" to sending the local subscriptions is remembered (the set it was said to).
const DECLINED: &str = "sync_push_declined";

/// The local subscriptions the server does not have, once a sync has told what it has: none
/// before the first successful sync, when all are queued or mapped, or when the user declined
/// to send this same set.
pub fn unsent_subscriptions(store: &Store) -> Result<Option<Unsent>, SyncError> {
    if store.meta("sync_last_success")?.is_none() {
        return Ok(None);
    }
    let ids = store.unsent_feeds()?;
    if ids.is_empty() {
        return Ok(None);
    }
    let set = ids
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",");
    if store.meta(DECLINED)?.as_deref() == Some(set.as_str()) {
        return Ok(None);
    }
    Ok(Some(Unsent {
        feeds: ids.len() as u64,
        set,
    }))
}

/// Remembers that the user does not want to send this set of local subscriptions (asked
/// again only once the set changes).
pub fn decline_subscriptions(store: &mut Store, set: &str) -> Result<(), SyncError> {
    Ok(store.set_meta(DECLINED, set)?)
}

/// Queues every local subscription that the server does not have yet (moving an existing
/// griot to an account); the next sync sends them. Returns how many were queued.
pub fn queue_local_subscriptions(store: &mut Store) -> Result<u64, SyncError> {
    Ok(store.queue_unmapped_feeds()?)
}
