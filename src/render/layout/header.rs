//! The header above an article: its title, who published it and when, and
//! where it lives (its URL).
//!
//! Laid out here, with the body's measure and roles, so that the reader and
//! `griot show` print the same header.

use super::lines::{LayoutOptions, Line, Role};
use super::set::Setter;
use super::wrap::{Style, Styled};
use crate::render::sanitize;

/// Longest article URL shown in full; a longer one (hostile, or a tracking
/// monster) is cut there and ends in "…".
const MAX_URL_BYTES: usize = 2048;

/// What the header above an article says. Every string is sanitised when laid
/// out; empty ones are left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ArticleHeader<'a> {
    pub title: &'a str,
    /// The feed's (or the site's) name.
    pub feed: &'a str,
    pub author: Option<&'a str>,
    /// The publication date, already written out for the reader.
    pub published: Option<&'a str>,
    /// The article's own address.
    pub url: Option<&'a str>,
}

impl ArticleHeader<'_> {
    /// The header's lines: the title (bold, wrapped), one meta line "feed ·
    /// author · published" (an author who is the feed's name again is said
    /// once), then the article's URL (wrapped, never wider than the width).
    pub fn lines(&self, opts: &LayoutOptions) -> Vec<Line> {
        let mut s = Setter::for_options(opts);
        let title_style = Style {
            strong: true,
            ..Style::of(Role::Title)
        };
        let title = sanitize::clean_line(self.title);
        if !title.is_empty() {
            s.text(&Styled::one(title_style, &title), 0, &[], &[], 0);
        }
        let mut meta: Vec<String> = Vec::new();
        for m in [Some(self.feed), self.author, self.published]
            .into_iter()
            .flatten()
        {
            let m = sanitize::clean_line(m);
            if !m.is_empty() && !meta.contains(&m) {
                meta.push(m);
            }
        }
        if !meta.is_empty() {
            let meta = Styled::one(Style::of(Role::Meta), &meta.join(" · "));
            s.text(&meta, 0, &[], &[], 0);
        }
        let url = sanitize::clean_line(self.url.unwrap_or_default());
        if !url.is_empty() {
            let mut shown = sanitize::truncate_at_char(&url, MAX_URL_BYTES).to_string();
            if shown.len() < url.len() {
                shown.push('…');
            }
            s.text(
                &Styled::one(Style::of(Role::LinkList), &shown),
                0,
                &[],
                &[],
                0,
            );
        }
        s.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_lines() {
        let h = ArticleHeader {
            title: "Le \x1b]0;x\x07titre",
            feed: "Africa24",
            author: Some("Auteur"),
            published: Some("2023-11-08"),
            url: None,
        }
        .lines(&LayoutOptions::default());
        assert_eq!(h[0].text(), "Le titre");
        assert_eq!(h[0].spans[0].role, Role::Title);
        assert_eq!(h[1].text(), "Africa24 · Auteur · 2023-11-08");
    }

    #[test]
    fn the_article_url_has_a_line_of_its_own() {
        let h = ArticleHeader {
            title: "Le titre",
            feed: "Africa24",
            author: None,
            published: Some("8 novembre 2023"),
            url: Some("https://africa24tv.com/le-burkina-faso-et-la-russie\x1b]0;x\x07"),
        }
        .lines(&LayoutOptions::default());
        let text: Vec<String> = h.iter().map(Line::text).collect();
        assert_eq!(
            text,
            [
                "Le titre",
                "Africa24 · 8 novembre 2023",
                "https://africa24tv.com/le-burkina-faso-et-la-russie"
            ]
        );
        assert_eq!(h[2].spans[0].role, Role::LinkList);
    }

    #[test]
    fn a_long_url_wraps_within_the_width_and_a_huge_one_is_cut() {
        let opts = LayoutOptions {
            width: 30,
            ..LayoutOptions::default()
        };
        let url = format!("https://example.org/{}", "a".repeat(60));
        let h = ArticleHeader {
            title: "T",
            url: Some(&url),
            ..ArticleHeader::default()
        }
        .lines(&opts);
        assert!(h.iter().all(|l| l.width() <= 30));
        let shown: String = h[1..].iter().map(Line::text).collect();
        assert_eq!(shown, url);
        let huge = format!("https://example.org/{}", "é".repeat(5000));
        let h = ArticleHeader {
            url: Some(&huge),
            ..ArticleHeader::default()
        }
        .lines(&LayoutOptions::default());
        let shown: String = h.iter().map(Line::text).collect();
        assert!(shown.len() <= MAX_URL_BYTES + '…'.len_utf8() && shown.ends_with('…'));
        assert!(huge.starts_with(shown.trim_end_matches('…')));
    }

    #[test]
    fn no_url_no_url_line() {
        let h = ArticleHeader {
            title: "T",
            feed: "F",
            url: Some("  "),
            ..ArticleHeader::default()
        }
        .lines(&LayoutOptions::default());
        assert_eq!(h.len(), 2);
    }
}
