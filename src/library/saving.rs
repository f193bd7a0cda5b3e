//! Saving a web page to read later: fetched and extracted like an article's full text, kept as
//! a bookmark under "Saved" — the same for `griot save` and the reader's `S`.

use chrono::{DateTime, Utc};

use crate::fetch::Fetcher;
use crate::fulltext::FullTextError;
use crate::model::ArticleId;
use crate::store::{Store, StoreError};

/// A page ready to keep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub url: String,
    /// The page's title, else its address.
    pub title: String,
    pub author: Option<String>,
    /// When the page says the article was published.
    pub published: Option<DateTime<Utc>>,
    pub html: String,
}

/// Why a page cannot be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Fetch(#[from] FullTextError),
}

/// Fetches `url` and extracts its article.
pub async fn fetch(fetcher: &Fetcher, url: &str) -> Result<Page, SaveError> {
    crate::subscriptions::check_url(url).map_err(SaveError::Invalid)?;
    let url = url.trim();
    let full = crate::fulltext::fetch(fetcher, Some(url)).await?;
    Ok(Page {
        title: full
            .title
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| url.to_string()),
        url: url.to_string(),
        author: full.byline,
        published: full.published,
        html: full.html,
    })
}

/// Keeps a fetched page under "Saved"; returns its article id.
pub fn keep(store: &mut Store, page: &Page) -> Result<ArticleId, StoreError> {
    store.save_page(
        &page.url,
        &page.title,
        page.author.as_deref(),
        page.published,
        &page.html,
    )
}

impl crate::i18n::Explain for SaveError {
    fn explain(&self) -> crate::i18n::Phrase {
        match self {
            SaveError::Invalid(why) => crate::i18n::Phrase::verbatim(why),
            SaveError::Fetch(e) => e.explain(),
        }
    }
}
