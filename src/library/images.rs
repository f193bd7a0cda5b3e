//! Which pictures an article wants, and getting them: from the disk cache when kept, else
//! from the network, kept on disk when the article is bookmarked.
//!
//! The lead picture — shown under the title — is the one the feed declares for the item,
//! else the one the article's page names as its `og:image` (full text and saved pages keep
//! it), else the body's first. A lead that also stands in the body moves up with its caption
//! instead of showing twice.

use std::collections::HashMap;
use std::path::Path;

use crate::fetch::Fetcher;
use crate::images::{self, cache::Standing, DiskCache, ImageError, Limits, Picture, TidyReport};
use crate::model::{Article, ArticleId};
use crate::render::{Block, Document};
use crate::store::{Store, StoreError};

pub use crate::extract::PAGE_IMAGE_META;

/// Where the lead picture came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeadSource {
    /// The feed declared it for the item.
    Feed,
    /// The article's page names it (`og:image`).
    Page,
    /// The first picture of the body.
    Body,
}

/// The article's lead picture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    pub url: String,
    pub source: LeadSource,
}

/// A picture the article shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub url: String,
    pub alt: String,
}

/// The `og:image` extraction kept at the head of `html`, if any.
pub fn page_image(html: &str) -> Option<String> {
    let head = html.get(..html.len().min(4096)).unwrap_or(html);
    let start = head.find(PAGE_IMAGE_META)? + PAGE_IMAGE_META.len();
    let end = start + head[start..].find('"')?;
    let url = html_escape::decode_html_entities(&head[start..end])
        .trim()
        .to_string();
    (url.starts_with("http://") || url.starts_with("https://")).then_some(url)
}

/// Chooses the lead picture: the feed's, else the page's, else the body's first.
pub fn lead_image(feed_image: Option<&str>, html: &str, doc: &Document) -> Option<Lead> {
    let usable = |u: &&str| u.starts_with("http://") || u.starts_with("https://");
    if let Some(url) = feed_image.map(str::trim).filter(usable) {
        return Some(Lead {
            url: url.to_string(),
            source: LeadSource::Feed,
        });
    }
    if let Some(url) = page_image(html) {
        return Some(Lead {
            url,
            source: LeadSource::Page,
        });
    }
    doc.blocks.iter().find_map(|b| match b {
        Block::Image { src: Some(src), .. } => Some(Lead {
            url: src.clone(),
            source: LeadSource::Body,
        }),
        _ => None,
    })
}

/// Puts the lead picture first: moved up (with its caption) when the body has it, else
/// added with no alt text.
pub fn place_lead(doc: &mut Document, lead: &Lead) {
    let at = doc
        .blocks
        .iter()
        .position(|b| matches!(b, Block::Image { src: Some(s), .. } if *s == lead.url));
    match at {
        Some(0) => {}
        Some(i) => {
            let take = if matches!(doc.blocks.get(i + 1), Some(Block::Caption { .. })) {
                2
            } else {
                1
            };
            let moved: Vec<Block> = doc.blocks.drain(i..i + take).collect();
            doc.blocks.splice(0..0, moved);
        }
        None => doc.blocks.insert(
            0,
            Block::Image {
                alt: String::new(),
                src: Some(lead.url.clone()),
            },
        ),
    }
}

/// The pictures a document shows, in order, each once.
pub fn wanted(doc: &Document) -> Vec<Wanted> {
    let mut out: Vec<Wanted> = Vec::new();
    for block in &doc.blocks {
        if let Block::Image {
            alt,
            src: Some(url),
        } = block
        {
            if !out.iter().any(|w| w.url == *url) {
                out.push(Wanted {
                    url: url.clone(),
                    alt: alt.clone(),
                });
            }
        }
    }
    out
}

/// The picture the feed declares for the article (media:thumbnail, an image enclosure…).
pub fn feed_image(article: &Article) -> Option<&str> {
    article.image.as_deref()
}

/// Gets a picture: the kept copy when there is one, else the network's; with `keep`, a
/// fetched picture that decodes is kept on disk for that (bookmarked) article.
pub async fn load(
    fetcher: Option<&Fetcher>,
    cache: Option<&DiskCache>,
    limits: Limits,
    url: &str,
    keep: Option<ArticleId>,
) -> Result<Picture, ImageError> {
    if let Some(bytes) = cache.and_then(|c| c.get(url)) {
        let picture = decode_off_loop(bytes.into(), limits).await;
        if let (Ok(_), Some(cache), Some(id)) = (&picture, cache, keep) {
            // Listed for this article too, so it stays while the article does.
            if let Err(e) = cache.put(id, url, &[]) {
                tracing::warn!("{e}");
            }
        }
        return picture;
    }
    let Some(fetcher) = fetcher else {
        return Err(ImageError::Offline);
    };
    let bytes = images::fetch(fetcher, url, &limits).await?;
    let picture = decode_off_loop(bytes.clone(), limits).await?;
    if let (Some(cache), Some(id)) = (cache, keep) {
        if let Err(e) = cache.put(id, url, &bytes) {
            tracing::warn!("{e}");
        }
    }
    Ok(picture)
}

/// Keeps a bookmarked or saved article's pictures on disk for offline reading: each picture
/// it shows (`wanted` of its document), fetched unless already kept. Returns how many are
/// kept, and the ones that could not be had with why.
pub async fn keep_for(
    fetcher: &Fetcher,
    cache: &DiskCache,
    limits: Limits,
    article: ArticleId,
    pictures: Vec<Wanted>,
) -> (usize, Vec<(String, ImageError)>) {
    let mut kept = 0;
    let mut failed = Vec::new();
    for w in pictures {
        match load(Some(fetcher), Some(cache), limits, &w.url, Some(article)).await {
            Ok(_) => kept += 1,
            Err(e) => failed.push((w.url, e)),
        }
    }
    (kept, failed)
}

async fn decode_off_loop(bytes: bytes::Bytes, limits: Limits) -> Result<Picture, ImageError> {
    tokio::task::spawn_blocking(move || images::decode(&bytes, &limits))
        .await
        .unwrap_or_else(|e| Err(ImageError::Corrupt(e.to_string())))
}

/// Tidies the picture cache beside `database` after articles went (retention, a feed
/// removed) or bookmarks were taken off.
pub fn tidy(store: &Store, database: &Path, max_bytes: u64) -> Result<TidyReport, TidyError> {
    let cache = DiskCache::beside(database, max_bytes);
    let mut standing = HashMap::new();
    for id in cache.articles() {
        let s = match store.article(id)? {
            Some(a) => Standing::Kept {
                bookmarked: a.bookmarked,
            },
            None => Standing::Gone,
        };
        standing.insert(id, s);
    }
    Ok(cache.tidy(&standing)?)
}

/// Tidies the picture cache after retention or a feed's removal, as the config bounds it;
/// a failure is logged, never the caller's (the pictures are a cache).
pub fn tidy_after_removal(store: &Store, database: &Path, config: &crate::config::Config) {
    let max = config.reader.image_cache_mib.saturating_mul(1 << 20);
    match tidy(store, database, max) {
        Ok(r) if r.removed > 0 => tracing::info!(removed = r.removed, "picture cache tidied"),
        Ok(_) => {}
        Err(e) => tracing::warn!("tidying the picture cache: {e}"),
    }
}

/// Why the picture cache could not be tidied.
#[derive(Debug, thiserror::Error)]
pub enum TidyError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Cache(#[from] images::CacheError),
}

impl crate::i18n::Explain for TidyError {
    fn explain(&self) -> crate::i18n::Phrase {
        match self {
            TidyError::Store(e) => e.explain(),
            TidyError::Cache(e) => e.explain(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://africa24tv.com/article/";

    fn doc(html: &str) -> Document {
        Document::from_html(html, Some(BASE))
    }

    #[test]
    fn the_feed_s_picture_comes_first() {
        let html = format!(r#"{PAGE_IMAGE_META}https://x.org/og.jpg"><p>t</p><img src="/b.jpg">"#);
        let lead = lead_image(Some("https://x.org/feed.jpg"), &html, &doc(&html)).unwrap();
        assert_eq!(
            lead,
            Lead {
                url: "https://x.org/feed.jpg".into(),
                source: LeadSource::Feed
            }
        );
    }

    #[test]
    fn without_a_feed_picture_the_page_s_og_image_leads() {
        let html = format!(r#"{PAGE_IMAGE_META}https://x.org/og.jpg"><p>t</p><img src="/b.jpg">"#);
        let lead = lead_image(None, &html, &doc(&html)).unwrap();
        assert_eq!(lead.url, "https://x.org/og.jpg");
        assert_eq!(lead.source, LeadSource::Page);
    }

    #[test]
    fn else_the_body_s_first_picture_leads() {
        let html = r#"<p>t</p><img src="/b.jpg" alt="B"><img src="/c.jpg">"#;
        let lead = lead_image(None, html, &doc(html)).unwrap();
        assert_eq!(lead.url, "https://africa24tv.com/b.jpg");
        assert_eq!(lead.source, LeadSource::Body);
    }

    #[test]
    fn an_article_without_pictures_has_no_lead() {
        let html = "<p>Texte seul.</p>";
        assert_eq!(lead_image(None, html, &doc(html)), None);
    }

    #[test]
    fn a_stored_article_s_feed_picture_stands_above_its_body_s() {
        use crate::model::{ParsedFeed, ParsedItem};
        use crate::store::{AddOutcome, ArticleQuery, FeedUpdate, NewFeed};
        let mut store = Store::open_in_memory().unwrap();
        let feed = match store
            .add_feed(&NewFeed {
                url: "https://example.org/feed".into(),
                ..Default::default()
            })
            .unwrap()
        {
            AddOutcome::Added(id) | AddOutcome::Exists(id) => id,
        };
        let item = ParsedItem {
            uid: "a".into(),
            link: Some(BASE.into()),
            title: "Titre".into(),
            content_html: Some(r#"<p>Texte.</p><img src="/corps.jpg" alt="Corps">"#.into()),
            image: Some("https://example.org/vignette.jpg".into()),
            ..Default::default()
        };
        let update = FeedUpdate {
            parsed: ParsedFeed {
                items: vec![item],
                ..Default::default()
            },
            etag: None,
            last_modified: None,
            new_url: None,
            next_fetch: chrono::Utc::now(),
        };
        store.record_fetch_success(feed, &update).unwrap();
        let id = store.list_articles(&ArticleQuery::default()).unwrap()[0].id;
        let article = store.require_article(id).unwrap();
        let doc = crate::library::reading::document(&article);
        let urls: Vec<String> = wanted(&doc).into_iter().map(|w| w.url).collect();
        assert_eq!(
            urls,
            [
                "https://example.org/vignette.jpg",
                "https://africa24tv.com/corps.jpg"
            ]
        );
        assert!(matches!(doc.blocks[0], Block::Image { .. }));
    }

    #[test]
    fn a_lead_in_the_body_moves_up_with_its_caption_and_shows_once() {
        let html = r#"<p>Intro.</p><figure><img src="/b.jpg" alt="B"><figcaption>Légende</figcaption></figure><p>Fin.</p>"#;
        let mut d = doc(html);
        let lead = Lead {
            url: "https://africa24tv.com/b.jpg".into(),
            source: LeadSource::Page,
        };
        place_lead(&mut d, &lead);
        let kinds: Vec<&str> = d.blocks.iter().map(Block::type_name).collect();
        assert_eq!(kinds, ["image", "caption", "paragraph", "paragraph"]);
        assert_eq!(wanted(&d).len(), 1);
    }

    #[test]
    fn a_lead_not_in_the_body_is_added_above_it() {
        let mut d = doc("<p>Intro.</p>");
        place_lead(
            &mut d,
            &Lead {
                url: "https://x.org/og.jpg".into(),
                source: LeadSource::Page,
            },
        );
        assert_eq!(
            d.blocks[0],
            Block::Image {
                alt: String::new(),
                src: Some("https://x.org/og.jpg".into())
            }
        );
    }
}
