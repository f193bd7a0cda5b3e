//! From a feed document's bytes to the domain's [`ParsedFeed`]: charset, feed-rs, limits.
//!
//! **Charset.** A byte-order mark wins, then the byte pattern of UTF-16 or UTF-32 without
//! one (XML 1.0 Appendix F, see [`super::charset`]), then the XML prolog, else the HTTP
//! `charset`, else UTF-8 with replacement characters for invalid bytes. griot resolves this itself and hands feed-rs UTF-8:
//! feed-rs reads the prolog too, but switching encodings inside its reader panics when the
//! declaration ends past its 64-byte look-ahead or when a second `<?xml … encoding=…?>`
//! appears later in the document — input a hostile feed controls. Valid UTF-8 (the
//! common case) is passed through untouched, without a copy.
//!
//! **Identity.** Each item gets [`ParsedItem::identity`]: its GUID (Atom `id`, RSS `guid`,
//! JSON Feed `id`), else its link, else a hash of title and date. feed-rs invents IDs for
//! items without one; griot asks it not to, so invented IDs never become identities.
//!
//! **Titles and authors.** An item without a title is listed by the first words of its
//! text, ending in [`DERIVED_TITLE_MARK`]; an RSS author written `address (Name)` shows
//! as the name.
//!
//! **Panics.** feed-rs panics on some inputs; the parse runs inside [`super::guard`], so a
//! panic becomes [`ParseError::ParserFailed`] and a log line, and nothing is printed.
//!
//! **Duplicates and limits.** When several items share an identity, the *first* one in the
//! document is kept (feeds list newest first). At most [`ParseLimits::max_items`] items are
//! kept, and titles, authors, links and bodies are cut to their limits, so a hostile feed
//! cannot blow memory. NUL characters are removed; other sanitizing happens at render time.
//!
//! Parsing is CPU work: async callers run it in `tokio::task::spawn_blocking`.

use std::borrow::Cow;
use std::collections::HashSet;

use chrono::{DateTime, Utc};
use feed_rs::parser::{ParseErrorKind, ParseFeedError};

use super::atom03;
use super::charset::{self, Unicode};
use super::client::FeedBody;
use super::guard;
use crate::model::{ParsedFeed, ParsedItem};

/// Caps applied to one parsed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseLimits {
    /// Items kept per document (the first ones).
    pub max_items: usize,
    /// Bytes kept of a title or author name.
    pub max_title: usize,
    /// Bytes kept of a summary or content body.
    pub max_content: usize,
    /// Longest link kept; longer links are dropped (a cut URL would be wrong).
    pub max_url: usize,
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits {
            max_items: 10_000,
            max_title: 2 * 1024,
            max_content: 2 * 1024 * 1024,
            max_url: 8 * 1024,
        }
    }
}

/// Why a document is not a feed griot can read. Displays as one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// The document is well-formed but not RSS, Atom or JSON Feed.
    #[error("not a feed: {0}")]
    NotAFeed(&'static str),
    /// Malformed XML or JSON at a known position (1-based line and column).
    #[error("parse error at line {line}, column {column}: {message}")]
    Syntax {
        line: u64,
        column: u64,
        message: String,
    },
    /// The feed parser gave up on the document (it panicked; the panic was caught and
    /// logged).
    #[error("parse error: the feed parser failed on this document")]
    ParserFailed,
    /// Malformed content without a known position.
    #[error("parse error: {0}")]
    Invalid(String),
}

impl crate::i18n::Explain for ParseError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            ParseError::NotAFeed(why) => Phrase::of("not a feed: {}").phrase(Phrase::of(why)),
            ParseError::Syntax {
                line,
                column,
                message,
            } => Phrase::of("parse error at line {}, column {}: {}")
                .word(line)
                .word(column)
                .word(message),
            ParseError::ParserFailed => {
                Phrase::of("parse error: the feed parser failed on this document")
            }
            ParseError::Invalid(message) => Phrase::of("parse error: {}").word(message),
        }
    }
}

/// Parses a fetched document, with its HTTP charset and final URL as context.
pub fn parse_feed(body: &FeedBody, limits: &ParseLimits) -> Result<ParsedFeed, ParseError> {
    parse_bytes(&body.body, body.charset(), body.base_url(), limits)
}

/// Parses raw feed bytes. `http_charset` is the `Content-Type` charset (used only when
/// the document declares none); `base_url` resolves relative links.
pub fn parse_bytes(
    raw: &[u8],
    http_charset: Option<&str>,
    base_url: Option<&str>,
    limits: &ParseLimits,
) -> Result<ParsedFeed, ParseError> {
    let doc = to_utf8(raw, http_charset);
    let doc = match guard::catch_quietly(|| atom03::to_atom10(&doc)) {
        Ok(Some(atom10)) => Cow::Owned(atom10),
        _ => doc,
    };
    let base = base_url.filter(|b| url::Url::parse(b).is_ok_and(|u| !u.cannot_be_a_base()));
    let parser = feed_rs::parser::Builder::new()
        .base_uri(base)
        .sanitize_content(false)
        // Leave missing IDs empty: identity falls back to link, then title+date.
        .id_generator(|_, _, _| String::new())
        .build();
    let run = |doc: &[u8]| guard::catch_quietly(|| parser.parse(doc));
    let mut parsed = run(&doc);
    // feed-rs knows RSS 0.91, 0.92 and 2.0 only: 0.93, 0.94, 2.01 or a missing version
    // are read as RSS 2.0, which they are close to.
    if let Ok(Err(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot))) = &parsed {
        if let Some(patched) = as_rss2(&doc) {
            if let Ok(Ok(feed)) = run(&patched) {
                parsed = Ok(Ok(feed));
            }
        }
    }
    let feed = match parsed {
        Ok(Ok(feed)) => feed,
        Ok(Err(e)) => return Err(describe_error(e, &doc)),
        Err(panic) => {
            tracing::warn!("the feed parser panicked (caught): {panic}");
            return Err(ParseError::ParserFailed);
        }
    };
    let mut min_interval = feed.ttl.map(|minutes| i64::from(minutes) * 60);
    if let Some(sy) = syndication_interval(&doc) {
        min_interval = Some(min_interval.map_or(sy, |m| m.max(sy)));
    }
    let raw_media = super::media::raw_rss_media(&doc);
    let base = base.and_then(|b| url::Url::parse(b).ok());
    Ok(convert(
        feed,
        min_interval.map(|s| s.clamp(0, MAX_MIN_INTERVAL)),
        limits,
        (raw_media.as_deref(), base.as_ref()),
    ))
}

/// The longest minimum interval a feed may ask for (a day): a hostile `<ttl>` cannot stop
/// refreshes.
const MAX_MIN_INTERVAL: i64 = 24 * 3600;

fn convert(
    feed: feed_rs::model::Feed,
    min_interval_secs: Option<i64>,
    limits: &ParseLimits,
    (raw_media, base): (Option<&[super::media::RawItemMedia]>, Option<&url::Url>),
) -> ParsedFeed {
    // The document's own reading of each item's files lines up with feed-rs's entries only
    // when both saw the same items.
    let raw_media = raw_media.filter(|raw| raw.len() == feed.entries.len());
    let title = feed
        .title
        .map(|t| clean_text(t.content, limits.max_title))
        .filter(|t| !t.is_empty());
    let site_url = pick_link(&feed.links, limits.max_url);
    let mut seen: HashSet<String> = HashSet::new();
    let mut items = Vec::with_capacity(feed.entries.len().min(limits.max_items));
    for (index, entry) in feed.entries.into_iter().enumerate() {
        if items.len() >= limits.max_items {
            break;
        }
        let guid = Some(clean_text(entry.id, limits.max_url)).filter(|g| !g.is_empty());
        let link = pick_link(&entry.links, limits.max_url);
        let title = entry
            .title
            .map(|t| clean_text(t.content, limits.max_title))
            .unwrap_or_default();
        let published: Option<DateTime<Utc>> = entry.published;
        let updated = entry.updated;
        let uid = ParsedItem::identity(
            guid.as_deref(),
            link.as_deref(),
            &title,
            published.or(updated),
        );
        if !seen.insert(uid.clone()) {
            continue;
        }
        let mut media =
            super::media::item_media(&entry.links, &entry.media, limits.max_url, limits.max_title);
        if let Some(raw) = raw_media.and_then(|raw| raw.get(index)) {
            media.supplement(raw, base, limits.max_url);
        }
        let author = entry
            .authors
            .into_iter()
            .find_map(|p| author_name(p, limits.max_title));
        let summary_html = entry
            .summary
            .map(|t| clean_body(t.content, limits.max_content))
            .filter(|s| !s.is_empty());
        let content_html = entry
            .content
            .and_then(|c| c.body)
            .map(|b| clean_body(b, limits.max_content))
            .filter(|s| !s.is_empty());
        // An item without a title is listed by the first words of its text, marked as
        // such (after the identity, which stays what it always was).
        let title = if title.is_empty() {
            summary_html
                .as_deref()
                .or(content_html.as_deref())
                .map(title_from_text)
                .unwrap_or_default()
        } else {
            title
        };
        items.push(ParsedItem {
            uid,
            guid,
            link,
            title,
            author,
            published,
            updated,
            summary_html,
            content_html,
            image: media.image(),
            enclosures: media.enclosures,
        });
    }
    ParsedFeed {
        title,
        site_url,
        min_interval_secs,
        items,
    }
}

/// The page a feed or item points to: its first plain or `alternate` link, else its
/// first link that is not `self`.
fn pick_link(links: &[feed_rs::model::Link], max_url: usize) -> Option<String> {
    let usable = |l: &&feed_rs::model::Link| !l.href.trim().is_empty() && l.href.len() <= max_url;
    links
        .iter()
        .filter(usable)
        .find(|l| {
            l.rel
                .as_deref()
                .is_none_or(|r| r.eq_ignore_ascii_case("alternate"))
        })
        .or_else(|| {
            links.iter().filter(usable).find(|l| {
                !l.rel
                    .as_deref()
                    .is_some_and(|r| r.eq_ignore_ascii_case("self"))
            })
        })
        .map(|l| l.href.trim().replace('\0', ""))
}

/// Words of an item's text that make its title when it has none.
const DERIVED_TITLE_WORDS: usize = 12;
/// Longest title made from an item's text, in bytes (before the mark).
const DERIVED_TITLE_BYTES: usize = 100;
/// Ends a title made from the item's text: the item has no title of its own.
pub const DERIVED_TITLE_MARK: char = '…';

/// The first words of an item's HTML as a title, ending in [`DERIVED_TITLE_MARK`];
/// empty when the item has no text either.
pub fn title_from_text(html: &str) -> String {
    // The first words are near the start: a bounded prefix is enough.
    let mut head = html.to_string();
    truncate(&mut head, 16 * 1024);
    let text = crate::store::html_to_text(&head);
    let mut title = String::new();
    for word in text.split_whitespace().take(DERIVED_TITLE_WORDS) {
        if title.len() + word.len() + 1 > DERIVED_TITLE_BYTES {
            if title.is_empty() {
                title.push_str(word);
                truncate(&mut title, DERIVED_TITLE_BYTES);
            }
            break;
        }
        if !title.is_empty() {
            title.push(' ');
        }
        title.push_str(word);
    }
    let title = title
        .replace('\0', "")
        .trim_end_matches(|c: char| c.is_ascii_punctuation() || c == DERIVED_TITLE_MARK)
        .to_string();
    if title.is_empty() {
        title
    } else {
        format!("{title}{DERIVED_TITLE_MARK}")
    }
}

/// The name to show for an author. RSS gives an e-mail address and a name in
/// parentheses (`awa@example.com (Awa Diop)`), which feed-rs splits leaving the
/// parentheses on the name; they go. Without a name, the address is shown.
fn author_name(person: feed_rs::model::Person, max: usize) -> Option<String> {
    let name = person.name.map(|n| clean_text(n, max)).unwrap_or_default();
    let unwrapped = ["()", "<>", "[]", "\"\""].iter().find_map(|pair| {
        let mut ends = pair.chars();
        let (open, close) = (ends.next()?, ends.next()?);
        name.strip_prefix(open)?.strip_suffix(close).map(str::trim)
    });
    let name = unwrapped.map(str::to_string).unwrap_or(name);
    if !name.is_empty() {
        return Some(name);
    }
    person
        .email
        .map(|e| clean_text(e, max))
        .filter(|e| !e.is_empty())
}

/// Trims, removes NULs, and cuts at `max` bytes (on a character boundary).
fn clean_text(s: String, max: usize) -> String {
    let mut s = if s.contains('\0') {
        s.replace('\0', "")
    } else {
        s
    };
    truncate(&mut s, max);
    let trimmed = s.trim();
    if trimmed.len() == s.len() {
        s
    } else {
        trimmed.to_string()
    }
}

/// Removes NULs and cuts at `max` bytes; bodies keep their whitespace.
fn clean_body(s: String, max: usize) -> String {
    let mut s = if s.contains('\0') {
        s.replace('\0', "")
    } else {
        s
    };
    truncate(&mut s, max);
    s
}

fn truncate(s: &mut String, max: usize) {
    s.truncate(crate::render::sanitize::truncate_at_char(s, max).len());
}

/// Decodes the document to UTF-8 following the charset rules (see the module doc).
/// Borrowed when the input is already valid UTF-8 that feed-rs can take as is.
fn to_utf8<'a>(raw: &'a [u8], http_charset: Option<&str>) -> Cow<'a, [u8]> {
    let mut doc: Cow<'a, [u8]> = match charset::sniff_unicode(raw) {
        Some((Unicode::Known(encoding), bom_len)) if encoding == encoding_rs::UTF_8 => {
            utf8_lossy(&raw[bom_len..])
        }
        Some((unicode, bom_len)) => {
            Cow::Owned(charset::decode_unicode(&raw[bom_len..], unicode).into_bytes())
        }
        None => {
            let declared = xml_declaration(raw)
                .and_then(|d| d.encoding)
                .and_then(encoding_rs::Encoding::for_label);
            let from_http =
                http_charset.and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()));
            // The bytes read as ASCII: a UTF-16 label is a mistake for UTF-8.
            let encoding = declared
                .or(from_http)
                .filter(|e| *e != encoding_rs::UTF_16LE && *e != encoding_rs::UTF_16BE)
                .unwrap_or(encoding_rs::UTF_8);
            if encoding == encoding_rs::UTF_8 {
                utf8_lossy(raw)
            } else {
                let (text, _) = encoding.decode_without_bom_handling(raw);
                Cow::Owned(text.into_owned().into_bytes())
            }
        }
    };
    // The declaration still names the old encoding: make it say UTF-8.
    if let Some(decl) = xml_declaration(&doc) {
        if decl.encoding.and_then(encoding_rs::Encoding::for_label) != Some(encoding_rs::UTF_8)
            && decl.encoding.is_some()
        {
            let mut fixed = Vec::with_capacity(doc.len());
            fixed.extend_from_slice(&doc[..decl.start]);
            fixed.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
            fixed.extend_from_slice(&doc[decl.end..]);
            doc = Cow::Owned(fixed);
        }
    }
    neutralize_late_declarations(doc)
}

/// Valid UTF-8 (the common case) is checked with SIMD and borrowed as is.
fn utf8_lossy(body: &[u8]) -> Cow<'_, [u8]> {
    if simdutf8::basic::from_utf8(body).is_ok() {
        Cow::Borrowed(body)
    } else {
        Cow::Owned(String::from_utf8_lossy(body).into_owned().into_bytes())
    }
}

/// The document with its `<rss>` root's version set to 2.0, if its root is `<rss>`.
fn as_rss2(doc: &[u8]) -> Option<Vec<u8>> {
    // The root element: the first '<' followed by a name (not '?', '!' or '/').
    let mut i = 0;
    let root = loop {
        let at = i + memchr::memchr(b'<', doc.get(i..)?)?;
        match doc.get(at + 1) {
            Some(b) if b.is_ascii_alphabetic() => break at,
            Some(b'!') if doc[at..].starts_with(b"<!--") => {
                i = at + 4 + memchr::memmem::find(&doc[at + 4..], b"-->")? + 3;
            }
            Some(_) => i = at + 1,
            None => return None,
        }
    };
    let tag_end = root + memchr::memchr(b'>', &doc[root..])?;
    let tag = &doc[root..tag_end];
    if !tag.starts_with(b"<rss")
        || !tag
            .get(4)
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
            && tag.len() > 4
    {
        return None;
    }
    let mut out = Vec::with_capacity(doc.len() + 16);
    match memchr::memmem::find(tag, b"version") {
        Some(v) => {
            let after = &tag[v + 7..];
            let q = after.iter().position(|&b| b == b'"' || b == b'\'')?;
            let quote = after[q];
            let close = after[q + 1..].iter().position(|&b| b == quote)?;
            let value_start = root + v + 7 + q + 1;
            out.extend_from_slice(&doc[..value_start]);
            out.extend_from_slice(b"2.0");
            out.extend_from_slice(&doc[value_start + close..]);
        }
        None => {
            out.extend_from_slice(&doc[..root + 4]);
            out.extend_from_slice(b" version=\"2.0\"");
            out.extend_from_slice(&doc[root + 4..]);
        }
    }
    Some(out)
}

/// Later `<?xml …?>` declarations would make feed-rs switch encodings mid-stream (and
/// panic); they are turned into harmless processing instructions of the same length.
fn neutralize_late_declarations(doc: Cow<'_, [u8]>) -> Cow<'_, [u8]> {
    let first = xml_declaration(&doc).map(|d| d.start);
    let late: Vec<usize> = memchr::memmem::find_iter(&doc, b"<?xml")
        .filter(|&at| Some(at) != first)
        .filter(|&at| matches!(doc.get(at + 5), Some(b' ' | b'\t' | b'\r' | b'\n' | b'?')))
        .collect();
    if late.is_empty() {
        return doc;
    }
    let mut owned = doc.into_owned();
    for at in late {
        owned[at + 4] = b'_';
    }
    Cow::Owned(owned)
}

struct XmlDecl<'a> {
    start: usize,
    end: usize,
    encoding: Option<&'a [u8]>,
}

/// The XML declaration at the start of the document (after whitespace), if any.
fn xml_declaration(doc: &[u8]) -> Option<XmlDecl<'_>> {
    let start = doc.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &doc[start..];
    if !rest.starts_with(b"<?xml")
        || !matches!(rest.get(5), Some(b' ' | b'\t' | b'\r' | b'\n' | b'?'))
    {
        return None;
    }
    let window = &rest[..rest.len().min(1024)];
    let close = memchr::memmem::find(window, b"?>")?;
    let decl = &window[..close];
    let encoding = memchr::memmem::find(decl, b"encoding").and_then(|at| {
        let after = &decl[at + 8..];
        let eq = after.iter().position(|b| !b.is_ascii_whitespace())?;
        if after[eq] != b'=' {
            return None;
        }
        let after = &after[eq + 1..];
        let q = after.iter().position(|b| !b.is_ascii_whitespace())?;
        let quote = after[q];
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value = &after[q + 1..];
        let end = value.iter().position(|&b| b == quote)?;
        Some(value[..end].trim_ascii())
    });
    Some(XmlDecl {
        start,
        end: start + close + 2,
        encoding,
    })
}

/// `sy:updatePeriod` / `sy:updateFrequency` (RSS syndication module) as seconds, read by
/// a cheap byte scan (feed-rs does not expose them).
fn syndication_interval(doc: &[u8]) -> Option<i64> {
    let period = element_text(doc, b"updatePeriod>")?;
    let period_secs: i64 = match period.to_ascii_lowercase().as_str() {
        "hourly" => 3600,
        "daily" => 86_400,
        "weekly" => 7 * 86_400,
        "monthly" => 30 * 86_400,
        "yearly" => 365 * 86_400,
        _ => return None,
    };
    let frequency = element_text(doc, b"updateFrequency>")
        .and_then(|f| f.parse::<i64>().ok())
        .filter(|&f| f > 0)
        .unwrap_or(1);
    Some(period_secs / frequency)
}

/// The trimmed text after the first opening tag ending in `name_gt` (any prefix).
fn element_text(doc: &[u8], name_gt: &[u8]) -> Option<String> {
    for at in memchr::memmem::find_iter(doc, name_gt) {
        // An opening tag: "<sy:updatePeriod>", not "</sy:updatePeriod>".
        let before = &doc[..at];
        let lt = before.iter().rposition(|&b| b == b'<')?;
        let tag = &before[lt + 1..];
        if tag.first() == Some(&b'/')
            || tag.len() > 64
            || tag.iter().any(|b| b.is_ascii_whitespace())
        {
            continue;
        }
        let text_start = at + name_gt.len();
        let len = doc[text_start..].iter().take(64).position(|&b| b == b'<')?;
        let text = std::str::from_utf8(&doc[text_start..text_start + len]).ok()?;
        return Some(text.trim().to_string());
    }
    None
}

/// Turns a feed-rs error into a one-line message with a position when one is known.
fn describe_error(e: ParseFeedError, doc: &[u8]) -> ParseError {
    match e {
        ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot) => {
            if super::discover::looks_like_html(doc) {
                ParseError::NotAFeed("the server sent an HTML page")
            } else if let Some(syntax) = xml_syntax_error(doc) {
                syntax
            } else {
                ParseError::NotAFeed("no RSS, Atom or JSON Feed root element")
            }
        }
        ParseFeedError::ParseError(kind) => {
            let position = match &kind {
                ParseErrorKind::UnknownMimeType { position, .. }
                | ParseErrorKind::MissingContent { position, .. }
                | ParseErrorKind::UnknownEnumVariant { position, .. }
                | ParseErrorKind::IllegalState { position, .. } => Some(*position),
                ParseErrorKind::NoFeedRoot => None,
            };
            let message = strip_position_suffix(&kind.to_string());
            match position.and_then(|p| usize::try_from(p).ok()) {
                Some(p) => {
                    let (line, column) = line_column(doc, p);
                    ParseError::Syntax {
                        line,
                        column,
                        message,
                    }
                }
                None => ParseError::Invalid(message),
            }
        }
        ParseFeedError::JsonSerde(je) => {
            let message = je.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m)
                .to_string();
            if je.line() > 0 {
                ParseError::Syntax {
                    line: je.line() as u64,
                    column: je.column() as u64,
                    message: format!("invalid JSON: {message}"),
                }
            } else {
                ParseError::Invalid(format!("invalid JSON: {message}"))
            }
        }
        ParseFeedError::JsonUnsupportedVersion(v) => {
            ParseError::Invalid(format!("unsupported JSON Feed version {}", short(&v)))
        }
        ParseFeedError::IoError(io) => ParseError::Invalid(io.to_string()),
        ParseFeedError::XmlReader(xe) => xml_syntax_error(doc).unwrap_or_else(|| {
            ParseError::Invalid(format!("invalid XML: {}", short(&xe.to_string())))
        }),
    }
}

fn strip_position_suffix(s: &str) -> String {
    s.rsplit_once(" at position ")
        .map_or(s, |(m, _)| m)
        .to_string()
}

fn short(s: &str) -> String {
    let mut s = s.to_string();
    truncate(&mut s, 200);
    s
}

/// Finds the first XML syntax error (the same reader feed-rs uses) and where it is.
fn xml_syntax_error(doc: &[u8]) -> Option<ParseError> {
    let mut reader = quick_xml::Reader::from_reader(doc);
    reader.config_mut().expand_empty_elements = true;
    reader.config_mut().trim_markup_names_in_closing_tags = true;
    let mut buf = Vec::new();
    let mut depth: u64 = 0;
    let mut saw_root = false;
    loop {
        buf.clear();
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Eof) => {
                if saw_root && depth > 0 {
                    let (line, column) = line_column(doc, doc.len());
                    return Some(ParseError::Syntax {
                        line,
                        column,
                        message: "unexpected end of document (truncated?)".into(),
                    });
                }
                return None;
            }
            Ok(quick_xml::events::Event::Start(_)) => {
                saw_root = true;
                depth += 1;
            }
            Ok(quick_xml::events::Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
            Err(e) => {
                let at = usize::try_from(reader.error_position()).unwrap_or(doc.len());
                let (line, column) = line_column(doc, at);
                return Some(ParseError::Syntax {
                    line,
                    column,
                    message: short(&e.to_string()),
                });
            }
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(doc: &[u8], offset: usize) -> (u64, u64) {
    let offset = offset.min(doc.len());
    let before = &doc[..offset];
    let line = memchr::memchr_iter(b'\n', before).count() as u64 + 1;
    let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u64
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(doc: &[u8]) -> Result<ParsedFeed, ParseError> {
        parse_bytes(
            doc,
            None,
            Some("https://example.org/blog/feed.xml"),
            &ParseLimits::default(),
        )
    }

    #[test]
    fn a_late_declaration_cannot_crash_the_parser() {
        let doc = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>T</title>\
<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><item><title>A</title><guid>a</guid></item></channel></rss>";
        let feed = parse(doc).expect("parses");
        assert_eq!(feed.items.len(), 1);
    }

    #[test]
    fn a_long_declaration_in_latin1_is_decoded() {
        let mut doc = b"<?xml version=\"1.0\"                                                                 encoding=\"ISO-8859-1\" standalone=\"yes\"?>\n<rss version=\"2.0\"><channel><title>Caf".to_vec();
        doc.push(0xE9);
        doc.extend_from_slice(b"</title></channel></rss>");
        assert_eq!(parse(&doc).expect("parses").title.as_deref(), Some("Café"));
    }

    #[test]
    fn ttl_and_syndication_module_give_a_minimum_interval() {
        let doc = br#"<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>T</title><ttl>30</ttl>
<sy:updatePeriod> hourly </sy:updatePeriod><sy:updateFrequency>2</sy:updateFrequency></channel></rss>"#;
        assert_eq!(parse(doc).expect("parses").min_interval_secs, Some(1800));
        let doc = br#"<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel><title>T</title>
<sy:updatePeriod>daily</sy:updatePeriod></channel></rss>"#;
        assert_eq!(parse(doc).expect("parses").min_interval_secs, Some(86_400));
    }

    #[test]
    fn missing_guids_fall_back_to_link_not_an_invented_id() {
        let doc = br#"<rss version="2.0"><channel><title>T</title><item><title>A</title><link>/a</link></item></channel></rss>"#;
        let feed = parse(doc).expect("parses");
        assert_eq!(feed.items[0].guid, None);
        assert_eq!(feed.items[0].uid, "https://example.org/a");
    }

    #[test]
    fn titles_are_trimmed_cut_and_lose_nuls() {
        let long = "é".repeat(5000);
        let doc = format!(
            "<rss version=\"2.0\"><channel><title>  T\0x  </title><item><title>{long}</title><guid>g</guid></item></channel></rss>"
        );
        let feed = parse(doc.as_bytes()).expect("parses");
        assert_eq!(feed.items[0].title.len(), 2048);
        assert_eq!(feed.title.as_deref(), Some("Tx"));
    }

    #[test]
    fn json_errors_have_a_position() {
        let e = parse(
            b"{\n  \"version\": \"https://jsonfeed.org/version/1.1\",\n  \"items\": [ oops ]\n}",
        )
        .unwrap_err();
        assert!(matches!(e, ParseError::Syntax { line: 3, .. }), "{e}");
    }
}
