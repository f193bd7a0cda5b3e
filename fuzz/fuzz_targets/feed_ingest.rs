//! Feed ingest: raw bytes (any charset, any format) through the parser and into a store,
//! as `griot refresh` does with what a server sends. Nothing may panic, the parse limits
//! must hold, and storing the result must succeed.

#![no_main]

use std::cell::RefCell;

use chrono::Utc;
use griot::fetch::{parse::parse_bytes, ParseLimits};
use griot::model::FeedId;
use griot::store::{FeedUpdate, NewFeed, Store};
use libfuzzer_sys::fuzz_target;

thread_local! {
    static STORE: RefCell<(Store, FeedId)> = RefCell::new({
        let mut store = Store::open_in_memory().expect("in-memory store");
        let id = match store
            .add_feed(&NewFeed { url: "http://example.org/feed".into(), ..NewFeed::default() })
            .expect("add feed")
        {
            griot::store::AddOutcome::Added(id) | griot::store::AddOutcome::Exists(id) => id,
        };
        (store, id)
    });
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the HTTP charset the document came with, if any.
    let (charset, doc) = match data.split_first() {
        Some((b, rest)) => (
            [None, Some("utf-8"), Some("iso-8859-1"), Some("windows-1252"), Some("utf-16"), Some("shift_jis")]
                [usize::from(*b) % 6],
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
        assert!(item.content_html.as_ref().is_none_or(|c| c.len() <= limits.max_content));
        assert!(!item.title.contains('\0'));
    }
    STORE.with(|cell| {
        let (store, id) = &mut *cell.borrow_mut();
        let update = FeedUpdate {
            parsed,
            etag: None,
            last_modified: None,
            new_url: None,
            next_fetch: Utc::now(),
        };
        store.record_fetch_success(*id, &update).expect("a parsed feed is always storable");
    });
});
