//! Every pull-quote markup the renderer knows (WordPress, its themes,
//! Elementor, the Guardian, Medium, Ghost, Substack, generic classes) gives a
//! pull-quote with its attribution lines; ordinary quotes stay quotes; embeds
//! are neither; page-builder chrome (tweet buttons) is dropped. Class names are
//! read as whole tokens, and a flattened attribution keeps its line break.

use griot::render::{Block, Document};

fn only_block(html: &str) -> Block {
    let doc = Document::from_html(html, Some("https://example.org/"));
    assert_eq!(doc.blocks.len(), 1, "{html}\n→ {:#?}", doc.blocks);
    doc.blocks.into_iter().next().expect("one block")
}

fn assert_pullquote(html: &str, text: &str, attribution: &[&str]) {
    match only_block(html) {
        Block::PullQuote {
            inlines,
            attribution: a,
        } => {
            let t: String = inlines.iter().map(|i| i.text.as_str()).collect();
            assert_eq!(t, text, "{html}");
            assert_eq!(a, attribution, "{html}");
        }
        other => panic!("not a pull-quote: {html}\n→ {other:?}"),
    }
}

fn assert_quote(html: &str, text: &str, attribution: &[&str]) {
    match only_block(html) {
        Block::Quote {
            inlines,
            attribution: a,
        } => {
            let t: String = inlines.iter().map(|i| i.text.as_str()).collect();
            assert_eq!(t, text, "{html}");
            assert_eq!(a, attribution, "{html}");
        }
        other => panic!("not a quote: {html}\n→ {other:?}"),
    }
}

#[test]
fn wordpress_pullquote_blocks() {
    assert_pullquote(
        r#"<figure class="wp-block-pullquote is-style-solid-color"><blockquote class="has-text-color"><p>Texte.</p><cite class="wp-block-pullquote__citation">Nom, Titre<br/>Pays</cite></blockquote></figure>"#,
        "Texte.",
        &["Nom, Titre", "Pays"],
    );
    assert_pullquote(
        r#"<blockquote class="wp-block-pullquote"><p>Premier.</p><p>Second.</p><footer>— Nom</footer></blockquote>"#,
        "Premier.\nSecond.",
        &["Nom"],
    );
}

#[test]
fn theme_pullquotes() {
    assert_pullquote(
        r#"<blockquote class="td_pull_quote td_pull_center"><p>Dit.</p><cite>Elle</cite></blockquote>"#,
        "Dit.",
        &["Elle"],
    );
    assert_pullquote(
        r#"<div class="td_quote_box td_box_center"><p>Dit.</p><cite>Lui</cite></div>"#,
        "Dit.",
        &["Lui"],
    );
    assert_pullquote(
        r#"<blockquote class="pullquote-right"><p>Dit.</p><cite>JNews</cite></blockquote>"#,
        "Dit.",
        &["JNews"],
    );
    assert_pullquote(
        r#"<div class="su-pullquote su-pullquote-align-left">Court extrait.</div>"#,
        "Court extrait.",
        &[],
    );
}

#[test]
fn elementor_blockquote_and_testimonial() {
    assert_pullquote(
        r#"<blockquote class="elementor-blockquote"><p class="elementor-blockquote__content">Une phrase.</p><footer><cite class="elementor-blockquote__author">Auteur</cite><a href="https://twitter.com/intent/tweet?text=x" class="elementor-blockquote__tweet-button"><i class="fab fa-twitter"></i><div class="elementor-screen-only">Tweet</div></a></footer></blockquote>"#,
        "Une phrase.",
        &["Auteur"],
    );
    assert_pullquote(
        r#"<div class="elementor-testimonial-wrapper"><div class="elementor-testimonial-content">Excellent.</div><div class="elementor-testimonial-meta"><div class="elementor-testimonial-meta-inner"><div class="elementor-testimonial-image"><img src="a.jpg" alt="Jane"></div><div class="elementor-testimonial-details"><div class="elementor-testimonial-name">Jane Doe</div><div class="elementor-testimonial-job">Directrice</div></div></div></div></div>"#,
        "Excellent.",
        &["Jane Doe", "Directrice"],
    );
}

#[test]
fn guardian_medium_ghost_substack() {
    assert_pullquote(
        r#"<aside class="element element-pullquote element--supporting"><blockquote><p>We will not back down.</p></blockquote><cite>Minister</cite></aside>"#,
        "We will not back down.",
        &["Minister"],
    );
    assert_pullquote(
        r#"<blockquote class="graf graf--pullquote">Lifted words.</blockquote>"#,
        "Lifted words.",
        &[],
    );
    assert_pullquote(
        r#"<blockquote class="kg-blockquote-alt">Ghost words.</blockquote>"#,
        "Ghost words.",
        &[],
    );
    assert_pullquote(
        r#"<div class="pullquote"><p>Substack words.</p></div>"#,
        "Substack words.",
        &[],
    );
}

#[test]
fn generic_pullquote_classes() {
    assert_pullquote(
        r#"<div class="article-pull-quote"><p class="text">Words.</p><p class="author">Someone</p></div>"#,
        "Words.",
        &["Someone"],
    );
    assert_pullquote(
        r#"<div class="cli-pullquote"><p class="cli-pullquote__quote">Words.</p><p class="cli-pullquote__attribution">Someone, Job</p></div>"#,
        "Words.",
        &["Someone, Job"],
    );
    assert_pullquote(
        r#"<div class="article__quote"><p>Words.</p><span class="pullquote-attribution">Someone</span></div>"#,
        "Words.",
        &["Someone"],
    );
}

#[test]
fn ordinary_quotes_stay_quotes() {
    assert_quote(
        r#"<blockquote class="wp-block-quote is-style-large"><p>Cité.</p><cite>Auteur</cite></blockquote>"#,
        "Cité.",
        &["Auteur"],
    );
    assert_quote(
        r#"<blockquote class="wp-block-quote"><p>Cité.</p><p class="wp-block-quote__citation">Auteur</p></blockquote>"#,
        "Cité.",
        &["Auteur"],
    );
    assert_quote(
        r#"<blockquote class="quote-light"><p>Jannah.</p></blockquote>"#,
        "Jannah.",
        &[],
    );
    assert_quote(
        r#"<blockquote class="graf graf--blockquote">Medium.</blockquote>"#,
        "Medium.",
        &[],
    );
    assert_quote(r#"<blockquote><p>Simple.</p></blockquote>"#, "Simple.", &[]);
}

#[test]
fn embeds_are_neither() {
    for html in [
        r#"<blockquote class="twitter-tweet"><p lang="fr" dir="ltr">Le tweet.</p>&mdash; Quelqu’un (@q) <a href="https://twitter.com/q/status/1">8 novembre 2023</a></blockquote><script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>"#,
        r#"<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/x/"><div><a href="https://www.instagram.com/p/x/">Voir cette publication sur Instagram</a></div></blockquote><script async src="//www.instagram.com/embed.js"></script>"#,
        r#"<blockquote class="tiktok-embed" cite="https://www.tiktok.com/@x/video/1"><section><a href="https://www.tiktok.com/@x">@x</a> Une vidéo</section></blockquote>"#,
    ] {
        let doc = Document::from_html(html, None);
        assert!(!doc.blocks.is_empty(), "{html}");
        for b in &doc.blocks {
            assert!(
                matches!(b, Block::Paragraph { .. }),
                "embed became {b:?}: {html}"
            );
        }
        assert!(!doc.plain_text().contains(".js"));
    }
}

fn fixture(name: &str) -> Document {
    let path = format!(
        "{}/tests/fixtures/pullquotes/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let html = std::fs::read_to_string(&path).expect("fixture readable");
    Document::from_html(&html, Some("https://example.org/"))
}

#[test]
fn a_class_that_only_relates_a_block_to_a_pullquote_does_not_make_one() {
    // Medium marks whatever follows a pull-quote `graf-after--pullquote`: here an ordinary
    // blockquote (which also says `graf--blockquote`) and a paragraph.
    let doc = fixture("medium-after-pullquote.html");
    let types: Vec<&str> = doc.blocks.iter().map(Block::type_name).collect();
    assert_eq!(
        types,
        [
            "heading",
            "paragraph",
            "pullquote",
            "quote",
            "paragraph",
            "pullquote",
            "paragraph"
        ]
    );
    assert!(doc.blocks[3].text().starts_with("At Mopti the boatmen"));
    assert!(doc.blocks[6]
        .text()
        .starts_with("Herders time their crossings"));
}

#[test]
fn a_line_break_in_a_flattened_attribution_gives_two_lines() {
    let doc = fixture("flattened-attribution-br.html");
    let types: Vec<&str> = doc.blocks.iter().map(Block::type_name).collect();
    assert_eq!(types, ["paragraph", "pullquote", "paragraph"]);
    match &doc.blocks[1] {
        Block::PullQuote { attribution, .. } => assert_eq!(
            attribution,
            &[
                "Aïcha Mahamadou, Ministre de l’Agriculture",
                "République du Niger"
            ]
        ),
        other => panic!("not a pull-quote: {other:?}"),
    }
}

#[test]
fn links_in_a_data_tables_cells_are_numbered_like_the_texts() {
    let html = r#"<p>See the <a href="/notes">notes</a>.</p>
        <table><tr><th>Release</th><th>Notes</th></tr>
        <tr><td>6.12</td><td><a href="/v6.12">changelog</a> and <a href="/notes">notes</a></td></tr>
        <tr><td>6.11</td><td><a href="https://example.org/v6.11">changelog</a></td></tr></table>"#;
    let doc = griot::render::Document::from_html(html, Some("https://kernel.example/"));
    assert_eq!(
        doc.links,
        vec![
            "https://kernel.example/notes",
            "https://kernel.example/v6.12",
            "https://example.org/v6.11"
        ]
    );
    let rows = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            griot::render::Block::Table { rows } => Some(rows.clone()),
            _ => None,
        })
        .expect("a table");
    assert_eq!(rows[1], vec!["6.12", "changelog and notes[2][1]"]);
    assert_eq!(rows[2], vec!["6.11", "changelog[3]"]);
}
