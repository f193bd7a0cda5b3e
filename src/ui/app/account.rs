//! The reader's side of a sync account: offering to send the local subscriptions the server
//! does not have (once a sync has told what it has), as `griot sync push-subscriptions` does.
//! The question is asked once; a "no" is remembered in the store until the set of local
//! subscriptions changes.

use crate::i18n::{count, tf};
use crate::refresh::Selection;
use crate::sync::Unsent;

use super::{Confirm, State};
use crate::ui::event::{Command, Job};

/// The server as the question names it: its host (and port), or the URL as written.
pub fn server_name(url: &str) -> String {
    match url::Url::parse(url.trim()) {
        Ok(u) => match (u.host_str(), u.port()) {
            (Some(host), Some(port)) => format!("{host}:{port}"),
            (Some(host), None) => host.to_string(),
            (None, _) => url.trim().to_string(),
        },
        Err(_) => url.trim().to_string(),
    }
}

/// At start and after a sync that got through: look for subscriptions to offer.
pub(super) fn offer(state: &State) -> Vec<Command> {
    if state.settings.network && state.settings.sync_server.is_some() {
        vec![Command::Job(Job::OfferSubscriptions)]
    } else {
        Vec::new()
    }
}

/// Local subscriptions the server does not have: ask, unless something else is being asked
/// or typed (the next sync offers again).
pub(super) fn on_unsent(state: &mut State, unsent: Unsent) -> Vec<Command> {
    if state.confirm.is_none() && state.prompt.is_none() {
        state.confirm = Some(Confirm::SendSubscriptions(unsent));
    }
    Vec::new()
}

/// The subscriptions are queued: sync now (or at the end of the running one).
pub(super) fn on_queued(state: &mut State, queued: u64) -> Vec<Command> {
    state.say(
        count(
            queued,
            "{} subscription queued for the server",
            "{} subscriptions queued for the server",
        ),
        false,
    );
    if state.settings.network && state.status.refreshing.is_none() {
        vec![Command::Refresh(Selection::All)]
    } else {
        Vec::new()
    }
}

/// "Send 3 local subscriptions to reader.example.org?"
pub fn question(state: &State, unsent: &Unsent) -> String {
    tf(
        "Send {} to {}?",
        &[
            &count(
                unsent.feeds,
                "{} local subscription",
                "{} local subscriptions",
            ),
            &state.settings.sync_server.clone().unwrap_or_default(),
        ],
    )
}
