//! Laying a [`Document`] out as terminal lines at a given width.
//!
//! The reader, `griot show` and the tests all need the same lines, so layout
//! lives here, free of any terminal library: a [`Line`] is an indent plus
//! [`Span`]s tagged with a [`Role`] that the UI maps to its theme (and that
//! [`Layout::ansi`] maps to SGR styles for `griot show --color always`).
//!
//! Split by job:
//! - `lines`: the lines, spans and roles layout produces, and display width;
//! - `set`: setting blocks (indents, bars, list marks, tables, the link list);
//! - `wrap`: line breaking by display width (unicode-width: accents, CJK and
//!   emoji), never at a no-break space (U+00A0, U+202F, U+2007, U+2060 are part
//!   of words), with words longer than the line broken hard; no line is ever
//!   wider than the width asked for;
//! - `pictures`: the cells a picture takes (fitted to the column and a share of the
//!   screen's height), kept as rows like any block's;
//! - `header`: the title and meta lines above an article;
//! - `output`: lines as plain text or with SGR styling.
//!
//! Text is set to a reading measure and centred on wide terminals. Pull-quotes
//! get a heavy bar, italics and their attribution right-aligned after an em
//! dash, one line each; ordinary quotes a light bar.

mod header;
mod lines;
mod output;
mod pictures;
mod set;
mod wrap;

pub use header::ArticleHeader;
pub use lines::{display_width, ImageSlot, Layout, LayoutOptions, Line, Role, Span};
pub use output::{lines_ansi, lines_plain};
pub use pictures::{fit_cells, PictureSize, PictureSpace};
pub use set::{layout, layout_with_pictures};
