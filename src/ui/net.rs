//! Network work for the reader, on the async runtime: refreshing feeds, fetching an article's
//! full text, resolving a URL to subscribe to, saving a web page.
//!
//! Nothing here touches the screen: progress and results go back to the loop as messages.
//! A refresh writes through its own store connection on a blocking thread (SQLite's WAL lets
//! the reader's queries go on meanwhile); other results go to the store thread as jobs.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use tokio::sync::Semaphore;

use crate::config::Config;
use crate::fetch::{
    parse_feed, schedule, FetchError, FetchOptions, FetchOutcome, Fetcher, ParseLimits, Validators,
};
use crate::model::{Feed, ParsedFeed};
use crate::store::{FeedUpdate, Store};

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

/// What fetching one feed gave.
enum Fetched {
    Parsed {
        parsed: ParsedFeed,
        etag: Option<String>,
        last_modified: Option<String>,
        moved_to: Option<String>,
    },
    NotModified,
}

/// The fetch options the config asks for.
pub fn fetch_options(config: &Config) -> FetchOptions {
    let f = &config.fetch;
    let mut o = FetchOptions::default();
    if !f.user_agent.trim().is_empty() {
        o.user_agent = f.user_agent.clone();
    }
    o.connect_timeout = Duration::from_secs(f.connect_timeout.max(1));
    o.timeout = Duration::from_secs(f.timeout.max(1));
    o.max_body = usize::try_from(f.max_body_mib.saturating_mul(1024 * 1024)).unwrap_or(usize::MAX);
    o
}

/// Whether a failure means "no network" rather than a broken feed.
pub fn is_network_error(e: &FetchError) -> bool {
    matches!(
        e,
        FetchError::Dns { .. }
            | FetchError::ConnectionRefused { .. }
            | FetchError::Connect { .. }
            | FetchError::Timeout { .. }
            | FetchError::Network(_)
    )
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
            fetcher: Fetcher::new(fetch_options(&config))?,
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
        let db = self.database.clone();
        let feeds = tokio::task::spawn_blocking(move || -> Result<Vec<Feed>, String> {
            let store = Store::open(&db).map_err(|e| e.to_string())?;
            let feeds = match scope {
                RefreshScope::All => store.feeds(),
                RefreshScope::Due => store.due_feeds(Utc::now()),
                RefreshScope::Feeds(ids) => ids
                    .into_iter()
                    .filter_map(|id| store.feed(id).transpose())
                    .collect(),
            };
            feeds.map_err(|e| e.to_string())
        })
        .await;
        let feeds = match feeds {
            Ok(Ok(f)) => f,
            Ok(Err(e)) => return self.say(Msg::Error(e)),
            Err(e) => return self.say(Msg::Error(e.to_string())),
        };
        let total = feeds.len();
        self.say(Msg::RefreshStarted { total });
        // One writer connection for the whole refresh, on its own thread.
        let (wtx, wrx) = std::sync::mpsc::channel::<(Feed, Result<Fetched, FetchError>)>();
        let db = self.database.clone();
        let msgs = self.msgs.clone();
        let config = self.config.clone();
        let writer = tokio::task::spawn_blocking(move || write_results(&db, &config, wrx, &msgs));
        let permits = Arc::new(Semaphore::new(self.config.fetch.concurrency.max(1)));
        let mut set = tokio::task::JoinSet::new();
        for feed in feeds {
            let fetcher = self.fetcher.clone();
            let permits = permits.clone();
            let wtx = wtx.clone();
            set.spawn(async move {
                let Ok(_permit) = permits.acquire_owned().await else {
                    return;
                };
                let result = fetch_one(&fetcher, &feed).await;
                let _ = wtx.send((feed, result));
            });
        }
        drop(wtx);
        while set.join_next().await.is_some() {}
        let mut summary = writer.await.unwrap_or_default();
        summary.total = total;
        self.say(Msg::RefreshDone(summary));
    }

    /// Fetches an article's page, extracts its text and keeps it.
    pub async fn full_text(self, id: crate::model::ArticleId, url: String) {
        match self.fetch_article(&url).await {
            Ok((_, _, html)) => {
                let _ = self.jobs.send(Job::SetFullText { id, html });
            }
            Err(error) => {
                let _ = self.jobs.send(Job::SetFullTextError { id, error });
            }
        }
    }

    /// Keeps a web page under "Saved".
    pub async fn save_page(self, url: String) {
        match self.fetch_article(&url).await {
            Ok((title, author, html)) => {
                let _ = self.jobs.send(Job::SavePage {
                    title: title.unwrap_or_else(|| url.clone()),
                    url,
                    author,
                    html,
                });
            }
            Err(e) => self.say(Msg::Error(format!("{url}: {e}"))),
        }
    }

    async fn fetch_article(
        &self,
        url: &str,
    ) -> Result<(Option<String>, Option<String>, String), String> {
        let page = self
            .fetcher
            .http()
            .get_page(url)
            .await
            .map_err(|e| e.to_string())?;
        tokio::task::spawn_blocking(move || {
            let html = decode(&page.body, page.charset());
            crate::extract::extract(&html, &page.final_url)
                .map(|x| (x.title, x.byline, x.html))
                .map_err(|e| e.to_string())
        })
        .await
        .map_err(|e| e.to_string())?
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

/// Page bytes as text: the HTTP charset, else a `<meta charset>` near the top, else UTF-8.
fn decode(bytes: &[u8], http_charset: Option<&str>) -> String {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let meta = head.find("charset=").map(|i| {
        head[i + 8..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect::<String>()
    });
    let label = http_charset.map(str::to_string).or(meta);
    match label.and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())) {
        Some(enc) => enc.decode(bytes).0.into_owned(),
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

async fn fetch_one(fetcher: &Fetcher, feed: &Feed) -> Result<Fetched, FetchError> {
    let validators = Validators {
        etag: feed.etag.clone(),
        last_modified: feed.last_modified.clone(),
    };
    match fetcher.fetch(&feed.url, &validators).await? {
        FetchOutcome::NotModified { .. } => Ok(Fetched::NotModified),
        FetchOutcome::Modified(body) => {
            let etag = body.validators.etag.clone();
            let last_modified = body.validators.last_modified.clone();
            let moved_to = body.moved_to.clone();
            let parsed =
                tokio::task::spawn_blocking(move || parse_feed(&body, &ParseLimits::default()))
                    .await
                    .map_err(|e| FetchError::Internal(e.to_string()))??;
            Ok(Fetched::Parsed {
                parsed,
                etag,
                last_modified,
                moved_to,
            })
        }
    }
}

fn write_results(
    db: &std::path::Path,
    config: &Config,
    results: std::sync::mpsc::Receiver<(Feed, Result<Fetched, FetchError>)>,
    msgs: &Sender<Msg>,
) -> RefreshSummary {
    let mut summary = RefreshSummary::default();
    let mut network_failures = 0;
    let mut store = match Store::open(db) {
        Ok(s) => s,
        Err(e) => {
            let _ = msgs.send(Msg::Error(e.to_string()));
            return summary;
        }
    };
    let mut processed = 0;
    for (feed, result) in results {
        processed += 1;
        let now = Utc::now();
        let minutes = config
            .feed_override(&feed.url)
            .and_then(|f| f.refresh_interval)
            .unwrap_or(config.refresh_interval)
            .max(1);
        let interval = Duration::from_secs(u64::from(minutes) * 60);
        let outcome: Result<FeedResult, String> = match result {
            Ok(Fetched::Parsed {
                parsed,
                etag,
                last_modified,
                moved_to,
            }) => {
                let next_fetch = schedule::after_success(now, interval, parsed.min_interval_secs);
                store
                    .record_fetch_success(
                        feed.id,
                        &FeedUpdate {
                            parsed,
                            etag,
                            last_modified,
                            new_url: moved_to,
                            next_fetch,
                        },
                    )
                    .map(|stats| FeedResult {
                        feed: feed.id,
                        new: stats.new,
                        error: None,
                        network: false,
                    })
                    .map_err(|e| e.to_string())
            }
            Ok(Fetched::NotModified) => store
                .record_not_modified(
                    feed.id,
                    schedule::after_success(now, interval, feed.min_interval_secs),
                )
                .map(|()| FeedResult {
                    feed: feed.id,
                    new: 0,
                    error: None,
                    network: false,
                })
                .map_err(|e| e.to_string()),
            Err(e) => {
                let next = schedule::after_error(now, feed.error_count + 1, e.retry_at());
                let text = e.to_string();
                tracing::warn!("refresh of {} failed: {text}", feed.url);
                let network = is_network_error(&e);
                store
                    .record_fetch_error(feed.id, &text, next)
                    .map(|()| FeedResult {
                        feed: feed.id,
                        new: 0,
                        error: Some(text),
                        network,
                    })
                    .map_err(|e| e.to_string())
            }
        };
        let result = outcome.unwrap_or_else(|e| FeedResult {
            feed: feed.id,
            new: 0,
            error: Some(e),
            network: false,
        });
        summary.new += result.new;
        if result.error.is_some() {
            summary.failed += 1;
            if result.network {
                network_failures += 1;
            }
        }
        let _ = msgs.send(Msg::RefreshProgress(result));
    }
    // Offline: every feed failed, each with a network error.
    summary.offline = processed > 0 && network_failures == processed;
    summary
}
