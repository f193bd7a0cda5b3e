//! Two-way sync with a real Miniflux server through its REST API (`/v1`), started on
//! 127.0.0.1 by the tests (see `common::miniflux`).

mod common;

use common::miniflux::Miniflux;
use common::sync_cases::{self, Protocol};

#[test]
fn the_test_server_starts_and_gives_each_test_an_account() {
    let mf = Miniflux::shared();
    let a = mf.new_user();
    let b = mf.new_user();
    assert_ne!(a.id, b.id);
    assert_eq!(a.expect("GET", "/v1/me", None, 200)["username"], a.name);
}

#[test]
fn first_sync_brings_subscriptions_tags_entries_and_their_state() {
    sync_cases::first_sync(Protocol::Miniflux);
}

#[test]
fn read_unread_and_star_go_both_ways() {
    sync_cases::state_both_ways(Protocol::Miniflux);
}

#[test]
fn add_and_remove_subscribe_and_unsubscribe_on_the_server() {
    sync_cases::subscribe_and_unsubscribe(Protocol::Miniflux);
}

#[test]
fn changes_made_offline_reach_the_server_when_it_is_back() {
    sync_cases::offline_queue(Protocol::Miniflux);
}

#[test]
fn a_wrong_password_or_url_is_one_line_naming_the_server_and_the_cause() {
    sync_cases::wrong_password_and_url(Protocol::Miniflux);
}

#[test]
fn a_crash_in_the_middle_of_a_sync_loses_nothing() {
    sync_cases::crash_mid_sync_loses_nothing(Protocol::Miniflux);
}

#[test]
fn the_server_going_away_mid_sync_keeps_what_was_stored() {
    sync_cases::server_gone_mid_sync(Protocol::Miniflux);
}

/// When the server and a queued local change disagree about an article, the later change
/// wins: the server's `changed_at` is set an hour after (A1) or before (A2) the local change.
#[test]
fn the_later_of_a_server_change_and_a_queued_local_change_wins() {
    let s = sync_cases::Setup::new(Protocol::Miniflux);
    s.user.subscribe(&s.feeds.url("/a.xml"), "Afrique");
    s.sync();
    s.griot.ok(&["read", &s.id("A1"), &s.id("A2")]);
    for (title, shift) in [("A1", "+"), ("A2", "-")] {
        let sql = format!(
            "UPDATE entries SET changed_at = now() {shift} interval '1 hour' WHERE id = {}",
            s.entry_id(title)
        );
        s.mf.psql("miniflux", &sql).expect("set changed_at");
    }

    s.sync();

    assert_eq!(s.user.entry("A1")["status"], "unread");
    assert_eq!(s.article("A1")["read"], false);
    assert_eq!(s.user.entry("A2")["status"], "read");
    assert_eq!(s.article("A2")["read"], true);
}

#[test]
fn push_subscriptions_moves_an_existing_griot_to_the_account() {
    sync_cases::push_subscriptions_and_status(Protocol::Miniflux);
}

/// A wrong password in the user's language: `refresh`'s line and `sync status`, in French
/// under a French locale and in English under an English one.
#[test]
fn a_wrong_password_is_said_in_the_users_language() {
    let s = sync_cases::Setup::new(Protocol::Miniflux);
    let server = s.mf.base_url.trim_start_matches("http://").to_string();
    s.reconfigure(&s.mf.base_url, Some("not-the-password"));
    let run = |lang: &str, args: &[&str]| {
        let out = s
            .griot
            .cmd()
            .args(args)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang)
            .output()
            .expect("griot runs");
        (
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).trim_end().to_string(),
        )
    };

    let (_, err) = run("fr_FR.UTF-8", &["refresh"]);
    assert_eq!(
        err,
        format!(
            "griot : échec de la synchronisation : {server} : nom d’utilisateur ou mot de passe incorrect (HTTP 401)"
        )
    );
    let (status, _) = run("fr_FR.UTF-8", &["sync", "status"]);
    assert!(
        status.contains(&format!(
            "dernière erreur : {server} : nom d’utilisateur ou mot de passe incorrect (HTTP 401)\n"
        )),
        "{status}"
    );

    let (_, err) = run("en_GB.UTF-8", &["refresh"]);
    assert_eq!(
        err,
        format!("griot: sync failed: {server}: the username or password is wrong (HTTP 401)")
    );
    let (status, _) = run("en_GB.UTF-8", &["sync", "status"]);
    assert!(
        status.contains(&format!(
            "last error: {server}: the username or password is wrong (HTTP 401)\n"
        )),
        "{status}"
    );
}

/// Retention on synced articles: a read, unstarred entry that the last syncs did not send ages
/// out `read_days` after it was last sent and read; a starred one, an unread one and one with
/// a change still queued for the server stay.
#[test]
fn retention_drops_old_read_synced_articles_and_keeps_starred_unread_and_queued_ones() {
    let s = sync_cases::Setup::new(Protocol::Miniflux);
    s.user.subscribe(&s.feeds.url("/a.xml"), "Afrique");
    s.user.subscribe(&s.feeds.url("/b.xml"), "Afrique");
    s.sync();
    s.server_status(&["A1", "A2", "B2"], "read");
    s.server_star("A2", true);
    // The sync after the change brings the changed entries; the one after it sends nothing
    // about them: the server's feed no longer "carries" them anew.
    s.sync();
    s.sync();
    s.griot.ok(&["read", &s.id("B1")]);
    assert_eq!(s.status()["queued"], 1);
    // A hundred days pass (read_days is 90 by default).
    let db = rusqlite::Connection::open(s.griot.data_dir().join("griot.db")).expect("db");
    db.execute(
        "UPDATE articles SET last_seen = last_seen - 100 * 86400,
            read_at = read_at - 100 * 86400, first_seen = first_seen - 100 * 86400",
        [],
    )
    .expect("age the articles");
    drop(db);

    let out = s.griot.ok(&["prune"]);

    assert!(out.starts_with("dropped 2 read articles"), "{out}");
    let mut titles = s.titles();
    titles.sort();
    assert_eq!(titles, ["A2", "A3", "B1", "B3"]);
    assert_eq!(s.article("A2")["bookmarked"], true);
    assert_eq!(s.article("B1")["read"], true);
    // The queued change still reaches the server, and the dropped entries stay read there.
    s.sync();
    assert_eq!(s.user.entry("B1")["status"], "read");
    assert_eq!(s.user.entry("A1")["status"], "read");
}

/// The reader's offer to send the local subscriptions the server does not have, against the
/// server: offered only once a sync has told what the server has, a "no" remembered, and the
/// "yes" workflow (the same as `griot sync push-subscriptions`) subscribes the server to them.
#[test]
fn the_readers_offer_of_local_subscriptions_reaches_the_server() {
    use griot::store::Store;
    use griot::sync::{decline_subscriptions, queue_local_subscriptions, unsent_subscriptions};

    let s = sync_cases::Setup::new(Protocol::Miniflux);
    let account = std::fs::read_to_string(s.griot.config_path()).expect("config");
    std::fs::write(s.griot.config_path(), "").expect("no account yet");
    s.griot.ok(&["add", &s.feeds.url("/a.xml")]);
    s.griot.ok(&["add", &s.feeds.url("/b.xml")]);
    s.griot.ok(&["refresh"]);
    std::fs::write(s.griot.config_path(), account).expect("account");
    let db = s.griot.data_dir().join("griot.db");
    assert_eq!(
        unsent_subscriptions(&Store::open(&db).unwrap()).unwrap(),
        None,
        "nothing is offered before a sync has told what the server has"
    );

    s.sync();
    let mut store = Store::open(&db).unwrap();
    let offer = unsent_subscriptions(&store).unwrap().expect("offered");
    assert_eq!(offer.feeds, 2);
    decline_subscriptions(&mut store, &offer.set).unwrap();
    assert_eq!(unsent_subscriptions(&store).unwrap(), None);

    assert_eq!(queue_local_subscriptions(&mut store).unwrap(), 2);
    drop(store);
    s.sync();
    assert_eq!(
        s.server_feed_urls(),
        [s.feeds.url("/a.xml"), s.feeds.url("/b.xml")]
    );
    assert_eq!(
        unsent_subscriptions(&Store::open(&db).unwrap()).unwrap(),
        None
    );
    s.assert_each_article_once(6);
}
