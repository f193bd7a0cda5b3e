//! Full-text extraction: the article out of its web page.
//!
//! Many feeds carry only a summary ("…ces pourparlers constituent une phase
//! pratique [&#8230;]"). griot then fetches the article's page and keeps the
//! main content, found with dom_smoothie (a faithful port of Mozilla's
//! Readability). Before extraction the page loses its chrome (navigation,
//! share buttons, tag lists, the AMP switcher…) with the same rules the
//! renderer uses; the pull-quote, quote and embed classes are preserved
//! through extraction so the renderer still tells them apart. The result is
//! plain HTML (a `String`, since dom_smoothie's article is not `Send`) that the
//! store keeps for offline reading and [`crate::render::Document::from_html`]
//! renders.

use chrono::{DateTime, Utc};
use dom_query::NodeRef;
use dom_smoothie::{Config, Readability};
use thiserror::Error;

use crate::render::pullquote::{self, QuoteKind};
use crate::render::{self, Action};

/// Largest page accepted for extraction.
pub const MAX_PAGE_BYTES: usize = 5 * 1024 * 1024;
/// Most elements dom_smoothie is allowed to score.
const MAX_ELEMENTS: usize = 100_000;
/// Summaries shorter than this (in characters of text) call for full text.
pub const SHORT_SUMMARY_CHARS: usize = 600;

/// Why a page gave no article.
#[derive(Debug, Error)]
pub enum ExtractError {
    #[error("the page is too large to extract ({size} bytes; limit {limit})")]
    TooLarge { size: usize, limit: usize },
    #[error("the article address is not an absolute URL: {0}")]
    BadUrl(String),
    #[error("the page has too many elements to extract ({found}; limit {limit})")]
    TooManyElements { found: usize, limit: usize },
    #[error("no readable article found in the page")]
    NoContent,
}

impl crate::i18n::Explain for ExtractError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            ExtractError::TooLarge { size, limit } => {
                Phrase::of("the page is too large to extract ({} bytes; limit {})")
                    .word(size)
                    .word(limit)
            }
            ExtractError::BadUrl(url) => {
                Phrase::of("the article address is not an absolute URL: {}").word(url)
            }
            ExtractError::TooManyElements { found, limit } => {
                Phrase::of("the page has too many elements to extract ({}; limit {})")
                    .word(found)
                    .word(limit)
            }
            ExtractError::NoContent => Phrase::of("no readable article found in the page"),
        }
    }
}

/// The main content of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The article's title as the page gives it, sanitised.
    pub title: Option<String>,
    /// The author line, sanitised.
    pub byline: Option<String>,
    /// The article's HTML (chrome removed), for `Document::from_html`.
    pub html: String,
    /// When the page says the article was published (`article:published_time` and its
    /// kin), if it says so.
    pub published: Option<DateTime<Utc>>,
}

/// Classes kept through extraction so the renderer can still recognise
/// pull-quotes, quotes and embeds.
pub const PRESERVED_CLASSES: &[&str] = &[
    "wp-block-pullquote",
    "wp-block-pullquote__citation",
    "is-style-solid-color",
    "wp-block-quote",
    "wp-block-quote__citation",
    "is-style-large",
    "td_pull_quote",
    "td_quote_box",
    "pullquote",
    "pullquote-left",
    "pullquote-right",
    "pull-quote",
    "su-pullquote",
    "elementor-blockquote",
    "elementor-blockquote__content",
    "elementor-blockquote__author",
    "elementor-testimonial",
    "elementor-testimonial-wrapper",
    "elementor-testimonial-content",
    "elementor-testimonial-meta",
    "elementor-testimonial-details",
    "elementor-testimonial-name",
    "elementor-testimonial-job",
    "element-pullquote",
    "graf--pullquote",
    "graf--blockquote",
    "kg-blockquote-alt",
    "pullquote-attribution",
    "article__quote",
    "article-pull-quote",
    "cli-pullquote",
    "cli-pullquote__quote",
    "cli-pullquote__attribution",
    "quote-light",
    "quote-simple",
    "twitter-tweet",
    "instagram-media",
    "tiktok-embed",
    "wp-block-embed",
    "emoji",
    "wp-smiley",
];

/// Extracts the article from a page fetched from `url` (absolute).
pub fn extract(html: &str, url: &str) -> Result<Extracted, ExtractError> {
    if html.len() > MAX_PAGE_BYTES {
        return Err(ExtractError::TooLarge {
            size: html.len(),
            limit: MAX_PAGE_BYTES,
        });
    }
    let parsed = url::Url::parse(url.trim()).map_err(|_| ExtractError::BadUrl(url.to_string()))?;
    let html = render::limit_nesting(html);
    let doc = dom_query::Document::from(html.as_ref());
    // The author line sits in the meta block that chrome removal drops.
    let page_byline = find_byline(&doc);
    let published = find_published(&doc);
    strip_chrome(&doc);
    let cfg = Config {
        classes_to_preserve: PRESERVED_CLASSES.iter().map(|c| c.to_string()).collect(),
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let mut readability = Readability::with_document(doc, Some(parsed.as_str()), Some(cfg))
        .map_err(|_| ExtractError::BadUrl(url.to_string()))?;
    let article = readability.parse().map_err(|e| match e {
        dom_smoothie::ReadabilityError::TooManyElements(found, limit) => {
            ExtractError::TooManyElements { found, limit }
        }
        dom_smoothie::ReadabilityError::BadDocumentURL => ExtractError::BadUrl(url.to_string()),
        dom_smoothie::ReadabilityError::GrabFailed => ExtractError::NoContent,
    })?;
    if article.text_content.trim().is_empty() {
        return Err(ExtractError::NoContent);
    }
    let non_empty = |s: String| if s.is_empty() { None } else { Some(s) };
    Ok(Extracted {
        title: non_empty(render::clean_line(&article.title)),
        byline: article
            .byline
            .as_deref()
            .map(render::clean_line)
            .and_then(non_empty)
            .or(page_byline),
        html: with_page_image(article.image.as_deref(), &article.content),
        published,
    })
}

/// The head of an extracted article that names the page's own picture (`og:image`).
pub const PAGE_IMAGE_META: &str = "<meta property=\"og:image\" content=\"";

/// The article's HTML, with the picture the page names as its own (`og:image`) kept ahead
/// of it as a `<meta>` the reader's lead-picture choice looks for.
fn with_page_image(image: Option<&str>, content: &str) -> String {
    match image.map(str::trim).filter(|u| u.starts_with("http")) {
        Some(url) => format!(
            "{}{}\">{content}",
            PAGE_IMAGE_META,
            html_escape::encode_double_quoted_attribute(url)
        ),
        None => content.to_string(),
    }
}

/// The publication time a page declares: Open Graph's `article:published_time`, else
/// the other common spellings (`datePublished`, Dublin Core, `<time pubdate>`). A time
/// without a zone is read as UTC; a date alone as its midnight UTC.
fn find_published(doc: &dom_query::Document) -> Option<DateTime<Utc>> {
    const SOURCES: &[(&str, &str)] = &[
        ("meta[property='article:published_time']", "content"),
        ("meta[name='article:published_time']", "content"),
        ("meta[itemprop=datePublished]", "content"),
        ("meta[name='dc.date.issued' i]", "content"),
        ("meta[name='dcterms.created' i]", "content"),
        ("meta[name=date]", "content"),
        ("time[itemprop=datePublished]", "datetime"),
        ("time[pubdate]", "datetime"),
    ];
    SOURCES.iter().find_map(|(selector, attr)| {
        doc.select(selector)
            .nodes()
            .iter()
            .find_map(|n| n.attr(attr).and_then(|v| parse_page_date(&v)))
    })
}

/// Reads the date forms pages use: RFC 3339, ISO 8601 without a colon in the offset or
/// without a zone, or a plain date.
fn parse_page_date(value: &str) -> Option<DateTime<Utc>> {
    let v = value.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(v) {
        return Some(d.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(v, format) {
            return Some(d.with_timezone(&Utc));
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(d) = chrono::NaiveDateTime::parse_from_str(v, format) {
            return Some(d.and_utc());
        }
    }
    let date = chrono::NaiveDate::parse_from_str(v.get(..10)?, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(0, 0, 0)?.and_utc())
}

/// The page's author line: `meta[name=author]`, `rel=author`, or an element
/// whose class names the author or byline.
fn find_byline(doc: &dom_query::Document) -> Option<String> {
    let from_meta = doc
        .select("meta[name=author]")
        .attr("content")
        .map(|c| render::clean_line(&c));
    let from_body = || {
        let sel = doc.select(
            "[rel=author], .byline, .author, [class*=meta-author], [class*=author-name], [itemprop=author]",
        );
        sel.nodes()
            .iter()
            .map(|n| render::clean_line(&n.text()))
            .find(|t| !t.is_empty() && t.chars().count() <= 100)
    };
    from_meta.filter(|m| !m.is_empty()).or_else(from_body)
}

/// Removes page chrome from a parsed page, by the renderer's rules.
fn strip_chrome(doc: &dom_query::Document) {
    let mut edits = Edits::default();
    collect_chrome(&doc.root(), Scope::default(), 0, &mut edits);
    for node in edits.doomed {
        node.remove_from_parent();
    }
    for (node, name) in edits.renamed {
        node.rename(name);
    }
    for node in edits.declassed {
        node.remove_attr("class");
    }
}

/// Changes decided while walking the page, applied afterwards.
#[derive(Default)]
struct Edits<'a> {
    doomed: Vec<NodeRef<'a>>,
    /// Readability drops `aside` and `footer` elements and unwraps a `div` around a
    /// single paragraph: a pull-quote that is an `aside` (the Guardian's) or a `div`
    /// (Substack's) becomes a `figure`, and a quotation's `footer` (its attribution) a
    /// `cite`.
    renamed: Vec<(NodeRef<'a>, &'static str)>,
    /// Readability takes an element whose class says "author" for the page's
    /// byline and removes it: a quotation's attribution becomes a plain
    /// `cite`.
    declassed: Vec<NodeRef<'a>>,
}

/// Where the walk is.
#[derive(Default, Clone, Copy)]
struct Scope {
    in_article: bool,
    in_quote: bool,
    in_attribution: bool,
}

fn collect_chrome<'a>(node: &NodeRef<'a>, scope: Scope, depth: usize, edits: &mut Edits<'a>) {
    if depth > 200 {
        return;
    }
    for child in node.children_it(false) {
        if !child.is_element() {
            continue;
        }
        let Some(info) = render::elem_info(&child) else {
            continue;
        };
        // The page's head (title, metadata) is Readability's to read.
        if info.tag == "head" {
            continue;
        }
        match render::element_action(&child, &info, scope.in_article, scope.in_quote) {
            Action::Skip => edits.doomed.push(child),
            Action::Quote(QuoteKind::PullQuote) | Action::Quote(QuoteKind::Quote) => {
                // Readability drops an `aside`, and unwraps a `div` holding one paragraph
                // (Substack's `div.pullquote`): either becomes a `figure`, which it keeps.
                if info.tag == "aside" || info.tag == "div" {
                    edits.renamed.push((child, "figure"));
                }
                let inner = Scope {
                    in_quote: true,
                    ..scope
                };
                collect_chrome(&child, inner, depth + 1, edits)
            }
            Action::Quote(QuoteKind::Embed) | Action::Normal => {
                let mut inner = Scope {
                    in_article: scope.in_article || info.tag == "article",
                    ..scope
                };
                if scope.in_quote
                    && !scope.in_attribution
                    && pullquote::is_attribution(&info.tag, &info.class)
                {
                    if info.tag != "cite" {
                        edits.renamed.push((child, "cite"));
                    }
                    inner.in_attribution = true;
                }
                if scope.in_quote
                    && (info.class.contains("author") || info.class.contains("byline"))
                {
                    edits.declassed.push(child);
                }
                collect_chrome(&child, inner, depth + 1, edits)
            }
        }
    }
}

/// True when an item's own text is not the whole article: there is no
/// content and the summary is short or cut ("[…]", "…", "Lire la suite"),
/// or the content itself is cut.
pub fn needs_full_text(summary: Option<&str>, content: Option<&str>) -> bool {
    let text_of = |html: &str| render::Document::from_html(html, None).plain_text();
    if let Some(content) = content {
        let text = text_of(content);
        if !text.trim().is_empty() {
            return looks_truncated(&text);
        }
    }
    match summary {
        None => true,
        Some(s) => {
            let text = text_of(s);
            text.chars().count() < SHORT_SUMMARY_CHARS || looks_truncated(&text)
        }
    }
}

fn looks_truncated(text: &str) -> bool {
    let t = text
        .trim_end_matches(|c: char| c.is_whitespace() || c == '\u{a0}')
        .to_lowercase();
    [
        "[…]",
        "[...]",
        "(…)",
        "(...)",
        "…",
        "...",
        "read more",
        "continue reading",
        "lire la suite",
        "lire plus",
        "la suite",
    ]
    .iter()
    .any(|m| t.ends_with(m))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Block, Document};

    #[test]
    fn pullquote_markups_survive_extraction() {
        let para = "<p>Un paragraphe du corps de l’article, assez long pour que l’algorithme de lisibilité le retienne comme contenu principal, avec des virgules, des phrases et du sens.</p>";
        let body = format!(
            r#"<html><head><title>Titre</title></head><body><nav><a href="/">Accueil</a></nav>
            <article><h1>Titre</h1>{p}{p}
            <aside class="element element-pullquote"><blockquote><p>Guardian words.</p></blockquote><cite>Minister</cite></aside>
            {p}
            <blockquote class="wp-block-pullquote"><p>Old WordPress.</p><footer>Nom<br>Pays</footer></blockquote>
            {p}
            <blockquote class="elementor-blockquote"><p class="elementor-blockquote__content">Elementor.</p><footer><cite class="elementor-blockquote__author">Auteur</cite><a class="elementor-blockquote__tweet-button" href="https://twitter.com/intent/tweet">Tweet</a></footer></blockquote>
            {p}
            <div class="elementor-testimonial-wrapper"><div class="elementor-testimonial-content">Témoignage.</div><div class="elementor-testimonial-meta"><div class="elementor-testimonial-details"><div class="elementor-testimonial-name">Jane Doe</div><div class="elementor-testimonial-job">Directrice</div></div></div></div>
            {p}
            <div class="pullquote"><p>Substack words.</p></div>
            {p}
            <blockquote class="wp-block-quote"><p>Ordinaire.</p><cite>Quelqu’un</cite></blockquote>
            {p}
            <blockquote class="twitter-tweet"><p>Un tweet.</p>&mdash; X (@x) <a href="https://twitter.com/x/status/1">date</a></blockquote>
            {p}{p}</article>
            <div id="amp-mobile-version-switcher"><a href="/?noamp=mobile">Exit mobile version</a></div></body></html>"#,
            p = para
        );
        let ex = extract(&body, "https://example.org/article/").expect("readable");
        let doc = Document::from_html(&ex.html, Some("https://example.org/article/"));
        let pq: Vec<(String, Vec<String>)> = doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::PullQuote { attribution, .. } => Some((b.text(), attribution.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            pq,
            vec![
                ("Guardian words.".to_string(), vec!["Minister".to_string()]),
                (
                    "Old WordPress.".to_string(),
                    vec!["Nom".to_string(), "Pays".to_string()]
                ),
                ("Elementor.".to_string(), vec!["Auteur".to_string()]),
                (
                    "Témoignage.".to_string(),
                    vec!["Jane Doe".to_string(), "Directrice".to_string()]
                ),
                ("Substack words.".to_string(), Vec::new()),
            ],
            "{}",
            ex.html
        );
        let quotes: Vec<_> = doc
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Quote { .. }))
            .collect();
        assert_eq!(quotes.len(), 1, "{}", ex.html);
        let text = doc.plain_text();
        assert!(text.contains("Un tweet."));
        assert!(!text.contains("Tweet") && !text.contains("Exit mobile version"));
    }

    #[test]
    fn short_or_cut_summaries_need_full_text() {
        assert!(needs_full_text(Some("Résumé seulement [&#8230;]"), None));
        assert!(needs_full_text(Some("Court."), None));
        assert!(needs_full_text(None, None));
        assert!(needs_full_text(Some("x"), Some("<p>  </p>")));
        let long = "Une phrase complète et assez longue. ".repeat(30);
        assert!(!needs_full_text(Some(&long), None));
        assert!(needs_full_text(Some(&format!("{long} [...]")), None));
        assert!(!needs_full_text(
            Some("Court."),
            Some("<p>Le texte entier.</p>")
        ));
        assert!(needs_full_text(
            None,
            Some("<p>Le début… <a href=x>Lire la suite</a></p>")
        ));
    }

    #[test]
    fn oversized_pages_and_bad_urls_are_errors() {
        let big = "a".repeat(MAX_PAGE_BYTES + 1);
        assert!(matches!(
            extract(&big, "https://example.org/"),
            Err(ExtractError::TooLarge { .. })
        ));
        assert!(matches!(
            extract("<p>x</p>", "not a url"),
            Err(ExtractError::BadUrl(_))
        ));
    }
}
