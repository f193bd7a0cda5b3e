//! Laid-out lines as text: plain (indents as spaces) or with SGR styles.
//!
//! Used by `griot show` and the tests; the reader styles [`Role`]s itself.
//! The styled form emits only SGR sequences (bold, italic, underline, a few
//! colours), nothing that could move the cursor or talk to the terminal.

use super::lines::{Layout, Line, Role};

impl Layout {
    /// The lines as plain text, indents as spaces, trailing blanks trimmed.
    pub fn plain(&self) -> String {
        lines_plain(&self.lines)
    }

    /// The lines with SGR styling (bold, italic, underline, a few colours);
    /// no other escape sequence.
    pub fn ansi(&self) -> String {
        lines_ansi(&self.lines)
    }
}

/// Plain text of any lines (also for [`header`]'s).
pub fn lines_plain(lines: &[Line]) -> String {
    let mut out = String::new();
    for line in lines {
        let mut l = " ".repeat(line.indent as usize);
        for span in &line.spans {
            l.push_str(&span.text);
        }
        out.push_str(l.trim_end());
        out.push('\n');
    }
    out
}

fn role_sgr(role: Role) -> &'static str {
    match role {
        Role::Body | Role::Quote => "",
        Role::Heading | Role::Title => "",
        Role::PullQuote => "36",
        Role::PullQuoteBar => "36",
        Role::Attribution => "36",
        Role::QuoteBar => "2",
        Role::Code => "33",
        Role::Link => "34",
        Role::LinkNumber => "2;34",
        Role::Image => "35",
        Role::Caption => "2",
        Role::Rule => "2",
        Role::LinkList => "34",
        Role::Meta => "2",
    }
}

/// SGR-styled text of any lines.
pub fn lines_ansi(lines: &[Line]) -> String {
    let mut out = String::new();
    for line in lines {
        let mut l = " ".repeat(line.indent as usize);
        for span in &line.spans {
            let mut codes: Vec<&str> = Vec::new();
            if span.strong {
                codes.push("1");
            }
            if span.emphasis {
                codes.push("3");
            }
            if span.underline {
                codes.push("4");
            }
            let c = role_sgr(span.role);
            if !c.is_empty() {
                codes.push(c);
            }
            if codes.is_empty() || span.text.trim().is_empty() {
                l.push_str(&span.text);
            } else {
                l.push_str("\x1b[");
                l.push_str(&codes.join(";"));
                l.push('m');
                l.push_str(&span.text);
                l.push_str("\x1b[0m");
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::render::blocks::Document;
    use crate::render::layout::lines::LayoutOptions;
    use crate::render::layout::set::layout;

    #[test]
    fn ansi_has_only_sgr() {
        let doc = Document::from_html(
            "<h1>T</h1><p><a href='https://x.org'>l</a> <em>e</em></p>",
            None,
        );
        let a = layout(&doc, &LayoutOptions::default()).ansi();
        assert!(a.contains("\x1b[1m"));
        assert!(a.contains("\x1b[4;34m"));
        let mut rest = a.as_str();
        while let Some(p) = rest.find('\x1b') {
            let seq = &rest[p..];
            let end = seq.find('m').expect("SGR ends with m");
            assert!(
                seq[1..end].starts_with('[')
                    && seq[2..end].chars().all(|c| c.is_ascii_digit() || c == ';')
            );
            rest = &seq[end..];
        }
    }
}
