//! An article set out for a width: the header (title, outlet, author, date, address), a blank
//! line, the body and its numbered links — the same for the reader's pane and for `griot show`.

use crate::i18n::long_date;
use crate::model::Article;
use crate::render::{layout, ArticleHeader, Document, LayoutOptions, Line};

/// An article as the reader and `show` present it.
#[derive(Debug, Clone)]
pub struct SetOut {
    /// Header, blank line, body (and the link list when asked for).
    pub lines: Vec<Line>,
    /// The article's document (for `show --json`); link `n` is `document.links[n - 1]`.
    pub document: Document,
}

/// The article's document: its best HTML (full text, else content, else summary), without
/// the page's own copy of the title (the header shows it).
pub fn document(article: &Article) -> Document {
    let mut doc = Document::from_html(article.best_html(), article.link.as_deref());
    doc.strip_title(&article.title);
    doc
}

/// Sets the article out with these options.
pub fn set_out(article: &Article, opts: &LayoutOptions) -> SetOut {
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
    lines.extend(layout(&document, opts).lines);
    SetOut { lines, document }
}
