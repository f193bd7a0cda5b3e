//! `paths`, `config`, `prune`, `completions`, `man`.

use std::io::Write;
use std::process::ExitCode;

use chrono::Utc;
use clap::CommandFactory;

use super::output::{finish, json_line};
use super::{Cli, Context};
use crate::config::{Config, DEFAULT_TOML};
use crate::i18n::{count, t, tf};
use crate::paths::Paths;

pub fn paths(cli: &Cli, json: bool) -> anyhow::Result<ExitCode> {
    let p = Paths::resolve(cli.config.as_deref(), cli.data_dir.as_deref())?;
    if json {
        finish(json_line(&mut std::io::stdout().lock(), &p))?;
    } else {
        println!("config:   {}", p.config_file.display());
        println!("data:     {}", p.data_dir.display());
        println!("database: {}", p.database.display());
        println!("log:      {}", p.log_file.display());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn config(cli: &Cli, default: bool, check: bool) -> anyhow::Result<ExitCode> {
    if default {
        finish(std::io::stdout().lock().write_all(DEFAULT_TOML.as_bytes()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let p = Paths::resolve(cli.config.as_deref(), cli.data_dir.as_deref())?;
    crate::library::environment::named_config_exists(&cli.launch())?;
    let exists = p.config_file.exists();
    let config = Config::load(&p.config_file)?;
    if check {
        // Keys taken from other actions: said; an action left with no key fails the check.
        let keymap = config
            .key_map()
            .map_err(|(key, message)| anyhow::anyhow!("[keys] {key}: {message}"))?;
        for taken in keymap.taken() {
            eprintln!("{}: [keys] {taken}", p.config_file.display());
        }
        if keymap.taken().iter().any(|t| t.orphaned) {
            return Ok(ExitCode::FAILURE);
        }
        // A macro's key wins over the action bound to it on the screens one browses: said.
        for (key, action) in macro_shadows(&config, &keymap) {
            let line = tf(
                "key {} runs its macro instead of `{}`",
                &[&key, &action.name()],
            );
            eprintln!("{}: [[macro]] {line}", p.config_file.display());
        }
        if exists {
            println!("{}: ok", p.config_file.display());
        } else {
            let path = p.config_file.display();
            println!("{}", tf("{}: not found; using the defaults", &[&path]));
        }
    } else {
        let text = toml::to_string_pretty(&config)?;
        finish(std::io::stdout().lock().write_all(text.as_bytes()))?;
    }
    Ok(ExitCode::SUCCESS)
}

pub fn prune(ctx: &mut Context, dry_run: bool) -> anyhow::Result<ExitCode> {
    let policy = crate::library::refresh::retention_policy(&ctx.config);
    let report = ctx.store.prune(&policy, Utc::now(), dry_run)?;
    if dry_run {
        println!(
            "{}",
            count(
                report.purged,
                "would drop {} read article (unread, bookmarked and still-published ones are kept)",
                "would drop {} read articles (unread, bookmarked and still-published ones are kept)"
            )
        );
    } else {
        crate::library::images::tidy_after_removal(&ctx.store, &ctx.paths.database, &ctx.config);
        println!(
            "{}",
            count(
                report.purged,
                "dropped {} read article (unread, bookmarked and still-published ones are kept)",
                "dropped {} read articles (unread, bookmarked and still-published ones are kept)"
            )
        );
        if ctx
            .store
            .compact_if_due(Utc::now(), ctx.config.retention.compact_every_days)?
        {
            println!("{}", t("compacted the database"));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "griot", &mut out);
    finish(std::io::stdout().lock().write_all(&out))?;
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> anyhow::Result<ExitCode> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    finish(std::io::stdout().lock().write_all(&out))?;
    Ok(ExitCode::SUCCESS)
}

/// The actions a `[[macro]]`'s key hides on the screens one browses, each once.
fn macro_shadows(
    config: &Config,
    keymap: &crate::config::keys::KeyMap,
) -> Vec<(crate::config::keys::KeySpec, crate::config::keys::KeyAction)> {
    let mut out = Vec::new();
    for m in config.macros().unwrap_or_default() {
        for mode in crate::config::keys::Mode::SCREENS {
            if let Some(action) = keymap.action(*mode, &m.key) {
                if !out.contains(&(m.key, action)) {
                    out.push((m.key, action));
                }
            }
        }
    }
    out
}
