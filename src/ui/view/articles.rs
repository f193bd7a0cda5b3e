//! The article list: read and bookmark marks, title, feed and date, one row each. Rows come
//! from the window the state holds; a row outside it (while the next page loads) shows "…".

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use super::{notice, pad, put, title_row};
use crate::i18n::t;
use crate::model::ArticleSummary;
use crate::render::sanitize::clean_line;
use crate::ui::app::{ListSource, State};
use crate::ui::geometry::{HitAreas, Target};
use chrono::{DateTime, Utc};

/// Draws the article list in `area`.
pub fn draw(buf: &mut Buffer, area: Rect, state: &State, focused: bool, hits: &mut HitAreas) {
    let list = &state.list;
    let mut right = if list.loaded {
        format!("{} ", list.total)
    } else {
        String::new()
    };
    if state.hide_read {
        right = format!("{} · {right}", t("unread only"));
    }
    title_row(buf, area, &list.title, &right, state, focused);
    let rows = area.height.saturating_sub(1) as usize;
    let w = area.width as usize;
    if list.loaded && list.total == 0 {
        let text = if state.hide_read {
            t("No unread articles here (H shows read ones).")
        } else {
            t("No articles here yet.")
        };
        notice(buf, area, text, state);
        return;
    }
    if !list.loaded {
        notice(buf, area, t("Loading…"), state);
        return;
    }
    let show_feed = !matches!(list.source, ListSource::Feed(_)) && w >= 60;
    let top = list.cursor.top;
    for i in top..(top + rows).min(list.len()) {
        let y = area.y + 1 + (i - top) as u16;
        hits.target(Rect::new(area.x, y, area.width, 1), Target::Article(i));
        let selected = i == list.cursor.selected;
        match list.row(i) {
            Some(a) => row(buf, area, y, a, show_feed, selected, focused, state),
            None => {
                put(buf, area, area.x + 3, y, "…", 1, state.theme.dim());
            }
        }
    }
}

/// The marks before a title: unread dot and bookmark star.
pub(crate) fn marks(a: &ArticleSummary) -> String {
    format!(
        "{}{} ",
        if a.read { ' ' } else { '●' },
        if a.bookmarked { '★' } else { ' ' }
    )
}

/// A date as the lists show it: said relatively within the last week ("3 hours ago", "il y
/// a 3 heures") when the clock is known, else the day (local time).
pub(crate) fn short_date(a: &ArticleSummary, now: Option<DateTime<Utc>>) -> String {
    let Some(d) = a.published else {
        return String::new();
    };
    match now {
        Some(now) if d <= now && now - d < chrono::Duration::days(7) => {
            crate::i18n::relative(d, now)
        }
        _ => d
            .with_timezone(&chrono::Local)
            .format("%Y-%m-%d")
            .to_string(),
    }
}

/// One article row.
#[allow(clippy::too_many_arguments)]
pub(crate) fn row(
    buf: &mut Buffer,
    area: Rect,
    y: u16,
    a: &ArticleSummary,
    show_feed: bool,
    selected: bool,
    focused: bool,
    state: &State,
) {
    let theme = &state.theme;
    let w = area.width as usize;
    let base = if a.read { theme.read() } else { theme.unread() };
    // A `[[filter]]` highlight rule's colour.
    let base = match a
        .highlight
        .as_deref()
        .and_then(crate::config::theme::parse_color)
    {
        Some(colour) => base.fg(crate::ui::theme::to_color(colour)),
        None => base,
    };
    let style = if selected {
        base.patch(theme.selected(focused))
    } else {
        base
    };
    let date = if w >= 40 {
        short_date(a, state.now)
    } else {
        String::new()
    };
    let feed_w = if show_feed { (w / 5).min(20) } else { 0 };
    let date_w = if date.is_empty() { 0 } else { date.width() + 1 };
    let title_w = w.saturating_sub(3 + feed_w + date_w + 1);
    let title = clean_line(&a.title);
    let meta_style = if selected { style } else { theme.dim() };
    let mut x = area.x;
    x += put(buf, area, x, y, &marks(a), 3, style);
    x += put(buf, area, x, y, &pad(&title, title_w), title_w, style);
    let mut rest = String::new();
    if feed_w > 0 {
        rest.push(' ');
        rest.push_str(&pad(&clean_line(&a.feed_title), feed_w.saturating_sub(1)));
    }
    if date_w > 0 {
        rest.push(' ');
        rest.push_str(&date);
    }
    let rest_w = w.saturating_sub((x - area.x) as usize);
    put(buf, area, x, y, &pad(&rest, rest_w), rest_w, meta_style);
}
