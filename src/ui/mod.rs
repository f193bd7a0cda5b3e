//! The terminal reader (being built).

use std::process::ExitCode;

/// Opens the reader.
pub fn run(_cli: crate::cli::Cli) -> anyhow::Result<ExitCode> {
    anyhow::bail!("the terminal reader is not available in this build")
}
