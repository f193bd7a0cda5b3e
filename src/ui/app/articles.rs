//! The article list screen: a window of rows from the store around the selection, paged on
//! demand, and kept on the same article when the list is read again (a refresh, hiding read
//! articles). It handles its keys (moving, opening an article, going back to the feeds) and
//! the answers of the store: pages and the next or previous unread article.

use crate::config::KeyAction;
use crate::i18n::t;
use crate::model::{ArticleId, ArticleSummary, FeedId};
use crate::store::ArticleFilter;

use super::cursor::{distance, Cursor};
use super::{FeedEntry, Screen, State};
use crate::ui::event::{Command, Job, Page};

/// Rows of an article list kept in memory around the selection.
pub const WINDOW: u32 = 200;
/// Rows from a window's edge at which the next window is loaded.
const MARGIN: usize = 30;

/// What an article list lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListSource {
    All,
    Bookmarks,
    Saved,
    Tag(String),
    Feed(FeedId),
}

impl ListSource {
    /// The store filter, with read articles hidden or not.
    pub fn filter(&self, hide_read: bool) -> ArticleFilter {
        let mut f = ArticleFilter {
            unread_only: hide_read,
            ..ArticleFilter::default()
        };
        match self {
            ListSource::All => {}
            ListSource::Bookmarks => f.bookmarked_only = true,
            ListSource::Saved => f.saved_only = true,
            ListSource::Tag(tag) => f.tag = Some(tag.clone()),
            ListSource::Feed(id) => f.feed = Some(*id),
        }
        f
    }
}

/// An article list: a window of rows from the store.
#[derive(Debug, Clone)]
pub struct ArticleList {
    pub source: ListSource,
    pub title: String,
    /// Bumped on every load; stale pages are dropped.
    pub generation: u64,
    pub total: u64,
    /// List index of `rows[0]`.
    pub offset: u64,
    pub rows: Vec<ArticleSummary>,
    pub cursor: Cursor,
    /// A load is in flight.
    pub loading: bool,
    /// At least one page arrived.
    pub loaded: bool,
    /// The selection when a keep-selection reload was asked for.
    keep_at: Option<usize>,
    /// The next/previous unread search in flight.
    unread: Option<UnreadQuery>,
}

/// A search for the next or previous unread article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct UnreadQuery {
    forward: bool,
    /// Open what it finds (it was asked from the reader).
    open: bool,
    /// It started from the top (or bottom) of the list: nothing to wrap around to.
    from_end: bool,
    /// It wrapped around the end of the list.
    wrapped: bool,
}

impl ArticleList {
    /// An empty list of `source`, not yet loaded.
    pub fn new(source: ListSource, title: String) -> ArticleList {
        ArticleList {
            source,
            title,
            generation: 0,
            total: 0,
            offset: 0,
            rows: Vec::new(),
            cursor: Cursor::default(),
            loading: false,
            loaded: false,
            keep_at: None,
            unread: None,
        }
    }

    /// The row at list index `i`, if it is in the window.
    pub fn row(&self, i: usize) -> Option<&ArticleSummary> {
        let i = (i as u64).checked_sub(self.offset)?;
        self.rows.get(usize::try_from(i).ok()?)
    }

    pub(super) fn row_mut(&mut self, id: ArticleId) -> Option<&mut ArticleSummary> {
        self.rows.iter_mut().find(|r| r.id == id)
    }

    /// The selected row, if loaded.
    pub fn selected(&self) -> Option<&ArticleSummary> {
        self.row(self.cursor.selected)
    }

    /// Number of rows in the whole list.
    pub fn len(&self) -> usize {
        usize::try_from(self.total).unwrap_or(usize::MAX)
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// A load of the window starting at `offset`, keeping `keep` selected where it moved.
    fn load(&mut self, filter: ArticleFilter, offset: u64, keep: Option<ArticleId>) -> Command {
        self.generation += 1;
        self.loading = true;
        Command::Job(Job::LoadPage {
            filter,
            generation: self.generation,
            offset,
            limit: WINDOW,
            keep,
        })
    }
}

impl State {
    /// Reads the list again; with `keep`, the selected article stays selected where it moved.
    pub(super) fn reload_list(&mut self, keep: bool) -> Command {
        let keep_id = if keep {
            self.list.selected().map(|r| r.id)
        } else {
            None
        };
        self.list.keep_at = keep_id.map(|_| self.list.cursor.selected);
        let offset = if keep {
            self.list.offset
        } else {
            (self.list.cursor.selected as u64).saturating_sub(u64::from(WINDOW / 2))
        };
        let filter = self.list.source.filter(self.hide_read);
        self.list.load(filter, offset, keep_id)
    }

    /// Loads another window when the selection nears the edge of the one held.
    pub(super) fn page_if_needed(&mut self) -> Option<Command> {
        let list = &self.list;
        if list.loading || list.total == 0 {
            return None;
        }
        let sel = list.cursor.selected as u64;
        let start = list.offset;
        let end = start + list.rows.len() as u64;
        let margin = MARGIN as u64;
        let low_ok = start == 0 || sel >= start + margin;
        let high_ok = end >= list.total || sel + margin < end;
        if low_ok && high_ok && sel >= start && sel < end.max(start + 1) {
            return None;
        }
        self.list.keep_at = None;
        let filter = self.list.source.filter(self.hide_read);
        let offset = sel.saturating_sub(u64::from(WINDOW / 2));
        Some(self.list.load(filter, offset, None))
    }

    /// Switches the article list to another source, selection at the top.
    pub(super) fn show_source(&mut self, source: ListSource, title: String) -> Vec<Command> {
        self.main_pane = Screen::Articles;
        if self.list.source == source && self.list.loaded {
            self.list.title = title;
            return Vec::new();
        }
        self.list = ArticleList::new(source, title);
        vec![self.reload_list(false)]
    }
}

/// A page of the list arrived (stale ones are dropped).
pub(super) fn on_page(state: &mut State, page: Page) -> Vec<Command> {
    if page.generation != state.list.generation {
        return Vec::new();
    }
    let list = &mut state.list;
    list.loading = false;
    list.loaded = true;
    list.total = page.total;
    list.offset = page.offset;
    list.rows = page.rows;
    if let (Some(select), Some(at)) = (page.select, list.keep_at.take()) {
        if list.cursor.selected == at {
            let select = usize::try_from(select).unwrap_or(0);
            // Rows inserted above move the view with the selection: it stays where the eye is.
            list.cursor.top = (list.cursor.top + select).saturating_sub(at);
            list.cursor.selected = select;
        }
    }
    let rows = state.panes().main_rows();
    let len = state.list.len();
    state.list.cursor.follow(len, rows);
    state.page_if_needed().into_iter().collect()
}

/// The keys the article list handles itself.
pub(super) fn on_action(state: &mut State, action: KeyAction) -> Option<Vec<Command>> {
    let out = match action {
        KeyAction::Open => match state.list.selected().cloned() {
            Some(s) => state.open_article(s, Screen::Articles),
            None => Vec::new(),
        },
        KeyAction::Back => {
            state.screen = Screen::Feeds;
            state.relayout_cursors();
            Vec::new()
        }
        _ => return None,
    };
    Some(out)
}

/// Moves the list's selection, loading another window when it nears the edge.
pub(super) fn move_by(state: &mut State, delta: isize, page: bool) -> Vec<Command> {
    let rows = state.panes().main_rows();
    let len = state.list.len();
    state
        .list
        .cursor
        .step(distance(delta, page, rows), len, rows);
    state.page_if_needed().into_iter().collect()
}

/// Selects row `i` (a click); a double click opens it.
pub(super) fn click(state: &mut State, i: usize, double: bool) -> Vec<Command> {
    if i >= state.list.len() {
        return Vec::new();
    }
    state.screen = Screen::Articles;
    let rows = state.panes().main_rows();
    let len = state.list.len();
    state.list.cursor.set(i, len, rows);
    if double {
        return super::on_action(state, KeyAction::Open);
    }
    Vec::new()
}

/// Asks the store for the next or previous unread article of the list.
pub(super) fn find_unread(state: &mut State, forward: bool) -> Vec<Command> {
    let from = match state.screen {
        Screen::Feeds => None,
        _ => state.current_article().map(|a| a.id),
    };
    state.list.unread = Some(UnreadQuery {
        forward,
        open: state.screen == Screen::Reader,
        from_end: from.is_none(),
        wrapped: false,
    });
    vec![Command::Job(Job::NeighbourUnread {
        filter: state.list.source.filter(false),
        from,
        forward,
    })]
}

/// The next or previous unread article: select it, and open it when asked from the reader.
/// Past the end of the list the search goes round to the other end, and says so.
pub(super) fn on_unread_found(
    state: &mut State,
    found: Option<(ArticleSummary, u64)>,
) -> Vec<Command> {
    let query = state.list.unread.take();
    let Some((summary, pos)) = found else {
        return match query {
            Some(q) if !q.from_end && !q.wrapped => {
                state.list.unread = Some(UnreadQuery { wrapped: true, ..q });
                vec![Command::Job(Job::NeighbourUnread {
                    filter: state.list.source.filter(false),
                    from: None,
                    forward: q.forward,
                })]
            }
            _ => {
                state.say(t("No more unread articles"), false);
                Vec::new()
            }
        };
    };
    match query {
        Some(q) if q.wrapped && q.forward => {
            state.say(t("Wrapped around to the first unread article"), false)
        }
        Some(q) if q.wrapped => state.say(t("Wrapped around to the last unread article"), false),
        _ => {}
    }
    let rows = state.panes().main_rows();
    let len = state.list.len();
    state
        .list
        .cursor
        .set(usize::try_from(pos).unwrap_or(0), len, rows);
    let mut out: Vec<Command> = state.page_if_needed().into_iter().collect();
    if query.is_some_and(|q| q.open) {
        let return_to = state
            .reader
            .as_ref()
            .map_or(Screen::Articles, |r| r.return_to);
        out.extend(state.open_article(summary, return_to));
    } else if state.screen == Screen::Feeds {
        state.screen = Screen::Articles;
    }
    out
}

/// Hides or shows read articles, the selection kept where it can be.
pub(super) fn toggle_hide_read(state: &mut State) -> Vec<Command> {
    state.hide_read = !state.hide_read;
    state.say(
        if state.hide_read {
            t("Hiding read articles")
        } else {
            t("Showing read articles")
        },
        false,
    );
    vec![state.reload_list(true)]
}

/// Lists the bookmarks (and selects them in the feed list).
pub(super) fn show_bookmarks(state: &mut State) -> Vec<Command> {
    let out = state.show_source(ListSource::Bookmarks, t("Bookmarks").into());
    if let Some(i) = state
        .feeds
        .iter()
        .position(|e| matches!(e, FeedEntry::Bookmarks { .. }))
    {
        let rows = state.panes().feeds_rows();
        state.feeds.select(i, rows);
    }
    state.screen = Screen::Articles;
    state.relayout_cursors();
    out
}
