//! The reader screen: one article, laid out off the loop for the pane's width, scrolled, its
//! place remembered per article. It handles its keys (scrolling, going back, a link number
//! typed then opened), the article and layout the workers send, and the article-level
//! commands that leave the process: open in the browser, copy the link, fetch the full text.

use std::sync::Arc;

use crossterm::event::{KeyCode, KeyEvent};

use crate::config::KeyAction;
use crate::i18n::{t, tf};
use crate::model::{Article, ArticleId, ArticleSummary};
use crate::render::Line;

use super::cursor::distance;
use super::{Screen, State};
use crate::ui::event::{Command, Job, LaidOut};
use crate::ui::handoff::HandoffJob;

/// Digits of a link number kept, at most.
const MAX_DIGITS: usize = 4;

/// The article being read.
#[derive(Debug, Clone)]
pub struct ReaderState {
    pub summary: ArticleSummary,
    pub article: Option<Arc<Article>>,
    /// Laid-out lines (header included) and the width they were laid out at.
    pub lines: Option<Arc<Vec<Line>>>,
    pub links: Arc<Vec<String>>,
    /// The rows kept for pictures in `lines`.
    pub images: Arc<Vec<crate::render::ImageSlot>>,
    pub width: u16,
    pub scroll: usize,
    /// Where Back goes.
    pub return_to: Screen,
    /// A link number being typed.
    pub digits: String,
    /// The attached files listed under the header, and which are on disk.
    pub files: super::handoff::FilesShown,
}

impl State {
    /// Opens an article in the reader, where it was left, marking it read when so configured.
    pub(super) fn open_article(
        &mut self,
        summary: ArticleSummary,
        return_to: Screen,
    ) -> Vec<Command> {
        remember_scroll(self);
        let scroll = self.scroll_memory.get(&summary.id).copied().unwrap_or(0);
        let mark = self.settings.mark_read_on_open && !summary.read;
        let id = summary.id;
        self.pictures.forget();
        self.reader = Some(ReaderState {
            summary,
            article: None,
            lines: None,
            links: Arc::new(Vec::new()),
            images: Arc::new(Vec::new()),
            width: 0,
            scroll,
            return_to,
            digits: String::new(),
            files: super::handoff::FilesShown::default(),
        });
        self.screen = Screen::Reader;
        if mark {
            self.patch(id, Some(true), None);
        }
        vec![
            Command::Job(Job::LoadArticle {
                id,
                mark_read: mark,
            }),
            Command::Job(Job::Handoff(HandoffJob::Downloaded(id))),
        ]
    }
}

fn remember_scroll(state: &mut State) {
    if let Some(r) = &state.reader {
        state.scroll_memory.insert(r.summary.id, r.scroll);
    }
}

/// The layout of the open article for the reader pane's width.
pub(super) fn layout_command(state: &State) -> Option<Command> {
    let reader = state.reader.as_ref()?;
    let article = reader.article.clone()?;
    Some(Command::Layout {
        article,
        width: state.panes().reader_width(),
        measure: state.settings.reader_width,
        link_list: state.settings.link_list,
        pictures: super::pictures::sizes(state),
    })
}

/// The farthest the reader scrolls: the last line at the bottom of the pane.
pub(super) fn max_scroll(state: &State) -> usize {
    let rows = state.panes().reader_rows();
    state
        .reader
        .as_ref()
        .and_then(|r| r.lines.as_ref())
        .map_or(0, |l| l.len().saturating_sub(rows))
}

/// The whole article arrived: lay it out.
pub(super) fn on_article(state: &mut State, article: Arc<Article>) -> Vec<Command> {
    if let Some(r) = &mut state.reader {
        if r.summary.id == article.id {
            r.summary = article.summary();
            r.files.files = crate::library::downloads::offered(&article.enclosures);
            r.article = Some(article);
            return layout_command(state).into_iter().collect();
        }
    }
    Vec::new()
}

/// The layout arrived: show it, at the same place in the text when the width changed.
pub(super) fn on_laid_out(state: &mut State, laid: LaidOut) -> Vec<Command> {
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
    r.files.base = Some(super::handoff::LaidBase {
        lines: laid.lines.clone(),
        header_rows: laid.header_rows,
        images: laid.images.clone(),
    });
    r.lines = Some(laid.lines);
    r.links = laid.links;
    r.images = laid.images;
    r.width = laid.width;
    super::handoff::compose(state);
    super::pictures::after_layout(state, &laid.wanted)
}

/// A full-text fetch ended: read the article again when it is the one open.
pub(super) fn on_full_text(
    state: &mut State,
    id: ArticleId,
    result: Result<(), String>,
) -> Vec<Command> {
    match result {
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
            state.say(tf("Full text failed: {}", &[&e]), true);
            Vec::new()
        }
    }
}

/// A key in the reader: digits that are no key's build a link number, which the open-link
/// keys open (Backspace takes a digit back); everything else is an action.
pub(super) fn on_key(state: &mut State, action: Option<KeyAction>, k: KeyEvent) -> Vec<Command> {
    let Some(reader) = &mut state.reader else {
        return action.map_or_else(Vec::new, |a| super::on_action(state, a));
    };
    if action.is_none() {
        if let KeyCode::Char(c @ '0'..='9') = k.code {
            if reader.digits.len() < MAX_DIGITS {
                reader.digits.push(c);
            }
            return Vec::new();
        }
    }
    if !reader.digits.is_empty() {
        let mut digits = std::mem::take(&mut reader.digits);
        if action == Some(KeyAction::OpenLink) {
            return open_link(state, &digits);
        }
        if let Some(a @ (KeyAction::Play | KeyAction::Download)) = action {
            return super::handoff::on_action(state, a, digits.parse().ok());
        }
        if k.code == KeyCode::Backspace {
            digits.pop();
            reader.digits = digits;
            return Vec::new();
        }
    }
    action.map_or_else(Vec::new, |a| super::on_action(state, a))
}

/// The keys the reader handles itself.
pub(super) fn on_action(state: &mut State, action: KeyAction) -> Option<Vec<Command>> {
    match action {
        // With no number typed there is no link to open.
        KeyAction::OpenLink => Some(Vec::new()),
        KeyAction::Back => {
            remember_scroll(state);
            if let Some(r) = &mut state.reader {
                r.digits.clear();
                state.screen = r.return_to;
            } else {
                state.screen = Screen::Articles;
            }
            state.relayout_cursors();
            Some(Vec::new())
        }
        _ => None,
    }
}

/// Scrolls the article.
pub(super) fn move_by(state: &mut State, delta: isize, page: bool) -> Vec<Command> {
    let rows = state.panes().reader_rows();
    let d = distance(delta, page, rows.saturating_sub(2));
    let max = max_scroll(state);
    if let Some(r) = &mut state.reader {
        r.scroll = ((r.scroll as isize).saturating_add(d)).clamp(0, max as isize) as usize;
    }
    Vec::new()
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

/// Opens the current article's page in the browser, or copies its link.
pub(super) fn open_or_copy(state: &mut State, open: bool) -> Vec<Command> {
    match state.current_article().and_then(|a| a.link) {
        Some(url) if open => {
            state.say(format!("{} {url}", t("Opening")), false);
            vec![Command::OpenUrl(url)]
        }
        Some(url) => {
            state.say(format!("{} {url}", t("Copied")), false);
            vec![Command::Copy(url)]
        }
        None => {
            state.say(t("This article has no link"), true);
            Vec::new()
        }
    }
}

/// Fetches the current article's page and keeps its text.
pub(super) fn full_text(state: &mut State) -> Vec<Command> {
    let Some(a) = state.current_article() else {
        return Vec::new();
    };
    match a.link.filter(|l| l.starts_with("http")) {
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
    }
}
