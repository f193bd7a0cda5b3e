//! What each fuzz target does with one input, and the checks it makes. The targets in
//! `fuzz_targets/` and the main crate's `tests/fuzz_regressions.rs` both include this file, so
//! a saved input replays exactly what the target did with it.

// Each fuzz target uses one of these.
#![allow(dead_code)]

use chrono::Utc;
use griot::fetch::{parse::parse_bytes, ParseLimits};
use griot::model::FeedId;
use griot::render::{layout, lines_plain, sanitize, Document, LayoutOptions};
use griot::store::{FeedUpdate, Store};

/// `feed_ingest`: raw bytes through the parser and into a store. The first byte picks the HTTP
/// charset the document came with, if any. The parse limits must hold and storing must succeed.
pub fn ingest(store: &mut Store, feed: FeedId, data: &[u8]) {
    let (charset, doc) = match data.split_first() {
        Some((b, rest)) => (
            [
                None,
                Some("utf-8"),
                Some("iso-8859-1"),
                Some("windows-1252"),
                Some("utf-16"),
                Some("shift_jis"),
            ][usize::from(*b) % 6],
            rest,
        ),
        None => (None, data),
    };
    let limits = ParseLimits::default();
    let Ok(parsed) = parse_bytes(doc, charset, Some("http://example.org/feed"), &limits) else {
        return;
    };
    assert!(parsed.items.len() <= limits.max_items);
    for item in &parsed.items {
        assert!(item.title.len() <= limits.max_title);
        assert!(item.link.as_ref().is_none_or(|l| l.len() <= limits.max_url));
        assert!(item
            .content_html
            .as_ref()
            .is_none_or(|c| c.len() <= limits.max_content));
        assert!(!item.title.contains('\0'));
    }
    let update = FeedUpdate {
        parsed,
        etag: None,
        last_modified: None,
        new_url: None,
        next_fetch: Utc::now(),
    };
    store
        .record_fetch_success(feed, &update)
        .expect("a parsed feed is always storable");
}

/// `html_to_text`: HTML through the document model and the layout at a few widths, and the
/// search indexer's text extraction. No laid-out line may be wider than asked and no terminal
/// control may survive. Returns the document, for more checks.
pub fn render(html: &str) -> Document {
    let doc = Document::from_html(html, Some("http://example.org/a/b.html"));
    for (width, measure) in [(1u16, 0u16), (12, 0), (40, 0), (80, 72), (200, 100)] {
        let laid = layout(
            &doc,
            &LayoutOptions {
                width,
                measure,
                link_list: true,
            },
        );
        for line in &laid.lines {
            assert!(
                line.width() <= usize::from(width),
                "{} > {width}: {line:?}",
                line.width()
            );
        }
        let text = lines_plain(&laid.lines);
        assert!(sanitize::is_clean(&text), "a control survived: {text:?}");
    }
    let _ = griot::store::html_to_text(html);
    doc
}
