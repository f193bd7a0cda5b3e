//! Saved searches: a query kept under a name, shown as a virtual feed. One rule for both
//! front ends: a name must say something, and an existing search is never silently replaced.

use crate::store::{Store, StoreError};

/// Why a search cannot be saved.
#[derive(Debug, thiserror::Error)]
pub enum SaveSearchError {
    #[error("a saved search needs a name")]
    EmptyName,
    #[error("a saved search named \"{0}\" already exists (forget it first to replace it)")]
    Exists(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl crate::i18n::Explain for SaveSearchError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            SaveSearchError::EmptyName => Phrase::of("a saved search needs a name"),
            SaveSearchError::Exists(name) => Phrase::of(
                "a saved search named \"{}\" already exists (forget it first to replace it)",
            )
            .word(name),
            SaveSearchError::Store(e) => e.explain(),
        }
    }
}

/// Keeps `query` under `name`; returns the saved search's id.
pub fn save(store: &mut Store, name: &str, query: &str) -> Result<i64, SaveSearchError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(SaveSearchError::EmptyName);
    }
    if store.saved_searches()?.iter().any(|s| s.name == name) {
        return Err(SaveSearchError::Exists(name.to_string()));
    }
    Ok(store.save_search(name, query)?)
}
