//! The feed list: moving and opening, removing, renaming and tagging feeds, marking all
//! read, noticing another process's refresh.

use super::*;

#[test]
fn arrows_and_vim_keys_move_and_enter_opens_the_feed() {
    let mut h = Harness::new(fixture(), 80, 24);
    assert_eq!(h.state.screen, Screen::Feeds);
    // All articles, Bookmarks, Saved search, tag Afrique, Africa24, RFI, Journal du Niger.
    h.key(KeyCode::Enter);
    assert_eq!(h.state.screen, Screen::Articles);
    assert_eq!(h.state.list.total, 6);
    assert!(h
        .selected_title()
        .starts_with("Le Burkina Faso et la Russie envisagent"));
    h.keys("jj");
    assert_eq!(h.state.list.cursor.selected, 2);
    h.key(KeyCode::Up);
    assert_eq!(h.state.list.cursor.selected, 1);
    h.keys("G");
    assert_eq!(
        h.selected_title(),
        "Niamey : la sécurité au menu du conseil"
    );
    h.keys("g");
    assert_eq!(h.state.list.cursor.selected, 0);
    h.key(KeyCode::Esc);
    assert_eq!(h.state.screen, Screen::Feeds);
}

#[test]
fn removing_a_feed_asks_first_and_keeps_its_bookmarks() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.select_feed("Le Journal du Niger");
    assert!(
        h.text().contains("! HTTP 404 Not Found"),
        "a failed feed shows why in the status bar"
    );
    h.keys("D");
    assert!(h.state.confirm.is_some());
    assert!(h.text().contains("Its bookmarks stay"));
    h.keys("n");
    assert!(h
        .worker
        .store()
        .find_feed("https://example.org/broken.xml")
        .expect("q")
        .is_some());
    h.keys("D");
    h.keys("y");
    assert!(h
        .worker
        .store()
        .find_feed("https://example.org/broken.xml")
        .expect("q")
        .is_none());
    let bookmarks = h
        .worker
        .store()
        .count_articles(&ArticleFilter {
            bookmarked_only: true,
            ..Default::default()
        })
        .expect("count");
    assert_eq!(bookmarks, 1);
}

#[test]
fn renaming_and_tagging_a_feed_from_the_list() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.select_feed("RFI Afrique");
    h.keys("e");
    h.ctrl('u');
    h.type_text("RFI");
    h.key(KeyCode::Enter);
    h.keys("t");
    assert_eq!(
        h.state.prompt.as_ref().map(|p| p.input.as_str()),
        Some("Afrique")
    );
    h.type_text(", Radio");
    h.key(KeyCode::Enter);
    let feed = h
        .worker
        .store()
        .find_feed("https://www.rfi.fr/fr/afrique/rss")
        .expect("q")
        .expect("feed");
    assert_eq!(feed.title, "RFI");
    assert_eq!(feed.tags, vec!["Afrique".to_string(), "Radio".to_string()]);
}

#[test]
fn mark_all_read_and_bookmark_are_undone_too() {
    let mut h = Harness::new(fixture(), 80, 24);
    let before = h.worker.store().unread_total().expect("count");
    assert!(before > 0);
    h.keys("A"); // on "All articles"
    assert_eq!(h.worker.store().unread_total().expect("count"), 0);
    assert_eq!(h.state.unread_total, 0);
    h.keys("u");
    assert_eq!(h.worker.store().unread_total().expect("count"), before);
    h.key(KeyCode::Enter);
    let id = h.state.list.selected().map(|a| a.id).expect("selection");
    h.keys("b");
    assert!(
        h.worker
            .store()
            .article(id)
            .expect("q")
            .expect("a")
            .bookmarked
    );
    h.keys("u");
    assert!(
        !h.worker
            .store()
            .article(id)
            .expect("q")
            .expect("a")
            .bookmarked
    );
}

#[test]
fn a_refresh_by_another_process_is_noticed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("griot.db");
    let mut worker = Worker::new(Store::open(&db).expect("reader's store"));
    assert!(
        worker.run(crate::ui::event::Job::Poll).is_empty(),
        "the first poll only primes"
    );
    assert!(
        worker.run(crate::ui::event::Job::Poll).is_empty(),
        "nothing changed"
    );
    // `griot refresh` from cron: another connection commits.
    let mut cron = Store::open(&db).expect("cron's store");
    add(
        &mut cron,
        "https://example.org/cron.xml",
        "Cron",
        &[],
        vec![item("c1", "Du cron", "x", at(3, 12))],
    );
    let msgs = worker.run(crate::ui::event::Job::Poll);
    assert!(matches!(msgs.as_slice(), [Msg::StoreChanged]), "{msgs:?}");
    assert!(worker.run(crate::ui::event::Job::Poll).is_empty());
}

#[test]
fn a_feed_shows_under_each_of_its_tags_whatever_their_case_and_counts_match_what_opens() {
    let mut store = Store::open_in_memory().expect("store");
    let one = |uid: &str| vec![item(uid, uid, "x", at(3, 12))];
    add(
        &mut store,
        "https://a.example/rss",
        "A",
        &["Afrique", "Radio"],
        one("a1"),
    );
    add(
        &mut store,
        "https://b.example/rss",
        "B",
        &["afrique"],
        one("b1"),
    );
    let mut h = Harness::new(store, 80, 24);
    let labels: Vec<(String, u64)> = h
        .state
        .feeds
        .iter()
        .map(|e| (e.label(), e.count()))
        .collect();
    let expected = [
        ("All articles", 2),
        ("Bookmarks", 0),
        ("Afrique", 2),
        ("A", 1),
        ("B", 1),
        ("Radio", 1),
        ("A", 1),
    ];
    let expected: Vec<(String, u64)> = expected.iter().map(|(l, c)| (l.to_string(), *c)).collect();
    assert_eq!(labels, expected);
    h.select_feed("Afrique");
    h.key(KeyCode::Enter);
    assert_eq!(h.state.list.total, 2, "the tag lists what its count says");
}

/// A refresh of many feeds reads the lists again once per tick, not once per feed: the
/// reloads are what a reader keeps busy with beside the refresh.
#[test]
fn a_refresh_reads_the_lists_once_per_tick_however_many_feeds_report() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.send(Msg::RefreshStarted { total: 300 });
    let loads = |commands: &[Command]| {
        commands
            .iter()
            .filter(|c| matches!(c, Command::Job(crate::ui::Job::LoadFeeds)))
            .count()
    };
    let mut during = 0;
    for feed in 0..300 {
        let out = update(
            &mut h.state,
            Msg::RefreshProgress(crate::ui::event::FeedResult {
                feed: FeedId(feed),
                new: 2,
                error: None,
                network: false,
            }),
        );
        during += loads(&out);
    }
    let on_tick = update(&mut h.state, Msg::Tick);
    let next_tick = update(&mut h.state, Msg::Tick);
    assert_eq!(
        (during, loads(&on_tick), loads(&next_tick)),
        (0, 1, 0),
        "feed reloads while 300 feeds reported, on the next tick, on the one after"
    );
}

/// While a refresh writes, the reader reads each list once a tick and keeps nothing worth
/// caching from one reading to the next: its page cache is small until the refresh ends.
#[test]
fn the_reader_reads_with_a_small_page_cache_while_a_refresh_writes() {
    use crate::library::queries::REFRESHING_CACHE_KIB;
    use crate::store::CACHE_KIB;
    let mut h = Harness::new(fixture(), 80, 24);
    assert_eq!(h.worker.store().cache_kib().unwrap(), CACHE_KIB);
    h.send(Msg::RefreshStarted { total: 3 });
    assert_eq!(h.worker.store().cache_kib().unwrap(), REFRESHING_CACHE_KIB);
    h.send(Msg::RefreshDone(crate::refresh::Summary::default()));
    assert_eq!(h.worker.store().cache_kib().unwrap(), CACHE_KIB);
}
