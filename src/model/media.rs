//! What an item carries besides its text: attached files (a podcast's episode, a video, a
//! PDF, a photograph) and the picture the feed names as its lead image. The fetcher reads them
//! from every feed format, the store keeps them with the article, and the reader lists the
//! files and shows the picture.

use serde::Serialize;

/// A file attached to an article: RSS `<enclosure>`, Atom `<link rel="enclosure">`, a JSON
/// Feed attachment or Media RSS `<media:content>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Enclosure {
    /// Absolute URL of the file.
    pub url: String,
    /// The media type the feed declares (`audio/mpeg`), if any.
    pub mime: Option<String>,
    /// The size in bytes the feed declares, if any (feeds often say 0 or lie: a hint only).
    pub length: Option<u64>,
    /// The title the feed gives the file, if any.
    pub title: Option<String>,
}

impl Enclosure {
    /// Whether the file is a picture, by its declared type or, without one, by its name.
    pub fn is_image(&self) -> bool {
        match self.mime.as_deref() {
            Some(m) if !m.trim().is_empty() => m.trim().to_ascii_lowercase().starts_with("image/"),
            _ => looks_like_image_url(&self.url),
        }
    }
}

/// The most files kept for one article: a feed or server that attaches thousands gets the
/// first ones.
pub const MAX_ENCLOSURES: usize = 32;

/// The URL if it is an absolute `http(s)` one within `max` bytes, trimmed: a hostile feed's
/// `file:` or `javascript:` URL is never offered to a player or fetched.
pub fn usable_media_url(url: &str, max: usize) -> Option<String> {
    let url = url.trim();
    if url.is_empty() || url.len() > max || url.contains(char::is_control) {
        return None;
    }
    let parsed = url::Url::parse(url).ok()?;
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// Keeps the usable files of a list that came from a server: usable URLs, each once, at most
/// [`MAX_ENCLOSURES`].
pub fn usable_enclosures(list: Vec<Enclosure>, max_url: usize) -> Vec<Enclosure> {
    let mut seen = std::collections::HashSet::new();
    list.into_iter()
        .filter_map(|e| {
            let url = usable_media_url(&e.url, max_url)?;
            seen.insert(url.clone()).then_some(Enclosure { url, ..e })
        })
        .take(MAX_ENCLOSURES)
        .collect()
}

/// Whether a URL names a picture file by its extension (query and fragment ignored).
pub fn looks_like_image_url(url: &str) -> bool {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("jpg" | "jpeg" | "png" | "gif" | "webp" | "avif")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enclosure(url: &str, mime: Option<&str>) -> Enclosure {
        Enclosure {
            url: url.into(),
            mime: mime.map(Into::into),
            length: None,
            title: None,
        }
    }

    #[test]
    fn a_picture_is_told_by_its_type_else_by_its_name() {
        assert!(enclosure("http://x/a", Some("image/jpeg")).is_image());
        assert!(!enclosure("http://x/a.jpg", Some("audio/mpeg")).is_image());
        assert!(enclosure("http://x/a.JPG?w=800", None).is_image());
        assert!(!enclosure("http://x/episode.mp3", None).is_image());
    }
}
