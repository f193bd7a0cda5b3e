//! The scriptable command line: subscriptions, import/export round trips, JSON output,
//! bad input leaving the store untouched.

mod common;

use common::griot::Griot;
use common::server::{Reply, TestServer};

const SEED_ARTICLE: &str =
    "/le-burkina-faso-et-la-russie-envisagent-de-renforcer-leur-cooperation-militaire/";

/// A newsboat urls file like the benchmark corpus's: 200 feeds, a tag and a title each.
fn urls_file(n: usize) -> String {
    (0..n)
        .map(|f| format!("http://127.0.0.1:8765/feeds/f{f:04}.xml \"africa\" \"~Africa News {f:04} — Dakar\"\n"))
        .collect()
}

fn feed_triples(g: &Griot) -> Vec<(String, String, Vec<String>)> {
    let mut v: Vec<_> = g
        .json_lines(&["feeds", "--json"])
        .into_iter()
        .map(|f| {
            (
                f["url"].as_str().unwrap().to_string(),
                f["title"].as_str().unwrap().to_string(),
                f["tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn importing_urls_twice_adds_nothing_and_export_round_trips() {
    let g = Griot::new();
    let urls = g.file("urls", &urls_file(200));
    let first = g.ok(&["import", urls.to_str().unwrap()]);
    assert!(first.contains("imported 200 feeds"), "{first}");
    let second = g.ok(&["import", urls.to_str().unwrap()]);
    assert!(second.contains("imported 0 feeds"), "{second}");
    let before = feed_triples(&g);
    assert_eq!(before.len(), 200);
    assert_eq!(before[0].1, "Africa News 0000 — Dakar");
    assert_eq!(before[0].2, vec!["africa"]);

    for format in ["opml", "urls"] {
        let exported = g.ok(&["export", "--format", format]);
        let h = Griot::new();
        let file = h.file("exported", &exported);
        h.ok(&["import", file.to_str().unwrap()]);
        assert_eq!(feed_triples(&h), before, "{format} round trip");
    }
}

#[test]
fn opml_nested_outlines_become_tags() {
    let g = Griot::new();
    let opml = g.file(
        "subs.opml",
        r#"<?xml version="1.0"?><opml version="1.0"><head><title>t</title></head><body>
        <outline text="Afrique"><outline text="Ouest"><outline text="APS" xmlUrl="https://aps.sn/feed/"/></outline>
        <outline text="RFI" title="RFI Afrique" type="rss" xmlUrl="https://www.rfi.fr/fr/afrique/rss"/></outline>
        <outline text="Sans dossier" xmlUrl="https://example.org/feed"/></body></opml>"#,
    );
    g.ok(&["import", opml.to_str().unwrap()]);
    let feeds = feed_triples(&g);
    assert_eq!(
        feeds,
        vec![
            (
                "https://aps.sn/feed/".into(),
                "APS".into(),
                vec!["Afrique".into(), "Ouest".into()]
            ),
            (
                "https://example.org/feed".into(),
                "Sans dossier".into(),
                vec![]
            ),
            (
                "https://www.rfi.fr/fr/afrique/rss".into(),
                "RFI Afrique".into(),
                vec!["Afrique".into()]
            ),
        ]
    );
}

#[test]
fn bad_files_fail_with_one_line_and_leave_the_store_as_it_was() {
    let g = Griot::new();
    let good = g.file("urls", &urls_file(3));
    g.ok(&["import", good.to_str().unwrap()]);
    let before = feed_triples(&g);

    let cases = [
        ("broken.opml", "<?xml version=\"1.0\"?><opml version=\"2.0\"><body><outline text=\"x\" xmlUrl=\"http://a/\">".to_string(), "broken.opml"),
        ("scheme.urls", "http://ok.test/feed\nftp://files.test/feed.xml\n".to_string(), "scheme.urls:2: unsupported URL scheme `ftp:`"),
        ("scheme.opml", "<opml version=\"2.0\"><body><outline text=\"x\" xmlUrl=\"gopher://a/\"/></body></opml>".to_string(), "unsupported URL scheme `gopher:`"),
    ];
    for (name, text, expected) in cases {
        let path = g.file(name, &text);
        let out = g.run(&["import", path.to_str().unwrap()]);
        assert!(!out.status.success(), "{name} must fail");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.contains(expected), "{name}: {err}");
        assert_eq!(feed_triples(&g), before, "{name} changed nothing");
    }
    let missing = g.run(&["import", "/nonexistent/subs.opml"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read /nonexistent/subs.opml"));
}

#[test]
fn adding_and_removing_feeds() {
    let g = Griot::new();
    let feed = g.file(
        "local.xml",
        &common::griot::fixture("seed/africa24-feed.xml"),
    );
    let url = format!("file://{}", feed.display());
    let added = g.ok(&[
        "add", &url, "--title", "Africa24", "--tag", "tv", "--tag", "afrique",
    ]);
    assert!(added.starts_with("added feed 1"), "{added}");
    let again = g.ok(&["add", &url]);
    assert!(again.contains("already subscribed (feed 1)"), "{again}");
    let feeds = g.json_lines(&["feeds", "--json"]);
    assert_eq!(feeds.len(), 1);
    assert_eq!(feeds[0]["title"], "Africa24");
    assert_eq!(feeds[0]["tags"], serde_json::json!(["tv", "afrique"]));
    let bad = g.run(&["add", "ftp://x.test/feed"]);
    assert_eq!(bad.status.code(), Some(1));
    let missing = g.run(&["remove", "42"]);
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no feed matches `42`"));
    g.ok(&["remove", &url]);
    assert!(g.json_lines(&["feeds", "--json"]).is_empty());
}

#[test]
fn feeds_and_list_json_have_the_documented_fields() {
    let g = Griot::new();
    let feed = g.file(
        "local.xml",
        &common::griot::fixture("seed/africa24-feed.xml")
            .replace("{{BASE}}", "https://africa24tv.com"),
    );
    g.ok(&["add", feed.to_str().unwrap()]);
    let out = g.run(&["refresh"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let feeds = g.json_lines(&["feeds", "--json"]);
    let f = &feeds[0];
    for key in [
        "id",
        "title",
        "url",
        "site_url",
        "tags",
        "hidden",
        "unread",
        "total",
        "last_fetch",
        "status",
        "error",
    ] {
        assert!(f.get(key).is_some(), "feeds --json lacks {key}: {f}");
    }
    assert_eq!(
        (f["unread"].as_u64(), f["total"].as_u64()),
        (Some(2), Some(2))
    );
    assert_eq!(f["status"], "ok");
    assert_eq!(f["title"], "Africa24 TV");
    let list = g.json_lines(&["list", "--json"]);
    assert_eq!(list.len(), 2);
    let a = &list[0];
    for key in [
        "id",
        "feed_id",
        "feed_title",
        "title",
        "link",
        "author",
        "published",
        "read",
        "bookmarked",
    ] {
        assert!(a.get(key).is_some(), "list --json lacks {key}: {a}");
    }
    assert_eq!(a["published"], "2023-11-08T10:12:44Z");
    assert_eq!(a["author"], "Africa24 TV");
    let id = a["id"].as_i64().unwrap().to_string();
    g.ok(&["read", &id]);
    assert_eq!(g.json_lines(&["list", "--unread", "--json"]).len(), 1);
    g.ok(&["unread", &id]);
    g.ok(&["read", "--all", "--feed", "1"]);
    assert!(g.json_lines(&["list", "--unread", "--json"]).is_empty());
    let limited = g.json_lines(&["list", "--limit", "1", "--json"]);
    assert_eq!(limited.len(), 1);
}

#[test]
fn bookmarks_export_and_search_from_the_command_line() {
    // The seed feed and article page on loopback: bookmarking may fetch the full text, and
    // that fetch must be answered here, never by the real site.
    let server = TestServer::start(Vec::<(&str, Reply)>::new());
    let base = server.url("");
    let base = base.trim_end_matches('/').to_string();
    server.set_route(
        "/feed/",
        Reply::ok(common::griot::fixture("seed/africa24-feed.xml").replace("{{BASE}}", &base))
            .header("Content-Type", "application/rss+xml; charset=UTF-8"),
    );
    server.set_route(
        SEED_ARTICLE,
        Reply::ok(common::griot::fixture("seed/africa24-article.html").replace("{{BASE}}", &base))
            .header("Content-Type", "text/html; charset=UTF-8"),
    );
    // The page's photograph, which a bookmark keeps for offline reading.
    let photo = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/seed/choigou-coulibaly.jpg"),
    )
    .expect("the seed photograph");
    server.set_route(
        "/wp-content/uploads/2023/11/choigou-coulibaly.jpg",
        Reply::ok(photo).header("Content-Type", "image/jpeg"),
    );
    let g = Griot::new();
    g.ok(&["add", &server.url("/feed/")]);
    g.ok(&["refresh"]);
    let hits = g.json_lines(&["search", "cooperation militaire", "--json"]);
    assert!(!hits.is_empty());
    assert!(hits[0]["title"]
        .as_str()
        .unwrap()
        .contains("coopération militaire"));
    // Both articles: the first carries its full text in the feed, the second only a
    // summary, so bookmarking fetches its page (from the loopback server) and keeps it.
    let ids: Vec<String> = g
        .json_lines(&["list", "--json"])
        .iter()
        .map(|a| a["id"].to_string())
        .collect();
    assert_eq!(ids.len(), 2);
    let out = g.run(&["bookmark", &ids[0], &ids[1]]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.is_empty(),
        "every full text and picture was kept: {stderr}"
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "bookmarked 2 articles\n"
    );
    assert_eq!(server.hits(SEED_ARTICLE), 1, "one page fetched");
    let short = g
        .json_lines(&["list", "--json"])
        .into_iter()
        .find(|a| a["title"].as_str().unwrap().contains("version courte"))
        .expect("the summary-only article");
    let shown = g.ok(&["show", &short["id"].to_string(), "--width", "80"]);
    assert!(
        shown.contains("C’est un grand honneur pour nous"),
        "the kept full text is shown: {shown}"
    );
    let md = g.ok(&["bookmarks"]);
    assert!(
        md.contains("- [Le Burkina Faso et la Russie envisagent"),
        "{md}"
    );
    let html = g.ok(&["bookmarks", "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE NETSCAPE-Bookmark-file-1>"));
    assert!(
        html.contains(&format!("HREF=\"{base}/le-burkina-faso")),
        "{html}"
    );
    g.ok(&["search", "--save", "Burkina", "burkina"]);
    let saved = g.json_lines(&["searches", "--json"]);
    assert_eq!(saved[0]["name"], "Burkina");
    assert_eq!(saved[0]["total"], 2);
    let bad = g.run(&["search", "is:whatever"]);
    assert_eq!(bad.status.code(), Some(1));
}

#[test]
fn paths_config_completions_and_man_work() {
    let g = Griot::new();
    let paths = g.ok(&["paths"]);
    assert!(
        paths.contains(&format!(
            "log:      {}",
            g.data_dir().join("griot.log").display()
        )),
        "{paths}"
    );
    let default = g.ok(&["config", "--default"]);
    assert!(default.contains("refresh_interval = 30"));
    g.ok(&["config", "--check"]);
    let bad = Griot::with_config("refresh_intreval = 5\n");
    let out = bad.run(&["config", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(":1: unknown key `refresh_intreval`; did you mean `refresh_interval`?"),
        "{err}"
    );
    for shell in ["bash", "zsh", "fish"] {
        let script = g.ok(&["completions", shell]);
        assert!(
            script.contains("griot") && script.contains("refresh"),
            "{shell}"
        );
    }
    let man = g.ok(&["man"]);
    assert!(
        man.contains(".TH griot") && man.contains("refresh"),
        "{}",
        &man[..200.min(man.len())]
    );
}
