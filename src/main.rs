//! The griot binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser as _;
use griot::cli::{self, Cli};

fn main() -> ExitCode {
    tune_malloc();
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

/// Two glibc allocator settings, made before any thread is started:
///
/// - glibc gives each thread that allocates its own arena (up to eight per core), and memory
///   freed in one is not reused by another: a refresh's fetch, parse and store threads kept
///   about 5 MB of such idle memory. Two arenas are enough for griot's few busy threads.
/// - glibc raises its threshold for serving a block from `mmap` to the largest such block
///   freed so far: after the first feed body (about 200 KB) every body came from the heap,
///   and the holes they left were kept. A fixed 128 KiB threshold gives large blocks back
///   when they are freed: a cold refresh's peak memory fell 1.7 MB at 200 feeds and 2.5 MB
///   at 1,000, for about 5 % more system time and no change in its duration
///   (benches/PROFILING.md, 2026-11-28).
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; no other thread exists yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
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
