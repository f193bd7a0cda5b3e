//! `griot downloads`: podcasts and other enclosures kept on disk. The queue is listed, run
//! (resumed from what is on disk, a few files at once, a progress bar on a terminal), added
//! to and trimmed; the work is `library::downloads`.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Subcommand;
use serde::Serialize;

use super::output::{finish, json_line, rfc3339};
use super::Context;
use crate::downloads::{human_size, DownloadId, DownloadState};
use crate::i18n::tf;
use crate::library::downloads::{self as workflow, DownloadEvent, Entry};
use crate::model::ArticleId;
use crate::render::sanitize::clean_line;
use crate::store::Queued;

/// `griot downloads …`
#[derive(Debug, Subcommand)]
pub enum DownloadsCommand {
    /// Queue an article's attached files (all of them, or file N as the reader numbers them).
    Add {
        /// The article's id (as `list` and `search` print it).
        #[arg(value_name = "ARTICLE")]
        article: i64,
        /// Only this file (1 is the first).
        #[arg(value_name = "N")]
        n: Option<usize>,
    },
    /// List the queue: state, bytes on disk, file name, URL.
    List {
        /// One JSON object per file.
        #[arg(long)]
        json: bool,
    },
    /// Download everything queued (or failed), resuming interrupted files.
    Run,
    /// Take files off the queue (what is on disk stays).
    Forget {
        #[arg(value_name = "ID", required = true)]
        ids: Vec<i64>,
    },
}

/// `downloads --json` / `downloads list --json`: one line per file.
#[derive(Serialize)]
struct EntryJson {
    id: i64,
    article_id: Option<i64>,
    url: String,
    file_name: String,
    state: &'static str,
    /// Bytes on disk (the finished file's, or the `.part`'s).
    received: u64,
    total: Option<u64>,
    path: Option<String>,
    error: Option<String>,
    added: Option<String>,
    finished: Option<String>,
}

/// `griot downloads [--json]` (the queue, then a run unless `--json`) or a subcommand.
pub fn run(
    ctx: &mut Context,
    command: Option<DownloadsCommand>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    match command {
        Some(DownloadsCommand::Add { article, n }) => add(ctx, article, n),
        Some(DownloadsCommand::List { json }) => list(ctx, json),
        Some(DownloadsCommand::Run) => run_queue(ctx),
        Some(DownloadsCommand::Forget { ids }) => forget(ctx, &ids),
        None if json => list(ctx, true),
        None => {
            list(ctx, false)?;
            run_queue(ctx)
        }
    }
}

fn add(ctx: &mut Context, article: i64, n: Option<usize>) -> anyhow::Result<ExitCode> {
    let dir = workflow::download_dir(&ctx.config);
    ctx.store.require_article(ArticleId(article))?;
    match workflow::queue_article(&mut ctx.store, &dir, ArticleId(article), n) {
        Ok(queued) => {
            for (q, name) in queued {
                let line = match q {
                    Queued::Added(id) => tf("queued {}: {}", &[&id, &name]),
                    Queued::Already(id) => tf("already queued {}: {}", &[&id, &name]),
                };
                println!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{}", tf("griot: {}", &[&crate::i18n::say(&e)]));
            Ok(ExitCode::from(1))
        }
    }
}

fn list(ctx: &Context, json: bool) -> anyhow::Result<ExitCode> {
    let dir = workflow::download_dir(&ctx.config);
    let entries = workflow::entries(&ctx.store, &dir)?;
    let mut out = std::io::stdout().lock();
    let result = entries.iter().try_for_each(|e| {
        if json {
            json_line(&mut out, &entry_json(e))
        } else {
            writeln!(out, "{}", entry_line(e))
        }
    });
    finish(result)?;
    if !json && entries.is_empty() {
        eprintln!("{}", crate::i18n::t("The download queue is empty."));
    }
    Ok(ExitCode::SUCCESS)
}

fn entry_json(e: &Entry) -> EntryJson {
    let d = &e.download;
    EntryJson {
        id: d.id.0,
        article_id: d.article_id.map(|a| a.0),
        url: clean_line(&d.url),
        file_name: d.file_name.clone(),
        state: d.state.as_str(),
        received: e.on_disk,
        total: d.total,
        path: d.path.as_ref().map(|p| p.display().to_string()),
        error: d.error.clone(),
        added: rfc3339(Some(d.added)),
        finished: rfc3339(d.finished),
    }
}

/// `  3  done     24.1 MB            episode-12.mp3`
fn entry_line(e: &Entry) -> String {
    let d = &e.download;
    let size = match (d.state, d.total) {
        (DownloadState::Done, _) => human_size(e.on_disk),
        (_, Some(total)) => format!("{} / {}", human_size(e.on_disk), human_size(total)),
        (_, None) => human_size(e.on_disk),
    };
    let mut line = format!(
        "{:>4}  {:<6}  {:>19}  {}",
        d.id.0,
        d.state.as_str(),
        size,
        d.file_name
    );
    if let Some(err) = d
        .error
        .as_deref()
        .filter(|_| d.state == DownloadState::Failed)
    {
        line.push_str(&format!("\n      {}", clean_line(err)));
    }
    line
}

fn forget(ctx: &mut Context, ids: &[i64]) -> anyhow::Result<ExitCode> {
    let mut code = ExitCode::SUCCESS;
    for id in ids {
        if !ctx.store.forget_download(DownloadId(*id))? {
            eprintln!("{}", tf("griot: no download {}", &[id]));
            code = ExitCode::from(1);
        }
    }
    Ok(code)
}

/// Runs the queue with a bar per file on a terminal; one line per file done or failed, a
/// summary; exit status 2 when some failed.
fn run_queue(ctx: &Context) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let show = std::io::stderr().is_terminal();
    let progress = runtime.spawn(async move {
        let bars = indicatif::MultiProgress::new();
        let mut open: std::collections::HashMap<DownloadId, indicatif::ProgressBar> =
            std::collections::HashMap::new();
        let style = indicatif::ProgressStyle::with_template(
            "{bar:30} {bytes:>10}/{total_bytes:<10} {bytes_per_sec:>11}  {wide_msg}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
        while let Some(event) = rx.recv().await {
            match event {
                DownloadEvent::Progress {
                    id,
                    name,
                    received,
                    total,
                    ..
                } if show => {
                    let bar = open.entry(id).or_insert_with(|| {
                        let b = bars.add(indicatif::ProgressBar::new(total.unwrap_or(0)));
                        b.set_style(style.clone());
                        b.set_message(name);
                        b
                    });
                    if let Some(t) = total {
                        bar.set_length(t);
                    }
                    bar.set_position(received);
                }
                DownloadEvent::Progress { .. } => {}
                DownloadEvent::Finished { id, name, result } => {
                    if let Some(bar) = open.remove(&id) {
                        bar.finish_and_clear();
                    }
                    let line = match result {
                        Ok(path) => tf("downloaded {}", &[&path.display()]),
                        Err(e) => tf("failed: {}: {}", &[&name, &clean_line(&e)]),
                    };
                    if show {
                        let _ = bars.println(line);
                    } else {
                        println!("{line}");
                    }
                }
            }
        }
    });
    let report = runtime.block_on(workflow::run(
        &ctx.config,
        &ctx.paths.database,
        None,
        Some(tx),
    ));
    let _ = runtime.block_on(progress);
    runtime.shutdown_background();
    let report = report?;
    println!(
        "{}",
        tf("{} downloaded, {} failed", &[&report.done, &report.failed])
    );
    Ok(if report.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}
