//! Pull-quote recognition.
//!
//! A pull-quote (a passage lifted from the article and set apart, usually with
//! an attribution) must not be confused with an ordinary quotation block or an
//! embedded post. Publishing systems mark them in many ways; this module knows
//! those markups (WordPress blocks and themes, Elementor, the Guardian, Medium,
//! Ghost, Substack, generic `pullquote` classes) and also recognises the
//! pattern left when the markup was lost: a paragraph of quoted speech followed
//! by one or two short lines naming the speaker ("Name, Title" / "Country"),
//! possibly glued together by a naive copy ("…de la défenseBurkina Faso").
//!
//! Embeds (`blockquote.twitter-tweet`, `instagram-media`, `tiktok-embed`, …)
//! are neither quotes nor pull-quotes: the document builder renders their text
//! as ordinary paragraphs and drops their script chrome.

use super::blocks::{Block, Inline};

/// What a quotation-like element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteKind {
    /// A pull-quote: set apart, attribution kept line by line.
    PullQuote,
    /// An ordinary quotation block.
    Quote,
    /// An embedded post (tweet, Instagram, TikTok…): shown as plain paragraphs.
    Embed,
}

const EMBED_CLASSES: &[&str] = &[
    "twitter-tweet",
    "twitter-timeline",
    "twitter-video",
    "instagram-media",
    "tiktok-embed",
    "reddit-embed-bq",
    "bluesky-embed",
    "mastodon-embed",
    "text-post-media",
    "fb-post",
    "fb-xfbml-parse-ignore",
    "wp-block-embed",
    "wp-embedded-content",
];

/// Tokens of known families that name a pull-quote without saying so.
const PULLQUOTE_EXACT: &[&str] = &[
    "td_quote_box",
    "article__quote",
    "kg-blockquote-alt",
    "elementor-blockquote",
    "elementor-testimonial",
    "elementor-testimonial-wrapper",
    "elementor-testimonial-content",
];

/// Tokens that name an ordinary quotation block.
const QUOTE_EXACT: &[&str] = &["wp-block-quote", "graf--blockquote"];

/// Words of a token that relate a block to a pull-quote rather than name one
/// (Medium's `graf-after--pullquote` marks the block after a pull-quote).
const RELATIONAL: &[&str] = &[
    "after",
    "before",
    "next",
    "prev",
    "previous",
    "following",
    "preceding",
    "has",
    "with",
    "in",
    "inside",
];

/// Words of a token naming a part of a pull-quote, not the pull-quote itself.
const PART: &[&str] = &["attribution", "citation", "author", "cite", "credit"];

/// Does this class token (lowercase) name a pull-quote? It does when, read as
/// words (split at `-` and `_`), it holds the word "pullquote" (or "pull"
/// "quote"), not after a relational word and not before a part's name
/// (`pullquote-attribution`, `wp-block-pullquote__citation`).
fn names_pullquote(token: &str) -> bool {
    if PULLQUOTE_EXACT.contains(&token) {
        return true;
    }
    if !token.contains("pull") {
        return false;
    }
    let words: Vec<&str> = token.split(['-', '_']).filter(|w| !w.is_empty()).collect();
    let Some(at) = words.iter().enumerate().position(|(i, w)| {
        *w == "pullquote" || (*w == "pull" && words.get(i + 1) == Some(&"quote"))
    }) else {
        return false;
    };
    !words[..at].iter().any(|w| RELATIONAL.contains(w))
        && !words[at..].iter().any(|w| PART.contains(w))
}

/// Classifies an element by tag and (lowercase) class list, token by token.
/// `None` for anything that is not quotation-like.
pub fn classify(tag: &str, class: &str) -> Option<QuoteKind> {
    let tokens = || class.split_ascii_whitespace();
    if tokens().any(|t| EMBED_CLASSES.iter().any(|e| t.starts_with(e))) {
        return Some(QuoteKind::Embed);
    }
    if tokens().any(names_pullquote) {
        return Some(QuoteKind::PullQuote);
    }
    if tag == "blockquote" || tokens().any(|t| QUOTE_EXACT.contains(&t)) {
        Some(QuoteKind::Quote)
    } else {
        None
    }
}

/// True for elements that hold a quotation's attribution (`cite`, `footer`,
/// `…__citation`, `…-attribution`, Elementor's testimonial name and job).
pub fn is_attribution(tag: &str, class: &str) -> bool {
    if matches!(tag, "cite" | "footer" | "figcaption") {
        return true;
    }
    class.split_ascii_whitespace().any(|t| {
        t.contains("citation")
            || t.contains("attribution")
            || t.contains("author")
            || t.starts_with("elementor-testimonial-meta")
            || t.starts_with("elementor-testimonial-details")
            || t.starts_with("elementor-testimonial-name")
            || t.starts_with("elementor-testimonial-job")
    })
}

/// Cleans one attribution line: trims, drops a leading dash (the layout adds
/// its own em dash). Empty lines become `None`.
pub(crate) fn tidy_attribution_line(line: &str) -> Option<String> {
    let t = super::sanitize::clean_line(line);
    let t = t
        .trim_start_matches(['—', '–', '―', '-', '~'])
        .trim_matches(|c: char| c == ' ' || c == '\u{a0}' || c == '\u{202f}');
    if t.is_empty() {
        None
    } else {
        Some(t.to_string())
    }
}

fn count_words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Does this paragraph read like quoted speech?
fn is_speech(text: &str) -> bool {
    if text.chars().count() < 40 {
        return false;
    }
    if text.contains(['«', '»', '“', '”', '„', '"']) {
        return true;
    }
    const PERSONAL: &[&str] = &[
        "je", "j", "nous", "notre", "nos", "vous", "votre", "vos", "mon", "ma", "mes", "moi", "i",
        "we", "our", "us", "my", "me", "you", "your",
    ];
    text.split(|c: char| !c.is_alphanumeric())
        .any(|w| PERSONAL.iter().any(|p| w.eq_ignore_ascii_case(p)))
}

fn ends_like_sentence(s: &str) -> bool {
    s.trim_end()
        .ends_with(['.', '!', '?', ':', ';', '…', '»', '”', '"'])
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_uppercase())
}

/// "Kassoum Coulibaly, Ministre de la défense" (possibly with the next line
/// glued on), or "— Someone".
fn is_attribution_first_line(s: &str) -> bool {
    let n = s.chars().count();
    // Digits mean a dateline or a figure ("Paris, le 7 novembre"), not a
    // speaker.
    if n == 0
        || n > 110
        || count_words(s) > 16
        || ends_like_sentence(s)
        || s.bytes().any(|b| b.is_ascii_digit())
    {
        return false;
    }
    if s.starts_with(['—', '–', '―']) {
        return true;
    }
    let Some((name, title)) = s.split_once(',') else {
        return false;
    };
    if title.trim().is_empty() {
        return false;
    }
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 || !starts_upper(words[0]) {
        return false;
    }
    words
        .iter()
        .all(|w| starts_upper(w) || (w.chars().count() <= 3 && w.chars().all(char::is_lowercase)))
}

/// "Burkina Faso", "Fédération de Russie": a short line, no sentence.
fn is_attribution_second_line(s: &str) -> bool {
    let n = s.chars().count();
    n > 0 && n <= 60 && count_words(s) <= 7 && starts_upper(s) && !ends_like_sentence(s)
}

/// Splits "…Ministre de la défenseBurkina Faso" into its two lines: after the
/// first comma, at the one place where a run of at least three lowercase
/// letters runs straight into an uppercase one.
pub(crate) fn split_glued(line: &str) -> Vec<String> {
    let Some(comma) = line.find(',') else {
        return vec![line.to_string()];
    };
    let mut lower_run = 0usize;
    let mut split_at = None;
    let mut count = 0;
    for (i, c) in line[comma..].char_indices() {
        if c.is_lowercase() {
            lower_run += 1;
        } else {
            if c.is_uppercase() && lower_run >= 3 {
                split_at = Some(comma + i);
                count += 1;
            }
            lower_run = 0;
        }
    }
    match split_at {
        Some(at) if count == 1 && line[at..].chars().count() >= 3 => {
            vec![line[..at].to_string(), line[at..].to_string()]
        }
        _ => vec![line.to_string()],
    }
}

/// The text of a paragraph of at most a few hundred bytes.
fn short_paragraph_text(block: &Block) -> Option<String> {
    match block {
        Block::Paragraph { inlines }
            if inlines.iter().map(|i| i.text.len()).sum::<usize>() <= 300 =>
        {
            paragraph_text(block)
        }
        _ => None,
    }
}

fn paragraph_text(block: &Block) -> Option<String> {
    match block {
        Block::Paragraph { inlines } => Some(inlines.iter().map(|i| i.text.as_str()).collect()),
        _ => None,
    }
}

/// The attribution lines of a short paragraph that names a speaker: "Name,
/// Title" (possibly glued to the next line), or "Name, Title" and a second line
/// after a line break (`<br>`), as separate paragraphs would give them.
fn attribution_paragraph(text: &str) -> Option<Vec<String>> {
    let mut parts = text.split('\n').map(str::trim).filter(|l| !l.is_empty());
    let first = parts.next()?;
    if !is_attribution_first_line(first) {
        return None;
    }
    let second = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let lines: Vec<String> = match second {
        Some(second) if is_attribution_second_line(second) && !is_speech(second) => [first, second]
            .iter()
            .filter_map(|l| tidy_attribution_line(l))
            .collect(),
        Some(_) => return None,
        None => split_glued(first)
            .iter()
            .filter_map(|l| tidy_attribution_line(l))
            .collect(),
    };
    (!lines.is_empty()).then_some(lines)
}

/// Turns flattened pull-quotes (a quoted paragraph, then one or two short
/// attribution lines) into [`Block::PullQuote`]s.
pub(crate) fn detect_flattened(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut it = blocks.into_iter().peekable();
    while let Some(block) = it.next() {
        // Cheap test first: is the next block a short paragraph naming someone?
        let Some(mut lines) = it
            .peek()
            .and_then(short_paragraph_text)
            .and_then(|t| attribution_paragraph(&t))
        else {
            out.push(block);
            continue;
        };
        let Some(text) = paragraph_text(&block) else {
            out.push(block);
            continue;
        };
        if !is_speech(&text) || text.contains('\n') {
            out.push(block);
            continue;
        }
        it.next();
        if lines.len() == 1 {
            if let Some(second) = it.peek().and_then(short_paragraph_text) {
                if is_attribution_second_line(&second) && !is_speech(&second) {
                    it.next();
                    lines.extend(tidy_attribution_line(&second));
                }
            }
        }
        let inlines: Vec<Inline> = match block {
            Block::Paragraph { inlines } => inlines,
            _ => Vec::new(),
        };
        out.push(Block::PullQuote {
            inlines,
            attribution: lines,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_known_markups() {
        use QuoteKind::*;
        assert_eq!(classify("figure", "wp-block-pullquote"), Some(PullQuote));
        assert_eq!(
            classify("figure", "wp-block-pullquote is-style-solid-color"),
            Some(PullQuote)
        );
        assert_eq!(
            classify("blockquote", "wp-block-pullquote"),
            Some(PullQuote)
        );
        assert_eq!(
            classify("blockquote", "td_pull_quote td_pull_center"),
            Some(PullQuote)
        );
        assert_eq!(
            classify("div", "td_quote_box td_box_center"),
            Some(PullQuote)
        );
        assert_eq!(classify("blockquote", "pullquote-left"), Some(PullQuote));
        assert_eq!(
            classify("div", "su-pullquote su-pullquote-align-right"),
            Some(PullQuote)
        );
        assert_eq!(
            classify("blockquote", "elementor-blockquote"),
            Some(PullQuote)
        );
        assert_eq!(
            classify("div", "elementor-testimonial-wrapper"),
            Some(PullQuote)
        );
        assert_eq!(
            classify("aside", "element element-pullquote"),
            Some(PullQuote)
        );
        assert_eq!(
            classify("blockquote", "graf graf--pullquote"),
            Some(PullQuote)
        );
        assert_eq!(classify("blockquote", "kg-blockquote-alt"), Some(PullQuote));
        assert_eq!(classify("div", "pullquote"), Some(PullQuote));
        assert_eq!(classify("div", "article-pull-quote"), Some(PullQuote));
        assert_eq!(classify("div", "article__quote"), Some(PullQuote));
        assert_eq!(classify("div", "cli-pullquote"), Some(PullQuote));
        assert_eq!(
            classify("blockquote", "wp-block-quote is-style-large"),
            Some(Quote)
        );
        assert_eq!(classify("blockquote", "quote-light"), Some(Quote));
        assert_eq!(classify("blockquote", "graf--blockquote"), Some(Quote));
        assert_eq!(classify("blockquote", ""), Some(Quote));
        assert_eq!(classify("blockquote", "twitter-tweet"), Some(Embed));
        assert_eq!(classify("blockquote", "instagram-media"), Some(Embed));
        assert_eq!(classify("blockquote", "tiktok-embed"), Some(Embed));
        assert_eq!(classify("div", "pullquote-attribution"), None);
        assert_eq!(classify("p", "wp-block-pullquote__citation"), None);
        assert_eq!(classify("div", "entry-content"), None);
    }

    #[test]
    fn tokens_relating_a_block_to_a_pullquote_do_not_make_one() {
        use QuoteKind::*;
        assert_eq!(
            classify("blockquote", "graf graf--blockquote graf-after--pullquote"),
            Some(Quote)
        );
        assert_eq!(classify("blockquote", "graf-after--pullquote"), Some(Quote));
        assert_eq!(classify("p", "graf graf--p graf-after--pullquote"), None);
        assert_eq!(classify("div", "has-pullquote"), None);
        assert_eq!(classify("div", "mypullquotes"), None);
        assert_eq!(
            classify("blockquote", "graf graf--pullquote graf-after--p"),
            Some(PullQuote)
        );
    }

    #[test]
    fn glued_attribution_is_split_in_two() {
        assert_eq!(
            split_glued("Kassoum Coulibaly, Ministre de la défenseBurkina Faso"),
            vec!["Kassoum Coulibaly, Ministre de la défense", "Burkina Faso"]
        );
        assert_eq!(
            split_glued("Sergueï Choïgou, Ministre de la DéfenseFédération de Russie"),
            vec![
                "Sergueï Choïgou, Ministre de la Défense",
                "Fédération de Russie"
            ]
        );
        assert_eq!(
            split_glued("Ronald McDonald, CEO"),
            vec!["Ronald McDonald, CEO"]
        );
    }

    #[test]
    fn attribution_lines_lose_their_dash() {
        assert_eq!(
            tidy_attribution_line(" — Jane Doe "),
            Some("Jane Doe".into())
        );
        assert_eq!(tidy_attribution_line("  "), None);
    }

    fn para(t: &str) -> Block {
        Block::Paragraph {
            inlines: vec![Inline::plain(t)],
        }
    }

    #[test]
    fn flattened_pattern_becomes_a_pullquote() {
        let blocks = vec![
            para("Une phrase de contexte ordinaire, sans rien de spécial, qui décrit les faits."),
            para("C’est un grand honneur pour nous et nous apprécions notre partenariat."),
            para("Kassoum Coulibaly, Ministre de la défense"),
            para("Burkina Faso"),
            para("La suite de l’article reprend ici avec un paragraphe normal et long."),
        ];
        let out = detect_flattened(blocks);
        assert_eq!(out.len(), 3);
        match &out[1] {
            Block::PullQuote { attribution, .. } => assert_eq!(
                attribution,
                &vec![
                    "Kassoum Coulibaly, Ministre de la défense".to_string(),
                    "Burkina Faso".to_string()
                ]
            ),
            other => panic!("expected a pull-quote, got {other:?}"),
        }
    }

    #[test]
    fn a_letter_ending_with_a_dateline_is_not_a_pullquote() {
        let blocks = vec![
            para("Nous vous remercions de votre confiance et restons à votre disposition."),
            para("Paris, le 7 novembre 2023"),
        ];
        assert_eq!(detect_flattened(blocks.clone()), blocks);
    }

    #[test]
    fn ordinary_paragraphs_are_left_alone() {
        let blocks = vec![
            para("Le gouvernement a signé un accord avec Moscou pour la construction d’une centrale."),
            para("Outre la coopération dans le domaine militaire, en octobre, le gouvernement a signé."),
        ];
        let out = detect_flattened(blocks.clone());
        assert_eq!(out, blocks);
    }
}
