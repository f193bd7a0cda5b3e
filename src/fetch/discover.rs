//! Finding a site's feeds from its HTML page, for `griot add https://site/`.
//!
//! Sites announce feeds with `<link rel="alternate" type="application/rss+xml" href="…">`
//! (or Atom, or JSON Feed) in their `<head>`. The page is parsed as HTML (dom_query, the
//! parser the renderer uses) so that what a browser would see is what is found; it never
//! fails: a page without such links yields nothing.

use url::Url;

/// The feed types a `<link rel="alternate">` may announce.
const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
];

/// Whether a document looks like an HTML page rather than a feed.
pub fn looks_like_html(doc: &[u8]) -> bool {
    let head = &doc[..doc.len().min(2048)];
    let start = head
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(head);
    let lower: Vec<u8> = start.iter().map(u8::to_ascii_lowercase).collect();
    let mut rest = lower.trim_ascii_start();
    // Skip an XML declaration and comments before the first element.
    loop {
        if rest.starts_with(b"<?xml") || rest.starts_with(b"<!--") {
            let close: &[u8] = if rest.starts_with(b"<!--") {
                b"-->"
            } else {
                b"?>"
            };
            match memchr::memmem::find(rest, close) {
                Some(end) => rest = rest[end + close.len()..].trim_ascii_start(),
                None => return false,
            }
        } else {
            break;
        }
    }
    rest.starts_with(b"<!doctype html") || rest.starts_with(b"<html")
}

/// Most of a page read for its feed links: they sit in its `<head>`.
const MAX_DISCOVERY_BYTES: usize = 2 * 1024 * 1024;

/// The feeds an HTML page announces, resolved against its `<base href>` (itself resolved
/// against `page_url`), in page order and without duplicates.
///
/// The page is decoded as a browser would and parsed with the HTML parser the renderer
/// uses (under the same depth cap), so entities, `<base>`, comments and `<script>` bodies
/// are read as a browser reads them.
pub fn discover_feeds(html: &[u8], page_url: &str) -> Vec<String> {
    let html = &html[..html.len().min(MAX_DISCOVERY_BYTES)];
    let text = super::charset::decode_page(html, None, Some(page_url));
    let text = crate::render::limit_nesting(&text);
    let doc = dom_query::Document::from(text.as_ref());
    let page = Url::parse(page_url).ok();
    // The document's base URL: its first `<base href>`, resolved against the page.
    let base = doc
        .select("base[href]")
        .nodes()
        .first()
        .and_then(|b| b.attr("href"))
        .and_then(|href| match &page {
            Some(p) => p.join(href.trim()).ok(),
            None => Url::parse(href.trim()).ok(),
        })
        .or(page);
    let mut found: Vec<String> = Vec::new();
    for link in doc.select("link[href]").nodes() {
        let rel_ok = link.attr("rel").is_some_and(|rel| {
            rel.split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case("alternate"))
        });
        let type_ok = link.attr("type").is_some_and(|t| {
            let t = t.split(';').next().unwrap_or("").trim();
            FEED_TYPES.iter().any(|f| t.eq_ignore_ascii_case(f))
        });
        let Some(href) = link.attr("href") else {
            continue;
        };
        let href = href.trim();
        if !rel_ok || !type_ok || href.is_empty() {
            continue;
        }
        let resolved = match &base {
            Some(b) => b.join(href).map(String::from).ok(),
            None => Url::parse(href).map(String::from).ok(),
        };
        if let Some(url) =
            resolved.filter(|u| u.starts_with("http://") || u.starts_with("https://"))
        {
            if !found.contains(&url) {
                found.push(url);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_alternates_in_order_resolved_against_the_page() {
        let html = br#"<!DOCTYPE html><html><head>
<link rel="stylesheet" href="/s.css">
<!-- <link rel="alternate" type="application/rss+xml" href="/commented.xml"> -->
<LINK REL="alternate" TYPE="application/rss+xml" HREF="/feed.xml?a=1&amp;b=2" title="RSS">
<link rel='alternate' type='application/atom+xml' href='atom.xml'/>
<link rel=alternate type=application/feed+json href=https://cdn.example.org/feed.json>
<link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
</head><body></body></html>"#;
        let found = discover_feeds(html, "https://example.org/blog/");
        assert_eq!(
            found,
            vec![
                "https://example.org/feed.xml?a=1&b=2".to_string(),
                "https://example.org/blog/atom.xml".to_string(),
                "https://cdn.example.org/feed.json".to_string(),
            ]
        );
    }

    #[test]
    fn html_is_told_apart_from_feeds() {
        assert!(looks_like_html(b"\n<!doctype html><html>"));
        assert!(looks_like_html(
            b"<?xml version=\"1.0\"?>\n<!-- x --><html xmlns=\"http://www.w3.org/1999/xhtml\">"
        ));
        assert!(!looks_like_html(
            b"<?xml version=\"1.0\"?><rss version=\"2.0\">"
        ));
        assert!(!looks_like_html(
            b"{\"version\": \"https://jsonfeed.org/version/1\"}"
        ));
    }
}
