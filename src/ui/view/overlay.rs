//! Boxes drawn over the views: the help (generated from the live key map for the screen
//! under it, so remapped keys show as they are) and the first-run welcome.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};

use unicode_width::UnicodeWidthStr;

use super::{fit, put};
use crate::config::{KeyAction, Mode};
use crate::i18n::t;
use crate::ui::app::help::{help_lines, keys_text, visible_rows, HelpLine};
use crate::ui::app::State;

fn boxed(
    buf: &mut Buffer,
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    state: &State,
) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    let r = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    Clear.render(r, buf);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(state.theme.border(true))
        .title(format!(" {title} "))
        .title_style(state.theme.title());
    let inner = block.inner(r);
    block.render(r, buf);
    inner
}

/// Columns left free each side of the help.
const HELP_MARGIN: u16 = 2;

/// The help overlay, for the screen under it.
pub fn help(buf: &mut Buffer, area: Rect, state: &State) {
    let lines = help_lines(&state.keymap, state.screen.mode(), &state.handoff.macros);
    // The whole width but a margin, so descriptions are not cut where there is room.
    let width = area.width.saturating_sub(2 * HELP_MARGIN);
    let inner = boxed(buf, area, width, lines.len() as u16 + 4, t("Help"), state);
    let keys_w = (inner.width as usize / 3).clamp(4, 24);
    let rows = visible_rows(lines.len(), area.height);
    let scroll = state
        .help
        .map_or(0, |h| h.scroll)
        .min(lines.len().saturating_sub(rows));
    for (i, line) in lines.iter().skip(scroll).take(rows).enumerate() {
        let y = inner.y + i as u16;
        match line {
            HelpLine::Heading(title) => {
                let w = inner.width as usize;
                put(
                    buf,
                    inner,
                    inner.x + 1,
                    y,
                    &fit(title, w.saturating_sub(1)),
                    w,
                    state.theme.dim(),
                );
            }
            HelpLine::Keys(..) | HelpLine::Macro(..) => {
                let (keys, what) = line.pair();
                put(
                    buf,
                    inner,
                    inner.x + 1,
                    y,
                    &fit(keys, keys_w),
                    keys_w,
                    state.theme.title(),
                );
                let x = inner.x + 2 + keys_w as u16;
                let room = (inner.width as usize).saturating_sub(keys_w + 2);
                put(buf, inner, x, y, &fit(what, room), room, state.theme.base());
            }
        }
    }
    if inner.height > 0 {
        let hint = t("Any other key closes this help");
        put(
            buf,
            inner,
            inner.x + 1,
            inner.y + inner.height - 1,
            &fit(hint, inner.width as usize),
            inner.width as usize,
            state.theme.dim(),
        );
    }
}

/// The last status messages, newest first (errors in the error style).
pub fn messages(buf: &mut Buffer, area: Rect, state: &State) {
    let history = &state.status.history;
    let count = history.len().max(1);
    let width = area.width.saturating_sub(2 * HELP_MARGIN);
    let inner = boxed(buf, area, width, count as u16 + 4, t("Messages"), state);
    let rows = visible_rows(count, area.height);
    let scroll = state
        .help
        .map_or(0, |h| h.scroll)
        .min(count.saturating_sub(rows));
    let w = inner.width as usize;
    if history.is_empty() {
        put(
            buf,
            inner,
            inner.x + 1,
            inner.y,
            t("No messages yet."),
            w,
            state.theme.dim(),
        );
    }
    for (i, m) in history.iter().rev().skip(scroll).take(rows).enumerate() {
        let style = if m.error {
            state.theme.error()
        } else {
            state.theme.base()
        };
        let y = inner.y + i as u16;
        put(
            buf,
            inner,
            inner.x + 1,
            y,
            &fit(&m.text, w.saturating_sub(2)),
            w,
            style,
        );
    }
    if inner.height > 0 {
        let hint = t("Any other key closes this view");
        let y = inner.y + inner.height - 1;
        put(
            buf,
            inner,
            inner.x + 1,
            y,
            &fit(hint, w),
            w,
            state.theme.dim(),
        );
    }
}

/// Columns of the welcome box, at most.
const WELCOME_WIDTH: u16 = 64;

/// Breaks `text` into lines of at most `width` columns at spaces, never inside a `quoted
/// command` (a word longer than the width is left for `fit` to cut).
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut quoted = false;
    for word in text.split(' ') {
        match words.last_mut() {
            Some(last) if quoted => {
                last.push(' ');
                last.push_str(word);
            }
            _ => words.push(word.to_string()),
        }
        if word.matches('`').count() % 2 == 1 {
            quoted = !quoted;
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in words {
        if !line.is_empty() && line.width() + 1 + word.width() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    lines.push(line);
    lines
}

/// The first-run welcome.
pub fn welcome(buf: &mut Buffer, area: Rect, state: &State) {
    let k = |a| {
        let keys = keys_text(&state.keymap, Mode::Articles, a);
        keys.split(", ").next().unwrap_or("").to_string()
    };
    let essentials = [
        (
            format!("{} / {}", k(KeyAction::Down), k(KeyAction::Up)),
            t("move"),
        ),
        (k(KeyAction::Open), t("open")),
        (k(KeyAction::Back), t("back")),
        (k(KeyAction::RefreshAll), t("refresh all feeds")),
        (k(KeyAction::AddFeed), t("add a feed")),
        (k(KeyAction::Search), t("search")),
        (k(KeyAction::Bookmark), t("bookmark")),
        (k(KeyAction::Help), t("every key")),
        (k(KeyAction::Quit), t("quit")),
    ];
    let intro = [
        t("griot reads news feeds in the terminal."),
        t("Add feeds here, or import a list with `griot import FILE`;"),
        t("refresh to fetch the latest articles."),
    ];
    // The box's inner width, less a column each side: narrow terminals wrap the intro.
    let room = (WELCOME_WIDTH.min(area.width) as usize).saturating_sub(4);
    let intro: Vec<String> = intro.iter().flat_map(|l| wrap(l, room)).collect();
    let height = (intro.len() + essentials.len() + 6) as u16;
    let inner = boxed(
        buf,
        area,
        WELCOME_WIDTH,
        height,
        t("Welcome to griot"),
        state,
    );
    let w = inner.width as usize;
    let mut y = inner.y;
    for line in &intro {
        put(
            buf,
            inner,
            inner.x + 1,
            y,
            &fit(line, w.saturating_sub(1)),
            w,
            state.theme.base(),
        );
        y += 1;
    }
    y += 1;
    for (keys, what) in &essentials {
        put(
            buf,
            inner,
            inner.x + 3,
            y,
            &fit(keys, 14),
            14,
            state.theme.title(),
        );
        put(
            buf,
            inner,
            inner.x + 18,
            y,
            &fit(what, w.saturating_sub(18)),
            w,
            state.theme.base(),
        );
        y += 1;
    }
    y += 1;
    put(
        buf,
        inner,
        inner.x + 1,
        y,
        &fit(t("Press any key to start."), w.saturating_sub(1)),
        w,
        state.theme.dim(),
    );
}
