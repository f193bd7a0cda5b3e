//! Output helpers shared by the commands: JSON lines, dates, terminal detection.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;

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
    t.map(|t| {
        t.with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M")
            .to_string()
    })
    .unwrap_or_else(|| "-".repeat(16))
}

/// Treats a closed stdout (`griot list | head`) as success rather than an error.
pub fn finish(result: io::Result<()>) -> anyhow::Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
