//! The feed list screen: virtual entries (all, bookmarks, saved, saved searches), then feeds
//! grouped by tag (a feed under each of its tags, tags compared without regard to case). It owns its entries and cursor, rebuilds them from each snapshot the store
//! sends (keeping the selection on the same entry), and handles its keys: moving (which, in
//! wide terminals, previews the entry's articles beside it), opening an entry, marking an
//! entry read, forgetting a saved search, and managing the selected feed.

use crate::config::KeyAction;
use crate::i18n::t;
use crate::model::{Feed, FeedId, FetchStatus};
use crate::render::sanitize::clean_line;

use super::cursor::{distance, Cursor};
use super::prompt::{self, PromptKind};
use super::{marks, search, Confirm, ListSource, Screen, State};
use crate::ui::event::{Command, FeedsSnapshot, Job};

/// One row of the feed list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedEntry {
    All {
        unread: u64,
    },
    Bookmarks {
        count: u64,
    },
    Saved {
        count: u64,
    },
    Search {
        name: String,
        query: String,
        unread: u64,
    },
    Tag {
        name: String,
        unread: u64,
    },
    Feed {
        id: FeedId,
        title: String,
        unread: u64,
        /// The last fetch failed.
        failed: bool,
        /// Why, when it did.
        error: Option<String>,
        /// Shown under a tag header.
        indented: bool,
    },
}

impl FeedEntry {
    /// The list this entry opens (saved searches open the search view instead).
    pub fn source(&self) -> Option<ListSource> {
        match self {
            FeedEntry::All { .. } => Some(ListSource::All),
            FeedEntry::Bookmarks { .. } => Some(ListSource::Bookmarks),
            FeedEntry::Saved { .. } => Some(ListSource::Saved),
            FeedEntry::Search { .. } => None,
            FeedEntry::Tag { name, .. } => Some(ListSource::Tag(name.clone())),
            FeedEntry::Feed { id, .. } => Some(ListSource::Feed(*id)),
        }
    }

    /// The name shown.
    pub fn label(&self) -> String {
        match self {
            FeedEntry::All { .. } => t("All articles").to_string(),
            FeedEntry::Bookmarks { .. } => t("Bookmarks").to_string(),
            FeedEntry::Saved { .. } => t("Saved").to_string(),
            FeedEntry::Search { name, .. } => name.clone(),
            FeedEntry::Tag { name, .. } => name.clone(),
            FeedEntry::Feed { title, .. } => title.clone(),
        }
    }

    /// The count shown beside it.
    pub fn count(&self) -> u64 {
        match self {
            FeedEntry::All { unread }
            | FeedEntry::Search { unread, .. }
            | FeedEntry::Tag { unread, .. }
            | FeedEntry::Feed { unread, .. } => *unread,
            FeedEntry::Bookmarks { count } | FeedEntry::Saved { count } => *count,
        }
    }

    /// Whether two entries are the same one (counts aside), to keep the selection on it.
    fn same(&self, other: &FeedEntry) -> bool {
        match (self, other) {
            (FeedEntry::Feed { id: x, .. }, FeedEntry::Feed { id: y, .. }) => x == y,
            (FeedEntry::Tag { name: x, .. }, FeedEntry::Tag { name: y, .. }) => x == y,
            (FeedEntry::Search { name: x, .. }, FeedEntry::Search { name: y, .. }) => x == y,
            _ => std::mem::discriminant(self) == std::mem::discriminant(other),
        }
    }
}

/// The feed list: its entries and cursor.
#[derive(Debug, Clone, Default)]
pub struct FeedList {
    pub entries: Vec<FeedEntry>,
    pub cursor: Cursor,
    /// The first snapshot arrived.
    pub loaded: bool,
}

impl FeedList {
    /// The entries, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, FeedEntry> {
        self.entries.iter()
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The selected entry.
    pub fn selected(&self) -> Option<&FeedEntry> {
        self.entries.get(self.cursor.selected)
    }

    /// The selected entry when it is a feed: its id and title.
    pub fn selected_feed(&self) -> Option<(FeedId, String)> {
        match self.selected() {
            Some(FeedEntry::Feed { id, title, .. }) => Some((*id, title.clone())),
            _ => None,
        }
    }

    /// Keeps the selection inside the list and a view of `rows` rows.
    pub fn follow(&mut self, rows: usize) {
        self.cursor.follow(self.entries.len(), rows);
    }

    /// Selects entry `i` in a view of `rows` rows.
    pub fn select(&mut self, i: usize, rows: usize) {
        self.cursor.set(i, self.entries.len(), rows);
    }

    /// The tags a feed is listed under.
    fn tags_of(&self, id: FeedId) -> Vec<String> {
        let mut tags = Vec::new();
        let mut current_tag: Option<&str> = None;
        for e in &self.entries {
            match e {
                FeedEntry::Tag { name, .. } => current_tag = Some(name),
                FeedEntry::Feed {
                    id: fid, indented, ..
                } if *fid == id && *indented => {
                    if let Some(t) = current_tag {
                        if !tags.iter().any(|x: &String| x == t) {
                            tags.push(t.to_string());
                        }
                    }
                }
                FeedEntry::Feed {
                    indented: false, ..
                } => current_tag = None,
                _ => {}
            }
        }
        tags
    }

    /// The title the list shows for a feed.
    fn title_of(&self, id: FeedId) -> Option<&str> {
        self.entries.iter().find_map(|e| match e {
            FeedEntry::Feed { id: x, title, .. } if *x == id => Some(title.as_str()),
            _ => None,
        })
    }
}

/// Whether two tags are the same one (tags match without regard to case).
fn same_tag(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// The entries for a snapshot: virtual entries, saved searches, feeds by tag, untagged feeds.
fn entries(snap: &FeedsSnapshot) -> Vec<FeedEntry> {
    let mut entries = vec![
        FeedEntry::All {
            unread: snap.unread_total,
        },
        FeedEntry::Bookmarks {
            count: snap.bookmarks,
        },
    ];
    if snap.saved > 0 {
        entries.push(FeedEntry::Saved { count: snap.saved });
    }
    for s in &snap.searches {
        entries.push(FeedEntry::Search {
            name: clean_line(&s.name),
            query: s.query.clone(),
            unread: s.unread,
        });
    }
    let visible: Vec<_> = snap.feeds.iter().filter(|f| !f.hidden).collect();
    // Each tag once whatever its case (as the store matches it), spelled as first met.
    let mut tags: Vec<String> = Vec::new();
    for tag in visible.iter().flat_map(|f| &f.tags) {
        if !tags.iter().any(|t| same_tag(t, tag)) {
            tags.push(tag.clone());
        }
    }
    tags.sort_by_key(|a| a.to_lowercase());
    let feed_entry = |f: &Feed, indented: bool| FeedEntry::Feed {
        id: f.id,
        title: clean_line(&f.title),
        unread: f.unread,
        failed: f.last_status == FetchStatus::Error,
        error: f.last_error.as_ref().map(|e| clean_line(&e.say())),
        indented,
    };
    for tag in &tags {
        // A feed shows under each of its tags; the count is what opening the tag lists.
        let members: Vec<_> = visible
            .iter()
            .filter(|f| f.tags.iter().any(|t| same_tag(t, tag)))
            .collect();
        entries.push(FeedEntry::Tag {
            name: clean_line(tag),
            unread: members.iter().map(|f| f.unread).sum(),
        });
        for f in members {
            entries.push(feed_entry(f, true));
        }
    }
    for f in visible.iter().filter(|f| f.tags.is_empty()) {
        entries.push(feed_entry(f, false));
    }
    entries
}

/// A fresh snapshot of the subscriptions: rebuild the list, the selection on the same entry.
pub(super) fn on_loaded(state: &mut State, snap: &FeedsSnapshot) -> Vec<Command> {
    let first = !state.feeds.loaded;
    let key = state.feeds.selected().cloned();
    let entries = entries(snap);
    let selected = key
        .and_then(|k| entries.iter().position(|e| e.same(&k)))
        .unwrap_or(state.feeds.cursor.selected);
    state.feeds.entries = entries;
    state.unread_total = snap.unread_total;
    let rows = state.panes().feeds_rows();
    state.feeds.select(selected, rows);
    state.feeds.loaded = true;
    if let ListSource::Feed(id) = &state.list.source {
        if let Some(title) = state.feeds.title_of(*id) {
            state.list.title = title.to_string();
        }
    }
    if first && snap.feeds.is_empty() && snap.total == 0 {
        state.welcome = true;
    }
    Vec::new()
}

/// A URL to subscribe to was resolved: subscribe.
pub(super) fn on_resolved(
    state: &mut State,
    feed_url: String,
    title: Option<String>,
) -> Vec<Command> {
    let name = title
        .as_deref()
        .map(clean_line)
        .unwrap_or_else(|| feed_url.clone());
    state.say(format!("{} {name}", t("Found")), false);
    // The feed's own title shows until the user renames it.
    vec![Command::Job(Job::AddFeed {
        url: feed_url,
        title: None,
    })]
}

/// The keys the feed list handles itself.
pub(super) fn on_action(state: &mut State, action: KeyAction) -> Option<Vec<Command>> {
    let out = match action {
        KeyAction::Open => open_entry(state),
        KeyAction::Back => Vec::new(),
        KeyAction::MarkAllRead => match state.feeds.selected().and_then(FeedEntry::source) {
            Some(source) => marks::mark_all_read(state, source.filter(false)),
            None => Vec::new(),
        },
        KeyAction::SaveSearch => match state.feeds.selected() {
            Some(FeedEntry::Search { name, .. }) => {
                state.confirm = Some(Confirm::ForgetSearch(name.clone()));
                Vec::new()
            }
            _ => return None,
        },
        _ => return None,
    };
    Some(out)
}

/// Moves the feed list's selection.
pub(super) fn move_by(state: &mut State, delta: isize, page: bool) -> Vec<Command> {
    let rows = state.panes().feeds_rows();
    let len = state.feeds.len();
    state
        .feeds
        .cursor
        .step(distance(delta, page, rows), len, rows);
    preview(state)
}

/// Selects entry `i` (a click); a double click opens it.
pub(super) fn click(state: &mut State, i: usize, double: bool) -> Vec<Command> {
    if i >= state.feeds.len() {
        return Vec::new();
    }
    state.screen = Screen::Feeds;
    let rows = state.panes().feeds_rows();
    state.feeds.select(i, rows);
    let mut out = preview(state);
    if double {
        out.extend(open_entry(state));
    }
    out
}

/// In wide terminals the article pane follows the feed selection.
fn preview(state: &mut State) -> Vec<Command> {
    if state.panes().main.is_none() {
        return Vec::new();
    }
    match state.feeds.selected().cloned() {
        Some(entry) => match entry.source() {
            Some(source) => state.show_source(source, entry.label()),
            None => Vec::new(),
        },
        None => Vec::new(),
    }
}

/// Opens the selected entry: its articles, or a saved search's results.
fn open_entry(state: &mut State) -> Vec<Command> {
    let Some(entry) = state.feeds.selected().cloned() else {
        return Vec::new();
    };
    if let FeedEntry::Search { query, .. } = &entry {
        return search::start(state, query.clone());
    }
    let mut out = Vec::new();
    if let Some(source) = entry.source() {
        out.extend(state.show_source(source, entry.label()));
    }
    state.screen = Screen::Articles;
    state.relayout_cursors();
    out
}

/// Rename, retag or remove the current feed: a prompt, or a question first.
pub(super) fn manage(state: &mut State, action: KeyAction) -> Vec<Command> {
    let Some((id, title)) = state.current_feed() else {
        state.say(t("Select a feed first"), true);
        return Vec::new();
    };
    match action {
        KeyAction::RenameFeed => prompt::open(state, PromptKind::Rename(id), &title),
        KeyAction::EditTags => {
            let tags = state.feeds.tags_of(id).join(", ");
            prompt::open(state, PromptKind::Tags(id), &tags)
        }
        _ => {
            state.confirm = Some(Confirm::RemoveFeed(id, title));
            Vec::new()
        }
    }
}
