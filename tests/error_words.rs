//! Errors as the user meets them on the command line, in the user's language: a feed that
//! answers 404, one that times out, one that is not a feed, each in `refresh`'s failure line
//! and in `griot feeds`' reason, under a French locale, with the config's `language` key, and
//! in English; and the refusals of `import`, `downloads add` and `search --save`.

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

/// Stderr of a command that fails with exit code 1.
fn failure(g: &Griot, lang: &str, args: &[&str]) -> String {
    let out = run(g, lang, args);
    assert_eq!(out.status.code(), Some(1), "{args:?} fails");
    String::from_utf8_lossy(&out.stderr).trim_end().to_string()
}

#[test]
fn import_of_a_file_griot_does_not_know_says_so_in_french_and_in_english() {
    let g = Griot::new();
    let file = g.file("notes.txt", "");
    assert_eq!(
        failure(&g, "fr_FR.UTF-8", &["import", &file.to_string_lossy()]),
        format!(
            "griot : {} : aucun flux trouvé (attendu : un OPML, un fichier urls de newsboat ou un cache.db de newsboat)",
            file.display()
        )
    );
    assert_eq!(
        failure(&g, "en_GB.UTF-8", &["import", &file.to_string_lossy()]),
        format!(
            "griot: {}: no feeds found (expected OPML, a newsboat urls file or a newsboat cache.db)",
            file.display()
        )
    );
}

#[test]
fn downloading_an_article_without_files_says_so_in_french_and_in_english() {
    let g = Griot::new();
    let server = TestServer::start(vec![("/feed.xml", Reply::ok(FEED))]);
    g.ok(&["add", &server.url("/feed.xml")]);
    g.ok(&["refresh"]);
    let id = g.json_lines(&["list", "--json"])[0]["id"].to_string();
    assert_eq!(
        failure(&g, "fr_FR.UTF-8", &["downloads", "add", &id]),
        format!("griot : l’article {id} n’a aucun fichier joint")
    );
    assert_eq!(
        failure(&g, "en_GB.UTF-8", &["downloads", "add", &id]),
        format!("griot: article {id} has no attached file")
    );
}

#[test]
fn saving_a_search_under_a_name_taken_says_so_in_french_and_in_english() {
    let g = Griot::new();
    g.ok(&["search", "--save", "Sénégal", "Sénégal"]);
    assert_eq!(
        failure(&g, "fr_FR.UTF-8", &["search", "--save", "Sénégal", "Dakar"]),
        "griot : une recherche enregistrée nommée « Sénégal » existe déjà (oubliez-la d’abord pour la remplacer)"
    );
    assert_eq!(
        failure(&g, "en_GB.UTF-8", &["search", "--save", "Sénégal", "Dakar"]),
        "griot: a saved search named \"Sénégal\" already exists (forget it first to replace it)"
    );
}
