//! Page chrome: what is on a news page but is not the article.
//!
//! Navigation, share buttons, related-article lists, tag clouds, "les plus
//! lus" sidebars, the AMP plugin's mobile-version switcher and the like are
//! dropped both when an article's HTML is rendered and before full-text
//! extraction, so neither path shows them.

/// Elements never rendered, whatever their class.
pub(crate) fn is_skipped_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "form"
            | "iframe"
            | "frame"
            | "frameset"
            | "nav"
            | "button"
            | "input"
            | "select"
            | "option"
            | "textarea"
            | "label"
            | "svg"
            | "canvas"
            | "object"
            | "embed"
            | "head"
            | "title"
            | "meta"
            | "link"
            | "base"
            | "dialog"
            | "audio"
            | "video"
            | "source"
            | "track"
            | "map"
            | "area"
            | "math"
    )
}

/// Fragments of class names or ids that mark chrome containers.
const CHROME_MARKS: &[&str] = &[
    "sharedaddy",
    "share",
    "sharing",
    "social",
    "related",
    "jp-relatedposts",
    "yarpp",
    "post-tags",
    "entry-tags",
    "tags-links",
    "tag-links",
    "tagcloud",
    "tag-cloud",
    "tags-list",
    "widget",
    "sidebar",
    "breadcrumb",
    "newsletter",
    "subscribe",
    "comment",
    "respond",
    "navigation",
    "nav-links",
    "post-nav",
    "menu",
    "advert",
    "adsbygoogle",
    "ad-slot",
    "ad-container",
    "sponsor",
    "promo",
    "most-read",
    "mostread",
    "most-popular",
    "popular-posts",
    "plus-lus",
    "lire-aussi",
    "read-more",
    "read-also",
    "amp-mobile-version-switcher",
    "tweet-button",
    "screen-reader",
    "sr-only",
    "visually-hidden",
    "cookie",
    "consent",
    "paywall",
    "author-box",
    "post-meta",
    "entry-meta",
    "byline",
    "site-header",
    "site-footer",
    "post-cat",
    "cat-links",
];

/// True when an element's class list or id marks it as chrome. `class` and
/// `id` must already be lowercase.
pub(crate) fn is_chrome_class(class: &str, id: &str) -> bool {
    let hit = |s: &str| {
        if s.is_empty() {
            return false;
        }
        // Page builders wrap everything, content included, in
        // `elementor-widget-…` / `et_pb_…` containers: only their share,
        // social, menu and tweet-button parts are chrome.
        if s.starts_with("elementor-") || s.starts_with("et_pb_") || s.starts_with("wp-block-") {
            return ["share", "social", "menu", "tweet-button", "navigation"]
                .iter()
                .any(|m| s.contains(m));
        }
        CHROME_MARKS.iter().any(|m| s.contains(m))
    };
    // A class list mixes content and chrome classes (`entry-content` with
    // `has-share-buttons` is still content): only whole tokens count, and a
    // token naming content wins.
    let content = class.split_ascii_whitespace().any(|t| {
        matches!(
            t,
            "entry-content" | "post-content" | "article-content" | "article-body" | "entry"
        )
    });
    if content {
        return false;
    }
    class.split_ascii_whitespace().any(hit) || hit(id)
}

/// Headings that introduce a chrome section ("Partager :", "Les plus lus").
pub(crate) fn is_chrome_heading(text: &str) -> bool {
    let t = text
        .trim_matches(|c: char| c.is_whitespace() || c == ':' || c == '\u{a0}' || c == '\u{202f}')
        .to_lowercase();
    matches!(
        t.as_str(),
        "partager"
            | "partagez"
            | "partager cet article"
            | "partagez cet article"
            | "share"
            | "share this"
            | "share this article"
            | "les plus lus"
            | "les plus populaires"
            | "à lire aussi"
            | "a lire aussi"
            | "lire aussi"
            | "sur le même sujet"
            | "articles similaires"
            | "articles liés"
            | "dans la même rubrique"
            | "most read"
            | "most popular"
            | "related"
            | "related posts"
            | "related articles"
            | "read more"
            | "you may also like"
            | "tags"
            | "étiquettes"
            | "mots-clés"
    )
}

/// Link or line texts that are chrome wherever they appear.
pub(crate) fn is_chrome_text(text: &str) -> bool {
    let t = text.trim();
    if t.len() < 10 || t.len() > 40 {
        return false;
    }
    let t = t.to_lowercase();
    matches!(
        t.as_str(),
        "quitter la version mobile" | "exit mobile version" | "version mobile" | "mobile version"
    )
}

/// Links that are chrome by their target (the AMP switcher's `?noamp=mobile`).
pub(crate) fn is_chrome_href(href: &str) -> bool {
    href.contains("noamp=") || href.contains("?share=") || href.contains("&share=")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_and_tag_containers_are_chrome() {
        assert!(is_chrome_class("sharedaddy sd-sharing-enabled", ""));
        assert!(is_chrome_class("post-tags", ""));
        assert!(is_chrome_class("", "amp-mobile-version-switcher"));
        assert!(!is_chrome_class("entry-content entry clearfix", ""));
        assert!(!is_chrome_class("wp-block-pullquote", ""));
        assert!(!is_chrome_class("elementor-widget-container", ""));
        assert!(is_chrome_class("elementor-blockquote__tweet-button", ""));
    }

    #[test]
    fn chrome_headings_and_texts() {
        assert!(is_chrome_heading("Partager\u{a0}:"));
        assert!(is_chrome_heading("Les plus lus"));
        assert!(!is_chrome_heading("Le contexte"));
        assert!(is_chrome_text(" Quitter la version mobile "));
        assert!(is_chrome_text("Exit mobile version"));
    }
}
