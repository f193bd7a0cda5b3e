//! `griot import cache.db` on a cache that a real newsboat wrote: newsboat fetches two feeds
//! from a loopback server into a private cache (its config, home and XDG directories all in a
//! temporary directory), articles are marked read with newsboat's own `-I` (import a list of
//! read articles) and flagged with SQL on the cache it wrote (newsboat has no command-line way
//! to flag), then griot's counts are checked against what newsboat reports.
//!
//! newsboat must be installed (`.ci/run` installs it): without it these tests fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::griot::Griot;
use common::server::{Reply, TestServer};
use serde_json::Value;

const CHRONIQUES: &str = include_str!("fixtures/newsboat/chroniques.xml");
const ATELIER: &str = include_str!("fixtures/newsboat/atelier.xml");

/// A newsboat set-up of its own: urls, empty config, cache, in a temporary directory.
struct Newsboat {
    dir: tempfile::TempDir,
    _server: TestServer,
}

impl Newsboat {
    fn cache(&self) -> PathBuf {
        self.dir.path().join("cache.db")
    }

    fn run(&self, args: &[&str]) -> String {
        let home = self.dir.path();
        let out = Command::new("newsboat")
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_CACHE_HOME", home.join("xdg-cache"))
            .arg("-u")
            .arg(home.join("urls"))
            .arg("-c")
            .arg(self.cache())
            .arg("-C")
            .arg(home.join("config"))
            .args(args)
            .output()
            .unwrap_or_else(|e| {
                panic!("newsboat could not be run ({e}): install it (apt-get install newsboat)")
            });
        assert!(
            out.status.success(),
            "newsboat {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// What `newsboat -x print-unread` says: "N unread articles".
    fn unread(&self) -> u64 {
        let out = self.run(&["-x", "print-unread"]);
        out.split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("print-unread said {out:?}"))
    }

    fn sql_count(&self, sql: &str) -> u64 {
        let conn = rusqlite::Connection::open(self.cache()).expect("cache opens");
        conn.query_row(sql, [], |r| r.get::<_, i64>(0)).expect(sql) as u64
    }
}

/// Two feeds fetched by newsboat; three articles read (newsboat's `-I`), two flagged (SQL).
fn newsboat_session() -> Newsboat {
    let server = TestServer::start(vec![
        (
            "/chroniques.xml",
            Reply::ok(CHRONIQUES).header("Content-Type", "application/rss+xml"),
        ),
        (
            "/atelier.xml",
            Reply::ok(ATELIER).header("Content-Type", "application/atom+xml"),
        ),
    ]);
    let dir = tempfile::tempdir().expect("temp dir");
    let urls = format!(
        "{} saintlouis\n{}\n",
        server.url("/chroniques.xml"),
        server.url("/atelier.xml")
    );
    std::fs::write(dir.path().join("urls"), urls).expect("urls");
    std::fs::write(dir.path().join("config"), "").expect("config");
    let nb = Newsboat {
        dir,
        _server: server,
    };
    nb.run(&["-x", "reload"]);
    assert_eq!(nb.unread(), 7, "newsboat fetched both feeds");
    let read = nb.dir.path().join("read.txt");
    std::fs::write(
        &read,
        "chroniques-pont\nchroniques-jazz\nurn:atelier:sqlite\n",
    )
    .expect("read");
    nb.run(&["-I", read.to_str().expect("utf-8")]);
    let conn = rusqlite::Connection::open(nb.cache()).expect("cache");
    conn.execute_batch(
        "UPDATE rss_item SET flags = 'bA' WHERE guid = 'chroniques-pont';
         UPDATE rss_item SET flags = 'F' WHERE guid = 'urn:atelier:parseur';",
    )
    .expect("flags");
    nb
}

fn totals(g: &Griot) -> (u64, u64) {
    g.json_lines(&["feeds", "--json"])
        .iter()
        .fold((0, 0), |(u, t), f| {
            (
                u + f["unread"].as_u64().unwrap(),
                t + f["total"].as_u64().unwrap(),
            )
        })
}

fn articles(g: &Griot, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["list", "--json", "--limit", "1000"];
    args.extend_from_slice(extra);
    g.json_lines(&args)
}

fn import(g: &Griot, cache: &Path) -> String {
    g.ok(&["import", cache.to_str().expect("utf-8 path")])
}

#[test]
fn a_newsboat_cache_brings_its_articles_read_state_and_flags() {
    let nb = newsboat_session();
    let unread = nb.unread();
    assert_eq!(unread, 4);
    let total = nb.sql_count("SELECT count(*) FROM rss_item WHERE deleted = 0");
    let flagged = nb.sql_count("SELECT count(*) FROM rss_item WHERE flags <> ''");
    let g = Griot::new();
    let out = import(&g, &nb.cache());
    assert!(
        out.contains("recognised a newsboat cache (cache.db)"),
        "{out}"
    );
    assert!(out.contains("imported 2 feeds"), "{out}");
    assert!(
        out.contains("7 new articles (0 already here), 3 marked read, 2 bookmarked"),
        "{out}"
    );
    assert_eq!(totals(&g), (unread, total));
    let bookmarks = articles(&g, &["--bookmarked"]);
    assert_eq!(bookmarks.len() as u64, flagged);

    let all = articles(&g, &[]);
    let pont = all
        .iter()
        .find(|a| a["title"] == "Le pont Faidherbe repeint")
        .expect("the article is there");
    assert_eq!(pont["link"], "https://chroniques.example/pont");
    assert_eq!(pont["published"], "2026-11-02T10:00:00Z");
    assert_eq!(pont["feed_title"], "Chroniques de Saint-Louis");
    assert_eq!(pont["read"], true);
    assert_eq!(pont["bookmarked"], true);
    assert_eq!(pont["tags"], serde_json::json!(["A", "b"]));
    let conn = rusqlite::Connection::open(nb.cache()).expect("cache");
    let author: String = conn
        .query_row(
            "SELECT author FROM rss_item WHERE guid = 'chroniques-pont'",
            [],
            |r| r.get(0),
        )
        .expect("author");
    assert_eq!(pont["author"], author.as_str());

    // The bodies are searchable and the flags are tags a list and a search can name.
    let hits = g.json_lines(&["search", "--json", "saxophonistes"]);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["title"], "Festival de jazz : la programmation");
    // The episode newsboat kept with the article comes along.
    let jazz = g.json_lines(&["show", hits[0]["id"].to_string().as_str(), "--json"]);
    assert_eq!(
        jazz[0]["enclosures"][0]["url"],
        "https://chroniques.example/jazz-extrait.mp3"
    );
    assert_eq!(jazz[0]["enclosures"][0]["mime"], "audio/mpeg");
    let tagged = articles(&g, &["--tag", "F"]);
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0]["title"], "Écrire un parseur à la main");
    let searched = g.json_lines(&["search", "--json", "peinture", "tag:a"]);
    assert_eq!(searched.len(), 1);
    let shown = g.ok(&["show", pont["id"].to_string().as_str(), "--width", "80"]);
    assert!(shown.contains("trois mois"), "{shown}");
}

#[test]
fn a_second_import_changes_nothing_and_says_so() {
    let nb = newsboat_session();
    let g = Griot::new();
    import(&g, &nb.cache());
    let before = (articles(&g, &[]), g.json_lines(&["feeds", "--json"]));
    let out = import(&g, &nb.cache());
    assert!(out.contains("imported 0 feeds"), "{out}");
    assert!(
        out.contains("0 new articles (7 already here), 0 marked read, 0 bookmarked"),
        "{out}"
    );
    assert!(out.contains("Nothing changed"), "{out}");
    assert_eq!(
        (articles(&g, &[]), g.json_lines(&["feeds", "--json"])),
        before
    );
}

#[test]
fn feeds_already_subscribed_are_kept_and_their_articles_not_doubled() {
    let nb = newsboat_session();
    let g = Griot::new();
    let conn = rusqlite::Connection::open(nb.cache()).expect("cache");
    let url: String = conn
        .query_row(
            "SELECT rssurl FROM rss_feed WHERE rssurl LIKE '%chroniques%'",
            [],
            |r| r.get(0),
        )
        .expect("feed");
    g.ok(&["add", &url]);
    g.ok(&["refresh"]);
    assert_eq!(totals(&g), (4, 4));
    let out = import(&g, &nb.cache());
    assert!(out.contains("imported 1 feed "), "{out}");
    assert!(out.contains("(1 already subscribed)"), "{out}");
    assert!(
        out.contains("3 new articles (4 already here), 3 marked read"),
        "{out}"
    );
    assert_eq!(totals(&g), (4, 7));
}

/// Runs an import that must fail; returns its standard error.
fn failing_import(g: &Griot, path: &Path) -> String {
    let out = g.run(&["import", path.to_str().expect("utf-8 path")]);
    assert!(
        !out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.trim().lines().count(), 1, "one clear line: {err}");
    err
}

fn assert_untouched(g: &Griot) {
    assert!(g.json_lines(&["feeds", "--json"]).is_empty());
    assert!(articles(g, &[]).is_empty());
}

#[test]
fn a_corrupt_cache_is_one_clear_error_and_changes_nothing() {
    let nb = newsboat_session();
    let g = Griot::new();
    let mut bytes = std::fs::read(nb.cache()).expect("cache");
    // Keep the header, scribble over every page after the first.
    for b in bytes.iter_mut().skip(4096) {
        *b = 0xA5;
    }
    let broken = g.dir.path().join("cache.db");
    std::fs::write(&broken, &bytes).expect("write");
    let err = failing_import(&g, &broken);
    assert!(err.contains("cannot be read"), "{err}");
    assert_untouched(&g);
}

#[test]
fn an_sqlite_file_that_newsboat_did_not_write_is_refused() {
    let g = Griot::new();
    let other = g.dir.path().join("notes.db");
    let conn = rusqlite::Connection::open(&other).expect("db");
    conn.execute_batch("CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes(text) VALUES ('x');")
        .expect("schema");
    drop(conn);
    let err = failing_import(&g, &other);
    assert!(err.contains("not a newsboat cache"), "{err}");
    assert_untouched(&g);
}

#[test]
fn a_locked_cache_or_a_running_newsboat_is_refused() {
    let nb = newsboat_session();
    let g = Griot::new();
    let conn = rusqlite::Connection::open(nb.cache()).expect("cache");
    conn.execute_batch("BEGIN EXCLUSIVE").expect("lock");
    let err = failing_import(&g, &nb.cache());
    assert!(err.contains("locked"), "{err}");
    assert_untouched(&g);
    conn.execute_batch("ROLLBACK").expect("unlock");

    // newsboat's own lock file naming a live process (this test's).
    let lock = nb.dir.path().join("cache.db.lock");
    std::fs::write(&lock, std::process::id().to_string()).expect("lock file");
    let err = failing_import(&g, &nb.cache());
    assert!(err.contains("newsboat is still running"), "{err}");
    assert_untouched(&g);
}

#[test]
fn import_says_what_it_recognised_for_every_kind_of_file() {
    let g = Griot::new();
    let opml = g.file(
        "subs.opml",
        r#"<?xml version="1.0"?><opml version="2.0"><body><outline type="rss" text="A" xmlUrl="http://127.0.0.1:9/a.xml"/></body></opml>"#,
    );
    let out = import(&g, &opml);
    assert!(out.contains("recognised an OPML file"), "{out}");
    assert!(out.contains("imported 1 feed "), "{out}");
    let urls = g.file(
        "urls",
        "http://127.0.0.1:9/a.xml\nhttp://127.0.0.1:9/b.xml \"tag\"\n",
    );
    let out = import(&g, &urls);
    assert!(out.contains("recognised a newsboat urls file"), "{out}");
    assert!(out.contains("imported 1 feed from"), "{out}");
    assert!(out.contains("(1 already subscribed)"), "{out}");
}
