//! Every vendored feed fixture (tests/fixtures/corpus/<origin>/, each origin with its
//! licence) either parses or fails with a clean one-line error: none panics, none hits
//! the parser's panic guard. Setting `GRIOT_CORPUS_DIR` runs the same check over another
//! directory (for one-off runs over a larger corpus).

use std::path::{Path, PathBuf};

use griot::fetch::parse::parse_bytes;
use griot::fetch::ParseLimits;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !name.starts_with("LICENSE")
                && !name.starts_with("COPYING")
                && !name.ends_with(".md")
            {
                out.push(path);
            }
        }
    }
}

#[test]
fn every_fixture_parses_or_fails_cleanly() {
    let root = std::env::var_os("GRIOT_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus"));
    let mut all = Vec::new();
    files(&root, &mut all);
    all.sort();
    assert!(
        all.len() >= 100,
        "only {} fixtures under {}",
        all.len(),
        root.display()
    );
    let limits = ParseLimits::default();
    let (mut parsed, mut failed, mut items) = (0usize, 0usize, 0usize);
    let mut guarded = Vec::new();
    for path in &all {
        let bytes = std::fs::read(path).expect("readable fixture");
        let result = std::panic::catch_unwind(|| {
            parse_bytes(&bytes, None, Some("https://example.org/feed"), &limits)
        });
        match result {
            Err(_) => guarded.push(format!("{}: panicked", path.display())),
            Ok(Ok(feed)) => {
                parsed += 1;
                items += feed.items.len();
                for item in &feed.items {
                    assert!(!item.uid.is_empty(), "{}: empty identity", path.display());
                    assert!(!item.title.contains('\0'));
                }
            }
            Ok(Err(e)) => {
                failed += 1;
                let message = e.to_string();
                if std::env::var_os("GRIOT_CORPUS_VERBOSE").is_some() {
                    eprintln!("{}: {message}", path.display());
                }
                assert!(
                    !message.contains('\n'),
                    "{}: multi-line error {message:?}",
                    path.display()
                );
                if message.contains("the feed parser failed") {
                    guarded.push(format!("{}: {message}", path.display()));
                }
            }
        }
    }
    eprintln!(
        "{} fixtures: {parsed} parsed ({items} items), {failed} clean errors",
        all.len()
    );
    assert!(guarded.is_empty(), "parser panics:\n{}", guarded.join("\n"));
    // Most fixtures are real feeds: a parser that rejects everything must fail this test.
    assert!(
        parsed * 2 > all.len(),
        "only {parsed} of {} parsed",
        all.len()
    );
}
