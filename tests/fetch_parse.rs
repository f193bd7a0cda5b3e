//! Feed documents as users meet them: charsets, formats, broken and hostile documents,
//! duplicate GUIDs, relative links — fetched from a loopback server where the HTTP
//! headers matter.

mod common;

use common::server::{Reply, TestServer};
use griot::fetch::parse::parse_bytes;
use griot::fetch::{
    parse_feed, FetchOptions, FetchOutcome, Fetcher, ParseError, ParseLimits, Validators,
};
use griot::model::ParsedFeed;

async fn fetch_and_parse(server: &TestServer, path: &str) -> Result<ParsedFeed, ParseError> {
    let f = Fetcher::new(FetchOptions::default()).expect("client");
    match f
        .fetch(&server.url(path), &Validators::default())
        .await
        .expect("fetched")
    {
        FetchOutcome::Modified(body) => parse_feed(&body, &ParseLimits::default()),
        FetchOutcome::NotModified { .. } => panic!("unexpected 304"),
    }
}

fn parse(doc: &[u8]) -> Result<ParsedFeed, ParseError> {
    parse_bytes(
        doc,
        None,
        Some("https://example.org/feed.xml"),
        &ParseLimits::default(),
    )
}

/// "Café" and "élève" in ISO-8859-1 bytes.
fn latin1_feed(prolog: bool) -> Vec<u8> {
    let mut doc = Vec::new();
    if prolog {
        doc.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n");
    }
    doc.extend_from_slice(b"<rss version=\"2.0\"><channel><title>Caf\xE9 du matin</title>");
    doc.extend_from_slice(b"<item><title>Une \xE9l\xE8ve</title><guid>1</guid><description>\xC0 la une</description></item>");
    doc.extend_from_slice(b"</channel></rss>");
    doc
}

#[tokio::test]
async fn iso_8859_1_from_the_prolog_keeps_accents_even_if_http_says_utf8() {
    let server = TestServer::start(vec![(
        "/latin1.xml",
        Reply::ok(latin1_feed(true)).header("Content-Type", "application/rss+xml; charset=utf-8"),
    )]);
    let feed = fetch_and_parse(&server, "/latin1.xml")
        .await
        .expect("parses");
    assert_eq!(feed.title.as_deref(), Some("Café du matin"));
    assert_eq!(feed.items[0].title, "Une élève");
    assert_eq!(feed.items[0].summary_html.as_deref(), Some("À la une"));
}

#[tokio::test]
async fn windows_1252_from_the_http_charset_keeps_oe_and_euro() {
    let doc = b"<rss version=\"2.0\"><channel><title>\x80 et \x9Cuvres</title>\
<item><title>C\x9Cur \xE0 5 \x80</title><guid>1</guid></item></channel></rss>"
        .to_vec();
    let server = TestServer::start(vec![
        (
            "/cp1252.xml",
            Reply::ok(doc.clone()).header("Content-Type", "text/xml; charset=windows-1252"),
        ),
        // ISO-8859-1 labels mean windows-1252 on the web: € still decodes.
        (
            "/mislabelled.xml",
            Reply::ok(doc).header("Content-Type", "text/xml; charset=ISO-8859-1"),
        ),
    ]);
    for path in ["/cp1252.xml", "/mislabelled.xml"] {
        let feed = fetch_and_parse(&server, path).await.expect("parses");
        assert_eq!(feed.title.as_deref(), Some("€ et œuvres"), "{path}");
        assert_eq!(feed.items[0].title, "Cœur à 5 €", "{path}");
    }
}

#[tokio::test]
async fn latin1_without_any_declaration_falls_back_to_utf8_with_replacement() {
    let server = TestServer::start(vec![("/nolabel.xml", Reply::ok(latin1_feed(false)))]);
    let feed = fetch_and_parse(&server, "/nolabel.xml")
        .await
        .expect("still parses");
    assert_eq!(feed.title.as_deref(), Some("Caf\u{FFFD} du matin"));
}

#[test]
fn utf16_with_a_bom_is_decoded() {
    let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><title>Société</title></channel></rss>";
    let mut doc = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        doc.extend_from_slice(&unit.to_le_bytes());
    }
    assert_eq!(
        parse(&doc).expect("parses").title.as_deref(),
        Some("Société")
    );
}

#[tokio::test]
async fn relative_links_resolve_against_the_final_url_after_redirects() {
    let doc = r#"<rss version="2.0"><channel><title>R</title><link>/</link>
<item><title>A</title><link>articles/a.html</link><guid>a</guid></item>
<item><title>B</title><link>/b.html</link><guid>b</guid></item></channel></rss>"#;
    let atom = r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://static.example.net/news/"><title>At</title><id>x</id>
<entry><title>C</title><id>c</id><link href="c.html"/><updated>2026-11-01T00:00:00Z</updated></entry></feed>"#;
    let server = TestServer::start(vec![
        ("/moved", Reply::redirect(302, "/blog/feed.xml")),
        ("/blog/feed.xml", Reply::ok(doc)),
        ("/atom.xml", Reply::ok(atom)),
    ]);
    let feed = fetch_and_parse(&server, "/moved").await.expect("parses");
    assert_eq!(feed.site_url, Some(server.url("/")));
    assert_eq!(
        feed.items[0].link,
        Some(server.url("/blog/articles/a.html"))
    );
    assert_eq!(feed.items[1].link, Some(server.url("/b.html")));
    let feed = fetch_and_parse(&server, "/atom.xml").await.expect("parses");
    assert_eq!(
        feed.items[0].link.as_deref(),
        Some("https://static.example.net/news/c.html")
    );
}

#[test]
fn duplicate_guids_keep_the_first_item() {
    let doc = br#"<rss version="2.0"><channel><title>D</title>
<item><title>First</title><guid>same</guid></item>
<item><title>Second</title><guid>same</guid></item>
<item><title>Other</title><guid>other</guid></item></channel></rss>"#;
    let feed = parse(doc).expect("parses");
    let titles: Vec<&str> = feed.items.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, ["First", "Other"]);
}

#[test]
fn items_without_guid_or_link_get_a_stable_identity() {
    let doc = br#"<rss version="2.0"><channel><title>H</title>
<item><title>Sans lien</title><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate></item></channel></rss>"#;
    let a = parse(doc).expect("parses");
    let b = parse(doc).expect("parses");
    assert!(a.items[0].uid.starts_with("hash:"));
    assert_eq!(a.items[0].uid, b.items[0].uid);
}

#[test]
fn every_format_parses() {
    let rss091 = br#"<rss version="0.91"><channel><title>Old</title><link>http://example.org/</link><description>d</description>
<item><title>I</title><link>http://example.org/i</link></item></channel></rss>"#;
    let rss10 = br#"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="http://example.org/"><title>RDF</title><link>http://example.org/</link></channel>
<item rdf:about="http://example.org/1"><title>Un</title><link>http://example.org/1</link></item></rdf:RDF>"#;
    let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>urn:a</id><updated>2026-11-01T00:00:00Z</updated>
<entry><title>E</title><id>urn:e</id><updated>2026-11-01T00:00:00Z</updated><author><name> Ana </name></author>
<content type="html">&lt;p&gt;Bonjour&lt;/p&gt;</content></entry></feed>"#;
    let json = br#"{"version":"https://jsonfeed.org/version/1.1","title":"J","home_page_url":"https://example.org/",
"items":[{"id":"j1","url":"https://example.org/j1","title":"Jay","content_html":"<p>Salut</p>"}]}"#;
    let rss094 = br#"<rss version="0.94"><channel><title>Old</title><item><title>Quatre</title><guid>4</guid></item></channel></rss>"#;
    let unversioned = br#"<?xml version="1.0"?><!-- c --><rss><channel><title>N</title><item><title>Sans</title></item></channel></rss>"#;
    for (name, doc, title) in [
        ("rss 0.91", &rss091[..], "I"),
        ("rss 0.94", &rss094[..], "Quatre"),
        ("rss without version", &unversioned[..], "Sans"),
        ("rss 1.0", &rss10[..], "Un"),
        ("atom", &atom[..], "E"),
        ("json feed", &json[..], "Jay"),
    ] {
        let feed = parse(doc).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(feed.items.len(), 1, "{name}");
        assert_eq!(feed.items[0].title, title, "{name}");
    }
    let atom = parse(atom).expect("atom");
    assert_eq!(atom.items[0].author.as_deref(), Some("Ana"));
    assert_eq!(
        atom.items[0].content_html.as_deref(),
        Some("<p>Bonjour</p>")
    );
    assert_eq!(atom.items[0].uid, "urn:e");
}

#[test]
fn invalid_xml_names_the_line_and_column() {
    let doc = b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">\n<channel><title>T</title>\n  <item><title>A</titel></item>\n</channel></rss>";
    let e = parse(doc).unwrap_err();
    match &e {
        ParseError::Syntax { line, .. } => assert_eq!(*line, 4, "{e}"),
        other => panic!("expected a position, got {other}"),
    }
    assert!(
        e.to_string().starts_with("parse error at line 4, column "),
        "{e}"
    );
}

#[test]
fn truncated_documents_fail_cleanly() {
    let doc =
        b"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item><title>A</ti";
    let e = parse(doc).unwrap_err();
    assert!(e.to_string().starts_with("parse error"), "{e}");
}

#[tokio::test]
async fn html_served_instead_of_a_feed_is_named_as_such() {
    let server = TestServer::start(vec![(
        "/feed",
        Reply::ok(
            "<!DOCTYPE html>\n<html><head><title>Blog</title></head><body><p>Hi</body></html>",
        )
        .header("Content-Type", "text/html"),
    )]);
    let e = fetch_and_parse(&server, "/feed").await.unwrap_err();
    assert_eq!(e.to_string(), "not a feed: the server sent an HTML page");
}

#[test]
fn entity_expansion_is_not_performed() {
    let doc = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title><guid>x</guid></item></channel></rss>"#;
    let feed = parse(doc).expect("parses without expanding");
    assert!(feed.items[0].title.len() < 100, "{}", feed.items[0].title);
}

fn nested(depth: usize) -> String {
    let mut doc = String::from("<rss version=\"2.0\"><channel><title>Deep</title><item><title>N</title><guid>n</guid><description>");
    doc.push_str(&"<div>".repeat(depth));
    doc.push_str(&"</div>".repeat(depth));
    doc.push_str("</description></item></channel></rss>");
    doc
}

#[test]
fn deeply_nested_elements_do_not_crash() {
    // Deep but within the XML reader's limit: parsed.
    let feed = parse(nested(10_000).as_bytes()).expect("parses");
    assert_eq!(feed.items.len(), 1);
    // 100,000 deep: a clean error, no stack overflow.
    let e = parse(nested(100_000).as_bytes()).unwrap_err();
    assert!(
        e.to_string().contains("deeper than the supported limit"),
        "{e}"
    );
    let mut unclosed = String::from("<rss version=\"2.0\"><channel>");
    unclosed.push_str(&"<x>".repeat(100_000));
    assert!(parse(unclosed.as_bytes()).is_err());
}

#[test]
fn hostile_sizes_are_capped() {
    let mut doc = String::from("<rss version=\"2.0\"><channel><title>Many</title>");
    for i in 0..12_000 {
        doc.push_str(&format!(
            "<item><title>t{i}</title><guid>g{i}</guid></item>"
        ));
    }
    doc.push_str("</channel></rss>");
    let feed = parse(doc.as_bytes()).expect("parses");
    assert_eq!(feed.items.len(), 10_000);
    assert_eq!(feed.items[0].title, "t0");

    let huge_title = "T".repeat(10 * 1024);
    let huge_url = format!("https://example.org/{}", "u".repeat(10 * 1024));
    let body = "b".repeat(10 * 1024 * 1024);
    let doc = format!(
        "<rss version=\"2.0\"><channel><title>{huge_title}</title><item><title>{huge_title}</title><link>{huge_url}</link>\
<guid>g</guid><description>{body}</description></item></channel></rss>"
    );
    let feed = parse(doc.as_bytes()).expect("parses");
    let item = &feed.items[0];
    assert_eq!(item.title.len(), 2048);
    assert_eq!(item.link, None);
    assert_eq!(
        item.summary_html.as_ref().map(String::len),
        Some(2 * 1024 * 1024)
    );
}

#[test]
fn nul_bytes_and_invalid_utf8_are_survived() {
    let doc = b"<rss version=\"2.0\"><channel><title>A\0B \xFF\xFE</title><item><title>x\0y</title><guid>1</guid></item></channel></rss>";
    let feed = parse(doc).expect("parses");
    assert_eq!(feed.title.as_deref(), Some("AB \u{FFFD}\u{FFFD}"));
    assert_eq!(feed.items[0].title, "xy");
}

#[test]
fn empty_and_garbage_input_are_clean_errors() {
    for doc in [
        &b""[..],
        b"   ",
        b"hello world",
        b"\x00\x01\x02",
        b"{",
        b"[1,2]",
    ] {
        let e = parse(doc).unwrap_err();
        assert!(!e.to_string().is_empty());
    }
}
