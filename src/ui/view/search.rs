//! Search results: each hit is its article row, then a snippet with the matches marked.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{articles, notice, put, title_row};
use crate::i18n::{count, t};
use crate::render::sanitize::clean_line;
use crate::ui::app::search::HIT_ROWS;
use crate::ui::app::State;
use crate::ui::geometry::{HitAreas, Target};

/// Draws the results in `area`.
pub fn draw(buf: &mut Buffer, area: Rect, state: &State, focused: bool, hits: &mut HitAreas) {
    let Some(search) = &state.search else {
        return;
    };
    let theme = &state.theme;
    let title = format!("{} {}", t("Search:"), clean_line(&search.query));
    let right = if search.loading {
        String::new()
    } else {
        format!("{} ", count(search.total, "{} result", "{} results"))
    };
    title_row(buf, area, &title, &right, state, focused);
    let w = area.width as usize;
    if search.loading {
        notice(buf, area, t("Searching…"), state);
        return;
    }
    if let Some(error) = &search.error {
        notice(buf, area, &clean_line(error), state);
        return;
    }
    if search.hits.is_empty() {
        notice(buf, area, t("Nothing found."), state);
        return;
    }
    let per_page = (area.height.saturating_sub(1) as usize / HIT_ROWS).max(1);
    let top = search.cursor.top;
    for (i, hit) in search.hits.iter().enumerate().skip(top).take(per_page) {
        let y = area.y + 1 + ((i - top) * HIT_ROWS) as u16;
        let bottom = area.y + area.height;
        let height = (HIT_ROWS as u16).min(bottom.saturating_sub(y));
        hits.target(
            Rect::new(area.x, y, area.width, height),
            Target::SearchHit(i),
        );
        let selected = i == search.cursor.selected;
        articles::row(
            buf,
            area,
            y,
            &hit.article,
            w >= 60,
            selected,
            focused,
            state,
        );
        // The snippet, matches highlighted (ranges are in characters).
        let chars: Vec<char> = clean_line(&hit.snippet).chars().collect();
        let mut x = area.x + 4;
        let mut start = 0;
        let mut cuts: Vec<(usize, usize, bool)> = Vec::new();
        for &(s, e) in &hit.highlights {
            let (s, e) = (s.min(chars.len()), e.min(chars.len()));
            if s > start {
                cuts.push((start, s, false));
            }
            if e > s && s >= start {
                cuts.push((s, e, true));
                start = e;
            }
        }
        if start < chars.len() {
            cuts.push((start, chars.len(), false));
        }
        for (s, e, hl) in cuts {
            if x >= area.x + area.width {
                break;
            }
            let text: String = chars[s..e].iter().collect();
            let style = if hl { theme.highlight() } else { theme.dim() };
            let room = (area.x + area.width - x) as usize;
            x += put(buf, area, x, y + 1, &text, room, style);
        }
    }
}
