//! Letters folded as the search index folds them, for marking matches in snippets.
//!
//! The index (FTS5, `unicode61 remove_diacritics 2`) finds `viet` in "Việt" and `egbe` in
//! "ẹgbẹ́"; a snippet must mark those same words, so this module reads words and folds
//! letters the way that tokenizer does: canonical decomposition (unicode-normalization) to
//! find a letter's base, SQLite's own list of the diacritics it drops, and the few letters
//! case folding changes. A test holds it to the tokenizer itself.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// A character of a word as the index's tokenizer reads words: a letter or digit, or a
/// diacritic it drops from the word (Yoruba "ọ̀" is "ọ" and a combining grave accent).
pub(super) fn is_word_char(c: char) -> bool {
    is_index_letter(c) || is_index_diacritic(c)
}

/// A letter or digit to the index's tokenizer, which reads no combining mark as one.
fn is_index_letter(c: char) -> bool {
    c.is_alphanumeric() && !is_combining_mark(c)
}

/// The combining marks the index's tokenizer drops from words
/// (`sqlite3Fts5UnicodeIsdiacritic`); other combining marks end a word there.
fn is_index_diacritic(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{304}'
            | '\u{306}'..='\u{30c}'
            | '\u{30f}'
            | '\u{311}'
            | '\u{31b}'
            | '\u{323}'..='\u{328}'
            | '\u{32d}'..='\u{32e}'
            | '\u{330}'..='\u{331}'
    )
}

/// A character folded the way the index's tokenizer (`unicode61 remove_diacritics 2`)
/// folds it: case-folded, a letter whose canonical decomposition is a Latin letter and
/// diacritics (é, Vietnamese ệ, Yoruba ẹ and ṣ) becomes that letter, and a diacritic on
/// its own (the tone marks of decomposed Yoruba text) folds to nothing. Letters that do
/// not decompose to a Latin base (ø, đ, Greek, Cyrillic) are only case-folded, as the
/// index leaves them.
pub(super) fn fold(c: char) -> Option<char> {
    if is_index_diacritic(c) {
        return None;
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    if lower.is_ascii() {
        return Some(lower);
    }
    let mut base = None;
    let mut marks_only = true;
    decompose_canonical(lower, |d| match base {
        None => base = Some(fold_case(d)),
        Some(_) => marks_only &= is_combining_mark(d),
    });
    match base {
        // The index's table leaves ǡ (a with dot above and macron) as it is.
        Some(b) if b.is_ascii_alphabetic() && marks_only && lower != 'ǡ' => {
            Some(b.to_ascii_lowercase())
        }
        _ => Some(fold_case(lower)),
    }
}

/// The lower-case letters that case folding turns into another letter.
fn fold_case(c: char) -> char {
    match c {
        'ſ' => 's',
        'ς' => 'σ',
        'ϐ' => 'β',
        'ϑ' => 'θ',
        'ϕ' => 'φ',
        'ϖ' => 'π',
        'ϰ' => 'κ',
        'ϱ' => 'ρ',
        'ϵ' => 'ε',
        other => other,
    }
}

/// Character ranges of `chars` holding a word the needles match, compared folded
/// (see [`fold`]); a range takes in the combining marks of its last letter.
pub(super) fn find_folded_matches(
    chars: &[char],
    needles: &[(Vec<char>, bool)],
) -> Vec<(usize, usize)> {
    let mut folded = Vec::with_capacity(chars.len());
    // `origin[k]` is the index in `chars` of `folded[k]`.
    let mut origin = Vec::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        if let Some(f) = fold(c) {
            folded.push(f);
            origin.push(i);
        }
    }
    find_matches(&folded, needles)
        .into_iter()
        .map(|(s, e)| (origin[s], origin.get(e).copied().unwrap_or(chars.len())))
        .collect()
}

fn find_matches(folded: &[char], needles: &[(Vec<char>, bool)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < folded.len() {
        let at_word_start = i == 0 || !is_index_letter(folded[i - 1]);
        if at_word_start && is_index_letter(folded[i]) {
            let mut word_end = i;
            while word_end < folded.len() && is_index_letter(folded[word_end]) {
                word_end += 1;
            }
            let word = &folded[i..word_end];
            if needles.iter().any(|(n, prefix)| {
                if *prefix {
                    word.starts_with(n)
                } else {
                    word == n.as_slice()
                }
            }) {
                out.push((i, word_end));
            }
            i = word_end;
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::params;

    /// Each text's words as the index's tokenizer gives them.
    fn index_words(texts: &[String]) -> Vec<Vec<String>> {
        let conn = rusqlite::Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = 'unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');",
        )
        .expect("fts5 tables");
        for (i, text) in texts.iter().enumerate() {
            conn.execute(
                "INSERT INTO t(rowid, x) VALUES (?1, ?2)",
                params![i as i64, text],
            )
            .expect("insert");
        }
        let mut out = vec![Vec::new(); texts.len()];
        let mut stmt = conn
            .prepare("SELECT doc, term FROM v ORDER BY doc, offset")
            .expect("vocabulary");
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .expect("rows");
        for row in rows {
            let (doc, term) = row.expect("row");
            out[doc as usize].push(term);
        }
        out
    }

    /// A text's words as snippets fold them.
    fn snippet_words(text: &str) -> Vec<String> {
        text.split(|c: char| !is_word_char(c))
            .map(|w| w.chars().filter_map(fold).collect::<String>())
            .filter(|w| !w.is_empty())
            .collect()
    }

    #[test]
    fn snippets_fold_latin_letters_as_the_index_does() {
        // Latin (Vietnamese and Yoruba letters included), Greek and Cyrillic; U+037F
        // came in Unicode 7, after the index's case tables.
        let ranges = [0xc0..=0x24f, 0x1e00..=0x1eff, 0x370..=0x4ff];
        let mut texts: Vec<String> = ranges
            .into_iter()
            .flatten()
            .filter(|&u| u != 0x37f)
            .filter_map(char::from_u32)
            .filter(|c| c.is_alphanumeric())
            .map(|c| format!("x{c}y"))
            .collect();
        // Combining marks after a letter, as decomposed text writes them.
        texts.extend(
            (0x300..=0x36f)
                .filter_map(char::from_u32)
                .map(|m| format!("xa{m}y")),
        );
        let index = index_words(&texts);
        let differ: Vec<String> = texts
            .iter()
            .zip(&index)
            .filter(|(t, words)| snippet_words(t) != **words)
            .map(|(t, words)| {
                format!(
                    "{t} ({:?}): index {words:?}, snippet {:?}",
                    t.chars().map(|c| c as u32).collect::<Vec<_>>(),
                    snippet_words(t)
                )
            })
            .collect();
        assert!(
            differ.is_empty(),
            "{} differ:\n{}",
            differ.len(),
            differ.join("\n")
        );
    }
}
