//! Plain text from stored HTML, for the search index and search snippets.
//!
//! This is deliberately cheaper than the reader's renderer: it only needs the words, in order,
//! with tags dropped, script and style bodies skipped, entities decoded and whitespace folded.

/// Returns the words of an HTML fragment as plain text.
pub fn html_to_text(html: &str) -> String {
    html_to_text_prefix(html, usize::MAX).0
}

/// The first `limit` characters of [`html_to_text`]'s text, and whether that is all of it:
/// a search snippet needs the text only as far as its first match.
pub fn html_to_text_prefix(html: &str, limit: usize) -> (String, bool) {
    let mut out = String::with_capacity(html.len().min(limit.saturating_mul(2)) / 2);
    let mut room = limit;
    let mut rest = html;
    let mut pending_space = false;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(lt) => {
                if push_text(&mut out, &rest[..lt], &mut pending_space, &mut room) {
                    return (out, false);
                }
                rest = &rest[lt..];
                let Some(gt) = rest.find('>') else {
                    break;
                };
                let tag = &rest[1..gt];
                rest = &rest[gt + 1..];
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .map(|c| c.to_ascii_lowercase())
                    .collect();
                if !tag.starts_with('/') && matches!(name.as_str(), "script" | "style") {
                    let close = format!("</{name}");
                    match find_ascii_ci(rest, &close) {
                        Some(end) => rest = &rest[end..],
                        None => break,
                    }
                }
                if is_block(&name) {
                    pending_space = true;
                }
            }
            None => {
                if push_text(&mut out, rest, &mut pending_space, &mut room) {
                    return (out, false);
                }
                break;
            }
        }
    }
    (out, true)
}

/// Appends a run of text between tags; `true` once `room` characters have been written and
/// something is left unwritten.
fn push_text(out: &mut String, raw: &str, pending_space: &mut bool, room: &mut usize) -> bool {
    if raw.is_empty() {
        return false;
    }
    let decoded = html_escape::decode_html_entities(raw);
    for c in decoded.chars() {
        if c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}' {
            *pending_space = true;
        } else if !c.is_control() {
            let space = *pending_space && !out.is_empty();
            if *room < 1 + usize::from(space) {
                return true;
            }
            if space {
                out.push(' ');
            }
            *pending_space = false;
            out.push(c);
            *room -= 1 + usize::from(space);
        }
    }
    false
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "br"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "figure"
            | "figcaption"
            | "cite"
            | "tr"
            | "td"
            | "th"
            | "table"
            | "pre"
            | "section"
            | "article"
            | "hr"
    )
}

fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || h.len() < n.len() {
        return None;
    }
    (0..=h.len() - n.len()).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_scripts_and_decodes_entities() {
        let html = "<p>Le&nbsp;ministre <b>russe</b></p><script>var x = '<p>';</script><p>l&#8217;accès</p>";
        assert_eq!(html_to_text(html), "Le\u{a0}ministre russe l\u{2019}accès");
    }

    #[test]
    fn a_prefix_is_the_texts_beginning_and_says_whether_more_follows() {
        let html = "<p>Le ministre</p><p>russe &amp; malien</p>";
        let whole = html_to_text(html);
        assert_eq!(whole, "Le ministre russe & malien");
        assert_eq!(
            html_to_text_prefix(html, 8),
            ("Le minis".to_string(), false)
        );
        assert_eq!(
            html_to_text_prefix(html, 12),
            ("Le ministre".to_string(), false)
        );
        assert_eq!(
            html_to_text_prefix(html, whole.chars().count()),
            (whole, true)
        );
    }

    #[test]
    fn unterminated_tag_does_not_loop() {
        assert_eq!(html_to_text("texte <b"), "texte");
    }
}
