//! Line breaking: styled text cut into lines of at most a given display width.
//!
//! Its own module because it is the part of layout with the most rules
//! (display widths, no-break spaces, CJK and kinsoku, hard breaks inside long
//! words) and the hottest loop: lines are byte ranges of one buffer, so text is
//! copied once, into the spans of the lines.

use super::lines::{char_width, Role, Span};

fn is_break_anywhere(c: char) -> bool {
    // Ideographs, kana, hangul: lines may break between any two of them.
    let u = c as u32;
    (0x2e80..=0x9fff).contains(&u)
        || (0xac00..=0xd7af).contains(&u)
        || (0xf900..=0xfaff).contains(&u)
        || (0xff00..=0xffef).contains(&u)
        || (0x20000..=0x3fffd).contains(&u)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Style {
    pub(super) role: Role,
    pub(super) strong: bool,
    pub(super) emphasis: bool,
    pub(super) underline: bool,
}

impl Style {
    pub(super) const fn of(role: Role) -> Self {
        Style {
            role,
            strong: false,
            emphasis: false,
            underline: false,
        }
    }
    pub(super) fn span(self, text: String) -> Span {
        Span {
            text,
            role: self.role,
            strong: self.strong,
            emphasis: self.emphasis,
            underline: self.underline,
        }
    }
}

/// Text with style runs: `runs[i]` styles `buf[runs[i].0 .. runs[i + 1].0]`.
/// Lines are ranges of `buf`, so wrapping copies text once, into spans.
#[derive(Debug, Default)]
pub(super) struct Styled {
    buf: String,
    runs: Vec<(usize, Style)>,
}

impl Styled {
    pub(super) fn one(style: Style, text: &str) -> Self {
        let mut s = Styled::default();
        s.push(style, text);
        s
    }

    pub(super) fn push(&mut self, style: Style, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.runs.last().map(|r| r.1) != Some(style) {
            self.runs.push((self.buf.len(), style));
        }
        self.buf.push_str(text);
    }

    /// The spans covering `buf[a..b]`.
    pub(super) fn spans(&self, a: usize, b: usize) -> Vec<Span> {
        let mut out = Vec::new();
        let first = self.runs.partition_point(|r| r.0 <= a).saturating_sub(1);
        for (k, &(start, style)) in self.runs.iter().enumerate().skip(first) {
            if start >= b {
                break;
            }
            let end = self.runs.get(k + 1).map_or(self.buf.len(), |r| r.0);
            let (from, to) = (start.max(a), end.min(b));
            if from < to {
                out.push(style.span(self.buf[from..to].to_string()));
            }
        }
        out
    }
}

/// Greedy line filling over byte ranges of one string.
struct Filler {
    width: usize,
    lines: Vec<(usize, usize)>,
    line: Option<(usize, usize)>,
    line_w: usize,
    /// Spaces since the last word on the current line.
    gap: usize,
}

impl Filler {
    fn new(width: usize) -> Self {
        Filler {
            width: width.max(1),
            lines: Vec::new(),
            line: None,
            line_w: 0,
            gap: 0,
        }
    }

    fn end_line(&mut self, at: usize) {
        self.lines.push(self.line.take().unwrap_or((at, at)));
        self.line_w = 0;
        self.gap = 0;
    }

    /// Places the word `buf[ws..we]`, `ww` columns wide.
    fn place(&mut self, buf: &str, ws: usize, we: usize, ww: usize) {
        match self.line {
            Some((ls, le)) => {
                if self.line_w + self.gap + ww <= self.width {
                    self.line = Some((ls, we));
                    self.line_w += self.gap + ww;
                    self.gap = 0;
                    return;
                }
                if ww <= self.width {
                    self.lines.push((ls, le));
                    self.line = Some((ws, we));
                    self.line_w = ww;
                    self.gap = 0;
                    return;
                }
                // Longer than a line: start it here when a useful part fits.
                if self.line_w + self.gap + 4 > self.width {
                    self.lines.push((ls, le));
                    self.line = None;
                    self.line_w = 0;
                }
            }
            None if ww <= self.width => {
                self.line = Some((ws, we));
                self.line_w = ww;
                self.gap = 0;
                return;
            }
            None => {}
        }
        self.hard(buf, ws, we);
    }

    /// Places `buf[ws..we]` character by character, breaking anywhere.
    fn hard(&mut self, buf: &str, ws: usize, we: usize) {
        if self.line.is_some() {
            self.line_w += self.gap;
        }
        self.gap = 0;
        let mut prev_w = 0;
        let mut prev_ascii = true;
        for (j, c) in buf[ws..we].char_indices() {
            let i = ws + j;
            let end = i + c.len_utf8();
            let cw = char_width(c, prev_w, prev_ascii);
            prev_w = cw;
            prev_ascii = c.is_ascii();
            if let Some((ls, le)) = self.line {
                if self.line_w + cw <= self.width {
                    self.line = Some((ls, end));
                    self.line_w += cw;
                    continue;
                }
                self.lines.push((ls, le));
                self.line = None;
                self.line_w = 0;
            }
            // A character wider than the whole line cannot be shown.
            if cw <= self.width {
                self.line = Some((i, end));
                self.line_w = cw;
            }
        }
    }

    fn finish(mut self, len: usize) -> Vec<(usize, usize)> {
        if self.line.is_some() || self.lines.is_empty() {
            self.end_line(len);
        }
        self.lines
    }
}

/// Line ranges of `buf` wrapped at spaces to `width` columns: never at a
/// no-break space, between any two CJK characters, hard inside words longer
/// than the line; `\n` is a forced break.
fn wrap_ranges(buf: &str, width: usize) -> Vec<(usize, usize)> {
    let mut f = Filler::new(width);
    let mut word: Option<usize> = None;
    let mut word_w = 0;
    let mut prev_w = 0;
    let mut prev_ascii = true;
    // The word so far ends with a CJK character: a break may follow it.
    let mut after_cjk = false;
    for (i, c) in buf.char_indices() {
        if c == ' ' || c == '\n' {
            if let Some(ws) = word.take() {
                f.place(buf, ws, i, word_w);
                word_w = 0;
            }
            if c == ' ' {
                if f.line.is_some() {
                    f.gap += 1;
                }
            } else {
                f.end_line(i);
            }
            prev_w = 0;
            prev_ascii = true;
            after_cjk = false;
            continue;
        }
        let cw = char_width(c, prev_w, prev_ascii);
        prev_w = cw;
        prev_ascii = c.is_ascii();
        let cjk = is_break_anywhere(c);
        let closing = is_no_break_before(c);
        if let Some(ws) = word {
            if (cjk || after_cjk) && !closing {
                f.place(buf, ws, i, word_w);
                word = None;
                word_w = 0;
            }
        }
        if word.is_none() {
            word = Some(i);
        }
        word_w += cw;
        after_cjk = cjk || (closing && after_cjk);
    }
    if let Some(ws) = word {
        f.place(buf, ws, buf.len(), word_w);
    }
    f.finish(buf.len())
}

/// CJK punctuation that must not start a line (kinsoku): it stays with the
/// character before it.
fn is_no_break_before(c: char) -> bool {
    matches!(
        c,
        '、' | '。'
            | '，'
            | '．'
            | '：'
            | '；'
            | '？'
            | '！'
            | '）'
            | '」'
            | '』'
            | '】'
            | '〕'
            | '〉'
            | '》'
            | '｝'
            | '］'
            | 'ー'
            | '・'
            | '々'
            | 'ぁ'
            | 'ぃ'
            | 'ぅ'
            | 'ぇ'
            | 'ぉ'
            | 'っ'
            | 'ゃ'
            | 'ゅ'
            | 'ょ'
            | 'ァ'
            | 'ィ'
            | 'ゥ'
            | 'ェ'
            | 'ォ'
            | 'ッ'
            | 'ャ'
            | 'ュ'
            | 'ョ'
    )
}

/// Line ranges of `buf` broken only where the width is full (code).
pub(super) fn hard_ranges(buf: &str, width: usize) -> Vec<(usize, usize)> {
    let mut f = Filler::new(width);
    f.hard(buf, 0, buf.len());
    f.finish(buf.len())
}

/// Wraps styled text to `width` columns (at least 1).
pub(super) fn wrap(text: &Styled, width: usize) -> Vec<Vec<Span>> {
    wrap_ranges(&text.buf, width)
        .into_iter()
        .map(|(a, b)| text.spans(a, b))
        .collect()
}
