//! What the fetcher hands the store: a feed as parsed, before it has an identity in the store.

use chrono::{DateTime, Utc};

use super::Enclosure;

/// A parsed feed document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFeed {
    pub title: Option<String>,
    pub site_url: Option<String>,
    /// The minimum refresh interval the feed asks for (`<ttl>`, `sy:updatePeriod`), in seconds.
    pub min_interval_secs: Option<i64>,
    pub items: Vec<ParsedItem>,
}

/// One entry of a parsed feed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedItem {
    /// Stable identity within the feed: the GUID, else the link, else a hash of title and date.
    pub uid: String,
    pub guid: Option<String>,
    pub link: Option<String>,
    pub title: String,
    pub author: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    pub summary_html: Option<String>,
    pub content_html: Option<String>,
    /// Files attached to the item, in the feed's order, each URL once.
    pub enclosures: Vec<Enclosure>,
    /// The item's lead picture as the feed names it (absolute URL), if it names one.
    pub image: Option<String>,
}

impl ParsedItem {
    /// Builds the identity the issue of stable articles asks for: GUID, else link, else a
    /// hash of title and date (FNV-1a, stable across builds and platforms).
    pub fn identity(
        guid: Option<&str>,
        link: Option<&str>,
        title: &str,
        date: Option<DateTime<Utc>>,
    ) -> String {
        if let Some(g) = guid.map(str::trim).filter(|g| !g.is_empty()) {
            return g.to_string();
        }
        if let Some(l) = link.map(str::trim).filter(|l| !l.is_empty()) {
            return l.to_string();
        }
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let date = date.map(|d| d.timestamp().to_string()).unwrap_or_default();
        for b in title.bytes().chain([0u8]).chain(date.bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        format!("hash:{h:016x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_prefers_guid_then_link_then_hash() {
        assert_eq!(
            ParsedItem::identity(Some(" g1 "), Some("l"), "t", None),
            "g1"
        );
        assert_eq!(
            ParsedItem::identity(Some(""), Some("http://l/"), "t", None),
            "http://l/"
        );
        let a = ParsedItem::identity(None, None, "Titre", None);
        let b = ParsedItem::identity(None, None, "Titre", None);
        let c = ParsedItem::identity(None, None, "Autre", None);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert!(a.starts_with("hash:"));
    }
}
