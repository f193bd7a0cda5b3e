//! Concurrent use of one data directory: two `griot refresh` processes at once, while a
//! long-lived connection (as the reader keeps) and `griot read` / `griot bookmark`
//! commands mark articles. Nobody may see "database is locked", every process must exit
//! as it would alone, and no mark may be lost.

mod common;

use std::collections::BTreeSet;
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use common::griot::Griot;
use common::local_feeds::LocalFeeds;
use griot::model::ArticleId;
use griot::store::Store;

const FEEDS: usize = 40;
const ITEMS: usize = 15;

fn ids(g: &Griot) -> Vec<i64> {
    g.json_lines(&["list", "--json", "--limit", "1000000"])
        .iter()
        .map(|a| a["id"].as_i64().expect("id"))
        .collect()
}

fn spawn_refresh(g: &Griot) -> Child {
    g.cmd()
        .arg("refresh")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("refresh starts")
}

#[test]
fn two_refreshes_and_a_reader_marking_articles_lose_nothing() {
    let g = Griot::new();
    let feeds = LocalFeeds::subscribe(
        &g,
        FEEDS,
        ITEMS,
        "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>".repeat(10),
    );
    let db = g.data_dir().join("griot.db");

    let mut want_read = BTreeSet::new();
    let mut want_bookmarked = BTreeSet::new();
    for round in 1..=3 {
        feeds.write(round);
        let existing = ids(&g);
        let a = spawn_refresh(&g);
        let b = spawn_refresh(&g);
        let done = Arc::new(AtomicBool::new(false));

        // The reader: one connection kept open, marking articles one by one.
        let reader = {
            let done = Arc::clone(&done);
            let db = db.clone();
            let targets: Vec<i64> = existing.iter().copied().step_by(3).collect();
            std::thread::spawn(move || {
                let mut store = Store::open(&db).expect("the reader opens the store");
                let (mut read, mut bookmarked) = (Vec::new(), Vec::new());
                // At least one pass over the targets, and on until both refreshes end.
                let mut n = 0;
                while n < targets.len() || !done.load(Ordering::SeqCst) {
                    let id = targets[n % targets.len()];
                    store
                        .set_read(&[ArticleId(id)], true)
                        .unwrap_or_else(|e| panic!("the reader could not mark {id} read: {e}"));
                    read.push(id);
                    if n % 4 == 0 {
                        store
                            .set_bookmarked(&[ArticleId(id)], true)
                            .unwrap_or_else(|e| panic!("the reader could not bookmark {id}: {e}"));
                        bookmarked.push(id);
                    }
                    n += 1;
                }
                (read, bookmarked)
            })
        };

        // Commands run meanwhile, as a script or a second terminal would.
        let mut cli_read = Vec::new();
        let mut cli_bookmarked = Vec::new();
        for (k, id) in existing.iter().skip(1).step_by(5).take(12).enumerate() {
            let id_s = id.to_string();
            let (verb, into) = if k % 2 == 0 {
                ("read", &mut cli_read)
            } else {
                ("bookmark", &mut cli_bookmarked)
            };
            let out = g.run(&[verb, &id_s]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "griot {verb} {id}: {stderr}");
            assert!(!stderr.contains("locked"), "griot {verb}: {stderr}");
            into.push(*id);
        }

        for (name, child) in [("first", a), ("second", b)] {
            let out = child.wait_with_output().expect("refresh ends");
            let stderr = String::from_utf8_lossy(&out.stderr);
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(
                !stderr.contains("locked") && !stderr.contains("busy"),
                "round {round}, {name} refresh: {stderr}"
            );
            assert!(
                out.status.success(),
                "round {round}, {name} refresh exited with {}: {stderr}",
                out.status
            );
            assert!(stdout.starts_with("40 feeds: "), "{stdout}");
        }
        done.store(true, Ordering::SeqCst);
        let (read, bookmarked) = reader.join().expect("the reader did not panic");
        want_read.extend(read);
        want_read.extend(cli_read);
        want_bookmarked.extend(bookmarked);
        want_bookmarked.extend(cli_bookmarked);

        // Every mark stayed, and every item of the round was stored exactly once.
        let rows = g.json_lines(&["list", "--json", "--limit", "1000000"]);
        let read_now: BTreeSet<i64> = rows
            .iter()
            .filter(|a| a["read"] == true)
            .map(|a| a["id"].as_i64().expect("id"))
            .collect();
        let bookmarked_now: BTreeSet<i64> = rows
            .iter()
            .filter(|a| a["bookmarked"] == true)
            .map(|a| a["id"].as_i64().expect("id"))
            .collect();
        let lost: Vec<_> = want_read.difference(&read_now).collect();
        assert!(
            lost.is_empty(),
            "round {round}: read state lost for {lost:?}"
        );
        let lost: Vec<_> = want_bookmarked.difference(&bookmarked_now).collect();
        assert!(
            lost.is_empty(),
            "round {round}: bookmarks lost for {lost:?}"
        );
        assert_eq!(
            rows.len(),
            FEEDS * ITEMS * (round + 1),
            "round {round}: every item stored once"
        );
    }
    Store::open(&db)
        .and_then(|s| s.integrity_check())
        .expect("the database is sound");
}
