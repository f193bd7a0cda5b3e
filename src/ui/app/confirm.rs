//! The yes/no question asked before something that cannot be undone (removing a feed,
//! forgetting a saved search). Its keys come from the confirmation mode of the key map: the
//! confirm keys answer yes; any other key answers no.

use crate::config::KeyAction;
use crate::i18n::t;
use crate::model::FeedId;

use super::{ArticleList, ListSource, Screen, State};
use crate::ui::event::{Command, Job};

/// A yes/no question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    RemoveFeed(FeedId, String),
    /// Forget a saved search (by name).
    ForgetSearch(String),
    /// Send the local subscriptions the sync server does not have.
    SendSubscriptions(crate::sync::Unsent),
}

/// The answer to the open question.
pub(super) fn on_key(state: &mut State, action: Option<KeyAction>) -> Vec<Command> {
    let Some(confirm) = state.confirm.take() else {
        return Vec::new();
    };
    if action != Some(KeyAction::Confirm) {
        state.say(t("Cancelled"), false);
        return match confirm {
            Confirm::SendSubscriptions(unsent) => {
                vec![Command::Job(Job::DeclineSubscriptions(unsent.set))]
            }
            _ => Vec::new(),
        };
    }
    match confirm {
        Confirm::RemoveFeed(id, _) => {
            if state.list.source == ListSource::Feed(id) {
                state.list = ArticleList::new(ListSource::All, t("All articles").into());
                state.screen = Screen::Feeds;
            }
            vec![Command::Job(Job::RemoveFeed(id))]
        }
        Confirm::ForgetSearch(name) => vec![Command::Job(Job::ForgetSearch(name))],
        Confirm::SendSubscriptions(_) => vec![Command::Job(Job::SendSubscriptions)],
    }
}
