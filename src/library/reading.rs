//! An article set out for a width: the header (title, outlet, author, date, address), a blank
//! line, the body and its numbered links — the same for the reader's pane and for `griot show`.

use super::images;
use crate::i18n::long_date;
use crate::model::Article;
use crate::render::{
    layout, layout_with_pictures, ArticleHeader, Document, ImageSlot, LayoutOptions, Line,
    PictureSpace,
};

/// An article as the reader and `show` present it.
#[derive(Debug, Clone)]
pub struct SetOut {
    /// Header, blank line, body (and the link list when asked for).
    pub lines: Vec<Line>,
    /// The article's document (for `show --json`); link `n` is `document.links[n - 1]`.
    pub document: Document,
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
        images,
    }
}
