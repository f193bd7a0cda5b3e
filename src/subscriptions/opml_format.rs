//! OPML: the interchange format of feed readers. Nested outlines become tags.

use std::borrow::Cow;
use std::path::Path;

use opml::{Outline, OPML};
use quick_xml::events::{BytesStart, Event};

use super::{check_url, ImportError};
use crate::model::Feed;
use crate::store::NewFeed;

/// Reads OPML 1.0/2.0; each enclosing outline's title becomes a tag of the feeds inside it.
/// A document without outlines (an export of an empty subscription list) has no feeds.
pub fn parse_opml(text: &str, path: &Path) -> Result<Vec<NewFeed>, ImportError> {
    // The opml crate insists on a version attribute of 1.0, 1.1 or 2.0; OPML 1.0 files in
    // the wild omit it (or write another): the document is read as 2.0 then, which reads
    // every earlier version.
    let text = with_supported_version(text);
    let doc = match OPML::from_str(&text) {
        Ok(doc) => doc,
        Err(opml::Error::BodyHasNoOutlines) => return Ok(Vec::new()),
        Err(e) => {
            return Err(ImportError::Opml {
                path: path.to_path_buf(),
                message: e.to_string().replace('\n', " "),
            })
        }
    };
    let mut out = Vec::new();
    for outline in &doc.body.outlines {
        walk(outline, &mut Vec::new(), &mut out, path)?;
    }
    Ok(out)
}

/// The document with its `<opml>` root's version set to 2.0 when it is missing or not
/// one the opml crate knows; untouched otherwise (and when there is no such root).
fn with_supported_version(text: &str) -> Cow<'_, str> {
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        let start = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let (root, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::Eof) | Err(_) => return Cow::Borrowed(text),
            Ok(_) => continue,
        };
        let end = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let version = root
            .attributes()
            .flatten()
            .find(|a| a.key.0 == "version")
            .map(|a| a.value.trim().to_string());
        if root.name().0 != "opml"
            || matches!(version.as_deref(), Some("1.0" | "1.1" | "2.0"))
            || end > text.len()
            || start > end
        {
            return Cow::Borrowed(text);
        }
        let mut tag = BytesStart::new("opml");
        tag.extend_attributes(root.attributes().flatten().filter(|a| a.key.0 != "version"));
        tag.push_attribute(("version", "2.0"));
        let mut writer = quick_xml::Writer::new(Vec::new());
        let written = if empty {
            writer.write_event(Event::Empty(tag))
        } else {
            writer.write_event(Event::Start(tag))
        };
        let Ok(tag) = written.map(|()| writer.into_inner()) else {
            return Cow::Borrowed(text);
        };
        let mut fixed = String::with_capacity(text.len() + 16);
        fixed.push_str(&text[..start]);
        fixed.push_str(&String::from_utf8_lossy(&tag));
        fixed.push_str(&text[end..]);
        return Cow::Owned(fixed);
    }
}

fn walk(
    o: &Outline,
    tags: &mut Vec<String>,
    out: &mut Vec<NewFeed>,
    path: &Path,
) -> Result<(), ImportError> {
    let label = o
        .title
        .as_deref()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(&o.text)
        .trim()
        .to_string();
    if let Some(url) = o
        .xml_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        check_url(url).map_err(|message| ImportError::Opml {
            path: path.to_path_buf(),
            message: format!("outline \"{label}\": {message}"),
        })?;
        let mut feed_tags = tags.clone();
        if let Some(cats) = &o.category {
            for c in cats.split(',').map(|c| c.trim().trim_start_matches('/')) {
                if !c.is_empty() && !feed_tags.iter().any(|t| t == c) {
                    feed_tags.push(c.to_string());
                }
            }
        }
        out.push(NewFeed {
            url: url.to_string(),
            // A reader that knew no title wrote the address as the text: that is no title.
            title: (!label.is_empty() && label != url).then(|| label.clone()),
            tags: feed_tags,
            hidden: false,
        });
    }
    if !o.outlines.is_empty() {
        let pushed = o.xml_url.is_none() && !label.is_empty();
        if pushed {
            tags.push(label);
        }
        for child in &o.outlines {
            walk(child, tags, out, path)?;
        }
        if pushed {
            tags.pop();
        }
    }
    Ok(())
}

/// Writes OPML 2.0: feeds grouped in folders by their first tag; further tags go in
/// `category` so a re-import restores them all.
pub fn export_opml(feeds: &[Feed]) -> String {
    let mut doc = OPML {
        version: "2.0".into(),
        ..Default::default()
    };
    doc.head = Some(opml::Head {
        title: Some("griot subscriptions".into()),
        ..Default::default()
    });
    let mut folders: Vec<Outline> = Vec::new();
    for f in feeds {
        // Before its first refresh a feed has no title of its own: OPML needs a text, so it
        // is the address, but no title is claimed.
        let title = f
            .user_title
            .clone()
            .or_else(|| (f.title != f.url).then(|| f.title.clone()));
        let outline = Outline {
            text: title.clone().unwrap_or_else(|| f.url.clone()),
            title,
            r#type: Some("rss".into()),
            xml_url: Some(f.url.clone()),
            html_url: f.site_url.clone(),
            category: (f.tags.len() > 1).then(|| f.tags[1..].join(",")),
            ..Default::default()
        };
        match f.tags.first() {
            None => doc.body.outlines.push(outline),
            Some(tag) => match folders.iter_mut().find(|o| &o.text == tag) {
                Some(folder) => folder.outlines.push(outline),
                None => folders.push(Outline {
                    text: tag.clone(),
                    title: Some(tag.clone()),
                    outlines: vec![outline],
                    ..Default::default()
                }),
            },
        }
    }
    doc.body.outlines.extend(folders);
    let xml = doc
        .to_string()
        .unwrap_or_else(|_| String::from("<opml version=\"2.0\"><body/></opml>"));
    let mut xml = indented(&xml).unwrap_or(xml);
    if !xml.starts_with("<?xml") {
        xml.insert_str(0, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    xml.push('\n');
    xml
}

/// The same XML, one element a line, indented by two spaces per level (for people who read or
/// diff their subscriptions).
fn indented(xml: &str) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().trim_text(true);
    let mut writer = quick_xml::Writer::new_with_indent(Vec::new(), b' ', 2);
    loop {
        match reader.read_event().ok()? {
            Event::Eof => break,
            event => writer.write_event(event).ok()?,
        }
    }
    String::from_utf8(writer.into_inner()).ok()
}
