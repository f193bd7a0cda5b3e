//! Pictures on the terminal, through ratatui-image: which protocol the terminal speaks
//! (kitty, iTerm2, sixel, else half-blocks — its `Picker` asks the terminal), a picture
//! encoded for that protocol once per size, and drawn sliced, so a picture half scrolled out
//! of the pane shows its visible rows.
//!
//! The only place griot's pictures meet ratatui-image: the domain ([`crate::images`]) hands
//! over decoded pixels, the state keeps what is encoded here, and the view draws it.

use ratatui::buffer::Buffer;
use ratatui::layout::{Rect, Size};
use ratatui::widgets::Widget;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::sliced::{SignedPosition, SlicedImage, SlicedProtocol};
use ratatui_image::Resize;

use crate::config::ImagesMode;
use crate::images::Picture;

/// The picker for the configured mode: `auto` asks the terminal (before the input thread
/// starts reading, so the answer is not taken for keys); the others draw with half-blocks.
pub fn picker(mode: ImagesMode) -> Picker {
    match mode {
        ImagesMode::Auto => Picker::from_query_stdio().unwrap_or_else(|e| {
            tracing::info!("the terminal did not say how it draws pictures ({e}); half-blocks");
            Picker::halfblocks()
        }),
        ImagesMode::Halfblocks | ImagesMode::Off => Picker::halfblocks(),
    }
}

/// The protocol's name, for the log.
pub fn protocol_name(picker: &Picker) -> &'static str {
    match picker.protocol_type() {
        ProtocolType::Halfblocks => "half-blocks",
        ProtocolType::Sixel => "sixel",
        ProtocolType::Kitty => "kitty",
        ProtocolType::Iterm2 => "iTerm2",
    }
}

/// A picture encoded for the terminal at one size.
pub struct Encoded {
    proto: SlicedProtocol,
}

impl std::fmt::Debug for Encoded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.proto.size();
        write!(f, "Encoded({}×{} cells)", s.width, s.height)
    }
}

impl Encoded {
    /// Its size in cells (within the size asked for; never larger).
    pub fn size(&self) -> (u16, u16) {
        let s = self.proto.size();
        (s.width, s.height)
    }
}

/// Encodes a picture to fit `cols`×`rows` cells (CPU work: off the loop).
pub fn encode(picker: &Picker, picture: &Picture, cols: u16, rows: u16) -> Option<Encoded> {
    let proto = SlicedProtocol::new_with_resize(
        picker,
        picture.image().clone(),
        Size::new(cols.max(1), rows.max(1)),
        Resize::Fit(None),
    );
    match proto {
        Ok(proto) => Some(Encoded { proto }),
        Err(e) => {
            tracing::warn!("encoding a picture for the terminal: {e}");
            None
        }
    }
}

/// `griot show --images`: the article's lines printed, each kept picture drawn in its rows
/// by the terminal's protocol (an inline viewport under the text printed so far). `lay` sets
/// the article out for a cell size in pixels and the most rows a picture may take, giving
/// its printed lines and the rows kept for pictures.
pub fn print_article(
    mode: ImagesMode,
    pictures: &std::collections::HashMap<String, Picture>,
    lay: impl FnOnce((u16, u16), u16) -> (String, Vec<crate::render::ImageSlot>),
) -> std::io::Result<()> {
    use std::io::Write;
    let picker = picker(mode);
    let font = picker.font_size();
    let rows = crossterm::terminal::size().map_or(24, |(_, h)| h);
    let (text, slots) = lay((font.width, font.height), (rows / 2).max(4));
    let lines: Vec<&str> = text.lines().collect();
    let mut out = std::io::stdout();
    let mut i = 0;
    while i < lines.len() {
        let slot = slots.iter().find(|s| s.line == i);
        if let Some((slot, picture)) = slot.and_then(|s| Some((s, pictures.get(&s.src)?))) {
            out.flush()?;
            draw_inline(&picker, picture, slot)?;
            i += usize::from(slot.rows);
            continue;
        }
        writeln!(out, "{}", lines[i])?;
        i += 1;
    }
    out.flush()
}

/// One picture drawn in an inline viewport of its rows, the cursor left under it.
fn draw_inline(
    picker: &Picker,
    picture: &Picture,
    slot: &crate::render::ImageSlot,
) -> std::io::Result<()> {
    use ratatui::backend::CrosstermBackend;
    use ratatui::{Terminal, TerminalOptions, Viewport};
    let size = Size::new(slot.cols.max(1), slot.rows.max(1));
    let proto = picker
        .new_protocol(picture.image().clone(), size, Resize::Fit(None))
        .map_err(std::io::Error::other)?;
    let mut term = Terminal::with_options(
        CrosstermBackend::new(std::io::stdout()),
        TerminalOptions {
            viewport: Viewport::Inline(slot.rows),
        },
    )?;
    let mut bottom = 0;
    term.draw(|f| {
        let area = f.area();
        let x = area.x + slot.indent.min(area.width);
        let at = Rect::new(x, area.y, slot.cols, slot.rows).intersection(area);
        bottom = area.bottom();
        f.render_widget(ratatui_image::Image::new(&proto), at);
    })?;
    crossterm::execute!(std::io::stdout(), crossterm::cursor::MoveTo(0, bottom))
}

/// Draws `encoded` in `area` with its top-left cell at (`x`, `y`) from the area's corner;
/// `y` below zero scrolls its first rows out of view.
pub fn draw(buf: &mut Buffer, area: Rect, encoded: &Encoded, x: u16, y: i32) {
    let y = y.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16;
    let x = x.min(i16::MAX as u16) as i16;
    SlicedImage::new(&encoded.proto, SignedPosition::from((x, y))).render(area, buf);
}
