//! Drawing: a pure function of the state.
//!
//! [`draw`] reads the [`State`] and paints one frame; it never changes anything, so what is
//! on screen is always what the state says (and snapshot tests can check every view). Each
//! view has its own file; the helpers here fit text to columns by display width.
//! Widths are measured per grapheme cluster, as the terminal draws them.

mod articles;
mod feeds;
mod overlay;
mod reader;
mod search;
mod status;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::app::{HelpPage, Screen, State};
use super::geometry::{HitAreas, Pane, Panes};

/// Paints the whole frame for `state`, and records in `state.drawn` what it put where (for
/// mouse clicks).
pub fn draw(frame: &mut Frame<'_>, state: &State) {
    let area = frame.area();
    let panes = Panes::new(area.width, area.height, state.screen == Screen::Feeds);
    let buf = frame.buffer_mut();
    let mut hits = HitAreas::default();
    if let Some(r) = panes.feeds {
        hits.pane(r, Pane::Feeds);
        let focused = state.screen == Screen::Feeds || panes.main.is_none();
        feeds::draw(buf, r, state, focused, &mut hits);
    }
    if let Some(r) = panes.separator {
        for y in r.y..r.y + r.height {
            buf.set_string(r.x, y, "│", state.theme.border(false));
        }
    }
    if let Some(r) = panes.main {
        hits.pane(r, Pane::Main);
        match state.screen {
            Screen::Reader => reader::draw(buf, r, state),
            Screen::Search => search::draw(buf, r, state, true, &mut hits),
            Screen::Feeds if state.main_pane == Screen::Search && state.search.is_some() => {
                search::draw(buf, r, state, false, &mut hits)
            }
            Screen::Feeds | Screen::Articles => {
                articles::draw(buf, r, state, state.screen == Screen::Articles, &mut hits)
            }
        }
    }
    status::draw(buf, panes.status, state);
    match state.help.map(|h| h.page) {
        Some(HelpPage::Keys) => overlay::help(buf, area, state),
        Some(HelpPage::Messages) => overlay::messages(buf, area, state),
        None => {}
    }
    if state.welcome {
        overlay::welcome(buf, area, state);
    }
    state.drawn.replace(hits);
}

/// Cuts `text` to `width` columns, ending with "…" when it had to cut. Widths are those of
/// grapheme clusters (a flag, an emoji sequence), which are never split.
pub(crate) fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in text.graphemes(true) {
        let w = g.width();
        if used + w + 1 > width {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// Pads or cuts `text` to exactly `width` columns.
pub(crate) fn pad(text: &str, width: usize) -> String {
    let mut s = fit(text, width);
    let w = s.width();
    if w < width {
        s.push_str(&" ".repeat(width - w));
    }
    s
}

/// A dim one-line notice in place of a pane's empty or loading contents, below its title row.
pub(crate) fn notice(buf: &mut Buffer, area: Rect, text: &str, state: &State) {
    let width = (area.width as usize).saturating_sub(1);
    put(
        buf,
        area,
        area.x + 1,
        area.y + 1,
        text,
        width,
        state.theme.dim(),
    );
}

/// Writes `text` at (`x`, `y`) within `area`, at most `width` columns; returns columns used.
pub(crate) fn put(
    buf: &mut Buffer,
    area: Rect,
    x: u16,
    y: u16,
    text: &str,
    width: usize,
    style: Style,
) -> u16 {
    if y < area.y || y >= area.y + area.height || x >= area.x + area.width {
        return 0;
    }
    let room = (area.x + area.width - x) as usize;
    let width = width.min(room);
    let (end, _) = buf.set_stringn(x, y, text, width, style);
    end.saturating_sub(x)
}

/// A pane's title row: bold, filling the width.
pub(crate) fn title_row(
    buf: &mut Buffer,
    area: Rect,
    text: &str,
    right: &str,
    state: &State,
    focused: bool,
) {
    if area.height == 0 {
        return;
    }
    let style = if focused {
        state
            .theme
            .title()
            .add_modifier(ratatui::style::Modifier::UNDERLINED)
    } else {
        state.theme.title()
    };
    let w = area.width as usize;
    let right_w = right.width().min(w / 2);
    let left = pad(&format!(" {text}"), w.saturating_sub(right_w));
    put(buf, area, area.x, area.y, &left, w, style);
    if right_w > 0 {
        let x = area.x + (w - right_w) as u16;
        put(
            buf,
            area,
            x,
            area.y,
            &fit(right, right_w),
            right_w,
            state.theme.dim(),
        );
    }
}
