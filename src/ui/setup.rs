//! Before the first frame: the default subscriptions on a first run, and `--demo`'s throwaway
//! data directory filled with sample articles without any network.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use chrono::Utc;

use crate::config::Config;
use crate::paths::Paths;
use crate::store::{ArticleFilter, ArticleQuery, FeedUpdate, NewFeed, Store};

/// The subscriptions a first run starts with.
pub const DEFAULT_FEEDS: &str = include_str!("../../assets/default-feeds.opml");
/// The demo's feed (the Africa24 sample, with its own addresses).
const DEMO_FEED: &[u8] = include_bytes!("../../assets/demo/africa24-feed.xml");
/// The web page of the demo's article, for its full text.
const DEMO_PAGE: &str = include_str!("../../assets/demo/africa24-article.html");
const DEMO_FEED_URL: &str = "https://africa24tv.com/feed/";

/// Whether the store holds nothing at all (no feeds, no articles, not even saved pages).
pub fn is_empty(store: &Store) -> anyhow::Result<bool> {
    Ok(store.feeds()?.is_empty() && store.count_articles(&ArticleFilter::default())? == 0)
}

/// Subscribes an empty store to the default feeds, once (a user who removes them all does not
/// get them back).
pub fn default_feeds(store: &mut Store) -> anyhow::Result<usize> {
    if store.meta("default_feeds")?.is_some() {
        return Ok(0);
    }
    let feeds = crate::subscriptions::parse(DEFAULT_FEEDS, Path::new("default-feeds.opml"))?;
    let report = store.import_feeds(&feeds)?;
    store.set_meta("default_feeds", &Utc::now().timestamp().to_string())?;
    Ok(report.added.len())
}

/// A throwaway data directory for `--demo`; removed when dropped.
pub struct DemoDir {
    pub path: PathBuf,
}

impl Drop for DemoDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Makes the demo's data directory, paths and config (no refreshes, no default feeds).
pub fn demo() -> anyhow::Result<(DemoDir, Paths, Config)> {
    let nanos = Utc::now().timestamp_nanos_opt().unwrap_or(0);
    let path = std::env::temp_dir().join(format!("griot-demo-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&path)
        .with_context(|| format!("cannot create demo directory {}", path.display()))?;
    let dir = DemoDir { path };
    let paths = Paths::in_data_dir(dir.path.join("config.toml"), dir.path.clone());
    let config = Config {
        refresh_on_start: false,
        refresh_interval: 0,
        default_feeds: false,
        ..Config::default()
    };
    Ok((dir, paths, config))
}

/// Fills a store with the bundled sample feed, and the full text of its summary-only item.
pub fn seed_demo(store: &mut Store) -> anyhow::Result<()> {
    let id = match store.add_feed(&NewFeed {
        url: DEMO_FEED_URL.into(),
        title: None,
        tags: vec!["Afrique".into()],
        hidden: false,
    })? {
        crate::store::AddOutcome::Added(id) | crate::store::AddOutcome::Exists(id) => id,
    };
    let parsed = crate::fetch::parse::parse_bytes(
        DEMO_FEED,
        None,
        Some("https://africa24tv.com/"),
        &crate::fetch::ParseLimits::default(),
    )?;
    store.record_fetch_success(
        id,
        &FeedUpdate {
            parsed,
            etag: None,
            last_modified: None,
            new_url: None,
            next_fetch: Utc::now() + chrono::Duration::days(365),
        },
    )?;
    let articles = store.list_articles(&ArticleQuery {
        filter: ArticleFilter {
            feed: Some(id),
            ..Default::default()
        },
        ..Default::default()
    })?;
    for a in articles {
        let article = store.require_article(a.id)?;
        if article.content_html.is_none() {
            if let Some(link) = &article.link {
                if let Ok(x) = crate::extract::extract(DEMO_PAGE, link) {
                    store.set_fulltext(a.id, &x.html)?;
                }
            }
        }
    }
    Ok(())
}
