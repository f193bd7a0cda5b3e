//! The application layer: every workflow griot offers, written once, for both front ends.
//!
//! The reader ([`crate::ui`]) and the command line ([`crate::cli`]) only translate input into
//! calls of this module and its results into screens or lines; the domain below it (config,
//! model, store, fetch, refresh, render, extract) knows nothing of either. What lives here:
//!
//! - [`environment`]: paths, config, log, language and data directory, from plain values;
//! - [`refresh`]: fetching feeds, then full text, retention and compaction;
//! - [`fulltext`]: which articles get their page kept, and the one write path for it;
//! - [`images`]: which pictures an article shows (its lead first) and getting them, kept
//!   on disk for bookmarks;
//! - [`marks`]: read and bookmark marks with their undo;
//! - [`subscribe`]: what the user typed, resolved into a feed by one rule;
//! - [`reading`]: an article set out for a width;
//! - [`import`]: OPML, newsboat `urls` and newsboat's `cache.db`, recognised and carried over;
//! - [`filters`]: the `[[filter]]` rules applied to the archive, hidden articles brought back;
//! - [`saving`]: a web page kept to read later;
//! - [`exporting`]: an article as text, Markdown or HTML, or saved to a Markdown file;
//! - [`piping`]: an article piped to the user's command;
//! - [`downloads`]: an article's enclosures queued and the download queue run;
//! - [`searches`]: saving a search under a name;
//! - [`queries`]: the feed list and windows of article lists;
//! - [`setup`]: the first run's default feeds and the demo's sample articles.

pub mod downloads;
pub mod environment;
pub mod exporting;
pub mod filters;
pub mod fulltext;
pub mod images;
pub mod import;
pub mod marks;
pub mod piping;
pub mod queries;
pub mod reading;
pub mod refresh;
pub mod saving;
pub mod searches;
pub mod setup;
pub mod subscribe;

pub use environment::{DemoDir, Environment, EnvironmentError, Launch};

use crate::fetch::FetchError;
use crate::refresh::RefreshError;
use crate::store::StoreError;

/// Why a workflow failed as a whole (one feed or one page failing is in its report instead).
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Fetch(#[from] FetchError),
    #[error(transparent)]
    Refresh(#[from] RefreshError),
    #[error("background work failed: {0}")]
    Worker(String),
}

impl crate::i18n::Explain for LibraryError {
    fn explain(&self) -> crate::i18n::Phrase {
        match self {
            LibraryError::Store(e) => e.explain(),
            LibraryError::Fetch(e) => e.explain(),
            LibraryError::Refresh(e) => e.explain(),
            LibraryError::Worker(why) => {
                crate::i18n::Phrase::of("background work failed: {}").word(why)
            }
        }
    }
}
