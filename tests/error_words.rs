//! Errors as the user meets them on the command line, in the user's language: a feed that
//! answers 404, one that times out, one that is not a feed, each in `refresh`'s failure line
//! and in `griot feeds`' reason, under a French locale, with the config's `language` key, and
//! in English.

mod common;

use std::process::Output;

use common::griot::Griot;
use common::server::{Reply, TestServer};

const FEED: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Dakar Matin</title>
<item><title>Un</title><guid>u1</guid><description>premier</description></item>
</channel></rss>"#;

/// Runs griot under `lang` (the whole locale environment set).
fn run(g: &Griot, lang: &str, args: &[&str]) -> Output {
    g.cmd()
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .output()
        .expect("griot runs")
}

/// A feed subscribed and fetched once, then answering `reply`; refreshed again under `lang`:
/// its failure line on stderr and its reason in `griot feeds`.
fn failing(config: &str, reply: Reply, lang: &str) -> (String, String, String) {
    let g = Griot::with_config(config);
    let server = TestServer::start(vec![("/feed.xml", Reply::ok(FEED))]);
    let url = server.url("/feed.xml");
    g.ok(&["add", &url]);
    g.ok(&["refresh"]);
    server.set_route("/feed.xml", reply);
    let out = run(&g, lang, &["refresh"]);
    assert_eq!(out.status.code(), Some(2), "a partial refresh");
    let err = String::from_utf8_lossy(&out.stderr).trim_end().to_string();
    let feeds = run(&g, lang, &["feeds"]);
    let reason = String::from_utf8_lossy(&feeds.stdout)
        .lines()
        .find(|l| l.trim_start().starts_with("! "))
        .map(|l| l.trim_start().trim_start_matches("! ").to_string())
        .unwrap_or_default();
    (url, err, reason)
}

#[test]
fn a_feed_that_answers_404_says_so_in_french_and_in_english() {
    let (url, err, reason) = failing("", Reply::status(404, "gone"), "fr_FR.UTF-8");
    assert_eq!(
        err,
        format!("échec : Dakar Matin <{url}> : HTTP 404 introuvable")
    );
    assert_eq!(reason, "HTTP 404 introuvable");

    let (url, err, reason) = failing("", Reply::status(404, "gone"), "en_GB.UTF-8");
    assert_eq!(
        err,
        format!("failed: Dakar Matin <{url}>: HTTP 404 Not Found")
    );
    assert_eq!(reason, "HTTP 404 Not Found");
}

#[test]
fn the_configs_language_key_speaks_french_under_an_english_locale() {
    let (url, err, reason) = failing(
        "language = \"fr\"\n",
        Reply::status(404, "gone"),
        "en_GB.UTF-8",
    );
    assert_eq!(
        err,
        format!("échec : Dakar Matin <{url}> : HTTP 404 introuvable")
    );
    assert_eq!(reason, "HTTP 404 introuvable");
}

#[test]
fn a_feed_that_times_out_says_so_in_french_and_in_english() {
    let config = "[fetch]\ntimeout = 1\n";
    let (_, err, reason) = failing(config, Reply::stall(), "fr_FR.UTF-8");
    assert!(err.ends_with(" : délai dépassé après 1 s"), "{err}");
    assert_eq!(reason, "délai dépassé après 1 s");

    let (_, err, reason) = failing(config, Reply::stall(), "en_GB.UTF-8");
    assert!(err.ends_with(">: timed out after 1 s"), "{err}");
    assert_eq!(reason, "timed out after 1 s");
}

#[test]
fn a_page_that_is_not_a_feed_says_so_in_french_and_in_english() {
    let page = Reply::ok("<!DOCTYPE html><html><body><p>Bienvenue</p></body></html>")
        .header("Content-Type", "text/html");
    let (_, err, reason) = failing("", page, "fr_FR.UTF-8");
    assert!(
        err.ends_with(" : pas un flux : le serveur a envoyé une page HTML"),
        "{err}"
    );
    assert_eq!(reason, "pas un flux : le serveur a envoyé une page HTML");

    let page = Reply::ok("<!DOCTYPE html><html><body><p>Welcome</p></body></html>")
        .header("Content-Type", "text/html");
    let (_, err, reason) = failing("", page, "en_GB.UTF-8");
    assert!(
        err.ends_with(">: not a feed: the server sent an HTML page"),
        "{err}"
    );
    assert_eq!(reason, "not a feed: the server sent an HTML page");
}

#[test]
fn a_command_that_fails_says_why_in_french() {
    let g = Griot::new();
    let out = run(&g, "fr_FR.UTF-8", &["show", "42"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        "griot : aucun article numéro 42"
    );
}

#[test]
fn a_mistake_in_the_config_is_said_in_french() {
    let g = Griot::with_config("refresh_intervall = 30\n");
    let out = run(&g, "fr_FR.UTF-8", &["config", "--check"]);
    assert_eq!(out.status.code(), Some(1));
    let path = g.config_path();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        format!(
            "griot : {}:1 : clé inconnue `refresh_intervall` ; vouliez-vous dire `refresh_interval` ?",
            path.display()
        )
    );
}

#[test]
fn add_says_why_an_address_is_refused_in_french_and_in_english() {
    let g = Griot::new();
    let server = TestServer::start(vec![("/gone.xml", Reply::status(404, "gone"))]);
    let url = server.url("/gone.xml");
    let out = run(&g, "fr_FR.UTF-8", &["add", &url]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        format!("griot : HTTP 404 introuvable ({url})")
    );
    let out = run(&g, "en_GB.UTF-8", &["add", &url]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        format!("griot: HTTP 404 Not Found ({url})")
    );
}
