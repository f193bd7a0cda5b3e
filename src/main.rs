//! The griot binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser as _;
use griot::cli::{self, Cli};

fn main() -> ExitCode {
    // The locale's language until the config (which may name another) is read, so an error
    // in reading it is said in the user's language too.
    griot::i18n::set_language(griot::i18n::Lang::choose(griot::config::Language::Auto));
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage(&e),
    };
    let result = match cli.command.take() {
        Some(command) => cli::run(cli, command),
        None => griot::ui::run(&cli.launch(), cli.demo),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", griot::i18n::tf("griot: {}", &[&cli::say_error(&e)]));
            ExitCode::FAILURE
        }
    }
}

/// `--help` and `--version` print and succeed; a mistake in the command line prints clap's
/// message and exits with [`cli::EXIT_USAGE`], apart from the codes of errors and partial
/// refreshes.
fn usage(e: &clap::Error) -> ExitCode {
    let _ = e.print();
    match e.kind() {
        clap::error::ErrorKind::DisplayHelp
        | clap::error::ErrorKind::DisplayVersion
        | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => ExitCode::SUCCESS,
        _ => ExitCode::from(cli::EXIT_USAGE),
    }
}
