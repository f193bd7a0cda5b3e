//! The command line's rules, as a new user meets them: a named config must exist, options
//! that say what they do, one subscription rule with the reader, saved searches that are
//! never replaced by accident, distinct exit codes, and sentences that read right.

mod common;

use clap::CommandFactory;
use common::griot::Griot;
use common::server::{Reply, TestServer};

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Dakar Matin</title>
<item><title>Un</title><guid>u1</guid><description>premier</description></item>
<item><title>Deux</title><guid>u2</guid><description>second</description></item>
</channel></rss>"#;

fn subscribed(g: &Griot, server: &TestServer) {
    g.ok(&["add", &server.url("/feed.xml")]);
    g.ok(&["refresh"]);
}

fn feed_server() -> TestServer {
    TestServer::start(vec![("/feed.xml", Reply::ok(FEED))])
}

#[test]
fn a_named_config_that_does_not_exist_is_an_error() {
    let g = Griot::new();
    let missing = g.dir.path().join("nonexistent.toml");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_griot"))
        .arg("--config")
        .arg(&missing)
        .arg("--data-dir")
        .arg(g.data_dir())
        .args(["config", "--check"])
        .env_remove("GRIOT_CONFIG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("does not exist"), "{err}");
}

#[test]
fn every_option_and_argument_says_what_it_does() {
    let cmd = griot::cli::Cli::command();
    let mut silent = Vec::new();
    for sub in cmd.get_subcommands() {
        for arg in sub.get_arguments() {
            let id = arg.get_id().as_str();
            if id != "help" && id != "version" && arg.get_help().is_none() {
                silent.push(format!("{} {id}", sub.get_name()));
            }
        }
    }
    assert!(silent.is_empty(), "no help text: {silent:?}");
}

#[test]
fn read_feed_marks_that_feed_read_without_all() {
    let g = Griot::new();
    let server = feed_server();
    subscribed(&g, &server);
    let out = g.ok(&["read", "--feed", "1"]);
    assert!(
        out.contains("marked 2 articles read in Dakar Matin"),
        "{out}"
    );
    assert!(g.json_lines(&["list", "--unread", "--json"]).is_empty());
}

#[test]
fn an_address_that_answers_404_is_not_subscribed() {
    let g = Griot::new();
    let server = TestServer::start(vec![("/gone.xml", Reply::status(404, "gone"))]);
    let out = g.run(&["add", &server.url("/gone.xml")]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("HTTP 404"), "{err}");
    assert!(g.json_lines(&["feeds", "--json"]).is_empty());
}

#[test]
fn an_unreachable_address_is_subscribed_and_checked_later() {
    let g = Griot::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = g.run(&["add", &format!("http://127.0.0.1:{port}/feed.xml")]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("subscribing anyway"));
    assert_eq!(g.json_lines(&["feeds", "--json"]).len(), 1);
}

#[test]
fn a_saved_search_needs_a_name_and_is_not_silently_replaced() {
    let g = Griot::new();
    let empty = g.run(&["search", "--save", "", "dakar"]);
    assert_eq!(empty.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("needs a name"));
    g.ok(&["search", "--save", "Sénégal", "dakar"]);
    let again = g.run(&["search", "--save", "Sénégal", "thiès"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let saved = g.json_lines(&["searches", "--json"]);
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0]["query"], "dakar");
}

#[test]
fn feeds_say_why_a_feed_failed_and_what_to_do_when_there_are_none() {
    let g = Griot::new();
    let none = g.ok(&["feeds"]);
    assert!(none.contains("griot add URL"), "{none}");
    assert!(none.contains("griot import FILE"), "{none}");
    let server = TestServer::start(vec![("/feed.xml", Reply::ok(FEED))]);
    subscribed(&g, &server);
    server.set_route("/feed.xml", Reply::status(500, "oops"));
    g.run(&["refresh"]);
    let listed = g.ok(&["feeds"]);
    assert!(listed.contains("HTTP 500"), "{listed}");
}

#[test]
fn a_mistake_in_the_command_line_has_its_own_exit_code() {
    let g = Griot::new();
    let out = g.run(&["list", "--limit", "many"]);
    assert_eq!(out.status.code(), Some(64));
    assert_eq!(g.run(&["--help"]).status.code(), Some(0));
}

#[test]
fn counts_read_in_the_singular_and_the_plural() {
    let g = Griot::new();
    let server = feed_server();
    subscribed(&g, &server);
    assert!(g.ok(&["bookmark", "1"]).contains("bookmarked 1 article\n"));
    assert!(g.ok(&["read", "1", "2"]).contains("marked 2 articles read"));
    assert!(g.ok(&["unread", "2"]).contains("marked 1 article unread"));
}

#[test]
fn the_command_line_speaks_french_under_a_french_locale() {
    let g = Griot::new();
    let server = feed_server();
    let french = |args: &[&str]| {
        let out = g
            .cmd()
            .args(args)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "fr_FR.UTF-8")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(french(&["feeds"]).starts_with("Aucun flux pour l’instant."));
    french(&["add", &server.url("/feed.xml")]);
    let summary = french(&["refresh"]);
    assert_eq!(
        summary,
        "1 flux : 2 nouveaux, 0 mis à jour, 0 inchangé, 0 en échec\n"
    );
    assert_eq!(french(&["bookmark", "1"]), "1 article mis en signet\n");
    assert_eq!(
        french(&["read", "1", "2"]),
        "2 articles marqués comme lus\n"
    );
}

#[test]
fn an_export_before_the_first_refresh_claims_no_title_and_reads_line_by_line() {
    let g = Griot::new();
    let server = feed_server();
    g.ok(&["add", &server.url("/feed.xml"), "--tag", "Sénégal"]);
    let opml = g.ok(&["export"]);
    assert!(opml.lines().count() > 5, "one element a line:\n{opml}");
    assert!(opml.contains("\n    <outline "), "indented:\n{opml}");
    assert!(!opml.contains("title=\"http"), "{opml}");
    // Imported elsewhere, the feed takes its own title at its first refresh.
    let h = Griot::new();
    let file = h.file("subs.opml", &opml);
    h.ok(&["import", file.to_str().unwrap()]);
    h.ok(&["refresh"]);
    assert_eq!(
        h.json_lines(&["feeds", "--json"])[0]["title"],
        "Dakar Matin"
    );
}

#[test]
fn config_check_reports_a_key_taken_from_another_action() {
    let g = Griot::with_config("[keys]\nbookmark = [\"s\"]\n");
    let out = g.run(&["config", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`bookmark` = [\"s\"] takes s from `save_search` in the search keys, which is left with no key there"),
        "{err}"
    );
    // Taking a key from an action that keeps another is said, and passes.
    let h = Griot::with_config("[keys]\nbookmark = [\"j\"]\n");
    let out = h.run(&["config", "--check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("takes j from `down`"));
}

#[test]
fn config_check_says_which_action_a_macro_key_hides() {
    let g = Griot::with_config(
        "[[macro]]\nkey = \"j\"\nactions = [\"toggle-read\", \"next-unread\"]\n",
    );
    let out = g.run(&["config", "--check"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("[[macro]] key j runs its macro instead of `down`"),
        "{err}"
    );
    // A key nothing else uses is not mentioned.
    let h = Griot::with_config("[[macro]]\nkey = \"ctrl-t\"\nactions = [\"toggle-read\"]\n");
    let out = h.run(&["config", "--check"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("[[macro]]"));
}
