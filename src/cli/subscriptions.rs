//! `add`, `remove`, `import`, `export`, `feeds`.

use std::collections::HashMap;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::output::{finish, flushed, json_line, listing, push_number, rfc3339, short_date, Align};
use super::{Context, ExportFormat};
use crate::i18n::{count, t, tf};
use crate::library::import::{self, Recognised};
use crate::library::subscribe;
use crate::model::{Feed, FetchStatus};
use crate::render::sanitize::clean_line;
use crate::store::AddOutcome;
use crate::subscriptions;

pub fn add(
    ctx: &mut Context,
    url: &str,
    title: Option<String>,
    tags: Vec<String>,
) -> anyhow::Result<ExitCode> {
    let fetcher = super::fulltext::fetcher(ctx)?;
    let resolved = super::fulltext::runtime()?.block_on(subscribe::resolve(&fetcher, url))?;
    if let Some(why) = &resolved.unchecked {
        eprintln!(
            "{}",
            tf(
                "griot: could not check {} now ({}); subscribing anyway",
                &[&url, &crate::i18n::say(why)]
            )
        );
    } else if resolved.feed_url != url.trim() {
        let typed = url.trim();
        println!(
            "{}",
            tf("found feed {} at {}", &[&resolved.feed_url, &typed])
        );
    }
    for other in &resolved.others {
        println!("{}", tf("  also offered: {}", &[other]));
    }
    let feed_url = resolved.feed_url;
    match subscribe::add(&mut ctx.store, &feed_url, title, tags)? {
        AddOutcome::Added(id) => println!("{}", tf("added feed {}: {}", &[&id, &feed_url])),
        AddOutcome::Exists(id) => println!(
            "{}",
            tf("already subscribed (feed {}): {}", &[&id, &feed_url])
        ),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn remove(ctx: &mut Context, keys: &[String]) -> anyhow::Result<ExitCode> {
    // Resolve every key first so a typo removes nothing.
    let feeds = keys
        .iter()
        .map(|k| ctx.store.require_feed(k))
        .collect::<Result<Vec<_>, _>>()?;
    for feed in feeds {
        let report = ctx.store.remove_feed(feed.id)?;
        crate::library::images::tidy_after_removal(&ctx.store, &ctx.paths.database, &ctx.config);
        let removed = count(
            report.articles_removed,
            "{} article removed",
            "{} articles removed",
        );
        let kept = count(
            report.bookmarks_kept,
            "{} bookmark kept",
            "{} bookmarks kept",
        );
        let title = clean_line(&feed.title);
        println!(
            "{}",
            tf(
                "removed feed {}: {} ({}, {})",
                &[&feed.id, &title, &removed, &kept]
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn import(ctx: &mut Context, file: &Path) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    let bar = std::io::stderr().is_terminal().then(|| {
        indicatif::ProgressBar::new(0).with_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        )
    });
    let mut progress = |done: u64, total: u64| {
        if let Some(bar) = &bar {
            bar.set_length(total);
            bar.set_position(done);
            bar.set_message(t("articles"));
        }
    };
    let outcome = import::import_file(&mut ctx.store, &ctx.config, file, &mut progress);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let outcome = outcome?;
    let kind = match outcome.recognised {
        Recognised::Opml => t("an OPML file"),
        Recognised::NewsboatUrls => t("a newsboat urls file"),
        Recognised::NewsboatCache => t("a newsboat cache (cache.db)"),
    };
    let path = file.display();
    println!("{}", tf("recognised {}: {}", &[&kind, &path]));
    if outcome.archive.is_none() {
        for url in &outcome.existing {
            eprintln!("{}", tf("already subscribed: {}", &[url]));
        }
    }
    let imported = count(
        outcome.added.len() as u64,
        "imported {} feed",
        "imported {} feeds",
    );
    let existing = outcome.existing.len();
    println!(
        "{imported} {}",
        tf("from {} ({} already subscribed)", &[&path, &existing])
    );
    if let Some(a) = outcome.archive {
        let new = count(a.articles_new, "{} new article", "{} new articles");
        println!(
            "{}",
            tf(
                "{} ({} already here), {} marked read, {} bookmarked",
                &[&new, &a.articles_known, &a.marked_read, &a.bookmarked]
            )
        );
        if !a.changed() {
            println!(
                "{}",
                t("Nothing changed: everything in it was already here.")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn export(ctx: &Context, format: ExportFormat) -> anyhow::Result<ExitCode> {
    let feeds = ctx.store.feeds()?;
    let text = match format {
        ExportFormat::Opml => subscriptions::export_opml(&feeds),
        ExportFormat::Urls => subscriptions::export_urls(&feeds),
    };
    finish(std::io::stdout().lock().write_all(text.as_bytes()))?;
    Ok(ExitCode::SUCCESS)
}

/// One line of `feeds --json`.
#[derive(Serialize)]
struct FeedLine<'a> {
    id: i64,
    title: String,
    url: &'a str,
    site_url: Option<&'a str>,
    tags: &'a [String],
    hidden: bool,
    unread: u64,
    total: u64,
    last_fetch: Option<String>,
    status: &'static str,
    error: Option<String>,
    /// Articles `[[filter]]` rules hide (not counted in unread or total).
    hidden_articles: u64,
}

pub fn feeds(ctx: &Context, json: bool) -> anyhow::Result<ExitCode> {
    let hidden: HashMap<_, _> = ctx.store.hidden_counts()?.1.into_iter().collect();
    let mut out = listing();
    // Each feed is written as it is read: none is kept (see `Store::each_feed`).
    let mut written = Ok(());
    let mut any = false;
    ctx.store.each_feed(|f| {
        any = true;
        written = write_feed(&mut out, &f, hidden.get(&f.id).copied(), json);
        if written.is_ok() {
            ControlFlow::Continue(())
        } else {
            ControlFlow::Break(())
        }
    })?;
    if !any && !json {
        finish(writeln!(
            out,
            "{}",
            t("No feeds yet. Subscribe with `griot add URL` (a site's address works too), or import a list with `griot import FILE` (OPML or a newsboat urls file).")
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    finish(flushed(written, &mut out))?;
    Ok(ExitCode::SUCCESS)
}

/// One feed of `griot feeds`: a JSON line, or a table line (and its last error under it).
fn write_feed(
    out: &mut impl Write,
    f: &Feed,
    hidden: Option<u64>,
    json: bool,
) -> std::io::Result<()> {
    if json {
        return json_line(
            out,
            &FeedLine {
                id: f.id.0,
                title: clean_line(&f.title),
                url: &f.url,
                site_url: f.site_url.as_deref(),
                tags: &f.tags,
                hidden: f.hidden,
                unread: f.unread,
                total: f.total,
                last_fetch: rfc3339(f.last_fetch),
                status: f.last_status.as_str(),
                error: f.last_error.as_ref().map(ToString::to_string),
                hidden_articles: hidden.unwrap_or(0),
            },
        );
    }
    let mark = if f.last_status == FetchStatus::Error {
        '!'
    } else {
        ' '
    };
    // The line is put together by hand: `format!`'s padded numbers cost more than reading the
    // feed (a tenth of `griot feeds` at 5,000 feeds).
    let mut line = String::with_capacity(96);
    match u64::try_from(f.id.0) {
        Ok(id) => push_number(&mut line, id, 5, Align::Right),
        Err(_) => line.push_str(&format!("{:>5}", f.id.0)),
    }
    line.push(' ');
    line.push(mark);
    line.push(' ');
    push_number(&mut line, f.unread, 5, Align::Right);
    line.push('/');
    push_number(&mut line, f.total, 5, Align::Left);
    line.push(' ');
    line.push_str(&short_date(f.last_fetch));
    line.push_str("  ");
    line.push_str(&clean_line(&f.title));
    if !f.tags.is_empty() {
        line.push_str("  [");
        line.push_str(&f.tags.join(", "));
        line.push(']');
    }
    if let Some(n) = hidden {
        line.push_str(&format!("  ({})", count(n, "{} hidden", "{} hidden")));
    }
    line.push('\n');
    out.write_all(line.as_bytes())?;
    if let (FetchStatus::Error, Some(why)) = (f.last_status, &f.last_error) {
        writeln!(out, "{:>7} {}", "!", clean_line(&why.say()))?;
    }
    Ok(())
}
