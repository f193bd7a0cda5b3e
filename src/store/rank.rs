//! The search ranking function, `griot_rank`, registered with SQLite's full-text index (FTS5)
//! on every connection.
//!
//! FTS5's built-in `bm25()` starts each query by counting, for every term, the articles that
//! contain it (the terms' IDF). On a large archive that count reads a common word's whole
//! posting list and costs more than the rest of the search, and a phrase costs more again (its
//! words' positions are compared in every article). A griot search ANDs its terms, so every
//! result contains every term and IDF would only shift weight from one term to another;
//! `griot_rank` keeps the rest of BM25 — term frequency with saturation, field weights (title
//! ×8, author ×2, body ×1) and document length normalisation — and checks phrases itself on the
//! positions it reads anyway. That lets a search stream its matches newest first and stop
//! early instead of scoring every match.
//!
//! Contract: `griot_rank(articles_fts, groups)` where `groups` gives, for each term of the MATCH
//! expression in order, the number of the phrase it belongs to (`"0 1 1"`: a word, then a
//! two-word phrase). Terms of one phrase must be consecutive in the expression; the function
//! returns a score > 0 when every phrase occurs as written, and -1 when one does not. A group
//! number followed by `*` marks the alternatives of one prefix word (`"0 1* 1*"`: a word,
//! then `ouaga*` searched as `ouagadougou OR ouagalais`): consecutive too, any one of them is
//! the word, and they count as one term, as the prefix would (their occurrences add up).

use std::ffi::{c_int, c_void, CStr};
use std::ptr;

use rusqlite::ffi;

use super::StoreError;

/// BM25's term-frequency saturation.
const K1: f64 = 1.2;
/// BM25's length normalisation.
const B: f64 = 0.75;
/// Weights of the index's columns: title, author, body.
const WEIGHTS: [f64; 3] = [8.0, 2.0, 1.0];

/// Registers `griot_rank` on a connection (FTS5 functions are per connection).
pub(super) fn register(conn: &rusqlite::Connection) -> Result<(), StoreError> {
    let failed = |what: &str| StoreError::Corrupt(format!("search index: {what}"));
    // SAFETY: the handle is live for the duration of `conn`'s borrow; the statement is
    // finalized before returning; `api` is written by SQLite through the bound pointer (the
    // documented way to obtain the FTS5 API) and stays valid for the connection's lifetime.
    unsafe {
        let db = conn.handle();
        let mut api: *mut ffi::fts5_api = ptr::null_mut();
        let mut stmt: *mut ffi::sqlite3_stmt = ptr::null_mut();
        let rc = ffi::sqlite3_prepare_v2(
            db,
            c"SELECT fts5(?1)".as_ptr(),
            -1,
            &mut stmt,
            ptr::null_mut(),
        );
        if rc != ffi::SQLITE_OK {
            return Err(failed("FTS5 is not available"));
        }
        ffi::sqlite3_bind_pointer(
            stmt,
            1,
            (&mut api as *mut *mut ffi::fts5_api).cast::<c_void>(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        ffi::sqlite3_step(stmt);
        ffi::sqlite3_finalize(stmt);
        if api.is_null() || (*api).iVersion < 2 {
            return Err(failed("FTS5 is not available"));
        }
        let Some(create) = (*api).xCreateFunction else {
            return Err(failed("FTS5 cannot take functions"));
        };
        let rc = create(
            api,
            c"griot_rank".as_ptr(),
            ptr::null_mut(),
            Some(griot_rank),
            None,
        );
        if rc != ffi::SQLITE_OK {
            return Err(failed("could not register the search ranking"));
        }
    }
    Ok(())
}

/// What a query's rows share: the archive's average article length and the phrase groups,
/// computed on the first row and kept by FTS5 for the rest of the query, with buffers the
/// rows reuse (scoring runs once per match).
struct QueryData {
    average_length: f64,
    /// Each term's phrase group (the alternatives of a prefix each alone in theirs).
    groups: Vec<usize>,
    /// Each term's place in `frequency`: its own, or the first of its prefix's alternatives.
    slots: Vec<usize>,
    /// Some group has several terms: positions must be collected and checked.
    has_phrases: bool,
    frequency: Vec<f64>,
    positions: Vec<(usize, c_int, c_int)>,
}

unsafe extern "C" fn drop_query_data(p: *mut c_void) {
    // SAFETY: `p` came from `Box::into_raw` in `query_data` and FTS5 frees it once.
    drop(unsafe { Box::from_raw(p.cast::<QueryData>()) });
}

unsafe extern "C" fn griot_rank(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    n_val: c_int,
    vals: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: FTS5 calls this with a valid API table, context and `n_val` argument values.
    unsafe {
        match score(&*api, fts, n_val, vals) {
            Ok(s) => ffi::sqlite3_result_double(ctx, s),
            Err(rc) => ffi::sqlite3_result_error_code(ctx, rc),
        }
    }
}

/// Turns an FTS5 return code into a `Result`.
fn ok(rc: c_int) -> Result<(), c_int> {
    if rc == ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(rc)
    }
}

unsafe fn query_data(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    n_val: c_int,
    vals: *mut *mut ffi::sqlite3_value,
) -> Result<*mut QueryData, c_int> {
    let (get, set) = match (api.xGetAuxdata, api.xSetAuxdata) {
        (Some(get), Some(set)) => (get, set),
        _ => return Err(ffi::SQLITE_MISUSE),
    };
    // SAFETY: all pointers come from FTS5 for this call; the groups text is copied out before
    // the value can change.
    unsafe {
        let existing = get(fts, 0);
        if !existing.is_null() {
            return Ok(existing.cast::<QueryData>());
        }
        let (mut rows, mut tokens) = (0i64, 0i64);
        ok(api.xRowCount.ok_or(ffi::SQLITE_MISUSE)?(fts, &mut rows))?;
        ok(api.xColumnTotalSize.ok_or(ffi::SQLITE_MISUSE)?(
            fts,
            -1,
            &mut tokens,
        ))?;
        let (mut groups, mut slots) = (Vec::new(), Vec::new());
        if n_val >= 1 {
            let text = ffi::sqlite3_value_text(*vals);
            if !text.is_null() {
                (groups, slots) = parse_groups(&CStr::from_ptr(text.cast()).to_string_lossy());
            }
        }
        let data = Box::into_raw(Box::new(QueryData {
            average_length: (tokens as f64 / rows.max(1) as f64).max(1.0),
            has_phrases: groups.windows(2).any(|w| w[0] == w[1]),
            groups,
            slots,
            frequency: Vec::new(),
            positions: Vec::new(),
        }));
        // On failure FTS5 has already freed it.
        ok(set(fts, data.cast(), Some(drop_query_data)))?;
        Ok(data)
    }
}

unsafe fn score(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    n_val: c_int,
    vals: *mut *mut ffi::sqlite3_value,
) -> Result<f64, c_int> {
    // SAFETY: see `griot_rank`; `data` is owned by FTS5 for the rest of the query, and only
    // this call (on this statement's thread) touches it while it runs.
    unsafe {
        let data = &mut *query_data(api, fts, n_val, vals)?;
        let phrases = api.xPhraseCount.ok_or(ffi::SQLITE_MISUSE)?(fts).max(0) as usize;
        let QueryData {
            average_length,
            groups,
            slots,
            has_phrases,
            frequency,
            positions,
        } = data;
        let has_phrases = *has_phrases;
        frequency.clear();
        frequency.resize(phrases, 0.0);
        positions.clear();
        // Each term's positions straight from its position list, in (column, offset) order:
        // `xInst` would first merge every term's into one sorted array, which cost more than
        // the rest of the ranking.
        let first = api.xPhraseFirst.ok_or(ffi::SQLITE_MISUSE)?;
        let next = api.xPhraseNext.ok_or(ffi::SQLITE_MISUSE)?;
        for p in 0..phrases {
            let mut iter = ffi::Fts5PhraseIter {
                a: ptr::null(),
                b: ptr::null(),
            };
            let (mut column, mut offset) = (0, 0);
            ok(first(fts, p as c_int, &mut iter, &mut column, &mut offset))?;
            let weight = slots.get(p).copied().unwrap_or(p);
            while column >= 0 {
                if let Some(f) = frequency.get_mut(weight) {
                    *f += WEIGHTS.get(column as usize).copied().unwrap_or(1.0);
                }
                if has_phrases {
                    positions.push((p, column, offset));
                }
                next(fts, &mut iter, &mut column, &mut offset);
            }
        }
        if has_phrases && !phrases_hold(groups, positions) {
            return Ok(-1.0);
        }
        let mut length = 0;
        ok(api.xColumnSize.ok_or(ffi::SQLITE_MISUSE)?(
            fts,
            -1,
            &mut length,
        ))?;
        let norm = K1 * (1.0 - B + B * f64::from(length.max(0)) / *average_length);
        Ok(frequency
            .iter()
            .map(|&tf| tf * (K1 + 1.0) / (tf + norm))
            .sum())
    }
}

/// Reads the groups argument: each term's phrase group and its place among the frequencies
/// (see [`QueryData`]). A prefix's alternatives (`N*`) share one frequency and each has a
/// phrase group of its own, so none needs another beside it.
fn parse_groups(text: &str) -> (Vec<usize>, Vec<usize>) {
    let (mut groups, mut slots) = (Vec::new(), Vec::<usize>::new());
    let mut previous: Option<(usize, bool)> = None;
    for (i, token) in text.split_ascii_whitespace().enumerate() {
        let alternative = token.ends_with('*');
        let group = token.trim_end_matches('*').parse().unwrap_or(usize::MAX);
        let slot = match (previous, slots.last()) {
            (Some(p), Some(&last)) if alternative && p == (group, true) => last,
            _ => i,
        };
        groups.push(if alternative { usize::MAX - i } else { group });
        slots.push(slot);
        previous = Some((group, alternative));
    }
    (groups, slots)
}

/// Whether every phrase (a run of terms with the same group) occurs with its words one after
/// another in one column. `positions` are (term, column, offset) instances.
fn phrases_hold(groups: &[usize], positions: &mut [(usize, c_int, c_int)]) -> bool {
    positions.sort_unstable();
    let mut start = 0;
    while start < groups.len() {
        let mut end = start + 1;
        while end < groups.len() && groups[end] == groups[start] {
            end += 1;
        }
        if end - start > 1 {
            let first = positions.partition_point(|p| p.0 < start);
            let found = positions[first..].iter().take_while(|p| p.0 == start).any(
                |&(_, column, offset)| {
                    (1..end - start).all(|k| {
                        positions
                            .binary_search(&(start + k, column, offset + k as c_int))
                            .is_ok()
                    })
                },
            );
            if !found {
                return false;
            }
        }
        start = end;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_needs_its_words_in_order_and_in_one_column() {
        // Terms: 0 = "mali", 1..=2 = the phrase "centrale nucléaire".
        let groups = [0, 1, 1];
        let mut together = vec![(0, 2, 5), (1, 2, 10), (2, 2, 11)];
        assert!(phrases_hold(&groups, &mut together));
        let mut reversed = vec![(0, 2, 5), (2, 2, 10), (1, 2, 11)];
        assert!(!phrases_hold(&groups, &mut reversed));
        let mut split_across_columns = vec![(0, 0, 1), (1, 0, 3), (2, 2, 4)];
        assert!(!phrases_hold(&groups, &mut split_across_columns));
        let mut words_alone = vec![(0, 0, 0)];
        assert!(phrases_hold(&[0, 1, 2], &mut words_alone));
    }

    #[test]
    fn the_alternatives_of_a_prefix_are_one_term_and_no_phrase() {
        // A word, `ouaga*` as two alternatives, then a two-word phrase.
        let (groups, slots) = parse_groups("0 1* 1* 2 2");
        assert_eq!(slots, [0, 1, 1, 3, 4]);
        // The alternatives never occur side by side, yet no phrase is missing.
        let mut alternatives_apart = vec![(0, 0, 0), (1, 2, 3), (3, 2, 7), (4, 2, 8)];
        assert!(phrases_hold(&groups, &mut alternatives_apart));
    }
}
