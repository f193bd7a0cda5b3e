//! The feed list: virtual entries (all, bookmarks, saved, saved searches), then feeds grouped
//! by tag, each with its unread count and a mark when its last fetch failed.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{fit, notice, put, title_row};
use crate::i18n::t;
use crate::ui::app::{FeedEntry, State};
use crate::ui::geometry::{HitAreas, Target};

/// Draws the feed list in `area`.
pub fn draw(buf: &mut Buffer, area: Rect, state: &State, focused: bool, hits: &mut HitAreas) {
    let theme = &state.theme;
    title_row(buf, area, t("Feeds"), "", state, focused);
    let rows = area.height.saturating_sub(1) as usize;
    let w = area.width as usize;
    if !state.feeds.loaded {
        notice(buf, area, t("Loading…"), state);
        return;
    }
    let cursor = state.feeds.cursor;
    for (i, entry) in state.feeds.iter().enumerate().skip(cursor.top).take(rows) {
        let y = area.y + 1 + (i - cursor.top) as u16;
        hits.target(Rect::new(area.x, y, area.width, 1), Target::Feed(i));
        let selected = i == cursor.selected;
        let count = entry.count();
        let count_text = if count > 0 {
            count.to_string()
        } else {
            String::new()
        };
        let (indent, mark, base) = match entry {
            FeedEntry::Tag { .. } => ("", "▾ ", theme.title()),
            FeedEntry::Feed {
                indented,
                failed,
                unread,
                ..
            } => (
                if *indented { "  " } else { "" },
                if *failed { "! " } else { "  " },
                if *unread > 0 {
                    theme.unread()
                } else {
                    theme.read()
                },
            ),
            FeedEntry::Search { unread, .. } => (
                "",
                "⌕ ",
                if *unread > 0 {
                    theme.unread()
                } else {
                    theme.base()
                },
            ),
            FeedEntry::Bookmarks { .. } => ("", "★ ", theme.base()),
            FeedEntry::Saved { .. } => ("", "⤓ ", theme.base()),
            FeedEntry::All { unread } => (
                "",
                "  ",
                if *unread > 0 {
                    theme.unread()
                } else {
                    theme.base()
                },
            ),
        };
        let style = if selected {
            base.patch(theme.selected(focused))
        } else {
            base
        };
        // Blank the row in the row's style (so the selection bar spans the pane).
        put(buf, area, area.x, y, &" ".repeat(w), w, style);
        let count_w = count_text.chars().count();
        let label_w = w.saturating_sub(count_w + 2 + indent.len() + 2);
        let mut x = area.x;
        x += put(buf, area, x, y, indent, w, style);
        let mark_style = match entry {
            FeedEntry::Feed { failed: true, .. } => {
                if selected {
                    theme.error().patch(theme.selected(focused))
                } else {
                    theme.error()
                }
            }
            _ => style,
        };
        x += put(buf, area, x, y, mark, 2, mark_style);
        put(
            buf,
            area,
            x,
            y,
            &fit(&entry.label(), label_w),
            label_w,
            style,
        );
        if count_w > 0 && w > count_w + 1 {
            let cx = area.x + (w - count_w - 1) as u16;
            put(buf, area, cx, y, &count_text, count_w, style);
        }
    }
}
