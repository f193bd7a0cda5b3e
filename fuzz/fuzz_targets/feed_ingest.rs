//! Feed ingest: raw bytes (any charset, any format) through the parser and into a store,
//! as `griot refresh` does with what a server sends. Nothing may panic, the parse limits
//! must hold, and storing the result must succeed (`checks::ingest`).

#![no_main]

#[path = "../checks.rs"]
mod checks;

use std::cell::RefCell;

use griot::model::FeedId;
use griot::store::{NewFeed, Store};
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
    STORE.with(|cell| {
        let (store, id) = &mut *cell.borrow_mut();
        checks::ingest(store, *id, data);
    });
});
