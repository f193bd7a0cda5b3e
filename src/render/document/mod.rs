//! Article HTML turned into a [`Document`].
//!
//! The reader, `griot show` and `griot show --json` all consume the document
//! model ([`super::blocks`]), so HTML is parsed once per article and laid out at
//! any width from it. This module owns the walk over the html5ever DOM (through
//! `dom_query`, the tree dom_smoothie uses for full-text extraction), split by
//! job:
//! - [`elements`]: what an element is (chrome to drop, a quotation, a block or
//!   an inline tag), also asked by full-text extraction;
//! - `walk`: the walk itself, which turns elements into blocks (paragraphs,
//!   headings, lists, quotations with their attribution lines, tables, code);
//! - `inline`: text inside a block: whitespace folding, styles, numbered links.
//!
//! On the way it drops page chrome (see [`super::chrome`]), recognises
//! pull-quotes, quotes and embeds (see [`super::pullquote`]), sanitises every
//! string (see [`super::sanitize`]), decodes entities, folds whitespace (but
//! keeps U+00A0 / U+202F, which are not whitespace to fold), and numbers links
//! (`links[n - 1]` is link `n`), resolved against a base URL.
//!
//! A `\n` inside an inline's text is a hard line break (`<br>`, or the break
//! between paragraphs of one quotation).

mod elements;
mod inline;
mod walk;

use std::collections::HashMap;

use super::blocks::{inlines_text, Block, Document, Inline, ListMarker};
use super::chrome;
use super::pullquote;
use super::sanitize;

pub(crate) use elements::{elem_info, element_action, Action};

/// Largest HTML input parsed; the rest is cut (at a character boundary).
pub const MAX_HTML_BYTES: usize = 4 * 1024 * 1024;
/// Deepest nesting given to the HTML parser (deeper tags are dropped, their
/// text kept): parsing time grows with depth times length.
pub(crate) const MAX_NESTING: usize = 256;
/// Deepest element nesting walked; deeper content is kept as plain text.
const MAX_DEPTH: usize = 200;

/// What the builder is filling: decides which block the inline buffer
/// becomes and whether a block boundary starts a new block or a line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Body,
    Heading(u8),
    Item(u8, ListMarker),
    Caption,
    /// Inside a quotation: paragraphs become line breaks of one block.
    Quote,
}

struct ListCtx {
    ordered: bool,
    next: u32,
}

/// The walk's state: the blocks made so far and the inline buffer being filled.
struct Builder {
    blocks: Vec<Block>,
    links: Vec<String>,
    link_numbers: HashMap<String, usize>,
    base: Option<url::Url>,
    cur: Vec<Inline>,
    ctx: Ctx,
    strong: u32,
    emphasis: u32,
    code: u32,
    /// The URL of the link being walked, numbered when its first text comes.
    link_url: Option<String>,
    link_num: Option<usize>,
    pending_space: bool,
    lists: Vec<ListCtx>,
    in_article: bool,
    /// Attribution lines collected inside the quotation being built.
    attribution: Vec<String>,
}

impl Builder {
    fn new(base_url: Option<&str>) -> Self {
        Builder {
            blocks: Vec::new(),
            links: Vec::new(),
            link_numbers: HashMap::new(),
            base: base_url.and_then(|b| url::Url::parse(b.trim()).ok()),
            cur: Vec::new(),
            ctx: Ctx::Body,
            strong: 0,
            emphasis: 0,
            code: 0,
            link_url: None,
            link_num: None,
            pending_space: false,
            lists: Vec::new(),
            in_article: false,
            attribution: Vec::new(),
        }
    }
}

impl Document {
    /// Builds the document from article HTML (a fragment or a whole page).
    /// Relative links are resolved against `base_url`. Never panics; input
    /// beyond [`MAX_HTML_BYTES`] is ignored.
    pub fn from_html(html: &str, base_url: Option<&str>) -> Document {
        let html = sanitize::truncate_at_char(html, MAX_HTML_BYTES);
        let html = super::nesting::limit_nesting(html, MAX_NESTING);
        let dom = dom_query::Document::from(html.as_ref());
        let mut b = Builder::new(base_url);
        let root = dom.root();
        b.walk_children(&root, 0);
        b.finish();
        let blocks = pullquote::detect_flattened(b.blocks);
        let blocks = blocks
            .into_iter()
            .filter(|bl| match bl {
                Block::Paragraph { inlines }
                    if inlines.iter().map(|i| i.text.len()).sum::<usize>() <= 40 =>
                {
                    !chrome::is_chrome_text(&inlines_text(inlines))
                }
                _ => true,
            })
            .collect();
        Document {
            blocks,
            links: b.links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(html: &str) -> Document {
        Document::from_html(html, Some("https://example.org/a/b.html"))
    }

    #[test]
    fn paragraphs_headings_and_styles() {
        let d = doc("<h2>Titre</h2><p>Un <strong>gras</strong> et <em>italique</em> &amp; <code>x()</code>.</p>");
        assert_eq!(d.blocks.len(), 2);
        assert!(matches!(&d.blocks[0], Block::Heading { level: 2, .. }));
        match &d.blocks[1] {
            Block::Paragraph { inlines } => {
                assert_eq!(inlines_text(inlines), "Un gras et italique & x().");
                assert!(inlines.iter().any(|i| i.strong && i.text.trim() == "gras"));
                assert!(inlines
                    .iter()
                    .any(|i| i.emphasis && i.text.trim() == "italique"));
                assert!(inlines.iter().any(|i| i.code && i.text.trim() == "x()"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn whitespace_is_folded_but_no_break_spaces_kept() {
        let d = doc("<p>  une   «&nbsp;phase\n\tpratique&nbsp;»  le 7&#8239;novembre </p>");
        assert_eq!(
            d.blocks[0].text(),
            "une «\u{a0}phase pratique\u{a0}» le 7\u{202f}novembre"
        );
    }

    #[test]
    fn links_are_numbered_and_resolved() {
        let d = doc(
            r#"<p><a href="/x">un</a> <a href="c.html">deux</a> <a href="/x">encore</a> <a href="javascript:alert(1)">js</a></p>"#,
        );
        assert_eq!(
            d.links,
            vec!["https://example.org/x", "https://example.org/a/c.html"]
        );
        match &d.blocks[0] {
            Block::Paragraph { inlines } => {
                let nums: Vec<_> = inlines.iter().map(|i| i.link).collect();
                assert!(nums.contains(&Some(1)) && nums.contains(&Some(2)));
                assert!(inlines
                    .iter()
                    .any(|i| i.text.contains("js") && i.link.is_none()));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn lists_images_rules_code_tables() {
        let d = doc("<ul><li>un</li><li>deux<ol><li>a</li><li>b</li></ol></li></ul><hr><img src=x alt='Une photo'><pre>fn main() {\n\tok();\n}</pre><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>");
        let types: Vec<_> = d.blocks.iter().map(Block::type_name).collect();
        assert_eq!(
            types,
            vec![
                "list_item",
                "list_item",
                "list_item",
                "list_item",
                "rule",
                "image",
                "code",
                "table"
            ]
        );
        assert!(matches!(
            d.blocks[3],
            Block::ListItem {
                depth: 1,
                marker: ListMarker::Ordered(2),
                ..
            }
        ));
        assert_eq!(d.blocks[5].text(), "Une photo");
        assert_eq!(d.blocks[6].text(), "fn main() {\n    ok();\n}");
        assert_eq!(d.blocks[7].text(), "A | B\n1 | 2");
    }

    #[test]
    fn wordpress_pullquote_keeps_attribution_lines() {
        let d = doc(
            r#"<figure class="wp-block-pullquote"><blockquote><p>Une citation.</p><cite>Jane Doe, Ministre<br>Pays</cite></blockquote></figure>"#,
        );
        assert_eq!(
            d.blocks,
            vec![Block::PullQuote {
                inlines: vec![Inline::plain("Une citation.")],
                attribution: vec!["Jane Doe, Ministre".into(), "Pays".into()],
            }]
        );
    }

    #[test]
    fn quote_embed_and_chrome() {
        let d = doc(
            r#"<blockquote class="wp-block-quote"><p>Cité.</p><cite>Auteur</cite></blockquote>
            <blockquote class="twitter-tweet"><p>Un tweet</p>&mdash; X (@x) <a href="https://twitter.com/x/status/1">1 janvier</a></blockquote><script src="https://platform.twitter.com/widgets.js"></script>
            <div class="sharedaddy"><h3>Partager :</h3><a href="?share=facebook">Facebook</a></div>
            <div id="amp-mobile-version-switcher"><a href="/?noamp=mobile">Quitter la version mobile</a></div>"#,
        );
        let types: Vec<_> = d.blocks.iter().map(Block::type_name).collect();
        assert_eq!(types, vec!["quote", "paragraph", "paragraph"]);
        let all = d.plain_text();
        assert!(!all.contains("Facebook") && !all.contains("Quitter"));
        assert!(!all.contains("widgets.js"));
    }

    #[test]
    fn wrappers_named_like_chrome_keep_their_article() {
        let body =
            "<p>Un long paragraphe de l’article, avec du texte et encore du texte.</p>".repeat(40);
        let d = doc(&format!(
            r#"<div class="container has-sidebar sidebar-right">{body}</div><div class="related-posts"><a href="/a">Autre article</a></div>"#
        ));
        assert_eq!(d.blocks.len(), 40);
        assert!(!d.plain_text().contains("Autre article"));
    }

    #[test]
    fn repeated_title_heading_can_be_stripped() {
        let mut d = doc("<h1>Le  Titre</h1><p>Texte.</p><h2>Autre</h2>");
        assert!(d.strip_title("le titre"));
        assert_eq!(d.plain_text(), "Texte.\n\nAutre");
        assert!(!d.strip_title("Autre chose"));
    }

    #[test]
    fn content_headers_are_kept_but_page_banners_dropped() {
        let d = doc("<header><h2>Le contexte</h2></header><p>Texte.</p><footer><p>Source : AFP</p></footer>");
        assert_eq!(d.plain_text(), "Le contexte\n\nTexte.\n\nSource : AFP");
        let d = doc("<header class='site-header'><a href='/'>Logo</a></header><header><nav><a href='/'>Accueil</a></nav><p>Menu</p></header><p>Texte.</p><footer role='contentinfo'>© Site</footer>");
        assert_eq!(d.plain_text(), "Texte.");
    }

    #[test]
    fn deep_or_pathological_nesting_is_survived() {
        let deep = "<div>".repeat(20000) + "profond" + &"</div>".repeat(20000);
        assert!(doc(&deep).plain_text().contains("profond"));
        let formatting = "<b><i><a href=x>".repeat(2000) + "texte";
        assert!(doc(&formatting).plain_text().contains("texte"));
        let quotes = "<blockquote>".repeat(3000) + "cité";
        assert!(doc(&quotes).plain_text().contains("cité"));
    }

    #[test]
    fn control_characters_never_survive() {
        let d = doc("<p>a\u{1b}[31mb\u{1b}]52;c;ZXZpbA==\u{7}c&#27;[2Jd\u{202e}e\u{9b}31mf</p>");
        assert_eq!(d.blocks[0].text(), "abcdef");
    }

    #[test]
    fn json_form() {
        let d = doc(
            r#"<h1>T</h1><figure class="wp-block-pullquote"><blockquote><p>Q</p><cite>A<br>B</cite></blockquote></figure><p><a href="/l">x</a></p>"#,
        );
        let v = serde_json::to_value(&d).expect("serialisable");
        assert_eq!(v["blocks"][0]["type"], "heading");
        assert_eq!(v["blocks"][0]["level"], 1);
        assert_eq!(v["blocks"][1]["type"], "pullquote");
        assert_eq!(v["blocks"][1]["attribution"], serde_json::json!(["A", "B"]));
        assert_eq!(v["links"][0]["n"], 1);
        assert_eq!(v["links"][0]["url"], "https://example.org/l");
    }
}
