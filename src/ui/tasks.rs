//! The store thread: every database query and write the reader makes, off the UI loop.
//!
//! [`Worker`] owns its own [`Store`] and answers [`Job`]s with [`Msg`]s. The real reader runs
//! it on a dedicated thread ([`spawn`]); tests call [`Worker::run`] directly, so the same code
//! is exercised either way. Superseded list loads are dropped before they run, so holding
//! `j` over the feed list never builds a queue of stale queries.

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, Sender};

use crate::model::ArticleId;
use crate::store::{ArticleQuery, SearchQuery, Store, StoreError};

use super::app::{update, State};
use super::event::{Command, FeedsSnapshot, Job, Msg, Page, SearchResults, UndoEntry};
use crate::extract::needs_full_text;
use crate::i18n::t;

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
    /// its threads: store jobs and article layouts run here and their messages go back
    /// through `update`; every other command (network, browser, quit…) is handed to `other`.
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
                } => {
                    let laid = super::system::lay_out(&article, width, measure, link_list);
                    queue.extend(update(state, Msg::ArticleLaidOut(laid)));
                }
                c => other(c),
            }
        }
    }

    /// Carries out one job; failures come back as [`Msg::Error`].
    pub fn run(&mut self, job: Job) -> Vec<Msg> {
        match self.try_run(job) {
            Ok(msgs) => msgs,
            Err(e) => vec![Msg::Error(e.to_string())],
        }
    }

    fn try_run(&mut self, job: Job) -> Result<Vec<Msg>, StoreError> {
        let store = &mut self.store;
        Ok(match job {
            Job::LoadFeeds => vec![Msg::FeedsLoaded(Box::new(snapshot(store)?))],
            Job::LoadPage {
                filter,
                generation,
                offset,
                limit,
                keep,
            } => {
                let total = store.count_articles(&filter)?;
                let mut select = None;
                let mut offset = offset;
                if let Some(id) = keep {
                    if let Some(pos) = store.position_of(&filter, id)? {
                        let pos = pos.min(total.saturating_sub(1));
                        select = Some(pos);
                        offset = pos.saturating_sub(u64::from(limit) / 2);
                    }
                }
                let offset = offset.min(total.saturating_sub(1));
                let rows = store.list_articles(&ArticleQuery {
                    filter,
                    limit,
                    after: None,
                    offset: u32::try_from(offset).unwrap_or(u32::MAX),
                })?;
                vec![Msg::ArticlesLoaded(Page {
                    generation,
                    total,
                    offset,
                    rows,
                    select,
                })]
            }
            Job::LoadArticle { id, mark_read } => {
                let mut out = Vec::new();
                if mark_read {
                    let outcome = store.set_read(&[id], true)?;
                    if !outcome.changed.is_empty() {
                        out.push(Msg::Marked(Some(UndoEntry::Read(outcome.changed))));
                    }
                }
                match store.article(id)? {
                    Some(a) => out.push(Msg::ArticleLoaded(std::sync::Arc::new(a))),
                    None => out.push(Msg::Error(
                        t("That article is no longer in the store.").into(),
                    )),
                }
                out
            }
            Job::Search { query, generation } => {
                let parsed = SearchQuery::parse(&query)?;
                let hits = store.search(&parsed, SEARCH_LIMIT, 0)?;
                let (total, _) = store.search_counts(&parsed)?;
                vec![Msg::SearchLoaded(SearchResults {
                    generation,
                    query,
                    hits,
                    total,
                })]
            }
            Job::SetRead { ids, read } => {
                let outcome = store.set_read(&ids, read)?;
                vec![Msg::Marked(
                    (!outcome.changed.is_empty()).then_some(UndoEntry::Read(outcome.changed)),
                )]
            }
            Job::SetBookmarked { ids, bookmarked } => {
                let outcome = store.set_bookmarked(&ids, bookmarked)?;
                let mut out = vec![Msg::Marked(
                    (!outcome.changed.is_empty()).then_some(UndoEntry::Bookmark(outcome.changed)),
                )];
                if bookmarked {
                    // A bookmark keeps the full text, so it reads offline.
                    for id in ids {
                        let Some(a) = store.article(id)? else {
                            continue;
                        };
                        let wanted = a.fulltext_html.is_none()
                            && needs_full_text(
                                a.summary_html.as_deref(),
                                a.content_html.as_deref(),
                            );
                        if let Some(url) = a.link.filter(|l| wanted && l.starts_with("http")) {
                            out.push(Msg::FullTextWanted { id, url });
                        }
                    }
                }
                out
            }
            Job::MarkAllRead(filter) => {
                let change = store.mark_all_read(&filter)?;
                let n = change.ids.len();
                vec![
                    Msg::Marked((n > 0).then_some(UndoEntry::MarkAll(change.ids))),
                    Msg::Info(format!("{n} {}", t("articles marked read"))),
                ]
            }
            Job::Undo(entry) => {
                let what = match entry {
                    UndoEntry::Read(changed) => {
                        restore(changed, |ids, v| store.set_read(ids, v).map(|_| ()))?;
                        t("Read state restored")
                    }
                    UndoEntry::Bookmark(changed) => {
                        restore(changed, |ids, v| store.set_bookmarked(ids, v).map(|_| ()))?;
                        t("Bookmark restored")
                    }
                    UndoEntry::MarkAll(ids) => {
                        store.set_read(&ids, false)?;
                        t("Articles marked unread again")
                    }
                };
                vec![Msg::Undone(what.to_string())]
            }
            Job::NeighbourUnread {
                filter,
                from,
                forward,
            } => {
                let found = store.neighbour_unread(&filter, from, forward)?;
                let found = match found {
                    Some(s) => {
                        let pos = store.position_of(&filter, s.id)?.unwrap_or(0);
                        Some((s, pos))
                    }
                    None => None,
                };
                vec![Msg::UnreadFound(found)]
            }
            Job::AddFeed { url, title } => {
                let outcome = store.add_feed(&crate::store::NewFeed {
                    url: url.clone(),
                    title,
                    tags: Vec::new(),
                    hidden: false,
                })?;
                match outcome {
                    crate::store::AddOutcome::Added(id) => vec![
                        Msg::FeedsChanged(format!("{} {url}", t("Subscribed to"))),
                        Msg::FeedAdded(id),
                    ],
                    crate::store::AddOutcome::Exists(_) => {
                        vec![Msg::Info(format!("{} {url}", t("Already subscribed to")))]
                    }
                }
            }
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
                vec![Msg::FeedsChanged(format!(
                    "{} ({} {})",
                    t("Feed removed"),
                    report.bookmarks_kept,
                    t("bookmarks kept")
                ))]
            }
            Job::SaveSearch { name, query } => {
                store.save_search(&name, &query)?;
                vec![Msg::FeedsChanged(format!("{} {name}", t("Search saved:")))]
            }
            Job::ForgetSearch(name) => {
                store.delete_saved_search(&name)?;
                vec![Msg::FeedsChanged(format!(
                    "{} {name}",
                    t("Saved search forgotten:")
                ))]
            }
            Job::SetFullText { id, html } => {
                store.set_fulltext(id, &html)?;
                vec![Msg::FullTextDone { id, result: Ok(()) }]
            }
            Job::SetFullTextError { id, error } => {
                store.set_fulltext_error(id, &error)?;
                vec![Msg::FullTextDone {
                    id,
                    result: Err(error),
                }]
            }
            Job::SavePage {
                url,
                title,
                author,
                published,
                html,
            } => {
                store.save_page(&url, &title, author.as_deref(), published, &html)?;
                vec![Msg::FeedsChanged(format!("{} {title}", t("Saved:")))]
            }
            Job::IndexPending => {
                const BATCH: usize = 300;
                if store.index_batch(BATCH)? == BATCH {
                    vec![Msg::IndexMore]
                } else {
                    Vec::new()
                }
            }
            Job::Poll => {
                let v = store.data_version()?;
                let changed = self.data_version.is_some_and(|old| old != v);
                self.data_version = Some(v);
                if changed {
                    vec![Msg::StoreChanged]
                } else {
                    Vec::new()
                }
            }
        })
    }
}

/// Puts flags back to their old values, grouped by value.
fn restore(
    changed: Vec<(ArticleId, bool)>,
    mut set: impl FnMut(&[ArticleId], bool) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    for value in [false, true] {
        let ids: Vec<ArticleId> = changed
            .iter()
            .filter(|(_, old)| *old == value)
            .map(|(id, _)| *id)
            .collect();
        if !ids.is_empty() {
            set(&ids, value)?;
        }
    }
    Ok(())
}

/// Feeds, saved searches and the counts the feed list shows.
pub fn snapshot(store: &Store) -> Result<FeedsSnapshot, StoreError> {
    use crate::store::ArticleFilter;
    let feeds = store.feeds()?;
    let saved = store.count_articles(&ArticleFilter {
        saved_only: true,
        ..Default::default()
    })?;
    // The feeds already carry their counts: no scan of the whole archive for the total.
    let total = feeds.iter().map(|f| f.total).sum::<u64>() + saved;
    Ok(FeedsSnapshot {
        searches: store.saved_searches()?,
        unread_total: store.unread_total()?,
        bookmarks: store.count_articles(&ArticleFilter {
            bookmarked_only: true,
            ..Default::default()
        })?,
        saved,
        total,
        feeds,
    })
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
