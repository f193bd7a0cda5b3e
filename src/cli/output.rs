//! Output helpers shared by the commands: JSON lines, dates, terminal detection.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

use crate::i18n::{Explain as _, Phrase};

/// Prints one JSON object on its own line.
pub fn json_line<T: Serialize>(out: &mut impl Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}

/// RFC 3339 in UTC, as the JSON output promises.
pub fn rfc3339(t: Option<DateTime<Utc>>) -> Option<String> {
    t.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true))
}

/// A short local date for tables.
pub fn short_date(t: Option<DateTime<Utc>>) -> String {
    use chrono::{Datelike, Timelike};
    let Some(t) = t else {
        return "-".repeat(16);
    };
    let t = t.with_timezone(&chrono::Local);
    // Digits written out rather than through `format!`'s padding, which cost more than the
    // rest of a line of `griot feeds` (5,000 lines at 5,000 feeds).
    let Ok(year @ 0..=9999) = u32::try_from(t.year()) else {
        return t.format("%Y-%m-%d %H:%M").to_string();
    };
    let mut out = String::with_capacity(16);
    for (n, width, after) in [
        (year, 4, '-'),
        (t.month(), 2, '-'),
        (t.day(), 2, ' '),
        (t.hour(), 2, ':'),
    ] {
        push_digits(&mut out, n, width);
        out.push(after);
    }
    push_digits(&mut out, t.minute(), 2);
    out
}

/// `n`'s last `width` decimal digits, zero-padded.
fn push_digits(out: &mut String, n: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = (n / 10u32.pow(place)) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

/// How [`push_number`] pads a number to its width.
#[derive(Debug, Clone, Copy)]
pub enum Align {
    Left,
    Right,
}

/// `n` in decimal, padded with spaces to `width` characters, as `{:<width$}` or `{:>width$}`
/// writes it, without going through the formatting machinery.
pub fn push_number(out: &mut String, n: u64, width: usize, align: Align) {
    let mut digits = [b'0'; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] += (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let pad = width.saturating_sub(digits.len() - at);
    if let Align::Right = align {
        out.extend(std::iter::repeat_n(' ', pad));
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
    if let Align::Left = align {
        out.extend(std::iter::repeat_n(' ', pad));
    }
}

/// An error and its causes on one line, in the user's language: the first typed error of
/// the chain that knows its words says itself and its causes; other causes (context added
/// on the way) are said as they are.
pub fn say_error(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        if let Some(phrase) = explain(cause) {
            parts.push(phrase.say());
            break;
        }
        let s = cause.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ")
}

/// The words of the error types the commands meet, found by type.
fn explain(e: &(dyn std::error::Error + 'static)) -> Option<Phrase> {
    use crate::{config, downloads, fetch, fulltext, images, library, paths, refresh, store};
    use crate::{subscriptions, sync};
    macro_rules! first_of {
        ($($t:ty),*) => {
            $(if let Some(e) = e.downcast_ref::<$t>() {
                return Some(e.explain());
            })*
        };
    }
    first_of!(
        store::StoreError,
        sync::SyncError,
        fetch::FetchError,
        fetch::ParseError,
        config::ConfigError,
        fulltext::FullTextError,
        refresh::RefreshError,
        library::LibraryError,
        library::environment::EnvironmentError,
        library::subscribe::SubscribeError,
        library::saving::SaveError,
        library::import::ImportFailure,
        subscriptions::ImportError,
        subscriptions::newsboat_cache::CacheError,
        library::downloads::QueueError,
        downloads::transfer::TransferError,
        library::piping::PipeError,
        library::exporting::SaveFileError,
        library::searches::SaveSearchError,
        images::ImageError,
        images::CacheError,
        library::images::TidyError,
        library::setup::SetupError,
        paths::PathsError
    );
    None
}

/// Standard output, buffered: a listing of thousands of lines is written in a few large
/// writes instead of one per line (stdout alone flushes at every newline). Pass what was
/// written through [`flushed`], so an error in the last write is not lost.
pub fn listing() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// The result of writing a listing, once what is left in its buffer is written too.
pub fn flushed(result: io::Result<()>, out: &mut impl io::Write) -> io::Result<()> {
    result.and_then(|()| out.flush())
}

/// Treats a closed stdout (`griot list | head`) as success rather than an error.
pub fn finish(result: io::Result<()>) -> anyhow::Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_number_is_padded_as_format_pads_it() {
        for n in [0, 7, 42, 99_999, 100_000, 1_234_567, u64::MAX] {
            for width in [0, 1, 5, 8] {
                let mut right = String::from("|");
                push_number(&mut right, n, width, Align::Right);
                assert_eq!(right, format!("|{n:>width$}"));
                let mut left = String::new();
                push_number(&mut left, n, width, Align::Left);
                assert_eq!(left, format!("{n:<width$}"));
            }
        }
    }

    #[test]
    fn a_short_date_is_the_local_time_to_the_minute() {
        for seconds in [0, 1_764_412_800, 1_772_000_000 + 3_599, 4_102_444_799] {
            let t = Utc.timestamp_opt(seconds, 0).unwrap();
            let expected = t
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string();
            assert_eq!(short_date(Some(t)), expected);
        }
        assert_eq!(short_date(None), "----------------");
    }
}
