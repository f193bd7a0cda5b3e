//! A first start: the default subscriptions on a first run, and `--demo`'s throwaway data
//! directory filled with sample articles without any network.

use std::path::Path;

use chrono::Utc;

use crate::fetch::parse::ParseError;
use crate::store::{ArticleFilter, ArticleQuery, FeedUpdate, NewFeed, Store, StoreError};
use crate::subscriptions::ImportError;

/// Why the first run's feeds or the demo could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the bundled default feeds: {0}")]
    Defaults(#[from] ImportError),
    #[error("the bundled demo feed: {0}")]
    Demo(#[from] ParseError),
}

/// The subscriptions a first run starts with.
pub const DEFAULT_FEEDS: &str = include_str!("../../assets/default-feeds.opml");
/// The demo's feed (the Africa24 sample, with its own addresses).
const DEMO_FEED: &[u8] = include_bytes!("../../assets/demo/africa24-feed.xml");
/// The web page of the demo's article, for its full text.
const DEMO_PAGE: &str = include_str!("../../assets/demo/africa24-article.html");
const DEMO_FEED_URL: &str = "https://africa24tv.com/feed/";

/// Whether the store holds nothing at all (no feeds, no articles, not even saved pages).
pub fn is_empty(store: &Store) -> Result<bool, StoreError> {
    Ok(store.feeds()?.is_empty() && store.count_articles(&ArticleFilter::default())? == 0)
}

/// Subscribes an empty store to the default feeds, once (a user who removes them all does not
/// get them back).
pub fn default_feeds(store: &mut Store) -> Result<usize, SetupError> {
    if store.meta("default_feeds")?.is_some() {
        return Ok(0);
    }
    let feeds = crate::subscriptions::parse(DEFAULT_FEEDS, Path::new("default-feeds.opml"))?;
    let report = store.import_feeds(&feeds)?;
    store.set_meta("default_feeds", &Utc::now().timestamp().to_string())?;
    Ok(report.added.len())
}

/// Fills a store with the bundled sample feed, and the full text of its summary-only item.
pub fn seed_demo(store: &mut Store) -> Result<(), SetupError> {
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
