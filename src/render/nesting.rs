//! A cap on how deeply HTML elements nest, applied before the HTML parser sees a document.
//!
//! The HTML5 tree builder (html5ever, under dom_query and dom_smoothie) looks through the
//! stack of open elements on most start and end tags ("is there a `p` in button scope?"),
//! so a document nesting elements *n* deep costs O(n²): 100,000 nested `<div>`s from a
//! hostile feed took minutes to open. Browsers cap the depth for the same reason (Blink
//! at 512). [`limit_depth`] does the same with a cheap scan of the raw tags: start tags
//! beyond [`MAX_NESTING`] open elements (and their matching end tags) are replaced by a
//! space, so their text stays and the parser's stack stays shallow.
//!
//! The scan is an approximation of the tree builder, tuned to never touch ordinary pages:
//! void elements and self-closing tags do not nest, an unclosed `<p>`, `<li>`, `<dt>`,
//! `<dd>`, `<option>`, `<tr>`, `<td>` or `<th>` is closed by its next sibling, an end tag
//! closes everything opened after its start tag, comments and the bodies of `script`,
//! `style` and the other raw-text elements are skipped. A document that never goes beyond
//! the cap is returned untouched (borrowed).

use std::borrow::Cow;
use std::collections::HashMap;

/// Open elements kept; deeper start tags are dropped. Real articles rarely exceed 30.
pub const MAX_NESTING: usize = 256;

/// `html` with elements nested deeper than [`MAX_NESTING`] flattened (see the module doc).
pub fn limit_depth(html: &str) -> Cow<'_, str> {
    limit_depth_to(html, MAX_NESTING)
}

/// [`limit_depth`] with a given cap.
pub fn limit_depth_to(html: &str, max: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut stack: Vec<String> = Vec::new();
    // Tags over the cap, by name, whose end tags are to be dropped too.
    let mut dropped: HashMap<String, usize> = HashMap::new();
    // Byte ranges of tags to replace by a space.
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let lt = i + off;
        let next = bytes.get(lt + 1).copied();
        match next {
            Some(b'!') => {
                i = if bytes[lt..].starts_with(b"<!--") {
                    find(bytes, lt + 4, b"-->").map_or(bytes.len(), |e| e + 3)
                } else {
                    memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1)
                };
            }
            Some(b'?') => {
                i = memchr::memchr(b'>', &bytes[lt..]).map_or(bytes.len(), |e| lt + e + 1);
            }
            Some(b'/') if bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) => {
                let (name, end) = tag_name(bytes, lt + 2);
                let end = tag_end(bytes, end);
                if let Some(n) = dropped.get_mut(&name).filter(|n| **n > 0) {
                    *n -= 1;
                    cuts.push((lt, end));
                } else if let Some(pos) = stack.iter().rposition(|t| *t == name) {
                    stack.truncate(pos);
                }
                i = end;
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, after_name) = tag_name(bytes, lt + 1);
                let end = tag_end(bytes, after_name);
                let self_closing = end >= 2 && bytes[end - 2] == b'/' && bytes[end - 1] == b'>';
                i = end;
                if is_void(&name) || self_closing {
                    continue;
                }
                if let Some(top) = stack.last() {
                    if closes_sibling(&name, top) {
                        stack.pop();
                    }
                }
                if is_raw_text(&name) {
                    // Its body is text to the parser: skip to its end tag.
                    let close = format!("</{name}");
                    i = find_ci(bytes, end, close.as_bytes()).unwrap_or(bytes.len());
                    continue;
                }
                if stack.len() >= max {
                    *dropped.entry(name).or_insert(0) += 1;
                    cuts.push((lt, end));
                } else {
                    stack.push(name);
                }
            }
            _ => i = lt + 1,
        }
        if i >= bytes.len() {
            break;
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for (start, end) in cuts {
        out.push_str(&html[from..start]);
        out.push(' ');
        from = end;
    }
    out.push_str(&html[from..]);
    Cow::Owned(out)
}

/// The lower-cased tag name starting at `i`, and where it ends.
fn tag_name(bytes: &[u8], i: usize) -> (String, usize) {
    let len = bytes[i..]
        .iter()
        .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
        .unwrap_or(bytes.len() - i);
    let name = String::from_utf8_lossy(&bytes[i..i + len]).to_ascii_lowercase();
    (name, i + len)
}

/// Just past the `>` closing a tag whose attributes start at `i` (quotes respected); the
/// end of the input for an unterminated tag. Always on a character boundary.
fn tag_end(bytes: &[u8], mut i: usize) -> usize {
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
        i += 1;
    }
    bytes.len()
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|p| from + p)
}

/// ASCII case-insensitive search.
fn find_ci(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = bytes.get(from..)?;
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len())
        .find(|&p| hay[p..p + needle.len()].eq_ignore_ascii_case(needle))
        .map(|p| from + p)
}

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
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "frame"
            | "basefont"
            | "bgsound"
    )
}

fn is_raw_text(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "textarea"
            | "title"
            | "xmp"
            | "iframe"
            | "noembed"
            | "noframes"
            | "plaintext"
    )
}

/// Whether opening `name` implicitly closes an open `top` (an unclosed sibling).
fn closes_sibling(name: &str, top: &str) -> bool {
    match name {
        "p" | "li" | "option" | "tr" => top == name,
        "dt" | "dd" => matches!(top, "dt" | "dd"),
        "td" | "th" => matches!(top, "td" | "th"),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_html_is_borrowed_untouched() {
        let html = "<html><body><div class=\"a>b\"><p>One<p>Two<ul><li>a<li>b</ul>\
                    <img src=x><br/><script>if (a<b && c>d) {}</script>\
                    <!-- <div><div> --></div></body></html>";
        assert!(matches!(limit_depth_to(html, 8), Cow::Borrowed(_)));
    }

    #[test]
    fn unclosed_paragraphs_and_items_do_not_count_as_nesting() {
        let html = "<p>x".repeat(1000) + &"<li>y".repeat(1000);
        assert!(matches!(limit_depth_to(&html, 4), Cow::Borrowed(_)));
    }

    #[test]
    fn deep_nesting_is_flattened_and_the_text_kept() {
        let html = format!("{}deep text{}", "<div>".repeat(1000), "</div>".repeat(1000));
        let out = limit_depth_to(&html, 10);
        assert_eq!(out.matches("<div>").count(), 10);
        assert_eq!(out.matches("</div>").count(), 10);
        assert!(out.contains("deep text"));
    }

    #[test]
    fn dropped_end_tags_do_not_close_kept_elements() {
        let html = "<div><b><i>x</i></b>after</div>";
        let out = limit_depth_to(html, 2);
        assert_eq!(out, "<div><b> x </b>after</div>");
    }

    #[test]
    fn the_cap_keeps_deep_documents_quick_to_parse() {
        let html = format!(
            "{}deep text{}",
            "<div><b>".repeat(50_000),
            "</b></div>".repeat(50_000)
        );
        let out = limit_depth(&html);
        let doc = dom_query::Document::from(out.as_ref());
        assert!(doc.root().text().contains("deep text"));
    }

    #[test]
    fn unterminated_tags_and_multibyte_text_are_safe() {
        for html in [
            "<div",
            "<div class=\"é",
            "</",
            "<",
            "é<dïv>ü</dïv>",
            "<!--",
            "<script>",
        ] {
            let _ = limit_depth_to(html, 0);
        }
        let out = limit_depth_to("<é><dïv>ü</dïv>", 0);
        assert!(out.contains('ü'));
    }
}
