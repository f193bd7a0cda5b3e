//! The document model: an article as blocks of styled text plus numbered links.
//!
//! Its own module so that everything that makes or reads a document — the HTML
//! walk ([`super::document`]), the pull-quote pass ([`super::pullquote`]), the
//! layout ([`mod@super::layout`]) — shares these types without depending on one
//! another. The model's plain-text and JSON forms (`griot show --json`) live
//! here too.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::sanitize;

/// A run of text with one style.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inline {
    /// The text (sanitised; `\n` is a hard line break).
    pub text: String,
    /// Bold (`strong`, `b`).
    pub strong: bool,
    /// Italic (`em`, `i`).
    pub emphasis: bool,
    /// Inline code (`code`, `kbd`, `samp`).
    pub code: bool,
    /// The 1-based number of the link this text belongs to.
    pub link: Option<usize>,
}

impl Inline {
    /// Unstyled text.
    pub fn plain(text: &str) -> Self {
        Inline {
            text: text.to_string(),
            ..Inline::default()
        }
    }

    pub(crate) fn same_style(&self, other: &Inline) -> bool {
        self.strong == other.strong
            && self.emphasis == other.emphasis
            && self.code == other.code
            && self.link == other.link
    }
}

/// The mark in front of a list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListMarker {
    /// An unordered item.
    Bullet,
    /// An ordered item and its number.
    Ordered(u32),
    /// A further paragraph of the item above: indented, no mark.
    Continuation,
}

/// One block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `h1`…`h6`.
    Heading { level: u8, inlines: Vec<Inline> },
    /// Body text.
    Paragraph { inlines: Vec<Inline> },
    /// A list item; `depth` 0 is the outermost list.
    ListItem {
        depth: u8,
        marker: ListMarker,
        inlines: Vec<Inline>,
    },
    /// A pull-quote; each attribution line kept apart.
    PullQuote {
        inlines: Vec<Inline>,
        attribution: Vec<String>,
    },
    /// An ordinary quotation block.
    Quote {
        inlines: Vec<Inline>,
        attribution: Vec<String>,
    },
    /// Preformatted text, lines kept.
    Code { text: String },
    /// An image: its alt text (shown as `[image: alt]` where pictures are not drawn) and its
    /// absolute address, when it has a usable one.
    Image { alt: String, src: Option<String> },
    /// A figure caption.
    Caption { inlines: Vec<Inline> },
    /// A data table, cell texts on one line each.
    Table { rows: Vec<Vec<String>> },
    /// A thematic break (`hr`).
    Rule,
}

pub(crate) fn inlines_text(inlines: &[Inline]) -> String {
    inlines.iter().map(|i| i.text.as_str()).collect()
}

impl Block {
    /// The block's text without styling (tables: cells joined by ` | `, rows
    /// by newlines; images: the alt text).
    pub fn text(&self) -> String {
        match self {
            Block::Heading { inlines, .. }
            | Block::Paragraph { inlines }
            | Block::ListItem { inlines, .. }
            | Block::PullQuote { inlines, .. }
            | Block::Quote { inlines, .. }
            | Block::Caption { inlines } => inlines_text(inlines),
            Block::Code { text } => text.clone(),
            Block::Image { alt, .. } => alt.clone(),
            Block::Table { rows } => rows
                .iter()
                .map(|r| r.join(" | "))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Rule => String::new(),
        }
    }

    /// The name used for this block in JSON (`"paragraph"`, `"pullquote"`…).
    pub fn type_name(&self) -> &'static str {
        match self {
            Block::Heading { .. } => "heading",
            Block::Paragraph { .. } => "paragraph",
            Block::ListItem { .. } => "list_item",
            Block::PullQuote { .. } => "pullquote",
            Block::Quote { .. } => "quote",
            Block::Code { .. } => "code",
            Block::Image { .. } => "image",
            Block::Caption { .. } => "caption",
            Block::Table { .. } => "table",
            Block::Rule => "rule",
        }
    }
}

/// An article as blocks of styled text plus its numbered links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    /// The blocks, in reading order.
    pub blocks: Vec<Block>,
    /// Link `n` is `links[n - 1]`.
    pub links: Vec<String>,
}

impl Document {
    /// Removes a heading repeating the article's title among the first few
    /// blocks (pages and extracted articles often start with it, and the
    /// reader prints the title in its header). Returns whether one was removed.
    pub fn strip_title(&mut self, title: &str) -> bool {
        let want = sanitize::clean_line(title).to_lowercase();
        if want.is_empty() {
            return false;
        }
        let pos = self.blocks.iter().take(4).position(|b| {
            matches!(b, Block::Heading { .. })
                && sanitize::clean_line(&b.text()).to_lowercase() == want
        });
        match pos {
            Some(i) => {
                self.blocks.remove(i);
                true
            }
            None => false,
        }
    }

    /// The whole text, blocks separated by blank lines; attribution lines
    /// follow their quotation after an em dash.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            match block {
                Block::ListItem {
                    marker, inlines, ..
                } => {
                    match marker {
                        ListMarker::Bullet => out.push_str("• "),
                        ListMarker::Ordered(n) => out.push_str(&format!("{n}. ")),
                        ListMarker::Continuation => {}
                    }
                    out.push_str(&inlines_text(inlines));
                }
                Block::PullQuote {
                    inlines,
                    attribution,
                }
                | Block::Quote {
                    inlines,
                    attribution,
                } => {
                    out.push_str(&inlines_text(inlines));
                    for (i, line) in attribution.iter().enumerate() {
                        out.push('\n');
                        if i == 0 {
                            out.push_str("— ");
                        }
                        out.push_str(line);
                    }
                }
                Block::Image { alt, .. } if alt.is_empty() => out.push_str("[image]"),
                Block::Image { alt, .. } => {
                    out.push_str("[image: ");
                    out.push_str(alt);
                    out.push(']');
                }
                Block::Rule => out.push_str("* * *"),
                other => out.push_str(&other.text()),
            }
        }
        out
    }
}

impl Serialize for Block {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("type", self.type_name())?;
        m.serialize_entry("text", &self.text())?;
        match self {
            Block::Heading { level, .. } => m.serialize_entry("level", level)?,
            Block::ListItem { depth, marker, .. } => {
                m.serialize_entry("depth", depth)?;
                match marker {
                    ListMarker::Bullet => m.serialize_entry("marker", "bullet")?,
                    ListMarker::Ordered(n) => m.serialize_entry("marker", n)?,
                    ListMarker::Continuation => m.serialize_entry("marker", &())?,
                }
            }
            Block::PullQuote { attribution, .. } | Block::Quote { attribution, .. } => {
                m.serialize_entry("attribution", attribution)?
            }
            Block::Table { rows } => m.serialize_entry("rows", rows)?,
            Block::Image { src: Some(src), .. } => m.serialize_entry("src", src)?,
            _ => {}
        }
        let links: Vec<usize> = match self {
            Block::Heading { inlines, .. }
            | Block::Paragraph { inlines }
            | Block::ListItem { inlines, .. }
            | Block::PullQuote { inlines, .. }
            | Block::Quote { inlines, .. }
            | Block::Caption { inlines } => {
                let mut v: Vec<usize> = inlines.iter().filter_map(|i| i.link).collect();
                v.dedup();
                v
            }
            _ => Vec::new(),
        };
        if !links.is_empty() {
            m.serialize_entry("links", &links)?;
        }
        m.end()
    }
}

struct LinkRef<'a>(usize, &'a str);

impl Serialize for LinkRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Link", 2)?;
        st.serialize_field("n", &self.0)?;
        st.serialize_field("url", self.1)?;
        st.end()
    }
}

impl Serialize for Document {
    /// `{"blocks":[{"type":…,"text":…}, …],"links":[{"n":1,"url":…}, …]}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let links: Vec<LinkRef<'_>> = self
            .links
            .iter()
            .enumerate()
            .map(|(i, u)| LinkRef(i + 1, u))
            .collect();
        let mut st = s.serialize_struct("Document", 2)?;
        st.serialize_field("blocks", &self.blocks)?;
        st.serialize_field("links", &links)?;
        st.end()
    }
}
