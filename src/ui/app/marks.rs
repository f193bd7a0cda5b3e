//! Read and bookmark flags: the keys that change them, every copy of an article the state
//! holds patched at once (so the screens agree before the store answers), and the undo
//! stack of what the store says it changed.

use std::sync::Arc;

use crate::i18n::t;
use crate::model::ArticleId;
use crate::store::ArticleFilter;

use super::State;
use crate::ui::event::{Command, Job, UndoEntry};

/// Undo entries kept.
const UNDO_DEPTH: usize = 50;

impl State {
    /// Applies a read/bookmark change to every copy of the article the state holds.
    pub(super) fn patch(&mut self, id: ArticleId, read: Option<bool>, bookmarked: Option<bool>) {
        let apply = |read_flag: &mut bool, bookmark_flag: &mut bool| {
            if let Some(r) = read {
                *read_flag = r;
            }
            if let Some(b) = bookmarked {
                *bookmark_flag = b;
            }
        };
        if let Some(row) = self.list.row_mut(id) {
            apply(&mut row.read, &mut row.bookmarked);
        }
        if let Some(search) = &mut self.search {
            for h in search.hits.iter_mut().filter(|h| h.article.id == id) {
                apply(&mut h.article.read, &mut h.article.bookmarked);
            }
        }
        if let Some(reader) = &mut self.reader {
            if reader.summary.id == id {
                apply(&mut reader.summary.read, &mut reader.summary.bookmarked);
                if let Some(a) = &reader.article {
                    let mut a = (**a).clone();
                    apply(&mut a.read, &mut a.bookmarked);
                    reader.article = Some(Arc::new(a));
                }
            }
        }
    }
}

/// The store changed flags: keep how to undo it, read the counts again.
pub(super) fn on_marked(state: &mut State, entry: Option<UndoEntry>) -> Vec<Command> {
    if let Some(entry) = entry {
        state.undo.push(entry);
        if state.undo.len() > UNDO_DEPTH {
            state.undo.remove(0);
        }
    }
    vec![Command::Job(Job::LoadFeeds)]
}

/// Marks the current article read or unread.
pub(super) fn toggle_read(state: &mut State) -> Vec<Command> {
    let Some(a) = state.current_article() else {
        return Vec::new();
    };
    state.patch(a.id, Some(!a.read), None);
    vec![Command::Job(Job::SetRead {
        ids: vec![a.id],
        read: !a.read,
    })]
}

/// Bookmarks the current article, or removes its bookmark.
pub(super) fn toggle_bookmark(state: &mut State) -> Vec<Command> {
    let Some(a) = state.current_article() else {
        return Vec::new();
    };
    state.patch(a.id, None, Some(!a.bookmarked));
    state.say(
        if a.bookmarked {
            t("Bookmark removed")
        } else {
            t("Bookmarked")
        },
        false,
    );
    vec![Command::Job(Job::SetBookmarked {
        ids: vec![a.id],
        bookmarked: !a.bookmarked,
    })]
}

/// Marks everything `filter` shows as read.
pub(super) fn mark_all_read(state: &mut State, filter: ArticleFilter) -> Vec<Command> {
    for row in &mut state.list.rows {
        row.read = true;
    }
    vec![Command::Job(Job::MarkAllRead(filter))]
}

/// Takes the last change back.
pub(super) fn undo(state: &mut State) -> Vec<Command> {
    let Some(entry) = state.undo.pop() else {
        state.say(t("Nothing to undo"), false);
        return Vec::new();
    };
    match &entry {
        UndoEntry::Read(changed) => {
            for (id, old) in changed {
                state.patch(*id, Some(*old), None);
            }
        }
        UndoEntry::Bookmark(changed) => {
            for (id, old) in changed {
                state.patch(*id, None, Some(*old));
            }
        }
        UndoEntry::MarkAll(ids) => {
            for id in ids {
                state.patch(*id, Some(false), None);
            }
        }
    }
    vec![Command::Job(Job::Undo(entry))]
}
