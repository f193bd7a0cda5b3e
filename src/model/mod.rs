//! The domain's vocabulary: feeds, articles and what a fetch brings back.
//!
//! These types are shared by the store, the fetcher, the command line and the UI.
//! They carry no behaviour beyond small conveniences, so every layer can depend on
//! them without depending on each other.

mod article;
mod feed;
mod media;
mod parsed;

pub use article::{Article, ArticleId, ArticleSummary};
pub use feed::{Feed, FeedId, FetchStatus};
pub use media::{
    looks_like_image_url, usable_enclosures, usable_media_url, Enclosure, MAX_ENCLOSURES,
};
pub use parsed::{ParsedFeed, ParsedItem};
