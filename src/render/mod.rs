//! Article HTML set as terminal text.
//!
//! Reading is what griot is for, so article HTML goes through three steps,
//! each usable on its own and none tied to a terminal library:
//! - [`sanitize`]: every string shown loses terminal controls and escape
//!   sequences (and is cut to size at a character boundary);
//! - [`document`]: HTML becomes a [`Document`] ([`blocks`]: paragraphs,
//!   headings, lists, pull-quotes with their attribution lines, quotes, code,
//!   images, captions, tables, rules, with styled inline runs and numbered
//!   links); chrome is dropped on the way ([`pullquote`] recognises the
//!   pull-quote markups);
//! - [`layout`](mod@layout): a document (and the [`ArticleHeader`] above it)
//!   becomes [`Line`]s of role-tagged [`Span`]s at a width, which the UI styles
//!   and `griot show` prints;
//! - [`export`]: a document written whole as Markdown or a small HTML page, for
//!   `griot show --format md|html`, pipes and saved files.

pub mod blocks;
mod chrome;
pub mod document;
pub mod export;
pub mod layout;
mod nesting;
pub mod pullquote;
pub mod sanitize;

pub use blocks::{Block, Document, Inline, ListMarker};
pub use layout::{
    display_width, layout, layout_with_pictures, lines_ansi, lines_plain, ArticleHeader, ImageSlot,
    Layout, LayoutOptions, Line, PictureSize, PictureSpace, Role, Span,
};
pub use sanitize::{clean, clean_line};

pub(crate) use document::{elem_info, element_action, Action};

/// `html` with tags nested beyond the parser's safe depth removed.
pub(crate) fn limit_nesting(html: &str) -> std::borrow::Cow<'_, str> {
    nesting::limit_nesting(html, document::MAX_NESTING)
}
