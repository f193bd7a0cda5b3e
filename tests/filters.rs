//! `[[filter]]` rules as a user meets them: applied as articles arrive and to the archive on
//! demand, hidden articles counted and brought back, highlighted ones carrying their colour, a
//! bad rule an error naming its line; and newsboat's `filter:SCRIPT:URL` feeds.

mod common;

use common::griot::Griot;
use common::server::{Reply, TestServer};
use serde_json::Value;

const CHRONIQUES: &str = include_str!("fixtures/newsboat/chroniques.xml");
const ATELIER: &str = include_str!("fixtures/newsboat/atelier.xml");

const RULES: &str = r#"
[[filter]]
match = 'title ~ "(?i)sponsoris|publi-reportage"'
action = "hide"

[[filter]]
match = 'author ~ "Awa" or content ~ "saxophonistes"'
action = "read"

[[filter]]
match = 'feed ~ "atelier" and not title ~ "SQLite"'
action = "highlight"
color = "yellow"
"#;

fn server() -> TestServer {
    TestServer::start(vec![
        ("/chroniques.xml", Reply::ok(CHRONIQUES)),
        ("/atelier.xml", Reply::ok(ATELIER)),
    ])
}

fn subscribe(g: &Griot, server: &TestServer) {
    g.ok(&["add", &server.url("/chroniques.xml")]);
    g.ok(&["add", &server.url("/atelier.xml")]);
    g.ok(&["refresh"]);
}

fn list(g: &Griot) -> Vec<Value> {
    g.json_lines(&["list", "--json", "--limit", "100"])
}

fn titled<'a>(articles: &'a [Value], title: &str) -> &'a Value {
    articles
        .iter()
        .find(|a| a["title"] == title)
        .unwrap_or_else(|| panic!("{title} is listed"))
}

fn feed_counts(g: &Griot) -> Vec<(u64, u64, u64)> {
    g.json_lines(&["feeds", "--json"])
        .iter()
        .map(|f| {
            (
                f["unread"].as_u64().unwrap(),
                f["total"].as_u64().unwrap(),
                f["hidden_articles"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn assert_rules_applied(g: &Griot) {
    let articles = list(g);
    assert_eq!(articles.len(), 6, "the sponsored article is hidden");
    assert!(articles
        .iter()
        .all(|a| !a["title"].as_str().unwrap().starts_with("Sponsoris")));
    assert_eq!(titled(&articles, "Le pont Faidherbe repeint")["read"], true);
    assert_eq!(
        titled(&articles, "Festival de jazz : la programmation")["read"],
        true
    );
    assert_eq!(titled(&articles, "La crue du fleuve")["read"], false);
    assert_eq!(
        titled(&articles, "Écrire un parseur à la main")["highlight"],
        "yellow"
    );
    assert_eq!(
        titled(&articles, "SQLite et les transactions")["highlight"],
        Value::Null
    );
    assert_eq!(
        titled(&articles, "La crue du fleuve")["highlight"],
        Value::Null
    );
    // Hidden: in no list, no search, no count; counted as hidden.
    assert_eq!(feed_counts(g), vec![(1, 3, 1), (3, 3, 0)]);
    assert!(g.json_lines(&["search", "--json", "banque"]).is_empty());
    let feeds = g.ok(&["feeds"]);
    assert!(feeds.contains("(1 hidden)"), "{feeds}");
}

#[test]
fn rules_hide_mark_read_and_highlight_articles_as_they_arrive() {
    let server = server();
    let g = Griot::with_config(RULES);
    subscribe(&g, &server);
    assert_rules_applied(&g);
    let out = g.ok(&["filter"]);
    assert!(
        out.contains("0 articles would change; 1 article hidden in all"),
        "{out}"
    );
}

#[test]
fn apply_dry_run_counts_per_rule_and_changes_nothing_then_apply_changes() {
    let server = server();
    let g = Griot::new();
    subscribe(&g, &server);
    assert_eq!(list(&g).len(), 7);
    std::fs::write(g.config_path(), RULES).expect("config");
    let before = list(&g);
    let dry = g.ok(&["filter", "--apply", "--dry-run"]);
    let lines: Vec<&str> = dry.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().take(2).collect::<Vec<_>>(),
        ["1", "hide"]
    );
    assert_eq!(
        lines[1].split_whitespace().take(2).collect::<Vec<_>>(),
        ["2", "read"]
    );
    assert_eq!(
        lines[2].split_whitespace().take(2).collect::<Vec<_>>(),
        ["2", "highlight"]
    );
    assert!(
        dry.contains("5 articles would change; 0 articles hidden in all"),
        "{dry}"
    );
    assert_eq!(list(&g), before, "a dry run changes nothing");

    let applied = g.ok(&["filter", "--apply"]);
    assert!(
        applied.contains("5 articles changed; 1 article hidden in all"),
        "{applied}"
    );
    assert_rules_applied(&g);
    let again = g.ok(&["filter", "--apply"]);
    assert!(again.contains("0 articles changed"), "{again}");
}

#[test]
fn hidden_articles_come_back_with_unhide() {
    let server = server();
    let g = Griot::with_config(RULES);
    subscribe(&g, &server);
    let out = g.ok(&["filter", "--unhide"]);
    assert!(out.contains("1 hidden article shown again"), "{out}");
    let articles = list(&g);
    assert_eq!(articles.len(), 7);
    assert_eq!(
        titled(&articles, "Sponsorisé : une banque vous offre un compte")["read"],
        false
    );
    assert_eq!(feed_counts(&g), vec![(2, 4, 0), (3, 3, 0)]);
    assert_eq!(g.json_lines(&["search", "--json", "banque"]).len(), 1);
}

#[test]
fn a_bad_rule_is_an_error_naming_its_line() {
    let g = Griot::with_config(
        "refresh_interval = 10\n\n[[filter]]\nmatch = 'title ~ \"ok\"'\naction = \"read\"\n\n[[filter]]\nmatch = 'titel ~ \"x\"'\naction = \"hide\"\n",
    );
    let out = g.run(&["config", "--check"]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml:8:"), "{err}");
    assert!(err.contains("unknown field `titel`"), "{err}");
    let out = g.run(&["list"]);
    assert!(
        !out.status.success(),
        "a bad rule stops every command, not only --check"
    );

    let g = Griot::with_config("[[filter]]\nmatch = 'title ~ \"x\"'\naction = \"highlight\"\n");
    let err = String::from_utf8_lossy(&g.run(&["config", "--check"]).stderr).into_owned();
    assert!(
        err.contains("config.toml:2:") && err.contains("needs a `color`"),
        "{err}"
    );

    let g = Griot::with_config("[[filter]]\nmatch = 'title ~ \"(\"'\naction = \"hide\"\n");
    let err = String::from_utf8_lossy(&g.run(&["config", "--check"]).stderr).into_owned();
    assert!(
        err.contains("config.toml:2:") && err.contains("regular expression"),
        "{err}"
    );
}

#[test]
fn a_filter_source_passes_the_feed_through_the_script() {
    let server = server();
    let g = Griot::new();
    let url = format!(
        "filter:sed s/Chroniques/Filtrées/:{}",
        server.url("/chroniques.xml")
    );
    g.ok(&["add", &url]);
    g.ok(&["refresh"]);
    let feeds = g.json_lines(&["feeds", "--json"]);
    assert_eq!(feeds[0]["url"], url.as_str());
    assert_eq!(feeds[0]["title"], "Filtrées de Saint-Louis");
    assert_eq!(feeds[0]["total"], 4);
    assert_eq!(server.hits("/chroniques.xml"), 1);
}

#[test]
fn filter_sources_come_from_newsboat_urls_files() {
    let server = server();
    let g = Griot::new();
    let urls = g.file(
        "urls",
        &format!(
            "\"filter:sed s/SQLite/SQLITE/:{}\" \"~Majuscules\"\n{}\n",
            server.url("/atelier.xml"),
            server.url("/chroniques.xml")
        ),
    );
    let out = g.ok(&["import", urls.to_str().unwrap()]);
    assert!(out.contains("recognised a newsboat urls file"), "{out}");
    assert!(out.contains("imported 2 feeds"), "{out}");
    g.ok(&["refresh"]);
    let titles: Vec<String> = list(&g)
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    assert!(
        titles.contains(&"SQLITE et les transactions".to_string()),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"La crue du fleuve".to_string()),
        "{titles:?}"
    );
}

#[test]
fn a_filter_script_that_fails_hangs_or_floods_is_a_feed_error_with_the_exec_caps() {
    let server = server();
    let g = Griot::with_config("[fetch]\nexec_timeout = 1\nmax_body_mib = 1\n");
    let feed = server.url("/chroniques.xml");
    for script in [
        "sh -c 'echo broken >&2; exit 3'",
        "cat >/dev/null; sleep 30",
        "yes",
    ] {
        g.ok(&["add", &format!("filter:{script}:{feed}")]);
    }
    let out = g.run(&["refresh"]);
    assert_eq!(out.status.code(), Some(2), "every feed failed");
    let feeds = g.json_lines(&["feeds", "--json"]);
    assert_eq!(feeds.len(), 3);
    let errors: Vec<&str> = feeds.iter().map(|f| f["error"].as_str().unwrap()).collect();
    assert!(errors[0].contains("broken"), "{errors:?}");
    assert!(
        errors[1].contains("command timed out after 1 s"),
        "{errors:?}"
    );
    assert!(
        errors[2].contains("response body larger than"),
        "{errors:?}"
    );
    assert!(list(&g).is_empty());
}
