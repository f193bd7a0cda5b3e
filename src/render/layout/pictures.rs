//! How many cells a picture takes in the text: its pixels fitted into the text column and
//! into the share of the screen's height pictures may have, never enlarged.
//!
//! Arithmetic only — the front end says how big a terminal cell is in pixels and which
//! pictures it has (or is still fetching); layout keeps that many rows for each, as it keeps
//! rows for any other block.

use super::lines::char_width;

/// What the front end knows of a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PictureSize {
    /// Being fetched: rows are kept at a landscape guess, the alt text on the first.
    Loading,
    /// Decoded, this many pixels.
    Ready { width: u32, height: u32 },
    /// It will not come (pictures off, failed, hostile): the alt text is set as text.
    Unavailable,
    /// Not drawn, but named: the alt text, and the picture's address under it (`griot show`).
    Link,
}

/// How pictures are sized in a layout.
pub struct PictureSpace<'a> {
    /// What is known of the picture at an address.
    pub size_of: &'a dyn Fn(&str) -> PictureSize,
    /// A terminal cell's size in pixels (width, height).
    pub cell: (u16, u16),
    /// The most rows one picture may take.
    pub max_rows: u16,
}

/// The cells a `width`×`height` picture takes within `cols` columns and `max_rows` rows.
pub fn fit_cells(pixels: (u32, u32), cell: (u16, u16), cols: usize, max_rows: u16) -> (u16, u16) {
    let (cw, ch) = (f64::from(cell.0.max(1)), f64::from(cell.1.max(1)));
    let (w, h) = (f64::from(pixels.0.max(1)), f64::from(pixels.1.max(1)));
    let cols = cols.clamp(1, usize::from(u16::MAX)) as f64;
    let max_rows = f64::from(max_rows.max(1));
    let scale = 1f64.min(cols * cw / w).min(max_rows * ch / h);
    let c = (w * scale / cw).ceil().clamp(1.0, cols);
    let r = (h * scale / ch).ceil().clamp(1.0, max_rows);
    (c as u16, r as u16)
}

/// The cells kept for a picture still on its way: the whole column at 16:9.
pub fn placeholder_cells(cell: (u16, u16), cols: usize, max_rows: u16) -> (u16, u16) {
    let guess_width = (cols as u32).saturating_mul(u32::from(cell.0.max(1)));
    fit_cells((guess_width, guess_width / 16 * 9), cell, cols, max_rows)
}

/// `text` cut to at most `cols` display columns.
pub(super) fn cut_to_width(text: &str, cols: usize) -> String {
    let mut out = String::new();
    let (mut w, mut prev_w, mut prev_ascii) = (0, 0, true);
    for c in text.chars() {
        let cw = char_width(c, prev_w, prev_ascii);
        if w + cw > cols {
            break;
        }
        w += cw;
        out.push(c);
        prev_w = cw;
        prev_ascii = c.is_ascii();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_photograph_fills_the_column_and_keeps_its_shape() {
        // 1200×675 with 10×20 cells in 80 columns: 80 columns, 675/1200·800/20 = 22.5 → 23 rows.
        assert_eq!(fit_cells((1200, 675), (10, 20), 80, 40), (80, 23));
    }

    #[test]
    fn a_tall_picture_is_held_to_the_share_of_the_screen() {
        let (cols, rows) = fit_cells((600, 3000), (10, 20), 80, 12);
        assert_eq!(rows, 12);
        assert_eq!(cols, 5, "240 px high is 48 px wide: 5 columns of 10 px");
    }

    #[test]
    fn a_small_picture_is_never_enlarged() {
        assert_eq!(fit_cells((32, 32), (10, 20), 80, 40), (4, 2));
    }
}
