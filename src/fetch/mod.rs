//! Getting feeds from where they live — the network, local files, or commands — and
//! turning their bytes into [`ParsedFeed`](crate::model::ParsedFeed)s.
//!
//! The pieces, one file per job:
//!
//! - [`client`]: the one shared HTTP client (timeouts, redirects, conditional GET, body cap);
//! - [`source`]: `file://` URLs, plain paths and `exec:COMMAND` sources;
//! - [`charset`]: which encoding a feed or page is in (byte-order marks, XML's
//!   Appendix F, the WHATWG order for pages, chardetng for undeclared ones);
//! - [`parse`]: charset handling and feed-rs parsing into the domain model, with limits
//!   (`atom03` rewrites Atom 0.3 as Atom 1.0 first);
//! - [`media`]: an item's attached files and lead picture;
//! - [`guard`]: third-party parser panics caught without a word on the terminal;
//! - [`discover`]: finding a site's feeds from its HTML page;
//! - [`schedule`]: when to fetch a feed next (intervals, backoff, Retry-After).
//!
//! [`Fetcher`] ties [`client`] and [`source`] together behind one call, and
//! [`resolve_subscription`] implements `griot add https://site/`.

mod atom03;
pub mod charset;
pub mod client;
pub mod discover;
mod error;
pub mod guard;
mod media;
pub mod parse;
pub mod schedule;
pub mod source;

use std::time::Duration;

pub use client::{FeedBody, FetchOutcome, HttpClient, Page, Validators};
pub use error::FetchError;
pub use parse::{parse_feed, ParseError, ParseLimits};
pub use source::Source;

/// The default User-Agent: names the program and where to learn about it.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "griot/",
    env!("CARGO_PKG_VERSION"),
    " (+https://github.com/griot-reader/griot)"
);

/// How griot fetches one document: identity, timeouts and size limits.
///
/// The defaults suit a news reader on an ordinary connection; the command line and the
/// TUI map `config.toml` onto this.
#[derive(Debug, Clone, PartialEq)]
pub struct FetchOptions {
    /// Sent with every HTTP request.
    pub user_agent: String,
    /// Longest wait for a TCP (and TLS) connection to be established.
    pub connect_timeout: Duration,
    /// Longest silence between two reads of a response.
    pub read_timeout: Duration,
    /// Longest time one fetch may take in all (redirects and body included).
    pub timeout: Duration,
    /// Longest time an `exec:` command may run before it is killed.
    pub exec_timeout: Duration,
    /// Largest body accepted, counted after decompression.
    pub max_body: usize,
    /// Most redirects followed for one fetch.
    pub max_redirects: usize,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            user_agent: DEFAULT_USER_AGENT.to_string(),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            timeout: Duration::from_secs(60),
            exec_timeout: Duration::from_secs(60),
            max_body: 16 * 1024 * 1024,
            max_redirects: 8,
        }
    }
}

/// Fetches a feed from any supported source: `http(s)://`, `file://`, a path, or `exec:`.
#[derive(Debug, Clone)]
pub struct Fetcher {
    http: HttpClient,
}

impl Fetcher {
    /// Builds the shared HTTP client. Fails only if the TLS backend cannot start.
    pub fn new(options: FetchOptions) -> Result<Fetcher, FetchError> {
        Ok(Fetcher {
            http: HttpClient::new(options)?,
        })
    }

    /// The HTTP client, for page fetches (full text, discovery).
    pub fn http(&self) -> &HttpClient {
        &self.http
    }

    /// The options this fetcher was built with.
    pub fn options(&self) -> &FetchOptions {
        self.http.options()
    }

    /// Fetches the document at `location`, sending `validators` for a conditional
    /// request when the source supports it.
    pub async fn fetch(
        &self,
        location: &str,
        validators: &Validators,
    ) -> Result<FetchOutcome, FetchError> {
        match Source::parse(location)? {
            Source::Http(url) => self.http.get_feed(url, validators).await,
            Source::File(path) => source::read_file(&path, validators, self.options()).await,
            Source::Exec(command) => source::run_exec(&command, self.options()).await,
        }
    }
}

/// What `griot add URL` subscribes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The feed's URL (after permanent redirects, or discovered from a page).
    pub feed_url: String,
    /// The feed's own title, when it could be read.
    pub title: Option<String>,
    /// Other feeds the page offered, in page order, for the user to pick instead.
    pub others: Vec<String>,
}

/// Resolves what the user gave to `griot add`: a feed URL is kept (its permanent
/// redirect target if it moved); an HTML page is searched for `<link rel="alternate">`
/// feeds and the first one is chosen, the others listed. Non-HTTP sources (`file:`,
/// `exec:`) are taken as given after one successful read.
pub async fn resolve_subscription(
    fetcher: &Fetcher,
    location: &str,
) -> Result<Resolved, FetchError> {
    let limits = ParseLimits::default();
    let body = match fetcher.fetch(location, &Validators::default()).await? {
        FetchOutcome::Modified(body) => body,
        // Without validators a server has no reason to answer 304; take the URL as given.
        FetchOutcome::NotModified { moved_to } => {
            return Ok(Resolved {
                feed_url: moved_to.unwrap_or_else(|| location.to_string()),
                title: None,
                others: Vec::new(),
            })
        }
    };
    let subscribe_url = if matches!(Source::parse(location)?, Source::Http(_)) {
        body.moved_to
            .clone()
            .unwrap_or_else(|| location.to_string())
    } else {
        location.to_string()
    };
    let parsed = {
        let body = body.clone();
        let limits = limits.clone();
        tokio::task::spawn_blocking(move || parse_feed(&body, &limits))
            .await
            .map_err(|e| FetchError::Internal(e.to_string()))?
    };
    match parsed {
        Ok(feed) => Ok(Resolved {
            feed_url: subscribe_url,
            title: feed.title,
            others: Vec::new(),
        }),
        Err(parse_error) => {
            if !discover::looks_like_html(&body.body) {
                return Err(parse_error.into());
            }
            let found = tokio::task::spawn_blocking(move || {
                discover::discover_feeds(&body.body, &body.final_url)
            })
            .await
            .map_err(|e| FetchError::Internal(e.to_string()))?;
            let mut found = found.into_iter();
            let Some(first) = found.next() else {
                return Err(FetchError::NoFeedFound {
                    url: location.to_string(),
                });
            };
            let title = match fetcher.fetch(&first, &Validators::default()).await {
                Ok(FetchOutcome::Modified(feed_body)) => {
                    tokio::task::spawn_blocking(move || parse_feed(&feed_body, &limits))
                        .await
                        .ok()
                        .and_then(Result::ok)
                        .and_then(|f| f.title)
                }
                _ => None,
            };
            Ok(Resolved {
                feed_url: first,
                title,
                others: found.collect(),
            })
        }
    }
}

impl From<&crate::config::FetchConfig> for FetchOptions {
    /// Maps the `[fetch]` table of `config.toml` onto fetch options.
    fn from(c: &crate::config::FetchConfig) -> Self {
        let defaults = FetchOptions::default();
        FetchOptions {
            user_agent: if c.user_agent.trim().is_empty() {
                defaults.user_agent
            } else {
                c.user_agent.trim().to_string()
            },
            connect_timeout: Duration::from_secs(c.connect_timeout.max(1)),
            read_timeout: Duration::from_secs(c.timeout.max(1)),
            timeout: Duration::from_secs(c.timeout.max(1)),
            max_body: usize::try_from(c.max_body_mib.max(1).saturating_mul(1024 * 1024))
                .unwrap_or(usize::MAX),
            max_redirects: defaults.max_redirects,
            exec_timeout: Duration::from_secs(c.exec_timeout.max(1)),
        }
    }
}
