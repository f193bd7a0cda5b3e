//! The store thread: every database query and write the reader makes, off the UI loop.
//!
//! [`Worker`] owns its own [`Store`] and answers [`Job`]s with [`Msg`]s. The real reader runs
//! it on a dedicated thread ([`spawn`]); tests call [`Worker::run`] directly, so the same code
//! is exercised either way. Superseded list loads are dropped before they run, so holding
//! `j` over the feed list never builds a queue of stale queries.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, Sender};

use crate::i18n::t;
use crate::library::fulltext::{self, Fetched};
use crate::library::searches::{self, SaveSearchError};
use crate::library::subscribe;
use crate::library::{marks, queries, saving};
use crate::model::ArticleId;
use crate::store::{AddOutcome, SearchQuery, Store, StoreError};

use super::app::{update, State};
use super::event::{Command, Job, Msg, Page, SearchResults};

/// Search results kept per query.
pub const SEARCH_LIMIT: u32 = 200;

/// Answers store jobs.
pub struct Worker {
    store: Store,
    data_version: Option<i64>,
}

impl Worker {
    /// A worker over an open store.
    pub fn new(store: Store) -> Worker {
        Worker {
            store,
            data_version: None,
        }
    }

    /// The store, for tests and set-up.
    pub fn store(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Carries `commands` through to completion on this thread, as the runtime would across
    /// its threads: store jobs, article layouts and picture encodings (with half-blocks) run
    /// here and their messages go back through `update`; every other command (network, browser, quit…) is handed to `other`.
    /// For tests and benchmarks, which want the whole chain without threads or timing.
    pub fn run_here(
        &mut self,
        state: &mut State,
        commands: Vec<Command>,
        mut other: impl FnMut(Command),
    ) {
        let mut queue: VecDeque<Command> = commands.into();
        while let Some(c) = queue.pop_front() {
            match c {
                Command::Job(job) => {
                    for msg in self.run(job) {
                        queue.extend(update(state, msg));
                    }
                }
                Command::Layout {
                    article,
                    width,
                    measure,
                    link_list,
                    pictures,
                } => {
                    let laid = super::system::lay_out_with(
                        &article,
                        width,
                        measure,
                        link_list,
                        pictures.as_deref(),
                    );
                    queue.extend(update(state, Msg::ArticleLaidOut(laid)));
                }
                Command::EncodePicture {
                    url,
                    picture,
                    cols,
                    rows,
                } => {
                    let picker = ratatui_image::picker::Picker::halfblocks();
                    let msg = super::system::encode_picture(&picker, url, &picture, cols, rows);
                    queue.extend(update(state, msg));
                }
                c => other(c),
            }
        }
    }

    /// Carries out one job; failures come back as [`Msg::Error`].
    pub fn run(&mut self, job: Job) -> Vec<Msg> {
        match self.try_run(job) {
            Ok(msgs) => msgs,
            Err(e) => vec![Msg::Error(crate::i18n::say(&e))],
        }
    }

    fn try_run(&mut self, job: Job) -> Result<Vec<Msg>, StoreError> {
        let store = &mut self.store;
        Ok(match job {
            Job::LoadFeeds => vec![Msg::FeedsLoaded(Box::new(queries::feeds_snapshot(store)?))],
            Job::LoadPage {
                filter,
                generation,
                offset,
                limit,
                keep,
            } => {
                let w = queries::window(store, filter, offset, limit, keep)?;
                vec![Msg::ArticlesLoaded(Page {
                    generation,
                    total: w.total,
                    offset: w.offset,
                    rows: w.rows,
                    select: w.select,
                })]
            }
            Job::LoadArticle { id, mark_read } => load_article(store, id, mark_read)?,
            Job::Search { query, generation } => search(store, query, generation),
            Job::SetRead { ids, read } => vec![Msg::Marked(marks::set_read(store, &ids, read)?)],
            Job::SetBookmarked { ids, bookmarked } => {
                let done = marks::set_bookmarked(store, &ids, bookmarked)?;
                let mut out = vec![Msg::Marked(done.undo)];
                out.extend(
                    done.full_text_wanted
                        .into_iter()
                        .map(|(id, url)| Msg::FullTextWanted { id, url }),
                );
                out
            }
            Job::MarkAllRead(filter) => {
                let (n, undo) = marks::mark_all_read(store, &filter)?;
                vec![Msg::Marked(undo), Msg::Info(say::marked_read(n))]
            }
            Job::Undo(entry) => vec![Msg::Undone(say::undone(marks::undo(store, entry)?))],
            Job::NeighbourUnread {
                filter,
                from,
                forward,
            } => vec![Msg::UnreadFound(queries::neighbour_unread(
                store, &filter, from, forward,
            )?)],
            Job::AddFeed { url, title } => match subscribe::add(store, &url, title, Vec::new())? {
                AddOutcome::Added(id) => {
                    vec![Msg::FeedsChanged(say::subscribed(&url)), Msg::FeedAdded(id)]
                }
                AddOutcome::Exists(_) => vec![Msg::Info(say::already_subscribed(&url))],
            },
            Job::RenameFeed { id, title } => {
                store.rename_feed(id, title.as_deref())?;
                vec![Msg::FeedsChanged(t("Feed renamed").into())]
            }
            Job::SetTags { id, tags } => {
                store.set_tags(id, &tags)?;
                vec![Msg::FeedsChanged(t("Tags changed").into())]
            }
            Job::RemoveFeed(id) => {
                let report = store.remove_feed(id)?;
                vec![Msg::FeedsChanged(say::feed_removed(report.bookmarks_kept))]
            }
            Job::SaveSearch { name, query } => match searches::save(store, &name, &query) {
                Ok(_) => vec![Msg::FeedsChanged(format!("{} {name}", t("Search saved:")))],
                Err(SaveSearchError::Store(e)) => return Err(e),
                Err(e) => vec![Msg::Error(say::not_saved(&e))],
            },
            Job::ForgetSearch(name) => {
                store.delete_saved_search(&name)?;
                vec![Msg::FeedsChanged(format!(
                    "{} {name}",
                    t("Saved search forgotten:")
                ))]
            }
            Job::KeepFullText { id, fetched } => {
                fulltext::record(store, id, &fetched)?;
                let result = match fetched {
                    Fetched::Text(_) => Ok(()),
                    Fetched::Failed(why) => Err(why.say()),
                    Fetched::NoLink => Err(t("the article has no link to fetch").into()),
                };
                vec![Msg::FullTextDone { id, result }]
            }
            Job::OfferSubscriptions => match crate::sync::unsent_subscriptions(store) {
                Ok(Some(unsent)) => vec![Msg::SubscriptionsUnsent(unsent)],
                Ok(None) => Vec::new(),
                Err(e) => vec![Msg::Error(crate::i18n::say(&e))],
            },
            Job::SendSubscriptions => match crate::sync::queue_local_subscriptions(store) {
                Ok(n) => vec![Msg::SubscriptionsQueued(n)],
                Err(e) => vec![Msg::Error(crate::i18n::say(&e))],
            },
            Job::DeclineSubscriptions(set) => match crate::sync::decline_subscriptions(store, &set)
            {
                Ok(()) => Vec::new(),
                Err(e) => vec![Msg::Error(crate::i18n::say(&e))],
            },
            Job::SavePage(page) => {
                saving::keep(store, &page)?;
                vec![Msg::FeedsChanged(format!("{} {}", t("Saved:"), page.title))]
            }
            Job::IndexPending => {
                const BATCH: usize = 300;
                if store.index_batch(BATCH)? == BATCH {
                    vec![Msg::IndexMore]
                } else {
                    Vec::new()
                }
            }
            Job::Refreshing(on) => {
                queries::while_refreshing(store, on)?;
                Vec::new()
            }
            Job::Poll => self.poll()?,
            Job::Handoff(job) => super::handoff::run_job(store, job)?,
        })
    }

    /// Whether another process changed the database since the last poll.
    fn poll(&mut self) -> Result<Vec<Msg>, StoreError> {
        let v = self.store.data_version()?;
        let changed = self.data_version.is_some_and(|old| old != v);
        self.data_version = Some(v);
        Ok(if changed {
            vec![Msg::StoreChanged]
        } else {
            Vec::new()
        })
    }
}

/// Runs a search: its results, or why it cannot run, for its pane.
fn search(store: &mut Store, query: String, generation: u64) -> Vec<Msg> {
    let found = SearchQuery::parse(&query).and_then(|parsed| {
        let hits = store.search(&parsed, SEARCH_LIMIT, 0)?;
        let (total, _) = store.search_counts(&parsed)?;
        Ok((hits, total))
    });
    match found {
        Ok((hits, total)) => vec![Msg::SearchLoaded(SearchResults {
            generation,
            query,
            hits,
            total,
        })],
        Err(e) => vec![Msg::SearchFailed {
            generation,
            error: say::search_failed(&e),
        }],
    }
}

/// Reads one article for the reader, marking it read first when asked.
fn load_article(store: &mut Store, id: ArticleId, mark_read: bool) -> Result<Vec<Msg>, StoreError> {
    let mut out = Vec::new();
    if mark_read {
        if let Some(undo) = marks::set_read(store, &[id], true)? {
            out.push(Msg::Marked(Some(undo)));
        }
    }
    match store.article(id)? {
        Some(a) => out.push(Msg::ArticleLoaded(std::sync::Arc::new(a))),
        None => out.push(Msg::Error(
            t("That article is no longer in the store.").into(),
        )),
    }
    Ok(out)
}

/// The status-bar words for what the store thread did, in the reader's language.
mod say {
    use crate::i18n::{count, t};
    use crate::library::marks::Undone;
    use crate::library::searches::SaveSearchError;

    pub fn marked_read(n: usize) -> String {
        count(
            n as u64,
            "{} article marked read",
            "{} articles marked read",
        )
    }

    pub fn undone(what: Undone) -> String {
        t(match what {
            Undone::ReadState => "Read state restored",
            Undone::BookmarksRestored => "Bookmark restored",
            Undone::BookmarksRemoved => "Bookmark removed again",
            Undone::MarkedUnread => "Articles marked unread again",
        })
        .to_string()
    }

    pub fn subscribed(url: &str) -> String {
        format!("{} {url}", t("Subscribed to"))
    }

    pub fn already_subscribed(url: &str) -> String {
        format!("{} {url}", t("Already subscribed to"))
    }

    pub fn search_failed(e: &crate::store::StoreError) -> String {
        format!("{} {}", t("This search cannot run:"), crate::i18n::say(e))
    }

    pub fn not_saved(e: &SaveSearchError) -> String {
        match e {
            SaveSearchError::EmptyName => t("A saved search needs a name").to_string(),
            SaveSearchError::Exists(name) => {
                format!("{} {name}", t("A saved search of that name exists:"))
            }
            SaveSearchError::Store(e) => crate::i18n::say(e),
        }
    }

    pub fn feed_removed(bookmarks_kept: u64) -> String {
        format!(
            "{} ({bookmarks_kept} {})",
            t("Feed removed"),
            t("bookmarks kept")
        )
    }
}

/// Runs a worker on its own thread; jobs go in through the returned sender, answers come out
/// on `out`. The thread ends when the sender is dropped.
pub fn spawn(store: Store, out: Sender<Msg>) -> Sender<Job> {
    let (tx, rx) = std::sync::mpsc::channel::<Job>();
    let spawned = std::thread::Builder::new()
        .name("griot-store".into())
        .spawn(move || serve(Worker::new(store), rx, out));
    if let Err(e) = spawned {
        tracing::error!("cannot start the store thread: {e}");
    }
    tx
}

fn serve(mut worker: Worker, rx: Receiver<Job>, out: Sender<Msg>) {
    while let Ok(first) = rx.recv() {
        let mut batch = vec![first];
        batch.extend(rx.try_iter());
        for job in coalesce(batch) {
            for msg in worker.run(job) {
                if out.send(msg).is_err() {
                    return;
                }
            }
        }
    }
}

/// Drops list loads, searches and feed reloads that a later job of the same kind replaces.
fn coalesce(batch: Vec<Job>) -> Vec<Job> {
    let last_page = batch
        .iter()
        .rposition(|j| matches!(j, Job::LoadPage { .. }));
    let last_search = batch.iter().rposition(|j| matches!(j, Job::Search { .. }));
    let last_feeds = batch.iter().rposition(|j| matches!(j, Job::LoadFeeds));
    let last_poll = batch.iter().rposition(|j| matches!(j, Job::Poll));
    batch
        .into_iter()
        .enumerate()
        .filter(|(i, j)| match j {
            Job::LoadPage { .. } => Some(*i) == last_page,
            Job::Search { .. } => Some(*i) == last_search,
            Job::LoadFeeds => Some(*i) == last_feeds,
            Job::Poll => Some(*i) == last_poll,
            _ => true,
        })
        .map(|(_, j)| j)
        .collect()
}
