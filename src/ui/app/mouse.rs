//! The mouse: the wheel scrolls the pane under it, a click selects the row under it, a
//! double click opens it. Positions are looked up in what the last draw recorded
//! ([`HitAreas`](crate::ui::geometry::HitAreas)), so a click means what was on screen.

use std::time::{Duration, Instant};

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::{articles, feeds, search, Screen, State};
use crate::ui::event::Command;
use crate::ui::geometry::{Pane, Target};

/// Two clicks closer than this are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);
/// Rows a wheel notch scrolls.
const WHEEL: isize = 3;

/// The last click, to tell a double click.
#[derive(Debug, Clone, Copy, Default)]
pub struct Clicks {
    last: Option<(Instant, u16, u16)>,
}

/// A mouse event.
pub(super) fn on_mouse(state: &mut State, m: MouseEvent, at: Instant) -> Vec<Command> {
    if state.welcome || state.help.is_some() || state.prompt.is_some() || state.confirm.is_some() {
        return Vec::new();
    }
    match m.kind {
        MouseEventKind::ScrollDown => wheel(state, m, WHEEL),
        MouseEventKind::ScrollUp => wheel(state, m, -WHEEL),
        MouseEventKind::Down(MouseButton::Left) => {
            let double = state.mouse.last.is_some_and(|(t, x, y)| {
                x == m.column && y == m.row && at.saturating_duration_since(t) < DOUBLE_CLICK
            });
            state.mouse.last = Some((at, m.column, m.row));
            let target = state.drawn.borrow().target_at(m.column, m.row);
            match target {
                Some(Target::Feed(i)) => feeds::click(state, i, double),
                Some(Target::Article(i)) => articles::click(state, i, double),
                Some(Target::SearchHit(i)) => search::click(state, i, double),
                None => Vec::new(),
            }
        }
        _ => Vec::new(),
    }
}

/// The wheel scrolls the pane under the pointer, whichever has the keyboard.
fn wheel(state: &mut State, m: MouseEvent, delta: isize) -> Vec<Command> {
    let pane = state.drawn.borrow().pane_at(m.column, m.row);
    match (pane, state.screen) {
        (Some(Pane::Feeds), _) => feeds::move_by(state, delta, false),
        (Some(Pane::Main), Screen::Feeds) if state.main_pane == Screen::Search => {
            search::move_by(state, delta, false)
        }
        (Some(Pane::Main), Screen::Feeds) => articles::move_by(state, delta, false),
        _ => super::move_by(state, delta, false),
    }
}
