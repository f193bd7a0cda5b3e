//! The network (or the sync server) out of reach: the offline mark, retries with exponential
//! backoff on the reader's clock, reset by a refresh that gets through; a manual refresh
//! retries at once.

use super::*;
use crate::i18n::{in_language, Lang};
use crate::refresh::{Failure, FailureKind, FeedFailure, Selection, Summary};
use crate::ui::app::status::Retry;
use crate::ui::app::TICKS_PER_SEC;

fn offline() -> Summary {
    Summary {
        feeds: 1,
        failed: 1,
        failures: vec![Failure {
            feed_id: FeedId(0),
            title: "reader.example.org".into(),
            url: "https://reader.example.org".into(),
            failure: FeedFailure {
                kind: FailureKind::Offline,
                message: crate::i18n::Phrase::of("connection refused"),
            },
        }],
        ..Summary::default()
    }
}

fn online() -> Summary {
    Summary {
        feeds: 1,
        new: 2,
        ..Summary::default()
    }
}

fn networked() -> Harness {
    let mut h = Harness::new(fixture(), 80, 24);
    h.state.settings.network = true;
    h
}

/// Ticks until the reader starts a refresh by itself; how many it took.
fn ticks_to_retry(h: &mut Harness, limit: u64) -> Option<u64> {
    for n in 1..=limit {
        h.outside.clear();
        h.send(Msg::Tick);
        if h.outside
            .iter()
            .any(|c| matches!(c, Command::Refresh(Selection::All)))
        {
            return Some(n);
        }
    }
    None
}

#[test]
fn an_unreachable_server_is_retried_with_backoff_until_it_answers() {
    let mut h = networked();
    h.send(Msg::RefreshStarted { total: 1 });
    h.send(Msg::RefreshDone(offline()));
    assert!(h.state.status.offline);
    assert!(h.text().contains("offline, retry in 15 s"), "{}", h.text());

    assert_eq!(ticks_to_retry(&mut h, 1000), Some(15 * TICKS_PER_SEC));
    h.send(Msg::RefreshStarted { total: 1 });
    h.send(Msg::RefreshDone(offline()));
    assert_eq!(h.state.status.retry.map(|r| r.failures), Some(2));
    assert_eq!(ticks_to_retry(&mut h, 1000), Some(30 * TICKS_PER_SEC));

    h.send(Msg::RefreshStarted { total: 1 });
    h.send(Msg::RefreshDone(online()));
    assert!(!h.state.status.offline);
    assert_eq!(h.state.status.retry, None);
    assert!(!h.text().contains("offline"));
    assert_eq!(ticks_to_retry(&mut h, 2000), None);
}

#[test]
fn the_wait_is_capped_and_a_manual_refresh_retries_at_once() {
    let mut h = networked();
    h.state.status.retry = Some(Retry {
        failures: 9,
        at: h.state.tick,
    });
    h.send(Msg::RefreshDone(offline()));
    assert_eq!(h.state.status.retry.map(|r| r.failures), Some(10));
    assert!(
        h.text().contains("offline, retry in 15 min"),
        "{}",
        h.text()
    );

    h.outside.clear();
    h.keys("R");
    assert!(h
        .outside
        .iter()
        .any(|c| matches!(c, Command::Refresh(Selection::All))));
}

#[test]
fn the_offline_mark_speaks_french() {
    in_language(Lang::Fr, || {
        let mut h = networked();
        h.send(Msg::RefreshDone(offline()));
        assert!(
            h.text().contains("hors ligne, nouvel essai dans 15 s"),
            "{}",
            h.text()
        );
    });
}

#[test]
fn without_the_network_nothing_is_retried() {
    let mut h = Harness::new(fixture(), 80, 24);
    h.send(Msg::RefreshDone(offline()));
    assert!(h.state.status.offline);
    assert_eq!(h.state.status.retry, None);
}
