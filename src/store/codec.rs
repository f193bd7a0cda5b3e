//! How article bodies are stored: compressed, so a large archive stays small on disk.
//!
//! A stored body is a BLOB whose first byte says how the rest is encoded: `0` plain UTF-8,
//! `1` zstd. Short bodies are kept plain (compression would not pay), and a body that fails
//! to decode reads as empty rather than failing the whole query.

const PLAIN: u8 = 0;
const ZSTD: u8 = 1;
/// Bodies shorter than this are stored plain.
const MIN_COMPRESS: usize = 256;
/// zstd level: the fastest, as the store writer compresses every new article during a
/// refresh; news HTML still shrinks about 3×.
const LEVEL: i32 = 1;

thread_local! {
    /// One compression context per thread: creating one per body cost more than compressing.
    static COMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Compressor<'static>>> =
        const { std::cell::RefCell::new(None) };
    /// One decompression context per thread, for the same reason: a search decodes a body
    /// per result for its snippet, a list of bookmarks one per row.
    static DECOMPRESSOR: std::cell::RefCell<Option<zstd::bulk::Decompressor<'static>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `work` with this thread's context from `cell`, made by `make` on first use (`None`
/// when it cannot be made).
fn with_context<T, R>(
    cell: &std::cell::RefCell<Option<T>>,
    make: impl FnOnce() -> Option<T>,
    work: impl FnOnce(&mut T) -> Option<R>,
) -> Option<R> {
    let mut slot = cell.borrow_mut();
    if slot.is_none() {
        *slot = make();
    }
    work(slot.as_mut()?)
}

/// `body` compressed, behind the zstd tag.
fn packed(compressor: &mut zstd::bulk::Compressor<'static>, body: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(zstd::zstd_safe::compress_bound(body.len()) + 1);
    out.push(ZSTD);
    let bound = out.capacity();
    out.resize(bound, 0);
    let n = compressor
        .compress_to_buffer(body.as_bytes(), &mut out[1..])
        .ok()?;
    out.truncate(n + 1);
    Some(out)
}

/// Encodes a body for storage.
pub(crate) fn encode(body: &str) -> Vec<u8> {
    if body.len() >= MIN_COMPRESS {
        let packed = COMPRESSOR.with(|cell| {
            with_context(
                cell,
                || zstd::bulk::Compressor::new(LEVEL).ok(),
                |compressor| packed(compressor, body),
            )
        });
        if let Some(packed) = packed.filter(|p| p.len() < body.len()) {
            return packed;
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
            // The frame header carries the size; bodies are capped at a few MiB when stored.
            let size = zstd::zstd_safe::get_frame_content_size(rest)
                .ok()
                .flatten()
                .map_or(1 << 20, |n| n.min(64 << 20) as usize);
            let bytes = DECOMPRESSOR.with(|cell| {
                with_context(
                    cell,
                    || zstd::bulk::Decompressor::new().ok(),
                    |d| d.decompress(rest, size).ok(),
                )
            });
            bytes.map_or_else(String::new, |v| match String::from_utf8(v) {
                Ok(text) => text,
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            })
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
