//! Atom 0.3, the draft that came before Atom 1.0 and that old blogs and generators still
//! serve (`xmlns="http://purl.org/atom/ns#"`), rewritten as Atom 1.0 for feed-rs.
//!
//! feed-rs reads only the Atom 1.0 namespace: in a 0.3 document it finds no title and no
//! entries. The two drafts differ in a few names and in how text constructs give their
//! type, so the document is rewritten event by event (quick-xml, the reader feed-rs
//! uses):
//!
//! - the 0.3 namespace becomes the 1.0 one;
//! - `issued` becomes `published` (`created` too, when an entry has no `issued`),
//!   `modified` becomes `updated`, `tagline` `subtitle` and `copyright` `rights`;
//!   a date without a time zone is read as UTC;
//! - a text construct's MIME `type` and `mode` become 1.0's `text`, `html` or `xhtml`:
//!   `mode="escaped"` content is escaped HTML, `mode="xml"` (the default) is inline
//!   markup, `text/plain` is text. Base64 content (`mode="base64"`) is dropped.
//!
//! A document that is not 0.3, or not well-formed, is left to the ordinary parse (and its
//! error messages).

use std::borrow::Cow;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;

/// The namespace of Atom 0.3.
const NS_03: &str = "http://purl.org/atom/ns#";
/// The namespace of Atom 1.0.
const NS_10: &str = "http://www.w3.org/2005/Atom";

/// Elements whose content is an Atom text construct (with `type` and `mode`).
const TEXT_CONSTRUCTS: &[&str] = &[
    "title",
    "tagline",
    "copyright",
    "info",
    "summary",
    "content",
];

/// The document as Atom 1.0, if it is an Atom 0.3 feed (UTF-8, as `parse` hands it on).
pub fn to_atom10(doc: &[u8]) -> Option<Vec<u8>> {
    let head = &doc[..doc.len().min(4096)];
    memchr::memmem::find(head, NS_03.as_bytes())?;
    let mut reader = quick_xml::Reader::from_reader(doc);
    let mut out = Rewriter {
        writer: quick_xml::Writer::new(Vec::with_capacity(doc.len() + 256)),
        prefix: None,
        names: Vec::new(),
        in_date: false,
    };
    let mut buf = Vec::new();
    // An entry's events wait until its end: whether it has `issued` decides `created`.
    let mut entry: Option<(usize, Vec<Event<'static>>)> = None;
    let mut depth = 0usize;
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf).ok()?.into_owned();
        match &event {
            Event::Eof => break,
            Event::Start(e) if out.prefix.is_none() => out.prefix = Some(root_prefix(e)?),
            Event::Empty(e) if out.prefix.is_none() => {
                root_prefix(e)?;
                return None;
            }
            _ => {}
        }
        match &event {
            Event::Start(e) => {
                depth += 1;
                if entry.is_none() && out.is_ours(e.name()) && local(e.name()) == "entry" {
                    entry = Some((depth, Vec::new()));
                }
            }
            Event::End(_) => depth = depth.checked_sub(1)?,
            _ => {}
        }
        let closes_entry =
            matches!((&event, &entry), (Event::End(_), Some((d, _))) if depth + 1 == *d);
        match entry.as_mut() {
            Some((_, events)) => events.push(event),
            None => out.write(event, true)?,
        }
        if closes_entry {
            let (_, events) = entry.take()?;
            let has_issued = events.iter().any(|e| match e {
                Event::Start(s) | Event::Empty(s) => {
                    out.is_ours(s.name()) && local(s.name()) == "issued"
                }
                _ => false,
            });
            for event in events {
                out.write(event, has_issued)?;
            }
        }
    }
    (out.prefix.is_some() && out.names.is_empty()).then(|| out.writer.into_inner())
}

/// The prefix bound to the 0.3 namespace on a `<feed>` root ("" for the default
/// namespace); `None` when the root is not a 0.3 feed.
fn root_prefix(root: &BytesStart<'_>) -> Option<String> {
    let prefix = root
        .attributes()
        .flatten()
        .find(|a| a.value.trim() == NS_03)
        .and_then(|a| match a.key.0 {
            "xmlns" => Some(String::new()),
            key => key.strip_prefix("xmlns:").map(str::to_string),
        })?;
    (qualified(&prefix, "feed") == root.name().0).then_some(prefix)
}

fn local(name: QName<'_>) -> &str {
    name.0.rsplit_once(':').map_or(name.0, |(_, l)| l)
}

fn qualified(prefix: &str, local: &str) -> String {
    if prefix.is_empty() {
        local.to_string()
    } else {
        format!("{prefix}:{local}")
    }
}

struct Rewriter {
    writer: quick_xml::Writer<Vec<u8>>,
    /// The prefix of the 0.3 namespace, once the root has been read.
    prefix: Option<String>,
    /// The names written for the open elements, to close them alike.
    names: Vec<String>,
    /// Inside a date element: its text gets a time zone if it has none.
    in_date: bool,
}

impl Rewriter {
    fn is_ours(&self, name: QName<'_>) -> bool {
        let prefix = name.0.rsplit_once(':').map_or("", |(p, _)| p);
        self.prefix.as_deref() == Some(prefix)
    }

    fn write(&mut self, event: Event<'static>, has_issued: bool) -> Option<()> {
        let event = match event {
            Event::Start(e) => {
                let e = self.element(&e, has_issued);
                self.names.push(e.name().0.to_string());
                Event::Start(e)
            }
            Event::Empty(e) => {
                let e = self.element(&e, has_issued);
                self.in_date = false;
                Event::Empty(e)
            }
            Event::End(_) => {
                self.in_date = false;
                Event::End(BytesEnd::new(self.names.pop()?))
            }
            Event::Text(t) if self.in_date => {
                Event::Text(BytesText::from_escaped(with_zone(&t.into_inner())))
            }
            other => other,
        };
        self.writer.write_event(event).ok()
    }

    /// The element renamed and retyped as Atom 1.0 (see the module doc).
    fn element(&mut self, e: &BytesStart<'_>, has_issued: bool) -> BytesStart<'static> {
        let ours = self.is_ours(e.name());
        let name = local(e.name());
        let renamed = match name {
            _ if !ours => None,
            "issued" => Some("published"),
            "created" if !has_issued => Some("published"),
            "modified" => Some("updated"),
            "tagline" => Some("subtitle"),
            "copyright" => Some("rights"),
            _ => None,
        };
        self.in_date = ours && matches!(name, "issued" | "created" | "modified");
        let attr = |key: &str| {
            e.attributes()
                .flatten()
                .find(|a| a.key.0 == key)
                .map(|a| a.value.trim().to_ascii_lowercase())
        };
        let text_type = (ours && TEXT_CONSTRUCTS.contains(&name)).then(|| {
            let mime = attr("type").unwrap_or_else(|| "text/plain".into());
            match (attr("mode").as_deref(), mime.as_str()) {
                (Some("base64"), _) => None,
                (_, "text/plain" | "text") => Some("text"),
                (Some("escaped"), _) | (_, "text/html" | "html") => Some("html"),
                _ => Some("xhtml"),
            }
        });
        let new_name = match (renamed, text_type) {
            (Some(to), _) => qualified(self.prefix.as_deref().unwrap_or(""), to),
            // Base64: a name feed-rs does not know, so the element is skipped.
            (None, Some(None)) => format!("griot-base64-{name}"),
            _ => e.name().0.to_string(),
        };
        let mut out = BytesStart::new(new_name);
        for a in e.attributes().flatten() {
            let value: Cow<'_, str> = if a.key.0 == "xmlns" || a.key.0.starts_with("xmlns:") {
                if a.value.trim() == NS_03 {
                    Cow::Borrowed(NS_10)
                } else {
                    a.value.clone()
                }
            } else if text_type.is_some() && matches!(a.key.0, "type" | "mode") {
                continue;
            } else {
                a.value.clone()
            };
            out.push_attribute(Attribute { key: a.key, value });
        }
        if let Some(Some(t)) = text_type {
            out.push_attribute(("type", t));
        }
        out.into_owned()
    }
}

/// A W3C date-time without a time zone (allowed in 0.3's `issued`) read as UTC.
fn with_zone(text: &str) -> String {
    let t = text.trim();
    let time = t.split_once('T').map(|(_, time)| time);
    match time {
        Some(time) if !time.contains(['Z', 'z', '+', '-']) => format!("{t}Z"),
        _ => t.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_types_and_the_namespace_become_atom_1_0() {
        let doc = br#"<?xml version="1.0" encoding="utf-8"?>
<feed version="0.3" xmlns="http://purl.org/atom/ns#" xml:lang="fr">
<title type="text/plain" mode="escaped">Le carnet</title>
<tagline>Notes</tagline>
<modified>2004-05-01T10:00:00Z</modified>
<entry><title>Un</title><created>2004-04-30T09:00:00Z</created><issued>2004-04-30T10:00:00</issued>
<content type="text/html" mode="escaped">&lt;p&gt;Bonjour&lt;/p&gt;</content></entry>
<entry><title>Deux</title><created>2004-04-29T09:00:00Z</created>
<content type="application/octet-stream" mode="base64">AAAA</content></entry>
</feed>"#;
        let out = String::from_utf8(to_atom10(doc).expect("is 0.3")).expect("utf-8");
        for expected in [
            r#"xmlns="http://www.w3.org/2005/Atom""#,
            r#"<title type="text">Le carnet</title>"#,
            r#"<subtitle type="text">Notes</subtitle>"#,
            "<updated>2004-05-01T10:00:00Z</updated>",
            "<created>2004-04-30T09:00:00Z</created><published>2004-04-30T10:00:00Z</published>",
            r#"<content type="html">&lt;p&gt;Bonjour&lt;/p&gt;</content>"#,
            "<published>2004-04-29T09:00:00Z</published>",
            "<griot-base64-content>AAAA</griot-base64-content>",
        ] {
            assert!(out.contains(expected), "{expected} in {out}");
        }
    }

    #[test]
    fn other_documents_are_left_alone() {
        assert_eq!(
            to_atom10(br#"<feed xmlns="http://www.w3.org/2005/Atom"/>"#),
            None
        );
        assert_eq!(
            to_atom10(br#"<rss xmlns:a="http://purl.org/atom/ns#"><channel/></rss>"#),
            None
        );
        assert_eq!(
            to_atom10(br#"<feed xmlns="http://purl.org/atom/ns#"><title>x</feed>"#),
            None
        );
    }
}
