//! The Africa24 seed article, through the renderer: its two pull-quotes with
//! their two attribution lines each, its body intact, and no page chrome —
//! from the feed's content, from the page after full-text extraction, and from
//! the flattened text a reader copied.

use griot::extract::{extract, needs_full_text};
use griot::render::{layout, Block, Document, LayoutOptions};

const BASE: &str = "http://127.0.0.1:1";
const ARTICLE_PATH: &str =
    "/le-burkina-faso-et-la-russie-envisagent-de-renforcer-leur-cooperation-militaire/";

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seed")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
        .replace("{{BASE}}", BASE)
}

fn feed() -> feed_rs::model::Feed {
    feed_rs::parser::parse(fixture("africa24-feed.xml").as_bytes()).expect("seed feed parses")
}

fn first_item_html() -> String {
    feed().entries[0]
        .content
        .as_ref()
        .and_then(|c| c.body.clone())
        .expect("first item has content:encoded")
}

fn pullquotes(doc: &Document) -> Vec<(String, Vec<String>)> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::PullQuote { attribution, .. } => Some((b.text(), attribution.clone())),
            _ => None,
        })
        .collect()
}

fn assert_seed_pullquotes(doc: &Document) {
    let pq = pullquotes(doc);
    assert_eq!(pq.len(), 2, "exactly two pull-quotes: {pq:#?}");
    assert!(pq[0].0.starts_with("C’est un grand honneur pour nous"));
    assert_eq!(
        pq[0].1,
        vec!["Kassoum Coulibaly, Ministre de la défense", "Burkina Faso"]
    );
    assert!(pq[1]
        .0
        .starts_with("Merci pour votre arrivée rapide en Russie"));
    assert!(pq[1].0.ends_with("ils ont pris une dynamique positive"));
    assert_eq!(
        pq[1].1,
        vec![
            "Sergueï Choïgou, Ministre de la Défense",
            "Fédération de Russie"
        ]
    );
}

fn paragraphs(doc: &Document) -> Vec<String> {
    doc.blocks
        .iter()
        .filter(|b| matches!(b, Block::Paragraph { .. }))
        .map(Block::text)
        .collect()
}

fn assert_body_intact(doc: &Document) {
    let paras = paragraphs(doc);
    assert_eq!(paras.len(), 4, "{paras:#?}");
    assert!(paras[0].starts_with("Le ministre russe de la Défense, Sergueï Choïgou"));
    assert!(paras[0].contains("une «\u{a0}phase pratique\u{a0}» de la coopération"));
    assert!(paras[0].contains("le 7\u{a0}novembre à Moscou"));
    assert!(paras[2].contains("1,9\u{a0}million de personnes"));
    assert!(paras[3].starts_with("Outre la coopération dans le domaine militaire"));
    assert!(paras[3].ends_with("l’accès à l’électricité."));
}

fn assert_no_chrome(doc: &Document) {
    let text = doc.plain_text();
    for chrome in [
        "Quitter la version mobile",
        "Partager",
        "Les plus lus",
        "Facebook",
        "WhatsApp",
        "Accueil",
        "Tous droits réservés",
        "98% du secteur privé",
    ] {
        assert!(!text.contains(chrome), "{chrome:?} left in:\n{text}");
    }
    assert!(doc
        .links
        .iter()
        .all(|l| !l.contains("noamp") && !l.contains("share=")));
}

#[test]
fn feed_content_has_exactly_the_two_pullquotes_with_two_lines_each() {
    let doc = Document::from_html(&first_item_html(), Some(&format!("{BASE}{ARTICLE_PATH}")));
    assert_seed_pullquotes(&doc);
    assert_body_intact(&doc);
}

#[test]
fn extracted_page_has_the_pullquotes_and_no_chrome() {
    let url = format!("{BASE}{ARTICLE_PATH}");
    let page = fixture("africa24-article.html");
    let extracted = extract(&page, &url).expect("the seed page has an article");
    assert_eq!(
        extracted.title.as_deref(),
        Some("Le Burkina Faso et la Russie envisagent de renforcer leur coopération militaire")
    );
    assert_eq!(extracted.byline.as_deref(), Some("Africa24 TV"));
    let doc = Document::from_html(&extracted.html, Some(&url));
    assert_seed_pullquotes(&doc);
    assert_body_intact(&doc);
    assert_no_chrome(&doc);
}

#[test]
fn page_rendered_without_extraction_still_drops_chrome() {
    let url = format!("{BASE}{ARTICLE_PATH}");
    let doc = Document::from_html(&fixture("africa24-article.html"), Some(&url));
    assert_seed_pullquotes(&doc);
    assert_no_chrome(&doc);
}

#[test]
fn flattened_text_yields_the_pullquotes() {
    let html: String = fixture("africa24-burkina-russie.txt")
        .split("\n\n")
        .map(|p| format!("<p>{}</p>\n", p.trim()))
        .collect();
    let doc = Document::from_html(&html, None);
    assert_seed_pullquotes(&doc);
    assert!(!doc.plain_text().contains("Quitter la version mobile"));
    assert!(!doc.plain_text().contains("défenseBurkina"));
}

#[test]
fn json_tells_quotes_pullquotes_and_embeds_apart() {
    let html = r#"
        <blockquote class="wp-block-quote"><p>Une citation ordinaire.</p><cite>Quelqu’un</cite></blockquote>
        <blockquote class="twitter-tweet"><p lang="fr">Un tweet.</p>&mdash; Ministère (@min) <a href="https://twitter.com/min/status/1">7 novembre 2023</a></blockquote>
        <script async src="https://platform.twitter.com/widgets.js"></script>
        <figure class="wp-block-pullquote"><blockquote><p>Mis en avant.</p><cite>A, B<br>C</cite></blockquote></figure>"#;
    let json = serde_json::to_value(Document::from_html(html, None)).expect("serialisable");
    let blocks = json["blocks"].as_array().expect("blocks array");
    let types: Vec<&str> = blocks.iter().filter_map(|b| b["type"].as_str()).collect();
    assert_eq!(types[0], "quote");
    assert_eq!(blocks[0]["attribution"], serde_json::json!(["Quelqu’un"]));
    let tweet: Vec<_> = blocks
        .iter()
        .filter(|b| b["text"].as_str().is_some_and(|t| t.contains("Un tweet")))
        .collect();
    assert_eq!(tweet.len(), 1);
    assert_eq!(tweet[0]["type"], "paragraph");
    assert_eq!(types.iter().filter(|t| **t == "pullquote").count(), 1);
    assert_eq!(types.iter().filter(|t| **t == "quote").count(), 1);
    assert_eq!(types.last(), Some(&"pullquote"));
    assert_eq!(
        blocks.last().expect("a block")["attribution"],
        serde_json::json!(["A, B", "C"])
    );
    assert!(!json.to_string().contains("widgets.js"));
}

#[test]
fn seed_json_has_pullquotes_with_attribution_lists() {
    let doc = Document::from_html(&first_item_html(), None);
    let json = serde_json::to_value(&doc).expect("serialisable");
    let pq: Vec<_> = json["blocks"]
        .as_array()
        .expect("blocks")
        .iter()
        .filter(|b| b["type"] == "pullquote")
        .collect();
    assert_eq!(pq.len(), 2);
    assert_eq!(
        pq[0]["attribution"],
        serde_json::json!(["Kassoum Coulibaly, Ministre de la défense", "Burkina Faso"])
    );
}

#[test]
fn summary_only_item_needs_full_text_and_full_item_does_not() {
    let feed = feed();
    let full = &feed.entries[0];
    let short = &feed.entries[1];
    let summary = |e: &feed_rs::model::Entry| e.summary.as_ref().map(|s| s.content.clone());
    let content = |e: &feed_rs::model::Entry| e.content.as_ref().and_then(|c| c.body.clone());
    assert!(!needs_full_text(
        summary(full).as_deref(),
        content(full).as_deref()
    ));
    assert!(needs_full_text(
        summary(short).as_deref(),
        content(short).as_deref()
    ));
}

#[test]
fn seed_article_laid_out_at_80_columns() {
    let doc = Document::from_html(&first_item_html(), None);
    let opts = LayoutOptions {
        width: 80,
        measure: 80,
        link_list: true,
    };
    let header = griot::render::ArticleHeader {
        title: "Le Burkina Faso et la Russie envisagent de renforcer leur coopération militaire",
        feed: "Africa24 TV",
        author: Some("Africa24 TV"),
        published: Some("8 novembre 2023"),
        url: Some("https://africa24tv.com/le-burkina-faso-et-la-russie-envisagent-de-renforcer-leur-cooperation-militaire/"),
    };
    let mut out = griot::render::lines_plain(&header.lines(&opts));
    out.push('\n');
    let laid = layout(&doc, &opts);
    assert!(laid.lines.iter().all(|l| l.width() <= 80));
    out.push_str(&laid.plain());
    insta::assert_snapshot!(out);
}
