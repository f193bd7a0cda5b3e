//! The help overlay's state: open or not, and how far it is scrolled. Its keys come from the
//! help's mode of the key map (moving, quitting); any other key closes it. What it lists is
//! generated from the key map for the screen under it (see `view`).

use crate::config::KeyAction;

use super::State;
use crate::ui::event::Command;

/// Rows a page key scrolls the help by.
const PAGE: usize = 10;

/// The open help.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Help {
    /// Lines scrolled off the top.
    pub scroll: usize,
}

/// A key while the help is open.
pub(super) fn on_key(state: &mut State, action: Option<KeyAction>) -> Vec<Command> {
    let Some(help) = &mut state.help else {
        return Vec::new();
    };
    match action {
        Some(KeyAction::Down) => help.scroll += 1,
        Some(KeyAction::Up) => help.scroll = help.scroll.saturating_sub(1),
        Some(KeyAction::PageDown) => help.scroll += PAGE,
        Some(KeyAction::PageUp) => help.scroll = help.scroll.saturating_sub(PAGE),
        Some(KeyAction::Quit) => return super::quit(state),
        _ => state.help = None,
    }
    Vec::new()
}
