//! Network work for the reader, on the async runtime: refreshing feeds, fetching an article's
//! full text, resolving a URL to subscribe to, saving a web page.
//!
//! Nothing here touches the screen: progress and results go back to the loop as messages.
//! Refreshing is [`crate::refresh`]'s engine (the same as `griot refresh`), writing through
//! its own store connection (SQLite's WAL lets the reader's queries go on meanwhile); its
//! events become messages. Full text and saved pages come from [`crate::fulltext`] and go to
//! the store thread as jobs.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::Arc;

use crate::config::Config;
use crate::fetch::{FetchError, FetchOptions, Fetcher};
use crate::refresh::{FeedOutcome, RefreshEvent, RefreshOptions, Selection};

use super::event::{FeedResult, Job, Msg, RefreshScope, RefreshSummary};

/// The reader's network side.
#[derive(Clone)]
pub struct Net {
    fetcher: Fetcher,
    database: PathBuf,
    msgs: Sender<Msg>,
    jobs: Sender<Job>,
    config: Arc<Config>,
}

/// Whether a refresh failure (as its one-line message) means "no network" rather than a
/// broken feed: DNS, refused or failed connections, timeouts, transport errors.
pub fn is_network_failure(message: &str) -> bool {
    [
        "could not resolve host",
        "connection refused",
        "could not connect",
        "timed out",
        "network error",
    ]
    .iter()
    .any(|m| message.contains(m))
}

impl Net {
    /// Builds the shared HTTP client.
    pub fn new(
        config: Arc<Config>,
        database: PathBuf,
        msgs: Sender<Msg>,
        jobs: Sender<Job>,
    ) -> Result<Net, FetchError> {
        Ok(Net {
            fetcher: Fetcher::new(FetchOptions::from(&config.fetch))?,
            database,
            msgs,
            jobs,
            config,
        })
    }

    fn say(&self, msg: Msg) {
        let _ = self.msgs.send(msg);
    }

    /// Refreshes feeds; reports `RefreshStarted`, one `RefreshProgress` per feed, `RefreshDone`.
    pub async fn refresh(self, scope: RefreshScope) {
        let selection = match scope {
            RefreshScope::All => Selection::All,
            RefreshScope::Due => Selection::Due,
            RefreshScope::Feeds(ids) => Selection::Feeds(ids),
        };
        let options = RefreshOptions::from_config(&self.config);
        let (etx, mut erx) = tokio::sync::mpsc::unbounded_channel::<RefreshEvent>();
        let msgs = self.msgs.clone();
        let forward = tokio::spawn(async move {
            let mut processed = 0usize;
            let mut network_failures = 0usize;
            while let Some(event) = erx.recv().await {
                let msg = match event {
                    RefreshEvent::Started { total } => Msg::RefreshStarted { total },
                    RefreshEvent::FeedDone {
                        feed_id, outcome, ..
                    } => {
                        processed += 1;
                        let (new, error) = match outcome {
                            FeedOutcome::Stored { new, .. } => (new, None),
                            FeedOutcome::NotModified => (0, None),
                            FeedOutcome::Failed(m) => (0, Some(m)),
                        };
                        let network = error.as_deref().is_some_and(is_network_failure);
                        if network {
                            network_failures += 1;
                        }
                        Msg::RefreshProgress(FeedResult {
                            feed: feed_id,
                            new,
                            error,
                            network,
                        })
                    }
                    RefreshEvent::Finished(summary) => Msg::RefreshDone(RefreshSummary {
                        total: summary.feeds,
                        failed: summary.failed,
                        new: summary.new,
                        // Offline: every feed failed, each for want of a network.
                        offline: processed > 0 && network_failures == processed,
                    }),
                };
                if msgs.send(msg).is_err() {
                    return;
                }
            }
        });
        let result =
            crate::refresh::refresh_path(&self.database, &options, selection, Some(etx)).await;
        let _ = forward.await;
        if let Err(e) = result {
            self.say(Msg::Error(e.to_string()));
            self.say(Msg::RefreshDone(RefreshSummary::default()));
        }
    }

    /// After a refresh, as `griot refresh` does: full text for new summary-only articles of
    /// feeds configured for it, and for bookmarks still without it.
    pub async fn keep_full_text(self) {
        use crate::extract::needs_full_text;
        use crate::model::ArticleId;
        use crate::store::{Store, StoreError};
        type Prepared = (Store, Vec<(ArticleId, Option<String>)>);
        let db = self.database.clone();
        let config = self.config.clone();
        let prepared = tokio::task::spawn_blocking(move || -> Result<Prepared, StoreError> {
            let store = Store::open(&db)?;
            let mut ids = Vec::new();
            for feed in store.feeds()? {
                if config.full_text_for(&feed.url) {
                    ids.extend(store.fulltext_candidates(feed.id, 50)?);
                }
            }
            ids.extend(store.bookmarks_missing_fulltext(50)?);
            ids.sort();
            ids.dedup();
            let mut pairs = Vec::new();
            for id in ids {
                if let Some(a) = store.article(id)? {
                    if a.fulltext_html.is_none()
                        && needs_full_text(a.summary_html.as_deref(), a.content_html.as_deref())
                    {
                        pairs.push((a.id, a.link.clone()));
                    }
                }
            }
            Ok((store, pairs))
        })
        .await;
        let (mut store, pairs) = match prepared {
            Ok(Ok(p)) => p,
            Ok(Err(e)) => return tracing::warn!("full text after refresh: {e}"),
            Err(e) => return tracing::warn!("full text after refresh: {e}"),
        };
        if pairs.is_empty() {
            return;
        }
        match crate::fulltext::keep_many(&mut store, &self.fetcher, pairs).await {
            Ok((kept, failed)) => {
                tracing::info!(kept, failed, "full text after refresh");
                if kept > 0 {
                    self.say(Msg::StoreChanged);
                }
            }
            Err(e) => tracing::warn!("full text after refresh: {e}"),
        }
    }

    /// Fetches an article's page, extracts its text and keeps it.
    pub async fn full_text(self, id: crate::model::ArticleId, url: String) {
        match self.fetch_article(&url).await {
            Ok(full) => {
                let _ = self.jobs.send(Job::SetFullText {
                    id,
                    html: full.html,
                });
            }
            Err(error) => {
                let _ = self.jobs.send(Job::SetFullTextError { id, error });
            }
        }
    }

    /// Keeps a web page under "Saved".
    pub async fn save_page(self, url: String) {
        match self.fetch_article(&url).await {
            Ok(full) => {
                let _ = self.jobs.send(Job::SavePage {
                    title: full.title.unwrap_or_else(|| url.clone()),
                    url,
                    author: full.byline,
                    published: full.published,
                    html: full.html,
                });
            }
            Err(e) => self.say(Msg::Error(format!("{url}: {e}"))),
        }
    }

    async fn fetch_article(&self, url: &str) -> Result<crate::fulltext::FullText, String> {
        crate::fulltext::fetch(&self.fetcher, Some(url))
            .await
            .map_err(|e| e.to_string())
    }

    /// Finds the feed behind what the user typed, then asks to subscribe.
    pub async fn resolve(self, url: String) {
        match crate::fetch::resolve_subscription(&self.fetcher, &url).await {
            Ok(r) => self.say(Msg::FeedResolved {
                feed_url: r.feed_url,
                title: r.title,
            }),
            Err(e) => self.say(Msg::Error(format!("{url}: {e}"))),
        }
    }
}
