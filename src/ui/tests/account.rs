//! With a sync account: the reader offers once to send the local subscriptions the server does
//! not have; "no" is remembered until the set changes, "yes" queues them and syncs.

use super::*;
use crate::i18n::{in_language, Lang};
use crate::refresh::{Selection, Summary};

/// The fixture's store after a sync that mapped one of its feeds to the server.
fn synced_fixture() -> Store {
    let mut store = fixture();
    store.set_meta("sync_last_success", "1790000000").unwrap();
    let first = store.feeds().unwrap()[0].id;
    store.map_feed(first, "feed/1").unwrap();
    store
}

/// The reader started with an account at reader.example.org.
fn with_account(store: Store) -> Harness {
    let mut h = Harness::new(store, 100, 24);
    h.state.settings.network = true;
    h.state.settings.sync_server = Some("reader.example.org".into());
    let init = h.state.init();
    h.run(init);
    h.draw();
    h
}

fn unsent(h: &mut Harness) -> usize {
    h.worker.store().unsent_feeds().unwrap().len()
}

#[test]
fn the_reader_asks_once_and_remembers_no_until_the_set_changes() {
    let mut h = with_account(synced_fixture());
    let n = unsent(&mut h);
    assert!(n >= 2, "the fixture has local feeds the server lacks");
    let text = h.text();
    assert!(
        text.contains(&format!(
            "Send {n} local subscriptions to reader.example.org? (y/n)"
        )),
        "{text}"
    );

    h.keys("n");
    assert!(h.state.confirm.is_none());
    assert_eq!(h.worker.store().sync_queue_len().unwrap(), 0);
    // Started again, or after the next sync: not asked again.
    let init = h.state.init();
    h.run(init);
    h.send(Msg::RefreshDone(Summary {
        feeds: 1,
        ..Summary::default()
    }));
    assert!(h.state.confirm.is_none());

    // A new local feed changes the set: asked again.
    add(
        h.worker.store(),
        "https://example.org/new.xml",
        "Nouveau",
        &[],
        vec![],
    );
    h.send(Msg::RefreshDone(Summary {
        feeds: 1,
        ..Summary::default()
    }));
    assert!(h
        .text()
        .contains(&format!("Send {} local subscriptions", n + 1)));
}

#[test]
fn yes_queues_the_subscriptions_for_the_server_and_syncs() {
    let mut h = with_account(synced_fixture());
    let n = unsent(&mut h) as u64;
    h.outside.clear();
    h.keys("y");
    assert_eq!(h.worker.store().sync_queue_len().unwrap(), n);
    assert!(h
        .outside
        .iter()
        .any(|c| matches!(c, Command::Refresh(Selection::All))));
    assert!(h
        .text()
        .contains(&format!("{n} subscriptions queued for the server")));
    // Queued, they are no longer offered.
    let init = h.state.init();
    h.run(init);
    assert!(h.state.confirm.is_none());
}

#[test]
fn nothing_is_asked_before_the_first_sync_or_without_an_account() {
    let h = with_account(fixture());
    assert!(h.state.confirm.is_none());
    let h = Harness::new(synced_fixture(), 100, 24);
    assert!(h.state.confirm.is_none());
}

#[test]
fn the_question_speaks_french() {
    in_language(Lang::Fr, || {
        let mut h = with_account(synced_fixture());
        let n = unsent(&mut h);
        let text = h.text();
        assert!(
            text.contains(&format!(
                "Envoyer {n} abonnements locaux à reader.example.org ?"
            )),
            "{text}"
        );
    });
}
