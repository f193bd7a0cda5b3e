//! Where each pane sits for a terminal size, shared by drawing and by `update` (which needs
//! list heights for paging), so both always agree; and [`HitAreas`], what a draw put where,
//! so a mouse click is resolved against what was on screen, never recomputed.

use ratatui::layout::Rect;

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
    /// Splits a terminal of `width` × `height`; a narrow one shows the feed list alone when
    /// `feeds_focused`, the main pane alone otherwise.
    pub fn new(width: u16, height: u16, feeds_focused: bool) -> Panes {
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
        } else if feeds_focused {
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

/// A pane a wheel scrolls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Feeds,
    Main,
}

/// Something a click selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Entry `i` of the feed list.
    Feed(usize),
    /// Row `i` of the article list.
    Article(usize),
    /// Hit `i` of the search results.
    SearchHit(usize),
}

/// What one draw put where: the panes and the rows that can be clicked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HitAreas {
    panes: Vec<(Rect, Pane)>,
    targets: Vec<(Rect, Target)>,
}

impl HitAreas {
    /// Records a pane drawn in `area`.
    pub fn pane(&mut self, area: Rect, pane: Pane) {
        self.panes.push((area, pane));
    }

    /// Records a clickable row (or rows) drawn in `area`.
    pub fn target(&mut self, area: Rect, target: Target) {
        if area.width > 0 && area.height > 0 {
            self.targets.push((area, target));
        }
    }

    /// The pane at a point.
    pub fn pane_at(&self, x: u16, y: u16) -> Option<Pane> {
        self.panes
            .iter()
            .find(|(r, _)| contains(*r, x, y))
            .map(|(_, p)| *p)
    }

    /// What was drawn at a point, when it can be clicked.
    pub fn target_at(&self, x: u16, y: u16) -> Option<Target> {
        self.targets
            .iter()
            .find(|(r, _)| contains(*r, x, y))
            .map(|(_, t)| *t)
    }
}
