//! Laying a [`Document`] out as terminal lines at a given width.
//!
//! The reader, `griot show` and the tests all need the same lines, so layout
//! lives here, free of any terminal library: a [`Line`] is an indent plus
//! [`Span`]s tagged with a [`Role`] that the UI maps to its theme (and that
//! [`Layout::ansi`] maps to SGR styles for `griot show --color always`).
//!
//! Wrapping is by display width (unicode-width: accents, CJK and emoji), never
//! at a no-break space (U+00A0, U+202F, U+2007, U+2060 are part of words),
//! with words longer than the line broken hard; no line is ever wider than the
//! width asked for. Text is set to a reading measure and centred on wide
//! terminals. Pull-quotes get a heavy bar, italics and their attribution
//! right-aligned after an em dash, one line each; ordinary quotes a light bar.

use std::collections::VecDeque;
use std::sync::Arc;

use unicode_width::UnicodeWidthChar;

use super::document::{Block, Document, Inline, ListMarker};
use super::sanitize;

/// How to lay a document out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LayoutOptions {
    /// Columns available.
    pub width: u16,
    /// Longest line of text (the reading measure); text is centred when the
    /// width is larger. 0 means no limit.
    pub measure: u16,
    /// Append the numbered list of links.
    pub link_list: bool,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            width: 80,
            measure: 80,
            link_list: true,
        }
    }
}

/// What a span of text is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Body,
    Heading,
    PullQuote,
    PullQuoteBar,
    Attribution,
    Quote,
    QuoteBar,
    Code,
    Link,
    LinkNumber,
    Image,
    Caption,
    Rule,
    LinkList,
    Title,
    Meta,
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub role: Role,
    pub strong: bool,
    pub emphasis: bool,
    pub underline: bool,
}

/// One terminal line: `indent` columns of blank, then the spans.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    pub indent: u16,
    pub spans: Vec<Span>,
}

impl Line {
    /// Display width, indent included.
    pub fn width(&self) -> usize {
        self.indent as usize
            + self
                .spans
                .iter()
                .map(|s| display_width(&s.text))
                .sum::<usize>()
    }

    /// The text of the spans, without the indent.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// A laid-out document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    pub lines: Vec<Line>,
}

/// Display width of a string as the layout counts it: the sum of its
/// characters' widths, with an emoji presentation selector (U+FE0F) after a
/// narrow non-ASCII character counted as widening it to two columns.
pub fn display_width(s: &str) -> usize {
    let mut w = 0;
    let mut prev_w = 0;
    let mut prev_ascii = true;
    for c in s.chars() {
        let cw = char_width(c, prev_w, prev_ascii);
        w += cw;
        prev_w = cw;
        prev_ascii = c.is_ascii();
    }
    w
}

#[inline]
fn char_width(c: char, prev_w: usize, prev_ascii: bool) -> usize {
    if c.is_ascii() {
        // Text reaching layout has no control characters.
        return usize::from(!c.is_ascii_control());
    }
    if c == '\u{fe0f}' {
        return usize::from(prev_w == 1 && !prev_ascii);
    }
    c.width().unwrap_or(0)
}

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
struct Style {
    role: Role,
    strong: bool,
    emphasis: bool,
    underline: bool,
}

impl Style {
    const fn of(role: Role) -> Self {
        Style {
            role,
            strong: false,
            emphasis: false,
            underline: false,
        }
    }
    fn span(self, text: String) -> Span {
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
struct Styled {
    buf: String,
    runs: Vec<(usize, Style)>,
}

impl Styled {
    fn one(style: Style, text: &str) -> Self {
        let mut s = Styled::default();
        s.push(style, text);
        s
    }

    fn push(&mut self, style: Style, text: &str) {
        if text.is_empty() {
            return;
        }
        if self.runs.last().map(|r| r.1) != Some(style) {
            self.runs.push((self.buf.len(), style));
        }
        self.buf.push_str(text);
    }

    /// The spans covering `buf[a..b]`.
    fn spans(&self, a: usize, b: usize) -> Vec<Span> {
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
fn hard_ranges(buf: &str, width: usize) -> Vec<(usize, usize)> {
    let mut f = Filler::new(width);
    f.hard(buf, 0, buf.len());
    f.finish(buf.len())
}

/// Wraps styled text to `width` columns (at least 1).
fn wrap(text: &Styled, width: usize) -> Vec<Vec<Span>> {
    wrap_ranges(&text.buf, width)
        .into_iter()
        .map(|(a, b)| text.spans(a, b))
        .collect()
}

fn inline_pieces(inlines: &[Inline], base: Style) -> Styled {
    let mut out = Styled::default();
    for (i, inline) in inlines.iter().enumerate() {
        let role = if inline.code {
            Role::Code
        } else if inline.link.is_some() {
            Role::Link
        } else {
            base.role
        };
        let style = Style {
            role,
            strong: base.strong || inline.strong,
            emphasis: base.emphasis || inline.emphasis,
            underline: inline.link.is_some(),
        };
        match inline.link {
            Some(n) if inlines.get(i + 1).and_then(|n| n.link) != Some(n) => {
                // The number follows the link's last word, not a space.
                let text = inline.text.trim_end_matches(' ');
                out.push(style, text);
                out.push(Style::of(Role::LinkNumber), &format!("[{n}]"));
                if text.len() < inline.text.len() {
                    out.push(Style::of(base.role), " ");
                }
            }
            _ => out.push(style, &inline.text),
        }
    }
    out
}

struct Setter {
    lines: Vec<Line>,
    /// Left margin that centres the measure.
    margin: usize,
    /// Columns of text (the measure, or less).
    cols: usize,
}

impl Setter {
    fn blank(&mut self) {
        if self.lines.last().is_some_and(|l| !l.spans.is_empty()) {
            self.lines.push(Line::default());
        }
    }

    /// Sets wrapped text at `indent` columns in from the margin with a
    /// prefix on every line (`first` on the first, `rest` after). Indent and
    /// prefix shrink away when the width leaves no room for text.
    fn text(
        &mut self,
        pieces: &Styled,
        indent: usize,
        first: &[(Style, &str)],
        rest: &[(Style, &str)],
        right_inset: usize,
    ) {
        let prefix_w = first.iter().map(|(_, t)| display_width(t)).sum::<usize>();
        let (indent, prefix_on, inset) = self.fit(indent, prefix_w, right_inset);
        let avail = self.cols - indent - if prefix_on { prefix_w } else { 0 } - inset;
        for (i, spans) in wrap(pieces, avail).into_iter().enumerate() {
            let mut line = Line {
                indent: (self.margin + indent) as u16,
                spans: Vec::with_capacity(spans.len() + 1),
            };
            if prefix_on {
                let p = if i == 0 { first } else { rest };
                line.spans
                    .extend(p.iter().map(|(s, t)| s.span((*t).to_string())));
            }
            line.spans.extend(spans);
            self.lines.push(line);
        }
    }

    /// How much of the indent, prefix and inset the width allows, keeping
    /// at least a few columns (or one, on tiny widths) of text.
    fn fit(&self, indent: usize, prefix_w: usize, inset: usize) -> (usize, bool, usize) {
        let want = 8.min(self.cols);
        if indent + prefix_w + inset + want <= self.cols {
            (indent, true, inset)
        } else if prefix_w + want <= self.cols {
            (0, true, 0)
        } else {
            (0, false, 0)
        }
    }

    /// A line of text aligned right in the space after a prefix.
    fn right_aligned(
        &mut self,
        text: &str,
        style: Style,
        indent: usize,
        prefix: &[(Style, &str)],
        right_inset: usize,
    ) {
        let prefix_w = prefix.iter().map(|(_, t)| display_width(t)).sum::<usize>();
        let (indent, prefix_on, inset) = self.fit(indent, prefix_w, right_inset);
        let avail = self.cols - indent - if prefix_on { prefix_w } else { 0 } - inset;
        for spans in wrap(&Styled::one(style, text), avail) {
            let w: usize = spans.iter().map(|s| display_width(&s.text)).sum();
            let mut line = Line {
                indent: (self.margin + indent) as u16,
                spans: Vec::new(),
            };
            if prefix_on {
                line.spans
                    .extend(prefix.iter().map(|(s, t)| s.span((*t).to_string())));
            }
            if avail > w {
                line.spans
                    .push(Style::of(style.role).span(" ".repeat(avail - w)));
            }
            line.spans.extend(spans);
            self.lines.push(line);
        }
    }
}

impl Setter {
    /// An empty setter for the options: the text column is the measure (or the whole
    /// width when narrower), centred in the width.
    fn for_options(opts: &LayoutOptions) -> Setter {
        let width = usize::from(opts.width.max(1));
        let cols = if opts.measure == 0 {
            width
        } else {
            width.min(usize::from(opts.measure))
        };
        Setter {
            lines: Vec::new(),
            margin: (width - cols) / 2,
            cols,
        }
    }
}

const PULL_BAR: &str = "┃ ";
const QUOTE_BAR: &str = "│ ";

/// Lays a document out.
pub fn layout(doc: &Document, opts: &LayoutOptions) -> Layout {
    let mut s = Setter::for_options(opts);
    let mut prev: Option<&Block> = None;
    for block in &doc.blocks {
        // List items follow each other, and a caption its image, without a
        // blank line.
        let tight = matches!(
            (prev, block),
            (Some(Block::ListItem { .. }), Block::ListItem { .. })
                | (Some(Block::Image { .. }), Block::Caption { .. })
        );
        if !tight {
            s.blank();
        }
        prev = Some(block);
        set_block(&mut s, block);
    }
    if opts.link_list && !doc.links.is_empty() {
        s.blank();
        let rule = "─".repeat(s.cols.min(24));
        s.lines.push(Line {
            indent: s.margin as u16,
            spans: vec![Style::of(Role::Rule).span(rule)],
        });
        for (i, url) in doc.links.iter().enumerate() {
            let number = format!("[{}] ", i + 1);
            let pad = " ".repeat(display_width(&number));
            let url = sanitize::clean_line(url);
            s.text(
                &Styled::one(Style::of(Role::LinkList), &url),
                0,
                &[(Style::of(Role::LinkNumber), &number)],
                &[(Style::of(Role::LinkList), &pad)],
                0,
            );
        }
    }
    while s.lines.first().is_some_and(|l| l.spans.is_empty()) {
        s.lines.remove(0);
    }
    Layout { lines: s.lines }
}

fn set_block(s: &mut Setter, block: &Block) {
    match block {
        Block::Paragraph { inlines } => s.text(
            &inline_pieces(inlines, Style::of(Role::Body)),
            0,
            &[],
            &[],
            0,
        ),
        Block::Heading { inlines, .. } => {
            let base = Style {
                strong: true,
                ..Style::of(Role::Heading)
            };
            s.text(&inline_pieces(inlines, base), 0, &[], &[], 0)
        }
        Block::ListItem {
            depth,
            marker,
            inlines,
        } => {
            let mark = match marker {
                ListMarker::Bullet => match depth {
                    0 => "• ".to_string(),
                    1 => "◦ ".to_string(),
                    _ => "▪ ".to_string(),
                },
                ListMarker::Ordered(n) => format!("{n}. "),
                ListMarker::Continuation => "  ".to_string(),
            };
            let pad = " ".repeat(display_width(&mark));
            let body = Style::of(Role::Body);
            s.text(
                &inline_pieces(inlines, body),
                usize::from(*depth) * 2,
                &[(body, &mark)],
                &[(body, &pad)],
                0,
            );
        }
        Block::PullQuote {
            inlines,
            attribution,
        } => {
            let bar = Style {
                strong: true,
                ..Style::of(Role::PullQuoteBar)
            };
            let text = Style {
                emphasis: true,
                ..Style::of(Role::PullQuote)
            };
            let prefix = [(bar, PULL_BAR)];
            s.text(&inline_pieces(inlines, text), 2, &prefix, &prefix, 2);
            for (i, line) in attribution.iter().enumerate() {
                let line = if i == 0 {
                    format!("— {line}")
                } else {
                    line.clone()
                };
                s.right_aligned(&line, Style::of(Role::Attribution), 2, &prefix, 2);
            }
        }
        Block::Quote {
            inlines,
            attribution,
        } => {
            let prefix = [(Style::of(Role::QuoteBar), QUOTE_BAR)];
            s.text(
                &inline_pieces(inlines, Style::of(Role::Quote)),
                0,
                &prefix,
                &prefix,
                0,
            );
            let attr = Style::of(Role::Attribution);
            for (i, line) in attribution.iter().enumerate() {
                let lead = if i == 0 { "— " } else { "  " };
                s.text(
                    &Styled::one(attr, &format!("{lead}{line}")),
                    0,
                    &prefix,
                    &prefix,
                    0,
                );
            }
        }
        Block::Code { text } => {
            let style = Style::of(Role::Code);
            let (indent, _, _) = s.fit(2, 0, 0);
            let avail = s.cols - indent;
            for src in text.split('\n') {
                let st = Styled::one(style, src);
                let ranges = hard_ranges(src, avail);
                for spans in ranges.into_iter().map(|(a, b)| st.spans(a, b)) {
                    s.lines.push(Line {
                        indent: (s.margin + indent) as u16,
                        spans,
                    });
                }
            }
        }
        Block::Image { alt } => {
            let text = if alt.is_empty() {
                "[image]".to_string()
            } else {
                format!("[image: {alt}]")
            };
            s.text(&Styled::one(Style::of(Role::Image), &text), 0, &[], &[], 0)
        }
        Block::Caption { inlines } => {
            let base = Style {
                emphasis: true,
                ..Style::of(Role::Caption)
            };
            s.text(&inline_pieces(inlines, base), 0, &[], &[], 0)
        }
        Block::Table { rows } => set_table(s, rows),
        Block::Rule => {
            let n = s.cols.min(24);
            let pad = (s.cols - n) / 2;
            s.lines.push(Line {
                indent: (s.margin + pad) as u16,
                spans: vec![Style::of(Role::Rule).span("─".repeat(n))],
            });
        }
    }
}

fn set_table(s: &mut Setter, rows: &[Vec<String>]) {
    let ncols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0usize; ncols];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(display_width(cell));
        }
    }
    let total = widths.iter().sum::<usize>() + 3 * ncols.saturating_sub(1);
    let body = Style::of(Role::Body);
    let sep = Style::of(Role::Rule);
    if total <= s.cols {
        for row in rows {
            let mut line = Line {
                indent: s.margin as u16,
                spans: Vec::new(),
            };
            for (i, w) in widths.iter().enumerate() {
                let cell = row.get(i).map(String::as_str).unwrap_or("");
                if i > 0 {
                    line.spans.push(sep.span(" │ ".to_string()));
                }
                let pad = w - display_width(cell);
                let last = i + 1 == ncols;
                let text = if last {
                    cell.to_string()
                } else {
                    format!("{cell}{}", " ".repeat(pad))
                };
                line.spans.push(body.span(text));
            }
            s.lines.push(line);
        }
    } else {
        // Too wide to align: one wrapped paragraph per row.
        for row in rows {
            let mut pieces = Styled::default();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    pieces.push(sep, " · ");
                }
                pieces.push(body, cell);
            }
            s.text(&pieces, 0, &[], &[], 0);
        }
    }
}

/// The article header: title (bold, wrapped), then one meta line "feed ·
/// author · published". Every string is sanitised.
pub fn header(
    title: &str,
    feed: &str,
    author: Option<&str>,
    published: Option<&str>,
    opts: &LayoutOptions,
) -> Vec<Line> {
    let mut s = Setter::for_options(opts);
    let title_style = Style {
        strong: true,
        ..Style::of(Role::Title)
    };
    let title = sanitize::clean_line(title);
    if !title.is_empty() {
        s.text(&Styled::one(title_style, &title), 0, &[], &[], 0);
    }
    let mut meta: Vec<String> = Vec::new();
    for m in [Some(feed), author, published].into_iter().flatten() {
        let m = sanitize::clean_line(m);
        if !m.is_empty() && !meta.contains(&m) {
            meta.push(m);
        }
    }
    if !meta.is_empty() {
        s.text(
            &Styled::one(Style::of(Role::Meta), &meta.join(" · ")),
            0,
            &[],
            &[],
            0,
        );
    }
    s.lines
}

impl Layout {
    /// The lines as plain text, indents as spaces, trailing blanks trimmed.
    pub fn plain(&self) -> String {
        lines_plain(&self.lines)
    }

    /// The lines with SGR styling (bold, italic, underline, a few colours);
    /// no other escape sequence.
    pub fn ansi(&self) -> String {
        lines_ansi(&self.lines)
    }
}

/// Plain text of any lines (also for [`header`]'s).
pub fn lines_plain(lines: &[Line]) -> String {
    let mut out = String::new();
    for line in lines {
        let mut l = " ".repeat(line.indent as usize);
        for span in &line.spans {
            l.push_str(&span.text);
        }
        out.push_str(l.trim_end());
        out.push('\n');
    }
    out
}

fn role_sgr(role: Role) -> &'static str {
    match role {
        Role::Body | Role::Quote => "",
        Role::Heading | Role::Title => "",
        Role::PullQuote => "36",
        Role::PullQuoteBar => "36",
        Role::Attribution => "36",
        Role::QuoteBar => "2",
        Role::Code => "33",
        Role::Link => "34",
        Role::LinkNumber => "2;34",
        Role::Image => "35",
        Role::Caption => "2",
        Role::Rule => "2",
        Role::LinkList => "34",
        Role::Meta => "2",
    }
}

/// SGR-styled text of any lines.
pub fn lines_ansi(lines: &[Line]) -> String {
    let mut out = String::new();
    for line in lines {
        let mut l = " ".repeat(line.indent as usize);
        for span in &line.spans {
            let mut codes: Vec<&str> = Vec::new();
            if span.strong {
                codes.push("1");
            }
            if span.emphasis {
                codes.push("3");
            }
            if span.underline {
                codes.push("4");
            }
            let c = role_sgr(span.role);
            if !c.is_empty() {
                codes.push(c);
            }
            if codes.is_empty() || span.text.trim().is_empty() {
                l.push_str(&span.text);
            } else {
                l.push_str("\x1b[");
                l.push_str(&codes.join(";"));
                l.push('m');
                l.push_str(&span.text);
                l.push_str("\x1b[0m");
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    }
    out
}

/// A document with its layouts at the last few option sets, so that
/// scrolling and redrawing never re-parse or re-wrap.
#[derive(Debug, Clone)]
pub struct LayoutCache {
    doc: Document,
    entries: VecDeque<(LayoutOptions, Arc<Layout>)>,
}

impl LayoutCache {
    /// Layouts kept.
    pub const CAPACITY: usize = 4;

    pub fn new(doc: Document) -> Self {
        LayoutCache {
            doc,
            entries: VecDeque::new(),
        }
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The layout for `opts`, computed only when not cached.
    pub fn get(&mut self, opts: &LayoutOptions) -> Arc<Layout> {
        if let Some(pos) = self.entries.iter().position(|(o, _)| o == opts) {
            if let Some(entry) = self.entries.remove(pos) {
                let layout = Arc::clone(&entry.1);
                self.entries.push_front(entry);
                return layout;
            }
        }
        let layout = Arc::new(layout(&self.doc, opts));
        self.entries.push_front((*opts, Arc::clone(&layout)));
        self.entries.truncate(Self::CAPACITY);
        layout
    }

    /// Number of layouts held.
    pub fn cached(&self) -> usize {
        self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(width: u16) -> LayoutOptions {
        LayoutOptions {
            width,
            measure: 80,
            link_list: true,
        }
    }

    fn plain(html: &str, width: u16) -> String {
        layout(&Document::from_html(html, None), &opts(width)).plain()
    }

    #[test]
    fn wraps_at_spaces_not_at_no_break_spaces() {
        let out = plain(
            "<p>une «\u{a0}phase pratique\u{a0}» le 7\u{a0}novembre</p>",
            12,
        );
        for line in out.lines() {
            assert!(display_width(line) <= 12, "{line:?}");
        }
        assert!(out.contains("7\u{a0}novembre"));
        assert!(!out.lines().any(|l| l.ends_with('«') || l.starts_with('»')));
    }

    #[test]
    fn long_words_are_broken_hard() {
        let out = plain("<p>abcdefghijklmnopqrstuvwxyz</p>", 10);
        assert_eq!(out, "abcdefghij\nklmnopqrst\nuvwxyz\n");
    }

    #[test]
    fn cjk_and_emoji_are_counted_two_columns() {
        let out = plain("<p>日本語のテキストです😀😀</p>", 6);
        for line in out.lines() {
            assert!(display_width(line) <= 6, "{line:?}");
        }
        assert_eq!(out.lines().next(), Some("日本語"));
    }

    #[test]
    fn cjk_punctuation_does_not_start_a_line() {
        // "。" would be the 11th character of a 20-column line.
        let out = plain("<p>日本語のテキストです。これは</p>", 20);
        assert_eq!(out, "日本語のテキストで\nす。これは\n");
    }

    #[test]
    fn text_is_centred_on_wide_terminals() {
        let doc = Document::from_html("<p>Texte.</p>", None);
        let l = layout(
            &doc,
            &LayoutOptions {
                width: 120,
                measure: 80,
                link_list: false,
            },
        );
        assert_eq!(l.lines[0].indent, 20);
    }

    #[test]
    fn pullquote_is_set_apart() {
        let html = r#"<figure class="wp-block-pullquote"><blockquote><p>Une citation assez longue pour tenir sur deux lignes au moins.</p><cite>Jane Doe, Ministre<br>Pays</cite></blockquote></figure>"#;
        let l = layout(&Document::from_html(html, None), &opts(40));
        let text: Vec<String> = l.lines.iter().map(Line::text).collect();
        assert!(l
            .lines
            .iter()
            .all(|ln| ln.spans[0].role == Role::PullQuoteBar));
        assert!(l.lines[0]
            .spans
            .iter()
            .any(|s| s.role == Role::PullQuote && s.emphasis));
        let n = text.len();
        assert!(text[n - 2].ends_with("— Jane Doe, Ministre"), "{text:?}");
        assert!(text[n - 1].ends_with("Pays"));
        assert_eq!(l.lines[n - 1].width(), l.lines[n - 2].width());
    }

    #[test]
    fn links_get_numbers_and_a_list() {
        let out = plain(
            r#"<p>Voir <a href="https://example.org/x">le site</a>.</p>"#,
            40,
        );
        assert_eq!(
            out,
            "Voir le site[1].\n\n────────────────────────\n[1] https://example.org/x\n"
        );
    }

    #[test]
    fn ansi_has_only_sgr() {
        let doc = Document::from_html(
            "<h1>T</h1><p><a href='https://x.org'>l</a> <em>e</em></p>",
            None,
        );
        let a = layout(&doc, &opts(40)).ansi();
        assert!(a.contains("\x1b[1m"));
        assert!(a.contains("\x1b[4;34m"));
        let mut rest = a.as_str();
        while let Some(p) = rest.find('\x1b') {
            let seq = &rest[p..];
            let end = seq.find('m').expect("SGR ends with m");
            assert!(
                seq[1..end].starts_with('[')
                    && seq[2..end].chars().all(|c| c.is_ascii_digit() || c == ';')
            );
            rest = &seq[end..];
        }
    }

    #[test]
    fn cache_reuses_layouts() {
        let mut c = LayoutCache::new(Document::from_html("<p>x</p>", None));
        let a = c.get(&opts(40));
        let b = c.get(&opts(40));
        assert!(Arc::ptr_eq(&a, &b));
        for w in 50..60 {
            c.get(&opts(w));
        }
        assert_eq!(c.cached(), LayoutCache::CAPACITY);
    }

    #[test]
    fn header_lines() {
        let h = header(
            "Le \x1b]0;x\x07titre",
            "Africa24",
            Some("Auteur"),
            Some("2023-11-08"),
            &opts(80),
        );
        assert_eq!(h[0].text(), "Le titre");
        assert_eq!(h[0].spans[0].role, Role::Title);
        assert_eq!(h[1].text(), "Africa24 · Auteur · 2023-11-08");
    }
}
