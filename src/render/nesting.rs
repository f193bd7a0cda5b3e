//! A guard against pathologically nested HTML.
//!
//! The HTML5 tree builder checks its stack of open elements on every tag, so
//! parsing time grows with nesting depth times length: 20,000 nested `<div>`s
//! take tens of seconds. A feed must not be able to freeze the reader that
//! way, so before parsing, tags opened beyond a depth limit (and their
//! closing tags) are dropped; their text stays. Ordinary pages nest a few
//! dozen levels and are returned untouched (borrowed).

use std::borrow::Cow;

/// Elements that never hold content.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "source"
            | "track"
            | "wbr"
            | "param"
            | "keygen"
    )
}

/// Elements whose end tag is optional: not counted, so unclosed `<p>`s and
/// `<li>`s do not look deep.
fn is_optional_end(name: &str) -> bool {
    matches!(
        name,
        "p" | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "option"
            | "optgroup"
            | "thead"
            | "tbody"
            | "tfoot"
            | "colgroup"
            | "rb"
            | "rt"
            | "rp"
            | "html"
            | "head"
            | "body"
    )
}

/// Elements whose content is raw text up to their end tag.
fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
    )
}

fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    (from..=hay.len() - needle.len())
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// End of a tag starting at `lt` (index of the byte after `>`), honouring
/// quoted attribute values.
fn tag_end(b: &[u8], lt: usize) -> usize {
    let mut quote: Option<u8> = None;
    let mut i = lt + 1;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    b.len()
}

/// Returns `html` with tags opened deeper than `max_depth` removed.
pub(crate) fn limit_nesting(html: &str, max_depth: usize) -> Cow<'_, str> {
    let b = html.as_bytes();
    let mut depth = 0usize;
    let mut excess = 0usize;
    let mut dropped: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + off;
        let next = b.get(lt + 1).copied().unwrap_or(0);
        if next == b'!' {
            i = if b[lt..].starts_with(b"<!--") {
                find_ci(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3)
            } else {
                tag_end(b, lt)
            };
            continue;
        }
        let closing = next == b'/';
        let name_start = if closing { lt + 2 } else { lt + 1 };
        let name_len = b[name_start.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        // Lowercased on the stack: the names that matter are short.
        let mut lower = [0u8; 16];
        let n = name_len.min(16);
        for (d, s) in lower.iter_mut().zip(&b[name_start..name_start + n]) {
            *d = s.to_ascii_lowercase();
        }
        let name = if name_len <= 16 {
            std::str::from_utf8(&lower[..n]).unwrap_or("")
        } else {
            "-long-"
        };
        let end = tag_end(b, lt);
        let self_closing = end >= 2 && b[end - 2] == b'/' && b[end - 1] == b'>';
        if closing {
            if !is_void(name) && !is_optional_end(name) {
                if excess > 0 {
                    excess -= 1;
                    dropped.push((lt, end));
                } else {
                    depth = depth.saturating_sub(1);
                }
            }
            i = end;
            continue;
        }
        if is_raw_text(name) {
            let close = format!("</{name}");
            i = find_ci(b, end, close.as_bytes()).unwrap_or(b.len());
            continue;
        }
        if !is_void(name) && !is_optional_end(name) && !self_closing {
            if depth >= max_depth {
                excess += 1;
                dropped.push((lt, end));
            } else {
                depth += 1;
            }
        }
        i = end;
    }
    if dropped.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    for (s, e) in dropped {
        out.push_str(&html[at..s]);
        at = e;
    }
    out.push_str(&html[at..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_html_is_borrowed() {
        let html =
            "<div><p>a<p>b<ul><li>x<li>y</ul><img src=x><br/><script>if (a<b) {}</script></div>";
        assert!(matches!(limit_nesting(html, 3), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_cut_keeping_text() {
        let html = "<div>".repeat(10) + "texte" + &"</div>".repeat(10);
        let out = limit_nesting(&html, 4);
        assert_eq!(out, "<div>".repeat(4) + "texte" + &"</div>".repeat(4));
    }

    #[test]
    fn quoted_brackets_and_comments_do_not_confuse() {
        let html = r#"<a title="x>y"><!-- <div><div> --><b>t</b></a>"#;
        assert!(matches!(limit_nesting(html, 2), Cow::Borrowed(_)));
    }
}
