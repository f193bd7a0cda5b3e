//! `show`: an article as the reader sets it, for terminals, pipes and scripts.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use serde::Serialize;

use super::output::{finish, rfc3339};
use super::{ColorChoice, Context, ShowFormat};
use crate::i18n::tf;
use crate::library::exporting::{article_text, TextFormat};
use crate::library::reading;
use crate::model::ArticleId;
use crate::render::layout::{lines_ansi, lines_plain, LayoutOptions};
use crate::render::sanitize::clean_line;
use crate::render::{Document, PictureSize, PictureSpace};
use std::collections::HashMap;

use crate::config::ImagesMode;
use crate::fetch::{FetchOptions, Fetcher};
use crate::images::{DiskCache, Limits, Picture};

/// `show --json`: the article's metadata and its document.
#[derive(Serialize)]
struct ShowJson<'a> {
    id: i64,
    title: String,
    link: Option<String>,
    author: Option<String>,
    published: Option<String>,
    feed: String,
    /// Whether the body is extracted full text (else the feed's own content or summary).
    full_text: bool,
    /// Files attached to the article (podcast episodes, videos, documents, pictures).
    enclosures: &'a [crate::model::Enclosure],
    /// The lead picture the feed names, if any.
    image: Option<&'a str>,
    #[serde(flatten)]
    document: &'a Document,
}

/// How `show` prints the article: its options.
pub struct How {
    pub width: Option<u16>,
    pub full: bool,
    pub color: ColorChoice,
    pub format: Option<ShowFormat>,
    pub images: bool,
}

pub fn show(ctx: &mut Context, id: i64, how: How) -> anyhow::Result<ExitCode> {
    let How {
        width,
        full,
        color,
        format,
        images,
    } = how;
    let mut article = ctx.store.require_article(ArticleId(id))?;
    if full && article.fulltext_html.is_none() {
        let link = article.link.clone();
        match super::fulltext::fetch_and_keep(ctx, article.id, link.as_deref()) {
            Ok(()) => article = ctx.store.require_article(ArticleId(id))?,
            Err(e) => eprintln!(
                "{}",
                tf(
                    "griot: full text of article {} not fetched: {}",
                    &[&id, &super::output::say_error(&e)]
                )
            ),
        }
    }
    let mut out = std::io::stdout().lock();
    let whole = match format {
        Some(ShowFormat::Md) => Some(TextFormat::Md),
        Some(ShowFormat::Html) => Some(TextFormat::Html),
        _ => None,
    };
    if let Some(whole) = whole {
        let text = article_text(&article, whole, &LayoutOptions::default());
        finish(out.write_all(text.as_bytes()))?;
        return Ok(ExitCode::SUCCESS);
    }
    if format == Some(ShowFormat::Json) {
        finish(print_json(&mut out, id, &article))?;
        return Ok(ExitCode::SUCCESS);
    }
    let is_tty = std::io::stdout().is_terminal();
    let width = width.unwrap_or_else(|| {
        if is_tty {
            crossterm::terminal::size().map(|(w, _)| w).unwrap_or(80)
        } else {
            80
        }
    });
    let opts = LayoutOptions {
        width: width.max(10),
        measure: ctx.config.reader.width,
        link_list: ctx.config.reader.link_list,
    };
    let styled = color.enabled(is_tty);
    let files = crate::library::downloads::offered(&article.enclosures);
    let downloaded = crate::library::downloads::downloaded(&ctx.store, article.id)?;
    // The attached files listed under the header, as the reader lists them.
    let with_files = |set: reading::SetOut| {
        let indent = set.lines.first().map_or(0, |l| l.indent);
        let file_lines = reading::file_lines(
            &files,
            |url| downloaded.contains_key(url),
            indent,
            opts.width,
        );
        let lines = reading::with_files(&set.lines, set.header_rows, &file_lines);
        let slots = reading::shift_slots(&set.images, set.header_rows, file_lines.len());
        let text = if styled {
            lines_ansi(&lines)
        } else {
            lines_plain(&lines)
        };
        (text, slots)
    };
    if images && is_tty && ctx.config.reader.images != ImagesMode::Off {
        let pictures = load_pictures(ctx, &article)?;
        let mode = ctx.config.reader.images;
        let result = crate::ui::pictures::print_article(mode, &pictures, |cell, max_rows| {
            let size_of = |url: &str| match pictures.get(url) {
                Some(p) => {
                    let (width, height) = p.size();
                    PictureSize::Ready { width, height }
                }
                None => PictureSize::Link,
            };
            let space = PictureSpace {
                size_of: &size_of,
                cell,
                max_rows,
            };
            with_files(reading::set_out_with(&article, &opts, Some(&space)))
        });
        finish(result)?;
        return Ok(ExitCode::SUCCESS);
    }
    // Each picture as its alt text and, under it, its address.
    let link = |_: &str| PictureSize::Link;
    let space = PictureSpace {
        size_of: &link,
        cell: (1, 1),
        max_rows: 1,
    };
    let (mut text, _) = with_files(reading::set_out_with(&article, &opts, Some(&space)));
    if !text.ends_with('\n') {
        text.push('\n');
    }
    finish(out.write_all(text.as_bytes()))?;
    Ok(ExitCode::SUCCESS)
}

/// `show --json`: the article's metadata, files and document on one line.
fn print_json(
    out: &mut impl Write,
    id: i64,
    article: &crate::model::Article,
) -> std::io::Result<()> {
    let document = reading::document(article);
    let value = ShowJson {
        id,
        title: clean_line(&article.title),
        link: article.link.as_deref().map(clean_line),
        author: article.author.as_deref().map(clean_line),
        published: rfc3339(article.published),
        feed: clean_line(&article.feed_title),
        full_text: article.fulltext_html.is_some(),
        enclosures: &article.enclosures,
        image: article.image.as_deref(),
        document: &document,
    };
    serde_json::to_writer(&mut *out, &value)
        .map_err(std::io::Error::from)
        .and_then(|_| out.write_all(b"\n"))
}

/// The article's pictures that can be had: kept ones from the disk, others from the network
/// (kept when the article is bookmarked); one that fails is left out (its alt text shows).
fn load_pictures(
    ctx: &Context,
    article: &crate::model::Article,
) -> anyhow::Result<HashMap<String, Picture>> {
    let fetcher = Fetcher::new(FetchOptions::from(&ctx.config.fetch))?;
    let cache = DiskCache::beside(
        &ctx.paths.database,
        ctx.config.reader.image_cache_mib.saturating_mul(1 << 20),
    );
    let keep = article.bookmarked.then_some(article.id);
    let wanted = crate::library::images::wanted(&reading::document(article));
    let runtime = super::fulltext::runtime()?;
    let mut out = HashMap::new();
    for w in wanted {
        let got = runtime.block_on(crate::library::images::load(
            Some(&fetcher),
            Some(&cache),
            Limits::default(),
            &w.url,
            keep,
        ));
        match got {
            Ok(p) => {
                out.insert(w.url, p);
            }
            Err(e) => tracing::info!("picture {}: {e}", w.url),
        }
    }
    Ok(out)
}
