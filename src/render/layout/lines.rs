//! What layout produces: lines of role-tagged spans, and how wide they are.
//!
//! The vocabulary every part of layout (and the UI) shares, kept apart so that
//! the parts depend on it and not on one another. Display width is counted
//! here, the one way the layout and the reader measure text.

use unicode_width::UnicodeWidthChar;

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
    /// The rows kept for pictures (empty unless laid out with a picture space).
    pub images: Vec<ImageSlot>,
}

/// Rows of a layout kept for a picture: the front end draws the picture over them; until it
/// does, the first row shows the alt text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSlot {
    /// The picture's address.
    pub src: String,
    /// Its alt text.
    pub alt: String,
    /// The first line kept for it.
    pub line: usize,
    /// Columns from the left edge where it starts (it is centred in the text column).
    pub indent: u16,
    /// Its size in cells.
    pub cols: u16,
    pub rows: u16,
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
pub(super) fn char_width(c: char, prev_w: usize, prev_ascii: bool) -> usize {
    if c.is_ascii() {
        // Text reaching layout has no control characters.
        return usize::from(!c.is_ascii_control());
    }
    if c == '\u{fe0f}' {
        return usize::from(prev_w == 1 && !prev_ascii);
    }
    c.width().unwrap_or(0)
}
