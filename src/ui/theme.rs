//! Colours and text attributes: the one place where roles become terminal styles.
//!
//! The reader's layout tags every span with a [`Role`]; lists and bars use the named styles
//! below. Dark and light themes differ in colours only; `NO_COLOR` drops every colour and
//! keeps bold, italic, underline and reverse, so pull-quotes still stand apart (italic, with
//! their heavy bar) and the selection still shows (reverse).

use ratatui::style::{Color, Modifier, Style};

use crate::config::theme::{parse_color, ColorSpec};
use crate::config::{ThemeConfig, ThemeName};
use crate::render::{Role, Span};

/// The styles the views draw with.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub color: bool,
    pub accent: Color,
    pub pullquote: Color,
    pub quote: Color,
    pub heading: Color,
    pub link: Color,
    pub unread: Color,
    pub read: Color,
    pub error: Color,
    pub status: Color,
    pub code: Color,
    pub dim: Color,
}

impl Theme {
    /// The theme from the config; `no_color` (from `NO_COLOR`) removes all colours.
    pub fn new(config: &ThemeConfig, no_color: bool) -> Theme {
        let mut theme = match config.name {
            ThemeName::Dark => Theme {
                color: true,
                accent: Color::Cyan,
                pullquote: Color::LightCyan,
                quote: Color::Gray,
                heading: Color::LightYellow,
                link: Color::LightBlue,
                unread: Color::White,
                read: Color::DarkGray,
                error: Color::LightRed,
                status: Color::Blue,
                code: Color::Yellow,
                dim: Color::DarkGray,
            },
            ThemeName::Light => Theme {
                color: true,
                accent: Color::Blue,
                pullquote: Color::Magenta,
                quote: Color::DarkGray,
                heading: Color::Red,
                link: Color::Blue,
                unread: Color::Black,
                read: Color::Gray,
                error: Color::Red,
                status: Color::Cyan,
                code: Color::Magenta,
                dim: Color::Gray,
            },
        };
        let c = &config.colors;
        for (slot, value) in [
            (&mut theme.accent, &c.accent),
            (&mut theme.pullquote, &c.pullquote),
            (&mut theme.quote, &c.quote),
            (&mut theme.heading, &c.heading),
            (&mut theme.link, &c.link),
            (&mut theme.unread, &c.unread),
            (&mut theme.read, &c.read),
            (&mut theme.error, &c.error),
            (&mut theme.status, &c.status),
        ] {
            if let Some(color) = value.as_deref().and_then(parse_color) {
                *slot = to_color(color);
            }
        }
        theme.color = !no_color;
        theme
    }

    /// Whether `NO_COLOR` is set (to anything non-empty), per no-color.org.
    pub fn no_color_env() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    /// Plain text.
    pub fn base(&self) -> Style {
        Style::default()
    }

    /// The selected row (reverse, so it shows without colour too).
    pub fn selected(&self, focused: bool) -> Style {
        if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            self.fg(self.accent).add_modifier(Modifier::UNDERLINED)
        }
    }

    /// An unread article or a feed with unread articles.
    pub fn unread(&self) -> Style {
        self.fg(self.unread).add_modifier(Modifier::BOLD)
    }

    /// A read article.
    pub fn read(&self) -> Style {
        self.fg(self.read)
    }

    /// Secondary text: dates, feed names, counts of read feeds.
    pub fn dim(&self) -> Style {
        if self.color {
            self.fg(self.dim)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }

    /// Pane titles, tag headers.
    pub fn title(&self) -> Style {
        self.fg(self.accent).add_modifier(Modifier::BOLD)
    }

    /// Failure marks and error messages.
    pub fn error(&self) -> Style {
        self.fg(self.error).add_modifier(Modifier::BOLD)
    }

    /// The status bar.
    pub fn status_bar(&self) -> Style {
        if self.color {
            Style::default().bg(self.status).fg(Color::White)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }

    /// Borders between panes.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            self.fg(self.accent)
        } else {
            self.dim()
        }
    }

    /// A search match in a snippet.
    pub fn highlight(&self) -> Style {
        self.fg(self.accent)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// A layout role.
    pub fn role(&self, role: Role) -> Style {
        match role {
            Role::Body => self.base(),
            Role::Title => self.fg(self.heading).add_modifier(Modifier::BOLD),
            Role::Heading => self.fg(self.heading).add_modifier(Modifier::BOLD),
            Role::PullQuote => self.fg(self.pullquote).add_modifier(Modifier::ITALIC),
            Role::PullQuoteBar => self.fg(self.accent).add_modifier(Modifier::BOLD),
            Role::Attribution => self.fg(self.accent),
            Role::Quote => self.fg(self.quote),
            Role::QuoteBar => self.dim(),
            Role::Code => self.fg(self.code),
            Role::Link => self.fg(self.link).add_modifier(Modifier::UNDERLINED),
            Role::LinkNumber => self.fg(self.link),
            Role::Image => self.fg(self.accent).add_modifier(Modifier::ITALIC),
            Role::Caption => self.dim().add_modifier(Modifier::ITALIC),
            Role::Rule => self.dim(),
            Role::LinkList => self.fg(self.link),
            Role::Meta => self.dim(),
        }
    }

    /// A laid-out span: its role's style plus its own emphasis.
    pub fn span(&self, span: &Span) -> Style {
        let mut style = self.role(span.role);
        if span.strong {
            style = style.add_modifier(Modifier::BOLD);
        }
        if span.emphasis {
            style = style.add_modifier(Modifier::ITALIC);
        }
        if span.underline {
            style = style.add_modifier(Modifier::UNDERLINED);
        }
        style
    }
}

/// A config colour as a terminal colour.
pub fn to_color(c: ColorSpec) -> Color {
    match c {
        ColorSpec::Rgb(r, g, b) => Color::Rgb(r, g, b),
        ColorSpec::Named(i) => match i {
            0 => Color::Black,
            1 => Color::Red,
            2 => Color::Green,
            3 => Color::Yellow,
            4 => Color::Blue,
            5 => Color::Magenta,
            6 => Color::Cyan,
            7 => Color::Gray,
            8 => Color::DarkGray,
            9 => Color::LightRed,
            10 => Color::LightGreen,
            11 => Color::LightYellow,
            12 => Color::LightBlue,
            13 => Color::LightMagenta,
            14 => Color::LightCyan,
            _ => Color::White,
        },
    }
}
