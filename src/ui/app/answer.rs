//! What a submitted prompt does, by its kind: search, subscribe, rename, retag, save a page,
//! name a search. Kept apart from the prompt itself, which only edits a line, so the prompt
//! and the screens it serves do not import each other.

use crate::i18n::t;
use crate::ui::event::{Command, Job};

use super::prompt::{Prompt, PromptKind};
use super::{search, State};

/// Carries out what a submitted prompt asked.
pub(super) fn submit(state: &mut State, p: Prompt) -> Vec<Command> {
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
        PromptKind::Pipe(id) => super::handoff::answer_pipe(state, id, &input),
        PromptKind::SaveMarkdown(id) => super::handoff::answer_save(id, &input),
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
