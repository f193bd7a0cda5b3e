//! `griot sync status [--json]`, `griot sync push-subscriptions`, and `griot refresh` with a
//! `[sync]` account (the server fetches the feeds; griot syncs with it).

use std::io::Write;
use std::process::ExitCode;

use clap::Subcommand;
use serde::Serialize;

use super::output::{finish, json_line, rfc3339};
use super::Context;
use crate::i18n::{count, say, t, tf};
use crate::sync;

/// `griot sync …`
#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// The account, the last successful sync, queued changes and the last error.
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Send the local subscriptions to the server (moving an existing griot to an account).
    PushSubscriptions,
}

/// Keeps the store's queue of local changes switched on exactly while an account is configured.
pub fn arm(ctx: &mut Context) -> anyhow::Result<()> {
    ctx.store.set_sync_armed(ctx.config.sync.is_some())?;
    Ok(())
}

/// `griot refresh` with an account: one sync, the same workflow as the reader's. A failed sync
/// is one line on stderr and exit status 1; the queue of local changes is kept for the next one.
pub fn refresh(ctx: &mut Context) -> anyhow::Result<ExitCode> {
    let runtime = super::fulltext::runtime()?;
    let result = runtime.block_on(crate::library::refresh::sync_with_server(
        &ctx.config,
        &ctx.paths.database,
    ));
    runtime.shutdown_background();
    match result {
        Ok(summary) => {
            println!("{}", summary.line());
            for refused in &summary.refused {
                eprintln!("{}", tf("griot: {}", &[&refused.say()]));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            tracing::warn!(error = %e, "sync failed");
            eprintln!("{}", tf("griot: sync failed: {}", &[&say(&e)]));
            Ok(ExitCode::FAILURE)
        }
    }
}

#[derive(Serialize)]
struct StatusJson<'a> {
    service: &'a str,
    url: &'a str,
    username: &'a str,
    last_sync: Option<String>,
    queued: u64,
    last_error: Option<String>,
}

/// Runs a `griot sync` subcommand.
pub fn run(ctx: &mut Context, command: SyncCommand) -> anyhow::Result<ExitCode> {
    let Some(config) = ctx.config.sync.clone() else {
        anyhow::bail!("no [sync] account in the config (see `griot config --default`)");
    };
    match command {
        SyncCommand::Status { json } => {
            let status = sync::status(&ctx.store)?;
            let report = StatusJson {
                service: config.service.as_str(),
                url: config.url.trim(),
                username: config.username.trim(),
                last_sync: rfc3339(status.last_success),
                queued: status.queued,
                last_error: status.last_error.as_ref().map(ToString::to_string),
            };
            let mut out = std::io::stdout().lock();
            finish(if json {
                json_line(&mut out, &report)
            } else {
                writeln!(
                    out,
                    "{}",
                    tf(
                        "service: {}\nurl: {}\nuser: {}\nlast sync: {}\nqueued changes: {}\nlast error: {}",
                        &[
                            &report.service,
                            &report.url,
                            &report.username,
                            &report.last_sync.as_deref().unwrap_or(t("never")),
                            &report.queued,
                            &status.last_error.as_ref().map_or_else(|| t("none").to_string(), |e| e.say()),
                        ]
                    )
                )
            })?;
            Ok(ExitCode::SUCCESS)
        }
        SyncCommand::PushSubscriptions => {
            let queued = sync::queue_local_subscriptions(&mut ctx.store)?;
            println!(
                "{}",
                count(
                    queued,
                    "{} subscription queued for the server",
                    "{} subscriptions queued for the server"
                )
            );
            refresh(ctx)
        }
    }
}
