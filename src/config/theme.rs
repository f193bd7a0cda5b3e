//! Colours as the config names them: one of the 16 terminal colours or `#rrggbb`.
//!
//! Plain data, no terminal library: the config checks the `[theme.colors]` table with
//! [`parse_color`], and the reader's theme turns a [`ColorSpec`] into a terminal colour.

/// Parses a colour name or `#rrggbb` into RGB-free form: `Some(name or hex)` when valid.
pub fn parse_color(s: &str) -> Option<ColorSpec> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix('#') {
        if hex.len() == 6 {
            let v = u32::from_str_radix(hex, 16).ok()?;
            return Some(ColorSpec::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
        }
        return None;
    }
    let named = [
        "black",
        "red",
        "green",
        "yellow",
        "blue",
        "magenta",
        "cyan",
        "gray",
        "darkgray",
        "lightred",
        "lightgreen",
        "lightyellow",
        "lightblue",
        "lightmagenta",
        "lightcyan",
        "white",
    ];
    let lower = s.to_ascii_lowercase().replace(['_', '-', ' '], "");
    named
        .iter()
        .position(|n| *n == lower)
        .map(|i| ColorSpec::Named(i as u8))
}

/// A colour from the config: one of the 16 terminal colours (index in the list above) or RGB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorSpec {
    Named(u8),
    Rgb(u8, u8, u8),
}
