//! What an element is, as far as reading is concerned: chrome to drop, a
//! quotation (see [`crate::render::pullquote`]), a block or an inline tag.
//!
//! Its own module because two walks ask it: the document builder and
//! full-text extraction ([`crate::extract`]), which must agree on what is
//! chrome.

use dom_query::NodeRef;

use crate::render::chrome;
use crate::render::pullquote::{self, QuoteKind};
use crate::render::sanitize;

/// The facts about an element the builder decides on.
pub(crate) struct ElemInfo {
    pub tag: String,
    /// Lowercase class list.
    pub class: String,
    /// Lowercase id.
    pub id: String,
}

pub(crate) fn elem_info(node: &NodeRef<'_>) -> Option<ElemInfo> {
    let el = node.element_ref()?;
    let mut info = ElemInfo {
        tag: el.name.local.to_string(),
        class: String::new(),
        id: String::new(),
    };
    for a in &el.attrs {
        match &*a.name.local {
            "class" => info.class = a.value.to_lowercase(),
            "id" => info.id = a.value.to_lowercase(),
            _ => {}
        }
    }
    Some(info)
}

pub(crate) fn attr(node: &NodeRef<'_>, name: &str) -> Option<String> {
    let el = node.element_ref()?;
    el.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.to_string())
}

pub(super) fn heading_level(tag: &str) -> Option<u8> {
    match tag {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

pub(super) fn is_block_tag(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "figure"
            | "address"
            | "center"
            | "dl"
            | "dt"
            | "dd"
            | "details"
            | "summary"
            | "hgroup"
            | "fieldset"
            | "legend"
            | "body"
            | "html"
            | "li"
            | "ul"
            | "ol"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "caption"
            | "blockquote"
            | "pre"
            | "hr"
            | "figcaption"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    )
}

/// What an element is, as far as the walk is concerned.
pub(crate) enum Action {
    /// Drop the element and its content.
    Skip,
    /// A quotation-like element.
    Quote(QuoteKind),
    /// Anything else.
    Normal,
}

/// Decides whether an element is chrome or a quotation. `in_article` tells
/// whether an `article` element encloses it; `in_quote` whether a quotation
/// does.
pub(crate) fn element_action(
    node: &NodeRef<'_>,
    info: &ElemInfo,
    in_article: bool,
    in_quote: bool,
) -> Action {
    let tag = info.tag.as_str();
    if chrome::is_skipped_tag(tag) {
        return Action::Skip;
    }
    if let Some(kind) = pullquote::classify(tag, &info.class) {
        return Action::Quote(kind);
    }
    if in_quote {
        // Inside a quotation only the tweet button is chrome.
        if info.class.contains("tweet-button") {
            return Action::Skip;
        }
        return Action::Normal;
    }
    if matches!(tag, "body" | "html" | "article" | "main") {
        return Action::Normal;
    }
    if tag == "aside" {
        return Action::Skip;
    }
    if !in_article && matches!(tag, "header" | "footer") && is_page_banner(node, info) {
        return Action::Skip;
    }
    if chrome::is_chrome_class(&info.class, &info.id) && !holds_article_text(node) {
        return Action::Skip;
    }
    if tag == "a" {
        if attr(node, "href").is_some_and(|h| chrome::is_chrome_href(&h)) {
            return Action::Skip;
        }
        if chrome::is_chrome_text(&node.text()) {
            return Action::Skip;
        }
    }
    if matches!(tag, "div" | "section" | "ul" | "ol") {
        // A section introduced by "Partager :" or "Les plus lus" is chrome.
        if let Some(first) = node.first_element_child() {
            let is_heading = first
                .element_ref()
                .is_some_and(|e| heading_level(&e.name.local).is_some());
            if is_heading && chrome::is_chrome_heading(&sanitize::clean_line(&first.text())) {
                return Action::Skip;
            }
        }
    }
    Action::Normal
}

/// Guards against layout wrappers named like chrome (`has-sidebar`,
/// `sidebar-right`, `related-content`): an element holding a long text that
/// is mostly not links is content.
fn holds_article_text(node: &NodeRef<'_>) -> bool {
    let total = node.text().len();
    if total < 1500 {
        return false;
    }
    let links: usize = node
        .descendants_it()
        .filter(|d| d.element_ref().is_some_and(|e| &*e.name.local == "a"))
        .map(|a| a.text().len())
        .sum();
    links * 2 < total
}

/// A `header`/`footer` outside any `article` that belongs to the page rather
/// than to the text: it holds navigation, has a landmark role, or is named
/// after the site. (A `header` inside feed content is kept.)
fn is_page_banner(node: &NodeRef<'_>, info: &ElemInfo) -> bool {
    if attr(node, "role").is_some_and(|r| {
        let r = r.to_ascii_lowercase();
        r == "banner" || r == "contentinfo"
    }) {
        return true;
    }
    let named = |s: &str| {
        ["site", "page", "masthead", "global", "top", "copyright"]
            .iter()
            .any(|m| s.contains(m))
    };
    if named(&info.class) || named(&info.id) {
        return true;
    }
    node.descendants_it().any(|d| {
        d.element_ref()
            .is_some_and(|e| matches!(&*e.name.local, "nav" | "form" | "ul"))
    })
}
