//! newsboat's `urls` file: one feed a line, then quoted tags; `"~Title"` names the feed and
//! `"!"` hides it. `#` starts a comment.

use std::path::Path;

use super::{check_url, ImportError};
use crate::model::Feed;
use crate::store::NewFeed;

/// Reads a `urls` file.
pub fn parse_urls(text: &str, path: &Path) -> Result<Vec<NewFeed>, ImportError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |message: String| ImportError::Line {
            path: path.to_path_buf(),
            line: i + 1,
            message,
        };
        let words = split_words(line).map_err(&err)?;
        let Some((url, rest)) = words.split_first() else {
            continue;
        };
        // newsboat's query feeds ("query:…") are saved searches, not subscriptions.
        if url.starts_with("query:") {
            continue;
        }
        check_url(url).map_err(&err)?;
        let mut feed = NewFeed {
            url: url.clone(),
            ..Default::default()
        };
        for word in rest {
            if let Some(title) = word.strip_prefix('~') {
                feed.title = Some(title.to_string());
            } else if word == "!" {
                feed.hidden = true;
            } else if !word.is_empty() && !feed.tags.contains(word) {
                feed.tags.push(word.clone());
            }
        }
        out.push(feed);
    }
    Ok(out)
}

fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '#' {
            break;
        } else if c == '"' {
            chars.next();
            let mut w = String::new();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some('\\') => {
                        if let Some(n) = chars.next() {
                            w.push(n);
                        }
                    }
                    Some(ch) => w.push(ch),
                    None => return Err("unterminated quote".into()),
                }
            }
            words.push(w);
        } else {
            let mut w = String::new();
            while let Some(&ch) = chars.peek() {
                if ch.is_whitespace() {
                    break;
                }
                w.push(ch);
                chars.next();
            }
            words.push(w);
        }
    }
    Ok(words)
}

/// Writes a `urls` file.
pub fn export_urls(feeds: &[Feed]) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let mut out = String::new();
    for f in feeds {
        out.push_str(&f.url);
        for t in &f.tags {
            out.push(' ');
            out.push_str(&quote(t));
        }
        if let Some(t) = &f.user_title {
            out.push(' ');
            out.push_str(&quote(&format!("~{t}")));
        }
        if f.hidden {
            out.push_str(" \"!\"");
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tags_titles_and_hidden() {
        let text = "# mes flux\nhttp://a.test/feed \"africa\" \"~Africa News — Dakar\" \"!\"\n\nhttps://b.test/rss tech \"deux mots\"\n";
        let feeds = parse_urls(text, Path::new("urls")).unwrap();
        assert_eq!(feeds.len(), 2);
        assert_eq!(feeds[0].title.as_deref(), Some("Africa News — Dakar"));
        assert_eq!(feeds[0].tags, vec!["africa"]);
        assert!(feeds[0].hidden);
        assert_eq!(feeds[1].tags, vec!["tech", "deux mots"]);
    }

    #[test]
    fn bad_lines_name_the_line() {
        let err = parse_urls("http://a.test/\nftp://x.test/feed\n", Path::new("urls")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "urls:2: unsupported URL scheme `ftp:` in ftp://x.test/feed (use http, https, file or exec)"
        );
        let err = parse_urls("http://a.test/ \"tag\n", Path::new("u")).unwrap_err();
        assert_eq!(err.to_string(), "u:1: unterminated quote");
    }
}
