//! The reader: the laid-out article (header, body, pull-quotes, link list, pictures over the
//! rows kept for them) from the current scroll position. The layout is computed off the loop; until it arrives the header shows
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
            draw_pictures(buf, area, state);
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

/// Draws the encoded pictures whose rows are in view over their rows (the alt text until
/// then); a picture partly scrolled out shows its visible rows.
fn draw_pictures(buf: &mut Buffer, area: Rect, state: &State) {
    let Some(reader) = &state.reader else {
        return;
    };
    if !state.pictures.shown {
        return;
    }
    for slot in reader.images.iter() {
        let top = slot.line as i64 - reader.scroll as i64;
        if top >= i64::from(area.height) || top + i64::from(slot.rows) <= 0 {
            continue;
        }
        let key = (slot.src.clone(), slot.cols, slot.rows);
        let Some(encoded) = state.pictures.encoded.get(&key) else {
            continue;
        };
        let first = top.max(0) as u16;
        let last = (top + i64::from(slot.rows)).min(i64::from(area.height)) as u16;
        let left = slot.indent.min(area.width);
        let right = slot.indent.saturating_add(slot.cols).min(area.width);
        for row in first..last {
            for col in left..right {
                if let Some(cell) = buf.cell_mut((area.x + col, area.y + row)) {
                    cell.reset();
                }
            }
        }
        let (w, _) = encoded.size();
        let x = slot.indent + slot.cols.saturating_sub(w) / 2;
        crate::ui::pictures::draw(buf, area, encoded, x, top as i32);
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
