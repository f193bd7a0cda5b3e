//! The header above an article: its title, then who published it and when.
//!
//! Laid out here, with the body's measure and roles, so that the reader and
//! `griot show` print the same header.

use super::{LayoutOptions, Line, Role, Setter, Style, Styled};
use crate::render::sanitize;

/// The article header: title (bold, wrapped), then one meta line "feed ·
/// author · published". Every string is sanitised.
pub fn header(
    title: &str,
    feed: &str,
    author: Option<&str>,
    published: Option<&str>,
    opts: &LayoutOptions,
) -> Vec<Line> {
    let mut s = Setter::for_options(opts);
    let title_style = Style {
        strong: true,
        ..Style::of(Role::Title)
    };
    let title = sanitize::clean_line(title);
    if !title.is_empty() {
        s.text(&Styled::one(title_style, &title), 0, &[], &[], 0);
    }
    let mut meta: Vec<String> = Vec::new();
    for m in [Some(feed), author, published].into_iter().flatten() {
        let m = sanitize::clean_line(m);
        if !m.is_empty() && !meta.contains(&m) {
            meta.push(m);
        }
    }
    if !meta.is_empty() {
        s.text(
            &Styled::one(Style::of(Role::Meta), &meta.join(" · ")),
            0,
            &[],
            &[],
            0,
        );
    }
    s.lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines() {
        let h = header(
            "Le \x1b]0;x\x07titre",
            "Africa24",
            Some("Auteur"),
            Some("2023-11-08"),
            &LayoutOptions::default(),
        );
        assert_eq!(h[0].text(), "Le titre");
        assert_eq!(h[0].spans[0].role, Role::Title);
        assert_eq!(h[1].text(), "Africa24 · Auteur · 2023-11-08");
    }
}
