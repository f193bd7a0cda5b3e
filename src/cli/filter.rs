//! `filter`: the `[[filter]]` rules, applied to the archive (`--apply`, `--dry-run`), and hidden
//! articles brought back (`--unhide`).

use std::process::ExitCode;

use super::Context;
use crate::i18n::{count, t, tf};
use crate::library::filters;
use crate::render::sanitize::clean_line;

pub fn run(
    ctx: &mut Context,
    apply: bool,
    dry_run: bool,
    unhide: bool,
) -> anyhow::Result<ExitCode> {
    if unhide {
        let n = filters::unhide(&mut ctx.store)?;
        println!(
            "{}",
            count(
                n,
                "{} hidden article shown again",
                "{} hidden articles shown again"
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    if ctx.config.filters.is_empty() {
        println!("{}", t("No [[filter]] rules in the config."));
    }
    let report = filters::apply(&mut ctx.store, &ctx.config, !apply || dry_run)?;
    for rule in &report.rules {
        println!(
            "{:>7}  {:<9}  {}",
            rule.touched,
            rule.action,
            clean_line(&rule.rule)
        );
    }
    let changed = report.articles;
    let line = if apply && !dry_run {
        count(changed, "{} article changed", "{} articles changed")
    } else {
        count(
            changed,
            "{} article would change",
            "{} articles would change",
        )
    };
    let hidden = count(report.hidden, "{} article hidden", "{} articles hidden");
    println!("{}", tf("{}; {} in all", &[&line, &hidden]));
    if !apply && !dry_run && changed > 0 {
        println!(
            "{}",
            t("Run `griot filter --apply` to apply the rules to the archive.")
        );
    }
    Ok(ExitCode::SUCCESS)
}
