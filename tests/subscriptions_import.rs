//! Subscription files as other readers write them: OPML without a `version` attribute,
//! and griot's own export of an empty subscription list.

mod common;

use common::griot::Griot;

fn feed_urls(g: &Griot) -> Vec<String> {
    g.json_lines(&["feeds", "--json"])
        .iter()
        .map(|f| f["url"].as_str().expect("url").to_string())
        .collect()
}

#[test]
fn opml_without_a_version_attribute_imports_with_its_folders() {
    let g = Griot::new();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fidelity/no-version.opml");
    let out = g.ok(&["import", file.to_str().expect("utf-8 path")]);
    assert!(out.contains("imported 2 feeds"), "{out}");
    let feeds = g.json_lines(&["feeds", "--json"]);
    assert_eq!(feeds[0]["url"], "https://echos-dakar.example/feed.xml");
    assert_eq!(feeds[0]["title"], "Échos de Dakar");
    assert_eq!(feeds[0]["tags"][0], "Afrique de l'Ouest");
    assert_eq!(feeds[1]["url"], "https://breves-thies.example/rss");
}

#[test]
fn an_export_of_an_empty_list_imports_as_no_feeds() {
    let empty = Griot::new();
    let export = empty.ok(&["export"]);
    let g = Griot::new();
    let file = g.file("empty.opml", &export);
    let out = g.run(&["import", file.to_str().expect("utf-8 path")]);
    assert!(
        out.status.success(),
        "import of an empty export: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("imported 0 feeds"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(feed_urls(&g).is_empty());
}
