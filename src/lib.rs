//! griot — a terminal news reader.
//!
//! The crate is split the way the program works:
//!
//! - [`config`] and [`paths`]: where things live and how the user wants them;
//! - [`model`]: the domain's types (feeds, articles, parsed items);
//! - [`store`]: the SQLite database — the only place state is kept;
//! - [`subscriptions`]: OPML and newsboat `urls` import and export;
//! - [`fetch`] and [`refresh`]: getting feeds from the network (or files, or commands) into the store;
//! - [`downloads`]: podcasts and other enclosures kept on disk (queue records, safe names,
//!   resumable transfers);
//! - [`render`]: article HTML turned into a document model and laid out as terminal text;
//! - [`images`]: pictures fetched, decoded within caps and kept on disk for bookmarks;
//! - [`extract`]: full-text extraction of an article's web page (Readability);
//! - [`sync`]: two-way sync with a Miniflux or Google Reader API server;
//! - [`library`]: the application layer — every workflow, written once for both front ends;
//! - [`cli`]: the scriptable command line;
//! - [`ui`]: the terminal front end, a thin layer over all of the above.
//!
//! Only [`ui`] knows about ratatui and only [`cli`] about clap; both call [`library`], and
//! everything below it can be driven from scripts and tests. `ARCHITECTURE.md` is the map.

pub mod cli;
pub mod config;
pub mod downloads;
pub mod extract;
pub mod fetch;
pub mod filter;
pub mod fulltext;
pub mod i18n;
pub mod images;
pub mod library;
pub mod logging;
pub mod model;
pub mod paths;
pub mod refresh;
pub mod render;
pub mod store;
pub mod subscriptions;
pub mod sync;
pub mod ui;
