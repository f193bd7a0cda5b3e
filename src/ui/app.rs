//! The reader's state and `update`: every message changes the state and may ask for work.
//!
//! [`update`] never does I/O: it returns [`Command`]s that the runtime carries out (store
//! jobs on the store thread, layouts and fetches on the async runtime), and their results come
//! back as messages. Drawing is a pure function of [`State`] (see `view`). Lists hold only a
//! window of rows around the selection (a few hundred), paged from the store on demand.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{
    KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

use crate::config::keys::Key;
use crate::config::{Action, Config, KeyMap, KeySpec, Notify};
use crate::i18n::t;
use crate::model::{Article, ArticleId, ArticleSummary, FeedId, FetchStatus};
use crate::render::sanitize::clean_line;
use crate::render::Line;
use crate::store::{ArticleFilter, SearchHit};
use crate::ui::line_edit::LineInput;

use super::event::{
    Command, FeedsSnapshot, Job, LaidOut, Msg, Page, RefreshScope, RefreshSummary, SearchResults,
    UndoEntry,
};
use super::geometry::{contains, Panes};
use super::theme::Theme;

/// Rows of an article list kept in memory around the selection.
pub const WINDOW: u32 = 200;
/// Rows from a window's edge at which the next window is loaded.
const MARGIN: usize = 30;
/// Ticks per second (the tick is a quarter second).
pub const TICKS_PER_SEC: u64 = 4;
/// Undo entries kept.
const UNDO_DEPTH: usize = 50;
/// Two clicks closer than this are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// Which view has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Feeds,
    Articles,
    Reader,
    Search,
}

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
}

/// A selection and the first visible row of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub top: usize,
}

impl Cursor {
    /// Moves by `delta` rows within `len` rows, keeping the selection in a `height`-row view.
    pub fn step(&mut self, delta: isize, len: usize, height: usize) {
        let max = len.saturating_sub(1);
        let s = (self.selected as isize).saturating_add(delta);
        self.selected = s.clamp(0, max as isize) as usize;
        self.follow(len, height);
    }

    /// Puts the selection at `index`.
    pub fn set(&mut self, index: usize, len: usize, height: usize) {
        self.selected = index.min(len.saturating_sub(1));
        self.follow(len, height);
    }

    /// Scrolls so the selection is visible; clamps both to `len`.
    pub fn follow(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + height {
            self.top = self.selected + 1 - height;
        }
        self.top = self.top.min(len.saturating_sub(height));
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
}

impl ArticleList {
    fn new(source: ListSource, title: String) -> ArticleList {
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
        }
    }

    /// The row at list index `i`, if it is in the window.
    pub fn row(&self, i: usize) -> Option<&ArticleSummary> {
        let i = (i as u64).checked_sub(self.offset)?;
        self.rows.get(usize::try_from(i).ok()?)
    }

    fn row_mut(&mut self, id: ArticleId) -> Option<&mut ArticleSummary> {
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
}

/// The article being read.
#[derive(Debug, Clone)]
pub struct ReaderState {
    pub summary: ArticleSummary,
    pub article: Option<Arc<Article>>,
    /// Laid-out lines (header included) and the width they were laid out at.
    pub lines: Option<Arc<Vec<Line>>>,
    pub links: Arc<Vec<String>>,
    pub width: u16,
    pub scroll: usize,
    /// Where Back goes.
    pub return_to: Screen,
}

/// The search results view.
#[derive(Debug, Clone)]
pub struct SearchView {
    pub query: String,
    pub generation: u64,
    pub hits: Vec<SearchHit>,
    pub total: u64,
    pub cursor: Cursor,
    pub loading: bool,
    pub return_to: Screen,
}

/// What a prompt asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    AddFeed,
    Rename(FeedId),
    Tags(FeedId),
    SaveUrl,
    /// The name to keep a search (the query) under.
    SaveSearch(String),
}

impl PromptKind {
    /// The question shown before the input.
    pub fn label(&self) -> &'static str {
        match self {
            PromptKind::Search => t("Search:"),
            PromptKind::AddFeed => t("Add feed (URL or site):"),
            PromptKind::Rename(_) => t("Rename feed:"),
            PromptKind::Tags(_) => t("Tags (comma-separated):"),
            PromptKind::SaveUrl => t("Save page (URL):"),
            PromptKind::SaveSearch(_) => t("Save search as:"),
        }
    }
}

/// A one-line input at the bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: LineInput,
}

/// A yes/no question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    RemoveFeed(FeedId, String),
    /// Forget a saved search (by name).
    ForgetSearch(String),
}

/// A transient status message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
    /// The tick after which it disappears.
    pub until: u64,
}

/// What the status bar reports.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    /// Feeds done and total, while a refresh runs.
    pub refreshing: Option<(usize, usize)>,
    /// Feeds that failed in the current or last refresh.
    pub failed: usize,
    network_failed: usize,
    /// Every fetch of the last refresh failed with a network error.
    pub offline: bool,
    pub message: Option<Message>,
}

/// Settings the reader takes from the config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub mark_read_on_open: bool,
    pub reader_width: u16,
    pub link_list: bool,
    /// Network work allowed (off in `--demo`).
    pub network: bool,
    pub refresh_on_start: bool,
    /// Ticks between automatic refreshes (0: never).
    pub refresh_every: u64,
    pub notify: Notify,
}

impl Settings {
    /// The reader's settings from the config.
    pub fn from_config(config: &Config) -> Settings {
        Settings {
            mark_read_on_open: config.mark_read_on_open,
            reader_width: config.reader.width,
            link_list: config.reader.link_list,
            network: true,
            refresh_on_start: config.refresh_on_start,
            refresh_every: u64::from(config.refresh_interval) * 60 * TICKS_PER_SEC,
            notify: config.notify,
        }
    }
}

/// Everything the reader shows and remembers.
#[derive(Debug, Clone)]
pub struct State {
    pub size: (u16, u16),
    pub screen: Screen,
    pub feeds: Vec<FeedEntry>,
    pub feeds_cursor: Cursor,
    pub feeds_loaded: bool,
    pub list: ArticleList,
    pub reader: Option<ReaderState>,
    pub search: Option<SearchView>,
    pub prompt: Option<Prompt>,
    pub confirm: Option<Confirm>,
    /// The help overlay and its scroll, when open.
    pub help: Option<usize>,
    /// The first-run welcome screen is up.
    pub welcome: bool,
    pub status: Status,
    pub undo: Vec<UndoEntry>,
    /// Reader scroll per article, to come back where one left off.
    pub scroll_memory: HashMap<ArticleId, usize>,
    /// A link number being typed in the reader.
    pub digits: String,
    pub hide_read: bool,
    pub unread_total: u64,
    pub keymap: KeyMap,
    pub theme: Theme,
    pub settings: Settings,
    pub tick: u64,
    last_refresh: u64,
    last_click: Option<(Instant, u16, u16)>,
    /// Open the article found by the next unread search (asked from the reader).
    open_found: bool,
    search_generation: u64,
    pub quit: bool,
}

impl State {
    /// A fresh state for a terminal of `size`.
    pub fn new(size: (u16, u16), keymap: KeyMap, theme: Theme, settings: Settings) -> State {
        State {
            size,
            screen: Screen::Feeds,
            feeds: Vec::new(),
            feeds_cursor: Cursor::default(),
            feeds_loaded: false,
            list: ArticleList::new(ListSource::All, t("All articles").to_string()),
            reader: None,
            search: None,
            prompt: None,
            confirm: None,
            help: None,
            welcome: false,
            status: Status::default(),
            undo: Vec::new(),
            scroll_memory: HashMap::new(),
            digits: String::new(),
            hide_read: false,
            unread_total: 0,
            keymap,
            theme,
            settings,
            tick: 0,
            last_refresh: 0,
            last_click: None,
            open_found: false,
            search_generation: 0,
            quit: false,
        }
    }

    /// The first work to do: read feeds and the first page, prime change polling, and refresh
    /// when the config asks for it.
    pub fn init(&mut self) -> Vec<Command> {
        let mut out = vec![Command::Job(Job::LoadFeeds), self.reload_list(false)];
        out.push(Command::Job(Job::Poll));
        if self.settings.network && self.settings.refresh_on_start {
            out.push(Command::Refresh(RefreshScope::All));
        }
        out
    }

    fn panes(&self) -> Panes {
        Panes::of(self)
    }

    /// Shows a transient message.
    pub fn say(&mut self, text: impl Into<String>, error: bool) {
        self.status.message = Some(Message {
            text: clean_line(&text.into()),
            error,
            until: self.tick + 5 * TICKS_PER_SEC,
        });
    }

    fn reload_list(&mut self, keep: bool) -> Command {
        self.list.generation += 1;
        self.list.loading = true;
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
        Command::Job(Job::LoadPage {
            filter: self.list.source.filter(self.hide_read),
            generation: self.list.generation,
            offset,
            limit: WINDOW,
            keep: keep_id,
        })
    }

    /// Loads another window when the selection nears the edge of the one held.
    fn page_if_needed(&mut self) -> Option<Command> {
        if self.list.loading || self.list.total == 0 {
            return None;
        }
        let sel = self.list.cursor.selected as u64;
        let start = self.list.offset;
        let end = start + self.list.rows.len() as u64;
        let margin = MARGIN as u64;
        let low_ok = start == 0 || sel >= start + margin;
        let high_ok = end >= self.list.total || sel + margin < end;
        if low_ok && high_ok && sel >= start && sel < end.max(start + 1) {
            return None;
        }
        self.list.generation += 1;
        self.list.loading = true;
        self.list.keep_at = None;
        Some(Command::Job(Job::LoadPage {
            filter: self.list.source.filter(self.hide_read),
            generation: self.list.generation,
            offset: sel.saturating_sub(u64::from(WINDOW / 2)),
            limit: WINDOW,
            keep: None,
        }))
    }

    /// Switches the article list to another source, selection at the top.
    fn show_source(&mut self, source: ListSource, title: String) -> Vec<Command> {
        if self.list.source == source && self.list.loaded {
            self.list.title = title;
            return Vec::new();
        }
        self.list = ArticleList::new(source, title);
        vec![self.reload_list(false)]
    }

    /// The article the keys act on in the current screen.
    pub fn current_article(&self) -> Option<ArticleSummary> {
        match self.screen {
            Screen::Reader => self.reader.as_ref().map(|r| r.summary.clone()),
            Screen::Articles => self.list.selected().cloned(),
            Screen::Search => self
                .search
                .as_ref()
                .and_then(|s| s.hits.get(s.cursor.selected))
                .map(|h| h.article.clone()),
            Screen::Feeds => None,
        }
    }

    /// The feed the feed-management keys act on.
    fn current_feed(&self) -> Option<(FeedId, String)> {
        if self.screen == Screen::Feeds {
            if let Some(FeedEntry::Feed { id, title, .. }) =
                self.feeds.get(self.feeds_cursor.selected)
            {
                return Some((*id, title.clone()));
            }
            return None;
        }
        if let ListSource::Feed(id) = self.list.source {
            return Some((id, self.list.title.clone()));
        }
        None
    }

    fn feed_tags(&self, id: FeedId) -> Vec<String> {
        let mut tags = Vec::new();
        let mut current_tag: Option<&str> = None;
        for e in &self.feeds {
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

    /// Applies a read/bookmark change to every copy of the article the state holds.
    fn patch(&mut self, id: ArticleId, read: Option<bool>, bookmarked: Option<bool>) {
        let apply = |s: &mut ArticleSummary| {
            if let Some(r) = read {
                s.read = r;
            }
            if let Some(b) = bookmarked {
                s.bookmarked = b;
            }
        };
        if let Some(row) = self.list.row_mut(id) {
            apply(row);
        }
        if let Some(search) = &mut self.search {
            for h in search.hits.iter_mut().filter(|h| h.article.id == id) {
                apply(&mut h.article);
            }
        }
        if let Some(reader) = &mut self.reader {
            if reader.summary.id == id {
                apply(&mut reader.summary);
                if let Some(a) = &reader.article {
                    let mut a = (**a).clone();
                    if let Some(r) = read {
                        a.read = r;
                    }
                    if let Some(b) = bookmarked {
                        a.bookmarked = b;
                    }
                    reader.article = Some(Arc::new(a));
                }
            }
        }
    }

    fn rebuild_feeds(&mut self, snap: &FeedsSnapshot) {
        let key = self.feeds.get(self.feeds_cursor.selected).cloned();
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
        let mut tags: Vec<String> = Vec::new();
        for f in &visible {
            if let Some(tag) = f.tags.first() {
                if !tags.contains(tag) {
                    tags.push(tag.clone());
                }
            }
        }
        tags.sort_by_key(|a| a.to_lowercase());
        let feed_entry = |f: &crate::model::Feed, indented: bool| FeedEntry::Feed {
            id: f.id,
            title: clean_line(&f.title),
            unread: f.unread,
            failed: f.last_status == FetchStatus::Error,
            error: f.last_error.as_deref().map(clean_line),
            indented,
        };
        for tag in &tags {
            let members: Vec<_> = visible
                .iter()
                .filter(|f| f.tags.first() == Some(tag))
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
        let same = |a: &FeedEntry, b: &FeedEntry| match (a, b) {
            (FeedEntry::Feed { id: x, .. }, FeedEntry::Feed { id: y, .. }) => x == y,
            (FeedEntry::Tag { name: x, .. }, FeedEntry::Tag { name: y, .. }) => x == y,
            (FeedEntry::Search { name: x, .. }, FeedEntry::Search { name: y, .. }) => x == y,
            _ => std::mem::discriminant(a) == std::mem::discriminant(b),
        };
        let selected = key
            .and_then(|k| entries.iter().position(|e| same(e, &k)))
            .unwrap_or(self.feeds_cursor.selected);
        self.feeds = entries;
        self.unread_total = snap.unread_total;
        let rows = self.panes().feeds_rows();
        self.feeds_cursor.set(selected, self.feeds.len(), rows);
        self.feeds_loaded = true;
        if let ListSource::Feed(id) = &self.list.source {
            if let Some(FeedEntry::Feed { title, .. }) = self
                .feeds
                .iter()
                .find(|e| matches!(e, FeedEntry::Feed { id: x, .. } if x == id))
            {
                self.list.title = title.clone();
            }
        }
    }

    fn open_article(&mut self, summary: ArticleSummary, return_to: Screen) -> Vec<Command> {
        self.remember_scroll();
        let scroll = self.scroll_memory.get(&summary.id).copied().unwrap_or(0);
        let mark = self.settings.mark_read_on_open && !summary.read;
        let id = summary.id;
        self.reader = Some(ReaderState {
            summary,
            article: None,
            lines: None,
            links: Arc::new(Vec::new()),
            width: 0,
            scroll,
            return_to,
        });
        self.screen = Screen::Reader;
        self.digits.clear();
        if mark {
            self.patch(id, Some(true), None);
        }
        vec![Command::Job(Job::LoadArticle {
            id,
            mark_read: mark,
        })]
    }

    fn remember_scroll(&mut self) {
        if let Some(r) = &self.reader {
            self.scroll_memory.insert(r.summary.id, r.scroll);
        }
    }

    fn layout_command(&self) -> Option<Command> {
        let reader = self.reader.as_ref()?;
        let article = reader.article.clone()?;
        Some(Command::Layout {
            article,
            width: self.panes().reader_width(),
            measure: self.settings.reader_width,
            link_list: self.settings.link_list,
        })
    }

    fn max_scroll(&self) -> usize {
        let rows = self.panes().reader_rows();
        self.reader
            .as_ref()
            .and_then(|r| r.lines.as_ref())
            .map_or(0, |l| l.len().saturating_sub(rows))
    }

    fn search_rows(&self) -> usize {
        (self.panes().main_rows() / 3).max(1)
    }
}

/// Turns a terminal key into the config's key notation.
pub fn key_spec(k: &KeyEvent) -> Option<KeySpec> {
    let key = match k.code {
        KeyCode::Char(c) => Key::Char(if k.modifiers.contains(KeyModifiers::CONTROL) {
            c.to_ascii_lowercase()
        } else {
            c
        }),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        KeyCode::F(n) => Key::F(n),
        _ => return None,
    };
    Some(KeySpec {
        key,
        ctrl: k.modifiers.contains(KeyModifiers::CONTROL),
        alt: k.modifiers.contains(KeyModifiers::ALT),
    })
}

/// Applies a message to the state; returns the work it asks for.
pub fn update(state: &mut State, msg: Msg) -> Vec<Command> {
    match msg {
        Msg::Key(k) => {
            if k.kind == KeyEventKind::Release {
                return Vec::new();
            }
            on_key(state, k)
        }
        Msg::Mouse(m, at) => on_mouse(state, m, at),
        Msg::Paste(text) => {
            if let Some(p) = &mut state.prompt {
                p.input
                    .insert_str(&clean_line(&text.replace(['\n', '\r'], " ")));
            }
            Vec::new()
        }
        Msg::Resize(w, h) => {
            state.size = (w, h);
            let mut out = Vec::new();
            relayout_cursors(state);
            if let Some(r) = &state.reader {
                if r.width != state.panes().reader_width() {
                    out.extend(state.layout_command());
                }
            }
            if state.screen == Screen::Articles || state.panes().main.is_some() {
                out.extend(state.page_if_needed());
            }
            out
        }
        Msg::Tick => on_tick(state),
        Msg::Terminate => {
            state.quit = true;
            vec![Command::Quit]
        }
        Msg::Suspend => vec![Command::Suspend],
        Msg::FeedsLoaded(snap) => {
            let first = !state.feeds_loaded;
            state.rebuild_feeds(&snap);
            if first && snap.feeds.is_empty() && snap.total == 0 {
                state.welcome = true;
            }
            Vec::new()
        }
        Msg::ArticlesLoaded(page) => on_page(state, page),
        Msg::ArticleLoaded(article) => {
            let mut out = Vec::new();
            if let Some(r) = &mut state.reader {
                if r.summary.id == article.id {
                    r.summary = article.summary();
                    r.article = Some(article);
                    out.extend(state.layout_command());
                }
            }
            out
        }
        Msg::ArticleLaidOut(laid) => on_laid_out(state, laid),
        Msg::SearchLoaded(results) => on_search(state, results),
        Msg::UnreadFound(found) => on_unread_found(state, found),
        Msg::Marked(entry) => {
            if let Some(entry) = entry {
                state.undo.push(entry);
                if state.undo.len() > UNDO_DEPTH {
                    state.undo.remove(0);
                }
            }
            vec![Command::Job(Job::LoadFeeds)]
        }
        Msg::Undone(text) => {
            state.say(text, false);
            vec![Command::Job(Job::LoadFeeds), state.reload_list(true)]
        }
        Msg::FeedsChanged(text) => {
            state.say(text, false);
            vec![Command::Job(Job::LoadFeeds), state.reload_list(true)]
        }
        Msg::RefreshStarted { total } => {
            state.status.refreshing = Some((0, total));
            state.status.failed = 0;
            state.status.network_failed = 0;
            state.last_refresh = state.tick;
            Vec::new()
        }
        Msg::RefreshProgress(r) => {
            if let Some((done, _)) = &mut state.status.refreshing {
                *done += 1;
            }
            if r.error.is_some() {
                state.status.failed += 1;
                if r.network {
                    state.status.network_failed += 1;
                }
            }
            if r.new > 0 {
                vec![Command::Job(Job::LoadFeeds), state.reload_list(true)]
            } else if r.error.is_some() {
                vec![Command::Job(Job::LoadFeeds)]
            } else {
                Vec::new()
            }
        }
        Msg::RefreshDone(summary) => on_refresh_done(state, summary),
        Msg::FullTextDone { id, result } => match result {
            Ok(()) => {
                state.say(t("Full text fetched"), false);
                match &state.reader {
                    Some(r) if r.summary.id == id => vec![Command::Job(Job::LoadArticle {
                        id,
                        mark_read: false,
                    })],
                    _ => Vec::new(),
                }
            }
            Err(e) => {
                state.say(format!("{}: {e}", t("Full text failed")), true);
                Vec::new()
            }
        },
        Msg::FullTextWanted { id, url } => {
            if state.settings.network {
                vec![Command::FullText { id, url }]
            } else {
                Vec::new()
            }
        }
        Msg::IndexMore => vec![Command::Job(Job::IndexPending)],
        Msg::StoreChanged => {
            // Another process (a cron refresh) stored articles: show them, index them.
            let mut out = vec![
                Command::Job(Job::LoadFeeds),
                state.reload_list(true),
                Command::Job(Job::IndexPending),
            ];
            if let Some(s) = &mut state.search {
                state.search_generation += 1;
                s.generation = state.search_generation;
                out.push(Command::Job(Job::Search {
                    query: s.query.clone(),
                    generation: s.generation,
                }));
            }
            out
        }
        Msg::FeedResolved { feed_url, title } => {
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
        Msg::FeedAdded(id) => {
            if state.settings.network {
                vec![Command::Refresh(RefreshScope::Feeds(vec![id]))]
            } else {
                Vec::new()
            }
        }
        Msg::Error(e) => {
            state.say(e, true);
            Vec::new()
        }
        Msg::Info(i) => {
            state.say(i, false);
            Vec::new()
        }
    }
}

fn relayout_cursors(state: &mut State) {
    let panes = state.panes();
    let rows = panes.feeds_rows();
    let len = state.feeds.len();
    state.feeds_cursor.follow(len, rows);
    let rows = panes.main_rows();
    let len = state.list.len();
    state.list.cursor.follow(len, rows);
    let rows = state.search_rows();
    if let Some(s) = &mut state.search {
        s.cursor.follow(s.hits.len(), rows);
    }
    let max = state.max_scroll();
    if let Some(r) = &mut state.reader {
        r.scroll = r.scroll.min(max);
    }
}

fn on_tick(state: &mut State) -> Vec<Command> {
    state.tick += 1;
    if state
        .status
        .message
        .as_ref()
        .is_some_and(|m| m.until < state.tick)
    {
        state.status.message = None;
    }
    let mut out = Vec::new();
    if state.tick.is_multiple_of(2 * TICKS_PER_SEC) {
        out.push(Command::Job(Job::Poll));
    }
    let every = state.settings.refresh_every;
    if state.settings.network
        && every > 0
        && state.status.refreshing.is_none()
        && state.tick.saturating_sub(state.last_refresh) >= every
    {
        state.last_refresh = state.tick;
        out.push(Command::Refresh(RefreshScope::Due));
    }
    out
}

fn on_page(state: &mut State, page: Page) -> Vec<Command> {
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
            list.cursor.selected = usize::try_from(select).unwrap_or(0);
        }
    }
    let rows = Panes::of(state).main_rows();
    let len = state.list.len();
    state.list.cursor.follow(len, rows);
    state.page_if_needed().into_iter().collect()
}

fn on_laid_out(state: &mut State, laid: LaidOut) -> Vec<Command> {
    let width = state.panes().reader_width();
    let rows = state.panes().reader_rows();
    let Some(r) = &mut state.reader else {
        return Vec::new();
    };
    if r.summary.id != laid.id || laid.width != width {
        return Vec::new();
    }
    if let Some(old) = &r.lines {
        // Keep the same place in the text across a re-layout.
        if !old.is_empty() && r.width != laid.width {
            r.scroll = r.scroll * laid.lines.len() / old.len();
        }
    }
    r.scroll = r.scroll.min(laid.lines.len().saturating_sub(rows));
    r.lines = Some(laid.lines);
    r.links = laid.links;
    r.width = laid.width;
    Vec::new()
}

fn on_search(state: &mut State, results: SearchResults) -> Vec<Command> {
    let rows = state.search_rows();
    if let Some(s) = &mut state.search {
        if s.generation == results.generation {
            s.hits = results.hits;
            s.total = results.total;
            s.loading = false;
            let len = s.hits.len();
            s.cursor.follow(len, rows);
        }
    }
    Vec::new()
}

fn on_unread_found(state: &mut State, found: Option<(ArticleSummary, u64)>) -> Vec<Command> {
    let open = std::mem::take(&mut state.open_found);
    let Some((summary, pos)) = found else {
        state.say(t("No more unread articles"), false);
        return Vec::new();
    };
    let rows = state.panes().main_rows();
    let len = state.list.len();
    state
        .list
        .cursor
        .set(usize::try_from(pos).unwrap_or(0), len, rows);
    let mut out: Vec<Command> = state.page_if_needed().into_iter().collect();
    if open {
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

fn on_refresh_done(state: &mut State, summary: RefreshSummary) -> Vec<Command> {
    state.status.refreshing = None;
    state.status.failed = summary.failed;
    state.status.offline = summary.offline;
    state.last_refresh = state.tick;
    let mut out = vec![
        Command::Job(Job::LoadFeeds),
        state.reload_list(true),
        Command::Job(Job::IndexPending),
    ];
    if state.settings.network && !summary.offline {
        out.push(Command::KeepFullText);
    }
    if summary.offline {
        state.say(t("Offline: showing cached articles"), true);
    } else if summary.new > 0 {
        let text = format!("{} {}", summary.new, t("new articles"));
        if state.settings.notify != Notify::Off {
            out.push(Command::Notify(text.clone()));
        }
        state.say(text, false);
    } else if summary.failed > 0 {
        state.say(
            format!("{} {}", summary.failed, t("feeds failed to refresh")),
            true,
        );
    }
    out
}

fn on_key(state: &mut State, k: KeyEvent) -> Vec<Command> {
    // Ctrl-Z suspends whatever is on screen.
    if k.modifiers.contains(KeyModifiers::CONTROL) && k.code == KeyCode::Char('z') {
        return vec![Command::Suspend];
    }
    if state.welcome {
        state.welcome = false;
        return Vec::new();
    }
    if let Some(confirm) = state.confirm.take() {
        if matches!(k.code, KeyCode::Char('y') | KeyCode::Char('Y')) {
            match confirm {
                Confirm::RemoveFeed(id, _) => {
                    if state.list.source == ListSource::Feed(id) {
                        state.list = ArticleList::new(ListSource::All, t("All articles").into());
                        if state.screen != Screen::Feeds {
                            state.screen = Screen::Feeds;
                        }
                    }
                    return vec![Command::Job(Job::RemoveFeed(id))];
                }
                Confirm::ForgetSearch(name) => {
                    return vec![Command::Job(Job::ForgetSearch(name))];
                }
            }
        }
        state.say(t("Cancelled"), false);
        return Vec::new();
    }
    if state.prompt.is_some() {
        return on_prompt_key(state, k);
    }
    let spec = key_spec(&k);
    let action = spec.as_ref().and_then(|s| state.keymap.action(s));
    if let Some(help_scroll) = state.help {
        match action {
            Some(Action::Down) => state.help = Some(help_scroll + 1),
            Some(Action::Up) => state.help = Some(help_scroll.saturating_sub(1)),
            Some(Action::PageDown) => state.help = Some(help_scroll + 10),
            Some(Action::PageUp) => state.help = Some(help_scroll.saturating_sub(10)),
            Some(Action::Quit) => {
                state.quit = true;
                return vec![Command::Quit];
            }
            _ => state.help = None,
        }
        return Vec::new();
    }
    // A link number being typed in the reader.
    if state.screen == Screen::Reader && action.is_none() {
        if let KeyCode::Char(c @ '0'..='9') = k.code {
            if state.digits.len() < 4 {
                state.digits.push(c);
            }
            return Vec::new();
        }
    }
    if state.screen == Screen::Reader && !state.digits.is_empty() {
        let digits = std::mem::take(&mut state.digits);
        if action == Some(Action::Open) || k.code == KeyCode::Enter {
            return open_link(state, &digits);
        }
        if k.code == KeyCode::Backspace {
            let mut d = digits;
            d.pop();
            state.digits = d;
            return Vec::new();
        }
    }
    match action {
        Some(a) => on_action(state, a),
        None => Vec::new(),
    }
}

fn open_link(state: &mut State, digits: &str) -> Vec<Command> {
    let n: usize = digits.parse().unwrap_or(0);
    let link = state
        .reader
        .as_ref()
        .and_then(|r| n.checked_sub(1).and_then(|i| r.links.get(i)).cloned());
    match link {
        Some(url) => {
            state.say(format!("{} {url}", t("Opening")), false);
            vec![Command::OpenUrl(url)]
        }
        None => {
            state.say(format!("{} {n}", t("No link number")), true);
            Vec::new()
        }
    }
}

fn on_prompt_key(state: &mut State, k: KeyEvent) -> Vec<Command> {
    let Some(prompt) = &mut state.prompt else {
        return Vec::new();
    };
    match k.code {
        KeyCode::Esc => {
            state.prompt = None;
            Vec::new()
        }
        KeyCode::Enter => {
            let Some(p) = state.prompt.take() else {
                return Vec::new();
            };
            submit_prompt(state, p)
        }
        KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
            state.prompt = None;
            Vec::new()
        }
        _ => {
            prompt.input.edit(k);
            Vec::new()
        }
    }
}

fn submit_prompt(state: &mut State, p: Prompt) -> Vec<Command> {
    let input = p.input.as_str().trim().to_string();
    match p.kind {
        PromptKind::Search => {
            if input.is_empty() {
                return Vec::new();
            }
            start_search(state, input)
        }
        PromptKind::AddFeed => {
            if input.is_empty() {
                return Vec::new();
            }
            let url = if input.contains("://")
                || input.starts_with('/')
                || input.starts_with("./")
                || input.starts_with("~/")
                || input.starts_with("exec:")
            {
                input
            } else {
                format!("https://{input}")
            };
            if let Err(e) = crate::subscriptions::check_url(&url) {
                state.say(e, true);
                return Vec::new();
            }
            if state.settings.network {
                state.say(format!("{} {url}", t("Looking for a feed at")), false);
                vec![Command::ResolveFeed(url)]
            } else {
                vec![Command::Job(Job::AddFeed { url, title: None })]
            }
        }
        PromptKind::Rename(id) => vec![Command::Job(Job::RenameFeed {
            id,
            title: (!input.is_empty()).then_some(input),
        })],
        PromptKind::Tags(id) => {
            let tags = input
                .split(',')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            vec![Command::Job(Job::SetTags { id, tags })]
        }
        PromptKind::SaveUrl => {
            if input.is_empty() {
                return Vec::new();
            }
            if !state.settings.network {
                state.say(t("Saving pages needs the network (not in demo mode)"), true);
                return Vec::new();
            }
            state.say(format!("{} {input}", t("Saving")), false);
            vec![Command::SavePage(input)]
        }
        PromptKind::SaveSearch(query) => {
            if input.is_empty() {
                return Vec::new();
            }
            vec![Command::Job(Job::SaveSearch { name: input, query })]
        }
    }
}

fn start_search(state: &mut State, query: String) -> Vec<Command> {
    state.search_generation += 1;
    let return_to = match (&state.search, state.screen) {
        (Some(s), Screen::Search) => s.return_to,
        (_, Screen::Reader) => state.reader.as_ref().map_or(Screen::Feeds, |r| r.return_to),
        (_, screen) => screen,
    };
    state.search = Some(SearchView {
        query: query.clone(),
        generation: state.search_generation,
        hits: Vec::new(),
        total: 0,
        cursor: Cursor::default(),
        loading: true,
        return_to,
    });
    state.screen = Screen::Search;
    vec![Command::Job(Job::Search {
        query,
        generation: state.search_generation,
    })]
}

/// Moves the focused list or the reader.
fn move_by(state: &mut State, delta: isize, page: bool) -> Vec<Command> {
    let panes = state.panes();
    match state.screen {
        Screen::Feeds => {
            let rows = panes.feeds_rows();
            let d = if page {
                delta * rows.max(1) as isize
            } else {
                delta
            };
            let len = state.feeds.len();
            state.feeds_cursor.step(d, len, rows);
            preview_feed(state)
        }
        Screen::Articles => {
            let rows = panes.main_rows();
            let d = if page {
                delta * rows.max(1) as isize
            } else {
                delta
            };
            let len = state.list.len();
            state.list.cursor.step(d, len, rows);
            state.page_if_needed().into_iter().collect()
        }
        Screen::Search => {
            let rows = state.search_rows();
            let d = if page { delta * rows as isize } else { delta };
            if let Some(s) = &mut state.search {
                let len = s.hits.len();
                s.cursor.step(d, len, rows);
            }
            Vec::new()
        }
        Screen::Reader => {
            let rows = panes.reader_rows();
            let d = if page {
                delta * rows.saturating_sub(2).max(1) as isize
            } else {
                delta
            };
            let max = state.max_scroll();
            if let Some(r) = &mut state.reader {
                r.scroll = ((r.scroll as isize).saturating_add(d)).clamp(0, max as isize) as usize;
            }
            Vec::new()
        }
    }
}

fn move_to(state: &mut State, end: bool) -> Vec<Command> {
    let big = if end {
        isize::MAX / 4
    } else {
        -(isize::MAX / 4)
    };
    move_by(state, big, false)
}

/// In wide terminals the article pane follows the feed selection.
fn preview_feed(state: &mut State) -> Vec<Command> {
    if state.panes().main.is_none() {
        return Vec::new();
    }
    match state.feeds.get(state.feeds_cursor.selected).cloned() {
        Some(entry) => match entry.source() {
            Some(source) => state.show_source(source, entry.label()),
            None => Vec::new(),
        },
        None => Vec::new(),
    }
}

fn open_entry(state: &mut State) -> Vec<Command> {
    let Some(entry) = state.feeds.get(state.feeds_cursor.selected).cloned() else {
        return Vec::new();
    };
    if let FeedEntry::Search { query, .. } = &entry {
        return start_search(state, query.clone());
    }
    let mut out = Vec::new();
    if let Some(source) = entry.source() {
        out.extend(state.show_source(source, entry.label()));
    }
    state.screen = Screen::Articles;
    relayout_cursors(state);
    out
}

fn back(state: &mut State) -> Vec<Command> {
    match state.screen {
        Screen::Reader => {
            state.remember_scroll();
            let to = state
                .reader
                .as_ref()
                .map_or(Screen::Articles, |r| r.return_to);
            state.screen = to;
            state.digits.clear();
        }
        Screen::Articles => state.screen = Screen::Feeds,
        Screen::Search => {
            let to = state.search.as_ref().map_or(Screen::Feeds, |s| s.return_to);
            state.screen = if to == Screen::Reader || to == Screen::Search {
                Screen::Articles
            } else {
                to
            };
        }
        Screen::Feeds => {}
    }
    relayout_cursors(state);
    Vec::new()
}

fn on_action(state: &mut State, action: Action) -> Vec<Command> {
    match action {
        Action::Up => move_by(state, -1, false),
        Action::Down => move_by(state, 1, false),
        Action::PageUp => move_by(state, -1, true),
        Action::PageDown => move_by(state, 1, true),
        Action::Top => move_to(state, false),
        Action::Bottom => move_to(state, true),
        Action::Open => match state.screen {
            Screen::Feeds => open_entry(state),
            Screen::Articles => match state.list.selected().cloned() {
                Some(s) => state.open_article(s, Screen::Articles),
                None => Vec::new(),
            },
            Screen::Search => match state.current_article() {
                Some(s) => state.open_article(s, Screen::Search),
                None => Vec::new(),
            },
            Screen::Reader => Vec::new(),
        },
        Action::Back => back(state),
        Action::Quit => {
            state.quit = true;
            vec![Command::Quit]
        }
        Action::NextUnread | Action::PrevUnread => {
            let forward = action == Action::NextUnread;
            let from = state.current_article().map(|a| a.id).or_else(|| {
                (state.screen == Screen::Feeds)
                    .then(|| state.list.selected().map(|r| r.id))
                    .flatten()
            });
            state.open_found = state.screen == Screen::Reader;
            let filter = state.list.source.filter(false);
            vec![Command::Job(Job::NeighbourUnread {
                filter,
                from: if state.screen == Screen::Feeds {
                    None
                } else {
                    from
                },
                forward,
            })]
        }
        Action::RefreshFeed | Action::RefreshAll => {
            if !state.settings.network {
                state.say(t("Refreshing is off in demo mode"), false);
                return Vec::new();
            }
            if state.status.refreshing.is_some() {
                state.say(t("A refresh is already running"), false);
                return Vec::new();
            }
            let scope = if action == Action::RefreshAll {
                RefreshScope::All
            } else if let Some(feed) = state
                .current_article()
                .and_then(|a| a.feed_id)
                .filter(|_| state.screen == Screen::Reader)
            {
                RefreshScope::Feeds(vec![feed])
            } else if let Some((id, _)) = state.current_feed() {
                RefreshScope::Feeds(vec![id])
            } else {
                RefreshScope::All
            };
            vec![Command::Refresh(scope)]
        }
        Action::ToggleRead => match state.current_article() {
            Some(a) => {
                state.patch(a.id, Some(!a.read), None);
                vec![Command::Job(Job::SetRead {
                    ids: vec![a.id],
                    read: !a.read,
                })]
            }
            None => Vec::new(),
        },
        Action::MarkAllRead => {
            let filter = match state.screen {
                Screen::Feeds => match state.feeds.get(state.feeds_cursor.selected) {
                    Some(e) => match e.source() {
                        Some(s) => s.filter(false),
                        None => return Vec::new(),
                    },
                    None => return Vec::new(),
                },
                Screen::Search => {
                    state.say(t("Mark all read works on feeds and lists"), false);
                    return Vec::new();
                }
                _ => state.list.source.filter(false),
            };
            for row in &mut state.list.rows {
                row.read = true;
            }
            vec![Command::Job(Job::MarkAllRead(filter))]
        }
        Action::Bookmark => match state.current_article() {
            Some(a) => {
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
            None => Vec::new(),
        },
        Action::OpenInBrowser | Action::CopyLink => {
            match state.current_article().and_then(|a| a.link) {
                Some(url) => {
                    if action == Action::OpenInBrowser {
                        state.say(format!("{} {url}", t("Opening")), false);
                        vec![Command::OpenUrl(url)]
                    } else {
                        state.say(format!("{} {url}", t("Copied")), false);
                        vec![Command::Copy(url)]
                    }
                }
                None => {
                    state.say(t("This article has no link"), true);
                    Vec::new()
                }
            }
        }
        Action::FullText => match state.current_article() {
            Some(a) => match a.link.filter(|l| l.starts_with("http")) {
                Some(url) if state.settings.network => {
                    state.say(t("Fetching full text…"), false);
                    vec![Command::FullText { id: a.id, url }]
                }
                Some(_) => {
                    state.say(t("Fetching is off in demo mode"), false);
                    Vec::new()
                }
                None => {
                    state.say(t("This article has no web page"), true);
                    Vec::new()
                }
            },
            None => Vec::new(),
        },
        Action::Search => {
            state.prompt = Some(Prompt {
                kind: PromptKind::Search,
                input: LineInput::default(),
            });
            Vec::new()
        }
        Action::Help => {
            state.help = Some(0);
            Vec::new()
        }
        Action::ToggleHideRead => {
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
        Action::Undo => match state.undo.pop() {
            Some(entry) => {
                match &entry {
                    UndoEntry::Read(changed) | UndoEntry::Bookmark(changed) => {
                        let is_read = matches!(entry, UndoEntry::Read(_));
                        for (id, old) in changed {
                            if is_read {
                                state.patch(*id, Some(*old), None);
                            } else {
                                state.patch(*id, None, Some(*old));
                            }
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
            None => {
                state.say(t("Nothing to undo"), false);
                Vec::new()
            }
        },
        Action::Bookmarks => {
            let out = state.show_source(ListSource::Bookmarks, t("Bookmarks").into());
            if let Some(i) = state
                .feeds
                .iter()
                .position(|e| matches!(e, FeedEntry::Bookmarks { .. }))
            {
                let rows = state.panes().feeds_rows();
                let len = state.feeds.len();
                state.feeds_cursor.set(i, len, rows);
            }
            state.screen = Screen::Articles;
            relayout_cursors(state);
            out
        }
        Action::AddFeed => {
            state.prompt = Some(Prompt {
                kind: PromptKind::AddFeed,
                input: LineInput::default(),
            });
            Vec::new()
        }
        Action::RenameFeed | Action::EditTags | Action::RemoveFeed => {
            let Some((id, title)) = state.current_feed() else {
                state.say(t("Select a feed first"), true);
                return Vec::new();
            };
            match action {
                Action::RenameFeed => {
                    state.prompt = Some(Prompt {
                        kind: PromptKind::Rename(id),
                        input: LineInput::new(title),
                    })
                }
                Action::EditTags => {
                    state.prompt = Some(Prompt {
                        kind: PromptKind::Tags(id),
                        input: LineInput::new(state.feed_tags(id).join(", ")),
                    })
                }
                _ => state.confirm = Some(Confirm::RemoveFeed(id, title)),
            }
            Vec::new()
        }
        Action::SaveUrl => {
            state.prompt = Some(Prompt {
                kind: PromptKind::SaveUrl,
                input: LineInput::default(),
            });
            Vec::new()
        }
        Action::SaveSearch => {
            if state.screen == Screen::Feeds {
                if let Some(FeedEntry::Search { name, .. }) =
                    state.feeds.get(state.feeds_cursor.selected)
                {
                    state.confirm = Some(Confirm::ForgetSearch(name.clone()));
                    return Vec::new();
                }
            }
            match state
                .search
                .as_ref()
                .filter(|_| state.screen == Screen::Search)
            {
                Some(search) => {
                    let query = search.query.clone();
                    state.prompt = Some(Prompt {
                        kind: PromptKind::SaveSearch(query.clone()),
                        input: LineInput::new(query),
                    });
                }
                None => state.say(t("Search first (/), then save it"), true),
            }
            Vec::new()
        }
        Action::NextPane => {
            if state.panes().separator.is_some() {
                state.screen = match state.screen {
                    Screen::Feeds => Screen::Articles,
                    _ => Screen::Feeds,
                };
            }
            Vec::new()
        }
    }
}

fn on_mouse(state: &mut State, m: crossterm::event::MouseEvent, at: Instant) -> Vec<Command> {
    if state.welcome || state.help.is_some() || state.prompt.is_some() || state.confirm.is_some() {
        return Vec::new();
    }
    let panes = state.panes();
    let in_feeds = panes.feeds.is_some_and(|r| contains(r, m.column, m.row));
    let in_main = panes.main.is_some_and(|r| contains(r, m.column, m.row));
    match m.kind {
        MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
            let delta = if m.kind == MouseEventKind::ScrollDown {
                3
            } else {
                -3
            };
            let saved = state.screen;
            if in_feeds {
                state.screen = Screen::Feeds;
            } else if in_main && state.screen == Screen::Feeds {
                state.screen = Screen::Articles;
            }
            let out = move_by(state, delta, false);
            if in_feeds || (in_main && saved == Screen::Feeds) {
                state.screen = saved;
            }
            out
        }
        MouseEventKind::Down(MouseButton::Left) => {
            let double = state.last_click.is_some_and(|(t, x, y)| {
                x == m.column && y == m.row && at.saturating_duration_since(t) < DOUBLE_CLICK
            });
            state.last_click = Some((at, m.column, m.row));
            let mut out = Vec::new();
            if let Some(r) = panes.feeds.filter(|_| in_feeds) {
                if m.row > r.y {
                    let i = state.feeds_cursor.top + (m.row - r.y - 1) as usize;
                    if i < state.feeds.len() {
                        state.screen = Screen::Feeds;
                        let rows = panes.feeds_rows();
                        let len = state.feeds.len();
                        state.feeds_cursor.set(i, len, rows);
                        out.extend(preview_feed(state));
                        if double {
                            out.extend(open_entry(state));
                        }
                    }
                }
            } else if let Some(r) = panes.main.filter(|_| in_main) {
                if m.row > r.y {
                    let row = (m.row - r.y - 1) as usize;
                    match state.screen {
                        Screen::Feeds | Screen::Articles => {
                            let i = state.list.cursor.top + row;
                            if i < state.list.len() {
                                state.screen = Screen::Articles;
                                let rows = panes.main_rows();
                                let len = state.list.len();
                                state.list.cursor.set(i, len, rows);
                                if double {
                                    out.extend(on_action(state, Action::Open));
                                }
                            }
                        }
                        Screen::Search => {
                            let rows = state.search_rows();
                            if let Some(s) = &mut state.search {
                                let i = s.cursor.top + row / 3;
                                if i < s.hits.len() {
                                    let len = s.hits.len();
                                    s.cursor.set(i, len, rows);
                                    if double {
                                        out.extend(on_action(state, Action::Open));
                                    }
                                }
                            }
                        }
                        Screen::Reader => {}
                    }
                }
            }
            out
        }
        _ => Vec::new(),
    }
}
