//! An article handed to something outside griot: as text, Markdown or HTML (`griot show
//! --format`, the reader's pipe), or written to a Markdown file the user names (the
//! reader's "save as Markdown"). One place decides what each format holds, so a script
//! reading `griot show 12 --format md` and a pipe from the reader see the same text.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::i18n::long_date;
use crate::model::Article;
use crate::render::{export, lines_plain, ArticleHeader, LayoutOptions};

use super::reading;

/// How an article is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextFormat {
    /// The text as the reader sets it, plain (no styling), at the layout's width.
    Txt,
    /// Markdown: title, meta line, address, body (pull-quotes as attributed block quotes).
    Md,
    /// A small self-contained HTML page, written from the document (never the feed's HTML).
    Html,
}

/// The article in `format`; `opts` sets the width of [`TextFormat::Txt`].
pub fn article_text(article: &Article, format: TextFormat, opts: &LayoutOptions) -> String {
    match format {
        TextFormat::Txt => {
            let mut text = lines_plain(&reading::set_out(article, opts).lines);
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text
        }
        TextFormat::Md | TextFormat::Html => {
            let document = reading::document(article);
            let published = article.published.map(long_date);
            let header = ArticleHeader {
                title: &article.title,
                feed: &article.feed_title,
                author: article.author.as_deref(),
                published: published.as_deref(),
                url: article.link.as_deref(),
            };
            if format == TextFormat::Md {
                let mut md = export::markdown(&header, &document);
                md.push_str(&markdown_files(&article.enclosures));
                md
            } else {
                export::html(&header, &document)
            }
        }
    }
}

/// The attached files as a Markdown list of links under their own heading (empty without
/// files): "- [episode.mp3](URL) — audio/mpeg, 24.1 MB".
fn markdown_files(enclosures: &[crate::model::Enclosure]) -> String {
    let files = crate::downloads::offered(enclosures);
    if files.is_empty() {
        return String::new();
    }
    let mut out = format!("\n## {}\n\n", crate::i18n::t("Attached files"));
    for f in files {
        let name = f
            .title
            .as_deref()
            .map(crate::render::clean_line)
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| crate::downloads::names::file_name(&f.url, None, None));
        let name = name.replace(['[', ']'], "");
        let url = f
            .url
            .replace(' ', "%20")
            .replace('(', "%28")
            .replace(')', "%29");
        let mut facts: Vec<String> = f
            .mime
            .iter()
            .map(|m| crate::render::clean_line(m))
            .collect();
        facts.extend(
            f.length
                .filter(|n| *n > 0)
                .map(crate::downloads::human_size),
        );
        out.push_str(&format!("- [{name}]({url})"));
        if !facts.is_empty() {
            out.push_str(&format!(" — {}", facts.join(", ")));
        }
        out.push('\n');
    }
    out
}

/// Longest file name stem made from a title, in bytes.
const MAX_STEM: usize = 80;

/// A file name made of a title: lower-case letters and digits (accents kept), words joined
/// by `-`, at most 80 bytes, never empty, never hidden, never a path.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for word in title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let word = word.to_lowercase();
        if out.len() + word.len() + 1 > MAX_STEM {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word);
    }
    if out.is_empty() {
        "article".into()
    } else {
        out
    }
}

/// The name the reader offers for saving an article as Markdown: its slug in the home
/// directory (`~/slug.md`; the prompt shows it, the user edits it).
pub fn default_markdown_path(article_title: &str) -> String {
    format!("~/{}.md", slug(article_title))
}

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum SaveFileError {
    #[error("no file name given")]
    Empty,
    #[error("{0} already exists (griot never overwrites a file: choose another name)")]
    Exists(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl crate::i18n::Explain for SaveFileError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            SaveFileError::Empty => Phrase::of("no file name given"),
            SaveFileError::Exists(path) => {
                Phrase::of("{} already exists (griot never overwrites a file: choose another name)")
                    .word(path.display())
            }
            SaveFileError::Io { path, source } => Phrase::of("cannot write {}: {}")
                .word(path.display())
                .word(source),
        }
    }
}

/// `~/x` is the home directory's `x`; anything else is taken as given.
pub fn expand_home(path: &str) -> PathBuf {
    match path.strip_prefix("~/") {
        Some(rest) => directories::BaseDirs::new()
            .map(|d| d.home_dir().join(rest))
            .unwrap_or_else(|| PathBuf::from(path)),
        None => PathBuf::from(path),
    }
}

/// Writes the article as Markdown to `path` (created; an existing file is never replaced).
/// Returns the path written.
pub fn save_markdown(article: &Article, path: &str) -> Result<PathBuf, SaveFileError> {
    let path = path.trim();
    if path.is_empty() {
        return Err(SaveFileError::Empty);
    }
    let path = expand_home(path);
    let text = article_text(article, TextFormat::Md, &LayoutOptions::default());
    write_new(&path, text.as_bytes())?;
    Ok(path)
}

/// Creates `path` with `bytes`; an existing file is an error, never overwritten.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), SaveFileError> {
    let io = |source: std::io::Error| SaveFileError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(SaveFileError::Exists(path.to_path_buf()))
        }
        Err(e) => return Err(io(e)),
    };
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_file_names() {
        assert_eq!(
            slug("Sénégal : la saison s’achève"),
            "sénégal-la-saison-s-achève"
        );
        assert_eq!(slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(slug("..."), "article");
        assert!(slug(&"mot ".repeat(100)).len() <= MAX_STEM);
    }
}
