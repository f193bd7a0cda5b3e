//! The document model: article HTML turned into blocks of styled text.
//!
//! The reader, `griot show` and `griot show --json` all consume this model, so
//! HTML is parsed once per article and laid out at any width from it. Building
//! it walks the html5ever DOM (through `dom_query`, the tree dom_smoothie uses
//! for full-text extraction) and on the way:
//! - drops page chrome (see [`super::chrome`]);
//! - recognises pull-quotes, quotes and embeds (see [`super::pullquote`]);
//! - sanitises every string (see [`super::sanitize`]), decodes entities, folds
//!   whitespace (but keeps U+00A0 / U+202F, which are not whitespace to fold);
//! - numbers links (`links[n - 1]` is link `n`), resolved against a base URL.
//!
//! A `\n` inside an inline's text is a hard line break (`<br>`, or the break
//! between paragraphs of one quotation).

use std::collections::HashMap;

use dom_query::{NodeData, NodeRef};
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use super::chrome;
use super::pullquote::{self, QuoteKind};
use super::sanitize::{self, is_fold_space};

/// Largest HTML input parsed; the rest is cut (at a character boundary).
pub const MAX_HTML_BYTES: usize = 4 * 1024 * 1024;
/// Deepest nesting given to the HTML parser (deeper tags are dropped, their
/// text kept): parsing time grows with depth times length.
pub(crate) const MAX_NESTING: usize = 256;
/// Deepest element nesting walked; deeper content is kept as plain text.
const MAX_DEPTH: usize = 200;

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

    fn same_style(&self, other: &Inline) -> bool {
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
    /// An image, shown as `[image: alt]`.
    Image { alt: String },
    /// A figure caption.
    Caption { inlines: Vec<Inline> },
    /// A data table, cell texts on one line each.
    Table { rows: Vec<Vec<String>> },
    /// A thematic break (`hr`).
    Rule,
}

fn inlines_text(inlines: &[Inline]) -> String {
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
            Block::Image { alt } => alt.clone(),
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
    /// Builds the document from article HTML (a fragment or a whole page).
    /// Relative links are resolved against `base_url`. Never panics; input
    /// beyond [`MAX_HTML_BYTES`] is ignored.
    pub fn from_html(html: &str, base_url: Option<&str>) -> Document {
        let html = sanitize::truncate_at_char(html, MAX_HTML_BYTES);
        let html = super::nesting::limit_nesting(html, MAX_NESTING);
        let dom = dom_query::Document::from(html.as_ref());
        let mut b = Builder::new(base_url);
        let root = dom.root();
        b.walk_children(&root, 0);
        b.finish();
        let blocks = pullquote::detect_flattened(b.blocks);
        let blocks = blocks
            .into_iter()
            .filter(|bl| match bl {
                Block::Paragraph { inlines }
                    if inlines.iter().map(|i| i.text.len()).sum::<usize>() <= 40 =>
                {
                    !chrome::is_chrome_text(&inlines_text(inlines))
                }
                _ => true,
            })
            .collect();
        Document {
            blocks,
            links: b.links,
        }
    }

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
                Block::Image { alt } if alt.is_empty() => out.push_str("[image]"),
                Block::Image { alt } => {
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

/// The facts about an element the builder decides on.
pub(crate) struct ElemInfo {
    pub tag: String,
    /// Lowercase class list.
    pub class: String,
    /// Lowercase id.
    pub id: String,
}

pub(crate) fn elem_info(node: &NodeRef<'_>) -> Option<ElemInfo> {
    let el = node.element_ref()?;
    let mut info = ElemInfo {
        tag: el.name.local.to_string(),
        class: String::new(),
        id: String::new(),
    };
    for a in &el.attrs {
        match &*a.name.local {
            "class" => info.class = a.value.to_lowercase(),
            "id" => info.id = a.value.to_lowercase(),
            _ => {}
        }
    }
    Some(info)
}

pub(crate) fn attr(node: &NodeRef<'_>, name: &str) -> Option<String> {
    let el = node.element_ref()?;
    el.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.to_string())
}

fn heading_level(tag: &str) -> Option<u8> {
    match tag {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "figure"
            | "address"
            | "center"
            | "dl"
            | "dt"
            | "dd"
            | "details"
            | "summary"
            | "hgroup"
            | "fieldset"
            | "legend"
            | "body"
            | "html"
            | "li"
            | "ul"
            | "ol"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "caption"
            | "blockquote"
            | "pre"
            | "hr"
            | "figcaption"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    )
}

/// What the builder is filling: decides which block the inline buffer
/// becomes and whether a block boundary starts a new block or a line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Body,
    Heading(u8),
    Item(u8, ListMarker),
    Caption,
    /// Inside a quotation: paragraphs become line breaks of one block.
    Quote,
}

/// What an element is, as far as the walk is concerned.
pub(crate) enum Action {
    /// Drop the element and its content.
    Skip,
    /// A quotation-like element.
    Quote(QuoteKind),
    /// Anything else.
    Normal,
}

/// Decides whether an element is chrome or a quotation. `in_article` tells
/// whether an `article` element encloses it; `in_quote` whether a quotation
/// does.
pub(crate) fn element_action(
    node: &NodeRef<'_>,
    info: &ElemInfo,
    in_article: bool,
    in_quote: bool,
) -> Action {
    let tag = info.tag.as_str();
    if chrome::is_skipped_tag(tag) {
        return Action::Skip;
    }
    if let Some(kind) = pullquote::classify(tag, &info.class) {
        return Action::Quote(kind);
    }
    if in_quote {
        // Inside a quotation only the tweet button is chrome.
        if info.class.contains("tweet-button") {
            return Action::Skip;
        }
        return Action::Normal;
    }
    if matches!(tag, "body" | "html" | "article" | "main") {
        return Action::Normal;
    }
    if tag == "aside" {
        return Action::Skip;
    }
    if !in_article && matches!(tag, "header" | "footer") && is_page_banner(node, info) {
        return Action::Skip;
    }
    if chrome::is_chrome_class(&info.class, &info.id) && !holds_article_text(node) {
        return Action::Skip;
    }
    if tag == "a" {
        if attr(node, "href").is_some_and(|h| chrome::is_chrome_href(&h)) {
            return Action::Skip;
        }
        if chrome::is_chrome_text(&node.text()) {
            return Action::Skip;
        }
    }
    if matches!(tag, "div" | "section" | "ul" | "ol") {
        // A section introduced by "Partager :" or "Les plus lus" is chrome.
        if let Some(first) = node.first_element_child() {
            let is_heading = first
                .element_ref()
                .is_some_and(|e| heading_level(&e.name.local).is_some());
            if is_heading && chrome::is_chrome_heading(&sanitize::clean_line(&first.text())) {
                return Action::Skip;
            }
        }
    }
    Action::Normal
}

/// Guards against layout wrappers named like chrome (`has-sidebar`,
/// `sidebar-right`, `related-content`): an element holding a long text that
/// is mostly not links is content.
fn holds_article_text(node: &NodeRef<'_>) -> bool {
    let total = node.text().len();
    if total < 1500 {
        return false;
    }
    let links: usize = node
        .descendants_it()
        .filter(|d| d.element_ref().is_some_and(|e| &*e.name.local == "a"))
        .map(|a| a.text().len())
        .sum();
    links * 2 < total
}

/// A `header`/`footer` outside any `article` that belongs to the page rather
/// than to the text: it holds navigation, has a landmark role, or is named
/// after the site. (A `header` inside feed content is kept.)
fn is_page_banner(node: &NodeRef<'_>, info: &ElemInfo) -> bool {
    if attr(node, "role").is_some_and(|r| {
        let r = r.to_ascii_lowercase();
        r == "banner" || r == "contentinfo"
    }) {
        return true;
    }
    let named = |s: &str| {
        ["site", "page", "masthead", "global", "top", "copyright"]
            .iter()
            .any(|m| s.contains(m))
    };
    if named(&info.class) || named(&info.id) {
        return true;
    }
    node.descendants_it().any(|d| {
        d.element_ref()
            .is_some_and(|e| matches!(&*e.name.local, "nav" | "form" | "ul"))
    })
}

struct ListCtx {
    ordered: bool,
    next: u32,
}

struct Builder {
    blocks: Vec<Block>,
    links: Vec<String>,
    link_numbers: HashMap<String, usize>,
    base: Option<url::Url>,
    cur: Vec<Inline>,
    ctx: Ctx,
    strong: u32,
    emphasis: u32,
    code: u32,
    /// The URL of the link being walked, numbered when its first text comes.
    link_url: Option<String>,
    link_num: Option<usize>,
    pending_space: bool,
    lists: Vec<ListCtx>,
    in_article: bool,
    /// Attribution lines collected inside the quotation being built.
    attribution: Vec<String>,
}

impl Builder {
    fn new(base_url: Option<&str>) -> Self {
        Builder {
            blocks: Vec::new(),
            links: Vec::new(),
            link_numbers: HashMap::new(),
            base: base_url.and_then(|b| url::Url::parse(b.trim()).ok()),
            cur: Vec::new(),
            ctx: Ctx::Body,
            strong: 0,
            emphasis: 0,
            code: 0,
            link_url: None,
            link_num: None,
            pending_space: false,
            lists: Vec::new(),
            in_article: false,
            attribution: Vec::new(),
        }
    }

    fn in_quote(&self) -> bool {
        self.ctx == Ctx::Quote
    }

    fn walk_children(&mut self, node: &NodeRef<'_>, depth: usize) {
        for child in node.children_it(false) {
            self.walk(&child, depth + 1);
        }
    }

    fn walk(&mut self, node: &NodeRef<'_>, depth: usize) {
        if node.is_text() {
            node.query(|n| {
                if let NodeData::Text { contents } = &n.data {
                    self.push_text(contents);
                }
            });
            return;
        }
        if !node.is_element() {
            if node.is_document() || node.is_fragment() {
                self.walk_children(node, depth);
            }
            return;
        }
        let Some(info) = elem_info(node) else {
            return;
        };
        if depth > MAX_DEPTH {
            if !chrome::is_skipped_tag(&info.tag) {
                self.push_text(&node.text());
            }
            return;
        }
        match element_action(node, &info, self.in_article, self.in_quote()) {
            Action::Skip => return,
            Action::Quote(QuoteKind::Embed) => {
                // Embedded posts: their text as ordinary paragraphs.
                self.boundary();
                self.walk_children(node, depth);
                self.boundary();
                return;
            }
            Action::Quote(kind) if !self.in_quote() => {
                self.quotation(node, kind, depth);
                return;
            }
            Action::Quote(_) | Action::Normal => {}
        }
        let tag = info.tag.as_str();
        if self.in_quote() && pullquote::is_attribution(tag, &info.class) {
            let mut lines = Vec::new();
            attribution_lines(node, &mut lines, &mut String::new(), depth);
            self.attribution.extend(lines);
            return;
        }
        if let Some(level) = heading_level(tag) {
            self.scoped_block(node, Ctx::Heading(level), depth);
            return;
        }
        match tag {
            "br" => self.hard_break(),
            "hr" => {
                self.finish();
                if !self.in_quote() {
                    self.blocks.push(Block::Rule);
                }
            }
            "img" => self.image(node, &info),
            "pre" => {
                if self.in_quote() {
                    self.boundary();
                    self.push_text(&node.text());
                    self.boundary();
                } else {
                    self.finish();
                    let text = code_text(&node.text());
                    if !text.trim().is_empty() {
                        self.blocks.push(Block::Code { text });
                    }
                }
            }
            "ul" | "ol" | "menu" => {
                self.finish();
                let start = attr(node, "start")
                    .and_then(|s| s.trim().parse::<u32>().ok())
                    .unwrap_or(1);
                self.lists.push(ListCtx {
                    ordered: tag == "ol",
                    next: start,
                });
                self.walk_children(node, depth);
                self.finish();
                self.lists.pop();
            }
            "li" => {
                let depth_n = self.lists.len().saturating_sub(1).min(8) as u8;
                let marker = match self.lists.last_mut() {
                    Some(l) if l.ordered => {
                        let n = l.next;
                        l.next = l.next.saturating_add(1);
                        ListMarker::Ordered(n)
                    }
                    _ => ListMarker::Bullet,
                };
                if self.in_quote() {
                    self.boundary();
                    self.walk_children(node, depth);
                    self.boundary();
                } else {
                    self.scoped_block(node, Ctx::Item(depth_n, marker), depth);
                }
            }
            "figcaption" => self.scoped_block(node, Ctx::Caption, depth),
            "table" => self.table(node, depth),
            "article" => {
                let saved = self.in_article;
                self.in_article = true;
                self.boundary();
                self.walk_children(node, depth);
                self.boundary();
                self.in_article = saved;
            }
            "strong" | "b" => {
                self.strong += 1;
                self.walk_children(node, depth);
                self.strong -= 1;
            }
            "em" | "i" | "cite" | "dfn" | "var" => {
                self.emphasis += 1;
                self.walk_children(node, depth);
                self.emphasis -= 1;
            }
            "code" | "kbd" | "samp" | "tt" => {
                self.code += 1;
                self.walk_children(node, depth);
                self.code -= 1;
            }
            "q" => {
                self.push_text("“");
                self.walk_children(node, depth);
                self.push_text("”");
            }
            "a" => self.link(node, depth),
            _ if is_block_tag(tag) => {
                self.boundary();
                self.walk_children(node, depth);
                self.boundary();
            }
            _ => self.walk_children(node, depth),
        }
    }

    /// Walks an element whose text becomes one block of kind `ctx`.
    fn scoped_block(&mut self, node: &NodeRef<'_>, ctx: Ctx, depth: usize) {
        if self.in_quote() {
            self.boundary();
            self.walk_children(node, depth);
            self.boundary();
            return;
        }
        self.finish();
        let saved = self.ctx;
        self.ctx = ctx;
        self.walk_children(node, depth);
        self.finish();
        self.ctx = saved;
    }

    fn quotation(&mut self, node: &NodeRef<'_>, kind: QuoteKind, depth: usize) {
        self.finish();
        let saved_ctx = self.ctx;
        let saved_attr = std::mem::take(&mut self.attribution);
        self.ctx = Ctx::Quote;
        self.walk_children(node, depth);
        let mut inlines = std::mem::take(&mut self.cur);
        self.pending_space = false;
        trim_inlines(&mut inlines);
        let mut attribution = std::mem::replace(&mut self.attribution, saved_attr);
        self.ctx = saved_ctx;
        if attribution.is_empty() {
            take_dash_attribution(&mut inlines, &mut attribution);
        }
        if inlines.is_empty() && attribution.is_empty() {
            return;
        }
        self.blocks.push(match kind {
            QuoteKind::PullQuote => Block::PullQuote {
                inlines,
                attribution,
            },
            _ => Block::Quote {
                inlines,
                attribution,
            },
        });
    }

    fn image(&mut self, node: &NodeRef<'_>, info: &ElemInfo) {
        let alt = attr(node, "alt")
            .map(|a| sanitize::clean_line(&a))
            .unwrap_or_default();
        let tiny = ["width", "height"]
            .iter()
            .any(|d| attr(node, d).is_some_and(|v| matches!(v.trim(), "0" | "1" | "1px")));
        if tiny {
            return;
        }
        // WordPress turns emoji into images whose alt is the emoji.
        if info.class.contains("emoji") || info.class.contains("wp-smiley") {
            self.push_text(&alt);
            return;
        }
        if self.in_quote() || matches!(self.ctx, Ctx::Heading(_)) {
            return;
        }
        self.finish();
        self.blocks.push(Block::Image { alt });
    }

    fn link(&mut self, node: &NodeRef<'_>, depth: usize) {
        let url = attr(node, "href").and_then(|h| self.resolve(&h));
        let saved = (self.link_url.take(), self.link_num.take());
        self.link_url = url;
        self.walk_children(node, depth);
        (self.link_url, self.link_num) = saved;
    }

    fn resolve(&self, href: &str) -> Option<String> {
        let href = sanitize::clean_line(href);
        if href.is_empty() || href.starts_with('#') {
            return None;
        }
        let resolved = match &self.base {
            Some(base) => base.join(&href).ok()?,
            None => match url::Url::parse(&href) {
                Ok(u) => u,
                Err(_) => return Some(href),
            },
        };
        match resolved.scheme() {
            "http" | "https" | "mailto" | "ftp" | "gemini" | "gopher" | "tel" | "news" => {
                Some(sanitize::clean_line(resolved.as_str()))
            }
            _ => None,
        }
    }

    fn current_link(&mut self) -> Option<usize> {
        if let Some(n) = self.link_num {
            return Some(n);
        }
        let url = self.link_url.as_ref()?;
        let n = match self.link_numbers.get(url) {
            Some(&n) => n,
            None => {
                self.links.push(url.clone());
                let n = self.links.len();
                self.link_numbers.insert(url.clone(), n);
                n
            }
        };
        self.link_num = Some(n);
        Some(n)
    }

    fn table(&mut self, node: &NodeRef<'_>, depth: usize) {
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut layout_table = false;
        collect_rows(node, &mut rows, &mut layout_table, 0);
        if layout_table || self.in_quote() {
            self.boundary();
            self.walk_children(node, depth);
            self.boundary();
            return;
        }
        rows.retain(|r| r.iter().any(|c| !c.is_empty()));
        self.finish();
        if !rows.is_empty() {
            self.blocks.push(Block::Table { rows });
        }
    }

    /// Appends text: sanitised, whitespace folded.
    fn push_text(&mut self, raw: &str) {
        let cleaned = sanitize::clean(raw);
        let mut line_start = self.cur.last().is_none_or(|i| i.text.ends_with('\n'));
        // The run this text goes into, created on the first visible character.
        let mut target: Option<usize> = None;
        for (k, seg) in cleaned.split(is_fold_space).enumerate() {
            if k > 0 {
                self.pending_space = true;
            }
            if seg.is_empty() {
                continue;
            }
            let space = self.pending_space && !line_start;
            self.pending_space = false;
            line_start = false;
            let idx = match target {
                Some(i) => {
                    if space {
                        self.cur[i].text.push(' ');
                    }
                    i
                }
                None => {
                    // The space goes with the text before it, so that a
                    // link's underline does not start on a blank.
                    let mut lead = false;
                    if space {
                        match self.cur.last_mut() {
                            Some(last) if last.link.is_none() => last.text.push(' '),
                            _ => lead = true,
                        }
                    }
                    let i = self.run_for_current_style();
                    if lead {
                        self.cur[i].text.push(' ');
                    }
                    target = Some(i);
                    i
                }
            };
            self.cur[idx].text.push_str(seg);
        }
    }

    /// Index of the run that text in the current style goes into: the last
    /// one when its style matches, else a new empty one.
    fn run_for_current_style(&mut self) -> usize {
        let style = Inline {
            text: String::new(),
            strong: self.strong > 0,
            emphasis: self.emphasis > 0,
            code: self.code > 0,
            link: self.current_link(),
        };
        match self.cur.last() {
            Some(last) if last.same_style(&style) => self.cur.len() - 1,
            _ => {
                self.cur.push(style);
                self.cur.len() - 1
            }
        }
    }

    fn hard_break(&mut self) {
        self.pending_space = false;
        let ends_break = self.cur.last().is_none_or(|i| i.text.ends_with('\n'));
        if !ends_break {
            match self.cur.last_mut() {
                Some(last) => last.text.push('\n'),
                None => self.cur.push(Inline::plain("\n")),
            }
        }
    }

    /// A block element starts or ends: a new block in the body, a line break
    /// inside headings, list items, captions and quotations.
    fn boundary(&mut self) {
        match self.ctx {
            Ctx::Body => self.finish(),
            _ => self.hard_break(),
        }
    }

    /// Turns the inline buffer into a block of the current kind.
    fn finish(&mut self) {
        self.pending_space = false;
        if self.ctx == Ctx::Quote {
            self.hard_break();
            return;
        }
        let mut inlines = std::mem::take(&mut self.cur);
        trim_inlines(&mut inlines);
        if inlines.is_empty() {
            return;
        }
        let block = match self.ctx {
            Ctx::Heading(level) => Block::Heading { level, inlines },
            Ctx::Item(depth, marker) => {
                self.ctx = Ctx::Item(depth, ListMarker::Continuation);
                Block::ListItem {
                    depth,
                    marker,
                    inlines,
                }
            }
            Ctx::Caption => Block::Caption { inlines },
            Ctx::Body | Ctx::Quote => Block::Paragraph { inlines },
        };
        self.blocks.push(block);
    }
}

/// Trims spaces and line breaks (and no-break spaces) at both ends of a
/// block's text and drops empty runs.
fn trim_inlines(inlines: &mut Vec<Inline>) {
    let edge = |c: char| c == ' ' || c == '\n' || c == '\u{a0}' || c == '\u{202f}';
    while let Some(first) = inlines.first_mut() {
        let t = first.text.trim_start_matches(edge);
        if t.is_empty() {
            inlines.remove(0);
        } else {
            if t.len() != first.text.len() {
                first.text = t.to_string();
            }
            break;
        }
    }
    while let Some(last) = inlines.last_mut() {
        let t = last.text.trim_end_matches(edge);
        if t.is_empty() {
            inlines.pop();
        } else {
            let len = t.len();
            last.text.truncate(len);
            break;
        }
    }
}

/// A quotation without attribution markup whose last line starts with a dash:
/// that line is the attribution.
fn take_dash_attribution(inlines: &mut Vec<Inline>, attribution: &mut Vec<String>) {
    let text = inlines_text(inlines);
    let Some(pos) = text.rfind('\n') else {
        return;
    };
    let last = &text[pos + 1..];
    if !last.starts_with(['—', '–', '―']) || last.chars().count() > 120 {
        return;
    }
    let Some(line) = pullquote::tidy_attribution_line(last) else {
        return;
    };
    // Cut the inlines at byte `pos` of the concatenated text.
    let mut seen = 0;
    let mut keep = Vec::new();
    for mut inline in inlines.drain(..) {
        let len = inline.text.len();
        if seen + len <= pos {
            seen += len;
            keep.push(inline);
        } else {
            let cut = pos.saturating_sub(seen);
            inline.text.truncate(cut);
            if !inline.text.is_empty() {
                keep.push(inline);
            }
            break;
        }
    }
    trim_inlines(&mut keep);
    *inlines = keep;
    attribution.push(line);
}

/// Attribution text split into lines at `<br>` and block elements.
fn attribution_lines(node: &NodeRef<'_>, lines: &mut Vec<String>, cur: &mut String, depth: usize) {
    let top = cur.is_empty() && lines.is_empty();
    for child in node.children_it(false) {
        if child.is_text() {
            cur.push_str(&child.text());
            continue;
        }
        let Some(info) = elem_info(&child) else {
            continue;
        };
        if chrome::is_skipped_tag(&info.tag) || info.class.contains("tweet-button") {
            continue;
        }
        if info.tag == "br" {
            lines.extend(pullquote::tidy_attribution_line(cur));
            cur.clear();
        } else if depth > MAX_DEPTH {
            cur.push_str(&child.text());
        } else if is_block_tag(&info.tag) {
            lines.extend(pullquote::tidy_attribution_line(cur));
            cur.clear();
            attribution_lines(&child, lines, cur, depth + 1);
            lines.extend(pullquote::tidy_attribution_line(cur));
            cur.clear();
        } else {
            attribution_lines(&child, lines, cur, depth + 1);
        }
    }
    if top {
        lines.extend(pullquote::tidy_attribution_line(cur));
        cur.clear();
    }
}

/// Rows of a table, cell texts on one line. Marks the table as a layout
/// table when cells hold block content or nested tables.
fn collect_rows(node: &NodeRef<'_>, rows: &mut Vec<Vec<String>>, layout: &mut bool, depth: usize) {
    if depth > 16 {
        *layout = true;
        return;
    }
    for child in node.children_it(false) {
        let Some(info) = elem_info(&child) else {
            continue;
        };
        match info.tag.as_str() {
            "tr" => {
                let mut row = Vec::new();
                for cell in child.children_it(false) {
                    let Some(ci) = elem_info(&cell) else {
                        continue;
                    };
                    if ci.tag != "td" && ci.tag != "th" {
                        continue;
                    }
                    let has_blocks = cell.descendants_it().any(|d| {
                        d.element_ref().is_some_and(|e| {
                            matches!(
                                &*e.name.local,
                                "p" | "div"
                                    | "table"
                                    | "ul"
                                    | "ol"
                                    | "img"
                                    | "blockquote"
                                    | "h1"
                                    | "h2"
                                    | "h3"
                                    | "h4"
                                    | "figure"
                            )
                        })
                    });
                    if has_blocks {
                        *layout = true;
                    }
                    row.push(sanitize::clean_line(&cell.text()));
                }
                rows.push(row);
            }
            "thead" | "tbody" | "tfoot" => collect_rows(&child, rows, layout, depth + 1),
            "caption" => {}
            _ => {}
        }
    }
}

/// Preformatted text: sanitised, tabs expanded, trailing blank lines dropped.
fn code_text(raw: &str) -> String {
    let cleaned = sanitize::clean(raw);
    let mut out = String::with_capacity(cleaned.len());
    for (i, line) in cleaned.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut col = 0;
        for c in line.chars() {
            if c == '\t' {
                let n = 4 - col % 4;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            } else {
                out.push(c);
                col += 1;
            }
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    while out.starts_with('\n') {
        out.remove(0);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(html: &str) -> Document {
        Document::from_html(html, Some("https://example.org/a/b.html"))
    }

    #[test]
    fn paragraphs_headings_and_styles() {
        let d = doc("<h2>Titre</h2><p>Un <strong>gras</strong> et <em>italique</em> &amp; <code>x()</code>.</p>");
        assert_eq!(d.blocks.len(), 2);
        assert!(matches!(&d.blocks[0], Block::Heading { level: 2, .. }));
        match &d.blocks[1] {
            Block::Paragraph { inlines } => {
                assert_eq!(inlines_text(inlines), "Un gras et italique & x().");
                assert!(inlines.iter().any(|i| i.strong && i.text.trim() == "gras"));
                assert!(inlines
                    .iter()
                    .any(|i| i.emphasis && i.text.trim() == "italique"));
                assert!(inlines.iter().any(|i| i.code && i.text.trim() == "x()"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn whitespace_is_folded_but_no_break_spaces_kept() {
        let d = doc("<p>  une   «&nbsp;phase\n\tpratique&nbsp;»  le 7&#8239;novembre </p>");
        assert_eq!(
            d.blocks[0].text(),
            "une «\u{a0}phase pratique\u{a0}» le 7\u{202f}novembre"
        );
    }

    #[test]
    fn links_are_numbered_and_resolved() {
        let d = doc(
            r#"<p><a href="/x">un</a> <a href="c.html">deux</a> <a href="/x">encore</a> <a href="javascript:alert(1)">js</a></p>"#,
        );
        assert_eq!(
            d.links,
            vec!["https://example.org/x", "https://example.org/a/c.html"]
        );
        match &d.blocks[0] {
            Block::Paragraph { inlines } => {
                let nums: Vec<_> = inlines.iter().map(|i| i.link).collect();
                assert!(nums.contains(&Some(1)) && nums.contains(&Some(2)));
                assert!(inlines
                    .iter()
                    .any(|i| i.text.contains("js") && i.link.is_none()));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lists_images_rules_code_tables() {
        let d = doc("<ul><li>un</li><li>deux<ol><li>a</li><li>b</li></ol></li></ul><hr><img src=x alt='Une photo'><pre>fn main() {\n\tok();\n}</pre><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>");
        let types: Vec<_> = d.blocks.iter().map(Block::type_name).collect();
        assert_eq!(
            types,
            vec![
                "list_item",
                "list_item",
                "list_item",
                "list_item",
                "rule",
                "image",
                "code",
                "table"
            ]
        );
        assert!(matches!(
            d.blocks[3],
            Block::ListItem {
                depth: 1,
                marker: ListMarker::Ordered(2),
                ..
            }
        ));
        assert_eq!(d.blocks[5].text(), "Une photo");
        assert_eq!(d.blocks[6].text(), "fn main() {\n    ok();\n}");
        assert_eq!(d.blocks[7].text(), "A | B\n1 | 2");
    }

    #[test]
    fn wordpress_pullquote_keeps_attribution_lines() {
        let d = doc(
            r#"<figure class="wp-block-pullquote"><blockquote><p>Une citation.</p><cite>Jane Doe, Ministre<br>Pays</cite></blockquote></figure>"#,
        );
        assert_eq!(
            d.blocks,
            vec![Block::PullQuote {
                inlines: vec![Inline::plain("Une citation.")],
                attribution: vec!["Jane Doe, Ministre".into(), "Pays".into()],
            }]
        );
    }

    #[test]
    fn quote_embed_and_chrome() {
        let d = doc(
            r#"<blockquote class="wp-block-quote"><p>Cité.</p><cite>Auteur</cite></blockquote>
            <blockquote class="twitter-tweet"><p>Un tweet</p>&mdash; X (@x) <a href="https://twitter.com/x/status/1">1 janvier</a></blockquote><script src="https://platform.twitter.com/widgets.js"></script>
            <div class="sharedaddy"><h3>Partager :</h3><a href="?share=facebook">Facebook</a></div>
            <div id="amp-mobile-version-switcher"><a href="/?noamp=mobile">Quitter la version mobile</a></div>"#,
        );
        let types: Vec<_> = d.blocks.iter().map(Block::type_name).collect();
        assert_eq!(types, vec!["quote", "paragraph", "paragraph"]);
        let all = d.plain_text();
        assert!(!all.contains("Facebook") && !all.contains("Quitter"));
        assert!(!all.contains("widgets.js"));
    }

    #[test]
    fn wrappers_named_like_chrome_keep_their_article() {
        let body =
            "<p>Un long paragraphe de l’article, avec du texte et encore du texte.</p>".repeat(40);
        let d = doc(&format!(
            r#"<div class="container has-sidebar sidebar-right">{body}</div><div class="related-posts"><a href="/a">Autre article</a></div>"#
        ));
        assert_eq!(d.blocks.len(), 40);
        assert!(!d.plain_text().contains("Autre article"));
    }

    #[test]
    fn repeated_title_heading_can_be_stripped() {
        let mut d = doc("<h1>Le  Titre</h1><p>Texte.</p><h2>Autre</h2>");
        assert!(d.strip_title("le titre"));
        assert_eq!(d.plain_text(), "Texte.\n\nAutre");
        assert!(!d.strip_title("Autre chose"));
    }

    #[test]
    fn content_headers_are_kept_but_page_banners_dropped() {
        let d = doc("<header><h2>Le contexte</h2></header><p>Texte.</p><footer><p>Source : AFP</p></footer>");
        assert_eq!(d.plain_text(), "Le contexte\n\nTexte.\n\nSource : AFP");
        let d = doc("<header class='site-header'><a href='/'>Logo</a></header><header><nav><a href='/'>Accueil</a></nav><p>Menu</p></header><p>Texte.</p><footer role='contentinfo'>© Site</footer>");
        assert_eq!(d.plain_text(), "Texte.");
    }

    #[test]
    fn deep_or_pathological_nesting_is_survived() {
        let deep = "<div>".repeat(20000) + "profond" + &"</div>".repeat(20000);
        assert!(doc(&deep).plain_text().contains("profond"));
        let formatting = "<b><i><a href=x>".repeat(2000) + "texte";
        assert!(doc(&formatting).plain_text().contains("texte"));
        let quotes = "<blockquote>".repeat(3000) + "cité";
        assert!(doc(&quotes).plain_text().contains("cité"));
    }

    #[test]
    fn control_characters_never_survive() {
        let d = doc("<p>a\u{1b}[31mb\u{1b}]52;c;ZXZpbA==\u{7}c&#27;[2Jd\u{202e}e\u{9b}31mf</p>");
        assert_eq!(d.blocks[0].text(), "abcdef");
    }

    #[test]
    fn json_form() {
        let d = doc(
            r#"<h1>T</h1><figure class="wp-block-pullquote"><blockquote><p>Q</p><cite>A<br>B</cite></blockquote></figure><p><a href="/l">x</a></p>"#,
        );
        let v = serde_json::to_value(&d).expect("serialisable");
        assert_eq!(v["blocks"][0]["type"], "heading");
        assert_eq!(v["blocks"][0]["level"], 1);
        assert_eq!(v["blocks"][1]["type"], "pullquote");
        assert_eq!(v["blocks"][1]["attribution"], serde_json::json!(["A", "B"]));
        assert_eq!(v["links"][0]["n"], 1);
        assert_eq!(v["links"][0]["url"], "https://example.org/l");
    }
}
