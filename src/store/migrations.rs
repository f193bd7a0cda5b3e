//! Versioned schema migrations.
//!
//! The schema version lives in SQLite's `user_version`. Each entry of [`MIGRATIONS`] takes the
//! database from version *n* to *n + 1* inside one transaction, so an interrupted upgrade leaves
//! the previous version intact. Migrations are append-only: a released one is never edited.

use rusqlite::Connection;

use super::StoreError;

/// The SQL of each migration, in order; index 0 takes an empty database to version 1.
pub const MIGRATIONS: &[&str] = &[
    // 1: feeds, tags, articles, search index, bookkeeping.
    r#"
    CREATE TABLE feeds (
        id            INTEGER PRIMARY KEY,
        url           TEXT NOT NULL UNIQUE,
        user_title    TEXT,
        feed_title    TEXT,
        site_url      TEXT,
        hidden        INTEGER NOT NULL DEFAULT 0,
        position      INTEGER NOT NULL DEFAULT 0,
        etag          TEXT,
        last_modified TEXT,
        last_fetch    INTEGER,
        last_status   TEXT NOT NULL DEFAULT 'never',
        last_error    TEXT,
        error_count   INTEGER NOT NULL DEFAULT 0,
        next_fetch    INTEGER,
        min_interval  INTEGER,
        created_at    INTEGER NOT NULL
    );
    CREATE TABLE feed_tags (
        feed_id  INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
        tag      TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (feed_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX feed_tags_by_tag ON feed_tags(tag);
    CREATE TABLE articles (
        id             INTEGER PRIMARY KEY,
        feed_id        INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
        feed_title     TEXT NOT NULL DEFAULT '',
        uid            TEXT NOT NULL,
        guid           TEXT,
        link           TEXT,
        title          TEXT NOT NULL DEFAULT '',
        author         TEXT,
        published      INTEGER,
        updated        INTEGER,
        sort_time      INTEGER NOT NULL,
        summary_html   BLOB,
        content_html   BLOB,
        fulltext_html  BLOB,
        fulltext_error TEXT,
        fulltext_at    INTEGER,
        read           INTEGER NOT NULL DEFAULT 0,
        read_at        INTEGER,
        bookmarked     INTEGER NOT NULL DEFAULT 0,
        bookmarked_at  INTEGER,
        first_seen     INTEGER NOT NULL,
        last_seen      INTEGER NOT NULL,
        content_hash   INTEGER NOT NULL DEFAULT 0,
        purged         INTEGER NOT NULL DEFAULT 0
    );
    CREATE UNIQUE INDEX articles_by_feed_uid ON articles(feed_id, uid);
    CREATE INDEX articles_by_time ON articles(sort_time DESC, id DESC) WHERE purged = 0;
    CREATE INDEX articles_by_feed_time ON articles(feed_id, sort_time DESC, id DESC) WHERE purged = 0;
    CREATE INDEX articles_unread ON articles(feed_id) WHERE read = 0 AND purged = 0;
    CREATE INDEX articles_bookmarked ON articles(bookmarked_at DESC) WHERE bookmarked = 1;
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, author, body,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        DELETE FROM articles_fts WHERE rowid = old.id;
    END;
    CREATE TABLE saved_searches (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE,
        query      TEXT NOT NULL,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 2: indexes that keep retention cheap on a large archive.
    r#"
    CREATE INDEX articles_read_by_time ON articles(sort_time)
        WHERE read = 1 AND bookmarked = 0 AND purged = 0;
    CREATE INDEX articles_tombstones ON articles(last_seen) WHERE purged = 1;
    "#,
    // 3: the search index is brought up to date lazily (before a search, or in the reader's
    // background), so refreshes stay fast; rows already indexed stay indexed.
    r#"
    ALTER TABLE articles ADD COLUMN indexed INTEGER NOT NULL DEFAULT 1;
    CREATE INDEX articles_unindexed ON articles(id) WHERE indexed = 0;
    "#,
    // 4: the search index is keyed by publication time (newest first) rather than by article id,
    // so a search can read its matches newest first without loading whole posting lists. The
    // index is rebuilt lazily: every live article without a key waits to be indexed.
    r#"
    DROP TRIGGER articles_fts_delete;
    DROP TABLE articles_fts;
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, author, body,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2'
    );
    ALTER TABLE articles ADD COLUMN fts_key INTEGER;
    DROP INDEX articles_unindexed;
    CREATE INDEX articles_unindexed ON articles(id)
        WHERE indexed = 0 OR (fts_key IS NULL AND purged = 0);
    CREATE INDEX articles_search ON articles(fts_key, sort_time, feed_id, read, bookmarked);
    CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles WHEN old.fts_key IS NOT NULL BEGIN
        DELETE FROM articles_fts WHERE rowid = old.fts_key;
    END;
    "#,
    // 5: each feed keeps its unread and total counts, so listing feeds costs the same at any
    // archive size; triggers keep them right through every insert, change and delete.
    r#"
    ALTER TABLE feeds ADD COLUMN unread_count INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE feeds ADD COLUMN total_count INTEGER NOT NULL DEFAULT 0;
    UPDATE feeds SET
        unread_count = (SELECT count(*) FROM articles a
                        WHERE a.feed_id = feeds.id AND a.read = 0 AND a.purged = 0),
        total_count = (SELECT count(*) FROM articles a
                       WHERE a.feed_id = feeds.id AND a.purged = 0);
    CREATE TRIGGER articles_counts_insert AFTER INSERT ON articles
    WHEN new.feed_id IS NOT NULL AND new.purged = 0 BEGIN
        UPDATE feeds SET total_count = total_count + 1, unread_count = unread_count + (new.read = 0)
        WHERE id = new.feed_id;
    END;
    CREATE TRIGGER articles_counts_delete AFTER DELETE ON articles
    WHEN old.feed_id IS NOT NULL AND old.purged = 0 BEGIN
        UPDATE feeds SET total_count = total_count - 1, unread_count = unread_count - (old.read = 0)
        WHERE id = old.feed_id;
    END;
    CREATE TRIGGER articles_counts_update AFTER UPDATE OF read, purged, feed_id ON articles
    WHEN old.read IS NOT new.read OR old.purged IS NOT new.purged
        OR old.feed_id IS NOT new.feed_id BEGIN
        UPDATE feeds SET total_count = total_count - (old.purged = 0),
            unread_count = unread_count - (old.purged = 0 AND old.read = 0)
        WHERE id = old.feed_id;
        UPDATE feeds SET total_count = total_count + (new.purged = 0),
            unread_count = unread_count + (new.purged = 0 AND new.read = 0)
        WHERE id = new.feed_id;
    END;
    CREATE INDEX feed_tags_by_feed ON feed_tags(feed_id, position);
    "#,
    // 6: retention measures an article's age from when its feed last carried it (or when it was
    // read), never from its publication date, and never drops what the feed still carries. Each
    // successful read of a feed's items is a new generation (`feeds.items_gen`); an article whose
    // `seen_gen` is its feed's current generation is still in the feed. Existing articles last
    // seen at their feed's latest fetch count as carried.
    r#"
    ALTER TABLE feeds ADD COLUMN items_gen INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN seen_gen INTEGER NOT NULL DEFAULT 0;
    UPDATE feeds SET items_gen = 1;
    CREATE TEMP TABLE latest_seen(feed_id INTEGER PRIMARY KEY, seen INTEGER NOT NULL);
    INSERT INTO latest_seen
        SELECT feed_id, max(last_seen) FROM articles
        WHERE feed_id IS NOT NULL AND purged = 0 GROUP BY feed_id;
    UPDATE articles SET seen_gen = 1 WHERE feed_id IS NOT NULL
        AND last_seen = (SELECT l.seen FROM latest_seen l WHERE l.feed_id = articles.feed_id);
    DROP TABLE latest_seen;
    DROP INDEX articles_read_by_time;
    CREATE INDEX articles_read_by_seen ON articles(last_seen)
        WHERE read = 1 AND bookmarked = 0 AND purged = 0;
    "#,
    // 7: ids of feeds and articles are never reused. SQLite gives a new row the highest rowid
    // plus one, so removing the newest feed or article handed its id to the next one, and a
    // script holding the id acted on the wrong row. The highest id each table ever had is
    // kept here (triggers raise it when a row above it is deleted) and inserts give ids past
    // it. Setting it up reads one max(id) per table: constant time at any archive size.
    r#"
    CREATE TABLE id_high_water (
        name TEXT PRIMARY KEY,
        last INTEGER NOT NULL
    ) WITHOUT ROWID;
    INSERT INTO id_high_water(name, last) VALUES
        ('feeds', coalesce((SELECT max(id) FROM feeds), 0)),
        ('articles', coalesce((SELECT max(id) FROM articles), 0));
    CREATE TRIGGER feeds_id_high_water AFTER DELETE ON feeds
    WHEN old.id > (SELECT last FROM id_high_water WHERE name = 'feeds') BEGIN
        UPDATE id_high_water SET last = old.id WHERE name = 'feeds';
    END;
    CREATE TRIGGER articles_id_high_water AFTER DELETE ON articles
    WHEN old.id > (SELECT last FROM id_high_water WHERE name = 'articles') BEGIN
        UPDATE id_high_water SET last = old.id WHERE name = 'articles';
    END;
    "#,
    // 8: sync with a server. Local feeds and articles are mapped to the server's ids; local
    // changes are queued by triggers in the same transaction as the change, but only while the
    // database has a sync account (`meta.sync_queue` = '1'); the sync engine applies the
    // server's changes with the flag off, so they are not sent back.
    r#"
    CREATE TABLE sync_feeds (
        feed_id   INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
        remote_id TEXT NOT NULL UNIQUE
    );
    CREATE TABLE sync_articles (
        article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        remote_id  TEXT NOT NULL UNIQUE
    );
    CREATE TABLE sync_queue (
        id         INTEGER PRIMARY KEY,
        kind       TEXT NOT NULL,
        article_id INTEGER,
        feed_id    INTEGER,
        remote_id  TEXT,
        value      TEXT,
        at         INTEGER NOT NULL
    );
    CREATE INDEX sync_queue_by_article ON sync_queue(article_id) WHERE article_id IS NOT NULL;
    CREATE TRIGGER sync_queue_read AFTER UPDATE OF read ON articles
    WHEN old.read IS NOT new.read
        AND (SELECT value FROM meta WHERE key = 'sync_queue') = '1' BEGIN
        INSERT INTO sync_queue(kind, article_id, remote_id, at)
        VALUES (CASE WHEN new.read THEN 'read' ELSE 'unread' END, new.id,
                (SELECT remote_id FROM sync_articles WHERE article_id = new.id),
                CAST(strftime('%s', 'now') AS INTEGER));
    END;
    CREATE TRIGGER sync_queue_star AFTER UPDATE OF bookmarked ON articles
    WHEN old.bookmarked IS NOT new.bookmarked
        AND (SELECT value FROM meta WHERE key = 'sync_queue') = '1' BEGIN
        INSERT INTO sync_queue(kind, article_id, remote_id, at)
        VALUES (CASE WHEN new.bookmarked THEN 'star' ELSE 'unstar' END, new.id,
                (SELECT remote_id FROM sync_articles WHERE article_id = new.id),
                CAST(strftime('%s', 'now') AS INTEGER));
    END;
    CREATE TRIGGER sync_queue_subscribe AFTER INSERT ON feeds
    WHEN (SELECT value FROM meta WHERE key = 'sync_queue') = '1' BEGIN
        INSERT INTO sync_queue(kind, feed_id, value, at)
        VALUES ('subscribe', new.id, new.url, CAST(strftime('%s', 'now') AS INTEGER));
    END;
    CREATE TRIGGER sync_queue_unsubscribe BEFORE DELETE ON feeds
    WHEN (SELECT value FROM meta WHERE key = 'sync_queue') = '1' BEGIN
        INSERT INTO sync_queue(kind, feed_id, remote_id, value, at)
        VALUES ('unsubscribe', old.id,
                (SELECT remote_id FROM sync_feeds WHERE feed_id = old.id), old.url,
                CAST(strftime('%s', 'now') AS INTEGER));
    END;
    CREATE TRIGGER sync_queue_rename AFTER UPDATE OF user_title ON feeds
    WHEN old.user_title IS NOT new.user_title
        AND (SELECT value FROM meta WHERE key = 'sync_queue') = '1' BEGIN
        INSERT INTO sync_queue(kind, feed_id, at)
        VALUES ('rename', new.id, CAST(strftime('%s', 'now') AS INTEGER));
    END;
    CREATE TRIGGER sync_queue_tag_added AFTER INSERT ON feed_tags
    WHEN (SELECT value FROM meta WHERE key = 'sync_queue') = '1' BEGIN
        INSERT INTO sync_queue(kind, feed_id, at)
        VALUES ('retag', new.feed_id, CAST(strftime('%s', 'now') AS INTEGER));
    END;
    CREATE TRIGGER sync_queue_tag_removed AFTER DELETE ON feed_tags
    WHEN (SELECT value FROM meta WHERE key = 'sync_queue') = '1' BEGIN
        INSERT INTO sync_queue(kind, feed_id, at)
        VALUES ('retag', old.feed_id, CAST(strftime('%s', 'now') AS INTEGER));
    END;
    "#,
    // 9: what an item carries besides its text. Each attached file (a podcast's episode, a
    // video, a document, a photograph) in the feed's order, and the lead picture the feed names.
    // Files go with their article: deleting it cascades; purging it (a tombstone) deletes them.
    r#"
    CREATE TABLE enclosures (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        position   INTEGER NOT NULL,
        url        TEXT NOT NULL,
        mime       TEXT,
        length     INTEGER,
        title      TEXT,
        PRIMARY KEY (article_id, position)
    ) WITHOUT ROWID;
    ALTER TABLE articles ADD COLUMN image_url TEXT;
    "#,
    // 10: filters and bookmark tags. A hidden article (`hidden`) is kept but never listed,
    // searched (it leaves the search index, as a purged one does) or counted: the feed counts
    // leave it out and retention treats it as read. A highlighted one carries its colour. An
    // article's own tags (a newsboat flag kept on a bookmark) live in `article_tags`, next to
    // its feed's.
    r#"
    ALTER TABLE articles ADD COLUMN hidden INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE articles ADD COLUMN highlight TEXT;
    CREATE INDEX articles_hidden ON articles(feed_id) WHERE hidden = 1;
    CREATE TABLE article_tags (
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        tag        TEXT NOT NULL,
        PRIMARY KEY (article_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX article_tags_by_tag ON article_tags(tag COLLATE NOCASE);
    DROP TRIGGER articles_counts_insert;
    DROP TRIGGER articles_counts_delete;
    DROP TRIGGER articles_counts_update;
    CREATE TRIGGER articles_counts_insert AFTER INSERT ON articles
    WHEN new.feed_id IS NOT NULL AND new.purged = 0 AND new.hidden = 0 BEGIN
        UPDATE feeds SET total_count = total_count + 1, unread_count = unread_count + (new.read = 0)
        WHERE id = new.feed_id;
    END;
    CREATE TRIGGER articles_counts_delete AFTER DELETE ON articles
    WHEN old.feed_id IS NOT NULL AND old.purged = 0 AND old.hidden = 0 BEGIN
        UPDATE feeds SET total_count = total_count - 1, unread_count = unread_count - (old.read = 0)
        WHERE id = old.feed_id;
    END;
    CREATE TRIGGER articles_counts_update AFTER UPDATE OF read, purged, hidden, feed_id ON articles
    WHEN old.read IS NOT new.read OR old.purged IS NOT new.purged
        OR old.hidden IS NOT new.hidden OR old.feed_id IS NOT new.feed_id BEGIN
        UPDATE feeds SET total_count = total_count - (old.purged = 0 AND old.hidden = 0),
            unread_count = unread_count - (old.purged = 0 AND old.hidden = 0 AND old.read = 0)
        WHERE id = old.feed_id;
        UPDATE feeds SET total_count = total_count + (new.purged = 0 AND new.hidden = 0),
            unread_count = unread_count + (new.purged = 0 AND new.hidden = 0 AND new.read = 0)
        WHERE id = new.feed_id;
    END;
    DROP INDEX articles_read_by_seen;
    CREATE INDEX articles_read_by_seen ON articles(last_seen)
        WHERE (read = 1 OR hidden = 1) AND bookmarked = 0 AND purged = 0;
    DROP INDEX articles_unindexed;
    CREATE INDEX articles_unindexed ON articles(id)
        WHERE indexed = 0 OR (fts_key IS NULL AND purged = 0 AND hidden = 0);
    "#,
    // 11: the download queue. One row per file asked for, durable: a crash or a kill in the
    // middle of a transfer loses nothing, the bytes already received stay on disk in
    // `file_name`.part and the next run resumes from there. `file_name` is chosen when the
    // file is queued (safe, and unique in the queue); `path` is where it landed once done.
    r#"
    CREATE TABLE downloads (
        id         INTEGER PRIMARY KEY,
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
        url        TEXT NOT NULL UNIQUE,
        file_name  TEXT NOT NULL UNIQUE,
        mime       TEXT,
        total      INTEGER,
        state      TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'done', 'failed')),
        error      TEXT,
        path       TEXT,
        added      INTEGER NOT NULL,
        finished   INTEGER
    );
    CREATE INDEX downloads_article ON downloads(article_id);
    "#,
    // 12: the list indexes carry `hidden` (migration 10), which every list query tests: an
    // article's position in a list and the rows an offset skips are then counted from the
    // index alone, as before filters, instead of reading each article's row.
    r#"
    DROP INDEX articles_by_time;
    CREATE INDEX articles_by_time ON articles(sort_time DESC, id DESC, hidden) WHERE purged = 0;
    DROP INDEX articles_by_feed_time;
    CREATE INDEX articles_by_feed_time ON articles(feed_id, sort_time DESC, id DESC, hidden)
        WHERE purged = 0;
    "#,
    // 13: every term of the search index, kept by the indexer, so that a prefix search
    // (`ouaga*`) asks the index for the few words it covers, one OR'd with the next, which the
    // index streams newest first, instead of a prefix query, which FTS5 answers only after
    // merging the posting lists of all those words. Filled once from the index as it stands.
    r#"
    CREATE TABLE search_terms (term TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE VIRTUAL TABLE temp.index_terms USING fts5vocab(main, articles_fts, row);
    INSERT INTO search_terms SELECT term FROM temp.index_terms;
    DROP TABLE temp.index_terms;
    "#,
    // 14: a new article is counted by the write that inserts it (`feeds::count_new`), not by a
    // trigger. Any trigger on the insert made SQLite keep a statement journal for every
    // article stored, a copy of each page the insert touched, in case the statement had to
    // be undone alone: about a tenth of a cold refresh's time. Updates and deletes are still
    // counted by their triggers.
    r#"
    DROP TRIGGER articles_counts_insert;
    "#,
    // 15: feeds in subscription order from an index. Listing them (`griot feeds`, the reader's
    // feed list, a refresh's due feeds) sorted every row in a temporary B-tree, a sixth of
    // `griot feeds` at 5,000 feeds, and subscribing read every feed for the highest position.
    r#"
    CREATE INDEX feeds_by_position ON feeds(position, id);
    "#,
];

/// The version a fully migrated database has.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

/// The database's current schema version.
pub fn version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the database up to [`LATEST`]; refuses a database newer than this build.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrate_to(conn, LATEST)
}

/// Applies migrations up to `target` (used by tests to build every earlier version).
pub fn migrate_to(conn: &mut Connection, target: u32) -> Result<(), StoreError> {
    let current = version(conn)?;
    if current > LATEST {
        return Err(StoreError::TooNew {
            found: current,
            supported: LATEST,
        });
    }
    for v in current..target.min(LATEST) {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while we waited for the lock.
        if version(&tx)? > v {
            continue;
        }
        tx.execute_batch(MIGRATIONS[v as usize])?;
        tx.pragma_update(None, "user_version", v + 1)?;
        tx.commit()?;
    }
    Ok(())
}
