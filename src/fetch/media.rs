//! An item's attached files and lead picture, read from what feed-rs found in each format:
//! RSS `<enclosure>`, Media RSS (`<media:content>`, `<media:thumbnail>`, also inside
//! `<media:group>`), iTunes' `<itunes:image>`, Atom's `<link rel="enclosure">` and JSON Feed's
//! attachments (which feed-rs turns into links with a media type).
//!
//! Only `http` and `https` URLs are kept (a hostile feed's `file:` or `javascript:` URL is never
//! offered to a player or fetched), each URL once, at most [`MAX_ENCLOSURES`] per item.

use std::collections::HashSet;

use feed_rs::model::{Link, MediaObject};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::XmlVersion;

use crate::model::{usable_media_url as usable, Enclosure, MAX_ENCLOSURES};

/// What an item carries besides its text.
#[derive(Debug, Default)]
pub(super) struct ItemMedia {
    pub enclosures: Vec<Enclosure>,
    /// The picture the feed names as the item's (`media:thumbnail`, `itunes:image`), if any.
    named_picture: Option<String>,
}

/// Reads an item's files and lead picture. `max_url` and `max_title` are the parse limits.
pub(super) fn item_media(
    links: &[Link],
    media: &[MediaObject],
    max_url: usize,
    max_title: usize,
) -> ItemMedia {
    let mut out = ItemMedia::default();
    let mut seen = HashSet::new();
    for object in media {
        let title = object
            .title
            .as_ref()
            .map(|t| clean(&t.content, max_title))
            .filter(|t| !t.is_empty());
        for content in &object.content {
            let Some(url) = content
                .url
                .as_ref()
                .and_then(|u| usable(u.as_str(), max_url))
            else {
                continue;
            };
            let enclosure = Enclosure {
                url,
                mime: content.content_type.as_ref().map(|m| m.to_string()),
                length: content.size.filter(|&n| n > 0),
                title: title.clone(),
            };
            push(&mut out.enclosures, &mut seen, enclosure);
        }
        if out.named_picture.is_none() {
            out.named_picture = object
                .thumbnails
                .iter()
                .find_map(|t| usable(&t.image.uri, max_url));
        }
    }
    for link in links.iter().filter(|l| is_attachment(l)) {
        let Some(url) = usable(&link.href, max_url) else {
            continue;
        };
        let enclosure = Enclosure {
            url,
            mime: link
                .media_type
                .as_deref()
                .map(str::trim)
                .map(str::to_string),
            length: link.length.filter(|&n| n > 0),
            title: link.title.as_deref().map(|t| clean(t, max_title)),
        };
        push(&mut out.enclosures, &mut seen, enclosure);
    }
    out
}

fn push(list: &mut Vec<Enclosure>, seen: &mut HashSet<String>, enclosure: Enclosure) {
    if list.len() < MAX_ENCLOSURES && seen.insert(enclosure.url.clone()) {
        list.push(enclosure);
    }
}

/// Whether a link is an attached file rather than a page: `rel="enclosure"`, or (JSON Feed's
/// attachments) a link without `rel` whose type is not a page or a feed.
fn is_attachment(link: &Link) -> bool {
    match link.rel.as_deref().map(str::trim) {
        Some(rel) => rel.eq_ignore_ascii_case("enclosure"),
        None => link.media_type.as_deref().is_some_and(|t| {
            let t = t.trim().to_ascii_lowercase();
            !t.is_empty()
                && !t.starts_with("text/")
                && !["html", "xml", "json"].iter().any(|k| t.contains(k))
        }),
    }
}

fn clean(s: &str, max: usize) -> String {
    let s: String = s.chars().filter(|c| !c.is_control()).collect();
    crate::render::sanitize::truncate_at_char(s.trim(), max).to_string()
}

/// What feed-rs leaves out, read from the document itself: it keeps one set of files per item
/// (an `<enclosure>` is dropped when Media RSS content is present) and drops an item's
/// `<itunes:image>` when the item has no other iTunes data. Only RSS documents that use these
/// namespaces are read twice.
#[derive(Debug, Default, Clone)]
pub(super) struct RawItemMedia {
    files: Vec<(String, Option<String>, Option<u64>)>,
    itunes_image: Option<String>,
}

const ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";

/// The files and iTunes picture of each `<item>`, in document order; `None` when the document
/// needs no second look (or cannot be read: feed-rs's result stands alone then).
pub(super) fn raw_rss_media(doc: &[u8]) -> Option<Vec<RawItemMedia>> {
    let finder = |needle: &[u8]| memchr::memmem::find(doc, needle).is_some();
    let lossy =
        finder(b"itunes:image") || (finder(b"<enclosure") && finder(b"search.yahoo.com/mrss"));
    if !lossy || !finder(b"<item") {
        return None;
    }
    let mut reader = quick_xml::NsReader::from_reader(doc);
    let mut items = Vec::new();
    let mut current: Option<RawItemMedia> = None;
    loop {
        let (ns, event) = reader.read_resolved_event().ok()?;
        let itunes = matches!(ns, ResolveResult::Bound(n) if n.as_ref() == ITUNES);
        let unbound = matches!(ns, ResolveResult::Unbound);
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                match (name.as_ref(), current.as_mut()) {
                    ("item", None) if unbound => current = Some(RawItemMedia::default()),
                    ("enclosure", Some(item)) if unbound => {
                        let url = attribute(&e, "url");
                        let mime = attribute(&e, "type");
                        let length = attribute(&e, "length").and_then(|l| l.trim().parse().ok());
                        if let Some(url) = url {
                            item.files.push((url, mime, length));
                        }
                    }
                    ("image", Some(item)) if itunes && item.itunes_image.is_none() => {
                        item.itunes_image = attribute(&e, "href");
                    }
                    _ => {}
                }
            }
            Event::End(e) if e.local_name().as_ref() == "item" && unbound => {
                items.extend(current.take());
            }
            Event::Eof => return Some(items),
            _ => {}
        }
    }
}

fn attribute(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)?;
    let value = a.normalized_value(XmlVersion::Implicit1_0).ok()?;
    Some(value.into_owned())
}

impl ItemMedia {
    /// Adds what the document shows and feed-rs left out; `base` resolves relative URLs.
    pub(super) fn supplement(
        &mut self,
        raw: &RawItemMedia,
        base: Option<&url::Url>,
        max_url: usize,
    ) {
        let absolute = |u: &str| match base {
            Some(b) => b.join(u.trim()).ok().map(String::from),
            None => Some(u.trim().to_string()),
        };
        let mut seen: HashSet<String> = self.enclosures.iter().map(|e| e.url.clone()).collect();
        for (url, mime, length) in &raw.files {
            let Some(url) = absolute(url).and_then(|u| usable(&u, max_url)) else {
                continue;
            };
            let enclosure = Enclosure {
                url,
                mime: mime.clone().filter(|m| !m.trim().is_empty()),
                length: length.filter(|&n| n > 0),
                title: None,
            };
            push(&mut self.enclosures, &mut seen, enclosure);
        }
        if self.named_picture.is_none() {
            let itunes = raw.itunes_image.as_deref().and_then(absolute);
            self.named_picture = itunes.and_then(|u| usable(&u, max_url));
        }
    }

    /// The lead picture: the one the feed names, else the first picture among the files.
    pub(super) fn image(&self) -> Option<String> {
        self.named_picture.clone().or_else(|| {
            self.enclosures
                .iter()
                .find(|e| e.is_image())
                .map(|e| e.url.clone())
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::fetch::parse::{parse_bytes, ParseLimits};
    use crate::model::ParsedItem;

    fn first_item(doc: &str) -> ParsedItem {
        let feed = parse_bytes(
            doc.as_bytes(),
            None,
            Some("https://example.org/feed.xml"),
            &ParseLimits::default(),
        )
        .unwrap();
        feed.items.into_iter().next().unwrap()
    }

    #[test]
    fn a_podcast_episode_and_its_itunes_picture() {
        let item = first_item(
            r#"<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>P</title>
            <item><title>Épisode 12</title><guid>e12</guid>
              <enclosure url="https://cdn.example.org/e12.mp3" length="31457280" type="audio/mpeg"/>
              <itunes:image href="https://cdn.example.org/e12.jpg"/>
            </item></channel></rss>"#,
        );
        assert_eq!(item.enclosures.len(), 1);
        let e = &item.enclosures[0];
        assert_eq!(e.url, "https://cdn.example.org/e12.mp3");
        assert_eq!(e.mime.as_deref(), Some("audio/mpeg"));
        assert_eq!(e.length, Some(31_457_280));
        assert_eq!(
            item.image.as_deref(),
            Some("https://cdn.example.org/e12.jpg")
        );
    }

    #[test]
    fn media_rss_thumbnail_wins_over_an_image_enclosure() {
        let item = first_item(
            r#"<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>P</title>
            <item><title>Sommet</title><guid>s</guid>
              <enclosure url="https://example.org/big.jpg" type="image/jpeg" length="0"/>
              <media:content url="https://example.org/clip.mp4" type="video/mp4"/>
              <media:thumbnail url="https://example.org/thumb.jpg"/>
            </item></channel></rss>"#,
        );
        assert_eq!(item.image.as_deref(), Some("https://example.org/thumb.jpg"));
        let urls: Vec<_> = item.enclosures.iter().map(|e| e.url.as_str()).collect();
        assert!(urls.contains(&"https://example.org/clip.mp4"), "{urls:?}");
        assert!(urls.contains(&"https://example.org/big.jpg"), "{urls:?}");
        let big = item.enclosures.iter().find(|e| e.url.ends_with("big.jpg"));
        assert_eq!(
            big.unwrap().length,
            None,
            "a declared length of 0 says nothing"
        );
    }

    #[test]
    fn an_image_enclosure_is_the_lead_picture_when_nothing_else_is_named() {
        let item = first_item(
            r#"<rss version="2.0"><channel><title>P</title>
            <item><title>Moscou</title><guid>m</guid>
              <enclosure url="/wp-content/uploads/ministres.jpg" type="image/jpeg" length="48211"/>
            </item></channel></rss>"#,
        );
        assert_eq!(
            item.image.as_deref(),
            Some("https://example.org/wp-content/uploads/ministres.jpg"),
            "a relative URL resolves against the feed"
        );
    }

    #[test]
    fn atom_enclosure_links_and_json_feed_attachments() {
        let atom = first_item(
            r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>a</id>
            <entry><id>x</id><title>X</title>
              <link rel="alternate" href="https://example.org/x"/>
              <link rel="enclosure" href="https://example.org/x.pdf" type="application/pdf" length="1200"/>
            </entry></feed>"#,
        );
        assert_eq!(atom.link.as_deref(), Some("https://example.org/x"));
        assert_eq!(atom.enclosures.len(), 1);
        assert_eq!(atom.enclosures[0].mime.as_deref(), Some("application/pdf"));
        let json = first_item(
            r#"{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1",
              "url":"https://example.org/1","content_html":"<p>x</p>",
              "attachments":[{"url":"https://example.org/1.m4a","mime_type":"audio/x-m4a",
                "size_in_bytes":5000,"title":"Version audio"}]}]}"#,
        );
        assert_eq!(json.link.as_deref(), Some("https://example.org/1"));
        assert_eq!(json.enclosures.len(), 1);
        assert_eq!(json.enclosures[0].title.as_deref(), Some("Version audio"));
        assert_eq!(json.enclosures[0].length, Some(5000));
    }

    #[test]
    fn hostile_urls_are_dropped_and_the_count_is_capped() {
        let mut doc = String::from(
            r#"<rss version="2.0"><channel><title>P</title><item><title>T</title><guid>t</guid>
            <enclosure url="javascript:alert(1)" type="audio/mpeg"/>
            <enclosure url="file:///etc/passwd" type="audio/mpeg"/>"#,
        );
        for i in 0..100 {
            doc.push_str(&format!(
                r#"<enclosure url="https://example.org/{i}.mp3" type="audio/mpeg"/>"#
            ));
        }
        doc.push_str("</item></channel></rss>");
        let item = first_item(&doc);
        assert_eq!(item.enclosures.len(), crate::model::MAX_ENCLOSURES);
        assert!(item
            .enclosures
            .iter()
            .all(|e| e.url.starts_with("https://example.org/")));
        assert_eq!(item.image, None);
    }
}
