//! The messages, store jobs and commands of handing an article to the outside (a pipe, a
//! Markdown file, a player, downloads): each one variant of [`super::Msg`], [`super::Job`]
//! and [`super::Command`]; `ui::handoff` carries them out.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::downloads::DownloadId;
use crate::library::piping::PipeCommand;
use crate::model::ArticleId;

/// Store-thread work of a hand-off.
#[derive(Debug, Clone, PartialEq)]
pub enum HandoffJob {
    /// Set the article out as text for a pipe.
    PipeText {
        id: ArticleId,
        pipe: PipeCommand,
        width: u16,
    },
    /// Write the article as Markdown to a new file.
    SaveMarkdown { id: ArticleId, path: String },
    /// Which of an article's files are on disk.
    Downloaded(ArticleId),
    /// Play file `n` (1-based, 1 when `None`) of an article: the file on disk, else its URL.
    Play { id: ArticleId, n: Option<usize> },
    /// Queue file `n` of an article (all of them when `None`) in `dir`.
    Queue {
        id: ArticleId,
        n: Option<usize>,
        dir: PathBuf,
    },
}

/// What came back from a hand-off.
#[derive(Debug, Clone)]
pub enum HandoffMsg {
    /// The text to pipe is ready.
    PipeReady {
        pipe: PipeCommand,
        text: Arc<String>,
        env: Vec<(String, String)>,
    },
    /// An article's files on disk: URL → file.
    Downloaded {
        id: ArticleId,
        files: Arc<HashMap<String, PathBuf>>,
    },
    /// Something to play (a path or a URL).
    PlayReady(String),
    /// Files were queued: download them.
    Queued(Vec<DownloadId>),
    /// A download went on (a percentage when the size is known).
    Progress { name: String, percent: Option<u64> },
    /// A download ended (for the article, when it came from one).
    Finished {
        name: String,
        result: Result<PathBuf, String>,
    },
}

/// Work for the loop to carry out.
#[derive(Debug, Clone, PartialEq)]
pub enum HandoffCommand {
    /// Run a pipe with this text (and these variables).
    Pipe {
        pipe: PipeCommand,
        text: Arc<String>,
        env: Vec<(String, String)>,
    },
    /// Start the player on a file or URL.
    Play(String),
    /// Download these queued files.
    Download(Vec<DownloadId>),
}
