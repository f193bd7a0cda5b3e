//! A list's selection and first visible row, kept together so the selection stays in view.

/// A selection and the first visible row of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub top: usize,
}

impl Cursor {
    /// Moves by `delta` rows within `len` rows, keeping the selection in a `height`-row view.
    pub fn step(&mut self, delta: isize, len: usize, height: usize) {
        let max = len.saturating_sub(1);
        let s = (self.selected as isize).saturating_add(delta);
        self.selected = s.clamp(0, max as isize) as usize;
        self.follow(len, height);
    }

    /// Puts the selection at `index`.
    pub fn set(&mut self, index: usize, len: usize, height: usize) {
        self.selected = index.min(len.saturating_sub(1));
        self.follow(len, height);
    }

    /// Scrolls so the selection is visible; clamps both to `len`.
    pub fn follow(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + height {
            self.top = self.selected + 1 - height;
        }
        self.top = self.top.min(len.saturating_sub(height));
    }
}

/// How far a moving key goes in a list of `rows` visible rows: one row, or a page of them.
pub fn distance(delta: isize, page: bool, rows: usize) -> isize {
    if page {
        delta.saturating_mul(rows.max(1) as isize)
    } else {
        delta
    }
}
