//! One sync: push the queue of local changes (each leaves the queue only once the server has
//! accepted it), then pull subscriptions, new entries (page by page, the cursor stored with
//! each page) and read/starred state changed since the last sync.

use std::collections::HashMap;

use chrono::Utc;

use super::service::{StateReport, SyncService};
use super::SyncError;
use crate::store::{ChangeKind, QueuedChange, RemoteState, Store};

/// Queue rows read at a time.
const QUEUE_BATCH: usize = 1000;
/// State changes are asked for from this long before the last sync began, so a change made
/// while it ran (or a clock a little off) is not missed; applying one twice is harmless.
const STATE_MARGIN_SECS: i64 = 300;

const ENTRY_CURSOR: &str = "sync_entry_cursor";
const STATE_SINCE: &str = "sync_state_since";

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSummary {
    /// Local changes the server accepted.
    pub pushed: u64,
    /// Local changes the server refused (dropped), one line each.
    pub refused: Vec<crate::i18n::Phrase>,
    pub feeds_added: u64,
    pub feeds_removed: u64,
    pub new_articles: u64,
    pub state_changes: u64,
    /// HTTP requests sent.
    pub requests: u64,
}

impl SyncSummary {
    /// One line for the command line.
    pub fn line(&self) -> String {
        use crate::i18n::{count, tf};
        tf(
            "synced: {}, {}, {}, {}; {} ({})",
            &[
                &count(self.new_articles, "{} new article", "{} new articles"),
                &count(self.state_changes, "{} state change", "{} state changes"),
                &count(self.feeds_added, "{} feed added", "{} feeds added"),
                &count(self.feeds_removed, "{} removed", "{} removed"),
                &count(self.pushed, "{} local change sent", "{} local changes sent"),
                &count(self.requests, "{} request", "{} requests"),
            ],
        )
    }
}

/// Runs one sync against `service`.
pub(crate) async fn sync<S: SyncService>(
    store: &mut Store,
    mut service: S,
) -> Result<SyncSummary, SyncError> {
    let started = Utc::now().timestamp();
    let mut summary = SyncSummary::default();
    let result = async {
        service.login().await?;
        push(store, &mut service, &mut summary).await?;
        pull(store, &mut service, &mut summary, started).await?;
        // Articles matched to the server's entries may have queued what was done to them here.
        push(store, &mut service, &mut summary).await
    }
    .await;
    summary.requests = service.requests();
    result.map(|()| summary)
}

/// Sends the queue, oldest change first.
async fn push<S: SyncService>(
    store: &mut Store,
    service: &mut S,
    summary: &mut SyncSummary,
) -> Result<(), SyncError> {
    loop {
        let batch = store.sync_queue(QUEUE_BATCH)?;
        if batch.is_empty() {
            return Ok(());
        }
        let server_changes = server_changes_since(service, &batch).await?;
        let mut articles = ArticleChanges::default();
        for change in &batch {
            match change.kind {
                ChangeKind::Read | ChangeKind::Unread | ChangeKind::Star | ChangeKind::Unstar => {
                    articles.add(store, change)?;
                }
                _ => {
                    // Article changes made before this feed change go first.
                    articles
                        .send(store, service, &server_changes, summary)
                        .await?;
                    push_feed_change(store, service, change, summary).await?;
                }
            }
        }
        articles
            .send(store, service, &server_changes, summary)
            .await?;
    }
}

/// When the server last changed the state of each entry, for entries it changed since the
/// oldest queued article change (empty for servers that do not say).
async fn server_changes_since<S: SyncService>(
    service: &mut S,
    batch: &[QueuedChange],
) -> Result<HashMap<String, i64>, SyncError> {
    let oldest = batch
        .iter()
        .filter(|c| c.article.is_some())
        .map(|c| c.at)
        .min();
    let Some(oldest) = oldest.filter(|_| S::CHANGE_TIMES) else {
        return Ok(HashMap::new());
    };
    Ok(match service.states(oldest - 1).await? {
        StateReport::Changed(states) => states
            .into_iter()
            .filter_map(|s| s.changed_at.map(|t| (s.remote_id, t)))
            .collect(),
        StateReport::Sets { .. } => HashMap::new(),
    })
}

/// Article changes gathered from the queue: the last one per article and field wins.
#[derive(Default)]
struct ArticleChanges {
    /// (remote id, is the star field) → (wanted value, when, queue ids).
    wanted: HashMap<(String, bool), (bool, i64)>,
    queue_ids: Vec<i64>,
}

impl ArticleChanges {
    fn add(&mut self, store: &Store, change: &QueuedChange) -> Result<(), SyncError> {
        self.queue_ids.push(change.id);
        let remote = match &change.remote_id {
            Some(r) => Some(r.clone()),
            None => match change.article {
                Some(a) => store.article_remote_id(a)?,
                None => None,
            },
        };
        // An article only here (a saved page) has nothing to send.
        let Some(remote) = remote else {
            return Ok(());
        };
        let (star, value) = match change.kind {
            ChangeKind::Read => (false, true),
            ChangeKind::Unread => (false, false),
            ChangeKind::Star => (true, true),
            _ => (true, false),
        };
        self.wanted.insert((remote, star), (value, change.at));
        Ok(())
    }

    /// Sends the gathered changes, except where the server changed the entry after the local
    /// change (the later change wins), and drops them from the queue.
    async fn send<S: SyncService>(
        &mut self,
        store: &mut Store,
        service: &mut S,
        server_changes: &HashMap<String, i64>,
        summary: &mut SyncSummary,
    ) -> Result<(), SyncError> {
        if self.queue_ids.is_empty() {
            return Ok(());
        }
        let mut groups: [Vec<String>; 4] = Default::default();
        for ((remote, star), (value, at)) in self.wanted.drain() {
            if server_changes.get(&remote).is_some_and(|&t| t > at) {
                continue;
            }
            groups[usize::from(star) * 2 + usize::from(value)].push(remote);
        }
        for (i, ids) in groups.iter_mut().enumerate() {
            if ids.is_empty() {
                continue;
            }
            ids.sort();
            let value = i % 2 == 1;
            if i < 2 {
                service.set_read(ids, value).await?;
            } else {
                service.set_starred(ids, value).await?;
            }
            summary.pushed += ids.len() as u64;
        }
        store.sync_dequeue(&self.queue_ids)?;
        self.queue_ids.clear();
        Ok(())
    }
}

/// Sends one subscription change; a change the server refuses is dropped and reported.
async fn push_feed_change<S: SyncService>(
    store: &mut Store,
    service: &mut S,
    change: &QueuedChange,
    summary: &mut SyncSummary,
) -> Result<(), SyncError> {
    let feed = match change.feed {
        Some(id) => store.feed(id)?,
        None => None,
    };
    let remote = match change.feed {
        Some(id) => store.feed_remote_id(id)?,
        None => None,
    };
    let result = match (change.kind, &feed, &remote) {
        (ChangeKind::Subscribe, Some(feed), None) => {
            let category = feed.tags.first().map(String::as_str);
            match service.subscribe(&feed.url, category).await {
                Ok(id) => {
                    store.map_feed(feed.id, &id)?;
                    if let Some(title) = feed.user_title.as_deref().filter(|t| !t.is_empty()) {
                        service.rename(&id, title).await?;
                    }
                    Ok(true)
                }
                Err(e) => Err(e),
            }
        }
        (ChangeKind::Unsubscribe, _, _) => match &change.remote_id {
            Some(id) => service.unsubscribe(id).await.map(|()| true),
            None => Ok(false),
        },
        (ChangeKind::Rename, Some(feed), Some(id)) => {
            let title = feed.user_title.as_deref().unwrap_or(&feed.title);
            service.rename(id, title).await.map(|()| true)
        }
        (ChangeKind::Retag, Some(feed), Some(id)) => {
            let category = feed.tags.first().map(String::as_str);
            service.set_category(id, category).await.map(|()| true)
        }
        // The feed is gone, or not on the server yet, or already there: nothing to send.
        _ => Ok(false),
    };
    match result {
        Ok(sent) => summary.pushed += u64::from(sent),
        Err(e @ SyncError::Rejected { .. }) => {
            summary.refused.push(crate::i18n::Explain::explain(&e))
        }
        Err(e) => return Err(e),
    }
    store.sync_dequeue(&[change.id])?;
    Ok(())
}

/// Pulls subscriptions, new entries and state changes.
async fn pull<S: SyncService>(
    store: &mut Store,
    service: &mut S,
    summary: &mut SyncSummary,
    started: i64,
) -> Result<(), SyncError> {
    let feeds = service.subscriptions().await?;
    let changes = store.apply_remote_feeds(&feeds)?;
    summary.feeds_added += changes.added;
    summary.feeds_removed += changes.removed;

    let state_since = store.meta(STATE_SINCE)?.and_then(|s| s.parse::<i64>().ok());
    let mut cursor = store.meta(ENTRY_CURSOR)?;
    loop {
        let known = |id: &str| store.article_remote_known(id).unwrap_or(false);
        let page = service.entries_page(cursor.as_deref(), &known).await?;
        summary.new_articles +=
            store.apply_remote_entries(&page.entries, &[(ENTRY_CURSOR, &page.cursor)])?;
        cursor = Some(page.cursor);
        if !page.more {
            break;
        }
    }
    let next_since = (started - STATE_MARGIN_SECS).to_string();
    let next = [(STATE_SINCE, next_since.as_str())];
    let Some(since) = state_since else {
        // A first sync read every entry with its state.
        store.apply_remote_states(&[], &next)?;
        return Ok(());
    };
    summary.state_changes += match service.states(since).await? {
        StateReport::Changed(states) => {
            let states: Vec<RemoteState<'_>> = states
                .iter()
                .map(|s| RemoteState {
                    remote_id: &s.remote_id,
                    read: Some(s.read),
                    starred: Some(s.starred),
                })
                .collect();
            store.apply_remote_states(&states, &next)?
        }
        StateReport::Sets { unread, starred } => apply_state_sets(store, &unread, &starred, &next)?,
    };
    Ok(())
}

/// Applies complete unread and starred sets: every article from the server is read unless the
/// set says unread, starred only if the set says so.
fn apply_state_sets(
    store: &mut Store,
    unread: &std::collections::HashSet<String>,
    starred: &std::collections::HashSet<String>,
    cursor: &[(&str, &str)],
) -> Result<u64, SyncError> {
    let unread_here = store.mapped_articles_with(false)?;
    let starred_here = store.mapped_articles_with(true)?;
    let mut states: Vec<RemoteState<'_>> = Vec::new();
    for id in &unread_here {
        if !unread.contains(id) {
            states.push(RemoteState {
                remote_id: id,
                read: Some(true),
                starred: None,
            });
        }
    }
    for id in unread {
        states.push(RemoteState {
            remote_id: id,
            read: Some(false),
            starred: None,
        });
    }
    for id in &starred_here {
        if !starred.contains(id) {
            states.push(RemoteState {
                remote_id: id,
                read: None,
                starred: Some(false),
            });
        }
    }
    for id in starred {
        states.push(RemoteState {
            remote_id: id,
            read: None,
            starred: Some(true),
        });
    }
    Ok(store.apply_remote_states(&states, cursor)?)
}
