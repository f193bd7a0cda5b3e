//! Prefix searches (`ouaga*`) run as the OR of the words the prefix covers, read from the term
//! list the indexer keeps: the same results as a prefix query, at the cost of a word search.

use std::cell::RefCell;

use rusqlite::trace::{TraceEvent, TraceEventCodes};

use super::*;

thread_local! {
    /// The searches of the index a connection ran on this thread, their values written in.
    static MATCHES: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

fn on_statement(event: TraceEvent<'_>) {
    if let TraceEvent::Stmt(stmt, _) = event {
        if let Some(sql) = stmt
            .expanded_sql()
            .filter(|sql| sql.contains("articles_fts MATCH"))
        {
            MATCHES.with(|m| m.borrow_mut().push(sql));
        }
    }
}

/// An archive where `ouaga*` covers three words, in titles and bodies, of various ages.
fn ouaga_archive() -> Store {
    let (mut s, id) = store_with_feed();
    s.record_fetch_success(
        id,
        &update(vec![
            item("a", "Ouagadougou sous la pluie", "La ville attend", 1),
            item(
                "b",
                "Marché",
                "Les Ouagalais et les Ouagalaises au marché",
                3,
            ),
            item("c", "Sahel", "De Ouaga à Bamako, Ouaga encore", 5),
            item(
                "d",
                "Ouagadougou",
                "Ouagadougou, Ouagadougou et les ouagalais",
                40,
            ),
            item("e", "Ouest", "Rien de la capitale ici", 2),
            item("f", "Sahel", "La route de Ouagadougou au Sahel", 300),
        ]),
    )
    .unwrap();
    // A refresh leaves indexing for later (the next search).
    s.index_pending(100).unwrap();
    s
}

/// The most words a prefix is searched as (`search/prefix.rs`).
const MAX_ALTERNATIVES: usize = 128;

fn ids(s: &mut Store, q: &str) -> Vec<ArticleId> {
    s.search(&SearchQuery::parse(q).unwrap(), 20, 0)
        .unwrap()
        .into_iter()
        .map(|h| h.article.id)
        .collect()
}

fn expression(s: &Store, q: &str) -> Option<String> {
    s.match_expression(&SearchQuery::parse(q).unwrap()).unwrap()
}

#[test]
fn a_prefix_is_searched_as_the_or_of_the_words_it_covers() {
    // A prefix query would make the index merge every covered word's posting list before its
    // first match; the OR of the words streams newest first like a word. What the search runs:
    let mut s = ouaga_archive();
    s.conn
        .trace_v2(TraceEventCodes::SQLITE_TRACE_STMT, Some(on_statement));
    ids(&mut s, "ouaga* sahel");
    let expression = r#"'("ouaga" OR "ouagadougou" OR "ouagalais" OR "ouagalaises") AND "sahel"'"#;
    let ran: Vec<bool> = MATCHES.with(|m| {
        m.take()
            .iter()
            .map(|sql| sql.contains(expression))
            .collect()
    });
    assert_eq!(ran, [true], "one full-text statement, with the words OR'd");
}

#[test]
fn a_count_reads_a_prefix_as_its_words_too() {
    let s = ouaga_archive();
    assert_eq!(
        expression(&s, "ouaga* sahel").as_deref(),
        Some(r#"("ouaga" OR "ouagadougou" OR "ouagalais" OR "ouagalaises") AND "sahel""#)
    );
}

#[test]
fn a_prefix_finds_what_the_prefix_query_finds_in_the_same_order() {
    let mut s = ouaga_archive();
    let queries = ["ouaga*", "ouaga* sahel", "\"la ville\" ouag*"];
    let as_words: Vec<Vec<ArticleId>> = queries.iter().map(|q| ids(&mut s, q)).collect();
    assert_eq!(as_words[0].len(), 5, "every article but `Ouest` matches");
    // With no term list, a prefix stays a prefix query.
    s.conn.execute("DELETE FROM search_terms", []).unwrap();
    assert_eq!(expression(&s, "ouaga*").as_deref(), Some(r#""ouaga"*"#));
    let as_prefix: Vec<Vec<ArticleId>> = queries.iter().map(|q| ids(&mut s, q)).collect();
    assert_eq!(as_words, as_prefix);
}

#[test]
fn a_prefix_is_looked_up_folded_as_the_index_folds_words() {
    let (mut s, id) = store_with_feed();
    s.record_fetch_success(
        id,
        &update(vec![
            item("a", "Sécurité", "Le conseil de sécurité se réunit", 1),
            item("b", "OUAGADOUGOU", "Capitale", 2),
        ]),
    )
    .unwrap();
    assert_eq!(ids(&mut s, "Sécu*").len(), 1);
    assert_eq!(ids(&mut s, "Ouaga*").len(), 1);
    assert_eq!(
        (expression(&s, "Sécu*"), expression(&s, "Ouaga*")),
        (
            Some(r#"("securite")"#.to_string()),
            Some(r#"("ouagadougou")"#.to_string())
        )
    );
}

#[test]
fn a_prefix_no_word_has_finds_nothing() {
    let mut s = ouaga_archive();
    assert_eq!(ids(&mut s, "tombouc*"), Vec::<ArticleId>::new());
}

#[test]
fn a_prefix_covering_too_many_words_stays_a_prefix_query() {
    let (mut s, id) = store_with_feed();
    let words: Vec<String> = (0..=MAX_ALTERNATIVES)
        .map(|i| format!("mot{i:04}"))
        .collect();
    s.record_fetch_success(id, &update(vec![item("a", "Mots", &words.join(" "), 1)]))
        .unwrap();
    assert_eq!(ids(&mut s, "mot*").len(), 1);
    assert_eq!(expression(&s, "mot*").as_deref(), Some(r#""mot"*"#));
}

#[test]
fn an_archive_from_before_the_term_list_gets_it_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("griot.db");
    {
        // An archive at version 12, its article indexed.
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrations::migrate_to(&mut conn, 12).unwrap();
        conn.execute_batch(
            "INSERT INTO feeds(id, url, created_at) VALUES (1, 'http://old.test/', 0);
             INSERT INTO articles(id, feed_id, uid, title, sort_time, first_seen, last_seen,
                                  indexed, fts_key)
                 VALUES (7, 1, 'u', 'Ouagadougou la nuit', 1700000000, 0, 0, 1, 7);
             INSERT INTO articles_fts(rowid, title, author, body)
                 VALUES (7, 'Ouagadougou la nuit', '', '');",
        )
        .unwrap();
    }
    let due_before = (
        Store::upgrade_due(&path, 0),
        Store::upgrade_due(&path, 1 << 40),
    );
    let mut s = Store::open(&path).unwrap();
    assert_eq!(
        (due_before, Store::upgrade_due(&path, 0)),
        ((true, false), false),
        "an upgrade due before the first open (not for an archive under a terabyte), none after"
    );
    assert_eq!(s.unindexed().unwrap(), 0, "nothing is indexed again");
    assert_eq!(ids(&mut s, "ouaga*"), vec![ArticleId(7)]);
    assert_eq!(
        expression(&s, "ouaga*").as_deref(),
        Some(r#"("ouagadougou")"#)
    );
}

/// An article given each full text in turn (as `griot` stores an extracted page).
fn with_full_texts(texts: &[&str]) -> Store {
    let (mut s, id) = store_with_feed();
    s.record_fetch_success(id, &update(vec![item("a", "Résumé", "court", 1)]))
        .unwrap();
    let a = s.list_articles(&ArticleQuery::default()).unwrap()[0].id;
    for text in texts {
        s.set_fulltext(a, text).unwrap();
    }
    s
}

#[test]
fn words_of_a_full_text_join_the_term_list_as_it_is_stored() {
    let s = with_full_texts(&["<p>La route de Tombouctou</p>"]);
    let listed: bool = s
        .conn
        .query_row(
            "SELECT count(*) FROM search_terms WHERE term = 'tombouctou'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(listed, "the full text's words are listed when it is stored");
}

#[test]
fn merging_the_index_drops_words_no_article_holds_any_more() {
    let mut s = with_full_texts(&["<p>La route de Tombouctou</p>", "<p>La route de Gao</p>"]);
    s.compact().unwrap();
    assert_eq!(expression(&s, "tombo*").as_deref(), Some(r#""tombo"*"#));
}
