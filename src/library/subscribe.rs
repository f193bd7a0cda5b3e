//! Subscribing: what the user typed becomes a feed URL by one rule, in the reader and on the
//! command line alike.
//!
//! The rule: a web address is fetched first. A feed is subscribed to (at its new address if it
//! moved for good); a page is searched for the feed it links to. An address that answers with
//! an error status, or is neither a feed nor a page that links to one, is refused. When the
//! network is out of reach, the address is subscribed to as given and checked at the next
//! refresh. Files and `exec:` commands are taken as given.

use crate::fetch::{resolve_subscription, FetchError, Fetcher};
use crate::store::{AddOutcome, NewFeed, Store, StoreError};

/// What an address resolved to.
#[derive(Debug)]
pub struct Resolution {
    /// The address to subscribe to.
    pub feed_url: String,
    /// The feed's own title, when it could be read.
    pub title: Option<String>,
    /// Other feeds the page offered.
    pub others: Vec<String>,
    /// Why the address could not be checked now (it is subscribed to as given).
    pub unchecked: Option<FetchError>,
}

/// Why an address cannot be subscribed to.
#[derive(Debug, thiserror::Error)]
pub enum SubscribeError {
    #[error("{0}")]
    Invalid(String),
    #[error("{source} ({url})")]
    Refused {
        url: String,
        #[source]
        source: FetchError,
    },
}

/// Resolves what the user typed into the feed to subscribe to.
pub async fn resolve(fetcher: &Fetcher, typed: &str) -> Result<Resolution, SubscribeError> {
    crate::subscriptions::check_url(typed).map_err(SubscribeError::Invalid)?;
    let url = typed.trim().to_string();
    let as_given = |unchecked| Resolution {
        feed_url: url.clone(),
        title: None,
        others: Vec::new(),
        unchecked,
    };
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        return Ok(as_given(None));
    }
    match resolve_subscription(fetcher, &url).await {
        Ok(r) => Ok(Resolution {
            feed_url: r.feed_url,
            title: r.title,
            others: r.others,
            unchecked: None,
        }),
        Err(e) if e.is_network() => Ok(as_given(Some(e))),
        Err(source) => Err(SubscribeError::Refused { url, source }),
    }
}

/// Subscribes to a resolved address.
pub fn add(
    store: &mut Store,
    feed_url: &str,
    title: Option<String>,
    tags: Vec<String>,
) -> Result<AddOutcome, StoreError> {
    store.add_feed(&NewFeed {
        url: feed_url.to_string(),
        title,
        tags,
        hidden: false,
    })
}

impl crate::i18n::Explain for SubscribeError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            SubscribeError::Invalid(why) => Phrase::verbatim(why),
            SubscribeError::Refused { url, source } => {
                Phrase::of("{} ({})").cause(source).word(url)
            }
        }
    }
}
