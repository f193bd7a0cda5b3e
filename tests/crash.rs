//! `kill -9` during a refresh loses nothing: the fast version of `scripts/crash-test.sh`.
//!
//! 50 local feeds (files, no server) get fresh items before every round; a `griot refresh`
//! is started and killed (SIGKILL, `Child::kill`) once its write-ahead log has grown past a
//! threshold that increases from round to round, so the kills land at different points
//! of the refresh without any timing. After each kill: the database opens (`griot feeds`),
//! passes SQLite's integrity check, and every article marked read or bookmarked so far is
//! still marked. A last refresh completes and stores every item of every feed.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use common::griot::Griot;
use common::local_feeds::LocalFeeds;
use griot::store::Store;

const FEEDS: usize = 50;
const ITEMS: usize = 20;

fn wal_len(db: &Path) -> u64 {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).map_or(0, |m| m.len())
}

/// Article ids marked read, and bookmarked, per `list --json`.
fn marks(g: &Griot) -> (BTreeSet<i64>, BTreeSet<i64>) {
    let mut read = BTreeSet::new();
    let mut bookmarked = BTreeSet::new();
    for a in g.json_lines(&["list", "--json", "--limit", "1000000"]) {
        let id = a["id"].as_i64().expect("id");
        if a["read"] == true {
            read.insert(id);
        }
        if a["bookmarked"] == true {
            bookmarked.insert(id);
        }
    }
    (read, bookmarked)
}

/// The database opens, is sound, and every mark made so far is still there.
fn check(g: &Griot, want_read: &BTreeSet<i64>, want_bookmarked: &BTreeSet<i64>, when: &str) {
    g.ok(&["feeds"]);
    let db = g.data_dir().join("griot.db");
    let store = Store::open(&db).unwrap_or_else(|e| panic!("{when}: the store opens: {e}"));
    store
        .integrity_check()
        .unwrap_or_else(|e| panic!("{when}: {e}"));
    drop(store);
    let (read, bookmarked) = marks(g);
    let lost_read: Vec<_> = want_read.difference(&read).collect();
    let lost_bm: Vec<_> = want_bookmarked.difference(&bookmarked).collect();
    assert!(
        lost_read.is_empty(),
        "{when}: read state lost for {lost_read:?}"
    );
    assert!(lost_bm.is_empty(), "{when}: bookmarks lost for {lost_bm:?}");
}

/// Marks a few more articles (spread over the list) read and bookmarked.
fn mark_some(g: &Griot, step: usize, read: &mut BTreeSet<i64>, bookmarked: &mut BTreeSet<i64>) {
    let ids: Vec<i64> = g
        .json_lines(&["list", "--json", "--limit", "1000000"])
        .iter()
        .map(|a| a["id"].as_i64().expect("id"))
        .collect();
    let to_read: Vec<String> = ids.iter().step_by(step).map(i64::to_string).collect();
    let to_bm: Vec<String> = ids
        .iter()
        .skip(1)
        .step_by(step * 2)
        .map(i64::to_string)
        .collect();
    let mut args = vec!["read"];
    args.extend(to_read.iter().map(String::as_str));
    g.ok(&args);
    let mut args = vec!["bookmark"];
    args.extend(to_bm.iter().map(String::as_str));
    g.ok(&args);
    read.extend(to_read.iter().map(|s| s.parse::<i64>().expect("id")));
    bookmarked.extend(to_bm.iter().map(|s| s.parse::<i64>().expect("id")));
}

#[test]
fn killing_a_refresh_at_any_point_loses_nothing() {
    let g = Griot::new();
    let feeds = LocalFeeds::subscribe(
        &g,
        FEEDS,
        ITEMS,
        "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod \
         tempor incididunt ut labore et dolore magna aliqua.</p>"
            .repeat(12),
    );
    let db = g.data_dir().join("griot.db");

    let (mut want_read, mut want_bm) = (BTreeSet::new(), BTreeSet::new());
    mark_some(&g, 7, &mut want_read, &mut want_bm);
    check(&g, &want_read, &want_bm, "before any kill");

    let mut killed = 0;
    for round in 1..=5 {
        feeds.write(round);
        // `griot feeds` above closed the database cleanly: the log starts empty.
        let start = wal_len(&db);
        let threshold = start + round as u64 * 256 * 1024;
        let mut child = g
            .cmd()
            .arg("refresh")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("refresh starts");
        loop {
            if child.try_wait().expect("wait").is_some() {
                break;
            }
            if wal_len(&db) >= threshold {
                child.kill().expect("kill");
                child.wait().expect("reap");
                killed += 1;
                break;
            }
            // A polling interval, not a timing assumption: the kill point is the log size.
            std::thread::sleep(Duration::from_millis(2));
        }
        let when = format!("after the kill in round {round}");
        check(&g, &want_read, &want_bm, &when);
        mark_some(&g, 5 + round, &mut want_read, &mut want_bm);
        check(&g, &want_read, &want_bm, &when);
    }
    eprintln!("{killed} of 5 refreshes killed mid-way");
    assert!(
        killed >= 3,
        "only {killed} of 5 refreshes were killed mid-way"
    );

    // The next refresh completes and every item of the last round is there.
    let out = g.ok(&["refresh"]);
    assert!(out.starts_with("50 feeds: "), "{out}");
    check(&g, &want_read, &want_bm, "after the final refresh");
    let titles: BTreeSet<String> = g
        .json_lines(&["list", "--json", "--limit", "1000000"])
        .iter()
        .filter_map(|a| a["title"].as_str().map(str::to_string))
        .collect();
    for f in 0..FEEDS {
        for i in 0..ITEMS {
            let t = format!("Feed {f} round 5 item {i}");
            assert!(titles.contains(&t), "missing after the final refresh: {t}");
        }
    }
}
