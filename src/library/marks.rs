//! Read and bookmark marks, with the undo each change allows, and what a bookmark brings with
//! it (its full text, so it reads offline).

use crate::model::ArticleId;
use crate::store::{ArticleFilter, Store, StoreError};

use super::fulltext::{self, Candidate};

/// A change the user can take back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undo {
    /// Read flags changed; each article with its old value.
    Read(Vec<(ArticleId, bool)>),
    /// Bookmark flags changed; each article with its old value.
    Bookmark(Vec<(ArticleId, bool)>),
    /// "Mark all read" marked these.
    MarkAll(Vec<ArticleId>),
}

/// What a bookmark change did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bookmarked {
    /// How to take it back (`None`: nothing changed).
    pub undo: Option<Undo>,
    /// Articles just bookmarked whose full text should now be fetched and kept.
    pub full_text_wanted: Vec<Candidate>,
}

/// What an undo put back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undone {
    /// Read flags are back as they were.
    ReadState,
    /// Bookmarks that had been removed are back.
    BookmarksRestored,
    /// Bookmarks that had just been added are gone again.
    BookmarksRemoved,
    /// Articles marked read together are unread again.
    MarkedUnread,
}

/// Sets read flags.
pub fn set_read(
    store: &mut Store,
    ids: &[ArticleId],
    read: bool,
) -> Result<Option<Undo>, StoreError> {
    let outcome = store.set_read(ids, read)?;
    Ok((!outcome.changed.is_empty()).then_some(Undo::Read(outcome.changed)))
}

/// Sets bookmark flags; a new bookmark asks for its full text.
pub fn set_bookmarked(
    store: &mut Store,
    ids: &[ArticleId],
    on: bool,
) -> Result<Bookmarked, StoreError> {
    let outcome = store.set_bookmarked(ids, on)?;
    let full_text_wanted = if on {
        fulltext::of_ids(store, ids)?
    } else {
        Vec::new()
    };
    Ok(Bookmarked {
        undo: (!outcome.changed.is_empty()).then_some(Undo::Bookmark(outcome.changed)),
        full_text_wanted,
    })
}

/// Marks everything a filter shows as read; returns how many changed and the undo.
pub fn mark_all_read(
    store: &mut Store,
    filter: &ArticleFilter,
) -> Result<(usize, Option<Undo>), StoreError> {
    let change = store.mark_all_read(filter)?;
    let n = change.ids.len();
    Ok((n, (n > 0).then_some(Undo::MarkAll(change.ids))))
}

/// Takes a change back.
pub fn undo(store: &mut Store, undo: Undo) -> Result<Undone, StoreError> {
    Ok(match undo {
        Undo::Read(changed) => {
            restore(changed, |ids, v| store.set_read(ids, v).map(|_| ()))?;
            Undone::ReadState
        }
        Undo::Bookmark(changed) => {
            // The change either added or removed bookmarks; undoing says which it reverses.
            let were_bookmarked = changed.iter().any(|(_, old)| *old);
            restore(changed, |ids, v| store.set_bookmarked(ids, v).map(|_| ()))?;
            if were_bookmarked {
                Undone::BookmarksRestored
            } else {
                Undone::BookmarksRemoved
            }
        }
        Undo::MarkAll(ids) => {
            store.set_read(&ids, false)?;
            Undone::MarkedUnread
        }
    })
}

/// Puts flags back to their old values, grouped by value.
fn restore(
    changed: Vec<(ArticleId, bool)>,
    mut set: impl FnMut(&[ArticleId], bool) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    for value in [false, true] {
        let ids: Vec<ArticleId> = changed
            .iter()
            .filter(|(_, old)| *old == value)
            .map(|(id, _)| *id)
            .collect();
        if !ids.is_empty() {
            set(&ids, value)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ParsedFeed, ParsedItem};
    use crate::store::{AddOutcome, ArticleQuery, FeedUpdate, NewFeed};

    fn store_with_article(whole: bool) -> (Store, ArticleId) {
        let mut s = Store::open_in_memory().unwrap();
        let AddOutcome::Added(feed) = s
            .add_feed(&NewFeed {
                url: "http://example.test/feed".into(),
                ..Default::default()
            })
            .unwrap()
        else {
            panic!("new feed")
        };
        let body = "<p>Un article entier, qui se suffit à lui-même.</p>".repeat(20);
        let item = ParsedItem {
            uid: "a".into(),
            title: "Titre".into(),
            link: Some("http://example.test/a".into()),
            content_html: whole.then(|| body.clone()),
            summary_html: (!whole).then(|| "<p>Résumé seulement […]</p>".to_string()),
            ..Default::default()
        };
        s.record_fetch_success(
            feed,
            &FeedUpdate {
                parsed: ParsedFeed {
                    items: vec![item],
                    ..Default::default()
                },
                etag: None,
                last_modified: None,
                new_url: None,
                next_fetch: chrono::Utc::now(),
            },
        )
        .unwrap();
        let id = s.list_articles(&ArticleQuery::default()).unwrap()[0].id;
        (s, id)
    }

    #[test]
    fn undoing_a_bookmark_says_which_way_it_went() {
        let (mut s, id) = store_with_article(true);
        let added = set_bookmarked(&mut s, &[id], true).unwrap();
        assert_eq!(
            undo(&mut s, added.undo.unwrap()).unwrap(),
            Undone::BookmarksRemoved
        );
        set_bookmarked(&mut s, &[id], true).unwrap();
        let removed = set_bookmarked(&mut s, &[id], false).unwrap();
        assert_eq!(
            undo(&mut s, removed.undo.unwrap()).unwrap(),
            Undone::BookmarksRestored
        );
        assert!(s.article(id).unwrap().unwrap().bookmarked);
    }

    #[test]
    fn a_bookmark_asks_for_the_full_text_of_a_summary_only() {
        let (mut s, id) = store_with_article(true);
        let whole = set_bookmarked(&mut s, &[id], true).unwrap();
        assert!(whole.full_text_wanted.is_empty());
        let (mut s, id) = store_with_article(false);
        let summary = set_bookmarked(&mut s, &[id], true).unwrap();
        assert_eq!(
            summary.full_text_wanted,
            vec![(id, "http://example.test/a".to_string())]
        );
    }
}
