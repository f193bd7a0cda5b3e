//! The open article's pictures: which it wants (the layout says), which have arrived, which
//! are encoded at the size the layout keeps for them, and the key that shows or hides them.
//!
//! Nothing here waits: a picture is asked for as a [`Command::LoadPicture`], arrives as
//! [`Msg::PictureLoaded`](crate::ui::event::Msg), is laid out (its rows now its own shape),
//! then encoded off the loop once for that size ([`Command::EncodePicture`]). A picture that
//! fails leaves its alt text.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::config::{Config, ImagesMode};
use crate::i18n::t;
use crate::images::{ImageError, Picture};
use crate::render::PictureSize;
use crate::ui::event::{Command, PictureSizes};
use crate::ui::pictures::Encoded;

use super::State;

/// What became of a picture the article wants.
#[derive(Debug, Clone)]
pub enum Arrival {
    Loading,
    Ready(Picture),
    Failed,
}

/// The reader's pictures.
#[derive(Debug, Clone, Default)]
pub struct Pictures {
    /// Pictures are drawn (the toggle key flips it).
    pub shown: bool,
    /// A terminal cell in pixels, as the terminal answered.
    pub cell: (u16, u16),
    /// The most of the pane's height a picture takes, in percent.
    pub share: u8,
    /// The open article's pictures by address.
    pub arrived: HashMap<String, Arrival>,
    /// Encoded pictures by address and size in cells.
    pub encoded: HashMap<(String, u16, u16), Arc<Encoded>>,
    encoding: HashSet<(String, u16, u16)>,
    /// The open article's pictures, as its last layout listed them.
    wanted: Vec<String>,
    /// Pictures asked for with keeping on disk (the article is bookmarked).
    kept: HashSet<String>,
}

impl Pictures {
    /// As the config sets them.
    pub fn from_config(config: &Config) -> Pictures {
        Pictures {
            shown: config.reader.images != ImagesMode::Off,
            cell: (10, 20),
            share: config.reader.image_height,
            ..Pictures::default()
        }
    }

    /// Forgets the last article's pictures.
    pub fn forget(&mut self) {
        self.arrived.clear();
        self.encoded.clear();
        self.encoding.clear();
        self.wanted.clear();
        self.kept.clear();
    }
}

/// What the layout needs to know of the pictures (`None`: they are not shown).
pub(super) fn sizes(state: &State) -> Option<Arc<PictureSizes>> {
    let p = &state.pictures;
    if !p.shown {
        return None;
    }
    let rows = state.panes().reader_rows() as u32;
    let max_rows = (rows * u32::from(p.share) / 100).clamp(1, u32::from(u16::MAX)) as u16;
    let sizes = p
        .arrived
        .iter()
        .map(|(url, a)| {
            let size = match a {
                Arrival::Loading => PictureSize::Loading,
                Arrival::Ready(pic) => {
                    let (width, height) = pic.size();
                    PictureSize::Ready { width, height }
                }
                Arrival::Failed => PictureSize::Unavailable,
            };
            (url.clone(), size)
        })
        .collect();
    Some(Arc::new(PictureSizes {
        sizes,
        cell: p.cell,
        max_rows,
    }))
}

/// After a layout: ask for the pictures not yet asked for, and encode those that arrived at
/// the size the layout keeps for them.
pub(super) fn after_layout(state: &mut State, wanted: &[String]) -> Vec<Command> {
    let mut out = Vec::new();
    let Some(reader) = &state.reader else {
        return out;
    };
    if !state.pictures.shown {
        return out;
    }
    let slots = reader.images.clone();
    state.pictures.wanted = wanted.to_vec();
    out.extend(load_wanted(state));
    let p = &mut state.pictures;
    for slot in slots.iter() {
        let key = (slot.src.clone(), slot.cols, slot.rows);
        if p.encoded.contains_key(&key) || p.encoding.contains(&key) {
            continue;
        }
        if let Some(Arrival::Ready(picture)) = p.arrived.get(&slot.src) {
            p.encoding.insert(key);
            out.push(Command::EncodePicture {
                url: slot.src.clone(),
                picture: picture.clone(),
                cols: slot.cols,
                rows: slot.rows,
            });
        }
    }
    out
}

/// Asks for the wanted pictures not yet asked for, and, once the article is bookmarked, for
/// those not yet kept on disk (from the network again: the first fetch was not kept).
pub(super) fn load_wanted(state: &mut State) -> Vec<Command> {
    let Some(reader) = &state.reader else {
        return Vec::new();
    };
    if !state.pictures.shown {
        return Vec::new();
    }
    let (id, keep) = (reader.summary.id, reader.summary.bookmarked);
    let network = state.settings.network;
    let p = &mut state.pictures;
    let mut out = Vec::new();
    for url in &p.wanted {
        let asked = p.arrived.contains_key(url);
        let to_keep = keep && !p.kept.contains(url);
        if asked && !to_keep {
            continue;
        }
        if !asked {
            p.arrived.insert(url.clone(), Arrival::Loading);
        }
        if keep {
            p.kept.insert(url.clone());
        }
        out.push(Command::LoadPicture {
            article: id,
            url: url.clone(),
            keep,
            network,
        });
    }
    out
}

/// A picture arrived (or will not); returns whether the article is to be laid out again
/// around it.
pub(super) fn on_loaded(
    state: &mut State,
    url: String,
    result: Result<Picture, ImageError>,
) -> bool {
    let Some(slot) = state.pictures.arrived.get_mut(&url) else {
        return false;
    };
    match result {
        Ok(picture) => *slot = Arrival::Ready(picture),
        // A second fetch (to keep it) that fails leaves the picture shown.
        Err(e) if matches!(slot, Arrival::Ready(_)) => {
            tracing::info!("picture {url} not kept: {e}");
            return false;
        }
        Err(e) => {
            tracing::info!("picture {url}: {e}");
            *slot = Arrival::Failed;
        }
    }
    true
}

/// A picture was encoded for the terminal; returns whether the article is to be laid out
/// again (it could not be, and gives its rows back).
pub(super) fn on_encoded(
    state: &mut State,
    url: String,
    size: (u16, u16),
    encoded: Option<Arc<Encoded>>,
) -> bool {
    let key = (url, size.0, size.1);
    let p = &mut state.pictures;
    if !p.encoding.remove(&key) {
        return false;
    }
    match encoded {
        Some(e) => {
            p.encoded.insert(key, e);
            false
        }
        None => {
            p.arrived.insert(key.0, Arrival::Failed);
            true
        }
    }
}

/// The toggle key: pictures shown or hidden; the article is to be laid out again.
pub(super) fn toggle(state: &mut State) {
    state.pictures.shown = !state.pictures.shown;
    let text = if state.pictures.shown {
        t("Pictures shown")
    } else {
        t("Pictures hidden")
    };
    state.say(text, false);
}
