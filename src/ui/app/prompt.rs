//! The prompt: one line of input at the bottom, the same component for every question the
//! reader asks in words (search, add a feed, rename, tags, save a page, name a search).
//! [`open`] puts one up; its keys come from the prompt's mode of the key map (submit,
//! cancel); every other key edits the line; what was typed goes to the kind's handler.

use crossterm::event::KeyEvent;

use crate::config::KeyAction;
use crate::i18n::t;
use crate::model::FeedId;
use crate::render::sanitize::clean_line;
use crate::ui::line_edit::LineInput;

use super::{search, State};
use crate::ui::event::{Command, Job};

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

/// Puts up a prompt of `kind`, holding `text`.
pub(super) fn open(state: &mut State, kind: PromptKind, text: &str) -> Vec<Command> {
    state.prompt = Some(Prompt {
        kind,
        input: LineInput::new(text),
    });
    Vec::new()
}

/// A key while a prompt is up: submit, cancel, or edit the line.
pub(super) fn on_key(state: &mut State, action: Option<KeyAction>, k: KeyEvent) -> Vec<Command> {
    match action {
        Some(KeyAction::Cancel) => {
            state.prompt = None;
            Vec::new()
        }
        Some(KeyAction::Submit) => match state.prompt.take() {
            Some(p) => submit(state, p),
            None => Vec::new(),
        },
        _ => {
            if let Some(p) = &mut state.prompt {
                p.input.edit(k);
            }
            Vec::new()
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

fn submit(state: &mut State, p: Prompt) -> Vec<Command> {
    let input = p.input.as_str().trim().to_string();
    let empty = input.is_empty();
    match p.kind {
        PromptKind::Search if !empty => search::start(state, input),
        PromptKind::AddFeed if !empty => add_feed(state, input),
        PromptKind::Rename(id) => vec![Command::Job(Job::RenameFeed {
            id,
            title: (!empty).then_some(input),
        })],
        PromptKind::Tags(id) => {
            let tags = input
                .split(',')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect();
            vec![Command::Job(Job::SetTags { id, tags })]
        }
        PromptKind::SaveUrl if !empty => {
            if !state.settings.network {
                state.say(t("Saving pages needs the network (not in demo mode)"), true);
                return Vec::new();
            }
            state.say(format!("{} {input}", t("Saving")), false);
            vec![Command::SavePage(input)]
        }
        PromptKind::SaveSearch(query) if !empty => {
            vec![Command::Job(Job::SaveSearch { name: input, query })]
        }
        PromptKind::Search
        | PromptKind::AddFeed
        | PromptKind::SaveUrl
        | PromptKind::SaveSearch(_) => Vec::new(),
    }
}

/// Subscribes to what was typed: a URL, a path, a command, or a bare site name.
fn add_feed(state: &mut State, input: String) -> Vec<Command> {
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
