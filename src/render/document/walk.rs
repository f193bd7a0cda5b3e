//! The walk over the DOM: elements become blocks.
//!
//! Kept apart from the inline text handling (`inline`) and the element
//! decisions ([`super::elements`]) so that the block structure — what starts a
//! paragraph, a list item, a quotation with its attribution, a table — reads
//! in one place.

use dom_query::{NodeData, NodeRef};

use super::elements::{attr, elem_info, element_action, heading_level, is_block_tag, ElemInfo};
use super::{Action, Builder, Ctx, ListCtx, MAX_DEPTH};
use crate::render::blocks::{inlines_text, Block, Inline, ListMarker};
use crate::render::chrome;
use crate::render::pullquote::{self, QuoteKind};
use crate::render::sanitize;

impl Builder {
    fn in_quote(&self) -> bool {
        self.ctx == Ctx::Quote
    }

    pub(super) fn walk_children(&mut self, node: &NodeRef<'_>, depth: usize) {
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
        self.element(node, &info, depth);
    }

    /// Walks an element that is neither chrome nor a new quotation.
    fn element(&mut self, node: &NodeRef<'_>, info: &ElemInfo, depth: usize) {
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
            "img" => self.image(node, info),
            "pre" => self.preformatted(node),
            "ul" | "ol" | "menu" => self.list(node, tag == "ol", depth),
            "li" => self.list_item(node, depth),
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

    fn preformatted(&mut self, node: &NodeRef<'_>) {
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

    fn list(&mut self, node: &NodeRef<'_>, ordered: bool, depth: usize) {
        self.finish();
        let start = attr(node, "start")
            .and_then(|s| s.trim().parse::<u32>().ok())
            .unwrap_or(1);
        self.lists.push(ListCtx {
            ordered,
            next: start,
        });
        self.walk_children(node, depth);
        self.finish();
        self.lists.pop();
    }

    fn list_item(&mut self, node: &NodeRef<'_>, depth: usize) {
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
        let src = image_source(node).and_then(|s| self.resolve_image(&s));
        self.blocks.push(Block::Image { alt, src });
    }

    fn table(&mut self, node: &NodeRef<'_>, depth: usize) {
        let mut cells: Vec<Vec<Cell>> = Vec::new();
        let mut layout_table = false;
        collect_rows(node, &mut cells, &mut layout_table, 0);
        if layout_table || self.in_quote() {
            self.boundary();
            self.walk_children(node, depth);
            self.boundary();
            return;
        }
        // A cell's links are numbered like the text's, the number after the cell's text.
        let mut rows: Vec<Vec<String>> = Vec::new();
        for row in cells {
            let mut texts = Vec::with_capacity(row.len());
            for cell in row {
                let mut text = cell.text;
                for n in cell.hrefs.iter().filter_map(|h| self.number_link(h)) {
                    text.push_str(&format!("[{n}]"));
                }
                texts.push(text);
            }
            rows.push(texts);
        }
        rows.retain(|r| r.iter().any(|c| !c.is_empty()));
        self.finish();
        if !rows.is_empty() {
            self.blocks.push(Block::Table { rows });
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
    pub(super) fn finish(&mut self) {
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
/// The address an `<img>` names: `src`, else the lazy-loading spellings (`data-src`,
/// `data-lazy-src`), else the first candidate of `srcset`; a `data:` placeholder is none.
fn image_source(node: &NodeRef<'_>) -> Option<String> {
    let usable = |v: &String| {
        let v = v.trim();
        !v.is_empty() && !v.starts_with("data:")
    };
    ["src", "data-src", "data-lazy-src"]
        .iter()
        .filter_map(|a| attr(node, a))
        .find(usable)
        .or_else(|| {
            attr(node, "srcset")
                .and_then(|s| {
                    s.split(',')
                        .next()?
                        .split_whitespace()
                        .next()
                        .map(String::from)
                })
                .filter(usable)
        })
}

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
/// A data table's cell: its text, and the addresses of the links in it, in order.
struct Cell {
    text: String,
    hrefs: Vec<String>,
}

fn collect_rows(node: &NodeRef<'_>, rows: &mut Vec<Vec<Cell>>, layout: &mut bool, depth: usize) {
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
                    let hrefs = cell
                        .descendants_it()
                        .filter(|d| d.element_ref().is_some_and(|e| &*e.name.local == "a"))
                        .filter_map(|a| attr(&a, "href"))
                        .collect();
                    row.push(Cell {
                        text: sanitize::clean_line(&cell.text()),
                        hrefs,
                    });
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
