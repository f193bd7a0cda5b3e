//! The status bar: a prompt or question when one is open; otherwise the transient message
//! (or a hint) on the left, and refresh progress, failures, the offline mark and the unread
//! total on the right.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use super::{fit, pad, put, reader};
use crate::config::{KeyAction, Mode};
use crate::i18n::{count, t, tf};
use crate::ui::app::{Confirm, FeedEntry, Prompt, Screen, State};

const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

/// Draws the status bar in `area`.
pub fn draw(buf: &mut Buffer, area: Rect, state: &State) {
    if area.height == 0 {
        return;
    }
    let theme = &state.theme;
    let bar = theme.status_bar();
    let w = area.width as usize;
    put(buf, area, area.x, area.y, &" ".repeat(w), w, bar);
    if let Some(p) = &state.prompt {
        return prompt(buf, area, state, p);
    }
    if let Some(confirm) = &state.confirm {
        return question(buf, area, state, confirm);
    }
    let right = right_items(state);
    let right_text: Vec<String> = right.iter().map(|(s, _)| s.clone()).collect();
    let right_w = right_text.join("  ").width() + 1;
    let left_w = w.saturating_sub(right_w + 1);
    match &state.status.message {
        Some(m) => {
            let style = if m.error {
                theme.error().patch(bar)
            } else {
                bar
            };
            put(
                buf,
                area,
                area.x,
                area.y,
                &pad(&format!(" {}", m.text), left_w),
                left_w,
                style,
            );
        }
        None if feed_error(state).is_some() => {
            let text = format!(" ! {}", feed_error(state).unwrap_or_default());
            put(
                buf,
                area,
                area.x,
                area.y,
                &fit(&text, left_w),
                left_w,
                theme.error().patch(bar),
            );
        }
        None => {
            let hint = format!(" {}", t("? help  q quit"));
            put(buf, area, area.x, area.y, &fit(&hint, left_w), left_w, bar);
        }
    }
    if right_w < w {
        let mut x = area.x + (w - right_w) as u16;
        for (i, (text, error)) in right.iter().enumerate() {
            if i > 0 {
                x += put(buf, area, x, area.y, "  ", 2, bar);
            }
            let style = if *error {
                theme.error().patch(bar)
            } else {
                bar
            };
            x += put(buf, area, x, area.y, text, text.width(), style);
        }
    }
}

/// The last error of the feed selected in the feed list, when it failed.
fn feed_error(state: &State) -> Option<String> {
    if state.screen != Screen::Feeds {
        return None;
    }
    match state.feeds.selected() {
        Some(FeedEntry::Feed {
            failed: true,
            error,
            ..
        }) => Some(error.clone().unwrap_or_default()),
        _ => None,
    }
}

/// The answers a question takes, from the key map: "(y/n)".
fn answers(state: &State) -> String {
    let first = |a| {
        state
            .keymap
            .keys(Mode::Confirm, a)
            .first()
            .map(|k| k.to_string())
            .unwrap_or_default()
    };
    format!(
        "({}/{})",
        first(KeyAction::Confirm),
        first(KeyAction::Cancel)
    )
}

/// The open prompt: its question and input, the cursor on the next character.
fn prompt(buf: &mut Buffer, area: Rect, state: &State, p: &Prompt) {
    let bar = state.theme.status_bar();
    let w = area.width as usize;
    let (before, after) = p.input.split();
    let text = format!(" {} {}", p.kind.label(), before);
    // Keep the cursor visible: drop the start of a long input.
    let text_w = text.width();
    let shown = if text_w + 1 > w {
        let mut skip = text_w + 1 - w;
        text.graphemes(true)
            .skip_while(|g| {
                let go = skip > 0;
                skip = skip.saturating_sub(g.width());
                go
            })
            .collect::<String>()
    } else {
        text
    };
    let used = put(buf, area, area.x, area.y, &shown, w, bar);
    let x = area.x + used;
    let mut rest = after.chars();
    match rest.next() {
        // The cursor sits on the next character, shown the other way round.
        Some(c) => {
            let cell = c.to_string();
            let cursor = if bar.add_modifier.contains(Modifier::REVERSED) {
                bar.remove_modifier(Modifier::REVERSED)
            } else {
                bar.add_modifier(Modifier::REVERSED)
            };
            let room = w.saturating_sub(used as usize);
            let n = put(buf, area, x, area.y, &cell, room, cursor);
            let tail: String = rest.collect();
            let left = w.saturating_sub(used as usize + n as usize);
            put(buf, area, x + n, area.y, &tail, left, bar);
        }
        None => {
            put(buf, area, x, area.y, "█", 1, bar);
        }
    }
}

/// The open question, with the keys that answer it.
fn question(buf: &mut Buffer, area: Rect, state: &State, confirm: &Confirm) {
    let theme = &state.theme;
    let bar = theme.status_bar();
    let w = area.width as usize;
    let answers = answers(state);
    let text = match confirm {
        Confirm::RemoveFeed(_, title) => format!(
            " {} “{}”? {} {answers}",
            t("Remove feed"),
            title,
            t("Its bookmarks stay.")
        ),
        Confirm::ForgetSearch(name) => {
            format!(" {} “{}”? {answers}", t("Forget the saved search"), name)
        }
        Confirm::SendSubscriptions(unsent) => format!(
            " {} {answers}",
            crate::ui::app::account::question(state, unsent)
        ),
    };
    put(
        buf,
        area,
        area.x,
        area.y,
        &fit(&text, w),
        w,
        theme.error().patch(bar),
    );
}

/// The right side: refresh progress, failures, offline, the reader's marks, unread total.
fn right_items(state: &State) -> Vec<(String, bool)> {
    let mut right: Vec<(String, bool)> = Vec::new();
    if let Some((done, total)) = state.status.refreshing {
        let frame = SPINNER[(state.tick as usize) % SPINNER.len()];
        right.push((format!("{frame} {done}/{total}"), false));
    }
    if state.status.failed > 0 {
        right.push((format!("{} {}", state.status.failed, t("failed")), true));
    }
    if state.status.offline {
        let mark = match crate::ui::app::retry_in(state) {
            Some(s) if s < 60 => tf("offline, retry in {} s", &[&s]),
            Some(s) => tf("offline, retry in {} min", &[&s.div_ceil(60)]),
            None => t("offline").to_string(),
        };
        right.push((mark, true));
    }
    if state.screen == Screen::Reader {
        if state.reader.as_ref().is_some_and(|r| r.summary.bookmarked) {
            right.push((format!("★ {}", t("bookmarked")), false));
        }
        if let Some(digits) = state.reader.as_ref().map(|r| &r.digits) {
            if !digits.is_empty() {
                right.push((format!("{} {}", t("link"), digits), false));
            }
        }
        if let Some(p) = reader::progress(state, state.panes().reader_rows()) {
            right.push((p, false));
        }
    }
    right.push((count(state.unread_total, "{} unread", "{} unread"), false));
    right
}
