//! Setting blocks: indents, bars, list marks, attribution lines, tables and
//! the numbered link list, centred on the reading measure.
//!
//! The heart of layout, apart from line breaking ([`super::wrap`]) so that
//! how each kind of block looks reads in one place.

use super::lines::{display_width, ImageSlot, Layout, LayoutOptions, Line, Role};
use super::pictures::{cut_to_width, fit_cells, placeholder_cells, PictureSize, PictureSpace};
use super::wrap::{hard_ranges, wrap, Style, Styled};
use crate::render::blocks::{Block, Document, Inline, ListMarker};
use crate::render::sanitize;

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

pub(super) struct Setter {
    pub(super) lines: Vec<Line>,
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
    pub(super) fn text(
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
    pub(super) fn for_options(opts: &LayoutOptions) -> Setter {
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

/// Lays a document out, images as their alt text.
pub fn layout(doc: &Document, opts: &LayoutOptions) -> Layout {
    layout_in(doc, opts, None)
}

/// Lays a document out with rows kept for its pictures, as `space` sizes them.
pub fn layout_with_pictures(
    doc: &Document,
    opts: &LayoutOptions,
    space: &PictureSpace<'_>,
) -> Layout {
    layout_in(doc, opts, Some(space))
}

fn layout_in(doc: &Document, opts: &LayoutOptions, space: Option<&PictureSpace<'_>>) -> Layout {
    let mut s = Setter::for_options(opts);
    let mut images = Vec::new();
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
        match (block, space) {
            (
                Block::Image {
                    alt,
                    src: Some(src),
                },
                Some(space),
            ) => match (space.size_of)(src) {
                PictureSize::Unavailable => set_block(&mut s, block),
                PictureSize::Link => {
                    set_block(&mut s, block);
                    let url = sanitize::clean_line(src);
                    s.text(
                        &Styled::one(Style::of(Role::LinkList), &url),
                        0,
                        &[],
                        &[],
                        0,
                    );
                }
                size => images.push(set_picture(&mut s, alt, src, size, space)),
            },
            _ => set_block(&mut s, block),
        }
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
    let lead = s.lines.iter().take_while(|l| l.spans.is_empty()).count();
    s.lines.drain(..lead);
    for slot in &mut images {
        slot.line -= lead;
    }
    Layout {
        lines: s.lines,
        images,
    }
}

/// Keeps rows for a picture that is ready or on its way (the alt text on the first).
fn set_picture(
    s: &mut Setter,
    alt: &str,
    src: &str,
    size: PictureSize,
    space: &PictureSpace<'_>,
) -> ImageSlot {
    let (cols, rows) = match size {
        PictureSize::Ready { width, height } => {
            fit_cells((width, height), space.cell, s.cols, space.max_rows)
        }
        _ => placeholder_cells(space.cell, s.cols, space.max_rows),
    };
    let line = s.lines.len();
    let indent = s.margin + (s.cols - usize::from(cols)) / 2;
    let text = if alt.is_empty() {
        "[image]".to_string()
    } else {
        format!("[image: {alt}]")
    };
    let text = cut_to_width(&text, usize::from(cols));
    s.lines.push(Line {
        indent: indent as u16,
        spans: vec![Style::of(Role::Image).span(text)],
    });
    for _ in 1..rows {
        s.lines.push(Line {
            indent: indent as u16,
            spans: vec![Style::of(Role::Image).span(String::new())],
        });
    }
    ImageSlot {
        src: src.to_string(),
        alt: alt.to_string(),
        line,
        indent: indent as u16,
        cols,
        rows,
    }
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
        } => set_pullquote(s, inlines, attribution),
        Block::Quote {
            inlines,
            attribution,
        } => set_quote(s, inlines, attribution),
        Block::Code { text } => set_code(s, text),
        Block::Image { alt, .. } => {
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

/// A pull-quote: heavy bar, italics, attribution lines right-aligned.
fn set_pullquote(s: &mut Setter, inlines: &[Inline], attribution: &[String]) {
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

/// An ordinary quotation: light bar, attribution lines after it.
fn set_quote(s: &mut Setter, inlines: &[Inline], attribution: &[String]) {
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

/// Preformatted text: lines kept, broken only where the width is full.
fn set_code(s: &mut Setter, text: &str) {
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
}
