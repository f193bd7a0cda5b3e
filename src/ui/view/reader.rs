//! The reader: the laid-out article (header, body, pull-quotes, link list) from the current
//! scroll position. The layout is computed off the loop; until it arrives the header shows
//! with "Loading…".

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::put;
use crate::i18n::t;
use crate::render::sanitize::clean_line;
use crate::ui::app::State;

/// Draws the reader in `area`.
pub fn draw(buf: &mut Buffer, area: Rect, state: &State) {
    let Some(reader) = &state.reader else {
        return;
    };
    let theme = &state.theme;
    let w = area.width as usize;
    match &reader.lines {
        Some(lines) => {
            for (row, line) in lines
                .iter()
                .skip(reader.scroll)
                .take(area.height as usize)
                .enumerate()
            {
                let y = area.y + row as u16;
                let mut x = area.x + line.indent.min(area.width);
                for span in &line.spans {
                    if x >= area.x + area.width {
                        break;
                    }
                    let room = (area.x + area.width - x) as usize;
                    x += put(buf, area, x, y, &span.text, room, theme.span(span));
                }
            }
        }
        None => {
            let title = clean_line(&reader.summary.title);
            put(
                buf,
                area,
                area.x + 1,
                area.y,
                &title,
                w.saturating_sub(1),
                theme.role(crate::render::Role::Title),
            );
            put(
                buf,
                area,
                area.x + 1,
                area.y + 2,
                t("Loading…"),
                w.saturating_sub(1),
                theme.dim(),
            );
        }
    }
}

/// How far through the article the view is, for the status bar ("42%").
pub fn progress(state: &State, rows: usize) -> Option<String> {
    let reader = state.reader.as_ref()?;
    let lines = reader.lines.as_ref()?;
    if lines.len() <= rows {
        return Some(t("All").to_string());
    }
    let max = lines.len() - rows;
    Some(format!("{}%", reader.scroll.min(max) * 100 / max))
}
