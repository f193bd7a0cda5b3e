//! The seed article end to end: served on loopback, refreshed, read with its pull-quotes,
//! full text fetched for the summary-only item, then read again with the server gone.

mod common;

use common::griot::{fixture, Griot};
use common::server::{Reply, TestServer};
use serde_json::Value;

const ARTICLE_PATH: &str =
    "/le-burkina-faso-et-la-russie-envisagent-de-renforcer-leur-cooperation-militaire/";

/// Serves the seed feed and article page, `{{BASE}}` replaced by the server's address.
fn seed_server() -> TestServer {
    let server = TestServer::start(Vec::<(&str, Reply)>::new());
    let base = server.url("");
    let base = base.trim_end_matches('/');
    server.set_route(
        "/feed/",
        Reply::ok(fixture("seed/africa24-feed.xml").replace("{{BASE}}", base))
            .header("Content-Type", "application/rss+xml; charset=UTF-8"),
    );
    server.set_route(
        ARTICLE_PATH,
        Reply::ok(fixture("seed/africa24-article.html").replace("{{BASE}}", base))
            .header("Content-Type", "text/html; charset=UTF-8"),
    );
    server
}

fn pullquotes(doc: &Value) -> Vec<(String, Vec<String>)> {
    doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "pullquote")
        .map(|b| {
            (
                b["text"].as_str().unwrap().to_string(),
                b["attribution"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|l| l.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

fn assert_seed_pullquotes(doc: &Value) {
    let pq = pullquotes(doc);
    assert_eq!(pq.len(), 2, "exactly two pull-quotes: {pq:?}");
    assert!(
        pq[0].0.starts_with("C’est un grand honneur pour nous"),
        "{}",
        pq[0].0
    );
    assert_eq!(
        pq[0].1,
        vec!["Kassoum Coulibaly, Ministre de la défense", "Burkina Faso"]
    );
    assert_eq!(
        pq[1].1,
        vec![
            "Sergueï Choïgou, Ministre de la Défense",
            "Fédération de Russie"
        ]
    );
    let text = serde_json::to_string(doc).unwrap();
    assert!(!text.contains("Quitter la version mobile"));
    assert!(!text.contains("Partager"));
    assert!(
        text.contains("Outre la coopération dans le domaine militaire"),
        "body intact"
    );
}

fn show_json(g: &Griot, id: &str, extra: &[&str]) -> Value {
    let mut args = vec!["show", id, "--json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&g.ok(&args)).unwrap()
}

#[test]
fn seed_article_reads_in_full_and_offline() {
    let g = Griot::new();
    let server = seed_server();
    g.ok(&["add", &server.url("/feed/")]);
    let out = g.run(&["refresh"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let list = g.json_lines(&["list", "--json"]);
    assert_eq!(list.len(), 2);
    let full_id = list[0]["id"].as_i64().unwrap().to_string();
    let summary_id = list[1]["id"].as_i64().unwrap().to_string();
    assert!(list[1]["title"]
        .as_str()
        .unwrap()
        .contains("version courte"));

    // The full item carries its body in the feed.
    let doc = show_json(&g, &full_id, &[]);
    assert_seed_pullquotes(&doc);

    // The summary-only item: only the summary until its page is fetched.
    let summary = show_json(&g, &summary_id, &[]);
    assert!(pullquotes(&summary).is_empty());
    assert_eq!(summary["full_text"], false);
    // Bookmarking keeps the full text for offline reading.
    g.ok(&["bookmark", &summary_id]);
    assert!(server.hits(ARTICLE_PATH) >= 1, "the page was fetched");

    drop(server);

    let offline = show_json(&g, &summary_id, &[]);
    assert_eq!(offline["full_text"], true);
    assert_seed_pullquotes(&offline);
    let plain = g.ok(&["show", &summary_id, "--width", "60", "--color", "never"]);
    assert!(
        plain.contains("Kassoum Coulibaly, Ministre de la défense"),
        "{plain}"
    );
    assert!(plain.lines().all(|l| unicode_width(l) <= 60), "{plain}");

    // A refresh with the server gone fails that feed but drops nothing.
    let out = g.run(&["refresh"]);
    assert_eq!(out.status.code(), Some(2), "every feed failed");
    let after = g.json_lines(&["list", "--json"]);
    assert_eq!(after.len(), 2);
    assert_eq!(g.json_lines(&["list", "--bookmarked", "--json"]).len(), 1);
    let feeds = g.json_lines(&["feeds", "--json"]);
    assert_eq!(feeds[0]["status"], "error");
    assert_seed_pullquotes(&show_json(&g, &summary_id, &[]));
}

#[test]
fn reading_an_old_article_does_not_delete_it_at_the_next_refresh() {
    // The seed's articles are from 2023, far beyond the 90 days read articles are kept.
    let g = Griot::new();
    let server = seed_server();
    g.ok(&["add", &server.url("/feed/")]);
    g.ok(&["refresh"]);
    let id = g.json_lines(&["list", "--json"])[0]["id"]
        .as_i64()
        .unwrap()
        .to_string();
    g.ok(&["read", &id]);
    let summary = g.ok(&["refresh"]);
    assert!(!summary.contains("retention"), "{summary}");
    let doc = show_json(&g, &id, &[]);
    assert_seed_pullquotes(&doc);
    assert_eq!(g.json_lines(&["list", "--json"]).len(), 2);
    // The article's own address is in its header.
    let shown = g.ok(&["show", &id, "--width", "200", "--color", "never"]);
    let address: String = shown.lines().skip(2).take(2).map(str::trim).collect();
    assert_eq!(address, server.url(ARTICLE_PATH), "{shown}");
}

#[test]
fn refresh_says_what_retention_dropped() {
    let g = Griot::with_config("[retention]\nmax_per_feed = 1\n");
    let server = seed_server();
    g.ok(&["add", &server.url("/feed/")]);
    g.ok(&["refresh"]);
    g.ok(&["read", "--all"]);
    // The feed stops carrying its second article: it is read, old and over the limit.
    let base = server.url("");
    let feed = fixture("seed/africa24-feed.xml").replace("{{BASE}}", base.trim_end_matches('/'));
    let cut = feed.rfind("<item>").unwrap();
    let one_item = format!("{}</channel></rss>", &feed[..cut]);
    server.set_route("/feed/", Reply::ok(one_item));
    let summary = g.ok(&["refresh"]);
    assert!(
        summary.contains("retention: dropped 1 old read article"),
        "{summary}"
    );
    assert_eq!(g.json_lines(&["list", "--json"]).len(), 1);
}

#[test]
fn show_full_fetches_on_demand_and_a_failure_keeps_the_summary() {
    let g = Griot::new();
    let server = seed_server();
    g.ok(&["add", &server.url("/feed/")]);
    g.ok(&["refresh"]);
    let list = g.json_lines(&["list", "--json"]);
    let summary_id = list[1]["id"].as_i64().unwrap().to_string();
    let page = server.url(ARTICLE_PATH);
    server.set_route(ARTICLE_PATH, Reply::status(404, "gone"));
    let out = g.run(&["show", &summary_id, "--full", "--json"]);
    assert!(out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("HTTP 404"),
        "says why"
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["full_text"], false);
    assert!(doc["blocks"][0]["text"]
        .as_str()
        .unwrap()
        .contains("Résumé seulement"));
    drop(server);
    let _ = page;
}

#[test]
fn save_keeps_a_page_with_its_pullquotes_for_offline_reading() {
    let g = Griot::new();
    let server = seed_server();
    let saved = g.ok(&["save", &server.url(ARTICLE_PATH)]);
    assert!(saved.contains("saved article"), "{saved}");
    drop(server);
    let list = g.json_lines(&["list", "--bookmarked", "--json"]);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["feed_title"], "Saved");
    assert!(list[0]["title"]
        .as_str()
        .unwrap()
        .contains("coopération militaire"));
    let doc = show_json(&g, &list[0]["id"].as_i64().unwrap().to_string(), &[]);
    assert_seed_pullquotes(&doc);
}

fn unicode_width(s: &str) -> usize {
    griot::render::layout::display_width(s)
}

/// `griot show` names each picture: its alt text where it stands, its address under it — the
/// lead photograph first, under the title, once the page is kept.
#[test]
fn show_prints_the_lead_picture_s_alt_text_and_address_under_the_title() {
    let g = Griot::new();
    let server = seed_server();
    g.ok(&["add", &server.url("/feed/")]);
    g.ok(&["refresh"]);
    let list = g.json_lines(&["list", "--json"]);
    let id = list[1]["id"].as_i64().unwrap().to_string();
    g.ok(&["bookmark", &id]);

    let plain = g.ok(&["show", &id, "--width", "100", "--color", "never"]);
    let lines: Vec<&str> = plain.lines().collect();
    let alt = lines
        .iter()
        .position(|l| l.contains("[image: Sergueï Choïgou et Kassoum Coulibaly à Moscou]"))
        .unwrap_or_else(|| panic!("the photograph's alt text:\n{plain}"));
    assert_eq!(
        lines[alt + 1].trim(),
        server.url("/wp-content/uploads/2023/11/choigou-coulibaly.jpg"),
        "{plain}"
    );
    let first_body = lines
        .iter()
        .position(|l| l.contains("Le ministre russe de la Défense"))
        .expect("the body");
    assert!(alt < first_body, "the lead stands above the text:\n{plain}");
    assert_eq!(
        plain.matches("choigou-coulibaly.jpg").count(),
        1,
        "shown once:\n{plain}"
    );
}
