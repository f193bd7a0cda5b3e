//! Network work for the reader, on the async runtime: refreshing feeds, fetching an article's
//! full text, resolving a URL to subscribe to, saving a web page, getting a picture.
//!
//! Nothing here touches the screen: progress and results go back to the loop as messages.
//! Each task is one call of the application layer ([`crate::library`]): refreshing (the same
//! workflow as `griot refresh`, writing through its own store connection — SQLite's WAL lets
//! the reader's queries go on meanwhile), tidying after it, resolving an address to subscribe
//! to. Fetched pages go to the store thread as jobs, which keeps them.

use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, OnceLock};

use crate::config::Config;
use crate::fetch::{FetchError, FetchOptions, Fetcher};
use crate::i18n::{say, Explain as _};
use crate::library::{self, fulltext::Fetched, refresh::Compaction};
use crate::refresh::{
    Failure, FailureKind, FeedFailure, FeedOutcome, RefreshEvent, Selection, Summary,
};
use crate::sync::SyncError;

use super::event::{FeedResult, Job, Msg};

/// The reader's network side.
#[derive(Clone)]
pub struct Net {
    /// The HTTP client, built the first time the reader needs it: building it reads the
    /// system's certificates, which a reader that only reads its archive never needs.
    fetcher: Arc<OnceLock<Fetcher>>,
    database: PathBuf,
    msgs: Sender<Msg>,
    jobs: Sender<Job>,
    config: Arc<Config>,
}

impl Net {
    /// The reader's network side; its HTTP client is built when first needed.
    pub fn new(
        config: Arc<Config>,
        database: PathBuf,
        msgs: Sender<Msg>,
        jobs: Sender<Job>,
    ) -> Net {
        Net {
            fetcher: Arc::new(OnceLock::new()),
            database,
            msgs,
            jobs,
            config,
        }
    }

    /// The shared HTTP client, built on first use (two tasks racing build two; one is kept).
    fn fetcher(&self) -> Result<&Fetcher, FetchError> {
        if let Some(fetcher) = self.fetcher.get() {
            return Ok(fetcher);
        }
        let fetcher = Fetcher::new(FetchOptions::from(&self.config.fetch))?;
        Ok(self.fetcher.get_or_init(|| fetcher))
    }

    fn say(&self, msg: Msg) {
        let _ = self.msgs.send(msg);
    }

    /// Refreshes feeds; reports `RefreshStarted`, one `RefreshProgress` per feed, `RefreshDone`.
    pub async fn refresh(self, selection: Selection) {
        if self.config.sync.is_some() {
            return self.sync().await;
        }
        let (etx, mut erx) = tokio::sync::mpsc::unbounded_channel::<RefreshEvent>();
        let msgs = self.msgs.clone();
        let forward = tokio::spawn(async move {
            while let Some(event) = erx.recv().await {
                if msgs.send(progress_msg(event)).is_err() {
                    return;
                }
            }
        });
        let result =
            library::refresh::fetch_feeds(&self.config, &self.database, selection, Some(etx)).await;
        let _ = forward.await;
        if let Err(e) = result {
            self.say(Msg::Error(say(&e)));
            self.say(Msg::RefreshDone(Summary::default()));
        }
    }

    /// With a sync account, a refresh is a sync with the server; a server out of reach is the
    /// offline mark (the queue of local changes waits for the next one).
    async fn sync(self) {
        self.say(Msg::RefreshStarted { total: 1 });
        // The engine holds its store across its requests: it runs on a thread of its own.
        let (config, database) = (self.config.clone(), self.database.clone());
        let result = tokio::task::spawn_blocking(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| SyncError::Protocol {
                    server: String::new(),
                    reason: e.to_string(),
                })?;
            runtime.block_on(library::refresh::sync_with_server(&config, &database))
        })
        .await
        .unwrap_or_else(|e| {
            Err(SyncError::Protocol {
                server: String::new(),
                reason: e.to_string(),
            })
        });
        let mut summary = Summary {
            feeds: 1,
            ..Summary::default()
        };
        match result {
            Ok(s) => summary.new = s.new_articles,
            Err(e) => {
                let kind = match e {
                    SyncError::Unreachable { .. } | SyncError::TimedOut { .. } => {
                        FailureKind::Offline
                    }
                    _ => FailureKind::Source,
                };
                let server = self.config.sync.as_ref().map(|s| s.url.clone());
                summary.failed = 1;
                summary.failures.push(Failure {
                    feed_id: crate::model::FeedId(0),
                    title: server.clone().unwrap_or_default(),
                    url: server.unwrap_or_default(),
                    failure: FeedFailure {
                        kind,
                        message: e.explain(),
                    },
                });
                if kind != FailureKind::Offline {
                    self.say(Msg::Error(say(&e)));
                }
            }
        }
        self.say(Msg::RefreshDone(summary));
    }

    /// After a refresh, as `griot refresh` does: full text for new summary-only articles of
    /// feeds configured for it and for bookmarks still without it, then retention (the
    /// reader leaves compaction to the command line).
    pub async fn keep_full_text(self) {
        match library::refresh::tidy(&self.config, &self.database, Compaction::Never).await {
            Ok(report) if report.full_text.kept > 0 || report.retention.purged > 0 => {
                self.say(Msg::StoreChanged);
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("tidying after refresh: {e}"),
        }
    }

    /// Fetches an article's page, extracts its text, and has the store thread keep it.
    pub async fn full_text(self, id: crate::model::ArticleId, url: String) {
        let result = match self.fetcher() {
            Ok(fetcher) => crate::fulltext::fetch(fetcher, Some(&url)).await,
            Err(e) => Err(e.into()),
        };
        let fetched = Fetched::from(&result);
        let _ = self.jobs.send(Job::KeepFullText { id, fetched });
    }

    /// Gets a picture of an article — the kept copy, else the network's when `network` —
    /// keeping it on disk when the article is bookmarked; reports `PictureLoaded`.
    pub async fn picture(
        self,
        article: crate::model::ArticleId,
        url: String,
        keep: bool,
        network: bool,
    ) {
        let cache = crate::images::DiskCache::beside(
            &self.database,
            self.config.reader.image_cache_mib.saturating_mul(1 << 20),
        );
        let fetcher = if network {
            self.fetcher()
                .map_err(|e| tracing::warn!("no HTTP client for pictures: {e}"))
                .ok()
        } else {
            None
        };
        let keep = keep.then_some(article);
        let limits = crate::images::Limits::default();
        let result = library::images::load(fetcher, Some(&cache), limits, &url, keep).await;
        self.say(Msg::PictureLoaded { url, result });
    }

    /// Keeps a web page under "Saved".
    pub async fn save_page(self, url: String) {
        let fetched = match self.fetcher() {
            Ok(fetcher) => library::saving::fetch(fetcher, &url).await,
            Err(e) => Err(crate::fulltext::FullTextError::from(e).into()),
        };
        match fetched {
            Ok(page) => {
                let _ = self.jobs.send(Job::SavePage(page));
            }
            Err(e) => self.say(Msg::Error(format!("{} ({})", say(&e), short_url(&url)))),
        }
    }

    /// Finds the feed behind what the user typed (one rule with `griot add`), then asks to
    /// subscribe.
    pub async fn resolve(self, url: String) {
        let resolved = match self.fetcher() {
            Ok(fetcher) => library::subscribe::resolve(fetcher, &url).await,
            Err(source) => Err(library::subscribe::SubscribeError::Refused {
                url: url.clone(),
                source,
            }),
        };
        match resolved {
            Ok(r) => {
                if let Some(why) = &r.unchecked {
                    self.say(Msg::Info(format!(
                        "{} ({})",
                        crate::i18n::t("Could not check the address now; subscribing anyway"),
                        say(why)
                    )));
                }
                self.say(Msg::FeedResolved {
                    feed_url: r.feed_url,
                    title: r.title,
                });
            }
            Err(e) => self.say(Msg::Error(say(&e))),
        }
    }
}

/// An address short enough to follow a cause in the status bar: no scheme, at most 40
/// characters, cut in the middle of the path.
fn short_url(url: &str) -> String {
    let bare = url
        .trim()
        .trim_start_matches("https://")
        .trim_start_matches("http://");
    if bare.chars().count() <= 40 {
        return bare.to_string();
    }
    let head: String = bare.chars().take(27).collect();
    let tail: String = {
        let rev: Vec<char> = bare.chars().rev().take(12).collect();
        rev.into_iter().rev().collect()
    };
    format!("{head}…{tail}")
}

/// A refresh event as the reader's message; a failure's kind (not its wording) says whether
/// the network is out of reach.
fn progress_msg(event: RefreshEvent) -> Msg {
    match event {
        RefreshEvent::Started { total } => Msg::RefreshStarted { total },
        RefreshEvent::FeedDone {
            feed_id, outcome, ..
        } => {
            let (new, failure) = match outcome {
                FeedOutcome::Stored { new, .. } => (new, None),
                FeedOutcome::NotModified => (0, None),
                FeedOutcome::Failed(f) => (0, Some(f)),
            };
            Msg::RefreshProgress(FeedResult {
                feed: feed_id,
                new,
                network: failure
                    .as_ref()
                    .is_some_and(|f| f.kind == FailureKind::Offline),
                error: failure.map(|f| f.message.say()),
            })
        }
        RefreshEvent::Finished(summary) => Msg::RefreshDone(summary),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{NewFeed, Store};

    /// Refreshes one feed at `url` in a new database and returns the reader's last message.
    fn refresh_one(url: &str, config: &Config) -> Vec<Msg> {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("griot.db");
        let mut store = Store::open(&db).unwrap();
        store
            .add_feed(&NewFeed {
                url: url.into(),
                ..Default::default()
            })
            .unwrap();
        drop(store);
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let (etx, mut erx) = tokio::sync::mpsc::unbounded_channel();
        runtime
            .block_on(library::refresh::fetch_feeds(
                config,
                &db,
                Selection::All,
                Some(etx),
            ))
            .unwrap();
        let mut msgs = Vec::new();
        while let Ok(e) = erx.try_recv() {
            msgs.push(progress_msg(e));
        }
        msgs
    }

    fn done(msgs: &[Msg]) -> Summary {
        msgs.iter()
            .find_map(|m| match m {
                Msg::RefreshDone(s) => Some(s.clone()),
                _ => None,
            })
            .expect("the refresh finished")
    }

    #[test]
    fn a_refused_connection_is_the_offline_mark() {
        // A port nothing listens on: bind one, then let it go.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let msgs = crate::i18n::in_language(crate::i18n::Lang::Fr, || {
            refresh_one(&format!("http://127.0.0.1:{port}/feed"), &Config::default())
        });
        let summary = done(&msgs);
        assert_eq!((summary.failed, summary.offline()), (1, true));
        assert!(msgs.iter().any(|m| matches!(m, Msg::RefreshProgress(r)
            if r.network && r.error.as_deref() == Some("connexion refusée par 127.0.0.1"))));
    }

    #[test]
    fn an_exec_source_that_times_out_is_not_offline() {
        let mut config = Config::default();
        config.fetch.exec_timeout = 1;
        let msgs = refresh_one("exec:sleep 30", &config);
        let summary = done(&msgs);
        assert_eq!((summary.failed, summary.offline()), (1, false));
        assert!(msgs
            .iter()
            .any(|m| matches!(m, Msg::RefreshProgress(r) if !r.network && r.error.as_deref() == Some("command timed out after 1 s"))));
    }
}
