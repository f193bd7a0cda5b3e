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

impl crate::i18n::Explain for SetupError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            SetupError::Store(e) => e.explain(),
            SetupError::Defaults(e) => Phrase::of("the bundled default feeds: {}").cause(e),
            SetupError::Demo(e) => Phrase::of("the bundled demo feed: {}").cause(e),
        }
    }
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

/// One bundled outlet of the demo: its feed, and the pages of its summary-only articles.
struct DemoOutlet {
    url: &'static str,
    site: &'static str,
    tag: &'static str,
    feed: &'static [u8],
    /// (article link, page HTML).
    pages: &'static [(&'static str, &'static str)],
}

/// The demo's outlets: French and English, RSS, Atom and JSON Feed, pull-quotes of several
/// markups, a table, lists, code, links, a picture, and summary-only articles whose pages
/// are bundled (`assets/demo/README.md` says where each comes from).
const DEMO: &[DemoOutlet] = &[
    DemoOutlet {
        url: DEMO_FEED_URL,
        site: "https://africa24tv.com/",
        tag: "Afrique",
        feed: DEMO_FEED,
        pages: &[(
            "https://africa24tv.com/le-burkina-faso-et-la-russie-envisagent-de-renforcer-leur-cooperation-militaire/?version=courte",
            DEMO_PAGE,
        )],
    },
    DemoOutlet {
        url: "https://sahel-dispatch.example/feed.atom",
        site: "https://sahel-dispatch.example/",
        tag: "English",
        feed: include_bytes!("../../assets/demo/sahel-dispatch.atom"),
        pages: &[(
            "https://sahel-dispatch.example/2026/11/dakar-brt-commuters",
            include_str!("../../assets/demo/sahel-dispatch-brt.html"),
        )],
    },
    DemoOutlet {
        url: "https://griot-tech.example/feed.json",
        site: "https://griot-tech.example/",
        tag: "Tech",
        feed: include_bytes!("../../assets/demo/griot-tech.json"),
        pages: &[],
    },
];

/// Fills a store with the demo's outlets, and the full text of their summary-only articles.
pub fn seed_demo(store: &mut Store) -> Result<(), SetupError> {
    for outlet in DEMO {
        seed_outlet(store, outlet)?;
    }
    Ok(())
}

/// Fills a store with the Africa24 sample alone (the reader's view tests draw it).
pub fn seed_africa24(store: &mut Store) -> Result<(), SetupError> {
    seed_outlet(store, &DEMO[0])
}

fn seed_outlet(store: &mut Store, outlet: &DemoOutlet) -> Result<(), SetupError> {
    let id = match store.add_feed(&NewFeed {
        url: outlet.url.into(),
        title: None,
        tags: vec![outlet.tag.into()],
        hidden: false,
    })? {
        crate::store::AddOutcome::Added(id) | crate::store::AddOutcome::Exists(id) => id,
    };
    let parsed = crate::fetch::parse::parse_bytes(
        outlet.feed,
        None,
        Some(outlet.site),
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
        let page = outlet
            .pages
            .iter()
            .find(|(link, _)| article.link.as_deref() == Some(*link));
        if let (None, Some((link, html))) = (&article.content_html, page) {
            if let Ok(x) = crate::extract::extract(html, link) {
                store.set_fulltext(a.id, &x.html)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::reading;
    use crate::render::Block;

    fn kinds(store: &Store, title_part: &str) -> Vec<&'static str> {
        let list = store.list_articles(&ArticleQuery::default()).unwrap();
        let a = list
            .iter()
            .find(|a| a.title.contains(title_part))
            .unwrap_or_else(|| panic!("no article {title_part}"));
        let article = store.require_article(a.id).unwrap();
        reading::document(&article)
            .blocks
            .iter()
            .map(|b| match b {
                Block::PullQuote { .. } => "pullquote",
                Block::Quote { .. } => "quote",
                Block::Table { .. } => "table",
                Block::ListItem { .. } => "list",
                Block::Code { .. } => "code",
                Block::Image { .. } => "image",
                _ => "other",
            })
            .collect()
    }

    fn count(kinds: &[&str], kind: &str) -> usize {
        kinds.iter().filter(|k| **k == kind).count()
    }

    #[test]
    fn the_demo_shows_what_griot_does() {
        let mut store = Store::open_in_memory().unwrap();
        seed_demo(&mut store).unwrap();
        let feeds = store.feeds().unwrap();
        let titles: Vec<&str> = feeds.iter().map(|f| f.title.as_str()).collect();
        assert_eq!(titles, ["Africa24 TV", "Sahel Dispatch", "Le Griot Tech"]);

        let solar = kinds(&store, "Solar mini-grids");
        assert_eq!(count(&solar, "pullquote"), 1, "Guardian markup: {solar:?}");
        assert_eq!(count(&solar, "table"), 1);
        assert_eq!(count(&solar, "image"), 1);
        assert_eq!(count(&solar, "list"), 3);

        // Summary-only in the feed: its bundled page is the full text.
        let brt = kinds(&store, "bus rapid transit");
        assert_eq!(count(&brt, "pullquote"), 1, "Substack markup: {brt:?}");
        assert_eq!(count(&brt, "quote"), 1);
        assert_eq!(count(&brt, "list"), 2);

        let tech = kinds(&store, "terminal");
        assert_eq!(count(&tech, "pullquote"), 1, "Medium markup: {tech:?}");
        assert_eq!(count(&tech, "quote"), 1, "the quote after it stays a quote");
        assert_eq!(count(&tech, "code"), 1);

        let burkina = kinds(&store, "version courte");
        assert_eq!(
            count(&burkina, "pullquote"),
            2,
            "WordPress markup: {burkina:?}"
        );
    }
}
