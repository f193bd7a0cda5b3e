//! The reader's state and `update`: every message changes the state and may ask for work.
//!
//! [`update`] never does I/O: it returns [`Command`]s that the runtime carries out (store
//! jobs on the store thread, layouts and fetches on the async runtime), and their results come
//! back as messages. Drawing is a pure function of [`State`] (see `view`). Lists hold only a
//! window of rows around the selection (a few hundred), paged from the store on demand.
//!
//! Each screen is its own module that owns its state and handles the messages and keys
//! addressed to it: [`feeds`], [`articles`], [`reader`], [`search`]; over them the
//! [`prompt`], the [`confirm`]ation question and the [`help`]. [`status`] keeps the status
//! bar and the refresh progress, [`marks`] read and bookmark flags with their undo, [`mouse`]
//! resolves clicks against what the last draw put where. This module routes: a key goes to
//! the mode that has the keyboard (looked up in the key map for that mode), a message to the
//! screen that owns it, and what no screen claims is handled here, the same everywhere.

pub mod account;
pub mod answer;
pub mod articles;
pub mod confirm;
pub mod cursor;
pub mod feeds;
pub mod handoff;
pub mod help;
pub mod marks;
pub mod mouse;
pub mod pictures;
pub mod prompt;
pub mod reader;
pub mod search;
pub mod status;

use std::cell::RefCell;
use std::collections::HashMap;

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::config::keys::{Key, Mode};
use crate::config::{Config, KeyAction, KeyMap, KeySpec, Notify};
use crate::i18n::t;
use crate::model::{ArticleId, ArticleSummary, FeedId};
use crate::render::sanitize::clean_line;

use super::event::{Command, Job, Msg, UndoEntry};
use super::geometry::{HitAreas, Panes};
use super::theme::Theme;
use crate::refresh::Selection;

pub use articles::{ArticleList, ListSource, WINDOW};
pub use confirm::Confirm;
pub use cursor::Cursor;
pub use feeds::{FeedEntry, FeedList};
pub use help::{Help, HelpPage};
pub use prompt::{Prompt, PromptKind};
pub use reader::ReaderState;
pub use search::SearchView;
pub use status::{retry_in, Message, Status, TICKS_PER_SEC};

/// Which screen has the keyboard (a prompt, question or the help may be over it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Feeds,
    Articles,
    Reader,
    Search,
}

impl Screen {
    /// The key-map mode of the screen.
    pub fn mode(self) -> Mode {
        match self {
            Screen::Feeds => Mode::Feeds,
            Screen::Articles => Mode::Articles,
            Screen::Reader => Mode::Reader,
            Screen::Search => Mode::Search,
        }
    }
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
    /// The sync account's server ("reader.example.org"), when one is configured.
    pub sync_server: Option<String>,
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
            sync_server: config.sync.as_ref().map(|s| account::server_name(&s.url)),
        }
    }
}

/// Everything the reader shows and remembers.
#[derive(Debug, Clone)]
pub struct State {
    pub size: (u16, u16),
    pub screen: Screen,
    pub feeds: FeedList,
    pub list: ArticleList,
    pub reader: Option<ReaderState>,
    pub search: Option<SearchView>,
    pub prompt: Option<Prompt>,
    pub confirm: Option<Confirm>,
    /// The help overlay, when open.
    pub help: Option<Help>,
    /// What the main pane shows beside the feed list: the article list or, until something
    /// replaces them, the search results.
    pub main_pane: Screen,
    /// The first-run welcome screen is up.
    pub welcome: bool,
    pub status: Status,
    pub undo: Vec<UndoEntry>,
    /// Reader scroll per article, to come back where one left off.
    pub scroll_memory: HashMap<ArticleId, usize>,
    pub hide_read: bool,
    pub unread_total: u64,
    pub keymap: KeyMap,
    pub theme: Theme,
    pub settings: Settings,
    /// Pipe, downloads and macros, from the config.
    pub handoff: handoff::HandoffSettings,
    /// The open article's pictures.
    pub pictures: pictures::Pictures,
    pub tick: u64,
    /// The wall clock as of the last frame, for dates said relatively ("3 hours ago");
    /// set by the loop before each draw (`None`: dates are shown in full).
    pub now: Option<chrono::DateTime<chrono::Utc>>,
    /// What the last draw put where, for mouse clicks (written by `view::draw`).
    pub drawn: RefCell<HitAreas>,
    mouse: mouse::Clicks,
    search_generation: u64,
    pub quit: bool,
}

impl State {
    /// A fresh state for a terminal of `size`.
    pub fn new(size: (u16, u16), keymap: KeyMap, theme: Theme, settings: Settings) -> State {
        State {
            size,
            screen: Screen::Feeds,
            feeds: FeedList::default(),
            list: ArticleList::new(ListSource::All, t("All articles").to_string()),
            reader: None,
            search: None,
            prompt: None,
            confirm: None,
            help: None,
            main_pane: Screen::Articles,
            welcome: false,
            status: Status::default(),
            undo: Vec::new(),
            scroll_memory: HashMap::new(),
            hide_read: false,
            unread_total: 0,
            keymap,
            theme,
            settings,
            handoff: handoff::HandoffSettings::default(),
            pictures: pictures::Pictures::default(),
            tick: 0,
            now: None,
            drawn: RefCell::new(HitAreas::default()),
            mouse: mouse::Clicks::default(),
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
            out.push(Command::Refresh(Selection::All));
        }
        out.extend(account::offer(self));
        out
    }

    /// Where each pane sits at the current size and screen.
    pub fn panes(&self) -> Panes {
        Panes::new(self.size.0, self.size.1, self.screen == Screen::Feeds)
    }

    /// Which key-map mode has the keyboard: a question, a prompt, the help, or the screen.
    pub fn mode(&self) -> Mode {
        if self.confirm.is_some() {
            Mode::Confirm
        } else if self.prompt.is_some() {
            Mode::Prompt
        } else if self.help.is_some() {
            Mode::Help
        } else {
            self.screen.mode()
        }
    }

    /// Shows a transient message.
    pub fn say(&mut self, text: impl Into<String>, error: bool) {
        let message = Message {
            text: clean_line(&text.into()),
            error,
            until: self.tick + 5 * TICKS_PER_SEC,
        };
        self.status.log(message.clone());
        self.status.message = Some(message);
    }

    /// The article the keys act on in the current screen.
    pub fn current_article(&self) -> Option<ArticleSummary> {
        match self.screen {
            Screen::Reader => self.reader.as_ref().map(|r| r.summary.clone()),
            Screen::Articles => self.list.selected().cloned(),
            Screen::Search => self.search.as_ref().and_then(SearchView::selected).cloned(),
            Screen::Feeds => None,
        }
    }

    /// The feed the feed-management keys act on: the one selected in the feed list, or the
    /// one whose articles are listed.
    fn current_feed(&self) -> Option<(FeedId, String)> {
        if self.screen == Screen::Feeds {
            return self.feeds.selected_feed();
        }
        if let ListSource::Feed(id) = self.list.source {
            return Some((id, self.list.title.clone()));
        }
        None
    }

    /// Keeps every cursor inside its list and view after a size or screen change.
    fn relayout_cursors(&mut self) {
        let panes = self.panes();
        self.feeds.follow(panes.feeds_rows());
        let len = self.list.len();
        self.list.cursor.follow(len, panes.main_rows());
        let rows = search::rows(&panes);
        if let Some(s) = &mut self.search {
            s.cursor.follow(s.hits.len(), rows);
        }
        let max = reader::max_scroll(self);
        if let Some(r) = &mut self.reader {
            r.scroll = r.scroll.min(max);
        }
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

/// Applies a message to the state; returns the work it asks for. Each message goes to the
/// screen or part of the state that owns it.
pub fn update(state: &mut State, msg: Msg) -> Vec<Command> {
    match msg {
        Msg::Key(k) if k.kind == KeyEventKind::Release => Vec::new(),
        Msg::Key(k) => on_key(state, k),
        Msg::Mouse(m, at) => mouse::on_mouse(state, m, at),
        Msg::Paste(text) => prompt::on_paste(state, &text),
        Msg::Resize(w, h) => on_resize(state, w, h),
        Msg::Tick => status::on_tick(state),
        Msg::Terminate => quit(state),
        Msg::Suspend => vec![Command::Suspend],
        Msg::FeedsLoaded(snap) => feeds::on_loaded(state, &snap),
        Msg::ArticlesLoaded(page) => articles::on_page(state, page),
        Msg::ArticleLoaded(article) => reader::on_article(state, article),
        Msg::ArticleLaidOut(laid) => reader::on_laid_out(state, laid),
        Msg::SearchLoaded(results) => search::on_results(state, results),
        Msg::SearchFailed { generation, error } => search::on_failure(state, generation, error),
        Msg::UnreadFound(found) => articles::on_unread_found(state, found),
        Msg::Marked(entry) => marks::on_marked(state, entry),
        Msg::Undone(text) | Msg::FeedsChanged(text) => {
            state.say(text, false);
            vec![Command::Job(Job::LoadFeeds), state.reload_list(true)]
        }
        Msg::RefreshStarted { total } => status::on_refresh_started(state, total),
        Msg::RefreshProgress(r) => status::on_refresh_progress(state, &r),
        Msg::RefreshDone(summary) => status::on_refresh_done(state, summary),
        Msg::FullTextDone { id, result } => reader::on_full_text(state, id, result),
        Msg::FullTextWanted { id, url } => {
            if state.settings.network {
                vec![Command::FullText { id, url }]
            } else {
                Vec::new()
            }
        }
        Msg::IndexMore => vec![Command::Job(Job::IndexPending)],
        Msg::StoreChanged => on_store_changed(state),
        Msg::FeedResolved { feed_url, title } => feeds::on_resolved(state, feed_url, title),
        Msg::FeedAdded(id) => {
            if state.settings.network {
                vec![Command::Refresh(Selection::Feeds(vec![id]))]
            } else {
                Vec::new()
            }
        }
        Msg::SubscriptionsUnsent(unsent) => account::on_unsent(state, unsent),
        Msg::SubscriptionsQueued(n) => account::on_queued(state, n),
        Msg::PictureLoaded { url, result } => {
            let again = pictures::on_loaded(state, url, result);
            relayout_if(state, again)
        }
        Msg::PictureEncoded { url, size, encoded } => {
            let again = pictures::on_encoded(state, url, size, encoded);
            relayout_if(state, again)
        }
        Msg::Error(e) => {
            state.say(e, true);
            Vec::new()
        }
        Msg::Info(i) => {
            state.say(i, false);
            Vec::new()
        }
        Msg::Handoff(m) => handoff::on_msg(state, m),
    }
}

/// The open article laid out again when `again`.
fn relayout_if(state: &State, again: bool) -> Vec<Command> {
    if again {
        reader::layout_command(state).into_iter().collect()
    } else {
        Vec::new()
    }
}

fn quit(state: &mut State) -> Vec<Command> {
    state.quit = true;
    vec![Command::Quit]
}

fn on_resize(state: &mut State, w: u16, h: u16) -> Vec<Command> {
    state.size = (w, h);
    let mut out = Vec::new();
    state.relayout_cursors();
    if let Some(r) = &state.reader {
        if r.width != state.panes().reader_width() {
            out.extend(reader::layout_command(state));
        }
    }
    if state.screen == Screen::Articles || state.panes().main.is_some() {
        out.extend(state.page_if_needed());
    }
    out
}

/// Another process (a cron refresh) stored articles: show them, index them.
fn on_store_changed(state: &mut State) -> Vec<Command> {
    let mut out = vec![
        Command::Job(Job::LoadFeeds),
        state.reload_list(true),
        Command::Job(Job::IndexPending),
    ];
    out.extend(search::rerun(state));
    out
}

/// A key: looked up in the key map of the mode that has the keyboard, then handed to it.
fn on_key(state: &mut State, k: KeyEvent) -> Vec<Command> {
    let mode = state.mode();
    let action = key_spec(&k).and_then(|s| state.keymap.action(mode, &s));
    // Suspending and redrawing work whatever is on screen.
    match action {
        Some(KeyAction::Suspend) => return vec![Command::Suspend],
        Some(KeyAction::Redraw) => return vec![Command::Redraw],
        _ => {}
    }
    if state.welcome {
        state.welcome = false;
        return Vec::new();
    }
    if let Some(m) = handoff::macro_for(state, mode, key_spec(&k)) {
        return handoff::run_macro(state, &m);
    }
    match mode {
        Mode::Confirm => confirm::on_key(state, action),
        Mode::Prompt => match prompt::on_key(state, action, k) {
            Some(submitted) => answer::submit(state, submitted),
            None => Vec::new(),
        },
        Mode::Help => help::on_key(state, action),
        Mode::Reader => reader::on_key(state, action, k),
        _ => action.map_or_else(Vec::new, |a| on_action(state, a)),
    }
}

/// An action on a screen: the screen handles what it owns, the rest is the same everywhere.
pub fn on_action(state: &mut State, action: KeyAction) -> Vec<Command> {
    let owned = match state.screen {
        Screen::Feeds => feeds::on_action(state, action),
        Screen::Articles => articles::on_action(state, action),
        Screen::Reader => reader::on_action(state, action),
        Screen::Search => search::on_action(state, action),
    };
    owned.unwrap_or_else(|| common_action(state, action))
}

/// Moves the focused list or the reader by `delta` rows (pages with `page`).
fn move_by(state: &mut State, delta: isize, page: bool) -> Vec<Command> {
    match state.screen {
        Screen::Feeds => feeds::move_by(state, delta, page),
        Screen::Articles => articles::move_by(state, delta, page),
        Screen::Search => search::move_by(state, delta, page),
        Screen::Reader => reader::move_by(state, delta, page),
    }
}

/// What the moving keys do: a step, a page, or to either end.
fn moving(action: KeyAction) -> Option<(isize, bool)> {
    let far = isize::MAX / 4;
    match action {
        KeyAction::Up => Some((-1, false)),
        KeyAction::Down => Some((1, false)),
        KeyAction::PageUp => Some((-1, true)),
        KeyAction::PageDown => Some((1, true)),
        KeyAction::Top => Some((-far, false)),
        KeyAction::Bottom => Some((far, false)),
        _ => None,
    }
}

/// The actions that do the same on every screen.
fn common_action(state: &mut State, action: KeyAction) -> Vec<Command> {
    if let Some((delta, page)) = moving(action) {
        return move_by(state, delta, page);
    }
    match action {
        KeyAction::Quit => quit(state),
        KeyAction::Suspend => vec![Command::Suspend],
        KeyAction::Redraw => vec![Command::Redraw],
        KeyAction::NextUnread | KeyAction::PrevUnread => {
            articles::find_unread(state, action == KeyAction::NextUnread)
        }
        KeyAction::RefreshFeed | KeyAction::RefreshAll => {
            status::refresh(state, action == KeyAction::RefreshAll)
        }
        KeyAction::ToggleRead => marks::toggle_read(state),
        KeyAction::MarkAllRead => marks::mark_all_read(state, state.list.source.filter(false)),
        KeyAction::Bookmark => {
            let mut out = marks::toggle_bookmark(state);
            out.extend(pictures::load_wanted(state));
            out
        }
        KeyAction::Undo => marks::undo(state),
        KeyAction::OpenInBrowser | KeyAction::CopyLink => {
            reader::open_or_copy(state, action == KeyAction::OpenInBrowser)
        }
        KeyAction::FullText => reader::full_text(state),
        KeyAction::Pipe | KeyAction::SaveMarkdown | KeyAction::Play | KeyAction::Download => {
            handoff::on_action(state, action, None)
        }
        KeyAction::TogglePictures => {
            pictures::toggle(state);
            relayout_if(state, true)
        }
        KeyAction::Search => {
            // A new search starts from the last query.
            let last = state.search.as_ref().map(|s| s.query.clone());
            prompt::open(state, PromptKind::Search, last.as_deref().unwrap_or(""))
        }
        KeyAction::AddFeed => prompt::open(state, PromptKind::AddFeed, ""),
        KeyAction::SaveUrl => prompt::open(state, PromptKind::SaveUrl, ""),
        KeyAction::Help => {
            state.help = Some(Help::default());
            Vec::new()
        }
        KeyAction::Messages => {
            state.help = Some(Help {
                scroll: 0,
                page: HelpPage::Messages,
            });
            Vec::new()
        }
        KeyAction::ToggleHideRead => articles::toggle_hide_read(state),
        KeyAction::Bookmarks => articles::show_bookmarks(state),
        KeyAction::RenameFeed | KeyAction::EditTags | KeyAction::RemoveFeed => {
            feeds::manage(state, action)
        }
        KeyAction::SaveSearch => {
            state.say(t("Search first (/), then save it"), true);
            Vec::new()
        }
        KeyAction::NextPane => {
            if state.panes().separator.is_some() {
                state.screen = match state.screen {
                    Screen::Feeds => state.main_pane,
                    _ => Screen::Feeds,
                };
            }
            Vec::new()
        }
        // Keys of other modes, and moving (handled above).
        KeyAction::Open
        | KeyAction::OpenLink
        | KeyAction::Back
        | KeyAction::Submit
        | KeyAction::Cancel
        | KeyAction::Confirm
        | KeyAction::Up
        | KeyAction::Down
        | KeyAction::PageUp
        | KeyAction::PageDown
        | KeyAction::Top
        | KeyAction::Bottom => Vec::new(),
    }
}
