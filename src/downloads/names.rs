//! File names for downloads that are safe whatever the feed says.
//!
//! A name comes from the URL's last path segment (percent-decoded), else the enclosure's
//! title, else "download"; then it loses everything that could hurt: path separators and
//! `..` (no escaping the directory), control characters (no terminal tricks in a listing),
//! the characters Windows forbids, leading dots (no hidden files), trailing dots and spaces,
//! and Windows' reserved device names; it is cut to a length every file system takes, its
//! extension kept. [`unique`] picks a free variant (`name-2.mp3`) so nothing is clobbered.

use std::path::Path;

/// Longest name, in bytes (most file systems take 255; room is left for `.part` and `-99`).
pub const MAX_NAME: usize = 200;

/// Longest extension kept, in bytes.
const MAX_EXT: usize = 10;

/// A safe file name for a file at `url`, titled `title`, of type `mime`.
pub fn file_name(url: &str, title: Option<&str>, mime: Option<&str>) -> String {
    let from_url = url::Url::parse(url).ok().and_then(|u| {
        let last = u
            .path_segments()?
            .rev()
            .find(|s| !s.is_empty())?
            .to_string();
        Some(percent_decode(&last).unwrap_or(last).to_string())
    });
    let raw = from_url
        .filter(|n| !sanitize(n).is_empty())
        .or_else(|| title.map(str::to_string))
        .unwrap_or_default();
    let mut name = sanitize(&raw);
    if name.is_empty() {
        name = "download".into();
    }
    if extension(&name).is_none() {
        if let Some(ext) = mime.and_then(extension_for) {
            name = format!("{name}.{ext}");
        }
    }
    shorten(&name, MAX_NAME)
}

/// `name` with everything unsafe removed (may be empty).
pub fn sanitize(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            // Bidirectional overrides and other invisible format characters.
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => '_',
            c => c,
        })
        .collect();
    out = out
        .trim_start_matches(['.', ' ', '_'])
        .trim_end_matches(['.', ' '])
        .to_string();
    let stem = out.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        out.insert(0, '_');
    }
    out
}

/// The extension of a name (`mp3`), if it has a short one.
fn extension(name: &str) -> Option<&str> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty() && ext.len() <= MAX_EXT && ext.is_ascii()).then_some(ext)
}

/// The usual extension of a media type.
fn extension_for(mime: &str) -> Option<&'static str> {
    let mime = mime.split(';').next()?.trim().to_ascii_lowercase();
    Some(match mime.as_str() {
        "audio/mpeg" | "audio/mp3" => "mp3",
        "audio/mp4" | "audio/x-m4a" | "audio/m4a" => "m4a",
        "audio/ogg" => "ogg",
        "audio/opus" => "opus",
        "audio/aac" => "aac",
        "audio/flac" => "flac",
        "audio/wav" | "audio/x-wav" => "wav",
        "video/mp4" => "mp4",
        "video/webm" => "webm",
        "video/quicktime" => "mov",
        "application/pdf" => "pdf",
        "application/epub+zip" => "epub",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => return None,
    })
}

/// Cuts `name` to `max` bytes at a character boundary, keeping its extension.
fn shorten(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let (stem, ext) = match extension(name) {
        Some(ext) => (&name[..name.len() - ext.len() - 1], format!(".{ext}")),
        None => (name, String::new()),
    };
    let keep = crate::render::sanitize::truncate_at_char(stem, max - ext.len());
    format!("{}{ext}", keep.trim_end_matches(['.', ' ']))
}

/// The `n`th variant of a name: `name-2.mp3`, `name-3.mp3`… (`n` ≤ 1: the name itself).
pub fn variant(name: &str, n: u32) -> String {
    if n <= 1 {
        return name.to_string();
    }
    match extension(name) {
        Some(ext) => format!("{}-{n}.{ext}", &name[..name.len() - ext.len() - 1]),
        None => format!("{name}-{n}"),
    }
}

/// The first variant of `name` that `taken` does not refuse and that is not in `dir` (as
/// the file or its `.part`); `None` after 999 tries.
pub fn unique(dir: &Path, name: &str, taken: impl Fn(&str) -> bool) -> Option<String> {
    (1..1000).map(|n| variant(name, n)).find(|candidate| {
        !taken(candidate)
            && !dir.join(candidate).exists()
            && !dir.join(format!("{candidate}.part")).exists()
    })
}

/// `%41` → `A`; `None` when the result is not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_escape_hide_or_carry_controls() {
        assert_eq!(
            file_name(
                "https://x.org/ep/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
                None,
                None
            ),
            "etc_passwd"
        );
        assert_eq!(file_name("https://x.org/.bashrc", None, None), "bashrc");
        assert_eq!(
            file_name("https://x.org/a%1B%5B31mred.mp3", None, None),
            "a_[31mred.mp3"
        );
        assert_eq!(
            file_name(
                "https://x.org/",
                Some("Épisode 12 : la fin"),
                Some("audio/mpeg")
            ),
            "Épisode 12 _ la fin.mp3"
        );
        assert_eq!(file_name("https://x.org/con.mp3", None, None), "_con.mp3");
        let long = file_name(
            &format!("https://x.org/{}.mp3", "é".repeat(300)),
            None,
            None,
        );
        assert!(long.len() <= MAX_NAME && long.ends_with(".mp3"), "{long}");
    }

    #[test]
    fn a_taken_name_gets_a_numbered_variant() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("episode-2.mp3.part"), b"x").unwrap();
        let name = unique(dir.path(), "episode.mp3", |n| n == "episode.mp3");
        assert_eq!(name.as_deref(), Some("episode-3.mp3"));
    }
}
