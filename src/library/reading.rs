//! An article set out for a width: the header (title, outlet, author, date, address), a blank
//! line, the body and its numbered links — the same for the reader's pane and for `griot show`.

use super::images;
use crate::downloads::human_size;
use crate::i18n::{long_date, t};
use crate::model::{Article, Enclosure};
use crate::render::sanitize::clean_line;
use crate::render::{
    display_width, layout, layout_with_pictures, ArticleHeader, Document, ImageSlot, LayoutOptions,
    Line, PictureSpace, Role, Span,
};

/// An article as the reader and `show` present it.
#[derive(Debug, Clone)]
pub struct SetOut {
    /// Header, blank line, body (and the link list when asked for).
    pub lines: Vec<Line>,
    /// The article's document (for `show --json`); link `n` is `document.links[n - 1]`.
    pub document: Document,
    /// How many of `lines` are the header (the attached files are listed right after it).
    pub header_rows: usize,
    /// The rows kept for pictures, counted in `lines` (none without a picture space).
    pub images: Vec<ImageSlot>,
}

/// The article's document: its best HTML (full text, else content, else summary), without
/// the page's own copy of the title (the header shows it), its lead picture first.
pub fn document(article: &Article) -> Document {
    let html = article.best_html();
    let mut doc = Document::from_html(html, article.link.as_deref());
    doc.strip_title(&article.title);
    if let Some(lead) = images::lead_image(images::feed_image(article), html, &doc) {
        images::place_lead(&mut doc, &lead);
    }
    doc
}

/// Sets the article out with these options, pictures as their alt text.
pub fn set_out(article: &Article, opts: &LayoutOptions) -> SetOut {
    set_out_with(article, opts, None)
}

/// Sets the article out, with rows kept for its pictures when a picture space is given.
pub fn set_out_with(
    article: &Article,
    opts: &LayoutOptions,
    space: Option<&PictureSpace<'_>>,
) -> SetOut {
    let document = document(article);
    let published = article.published.map(long_date);
    let mut lines = ArticleHeader {
        title: &article.title,
        feed: &article.feed_title,
        author: article.author.as_deref(),
        published: published.as_deref(),
        url: article.link.as_deref(),
    }
    .lines(opts);
    let header_rows = lines.len();
    lines.push(Line::default());
    let body = match space {
        Some(space) => layout_with_pictures(&document, opts, space),
        None => layout(&document, opts),
    };
    let above = lines.len();
    lines.extend(body.lines);
    let images = body
        .images
        .into_iter()
        .map(|slot| ImageSlot {
            line: slot.line + above,
            ..slot
        })
        .collect();
    SetOut {
        lines,
        document,
        header_rows,
        images,
    }
}

/// The attached files as listed under the header, numbered as `p`/`d` and `griot downloads
/// add ARTICLE N` count them: "1. episode.mp3 — audio/mpeg, 24.1 MB ✓". `downloaded` says
/// which are on disk; `indent` and `width` match the header's.
pub fn file_lines(
    files: &[Enclosure],
    downloaded: impl Fn(&str) -> bool,
    indent: u16,
    width: u16,
) -> Vec<Line> {
    if files.is_empty() {
        return Vec::new();
    }
    let span = |text: String, role: Role| Span {
        text,
        role,
        strong: false,
        emphasis: false,
        underline: false,
    };
    let mut lines = vec![Line {
        indent,
        spans: vec![span(t("Attached files:").into(), Role::Meta)],
    }];
    let room = usize::from(width.saturating_sub(indent)).max(10);
    for (i, f) in files.iter().enumerate() {
        let name = f
            .title
            .as_deref()
            .map(clean_line)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| crate::downloads::names::file_name(&f.url, None, None));
        let mut facts: Vec<String> = Vec::new();
        if let Some(m) = f.mime.as_deref().map(clean_line).filter(|m| !m.is_empty()) {
            facts.push(m);
        }
        if let Some(n) = f.length.filter(|n| *n > 0) {
            facts.push(human_size(n));
        }
        let mut text = format!("{}. {name}", i + 1);
        if !facts.is_empty() {
            text.push_str(&format!(" — {}", facts.join(", ")));
        }
        if downloaded(&f.url) {
            text.push_str(&format!(" ✓ {}", t("downloaded")));
        }
        if display_width(&text) > room {
            while display_width(&text) > room.saturating_sub(1) && text.pop().is_some() {}
            text.push('…');
        }
        lines.push(Line {
            indent: indent + 2,
            spans: vec![span(text, Role::Meta)],
        });
    }
    lines
}

/// Set-out lines with the files listed after the header's `header_rows`.
pub fn with_files(lines: &[Line], header_rows: usize, files: &[Line]) -> Vec<Line> {
    let at = header_rows.min(lines.len());
    let mut out = lines[..at].to_vec();
    out.extend_from_slice(files);
    out.extend_from_slice(&lines[at..]);
    out
}

/// The rows kept for pictures once `inserted` lines are listed after the header's
/// `header_rows`: the pictures below move down with the text.
pub fn shift_slots(slots: &[ImageSlot], header_rows: usize, inserted: usize) -> Vec<ImageSlot> {
    slots
        .iter()
        .map(|slot| ImageSlot {
            line: if slot.line >= header_rows {
                slot.line + inserted
            } else {
                slot.line
            },
            ..slot.clone()
        })
        .collect()
}
