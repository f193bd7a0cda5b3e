//! The prompt: one line of input at the bottom, the same component for every question the
//! reader asks in words (search, add a feed, rename, tags, save a page, name a search).
//! [`open`] puts one up; its keys come from the prompt's mode of the key map (submit,
//! cancel); every other key edits the line; what was typed goes to the kind's handler
//! ([`super::answer`]).

use crossterm::event::KeyEvent;

use crate::config::KeyAction;
use crate::i18n::t;
use crate::model::FeedId;
use crate::render::sanitize::clean_line;
use crate::ui::line_edit::LineInput;

use super::State;
use crate::ui::event::Command;

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
    /// The command to pipe an article to.
    Pipe(crate::model::ArticleId),
    /// The file to save an article to, as Markdown.
    SaveMarkdown(crate::model::ArticleId),
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
            PromptKind::Pipe(_) => t("Pipe to (a command; & at the end: in the background):"),
            PromptKind::SaveMarkdown(_) => t("Save as Markdown:"),
        }
    }
}

/// A one-line input at the bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub input: LineInput,
}

/// Puts up a prompt of `kind`, holding `text`.
pub(super) fn open(state: &mut State, kind: PromptKind, text: &str) -> Vec<Command> {
    state.prompt = Some(Prompt {
        kind,
        input: LineInput::new(text),
    });
    Vec::new()
}

/// A key while a prompt is up: submit, cancel, or edit the line. A submitted prompt is
/// taken down and handed back, for its kind's handler ([`super::answer`]).
pub(super) fn on_key(state: &mut State, action: Option<KeyAction>, k: KeyEvent) -> Option<Prompt> {
    match action {
        Some(KeyAction::Cancel) => {
            state.prompt = None;
            None
        }
        Some(KeyAction::Submit) => state.prompt.take(),
        _ => {
            if let Some(p) = &mut state.prompt {
                p.input.edit(k);
            }
            None
        }
    }
}

/// Pasted text goes into the prompt, on one line.
pub(super) fn on_paste(state: &mut State, text: &str) -> Vec<Command> {
    if let Some(p) = &mut state.prompt {
        p.input
            .insert_str(&clean_line(&text.replace(['\n', '\r'], " ")));
    }
    Vec::new()
}
