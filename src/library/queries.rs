//! What the front ends read: the feed list with its counts, windows of article lists.

use crate::model::{ArticleId, ArticleSummary, Feed};
use crate::store::{ArticleFilter, ArticleQuery, SavedSearch, Store, StoreError};

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
