//! Which encoding a fetched document is in, and its text as UTF-8.
//!
//! Feeds and web pages declare their encoding in different ways, and both lie or say
//! nothing often enough that guessing well matters:
//!
//! - [`sniff_unicode`] reads a byte-order mark, or — for XML without one — the byte
//!   pattern of its first characters (XML 1.0 Appendix F: `00 3C 00 3F` is UTF-16BE,
//!   `3C 00 00 00` UTF-32LE…). The feed parser cannot read UTF-16 or UTF-32 itself.
//! - [`decode_page`] follows the order browsers use (WHATWG *encoding sniffing*): a
//!   byte-order mark, then the HTTP `charset`, then a `<meta>` prescan of the first
//!   1024 bytes, and for a page that declares nothing, UTF-8 when it is valid UTF-8,
//!   else chardetng's guess (the detector Firefox uses), which tells windows-1252 French
//!   from other legacy encodings.

use encoding_rs::Encoding;

/// A Unicode encoding recognised from a document's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unicode {
    /// An encoding encoding_rs decodes (UTF-8, UTF-16LE, UTF-16BE).
    Known(&'static Encoding),
    /// UTF-32, little-endian (encoding_rs has no UTF-32: WHATWG forbids it on the web).
    Utf32Le,
    /// UTF-32, big-endian.
    Utf32Be,
}

/// The encoding a byte-order mark names, with the mark's length, or the one the first
/// characters of an XML document show when it has no mark (`<` and `?`, or whitespace,
/// with zero bytes between them). `None` for ASCII-compatible input.
pub fn sniff_unicode(raw: &[u8]) -> Option<(Unicode, usize)> {
    match raw {
        [0x00, 0x00, 0xFE, 0xFF, ..] => return Some((Unicode::Utf32Be, 4)),
        [0xFF, 0xFE, 0x00, 0x00, ..] => return Some((Unicode::Utf32Le, 4)),
        _ => {}
    }
    if let Some((encoding, len)) = Encoding::for_bom(raw) {
        return Some((Unicode::Known(encoding), len));
    }
    // Appendix F, and the same with leading whitespace: ASCII characters spread over
    // two or four bytes, zeros on the high side.
    let ascii = |b: u8| b != 0 && b.is_ascii();
    match raw {
        [0, 0, 0, a, 0, 0, 0, b, ..] if ascii(*a) && ascii(*b) => Some((Unicode::Utf32Be, 0)),
        [a, 0, 0, 0, b, 0, 0, 0, ..] if ascii(*a) && ascii(*b) => Some((Unicode::Utf32Le, 0)),
        [0, a, 0, b, ..] if ascii(*a) && ascii(*b) => {
            Some((Unicode::Known(encoding_rs::UTF_16BE), 0))
        }
        [a, 0, b, 0, ..] if ascii(*a) && ascii(*b) => {
            Some((Unicode::Known(encoding_rs::UTF_16LE), 0))
        }
        _ => None,
    }
}

/// Decodes `body` (with any byte-order mark already removed) from a sniffed encoding;
/// malformed sequences become U+FFFD.
pub fn decode_unicode(body: &[u8], encoding: Unicode) -> String {
    match encoding {
        Unicode::Known(encoding) => encoding.decode_without_bom_handling(body).0.into_owned(),
        Unicode::Utf32Le | Unicode::Utf32Be => {
            let mut out = String::with_capacity(body.len() / 4);
            let mut units = body.chunks_exact(4);
            for unit in &mut units {
                let bytes = [unit[0], unit[1], unit[2], unit[3]];
                let code = if encoding == Unicode::Utf32Le {
                    u32::from_le_bytes(bytes)
                } else {
                    u32::from_be_bytes(bytes)
                };
                out.push(char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            if !units.remainder().is_empty() {
                out.push(char::REPLACEMENT_CHARACTER);
            }
            out
        }
    }
}

/// Most bytes given to the detector: enough for any page's language to show.
const DETECTOR_INPUT: usize = 1024 * 1024;

/// A web page's text, decoded as a browser would (see the module doc). `url` (the
/// page's) gives the detector its top-level domain as a hint.
pub fn decode_page(body: &[u8], http_charset: Option<&str>, url: Option<&str>) -> String {
    if let Some((encoding, bom_len)) = sniff_bom(body) {
        return decode_unicode(&body[bom_len..], encoding);
    }
    let encoding = http_charset
        .and_then(|label| Encoding::for_label(label.trim().as_bytes()))
        .or_else(|| meta_prescan(body))
        .unwrap_or_else(|| guess(body, url));
    encoding.decode_without_bom_handling(body).0.into_owned()
}

/// A byte-order mark only (a page without one is ASCII-compatible or mislabelled).
fn sniff_bom(body: &[u8]) -> Option<(Unicode, usize)> {
    sniff_unicode(body).filter(|&(_, len)| len > 0)
}

/// An undeclared page: UTF-8 if it is valid UTF-8, else chardetng's guess.
fn guess(body: &[u8], url: Option<&str>) -> &'static Encoding {
    if simdutf8::basic::from_utf8(body).is_ok() {
        return encoding_rs::UTF_8;
    }
    let sample = &body[..body.len().min(DETECTOR_INPUT)];
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, sample.len() == body.len());
    let host = url.and_then(|u| url::Url::parse(u).ok());
    // The detector wants a lower-case ASCII label (it panics on anything else).
    let tld = host
        .as_ref()
        .and_then(|u| u.host_str())
        .and_then(|h| h.rsplit('.').next())
        .filter(|t| {
            !t.is_empty()
                && t.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        });
    detector.guess(tld.map(str::as_bytes), chardetng::Utf8Detection::Allow)
}

/// The WHATWG `<meta>` prescan: the first `<meta charset>` or
/// `<meta http-equiv="content-type" content="…; charset=…">` in the first 1024 bytes,
/// outside comments. A UTF-16 label there means UTF-8 (the page was read as ASCII to
/// find it), and `x-user-defined` means windows-1252.
pub fn meta_prescan(body: &[u8]) -> Option<&'static Encoding> {
    let head = &body[..body.len().min(1024)];
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &head[i..]) {
        let at = i + off;
        let rest = &head[at..];
        if rest.starts_with(b"<!--") {
            i = memchr::memmem::find(&rest[4..], b"-->").map_or(head.len(), |e| at + 4 + e + 3);
            continue;
        }
        let is_meta = rest.len() > 5
            && rest[1..5].eq_ignore_ascii_case(b"meta")
            && matches!(rest[5], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/');
        if !is_meta {
            i = at + 1;
            continue;
        }
        let (attrs, end) = tag_attributes(head, at + 5);
        i = end;
        if let Some(encoding) = meta_encoding(&attrs) {
            return Some(match encoding.name() {
                "UTF-16LE" | "UTF-16BE" => encoding_rs::UTF_8,
                "x-user-defined" => encoding_rs::WINDOWS_1252,
                _ => encoding,
            });
        }
    }
    None
}

/// The encoding one `<meta>` tag's attributes declare.
fn meta_encoding(attrs: &[(String, String)]) -> Option<&'static Encoding> {
    let get = |name: &str| attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    if let Some(label) = get("charset") {
        return Encoding::for_label(label.trim().as_bytes());
    }
    let is_content_type = get("http-equiv").is_some_and(|v| v.eq_ignore_ascii_case("content-type"));
    let content = get("content").filter(|_| is_content_type)?;
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let value = lower[at + 7..].trim_start().strip_prefix('=')?.trim_start();
    let value = value.trim_start_matches(['"', '\'']);
    let end = value
        .find(|c: char| c == ';' || c == '"' || c == '\'' || c.is_ascii_whitespace())
        .unwrap_or(value.len());
    Encoding::for_label(&value.as_bytes()[..end])
}

/// Reads `name="value"`, `name='value'`, `name=value` and bare `name` attributes from
/// `b[i..]` up to the closing `>`; names are lowercased. Returns them and the position
/// after the tag.
fn tag_attributes(b: &[u8], mut i: usize) -> (Vec<(String, String)>, usize) {
    let text = |from: usize, to: usize| String::from_utf8_lossy(&b[from..to]).into_owned();
    let mut attrs = Vec::new();
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return (attrs, i);
        }
        if b[i] == b'>' {
            return (attrs, i + 1);
        }
        let name_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let name = text(name_start, i).to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let start = i + 1;
                let end = memchr::memchr(b[i], &b[start..]).map_or(b.len(), |e| start + e);
                value = text(start, end);
                i = (end + 1).min(b.len());
            } else {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = text(start, i);
            }
        }
        if !name.is_empty() && !attrs.iter().any(|(n, _)| *n == name) {
            attrs.push((name, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16be(s: &str) -> Vec<u8> {
        s.encode_utf16().flat_map(u16::to_be_bytes).collect()
    }

    #[test]
    fn appendix_f_patterns_name_their_encodings() {
        let le: Vec<u8> = "<?xml".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be32: Vec<u8> = "<?xml"
            .chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect();
        let le32: Vec<u8> = "<?xml"
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        assert_eq!(
            sniff_unicode(&utf16be("<?xml")),
            Some((Unicode::Known(encoding_rs::UTF_16BE), 0))
        );
        assert_eq!(
            sniff_unicode(&le),
            Some((Unicode::Known(encoding_rs::UTF_16LE), 0))
        );
        assert_eq!(sniff_unicode(&be32), Some((Unicode::Utf32Be, 0)));
        assert_eq!(sniff_unicode(&le32), Some((Unicode::Utf32Le, 0)));
        assert_eq!(sniff_unicode(b"<?xml version"), None);
        let mut bom32 = vec![0xFF, 0xFE, 0, 0];
        bom32.extend_from_slice(&le32);
        assert_eq!(sniff_unicode(&bom32), Some((Unicode::Utf32Le, 4)));
        assert_eq!(decode_unicode(&bom32[4..], Unicode::Utf32Le), "<?xml");
    }

    #[test]
    fn http_charset_wins_over_meta_and_a_bom_over_both() {
        let page = b"<html><head><meta charset=\"iso-8859-5\"></head><p>\xE9</p>";
        assert!(decode_page(page, Some("windows-1252"), None).contains("<p>é</p>"));
        assert!(decode_page(page, None, None).contains("<p>щ</p>"));
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("<meta charset=\"windows-1252\"><p>é</p>".as_bytes());
        assert!(decode_page(&bom, Some("iso-8859-1"), None).contains("<p>é</p>"));
    }

    #[test]
    fn the_prescan_reads_http_equiv_skips_comments_and_maps_utf16_to_utf8() {
        let equiv = b"<!-- <meta charset=koi8-r> --><META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=ISO-8859-15'>";
        assert_eq!(meta_prescan(equiv), Some(encoding_rs::ISO_8859_15));
        assert_eq!(
            meta_prescan(b"<meta charset=utf-16>"),
            Some(encoding_rs::UTF_8)
        );
        assert_eq!(meta_prescan(b"<metal charset=koi8-r>"), None);
    }
}
