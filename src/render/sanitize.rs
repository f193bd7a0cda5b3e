//! Terminal-safe text.
//!
//! Every string griot shows — article bodies, titles, authors, URLs — comes from
//! someone else's server. A terminal interprets escape sequences in what it is
//! given, so a feed could move the cursor, retitle the window, or write to the
//! clipboard (OSC 52). This module removes all of that before text reaches the
//! screen.
//!
//! What [`clean`] removes:
//! - ESC and the whole sequence it starts: CSI (`ESC [` … final byte), OSC
//!   (`ESC ]` … BEL or ST, which covers OSC 52), DCS / SOS / PM / APC (up to ST),
//!   and the short two- or three-character escapes (`ESC 7`, `ESC ( B`, …);
//! - the 8-bit C1 introducers (U+009B CSI, U+009D OSC, U+0090 DCS, …) with their
//!   sequences, and every other C1 control (U+0080–U+009F);
//! - C0 controls except newline (`\n`) and tab (`\t`), which are kept as text
//!   structure (carriage return is removed: alone it returns the cursor to
//!   column 0); DEL;
//! - bidirectional embeddings, overrides and isolates (U+202A–U+202E,
//!   U+2066–U+2069), which can make text display in an order other than the one
//!   it is stored in. The plain marks U+200E/U+200F are kept: they cannot
//!   reorder text beyond a neutral character.
//!
//! U+2028/U+2029 (line/paragraph separator) become `\n`.
//!
//! [`truncate_at_char`] is the one place griot cuts a string to a number of
//! bytes (on a character boundary), wherever the string is headed.
//!
//! [`clean_line`] additionally folds newlines, tabs and runs of ASCII
//! whitespace into single spaces and trims the ends; no-break spaces (U+00A0,
//! U+202F, U+2007) are *not* whitespace to fold.

use std::borrow::Cow;

/// True for characters that [`clean`] must act on.
#[inline]
fn is_unsafe(c: char) -> bool {
    let u = c as u32;
    (u < 0x20 && c != '\n' && c != '\t')
        || (0x7f..=0x9f).contains(&u)
        || (0x202a..=0x202e).contains(&u)
        || (0x2066..=0x2069).contains(&u)
        || u == 0x2028
        || u == 0x2029
}

/// Whitespace folded by [`clean_line`] and by the document builder.
#[inline]
pub(crate) fn is_fold_space(c: char) -> bool {
    matches!(c, ' ' | '\n' | '\t' | '\r' | '\x0c')
}

/// The longest prefix of `s` at most `max` bytes long that ends on a character
/// boundary: the one way griot cuts a string from a stranger to a size.
pub fn truncate_at_char(s: &str, max: usize) -> &str {
    &s[..s.floor_char_boundary(max)]
}

/// Removes terminal control characters and escape sequences (see the module
/// documentation). Returns the input borrowed when there is nothing to remove.
pub fn clean(s: &str) -> Cow<'_, str> {
    let first = match first_unsafe(s.as_bytes()) {
        None => return Cow::Borrowed(s),
        Some(i) => i,
    };
    let mut out = String::with_capacity(s.len());
    out.push_str(&s[..first]);
    let mut it = s[first..].chars().peekable();
    while let Some(c) = it.next() {
        if !is_unsafe(c) {
            out.push(c);
            continue;
        }
        match c as u32 {
            0x1b => match it.peek().copied() {
                Some('[') => {
                    it.next();
                    skip_csi(&mut it);
                }
                Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
                    it.next();
                    skip_string(&mut it);
                }
                Some(n) if (0x20..=0x2f).contains(&(n as u32)) => {
                    while it
                        .next_if(|&n| (0x20..=0x2f).contains(&(n as u32)))
                        .is_some()
                    {}
                    it.next_if(|&n| (0x30..=0x7e).contains(&(n as u32)));
                }
                Some(n) if (0x30..=0x7e).contains(&(n as u32)) => {
                    it.next();
                }
                _ => {}
            },
            0x9b => skip_csi(&mut it),
            0x90 | 0x98 | 0x9d | 0x9e | 0x9f => skip_string(&mut it),
            0x2028 | 0x2029 => out.push('\n'),
            _ => {}
        }
    }
    Cow::Owned(out)
}

/// Byte offset of the first character [`is_unsafe`] flags, found on the
/// UTF-8 bytes (the fast path: most text has none).
#[inline]
fn first_unsafe(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if (0x20..0x7f).contains(&c) || c == b'\n' || c == b'\t' {
            i += 1;
            continue;
        }
        let hit = match c {
            0x00..=0x1f | 0x7f => true,
            // U+0080–U+009F
            0xc2 => b.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
            // U+2028–U+202E
            0xe2 if b.get(i + 1) == Some(&0x80) => {
                b.get(i + 2).is_some_and(|n| (0xa8..=0xae).contains(n))
            }
            // U+2066–U+2069
            0xe2 if b.get(i + 1) == Some(&0x81) => {
                b.get(i + 2).is_some_and(|n| (0xa6..=0xa9).contains(n))
            }
            _ => false,
        };
        if hit {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Skips the rest of a CSI sequence: parameters, intermediates, final byte.
fn skip_csi(it: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while it
        .next_if(|&n| (0x20..=0x3f).contains(&(n as u32)))
        .is_some()
    {}
    it.next_if(|&n| (0x40..=0x7e).contains(&(n as u32)));
}

/// Skips a control string (OSC, DCS, SOS, PM, APC) up to and including its
/// terminator: BEL, ST (`ESC \`) or the C1 ST (U+009C). An unterminated string
/// runs to the end of the text, as it would in a terminal.
fn skip_string(it: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = it.next() {
        match c as u32 {
            0x07 | 0x9c => return,
            0x1b => {
                it.next_if(|&n| n == '\\');
                return;
            }
            _ => {}
        }
    }
}

/// [`clean`], then newlines, tabs and runs of ASCII whitespace folded into
/// single spaces and the ends trimmed: for one-line strings such as titles,
/// authors and URLs.
pub fn clean_line(s: &str) -> String {
    let cleaned = clean(s);
    if is_folded(&cleaned) {
        return cleaned.into_owned();
    }
    fold_line(&cleaned)
}

/// Folds whitespace runs into single spaces and trims the ends, character by character.
fn fold_line(cleaned: &str) -> String {
    let mut out = String::with_capacity(cleaned.len());
    let mut pending_space = false;
    for c in cleaned.chars() {
        if is_fold_space(c) {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// True when [`clean_line`] would leave `s` as it is: no whitespace to fold but single
/// spaces between words. Most titles are, and copying them whole rather than character by
/// character took this function's share of `griot feeds` at 5,000 feeds from 6.1 to 4.2
/// million instructions. The folded characters are all ASCII, so bytes answer for characters.
fn is_folded(s: &str) -> bool {
    let b = s.as_bytes();
    let space_at = |i: usize| b.get(i) == Some(&b' ');
    !space_at(0)
        && !space_at(b.len().wrapping_sub(1))
        && b.iter().enumerate().all(|(i, &c)| match c {
            b' ' => !space_at(i + 1),
            c => c > b' ' || !is_fold_space(c as char),
        })
}

/// True when `s` contains nothing [`clean`] would remove.
pub fn is_clean(s: &str) -> bool {
    !s.chars().any(is_unsafe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        let s = "Café « phase\u{a0}pratique » 日本語 😀\tok\n";
        assert!(matches!(clean(s), Cow::Borrowed(_)));
    }

    #[test]
    fn cuts_fall_on_character_boundaries() {
        // "é" is bytes 1..3 and "😀" bytes 3..7.
        assert_eq!(truncate_at_char("né😀", 2), "n");
        assert_eq!(truncate_at_char("né😀", 6), "né");
        assert_eq!(truncate_at_char("né😀", 7), "né😀");
        assert_eq!(truncate_at_char("né😀", 100), "né😀");
        assert_eq!(truncate_at_char("né😀", 0), "");
    }

    #[test]
    fn csi_sequences_are_removed_whole() {
        assert_eq!(clean("a\x1b[31;1mred\x1b[0m b"), "ared b");
        assert_eq!(clean("\x1b[2J\x1b[Hhome"), "home");
        assert_eq!(clean("x\u{9b}31my"), "xy");
    }

    #[test]
    fn osc_52_clipboard_write_is_removed() {
        assert_eq!(clean("a\x1b]52;c;ZXZpbA==\x07b"), "ab");
        assert_eq!(clean("a\x1b]0;new title\x1b\\b"), "ab");
        assert_eq!(clean("a\u{9d}8;;http://x\u{9c}b"), "ab");
    }

    #[test]
    fn dcs_and_short_escapes_are_removed() {
        assert_eq!(clean("a\x1bP1$r\x1b\\b"), "ab");
        assert_eq!(clean("a\x1b7b\x1b(Bc\x1bcd"), "abcd");
    }

    #[test]
    fn c0_c1_del_and_bidi_overrides_are_removed() {
        assert_eq!(clean("a\rb\x08c\x07d\x7fe\u{85}f"), "abcdef");
        assert_eq!(
            clean("abc\u{202e}fed\u{202c} \u{2066}x\u{2069}"),
            "abcfed x"
        );
        assert_eq!(clean("keep\ttab\nnewline"), "keep\ttab\nnewline");
    }

    #[test]
    fn byte_scan_agrees_with_the_character_rule() {
        for u in (0u32..0x3000).chain(0x1f000..0x1f100) {
            if let Some(c) = char::from_u32(u) {
                let s = format!("ab{c}d");
                assert_eq!(
                    first_unsafe(s.as_bytes()).is_some(),
                    is_unsafe(c),
                    "U+{u:04X}"
                );
            }
        }
    }

    #[test]
    fn lone_esc_at_end_is_removed() {
        assert_eq!(clean("abc\x1b"), "abc");
        assert_eq!(clean("abc\x1b]unterminated"), "abc");
    }

    #[test]
    fn a_line_is_copied_whole_exactly_when_folding_would_leave_it_as_it_is() {
        let alphabet = [" ", "\n", "\t", "a", "é", "\u{a0}"];
        let mut lines = vec![String::new()];
        for _ in 0..5 {
            let longer: Vec<String> = lines
                .iter()
                .flat_map(|l| alphabet.iter().map(move |c| format!("{l}{c}")))
                .collect();
            lines.extend(longer);
        }
        for line in &lines {
            assert_eq!(is_folded(line), fold_line(line) == *line, "{line:?}");
            assert_eq!(clean_line(line), fold_line(line), "{line:?}");
        }
    }

    #[test]
    fn clean_line_folds_whitespace_but_keeps_no_break_spaces() {
        assert_eq!(
            clean_line("  Le\n\t titre \u{a0}«\u{202f}x\u{202f}»  "),
            "Le titre \u{a0}«\u{202f}x\u{202f}»"
        );
        assert_eq!(clean_line("a\x1b[1m\r\nb"), "a b");
    }
}
