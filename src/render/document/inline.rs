//! Text inside a block: whitespace folded, styles kept as runs, links numbered.
//!
//! The part of the walk that fills the inline buffer, apart from the block
//! structure (`walk`), because its rules (where a space goes, which run a text
//! joins, when a link gets its number) are subtle enough to want a page of
//! their own.

use dom_query::NodeRef;

use super::elements::attr;
use super::Builder;
use crate::render::blocks::Inline;
use crate::render::sanitize::{self, is_fold_space};

impl Builder {
    pub(super) fn link(&mut self, node: &NodeRef<'_>, depth: usize) {
        let url = attr(node, "href").and_then(|h| self.resolve(&h));
        let saved = (self.link_url.take(), self.link_num.take());
        self.link_url = url;
        self.walk_children(node, depth);
        (self.link_url, self.link_num) = saved;
    }

    fn resolve(&self, href: &str) -> Option<String> {
        let href = sanitize::clean_line(href);
        if href.is_empty() || href.starts_with('#') {
            return None;
        }
        let resolved = match &self.base {
            Some(base) => base.join(&href).ok()?,
            None => match url::Url::parse(&href) {
                Ok(u) => u,
                Err(_) => return Some(href),
            },
        };
        match resolved.scheme() {
            "http" | "https" | "mailto" | "ftp" | "gemini" | "gopher" | "tel" | "news" => {
                Some(sanitize::clean_line(resolved.as_str()))
            }
            _ => None,
        }
    }

    /// An image's address made absolute; only `http` and `https` pictures are fetched.
    pub(super) fn resolve_image(&self, src: &str) -> Option<String> {
        let url = self.resolve(src)?;
        let scheme = url.split(':').next().unwrap_or("");
        matches!(scheme, "http" | "https").then_some(url)
    }

    fn current_link(&mut self) -> Option<usize> {
        if let Some(n) = self.link_num {
            return Some(n);
        }
        let url = self.link_url.clone()?;
        let n = self.number(url);
        self.link_num = Some(n);
        Some(n)
    }

    /// The number of a link written as `href` (resolved against the page), numbering it if
    /// it is new; `None` for an address griot does not show.
    pub(super) fn number_link(&mut self, href: &str) -> Option<usize> {
        let url = self.resolve(href)?;
        Some(self.number(url))
    }

    fn number(&mut self, url: String) -> usize {
        if let Some(&n) = self.link_numbers.get(&url) {
            return n;
        }
        self.links.push(url.clone());
        let n = self.links.len();
        self.link_numbers.insert(url, n);
        n
    }

    /// Appends text: sanitised, whitespace folded.
    pub(super) fn push_text(&mut self, raw: &str) {
        let cleaned = sanitize::clean(raw);
        let mut line_start = self.cur.last().is_none_or(|i| i.text.ends_with('\n'));
        // The run this text goes into, created on the first visible character.
        let mut target: Option<usize> = None;
        for (k, seg) in cleaned.split(is_fold_space).enumerate() {
            if k > 0 {
                self.pending_space = true;
            }
            if seg.is_empty() {
                continue;
            }
            let space = self.pending_space && !line_start;
            self.pending_space = false;
            line_start = false;
            let idx = match target {
                Some(i) => {
                    if space {
                        self.cur[i].text.push(' ');
                    }
                    i
                }
                None => {
                    // The space goes with the text before it, so that a
                    // link's underline does not start on a blank.
                    let mut lead = false;
                    if space {
                        match self.cur.last_mut() {
                            Some(last) if last.link.is_none() => last.text.push(' '),
                            _ => lead = true,
                        }
                    }
                    let i = self.run_for_current_style();
                    if lead {
                        self.cur[i].text.push(' ');
                    }
                    target = Some(i);
                    i
                }
            };
            self.cur[idx].text.push_str(seg);
        }
    }

    /// Index of the run that text in the current style goes into: the last
    /// one when its style matches, else a new empty one.
    fn run_for_current_style(&mut self) -> usize {
        let style = Inline {
            text: String::new(),
            strong: self.strong > 0,
            emphasis: self.emphasis > 0,
            code: self.code > 0,
            link: self.current_link(),
        };
        match self.cur.last() {
            Some(last) if last.same_style(&style) => self.cur.len() - 1,
            _ => {
                self.cur.push(style);
                self.cur.len() - 1
            }
        }
    }

    pub(super) fn hard_break(&mut self) {
        self.pending_space = false;
        let ends_break = self.cur.last().is_none_or(|i| i.text.ends_with('\n'));
        if !ends_break {
            match self.cur.last_mut() {
                Some(last) => last.text.push('\n'),
                None => self.cur.push(Inline::plain("\n")),
            }
        }
    }
}
