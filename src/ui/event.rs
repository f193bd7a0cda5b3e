//! The messages the reader's loop runs on, and the commands it sends out.
//!
//! Everything that happens to the reader arrives as a [`Msg`]: terminal input, the clock,
//! and the results of background work (store queries on the store thread, layouts, fetches
//! on the async runtime). `app::update` turns a message into a new state plus a list of
//! [`Command`]s — work for someone else — so the loop itself never waits on the network,
//! the disk or a big layout.

pub mod handoff;

use std::sync::Arc;
use std::time::Instant;

use crossterm::event::{KeyEvent, MouseEvent};

use std::collections::HashMap;

use crate::images::{ImageError, Picture};
use crate::library::fulltext::Fetched;
pub use crate::library::marks::Undo as UndoEntry;
pub use crate::library::queries::FeedsSnapshot;
use crate::model::{Article, ArticleId, ArticleSummary, FeedId};
use crate::refresh::{Selection, Summary};
use crate::render::{ImageSlot, Line, PictureSize};
use crate::store::{ArticleFilter, SearchHit};
use crate::ui::pictures::Encoded;

/// Something that happened, for `app::update` to act on.
#[derive(Debug, Clone)]
pub enum Msg {
    /// The search index has more articles waiting; ask for the next batch.
    IndexMore,
    /// A key was pressed.
    Key(KeyEvent),
    /// The mouse was used; the instant tells a double click from two clicks.
    Mouse(MouseEvent, Instant),
    /// Text was pasted (bracketed paste), for prompts.
    Paste(String),
    /// The terminal changed size (columns, rows).
    Resize(u16, u16),
    /// The clock: a quarter of a second passed (spinner, transient messages, polling).
    Tick,
    /// The process was asked to stop (SIGTERM, SIGHUP, SIGINT).
    Terminate,
    /// The process was asked to suspend from outside (SIGTSTP: `kill -TSTP`, a job-control
    /// shell): give the terminal back first, as the Ctrl-Z key does.
    Suspend,
    /// The subscriptions and their counts, freshly read.
    FeedsLoaded(Box<FeedsSnapshot>),
    /// A window of an article list.
    ArticlesLoaded(Page),
    /// A whole article, read for the reader.
    ArticleLoaded(Arc<Article>),
    /// An article laid out at a width, ready to draw.
    ArticleLaidOut(LaidOut),
    /// Search results.
    SearchLoaded(SearchResults),
    /// A search could not run (a bad filter, a malformed query): why, for its pane.
    SearchFailed { generation: u64, error: String },
    /// The next or previous unread article (`None`: there is none) and its list position.
    UnreadFound(Option<(ArticleSummary, u64)>),
    /// Read or bookmark flags changed; the entry undoes it.
    Marked(Option<UndoEntry>),
    /// An undo was applied.
    Undone(String),
    /// A subscription was added, renamed, retagged or removed; the message says which.
    FeedsChanged(String),
    /// A background refresh started on this many feeds.
    RefreshStarted { total: usize },
    /// One feed of a refresh finished.
    RefreshProgress(FeedResult),
    /// The background refresh finished.
    RefreshDone(Summary),
    /// A full-text fetch finished (the article is stored again on success).
    FullTextDone {
        id: ArticleId,
        result: Result<(), String>,
    },
    /// A bookmarked article has only a summary: fetch its page so it reads offline.
    FullTextWanted { id: ArticleId, url: String },
    /// Another process (or the refresh) changed the database.
    StoreChanged,
    /// A URL to subscribe to was resolved (discovery done); subscribe to `feed_url`.
    FeedResolved {
        feed_url: String,
        title: Option<String>,
    },
    /// A feed was subscribed to: refresh it.
    FeedAdded(FeedId),
    /// Local subscriptions the sync server does not have: ask whether to send them.
    SubscriptionsUnsent(crate::sync::Unsent),
    /// This many local subscriptions were queued for the sync server: sync.
    SubscriptionsQueued(u64),
    /// A picture of the open article arrived, or will not.
    PictureLoaded {
        url: String,
        result: Result<Picture, ImageError>,
    },
    /// A picture was encoded for the terminal at a size in cells (`None`: it could not be).
    PictureEncoded {
        url: String,
        size: (u16, u16),
        encoded: Option<Arc<Encoded>>,
    },
    /// Something failed; shown in the status bar.
    Error(String),
    /// Something worth telling the user; shown in the status bar.
    Info(String),
    /// A hand-off of the article to the outside (pipe, file, player, downloads) progressed.
    Handoff(handoff::HandoffMsg),
}

/// A window of an article list: `rows[i]` is list entry `offset + i`.
#[derive(Debug, Clone)]
pub struct Page {
    /// Which load this answers (older answers are dropped).
    pub generation: u64,
    pub total: u64,
    pub offset: u64,
    pub rows: Vec<ArticleSummary>,
    /// Where the article asked to be kept selected is now (when it was asked).
    pub select: Option<u64>,
}

/// An article laid out for the reader.
#[derive(Debug, Clone)]
pub struct LaidOut {
    pub id: ArticleId,
    pub width: u16,
    /// Header, blank line, body and link list.
    pub lines: Arc<Vec<Line>>,
    /// Link `n` is `links[n - 1]`.
    pub links: Arc<Vec<String>>,
    /// How many of `lines` are the header (the attached files are listed after it).
    pub header_rows: usize,
    /// The rows kept for pictures (none when pictures are not shown).
    pub images: Arc<Vec<ImageSlot>>,
    /// The addresses of the pictures the article shows, in order.
    pub wanted: Vec<String>,
}

/// What a layout knows of the pictures: each one's size as far as known, a cell's size in
/// pixels, and the most rows a picture may take.
#[derive(Debug, Clone, PartialEq)]
pub struct PictureSizes {
    pub sizes: HashMap<String, PictureSize>,
    pub cell: (u16, u16),
    pub max_rows: u16,
}

/// Search results for a query.
#[derive(Debug, Clone)]
pub struct SearchResults {
    pub generation: u64,
    pub query: String,
    pub hits: Vec<SearchHit>,
    pub total: u64,
}

/// How one feed's refresh ended.
#[derive(Debug, Clone)]
pub struct FeedResult {
    pub feed: FeedId,
    pub new: u64,
    /// The error, when the fetch failed.
    pub error: Option<String>,
    /// Whether the failure looks like no network (DNS, connect, timeout).
    pub network: bool,
}

/// Work for the store thread. Each job answers with messages.
#[derive(Debug, Clone, PartialEq)]
pub enum Job {
    /// Read feeds, saved searches and counts.
    LoadFeeds,
    /// Read a window of a list; with `keep`, centre it on that article's position.
    LoadPage {
        filter: ArticleFilter,
        generation: u64,
        offset: u64,
        limit: u32,
        keep: Option<ArticleId>,
    },
    /// Read one article (and mark it read first, when asked).
    LoadArticle { id: ArticleId, mark_read: bool },
    /// Run a search.
    Search { query: String, generation: u64 },
    /// Set read flags.
    SetRead { ids: Vec<ArticleId>, read: bool },
    /// Set bookmark flags.
    SetBookmarked {
        ids: Vec<ArticleId>,
        bookmarked: bool,
    },
    /// Mark everything a filter shows as read.
    MarkAllRead(ArticleFilter),
    /// Take a change back.
    Undo(UndoEntry),
    /// Find the next/previous unread article after `from`.
    NeighbourUnread {
        filter: ArticleFilter,
        from: Option<ArticleId>,
        forward: bool,
    },
    /// Subscribe.
    AddFeed { url: String, title: Option<String> },
    /// Rename a feed (`None`: back to its own title).
    RenameFeed { id: FeedId, title: Option<String> },
    /// Replace a feed's tags.
    SetTags { id: FeedId, tags: Vec<String> },
    /// Unsubscribe (bookmarks stay).
    RemoveFeed(FeedId),
    /// Keep a search as a virtual feed in the feed list.
    SaveSearch { name: String, query: String },
    /// Forget a saved search (by name).
    ForgetSearch(String),
    /// Keep what fetching an article's page gave (its text, or why there is none).
    KeepFullText { id: ArticleId, fetched: Fetched },
    /// Keep a web page under "Saved".
    SavePage(crate::library::saving::Page),
    /// Check whether another process changed the database.
    Poll,
    /// Look for local subscriptions the sync server does not have (to offer sending them).
    OfferSubscriptions,
    /// Queue the local subscriptions for the sync server (as `griot sync push-subscriptions`).
    SendSubscriptions,
    /// Remember that the user declined to send this set of subscriptions.
    DeclineSubscriptions(String),
    /// Bring the search index up to date by one batch (after a refresh; more batches follow
    /// through [`Msg::IndexMore`], so other store work interleaves).
    IndexPending,
    /// A refresh began (`true`) or ended: the store thread reads with a smaller page cache
    /// meanwhile ([`crate::library::queries::while_refreshing`]).
    Refreshing(bool),
    /// Store work of a hand-off (pipe text, a Markdown file, files to play or download).
    Handoff(handoff::HandoffJob),
}

/// Work `app::update` asks for; the runtime carries it out.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// A store job, for the store thread.
    Job(Job),
    /// Lay an article out at a width (CPU work, off the loop).
    Layout {
        article: Arc<Article>,
        width: u16,
        measure: u16,
        link_list: bool,
        /// Rows are kept for pictures as these sizes say (`None`: pictures are not shown).
        pictures: Option<Arc<PictureSizes>>,
    },
    /// Get a picture of an article (from the disk cache, else the network when allowed);
    /// keep it on disk when the article is bookmarked.
    LoadPicture {
        article: ArticleId,
        url: String,
        keep: bool,
        network: bool,
    },
    /// Encode a picture for the terminal to fit `cols`×`rows` cells (CPU work, off the loop).
    EncodePicture {
        url: String,
        picture: Picture,
        cols: u16,
        rows: u16,
    },
    /// Refresh feeds in the background.
    Refresh(Selection),
    /// After a refresh: keep the full text of bookmarks and of feeds configured for it.
    KeepFullText,
    /// Fetch an article's page and keep its extracted text.
    FullText { id: ArticleId, url: String },
    /// Resolve what the user typed into a feed URL (discovery), then subscribe.
    ResolveFeed(String),
    /// Fetch a page and keep it under "Saved".
    SavePage(String),
    /// Open a URL in the browser (detached).
    OpenUrl(String),
    /// Copy text to the clipboard (OSC 52 and the system tools).
    Copy(String),
    /// Announce new articles (bell, OSC 9 or desktop notification per config).
    Notify(String),
    /// Suspend the process (Ctrl-Z).
    Suspend,
    /// Forget what the terminal shows and draw every cell again (Ctrl-L).
    Redraw,
    /// Leave the reader.
    Quit,
    /// Run a pipe, a player or downloads.
    Handoff(handoff::HandoffCommand),
}
