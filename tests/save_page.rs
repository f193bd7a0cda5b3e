//! `griot save` keeps the date a page declares (`article:published_time`).

mod common;

use common::griot::Griot;
use common::server::{Reply, TestServer};

#[test]
fn a_saved_page_keeps_its_declared_publication_time() {
    let page = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fidelity/page-undeclared-1252.html"),
    )
    .expect("fixture");
    let server = TestServer::start(vec![(
        "/joal",
        Reply::ok(page).header("Content-Type", "text/html; charset=windows-1252"),
    )]);
    let g = Griot::new();
    g.ok(&["save", &server.url("/joal")]);
    let saved = g.json_lines(&["list", "--json"]);
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0]["published"], "2024-06-03T07:30:00Z");
    assert_eq!(
        saved[0]["title"],
        "Les pêcheurs de Joal face à la saison sèche"
    );
}
