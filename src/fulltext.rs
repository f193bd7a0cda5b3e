//! Full text for offline reading: fetch an article's web page and keep its main content.
//!
//! Used on demand (the reader's `f`, `griot show --full`), automatically for feeds configured
//! so, always when an article is bookmarked, and by `griot save`. The page is fetched with the
//! shared client (same caps and timeouts as feeds), decoded as a browser would
//! ([`decode_page`]: byte-order mark, HTTP charset, `<meta>`, then detection), and extracted with
//! Readability off the async workers. What to fetch, and keeping the result, is the
//! application layer's ([`crate::library::fulltext`]); a failure leaves the summary in place
//! and says why.

use crate::extract::{self, Extracted};
use crate::fetch::charset::decode_page;
use crate::fetch::{FetchError, Fetcher};

/// Why full text could not be had.
#[derive(Debug, thiserror::Error)]
pub enum FullTextError {
    #[error("the article has no link to fetch")]
    NoLink,
    #[error("{0}")]
    Fetch(#[from] FetchError),
    #[error("{0}")]
    Extract(#[from] extract::ExtractError),
    #[error("extraction stopped unexpectedly")]
    Worker,
}

impl crate::i18n::Explain for FullTextError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            FullTextError::NoLink => Phrase::of("the article has no link to fetch"),
            FullTextError::Fetch(e) => e.explain(),
            FullTextError::Extract(e) => e.explain(),
            FullTextError::Worker => Phrase::of("extraction stopped unexpectedly"),
        }
    }
}

/// A page's article, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FullText {
    /// The URL after redirects.
    pub url: String,
    pub title: Option<String>,
    pub byline: Option<String>,
    /// The extracted article HTML (chrome removed, pull-quote markup kept).
    pub html: String,
    /// When the page says the article was published.
    pub published: Option<chrono::DateTime<chrono::Utc>>,
}

/// Fetches `link` and extracts its article.
pub async fn fetch(fetcher: &Fetcher, link: Option<&str>) -> Result<FullText, FullTextError> {
    let link = link
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .ok_or(FullTextError::NoLink)?;
    let page = fetcher.http().get_page(link).await?;
    let charset = page.charset().map(str::to_string);
    let url = page.final_url.clone();
    let extracted = tokio::task::spawn_blocking(move || {
        let html = decode_page(&page.body, charset.as_deref(), Some(&page.final_url));
        extract::extract(&html, &page.final_url)
    })
    .await
    .map_err(|_| FullTextError::Worker)??;
    let Extracted {
        title,
        byline,
        html,
        published,
    } = extracted;
    Ok(FullText {
        url,
        title,
        byline,
        html,
        published,
    })
}
