//! The reader's side of handing an article to the outside: the pipe and save keys (and their
//! prompts), playing and downloading attached files, the download progress in the status
//! bar, the files listed under the article's header with their "downloaded" mark, and the
//! config's macros (one key, several actions in order).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::{Config, KeyAction, KeySpec, Macro, Mode};
use crate::i18n::{t, tf};
use crate::library::downloads;
use crate::library::exporting::default_markdown_path;
use crate::library::piping::PipeCommand;
use crate::library::reading;
use crate::model::ArticleId;

use super::prompt::{self, PromptKind};
use super::{Screen, State};
use crate::ui::event::{Command, Job};
use crate::ui::handoff::{HandoffCommand, HandoffJob, HandoffMsg};

/// What the reader takes from the config for hand-offs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HandoffSettings {
    /// `[reader] pipe` (none: asked for).
    pub pipe: Option<PipeCommand>,
    /// Where downloads go.
    pub download_dir: PathBuf,
    /// `[[macro]]`s, checked.
    pub macros: Vec<Macro>,
}

impl HandoffSettings {
    /// From the config (macros that do not check are left out: `config --check` names them).
    pub fn from_config(config: &Config) -> HandoffSettings {
        HandoffSettings {
            pipe: PipeCommand::parse(&config.reader.pipe),
            download_dir: downloads::download_dir(config),
            macros: config.macros().unwrap_or_default(),
        }
    }
}

/// The reader's part of an open article's files.
#[derive(Debug, Clone, Default)]
pub struct FilesShown {
    /// The article's files as numbered under its header.
    pub files: Vec<crate::model::Enclosure>,
    /// Which are on disk: URL → file.
    pub downloaded: Arc<HashMap<String, PathBuf>>,
    /// The lines as laid out, before the files are listed, the header's rows, and the rows
    /// kept for pictures in those lines.
    pub base: Option<LaidBase>,
}

/// An article's layout before its files are listed under the header.
#[derive(Debug, Clone, Default)]
pub struct LaidBase {
    pub lines: Arc<Vec<crate::render::Line>>,
    pub header_rows: usize,
    pub images: Arc<Vec<crate::render::ImageSlot>>,
}

fn job(j: HandoffJob) -> Vec<Command> {
    vec![Command::Job(Job::Handoff(j))]
}

/// A hand-off key on an article screen; `n` is a number typed first in the reader.
pub(super) fn on_action(state: &mut State, action: KeyAction, n: Option<usize>) -> Vec<Command> {
    let Some(article) = state.current_article() else {
        return Vec::new();
    };
    let id = article.id;
    match action {
        KeyAction::Pipe => match state.handoff.pipe.clone() {
            Some(pipe) => pipe_text(state, id, pipe),
            None => prompt::open(state, PromptKind::Pipe(id), ""),
        },
        KeyAction::SaveMarkdown => {
            let path = default_markdown_path(&article.title);
            prompt::open(state, PromptKind::SaveMarkdown(id), &path)
        }
        KeyAction::Play => job(HandoffJob::Play { id, n }),
        KeyAction::Download => {
            if !state.settings.network {
                state.say(t("Fetching is off in demo mode"), false);
                return Vec::new();
            }
            // In the reader, file 1 (or the one numbered); on a list, all of them.
            let n = n.or((state.screen == Screen::Reader).then_some(1));
            job(HandoffJob::Queue {
                id,
                n,
                dir: state.handoff.download_dir.clone(),
            })
        }
        _ => Vec::new(),
    }
}

fn pipe_text(state: &State, id: ArticleId, pipe: PipeCommand) -> Vec<Command> {
    job(HandoffJob::PipeText {
        id,
        pipe,
        width: state.settings.reader_width,
    })
}

/// A submitted pipe prompt.
pub(super) fn answer_pipe(state: &mut State, id: ArticleId, input: &str) -> Vec<Command> {
    match PipeCommand::parse(input) {
        Some(pipe) => pipe_text(state, id, pipe),
        None => Vec::new(),
    }
}

/// A submitted save prompt.
pub(super) fn answer_save(id: ArticleId, input: &str) -> Vec<Command> {
    if input.trim().is_empty() {
        return Vec::new();
    }
    job(HandoffJob::SaveMarkdown {
        id,
        path: input.trim().to_string(),
    })
}

/// A hand-off's result.
pub(super) fn on_msg(state: &mut State, msg: HandoffMsg) -> Vec<Command> {
    match msg {
        HandoffMsg::PipeReady { pipe, text, env } => {
            vec![Command::Handoff(HandoffCommand::Pipe { pipe, text, env })]
        }
        HandoffMsg::Downloaded { id, files } => {
            if let Some(r) = state.reader.as_mut().filter(|r| r.summary.id == id) {
                r.files.downloaded = files;
                compose(state);
            }
            Vec::new()
        }
        HandoffMsg::PlayReady(target) => vec![Command::Handoff(HandoffCommand::Play(target))],
        HandoffMsg::Queued(ids) => vec![Command::Handoff(HandoffCommand::Download(ids))],
        HandoffMsg::Progress { name, percent } => {
            let text = match percent {
                Some(p) => tf("Downloading {} {}%", &[&name, &p]),
                None => tf("Downloading {}", &[&name]),
            };
            state.say(text, false);
            Vec::new()
        }
        HandoffMsg::Finished { name, result } => {
            match result {
                Ok(path) => state.say(tf("Downloaded {}", &[&path.display()]), false),
                Err(e) => state.say(tf("Download of {} failed: {}", &[&name, &e]), true),
            }
            match &state.reader {
                Some(r) => job(HandoffJob::Downloaded(r.summary.id)),
                None => Vec::new(),
            }
        }
    }
}

/// The reader's lines: the laid-out article with its files listed under the header.
pub(super) fn compose(state: &mut State) {
    let Some(r) = state.reader.as_mut() else {
        return;
    };
    let Some(base) = &r.files.base else {
        return;
    };
    let files = &r.files;
    let indent = base.lines.first().map_or(0, |l| l.indent);
    let lines = reading::file_lines(
        &files.files,
        |url| files.downloaded.contains_key(url),
        indent,
        r.width,
    );
    if lines.is_empty() {
        r.lines = Some(base.lines.clone());
        r.images = base.images.clone();
    } else {
        let shifted = reading::shift_slots(&base.images, base.header_rows, lines.len());
        r.lines = Some(Arc::new(reading::with_files(
            &base.lines,
            base.header_rows,
            &lines,
        )));
        r.images = Arc::new(shifted);
    }
}

/// The macro bound to a key on the screens one browses, if any.
pub(super) fn macro_for(state: &State, mode: Mode, key: Option<KeySpec>) -> Option<Macro> {
    if !Mode::SCREENS.contains(&mode) {
        return None;
    }
    let key = key?;
    state.handoff.macros.iter().find(|m| m.key == key).cloned()
}

/// Runs a macro's actions in order, as if their keys were pressed one after the other; it
/// stops early when one puts up a prompt or a question (the rest would go to it).
pub(super) fn run_macro(state: &mut State, m: &Macro) -> Vec<Command> {
    let mut out = Vec::new();
    for action in &m.actions {
        if !Mode::SCREENS.contains(&state.mode()) {
            break;
        }
        out.extend(super::on_action(state, *action));
    }
    out
}
