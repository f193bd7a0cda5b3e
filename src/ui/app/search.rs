//! The search results screen: a query's hits, three rows each (the article, its snippet, a
//! blank). It starts searches, takes their results (dropping stale ones), runs the query
//! again when the store changes, and handles its keys: moving, opening a hit, going back,
//! and keeping the search as a feed. The results stay beside the feed list until something
//! else is shown there.

use crate::config::KeyAction;
use crate::i18n::t;
use crate::model::ArticleSummary;
use crate::store::SearchHit;

use super::cursor::{distance, Cursor};
use super::prompt::{self, PromptKind};
use super::{Screen, State};
use crate::ui::event::{Command, Job, SearchResults};
use crate::ui::geometry::Panes;

/// Rows each hit takes.
pub const HIT_ROWS: usize = 3;

/// The search results view.
#[derive(Debug, Clone)]
pub struct SearchView {
    pub query: String,
    pub generation: u64,
    pub hits: Vec<SearchHit>,
    pub total: u64,
    pub cursor: Cursor,
    pub loading: bool,
    /// Why the search could not run, shown in its pane until the next search.
    pub error: Option<String>,
    pub return_to: Screen,
}

impl SearchView {
    /// The selected hit's article.
    pub fn selected(&self) -> Option<&ArticleSummary> {
        self.hits.get(self.cursor.selected).map(|h| &h.article)
    }
}

/// Hits the main pane shows at once.
pub fn rows(panes: &Panes) -> usize {
    (panes.main_rows() / HIT_ROWS).max(1)
}

/// Runs a search and shows its results.
pub(super) fn start(state: &mut State, query: String) -> Vec<Command> {
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
        error: None,
        return_to,
    });
    state.screen = Screen::Search;
    state.main_pane = Screen::Search;
    vec![Command::Job(Job::Search {
        query,
        generation: state.search_generation,
    })]
}

/// The store changed: run the shown search again.
pub(super) fn rerun(state: &mut State) -> Option<Command> {
    let s = state.search.as_mut()?;
    state.search_generation += 1;
    s.generation = state.search_generation;
    Some(Command::Job(Job::Search {
        query: s.query.clone(),
        generation: s.generation,
    }))
}

/// Results arrived (stale ones are dropped).
pub(super) fn on_results(state: &mut State, results: SearchResults) -> Vec<Command> {
    let rows = rows(&state.panes());
    if let Some(s) = &mut state.search {
        if s.generation == results.generation {
            s.hits = results.hits;
            s.total = results.total;
            s.loading = false;
            s.error = None;
            let len = s.hits.len();
            s.cursor.follow(len, rows);
        }
    }
    Vec::new()
}

/// The search could not run: say why in its pane (stale failures are dropped).
pub(super) fn on_failure(state: &mut State, generation: u64, error: String) -> Vec<Command> {
    if let Some(s) = &mut state.search {
        if s.generation == generation {
            s.loading = false;
            s.hits.clear();
            s.total = 0;
            s.error = Some(error);
        }
    }
    Vec::new()
}

/// The keys the results handle themselves.
pub(super) fn on_action(state: &mut State, action: KeyAction) -> Option<Vec<Command>> {
    let out = match action {
        KeyAction::Open => match state.current_article() {
            Some(s) => state.open_article(s, Screen::Search),
            None => Vec::new(),
        },
        KeyAction::Back => {
            state.main_pane = Screen::Articles;
            let to = state.search.as_ref().map_or(Screen::Feeds, |s| s.return_to);
            state.screen = if to == Screen::Reader || to == Screen::Search {
                Screen::Articles
            } else {
                to
            };
            state.relayout_cursors();
            Vec::new()
        }
        KeyAction::MarkAllRead => {
            state.say(t("Mark all read works on feeds and lists"), false);
            Vec::new()
        }
        KeyAction::SaveSearch => match &state.search {
            Some(search) => {
                let query = search.query.clone();
                prompt::open(state, PromptKind::SaveSearch(query.clone()), &query)
            }
            None => return None,
        },
        _ => return None,
    };
    Some(out)
}

/// Moves the selection among the hits.
pub(super) fn move_by(state: &mut State, delta: isize, page: bool) -> Vec<Command> {
    let rows = rows(&state.panes());
    if let Some(s) = &mut state.search {
        let len = s.hits.len();
        s.cursor.step(distance(delta, page, rows), len, rows);
    }
    Vec::new()
}

/// Selects hit `i` (a click); a double click opens it.
pub(super) fn click(state: &mut State, i: usize, double: bool) -> Vec<Command> {
    let rows = rows(&state.panes());
    let Some(s) = &mut state.search else {
        return Vec::new();
    };
    if i >= s.hits.len() {
        return Vec::new();
    }
    let len = s.hits.len();
    s.cursor.set(i, len, rows);
    state.screen = Screen::Search;
    if double {
        return super::on_action(state, KeyAction::Open);
    }
    Vec::new()
}
