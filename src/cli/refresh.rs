//! `griot refresh [FEED...]`: fetch feeds into the store from the command line (or cron).
//!
//! A progress bar on stderr when it is a terminal, nothing otherwise; one summary line on
//! stdout ("200 feeds: 812 new, 3 updated, 190 unchanged, 7 failed"); each failure one line
//! on stderr naming the feed (title and URL) and the cause. Exit status: 0 when every feed
//! succeeded, 2 when some failed, 1 when nothing could run.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Context as _;
use tokio::sync::mpsc;

use super::Context;
use crate::i18n::{count, tf};
use crate::library;
use crate::library::refresh::{refresh_and_tidy, Compaction, RefreshReport};
use crate::model::FeedId;
use crate::refresh::{FeedOutcome, RefreshEvent, Selection};

/// Runs `griot refresh`: `feeds` are ids or URLs (empty: every feed); `due_only` limits an
/// all-feeds refresh to feeds whose scheduled time has come (for frequent cron runs).
/// Named feeds are always fetched.
pub fn run(ctx: &mut Context, feeds: &[String], due_only: bool) -> anyhow::Result<ExitCode> {
    if ctx.config.sync.is_some() {
        return with_account(ctx);
    }
    let mut unknown = Vec::new();
    let selection = if feeds.is_empty() {
        if due_only {
            Selection::Due
        } else {
            Selection::All
        }
    } else {
        let mut ids: Vec<FeedId> = Vec::new();
        for key in feeds {
            match ctx.store.find_feed(key)? {
                Some(feed) => ids.push(feed.id),
                None => unknown.push(key.clone()),
            }
        }
        if ids.is_empty() {
            for key in &unknown {
                eprintln!("{}", no_such_feed(key));
            }
            return Ok(ExitCode::from(1));
        }
        Selection::Feeds(ids)
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let report = runtime.block_on(run_with_progress(ctx, selection))?;
    // The runtime may hold idle pooled connections; do not wait for them.
    runtime.shutdown_background();
    print_report(&report, &unknown);
    Ok(if report.summary.failed == 0 && unknown.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// With a `[sync]` account the server fetches the feeds: one sync, then the same tidying.
fn with_account(ctx: &mut Context) -> anyhow::Result<ExitCode> {
    let code = super::sync::refresh(ctx)?;
    let runtime = super::fulltext::runtime()?;
    let tidy = runtime.block_on(library::refresh::tidy(
        &ctx.config,
        &ctx.paths.database,
        Compaction::WhenDue,
    ))?;
    print_retention(tidy.retention.purged);
    Ok(code)
}

/// The summary line, what retention dropped, and one line per failure (cause first).
fn print_report(report: &RefreshReport, unknown: &[String]) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", report.summary.line());
    drop(out);
    print_retention(report.tidy.retention.purged);
    let mut err = std::io::stderr().lock();
    for key in unknown {
        let _ = writeln!(err, "{}", no_such_feed(key));
    }
    for f in &report.summary.failures {
        let (title, url) = (one_line(&f.title), one_line(&f.url));
        let why = one_line(&f.failure.message.say());
        let _ = writeln!(err, "{}", tf("failed: {} <{}>: {}", &[&title, &url, &why]));
    }
}

/// What retention dropped, when it dropped anything.
fn print_retention(purged: u64) {
    if purged > 0 {
        println!(
            "{}",
            count(
                purged,
                "retention: dropped {} old read article that its feed no longer carries",
                "retention: dropped {} old read articles that their feeds no longer carry"
            )
        );
    }
}

/// "griot: no feed matches "x"".
fn no_such_feed(key: &str) -> String {
    tf("griot: no feed matches \"{}\"", &[&key])
}

async fn run_with_progress(ctx: &Context, selection: Selection) -> anyhow::Result<RefreshReport> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let show = std::io::stderr().is_terminal();
    let progress = tokio::spawn(async move {
        let bar = show.then(|| {
            let bar = indicatif::ProgressBar::new(0).with_style(
                indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} feeds  {wide_msg}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        while let Some(event) = rx.recv().await {
            let Some(bar) = &bar else { continue };
            match event {
                RefreshEvent::Started { total } => bar.set_length(total as u64),
                RefreshEvent::FeedDone { title, outcome, .. } => {
                    bar.inc(1);
                    let what = match outcome {
                        FeedOutcome::Stored { new, .. } if new > 0 => format!("{new} new"),
                        FeedOutcome::Failed(_) => "failed".to_string(),
                        _ => "unchanged".to_string(),
                    };
                    bar.set_message(format!("{} — {what}", one_line(&title)));
                }
                RefreshEvent::Finished(_) => bar.finish_and_clear(),
            }
        }
    });
    let result = refresh_and_tidy(&ctx.config, &ctx.paths.database, selection, Some(tx)).await;
    let _ = progress.await;
    Ok(result?)
}

/// Titles, URLs and messages come from strangers: one line, no escape sequences, no bidi
/// overrides, at most 200 bytes.
fn one_line(s: &str) -> String {
    use crate::render::sanitize::{clean_line, truncate_at_char};
    let mut out = clean_line(s);
    if out.len() > 200 {
        out.truncate(truncate_at_char(&out, 200).len());
        out.push('…');
    }
    out
}
