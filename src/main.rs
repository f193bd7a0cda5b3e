//! The griot binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;
use griot::cli::{self, Cli};

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    let result = match cli.command.take() {
        Some(command) => cli::run(cli, command),
        None => griot::ui::run(&cli.launch(), cli.demo),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("griot: {}", one_line(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line.
fn one_line(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ")
}
