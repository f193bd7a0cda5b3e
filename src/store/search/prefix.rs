//! Prefix words (`ouaga*`) searched as the words they cover.
//!
//! FTS5 answers a prefix query only after merging the posting lists of every word with that
//! prefix into one, so a search for `ouaga*` cannot stream its matches newest first and stop
//! once a page is full, as a search for a word does: 60 ms at a million articles against
//! 0.6 ms. The same words OR'd together (`"ouagadougou" OR "ouagalais"`) stream. The words a
//! prefix covers come from `search_terms`, the list of the index's terms that the indexer keeps
//! (migration 13, `index.rs`), read with the prefix folded as the index's tokenizer folds it.
//!
//! When the list cannot say (a database opened read-only before migration 13), the prefix
//! covers no listed word, or it covers more than [`MAX_ALTERNATIVES`] (a query of hundreds of
//! branches would cost more than the merge), the prefix stays a prefix query: the results are
//! the same either way, only the cost differs.

use super::super::fold::fold;
use super::super::{migrations, Store, StoreError};
use super::{SearchQuery, Term};

/// The most words a prefix is searched as; beyond, it stays a prefix query.
pub(super) const MAX_ALTERNATIVES: usize = 128;

/// The schema version from which `search_terms` exists.
const TERMS_VERSION: u32 = 13;

/// For each term of a query, the words its prefix covers, or `None` for a whole word, a phrase
/// or a prefix that stays a prefix query.
pub(super) type Alternatives = Vec<Option<Vec<String>>>;

impl Store {
    /// The words each prefix of `query` covers (see the module's documentation).
    pub(super) fn prefix_alternatives(
        &self,
        query: &SearchQuery,
    ) -> Result<Alternatives, StoreError> {
        let mut out = Vec::with_capacity(query.terms.len());
        let mut listed = None;
        for term in &query.terms {
            let covered = match term {
                Term::Word { text, prefix: true } => {
                    if *listed.get_or_insert(migrations::version(&self.conn)? >= TERMS_VERSION) {
                        self.covered_words(text)?
                    } else {
                        None
                    }
                }
                _ => None,
            };
            out.push(covered);
        }
        Ok(out)
    }

    /// The listed words that start with `prefix` folded, when there are 1 to
    /// [`MAX_ALTERNATIVES`] of them.
    fn covered_words(&self, prefix: &str) -> Result<Option<Vec<String>>, StoreError> {
        let folded: String = prefix.chars().filter_map(fold).collect();
        if folded.is_empty() {
            return Ok(None);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT term FROM search_terms WHERE term >= ?1 ORDER BY term LIMIT ?2",
        )?;
        let mut rows = stmt.query(rusqlite::params![folded, MAX_ALTERNATIVES as i64 + 1])?;
        let mut words = Vec::new();
        while let Some(row) = rows.next()? {
            let word: String = row.get(0)?;
            if !word.starts_with(&folded) {
                break;
            }
            words.push(word);
        }
        Ok((1..=MAX_ALTERNATIVES)
            .contains(&words.len())
            .then_some(words))
    }
}
