//! A news item as the store keeps it.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Enclosure, FeedId};

/// The store's identifier of an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ArticleId(pub i64);

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// What a list shows of an article: no bodies, so a page of them is cheap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArticleSummary {
    pub id: ArticleId,
    /// `None` for a bookmark whose feed was removed, or a page kept by `griot save`.
    pub feed_id: Option<FeedId>,
    pub feed_title: String,
    pub title: String,
    pub link: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub read: bool,
    pub bookmarked: bool,
}

/// A whole article with its bodies.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    pub id: ArticleId,
    pub feed_id: Option<FeedId>,
    pub feed_title: String,
    /// Stable identity within the feed: the GUID, else the link, else a hash of title and date.
    pub uid: String,
    pub guid: Option<String>,
    pub link: Option<String>,
    pub title: String,
    pub author: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    pub summary_html: Option<String>,
    pub content_html: Option<String>,
    /// The article's main content extracted from its web page, kept for offline reading.
    pub fulltext_html: Option<String>,
    /// Why the last full-text extraction failed, if it did.
    pub fulltext_error: Option<String>,
    pub read: bool,
    pub bookmarked: bool,
    /// When griot first stored the article.
    pub first_seen: DateTime<Utc>,
    /// Files attached to the article (podcast episodes, videos, documents, pictures).
    pub enclosures: Vec<Enclosure>,
    /// The lead picture the feed names for the article, if any.
    pub image: Option<String>,
}

impl Article {
    /// The best body available: extracted full text, else content, else summary.
    pub fn best_html(&self) -> &str {
        self.fulltext_html
            .as_deref()
            .or(self.content_html.as_deref())
            .or(self.summary_html.as_deref())
            .unwrap_or("")
    }

    /// The feed's own body (content, else summary), ignoring extracted full text.
    pub fn feed_html(&self) -> &str {
        self.content_html
            .as_deref()
            .or(self.summary_html.as_deref())
            .unwrap_or("")
    }

    /// The list-view form of this article.
    pub fn summary(&self) -> ArticleSummary {
        ArticleSummary {
            id: self.id,
            feed_id: self.feed_id,
            feed_title: self.feed_title.clone(),
            title: self.title.clone(),
            link: self.link.clone(),
            author: self.author.clone(),
            published: self.published,
            read: self.read,
            bookmarked: self.bookmarked,
        }
    }
}
