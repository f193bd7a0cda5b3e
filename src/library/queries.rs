//! What the front ends read: the feed list with its counts, windows of article lists.

use crate::model::{ArticleId, ArticleSummary, Feed};
use crate::store::{ArticleFilter, ArticleQuery, SavedSearch, Store, StoreError, CACHE_KIB};

/// The reader's page cache while a refresh writes, in KiB. Each batch the refresh commits
/// makes the lists stale, so the reader reads them again once a tick, and what it cached of
/// the last reading is of no more use: the newest 200 articles of 1,000 feeds lie on as many
/// table pages, and the reader's cache held 4.4 MB of them at the peak of a cold refresh
/// (heaptrack; `benches/PROFILING.md`).
pub const REFRESHING_CACHE_KIB: u32 = 1024;

/// Gives the reader's store the page cache for reading beside a refresh (`true`), or its
/// usual one back.
pub fn while_refreshing(store: &Store, refreshing: bool) -> Result<(), StoreError> {
    store.set_cache_kib(if refreshing {
        REFRESHING_CACHE_KIB
    } else {
        CACHE_KIB
    })
}

/// What the feed list shows, read in one go.
#[derive(Debug, Clone, Default)]
pub struct FeedsSnapshot {
    pub feeds: Vec<Feed>,
    pub searches: Vec<SavedSearch>,
    pub unread_total: u64,
    pub bookmarks: u64,
    pub saved: u64,
    pub total: u64,
}

/// Feeds, saved searches and the counts the feed list shows.
pub fn feeds_snapshot(store: &Store) -> Result<FeedsSnapshot, StoreError> {
    let feeds = store.feeds()?;
    let saved = store.count_articles(&ArticleFilter {
        saved_only: true,
        ..Default::default()
    })?;
    // The feeds already carry their counts: no scan of the whole archive for the total.
    let total = feeds.iter().map(|f| f.total).sum::<u64>() + saved;
    Ok(FeedsSnapshot {
        searches: store.saved_searches()?,
        unread_total: store.unread_total()?,
        bookmarks: store.count_articles(&ArticleFilter {
            bookmarked_only: true,
            ..Default::default()
        })?,
        saved,
        total,
        feeds,
    })
}

/// A window of an article list: `rows[i]` is list entry `offset + i`.
#[derive(Debug, Clone)]
pub struct Window {
    pub total: u64,
    pub offset: u64,
    pub rows: Vec<ArticleSummary>,
    /// Where the article asked to be kept in view is now (when one was asked for).
    pub select: Option<u64>,
}

/// Reads a window of `limit` rows from `offset`; with `keep`, centred on that article.
pub fn window(
    store: &Store,
    filter: ArticleFilter,
    offset: u64,
    limit: u32,
    keep: Option<ArticleId>,
) -> Result<Window, StoreError> {
    let total = store.count_articles(&filter)?;
    let mut select = None;
    let mut offset = offset;
    if let Some(id) = keep {
        if let Some(pos) = store.position_of(&filter, id)? {
            let pos = pos.min(total.saturating_sub(1));
            select = Some(pos);
            offset = pos.saturating_sub(u64::from(limit) / 2);
        }
    }
    let offset = offset.min(total.saturating_sub(1));
    let rows = store.list_articles(&ArticleQuery {
        filter,
        limit,
        after: None,
        offset: u32::try_from(offset).unwrap_or(u32::MAX),
    })?;
    Ok(Window {
        total,
        offset,
        rows,
        select,
    })
}

/// The next or previous unread article after `from`, with its position in the list.
pub fn neighbour_unread(
    store: &Store,
    filter: &ArticleFilter,
    from: Option<ArticleId>,
    forward: bool,
) -> Result<Option<(ArticleSummary, u64)>, StoreError> {
    match store.neighbour_unread(filter, from, forward)? {
        Some(s) => {
            let pos = store.position_of(filter, s.id)?.unwrap_or(0);
            Ok(Some((s, pos)))
        }
        None => Ok(None),
    }
}
