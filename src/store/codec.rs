//! How article bodies are stored: compressed, so a large archive stays small on disk.
//!
//! A stored body is a BLOB whose first byte says how the rest is encoded: `0` plain UTF-8,
//! `1` zstd. Short bodies are kept plain (compression would not pay), and a body that fails
//! to decode reads as empty rather than failing the whole query.

const PLAIN: u8 = 0;
const ZSTD: u8 = 1;
/// Bodies shorter than this are stored plain.
const MIN_COMPRESS: usize = 256;
/// zstd level: fast to write during refresh, still about 3× smaller on news HTML.
const LEVEL: i32 = 3;

/// Encodes a body for storage.
pub(crate) fn encode(body: &str) -> Vec<u8> {
    if body.len() >= MIN_COMPRESS {
        if let Ok(mut packed) = zstd::bulk::compress(body.as_bytes(), LEVEL) {
            if packed.len() + 1 < body.len() {
                packed.insert(0, ZSTD);
                return packed;
            }
        }
    }
    let mut out = Vec::with_capacity(body.len() + 1);
    out.push(PLAIN);
    out.extend_from_slice(body.as_bytes());
    out
}

/// Decodes a stored body (also accepts a plain TEXT value written by hand).
pub(crate) fn decode(stored: &[u8]) -> String {
    match stored.split_first() {
        None => String::new(),
        Some((&PLAIN, rest)) => String::from_utf8_lossy(rest).into_owned(),
        Some((&ZSTD, rest)) => {
            // Bodies are capped at a few MiB when stored; allow generous head-room.
            zstd::bulk::decompress(rest, 64 << 20)
                .map(|v| String::from_utf8_lossy(&v).into_owned())
                .unwrap_or_default()
        }
        Some(_) => String::from_utf8_lossy(stored).into_owned(),
    }
}

/// Reads an optional body column, accepting BLOB (encoded) or TEXT (plain).
pub(crate) fn column(row: &rusqlite::Row<'_>, idx: usize) -> rusqlite::Result<Option<String>> {
    use rusqlite::types::ValueRef;
    Ok(match row.get_ref(idx)? {
        ValueRef::Null => None,
        ValueRef::Blob(b) => Some(decode(b)),
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_short_and_long_bodies() {
        for body in [
            "",
            "court",
            &"<p>Le Burkina Faso et la Russie</p>".repeat(40),
        ] {
            assert_eq!(decode(&encode(body)), body);
        }
        let long = "<p>sécurité</p>".repeat(100);
        assert!(
            encode(&long).len() < long.len() / 2,
            "long bodies are compressed"
        );
    }

    #[test]
    fn corrupt_input_reads_as_empty_not_panic() {
        assert_eq!(decode(&[ZSTD, 1, 2, 3]), "");
    }
}
