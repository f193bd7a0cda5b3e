//! Finding a site's feeds from its HTML page, for `griot add https://site/`.
//!
//! Sites announce feeds with `<link rel="alternate" type="application/rss+xml" href="…">`
//! (or Atom, or JSON Feed) in their `<head>`. A small tag scanner is enough to read them —
//! no DOM is built — and it never fails: a page without such links yields nothing.

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

/// The feeds an HTML page announces, resolved against `page_url`, in page order and
/// without duplicates.
pub fn discover_feeds(html: &[u8], page_url: &str) -> Vec<String> {
    let base = Url::parse(page_url).ok();
    let text = String::from_utf8_lossy(html);
    let mut found: Vec<String> = Vec::new();
    for attrs in link_tags(&text) {
        let rel_ok = attr(&attrs, "rel").is_some_and(|rel| {
            rel.split_ascii_whitespace()
                .any(|t| t.eq_ignore_ascii_case("alternate"))
        });
        let type_ok = attr(&attrs, "type").is_some_and(|t| {
            let t = t.split(';').next().unwrap_or("").trim();
            FEED_TYPES.iter().any(|f| t.eq_ignore_ascii_case(f))
        });
        let Some(href) = attr(&attrs, "href").map(|h| decode_entities(h.trim())) else {
            continue;
        };
        if !rel_ok || !type_ok || href.is_empty() {
            continue;
        }
        let resolved = match &base {
            Some(b) => b.join(&href).map(String::from).ok(),
            None => Url::parse(&href).map(String::from).ok(),
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

/// The attribute lists of every `<link …>` tag outside comments.
fn link_tags(text: &str) -> Vec<Vec<(String, String)>> {
    let bytes = text.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + off;
        let rest = &bytes[at..];
        if rest.starts_with(b"<!--") {
            i = memchr::memmem::find(&rest[4..], b"-->").map_or(bytes.len(), |e| at + 4 + e + 3);
            continue;
        }
        let is_link = rest.len() > 5
            && rest[1..5].eq_ignore_ascii_case(b"link")
            && matches!(rest[5], b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>');
        if !is_link {
            i = at + 1;
            continue;
        }
        let (attrs, end) = parse_attributes(text, at + 5);
        tags.push(attrs);
        i = end;
    }
    tags
}

/// Reads `name="value"`, `name='value'`, `name=value` and bare `name` attributes up to
/// the closing `>`. Returns them and the position after the tag.
fn parse_attributes(text: &str, mut i: usize) -> (Vec<(String, String)>, usize) {
    let b = text.as_bytes();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (attrs, i);
        }
        if b[i] == b'>' {
            return (attrs, i + 1);
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = text[name_start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let start = i + 1;
                let end = memchr::memchr(q, &b[start..]).map_or(b.len(), |e| start + e);
                value = text[start..end].to_string();
                i = (end + 1).min(b.len());
            } else {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = text[start..i].to_string();
            }
        }
        if !name.is_empty() {
            attrs.push((name, value));
        }
    }
}

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// Decodes the entities that appear in URLs (`&amp;`, numeric references).
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let semi = tail.find(';').filter(|&p| p <= 10);
        let decoded = semi.and_then(|p| {
            let name = &tail[1..p];
            let ch = match name {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((ch, p + 1))
        });
        match decoded {
            Some((ch, len)) => {
                out.push(ch);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
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
