//! An article piped to a command, as newsboat users script their reading: `[reader] pipe`
//! (or what the reader's prompt was given) is run by the shell with the article's text on
//! its standard input.
//!
//! The one rule, as in a shell: a command ending in `&` runs **in the background** — its
//! output is discarded, its failure (exit status and first line of error output) reported —
//! and anything else runs **in the foreground**, given the terminal (the reader suspends
//! itself first and comes back when the command exits), so `less` or an editor works. The
//! runner here does not know about terminals: the front end decides what to do around
//! [`run`] with the [`PipeCommand`]'s [`PipeCommand::background`].

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use crate::model::Article;

/// Bytes of a background command's error output kept for the report.
const MAX_STDERR: u64 = 4096;

/// A command to pipe an article to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipeCommand {
    /// The shell command line, without the trailing `&`.
    pub command: String,
    /// Ends in `&`: run with no terminal, output discarded.
    pub background: bool,
}

impl PipeCommand {
    /// Reads what the user wrote; `None` when there is no command.
    pub fn parse(text: &str) -> Option<PipeCommand> {
        let text = text.trim();
        let (command, background) = match text.strip_suffix('&') {
            // `a && b` is a shell's and, not a background mark.
            Some(rest) if !rest.ends_with('&') => (rest.trim_end(), true),
            _ => (text, false),
        };
        (!command.is_empty()).then(|| PipeCommand {
            command: command.to_string(),
            background,
        })
    }
}

/// Why a piped command failed.
#[derive(Debug, thiserror::Error)]
pub enum PipeError {
    #[error("cannot run `{command}`: {source}")]
    Spawn {
        command: String,
        #[source]
        source: std::io::Error,
    },
    #[error("`{command}` failed ({status}){}", if stderr.is_empty() { String::new() } else { format!(": {stderr}") })]
    Failed {
        command: String,
        status: String,
        /// The first line of its error output (background commands only).
        stderr: String,
    },
}

impl crate::i18n::Explain for PipeError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            PipeError::Spawn { command, source } => {
                Phrase::of("cannot run `{}`: {}").word(command).word(source)
            }
            PipeError::Failed {
                command,
                status,
                stderr,
            } if stderr.is_empty() => Phrase::of("`{}` failed ({})").word(command).word(status),
            PipeError::Failed {
                command,
                status,
                stderr,
            } => Phrase::of("`{}` failed ({}): {}")
                .word(command)
                .word(status)
                .word(stderr),
        }
    }
}

/// What a piped command is told about the article besides its text.
pub fn environment(article: &Article) -> Vec<(String, String)> {
    let mut env = vec![
        ("GRIOT_ARTICLE_ID".to_string(), article.id.0.to_string()),
        ("GRIOT_ARTICLE_TITLE".to_string(), clean(&article.title)),
        ("GRIOT_FEED_TITLE".to_string(), clean(&article.feed_title)),
    ];
    if let Some(link) = &article.link {
        env.push(("GRIOT_ARTICLE_URL".to_string(), clean(link)));
    }
    env
}

fn clean(s: &str) -> String {
    crate::render::sanitize::clean_line(s)
}

/// Runs `pipe` with `text` on its standard input and waits for it. In the foreground the
/// command shares this process's terminal (standard output and error); in the background
/// its output goes nowhere and the first line of its error output comes back in the error.
pub fn run(pipe: &PipeCommand, text: &[u8], env: &[(String, String)]) -> Result<(), PipeError> {
    let mut cmd = shell(&pipe.command);
    cmd.stdin(Stdio::piped()).envs(env.iter().cloned());
    if pipe.background {
        cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    }
    let mut child = cmd.spawn().map_err(|source| PipeError::Spawn {
        command: pipe.command.clone(),
        source,
    })?;
    let stdin = child.stdin.take();
    let data = text.to_vec();
    // Written from a thread: a command that reads slowly (a pager) or not at all must not
    // hold this one up; a command that stops reading early is its own business.
    let writer = std::thread::spawn(move || {
        if let Some(mut stdin) = stdin {
            let _ = stdin.write_all(&data);
        }
    });
    let mut stderr = String::new();
    if let Some(err) = child.stderr.take() {
        let _ = err.take(MAX_STDERR).read_to_string(&mut stderr);
    }
    let status = child.wait().map_err(|source| PipeError::Spawn {
        command: pipe.command.clone(),
        source,
    })?;
    let _ = writer.join();
    if status.success() {
        return Ok(());
    }
    Err(PipeError::Failed {
        command: pipe.command.clone(),
        status: status.to_string(),
        stderr: clean(stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("")),
    })
}

fn shell(command: &str) -> Command {
    if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", command]);
        c
    } else {
        let mut c = Command::new("sh");
        c.args(["-c", command]);
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_ampersand_means_the_background() {
        assert_eq!(
            PipeCommand::parse(" notify.sh & "),
            Some(PipeCommand {
                command: "notify.sh".into(),
                background: true
            })
        );
        assert_eq!(
            PipeCommand::parse("less").map(|p| p.background),
            Some(false)
        );
        assert_eq!(
            PipeCommand::parse("a && b").map(|p| p.background),
            Some(false)
        );
        assert_eq!(PipeCommand::parse("  & "), None);
    }
}
