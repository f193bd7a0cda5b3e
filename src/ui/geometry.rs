//! Where each pane sits for a terminal size: shared by drawing and by `update` (which needs
//! list heights for paging and positions for mouse clicks), so both always agree.

use ratatui::layout::Rect;

use super::app::{Screen, State};

/// Terminals at least this wide show the feed list beside the main pane.
pub const WIDE: u16 = 120;
/// Width of the feed list in wide terminals (separator included).
pub const FEEDS_WIDTH: u16 = 32;

/// The panes of one frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    /// The feed list, when shown.
    pub feeds: Option<Rect>,
    /// The article list, reader or search results, when shown.
    pub main: Option<Rect>,
    /// The separator column between them (wide terminals).
    pub separator: Option<Rect>,
    /// The status bar (last row).
    pub status: Rect,
}

impl Panes {
    /// Splits a terminal of `width` × `height` for a screen.
    pub fn new(width: u16, height: u16, screen: Screen) -> Panes {
        let body_h = height.saturating_sub(1);
        let status = Rect::new(0, body_h, width, height.min(1));
        let body = Rect::new(0, 0, width, body_h);
        if width >= WIDE {
            let feeds = Rect::new(0, 0, FEEDS_WIDTH - 1, body_h);
            let separator = Rect::new(FEEDS_WIDTH - 1, 0, 1, body_h);
            let main = Rect::new(FEEDS_WIDTH, 0, width - FEEDS_WIDTH, body_h);
            Panes {
                feeds: Some(feeds),
                main: Some(main),
                separator: Some(separator),
                status,
            }
        } else if screen == Screen::Feeds {
            Panes {
                feeds: Some(body),
                main: None,
                separator: None,
                status,
            }
        } else {
            Panes {
                feeds: None,
                main: Some(body),
                separator: None,
                status,
            }
        }
    }

    /// The panes for a state's size and screen.
    pub fn of(state: &State) -> Panes {
        Panes::new(state.size.0, state.size.1, state.screen)
    }

    /// Rows of list entries in the feed list (one row goes to its title).
    pub fn feeds_rows(&self) -> usize {
        self.feeds
            .map_or(0, |r| r.height.saturating_sub(1) as usize)
    }

    /// Rows of list entries in the main pane (one row goes to its title).
    pub fn main_rows(&self) -> usize {
        self.main.map_or(0, |r| r.height.saturating_sub(1) as usize)
    }

    /// Width available to the reader's text.
    pub fn reader_width(&self) -> u16 {
        self.main.map_or(0, |r| r.width)
    }

    /// Rows of text the reader shows (the whole main pane).
    pub fn reader_rows(&self) -> usize {
        self.main.map_or(0, |r| r.height as usize)
    }
}

/// Whether a point lies in a rectangle.
pub fn contains(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}
