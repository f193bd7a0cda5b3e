//! Pictures for the reader: fetched with the shared client, decoded with caps, kept on disk.
//!
//! Articles carry photographs, and a picture is hostile input like any other: a file can
//! claim a billion pixels in a few bytes, stop half-way, or be a web page served as
//! `image/jpeg`. Everything here turns such input into a typed [`ImageError`] — the reader
//! then shows the alt text — and never panics or waits without end:
//! - [`decode`]: the bytes' own signature decides the format (JPEG, PNG, GIF, WebP only),
//!   the size is read from the header and checked before any pixel is decoded
//!   ([`Limits`]), the decoder's allocations are capped, and a decoder's panic is caught;
//! - [`fetch`]: the bytes, through the feeds' HTTP client (its time-outs, redirect rules, the
//!   tests' loopback guard), within the byte cap;
//! - [`cache`]: the files of bookmarked articles' pictures in the data directory, bounded in
//!   size, the oldest of no-longer-bookmarked articles going first.
//!
//! Nothing here knows of a terminal: the front end decides how a [`Picture`] is drawn.

pub mod cache;
mod decode;

use std::sync::Arc;

use bytes::Bytes;

use crate::fetch::{FetchError, Fetcher};

pub use cache::{CacheError, DiskCache, TidyReport};
pub use decode::decode;

/// Caps on one picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes of a picture's file.
    pub max_bytes: usize,
    /// The most pixels (width × height) a picture may decode to.
    pub max_pixels: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 16 << 20,
            max_pixels: 24_000_000,
        }
    }
}

/// Why a picture is not shown.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ImageError {
    #[error("the picture is larger than {limit} bytes")]
    TooManyBytes { limit: usize },
    #[error("the picture is {width}×{height} pixels, more than the {limit} allowed")]
    TooManyPixels { width: u32, height: u32, limit: u64 },
    #[error("decoding the picture would take more memory than allowed")]
    OverMemoryCap,
    #[error("not a picture griot shows (JPEG, PNG, GIF or WebP)")]
    WrongType,
    #[error("the picture's file is cut short")]
    Truncated,
    #[error("the picture cannot be decoded: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Fetch(Arc<FetchError>),
    #[error("the picture is not kept for offline reading")]
    Offline,
}

impl crate::i18n::Explain for ImageError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            ImageError::TooManyBytes { limit } => {
                Phrase::of("the picture is larger than {} bytes").word(limit)
            }
            ImageError::TooManyPixels {
                width,
                height,
                limit,
            } => Phrase::of("the picture is {}×{} pixels, more than the {} allowed")
                .word(width)
                .word(height)
                .word(limit),
            ImageError::OverMemoryCap => {
                Phrase::of("decoding the picture would take more memory than allowed")
            }
            ImageError::WrongType => {
                Phrase::of("not a picture griot shows (JPEG, PNG, GIF or WebP)")
            }
            ImageError::Truncated => Phrase::of("the picture's file is cut short"),
            ImageError::Corrupt(why) => Phrase::of("the picture cannot be decoded: {}").word(why),
            ImageError::Fetch(e) => e.explain(),
            ImageError::Offline => Phrase::of("the picture is not kept for offline reading"),
        }
    }
}

impl ImageError {
    /// Whether the network was out of reach (the picture may come another time).
    pub fn is_network(&self) -> bool {
        matches!(self, ImageError::Offline)
            || matches!(self, ImageError::Fetch(e) if e.is_network())
    }
}

/// A decoded picture.
#[derive(Clone)]
pub struct Picture {
    image: Arc<image::DynamicImage>,
}

impl Picture {
    pub(crate) fn new(image: image::DynamicImage) -> Picture {
        Picture {
            image: Arc::new(image),
        }
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.image.width(), self.image.height())
    }

    /// The pixels, for the front end to scale and encode.
    pub fn image(&self) -> &image::DynamicImage {
        &self.image
    }
}

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (w, h) = self.size();
        write!(f, "Picture({w}×{h})")
    }
}

impl PartialEq for Picture {
    fn eq(&self, other: &Picture) -> bool {
        Arc::ptr_eq(&self.image, &other.image)
    }
}

/// Fetches a picture's file, within the byte cap.
pub async fn fetch(fetcher: &Fetcher, url: &str, limits: &Limits) -> Result<Bytes, ImageError> {
    let page = fetcher
        .http()
        .get_page(url)
        .await
        .map_err(|e| ImageError::Fetch(Arc::new(e)))?;
    if page.body.len() > limits.max_bytes {
        return Err(ImageError::TooManyBytes {
            limit: limits.max_bytes,
        });
    }
    Ok(page.body)
}
