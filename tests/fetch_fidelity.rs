//! Feeds and pages as old servers, generators and hostile inputs send them: UTF-16 and
//! UTF-32 without a byte-order mark, Atom 0.3, items without titles, RSS authors given as
//! e-mail addresses, and parser panics that must never reach the terminal. The fixtures
//! are in tests/fixtures/fidelity/, written for these tests.

mod common;

use std::path::{Path, PathBuf};

use common::griot::Griot;
use griot::fetch::parse::parse_bytes;
use griot::fetch::{ParseError, ParseLimits};
use griot::model::ParsedFeed;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fidelity")
        .join(name)
}

fn parse_fixture(name: &str) -> Result<ParsedFeed, ParseError> {
    let bytes = std::fs::read(fixture(name)).expect("fixture");
    parse_bytes(
        &bytes,
        None,
        Some("https://example.org/feed.xml"),
        &ParseLimits::default(),
    )
}

#[test]
fn utf16_and_utf32_without_a_byte_order_mark_are_decoded() {
    for name in [
        "utf16be-no-bom.xml",
        "utf16le-no-bom.xml",
        "utf32be-no-bom.xml",
        "utf32le-no-bom.xml",
        "utf32le-bom.xml",
    ] {
        let feed = parse_fixture(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(feed.title.as_deref(), Some("Échos de Dakar"), "{name}");
        assert_eq!(
            feed.items[0].title, "La pêche artisanale reprend à Saint-Louis",
            "{name}"
        );
    }
}

#[test]
fn atom_0_3_keeps_its_title_entries_dates_and_escaped_content() {
    let feed = parse_fixture("atom03.xml").expect("parses");
    assert_eq!(feed.title.as_deref(), Some("Le carnet de Mariama"));
    assert_eq!(
        feed.site_url.as_deref(),
        Some("https://carnet-mariama.example/")
    );
    assert_eq!(feed.items.len(), 2);
    let bac = &feed.items[0];
    assert_eq!(bac.title, "Le bac de Farafenni");
    assert_eq!(bac.uid, "tag:carnet-mariama.example,2005:bac");
    // `issued` is the publication date; `created` does not override it.
    assert_eq!(
        bac.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2005-03-13T17:00:00+00:00")
    );
    assert_eq!(
        bac.updated.map(|d| d.to_rfc3339()).as_deref(),
        Some("2005-03-14T08:00:00+00:00")
    );
    assert_eq!(
        bac.content_html.as_deref(),
        Some("<p>La traversée a duré <em>deux heures</em>.</p>")
    );
    let bamako = &feed.items[1];
    assert_eq!(bamako.title, "Arrivée à Bamako");
    // Without `issued`, `created` (here without a time zone: UTC) is the date.
    assert_eq!(
        bamako.published.map(|d| d.to_rfc3339()).as_deref(),
        Some("2005-03-10T07:15:00+00:00")
    );
    assert_eq!(bamako.summary_html.as_deref(), Some("Le fleuve, enfin."));
    let content = bamako
        .content_html
        .as_deref()
        .expect("inline XHTML content");
    assert!(
        content.contains("<strong>Niger</strong>"),
        "inline markup kept: {content}"
    );
}

/// Every file under tests/fixtures that could be a feed (the fuzz corpora, the vendored
/// corpus, these fixtures), licences and notes aside.
fn all_fixture_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("fixture dir").flatten() {
            let path = entry.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if path.is_dir() {
                walk(&path, out);
            } else if !name.starts_with("LICENSE")
                && !name.starts_with("COPYING")
                && !name.ends_with(".md")
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        &mut out,
    );
    out.sort();
    out
}

/// Subscribes to `files` (as local feeds) and runs `griot refresh` with backtraces asked
/// for; returns stderr.
fn refresh_stderr(g: &Griot, files: &[PathBuf]) -> String {
    let list: String = files.iter().map(|p| format!("{}\n", p.display())).collect();
    let urls = g.file("urls", &list);
    g.ok(&["import", urls.to_str().expect("utf-8 path")]);
    let out = g
        .cmd()
        .arg("refresh")
        .env("RUST_BACKTRACE", "full")
        .output()
        .expect("griot runs");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_parser_panic_is_one_line_naming_the_feed_and_no_backtrace() {
    let g = Griot::new();
    let feed = fixture("parser-panic.xml");
    let stderr = refresh_stderr(&g, std::slice::from_ref(&feed));
    let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line on stderr, got: {stderr}");
    assert!(
        lines[0].contains(&feed.display().to_string())
            && lines[0].contains("the feed parser failed"),
        "{stderr}"
    );
    let log = std::fs::read_to_string(g.data_dir().join("griot.log")).expect("log");
    assert!(
        log.contains("the feed parser panicked"),
        "the panic is logged: {log}"
    );
}

#[test]
fn no_fixture_puts_a_panic_or_backtrace_on_stderr() {
    let files = all_fixture_files();
    assert!(files.len() >= 250, "only {} fixtures", files.len());
    let g = Griot::new();
    let stderr = refresh_stderr(&g, &files);
    for bad in ["panicked", "backtrace", "RUST_BACKTRACE", "stack backtrace"] {
        assert!(!stderr.contains(bad), "{bad:?} on stderr:\n{stderr}");
    }
    assert!(
        stderr.lines().count() <= files.len(),
        "at most one line per feed:\n{stderr}"
    );
}

#[test]
fn items_without_a_title_are_named_by_their_first_words_marked_with_an_ellipsis() {
    let feed = parse_fixture("untitled-and-authors.xml").expect("parses");
    assert_eq!(
        feed.items[0].title,
        "Le marché central rouvre lundi après trois semaines de travaux, annoncent les…"
    );
    assert_eq!(feed.items[1].title, "Coupure d'eau…");
    assert_eq!(feed.items[2].title, "Un titre");
    // The identity is what it was before titles were made up.
    assert_eq!(feed.items[0].uid, "https://breves-thies.example/b/1");
}

#[test]
fn rss_authors_given_with_their_address_show_the_name() {
    let feed = parse_fixture("untitled-and-authors.xml").expect("parses");
    let authors: Vec<Option<&str>> = feed.items.iter().map(|i| i.author.as_deref()).collect();
    assert_eq!(
        authors,
        vec![
            Some("Awa Diop"),
            Some("Ousmane Ba"),
            Some("redaction@example.com")
        ]
    );
}

#[test]
fn discovery_reads_the_page_as_a_browser_does() {
    let page = std::fs::read(fixture("discovery.html")).expect("fixture");
    let found =
        griot::fetch::discover::discover_feeds(&page, "https://journal-kaolack.example/accueil");
    assert_eq!(
        found,
        vec![
            // Resolved against `<base href>`, every entity decoded.
            "https://cdn.journal-kaolack.example/site/flux/soci%C3%A9t%C3%A9.xml?lang=fr&format=rss"
                .to_string(),
            "https://cdn.journal-kaolack.example/atom.xml".to_string(),
        ],
        "no link from inside <script> or a comment"
    );
}
