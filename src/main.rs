//! The griot binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser as _;
use griot::cli::{self, Cli};

fn main() -> ExitCode {
    limit_malloc_arenas();
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

/// glibc gives each thread that allocates its own arena (up to eight per core), and memory
/// freed in one is not reused by another: a refresh's fetch, parse and store threads kept
/// about 5 MB of such idle memory. Two arenas are enough for griot's few busy threads.
/// Must run before any thread is started.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
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
