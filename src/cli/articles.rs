//! `list`, `read`, `unread`, `bookmark`, `unbookmark`, `bookmarks`.

use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use super::output::{finish, flushed, json_line, listing, rfc3339, short_date};
use super::{BookmarkFormat, Context};
use crate::i18n::count;
use crate::library::marks;
use crate::model::{ArticleId, ArticleSummary};
use crate::render::sanitize::clean_line;
use crate::store::{ArticleFilter, ArticleQuery};

/// One line of `list --json` (and of bookmark JSON export).
#[derive(Serialize)]
pub struct ArticleLine {
    pub id: i64,
    pub feed_id: Option<i64>,
    pub feed_title: String,
    pub title: String,
    pub link: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub read: bool,
    pub bookmarked: bool,
    /// The colour a `[[filter]]` highlight rule gave it.
    pub highlight: Option<String>,
    /// The article's own tags (a bookmark's newsboat flags).
    pub tags: Vec<String>,
}

impl From<&ArticleSummary> for ArticleLine {
    fn from(a: &ArticleSummary) -> Self {
        ArticleLine {
            id: a.id.0,
            feed_id: a.feed_id.map(|f| f.0),
            feed_title: clean_line(&a.feed_title),
            title: clean_line(&a.title),
            link: a.link.as_deref().map(clean_line),
            author: a.author.as_deref().map(clean_line),
            published: rfc3339(a.published),
            read: a.read,
            bookmarked: a.bookmarked,
            highlight: a.highlight.clone(),
            tags: a.tags.iter().map(|t| clean_line(t)).collect(),
        }
    }
}

/// A table row: id, marks, date, feed, title.
pub fn table_row(a: &ArticleSummary) -> String {
    let tags = if a.tags.is_empty() {
        String::new()
    } else {
        format!("  [{}]", clean_line(&a.tags.join(", ")))
    };
    format!(
        "{:>7} {}{} {}  {:<20.20}  {}{tags}",
        a.id.0,
        if a.read { ' ' } else { 'N' },
        if a.bookmarked { '*' } else { ' ' },
        short_date(a.published),
        clean_line(&a.feed_title),
        clean_line(&a.title)
    )
}

#[allow(clippy::too_many_arguments)]
pub fn list(
    ctx: &Context,
    unread: bool,
    bookmarked: bool,
    feed: Option<String>,
    tag: Option<String>,
    limit: u32,
    offset: u32,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let feed = feed.map(|k| ctx.store.require_feed(&k)).transpose()?;
    let query = ArticleQuery {
        filter: ArticleFilter {
            feed: feed.map(|f| f.id),
            tag,
            unread_only: unread,
            bookmarked_only: bookmarked,
            saved_only: false,
        },
        limit,
        after: None,
        offset,
    };
    let articles = ctx.store.list_articles(&query)?;
    let mut out = listing();
    let result = articles.iter().try_for_each(|a| {
        if json {
            json_line(&mut out, &ArticleLine::from(a))
        } else {
            writeln!(out, "{}", table_row(a))
        }
    });
    finish(flushed(result, &mut out))?;
    Ok(ExitCode::SUCCESS)
}

fn ids(raw: &[i64]) -> Vec<ArticleId> {
    raw.iter().copied().map(ArticleId).collect()
}

pub fn read(
    ctx: &mut Context,
    raw: &[i64],
    all: bool,
    feed: Option<String>,
) -> anyhow::Result<ExitCode> {
    if all || feed.is_some() {
        let feed = feed.map(|k| ctx.store.require_feed(&k)).transpose()?;
        let change = ctx.store.mark_all_read(&ArticleFilter {
            feed: feed.as_ref().map(|f| f.id),
            ..Default::default()
        })?;
        let n = change.ids.len() as u64;
        match feed {
            Some(f) => println!(
                "{} {}",
                count(n, "marked {} article read in", "marked {} articles read in"),
                clean_line(&f.title)
            ),
            None => println!("{}", marked_read(n)),
        }
    } else {
        let outcome = ctx.store.set_read(&ids(raw), true)?;
        println!("{}", marked_read(outcome.changed.len() as u64));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn unread(ctx: &mut Context, raw: &[i64]) -> anyhow::Result<ExitCode> {
    let outcome = ctx.store.set_read(&ids(raw), false)?;
    let n = outcome.changed.len() as u64;
    println!(
        "{}",
        count(n, "marked {} article unread", "marked {} articles unread")
    );
    Ok(ExitCode::SUCCESS)
}

pub fn bookmark(ctx: &mut Context, raw: &[i64], on: bool) -> anyhow::Result<ExitCode> {
    let done = marks::set_bookmarked(&mut ctx.store, &ids(raw), on)?;
    let changed = match &done.undo {
        Some(marks::Undo::Bookmark(changed)) => changed.len() as u64,
        _ => 0,
    };
    let said = if on {
        count(changed, "bookmarked {} article", "bookmarked {} articles")
    } else {
        count(
            changed,
            "unbookmarked {} article",
            "unbookmarked {} articles",
        )
    };
    println!("{said}");
    super::fulltext::keep_for_bookmarks(ctx, done.full_text_wanted)?;
    if on {
        // The pictures too, so the bookmark reads whole offline.
        let bookmarked: Vec<_> = match &done.undo {
            Some(marks::Undo::Bookmark(changed)) => changed.iter().map(|(id, _)| *id).collect(),
            _ => Vec::new(),
        };
        super::fulltext::keep_pictures(ctx, &bookmarked)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn marked_read(n: u64) -> String {
    count(n, "marked {} article read", "marked {} articles read")
}

pub fn export_bookmarks(ctx: &Context, format: BookmarkFormat) -> anyhow::Result<ExitCode> {
    let mut all = Vec::new();
    let mut after = None;
    loop {
        let page = ctx.store.list_articles(&ArticleQuery {
            filter: ArticleFilter {
                bookmarked_only: true,
                ..Default::default()
            },
            limit: 500,
            after,
            offset: 0,
        })?;
        let Some(last) = page.last() else { break };
        after = Some(last.id);
        all.extend(page);
    }
    let mut out = listing();
    let result = match format {
        BookmarkFormat::Json => all
            .iter()
            .try_for_each(|a| json_line(&mut out, &ArticleLine::from(a))),
        BookmarkFormat::Md => write_markdown(&mut out, &all),
        BookmarkFormat::Html => write_netscape(&mut out, &all),
    };
    finish(flushed(result, &mut out))?;
    Ok(ExitCode::SUCCESS)
}

fn write_markdown(out: &mut impl Write, all: &[ArticleSummary]) -> std::io::Result<()> {
    writeln!(out, "# Bookmarks\n")?;
    for a in all {
        let title = clean_line(&a.title).replace(']', "\\]");
        let date = a
            .published
            .map(|d| format!(" ({})", d.format("%Y-%m-%d")))
            .unwrap_or_default();
        match &a.link {
            Some(link) => writeln!(
                out,
                "- [{title}]({}) — {}{date}",
                clean_line(link),
                clean_line(&a.feed_title)
            )?,
            None => writeln!(out, "- {title} — {}{date}", clean_line(&a.feed_title))?,
        }
    }
    Ok(())
}

/// The Netscape bookmark file format every browser imports.
fn write_netscape(out: &mut impl Write, all: &[ArticleSummary]) -> std::io::Result<()> {
    let esc = |s: &str| html_escape::encode_double_quoted_attribute(&clean_line(s)).into_owned();
    writeln!(out, "<!DOCTYPE NETSCAPE-Bookmark-file-1>")?;
    writeln!(
        out,
        "<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=UTF-8\">"
    )?;
    writeln!(out, "<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>")?;
    writeln!(out, "    <DT><H3>griot</H3>\n    <DL><p>")?;
    for a in all {
        let added = a.published.map(|d| d.timestamp()).unwrap_or(0);
        writeln!(
            out,
            "        <DT><A HREF=\"{}\" ADD_DATE=\"{added}\">{}</A>",
            esc(a.link.as_deref().unwrap_or("")),
            esc(&a.title)
        )?;
    }
    writeln!(out, "    </DL><p>\n</DL><p>")
}
