//! Filter rules in the store: articles judged as they arrive (in the same transaction as the
//! insert, for feeds and sync alike), the archive swept on demand, hidden articles counted and
//! brought back, and an article's own tags (a bookmark's newsboat flags).
//!
//! A hidden article keeps its row and its bodies; it is left out of every list, search and
//! count, and retention treats it as read.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};

use super::index::index_article;
use super::{codec, count, from_ts, text, Store, StoreError};
use crate::filter::{Action, Candidate, RuleSet};
use crate::model::{ArticleId, FeedId};

/// The condition of a `tag:` filter (its parameter given twice): the feed's tags or the
/// article's own, without regard to case.
pub(super) const TAG_SQL: &str =
    " AND (a.feed_id IN (SELECT feed_id FROM feed_tags WHERE tag = ? COLLATE NOCASE)
    OR a.id IN (SELECT article_id FROM article_tags WHERE tag = ? COLLATE NOCASE))";

/// Articles read per step of a sweep (memory stays flat on a large archive).
const SWEEP_BATCH: i64 = 500;

/// What a sweep of the rules did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// For each rule, in order: the articles whose state it changed.
    pub per_rule: Vec<u64>,
    /// Articles changed by any rule.
    pub articles: u64,
}

/// One article's state before the rules, and what they see of it.
struct Row {
    id: i64,
    title: String,
    author: String,
    content: String,
    feed_title: String,
    feed_url: String,
    tags: Vec<String>,
    date: Option<DateTime<Utc>>,
    read: bool,
    hidden: bool,
    highlight: Option<String>,
}

fn load_batch(tx: &Connection, after: i64, content: bool) -> Result<Vec<Row>, StoreError> {
    let mut stmt = tx.prepare_cached(
        "SELECT a.id, a.title, coalesce(a.author, ''), coalesce(a.content_html, a.summary_html),
            a.feed_title, coalesce(f.url, ''), coalesce(a.published, a.updated, a.first_seen),
            a.read, a.hidden, a.highlight,
            (SELECT group_concat(tag, char(31)) FROM
                (SELECT tag FROM feed_tags WHERE feed_id = a.feed_id
                 UNION ALL SELECT tag FROM article_tags WHERE article_id = a.id))
         FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id
         WHERE a.purged = 0 AND a.id > ?1 ORDER BY a.id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after, SWEEP_BATCH], |r| {
        let body: Option<Vec<u8>> = r.get(3)?;
        let tags: Option<String> = r.get(10)?;
        Ok(Row {
            id: r.get(0)?,
            title: r.get(1)?,
            author: r.get(2)?,
            content: body
                .filter(|_| content)
                .map(|b| text::html_to_text(&codec::decode(&b)))
                .unwrap_or_default(),
            feed_title: r.get(4)?,
            feed_url: r.get(5)?,
            tags: tags
                .map(|t| t.split('\u{1f}').map(str::to_string).collect())
                .unwrap_or_default(),
            date: from_ts(r.get(6)?),
            read: r.get(7)?,
            hidden: r.get(8)?,
            highlight: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Judges every live article with an id above `since` and, unless `dry_run`, applies what the
/// rules decide: hide, mark read, highlight.
pub(super) fn sweep(
    tx: &Connection,
    rules: &RuleSet,
    since: i64,
    now: DateTime<Utc>,
    dry_run: bool,
) -> Result<SweepReport, StoreError> {
    let mut report = SweepReport {
        per_rule: vec![0; rules.rules.len()],
        articles: 0,
    };
    if rules.is_empty() {
        return Ok(report);
    }
    let mut after = since;
    let content = rules.uses(crate::filter::Field::Content);
    loop {
        let batch = load_batch(tx, after, content)?;
        let Some(last) = batch.last() else {
            break;
        };
        after = last.id;
        for row in &batch {
            let candidate = Candidate {
                title: &row.title,
                author: &row.author,
                content: &row.content,
                feed_title: &row.feed_title,
                feed_url: &row.feed_url,
                tags: &row.tags,
                published: row.date,
            };
            let verdict = rules.judge(&candidate, now);
            let hide = verdict.hide && !row.hidden;
            let read = verdict.read && !row.read;
            let colour = verdict
                .highlight
                .filter(|c| row.highlight.as_deref() != Some(c.as_str()));
            let mut changed = false;
            for &i in &verdict.matched {
                let touches = match &rules.rules[i].action {
                    Action::Hide => hide,
                    Action::Read => read,
                    Action::Highlight(c) => colour.as_deref() == Some(c.as_str()),
                };
                if touches {
                    report.per_rule[i] += 1;
                    changed = true;
                }
            }
            if !changed {
                continue;
            }
            report.articles += 1;
            if dry_run {
                continue;
            }
            tx.prepare_cached(
                "UPDATE articles SET hidden = hidden OR ?2,
                    read = read OR ?3, read_at = CASE WHEN ?3 THEN ?4 ELSE read_at END,
                    highlight = coalesce(?5, highlight)
                 WHERE id = ?1",
            )?
            .execute(params![row.id, hide, read, now.timestamp(), colour])?;
            if hide {
                // Out of the search index at once, not at the next search.
                index_article(tx, row.id)?;
            }
        }
    }
    Ok(report)
}

/// The highest article id so far (articles inserted after it are new).
pub(super) fn last_article_id(tx: &Connection) -> Result<i64, StoreError> {
    Ok(
        tx.query_row("SELECT coalesce(max(id), 0) FROM articles", [], |r| {
            r.get(0)
        })?,
    )
}

/// Hidden articles per feed and in all, counted through the index of hidden articles (few):
/// the list indexes carry `hidden` too (migration 12), and the planner would otherwise read a
/// whole one of them, a million entries on a large archive.
pub(super) const HIDDEN_PER_FEED: &str =
    "SELECT feed_id, count(*) FROM articles INDEXED BY articles_hidden
     WHERE hidden = 1 AND purged = 0 AND feed_id IS NOT NULL GROUP BY feed_id";
pub(super) const HIDDEN_TOTAL: &str =
    "SELECT count(*) FROM articles INDEXED BY articles_hidden WHERE hidden = 1 AND purged = 0";

impl Store {
    /// Rules every article arriving through this store (a refresh, a sync) is judged by, in
    /// the transaction that stores it.
    pub fn set_ingest_rules(&mut self, rules: Arc<RuleSet>) {
        self.ingest = (!rules.is_empty()).then_some(rules);
    }

    /// Applies `rules` to the whole archive in one transaction (`dry_run`: counts only).
    pub fn apply_rules(
        &mut self,
        rules: &RuleSet,
        now: DateTime<Utc>,
        dry_run: bool,
    ) -> Result<SweepReport, StoreError> {
        let tx = self.write_tx()?;
        let report = sweep(&tx, rules, 0, now, dry_run)?;
        tx.commit()?;
        Ok(report)
    }

    /// Brings every hidden article back; returns how many.
    pub fn unhide_all(&mut self) -> Result<u64, StoreError> {
        let tx = self.write_tx()?;
        // Back into the search index at the next search (or the reader's background work).
        let n = tx.execute(
            "UPDATE articles SET hidden = 0, indexed = 0 WHERE hidden = 1 AND purged = 0",
            [],
        )? as u64;
        tx.commit()?;
        Ok(n)
    }

    /// How many articles are hidden, in all and per feed.
    pub fn hidden_counts(&self) -> Result<(u64, Vec<(FeedId, u64)>), StoreError> {
        let mut stmt = self.conn.prepare_cached(HIDDEN_PER_FEED)?;
        let per_feed: Vec<(FeedId, u64)> = stmt
            .query_map([], |r| Ok((FeedId(r.get(0)?), count(r, 1)?)))?
            .collect::<Result<_, _>>()?;
        let total = self.conn.query_row(HIDDEN_TOTAL, [], |r| count(r, 0))?;
        Ok((total, per_feed))
    }

    /// An article's own tags, in the order given.
    pub fn article_tags(&self, id: ArticleId) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT tag FROM article_tags WHERE article_id = ?1 ORDER BY tag")?;
        let tags = stmt
            .query_map([id.0], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(tags)
    }
}

/// Gives an article these tags (added to those it has).
pub(super) fn add_article_tags(
    tx: &Connection,
    id: i64,
    tags: &[String],
) -> Result<(), StoreError> {
    let mut insert =
        tx.prepare_cached("INSERT OR IGNORE INTO article_tags(article_id, tag) VALUES (?1, ?2)")?;
    for tag in tags.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        insert.execute(params![id, tag])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::{parse, Rule};
    use crate::model::{ParsedFeed, ParsedItem};
    use crate::store::{AddOutcome, FeedUpdate, NewFeed, RemoteEntry, RemoteFeed, RetentionPolicy};

    fn hide(rule: &str) -> Arc<RuleSet> {
        Arc::new(RuleSet {
            rules: vec![Rule {
                text: rule.into(),
                expr: parse(rule).unwrap(),
                action: Action::Hide,
            }],
        })
    }

    fn titles(store: &Store) -> Vec<String> {
        let list = store.list_articles(&Default::default()).unwrap();
        list.into_iter().map(|a| a.title).collect()
    }

    #[test]
    fn articles_arriving_by_sync_are_judged_too() {
        let mut store = Store::open_in_memory().unwrap();
        store.set_ingest_rules(hide(r#"title ~ "^Pub""#));
        let feed = RemoteFeed {
            remote_id: "7".into(),
            url: "http://127.0.0.1:9/feed".into(),
            title: "Feed".into(),
            site_url: None,
            category: None,
        };
        store.apply_remote_feeds(&[feed]).unwrap();
        let entry = |id: &str, title: &str| RemoteEntry {
            remote_id: id.into(),
            feed_remote_id: "7".into(),
            title: title.into(),
            ..RemoteEntry::default()
        };
        let entries = [entry("1", "Pub : un compte offert"), entry("2", "Titre")];
        store.apply_remote_entries(&entries, &[]).unwrap();
        assert_eq!(titles(&store), ["Titre"]);
        assert_eq!(store.hidden_counts().unwrap().0, 1);
        assert_eq!(store.feeds().unwrap()[0].unread, 1);
    }

    #[test]
    fn retention_treats_a_hidden_article_as_read() {
        let mut store = Store::open_in_memory().unwrap();
        let AddOutcome::Added(feed) = store
            .add_feed(&NewFeed {
                url: "http://127.0.0.1:9/f".into(),
                ..NewFeed::default()
            })
            .unwrap()
        else {
            panic!("added");
        };
        let item = |uid: &str, title: &str| ParsedItem {
            uid: uid.into(),
            title: title.into(),
            ..ParsedItem::default()
        };
        let update = |items: Vec<ParsedItem>| FeedUpdate {
            parsed: ParsedFeed {
                items,
                ..ParsedFeed::default()
            },
            etag: None,
            last_modified: None,
            new_url: None,
            next_fetch: Utc::now(),
        };
        let items = vec![item("a", "Pub"), item("b", "Kept")];
        store.record_fetch_success(feed, &update(items)).unwrap();
        store
            .apply_rules(&hide(r#"title = "Pub""#), Utc::now(), false)
            .unwrap();
        // The feed no longer carries either; both are unread, one of them hidden.
        store
            .record_fetch_success(feed, &update(Vec::new()))
            .unwrap();
        let policy = RetentionPolicy {
            read_days: 1,
            max_per_feed: 0,
        };
        let later = Utc::now() + chrono::Duration::days(10);
        assert_eq!(store.prune(&policy, later, false).unwrap().purged, 1);
        assert_eq!(titles(&store), ["Kept"]);
        assert_eq!(store.unhide_all().unwrap(), 0, "the hidden one was purged");
    }
}
