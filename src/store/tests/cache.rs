//! The page cache while the search index catches up: small while indexing, left alone when
//! nothing waits.

use rusty_fork::rusty_fork_test;

use super::*;

/// Text of `words` words drawn at random (the same at each run) from 4,096 made-up ones: it
/// compresses little, so its articles and their index span many pages, and like real text it
/// uses the same words again.
fn random_words(seed: &mut u64, words: usize) -> String {
    let mut text = String::with_capacity(words * 6);
    for _ in 0..words {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let mut word = (*seed % 4096) * 7919;
        for _ in 0..5 {
            text.push(char::from(b'a' + (word % 26) as u8));
            word /= 26;
        }
        text.push(' ');
    }
    text
}

/// A database file of 1,200 articles of made-up words, none of them indexed yet.
fn many_unindexed_articles() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("griot.db");
    let mut s = Store::open(&path).unwrap();
    let feed = subscribe(&mut s, "http://example.test/feed/");
    let mut seed = 0x9e37_79b9_7f4a_7c15;
    let items = (0..1_200)
        .map(|i| {
            item(
                &format!("a{i}"),
                &format!("Dépêche {i}"),
                &random_words(&mut seed, 600),
                1,
            )
        })
        .collect();
    s.record_fetch_success(feed, &update(items)).unwrap();
    (dir, path)
}

// SQLite (as bundled, with its memory management) keeps one pool of cached pages for all the
// connections of a process, and a connection at its cap takes the pool's oldest page, another's
// if need be: beside other tests, what one connection holds is theirs to change. Each of these
// runs alone in a process of its own.
rusty_fork_test! {
    #[test]
    fn indexing_keeps_to_a_small_page_cache_and_gives_the_usual_one_back() {
        let (_dir, path) = many_unindexed_articles();
        // A new connection, its cache empty: what it holds afterwards is what indexing kept.
        let s = Store::open(&path).unwrap();
        let cap = i64::from(index::INDEX_CACHE_KIB) * 1024;
        let mut indexed = 0;
        while indexed < 1_200 {
            indexed += s.index_batch(500).unwrap();
            let held = s.cache_used_bytes();
            assert!(
                held <= cap + cap / 4,
                "the page cache holds {held} bytes after indexing"
            );
        }
        s.optimize_index().unwrap();
        let held = s.cache_used_bytes();
        assert!(
            held <= cap + cap / 4,
            "the page cache holds {held} bytes after merging"
        );
        assert_eq!(s.cache_kib().unwrap(), CACHE_KIB, "the usual cap is back");
    }

    #[test]
    fn with_nothing_to_index_the_page_cache_keeps_what_it_holds() {
        let (_dir, path) = many_unindexed_articles();
        let s = Store::open(&path).unwrap();
        s.index_pending(index::INDEX_BATCH).unwrap();
        // Read every article, as lists and searches do: the cache fills past the indexer's cap.
        let bytes: i64 = s
            .conn
            .query_row("SELECT sum(length(content_html)) FROM articles", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert!(bytes > 0);
        let held = s.cache_used_bytes();
        assert!(
            held > i64::from(index::INDEX_CACHE_KIB) * 1024,
            "{held} bytes"
        );
        // Every search asks the index to catch up first.
        assert_eq!(s.index_batch(500).unwrap(), 0);
        assert_eq!(s.cache_used_bytes(), held);
    }
}
