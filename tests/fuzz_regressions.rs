//! The fuzz targets' inputs (`fuzz/`), replayed with the targets' own checks.
//!
//! `tests/fixtures/fuzz/TARGET/` is each target's committed seed corpus. Today every file
//! there is a hand-made seed (`seed-*`: the hostile shapes of `tests/hostile.rs` — bad
//! bytes, billion laughs, deep nesting, escapes, truncation, charsets): no fuzzing run has
//! found a crash yet (see `fuzz/README.md`). A crash a run finds goes there too, named
//! `crash-TARGET-WHAT`, with its story (what broke, which commit fixed it) in
//! `fuzz/README.md`, so the fixed bug stays fixed.
//!
//! `tests/fixtures/fuzz/feed_ingest/*` go through the feed parser and into a store;
//! `tests/fixtures/fuzz/html_to_text/*` through the document model, the layout at several
//! widths and the search indexer's text extraction.

use std::path::{Path, PathBuf};

use griot::store::{AddOutcome, NewFeed, Store};

#[path = "../fuzz/checks.rs"]
mod checks;

use checks::{ingest, render};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read input");
            (p, bytes)
        })
        .collect()
}

#[test]
fn every_feed_ingest_input_is_ingested() {
    let mut store = Store::open_in_memory().expect("store");
    let feed = match store
        .add_feed(&NewFeed {
            url: "http://example.org/feed".into(),
            ..NewFeed::default()
        })
        .expect("add")
    {
        AddOutcome::Added(id) | AddOutcome::Exists(id) => id,
    };
    let inputs = inputs("feed_ingest");
    assert!(!inputs.is_empty(), "the regression inputs are there");
    for (path, data) in inputs {
        eprintln!("{}", path.display());
        ingest(&mut store, feed, &data);
    }
    store.integrity_check().expect("sound");
}

#[test]
fn every_html_to_text_input_is_rendered() {
    let inputs = inputs("html_to_text");
    assert!(!inputs.is_empty(), "the regression inputs are there");
    for (path, data) in inputs {
        eprintln!("{}", path.display());
        let _ = render(&String::from_utf8_lossy(&data));
    }
}

/// The shape that made `show` take minutes before `render::nesting` (html5ever's tree
/// builder is quadratic in nesting depth; found by the hostile-feed tests, not by fuzzing):
/// it must now render, text included. A hang would time the suite out; nothing here
/// measures time.
#[test]
fn html_nested_100000_deep_renders_with_its_text() {
    for unit in [
        ("<div>", "</div>"),
        ("<b>", "</b>"),
        ("<div><span>", "</span></div>"),
    ] {
        let html = format!(
            "{}deep text{}",
            unit.0.repeat(100_000),
            unit.1.repeat(100_000)
        );
        let doc = render(&html);
        assert!(doc.plain_text().contains("deep text"), "{unit:?}");
    }
}
