//! An article handed to the world outside the reader: piped to a command, saved as a
//! Markdown file, its attached files played or downloaded.
//!
//! The messages, store jobs and commands of these hand-offs live here, each as one variant of
//! the reader's [`Job`](super::event::Job), [`Msg`] and [`Command`](super::event::Command):
//! [`run_job`] answers the jobs on the store thread (reading the article, writing the file,
//! queueing downloads), [`Outside`] carries out the commands for the loop — a background pipe
//! or a player spawned and reaped on a thread of its own, its failure reported in the status
//! bar; a foreground pipe given the terminal (input paused, screen restored, then taken back);
//! the download queue run on the async runtime with its progress reported as it goes.

use std::path::PathBuf;
use std::process::{Command as Process, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};

use crate::config::Config;
use crate::downloads::DownloadId;
use crate::i18n::{t, tf};
use crate::library::downloads::{self, DownloadEvent};
use crate::library::exporting::{self, TextFormat};
use crate::library::piping;
use crate::model::Enclosure;
use crate::render::LayoutOptions;
use crate::store::{Queued, Store, StoreError};

pub use super::event::handoff::{HandoffCommand, HandoffJob, HandoffMsg};
use super::event::Msg;

/// Answers a hand-off job on the store thread.
pub fn run_job(store: &mut Store, job: HandoffJob) -> Result<Vec<Msg>, StoreError> {
    let wrap = |m: HandoffMsg| vec![Msg::Handoff(m)];
    Ok(match job {
        HandoffJob::PipeText { id, pipe, width } => {
            let article = store.require_article(id)?;
            let opts = LayoutOptions {
                width,
                measure: width,
                link_list: true,
            };
            let text = exporting::article_text(&article, TextFormat::Txt, &opts);
            wrap(HandoffMsg::PipeReady {
                pipe,
                text: Arc::new(text),
                env: piping::environment(&article),
            })
        }
        HandoffJob::SaveMarkdown { id, path } => {
            let article = store.require_article(id)?;
            match exporting::save_markdown(&article, &path) {
                Ok(p) => vec![Msg::Info(tf("Saved as {}", &[&p.display()]))],
                Err(e) => vec![Msg::Error(crate::i18n::say(&e))],
            }
        }
        HandoffJob::Downloaded(id) => wrap(HandoffMsg::Downloaded {
            id,
            files: Arc::new(downloads::downloaded(store, id)?),
        }),
        HandoffJob::Play { id, n } => {
            let files = downloads::offered(&store.enclosures(id)?);
            match pick(&files, n) {
                Ok(file) => {
                    let on_disk = downloads::downloaded(store, id)?;
                    let target = on_disk
                        .get(&file.url)
                        .filter(|p| p.exists())
                        .map_or_else(|| file.url.clone(), |p| p.display().to_string());
                    wrap(HandoffMsg::PlayReady(target))
                }
                Err(message) => vec![Msg::Error(message)],
            }
        }
        HandoffJob::Queue { id, n, dir } => match downloads::queue_article(store, &dir, id, n) {
            Ok(queued) => {
                let ids = queued
                    .iter()
                    .map(|(q, _)| match q {
                        Queued::Added(id) | Queued::Already(id) => *id,
                    })
                    .collect();
                let names: Vec<&str> = queued.iter().map(|(_, n)| n.as_str()).collect();
                vec![
                    Msg::Info(tf("Downloading {}", &[&names.join(", ")])),
                    Msg::Handoff(HandoffMsg::Queued(ids)),
                ]
            }
            Err(downloads::QueueError::Store(e)) => return Err(e),
            Err(e) => vec![Msg::Error(crate::i18n::say(&e))],
        },
    })
}

/// File `n` (1-based; the first when `None`) of an article's files, or what to say.
fn pick(files: &[Enclosure], n: Option<usize>) -> Result<&Enclosure, String> {
    if files.is_empty() {
        return Err(t("This article has no attached file").into());
    }
    let n = n.unwrap_or(1);
    n.checked_sub(1)
        .and_then(|i| files.get(i))
        .ok_or_else(|| tf("No file number {}", &[&n]))
}

/// Pauses the terminal-input thread while another program owns the terminal.
#[derive(Debug, Default)]
pub struct InputGate {
    paused: Mutex<bool>,
    changed: Condvar,
    /// The input thread is parked (not reading the terminal).
    parked: AtomicBool,
}

impl InputGate {
    /// Called by the input thread before each poll: waits while paused, saying it is parked.
    pub fn wait_open(&self) {
        let mut paused = self.paused.lock().unwrap_or_else(|p| p.into_inner());
        while *paused {
            self.parked.store(true, Ordering::SeqCst);
            self.changed.notify_all();
            paused = self.changed.wait(paused).unwrap_or_else(|p| p.into_inner());
        }
        self.parked.store(false, Ordering::SeqCst);
    }

    /// Stops the input thread reading, and waits (two seconds at most) until it has: it polls
    /// the terminal in short slices.
    fn pause(&self) {
        let mut paused = self.paused.lock().unwrap_or_else(|p| p.into_inner());
        *paused = true;
        // Bounded: an input thread that has ended never parks.
        for _ in 0..40 {
            if self.parked.load(Ordering::SeqCst) {
                break;
            }
            let (guard, _) = self
                .changed
                .wait_timeout(paused, std::time::Duration::from_millis(50))
                .unwrap_or_else(|p| p.into_inner());
            paused = guard;
        }
    }

    fn resume(&self) {
        *self.paused.lock().unwrap_or_else(|p| p.into_inner()) = false;
        self.changed.notify_all();
    }
}

/// Carries out hand-off commands for the loop.
pub struct Outside {
    pub config: Arc<Config>,
    pub database: PathBuf,
    pub tx: Sender<Msg>,
    pub handle: tokio::runtime::Handle,
    pub gate: Arc<InputGate>,
}

impl Outside {
    /// Carries out a command; a foreground pipe runs here, with the terminal given to it.
    pub fn execute(&self, command: HandoffCommand) -> std::io::Result<bool> {
        match command {
            HandoffCommand::Pipe { pipe, text, env } if !pipe.background => {
                self.gate.pause();
                super::terminal::leave();
                let result = piping::run(&pipe, text.as_bytes(), &env);
                let entered = super::terminal::enter();
                self.gate.resume();
                self.report(result.map(|()| tf("Piped to {}", &[&pipe.command])));
                entered?;
                return Ok(true);
            }
            HandoffCommand::Pipe { pipe, text, env } => {
                let tx = self.tx.clone();
                std::thread::spawn(move || {
                    let result = piping::run(&pipe, text.as_bytes(), &env);
                    let _ = tx.send(match result {
                        Ok(()) => Msg::Info(tf("Piped to {}", &[&pipe.command])),
                        Err(e) => Msg::Error(crate::i18n::say(&e)),
                    });
                });
            }
            HandoffCommand::Play(target) => self.play(&target),
            HandoffCommand::Download(ids) => self.download(ids),
        }
        Ok(false)
    }

    fn report(&self, result: Result<String, piping::PipeError>) {
        let _ = self.tx.send(match result {
            Ok(text) => Msg::Info(text),
            Err(e) => Msg::Error(crate::i18n::say(&e)),
        });
    }

    /// Starts the player detached (no terminal I/O); a failure to start or a failing exit is
    /// said in the status bar.
    fn play(&self, target: &str) {
        let argv = downloads::player_command(&self.config.enclosures.player, target);
        let Some((program, args)) = argv.split_first() else {
            return;
        };
        let spawned = Process::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let tx = self.tx.clone();
        let program = program.clone();
        match spawned {
            Ok(mut child) => {
                let _ = tx.send(Msg::Info(tf("Playing {}", &[&target])));
                std::thread::spawn(move || {
                    if let Ok(status) = child.wait() {
                        if !status.success() {
                            let _ = tx.send(Msg::Error(tf(
                                "The player {} failed ({})",
                                &[&program, &status],
                            )));
                        }
                    }
                });
            }
            Err(e) => {
                let _ = tx.send(Msg::Error(tf(
                    "Cannot start the player {}: {}",
                    &[&program, &e],
                )));
            }
        }
    }

    /// Runs the queued downloads on the async runtime, reporting progress as it goes.
    fn download(&self, ids: Vec<DownloadId>) {
        let (events, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let tx = self.tx.clone();
        self.handle.spawn(async move {
            while let Some(event) = rx.recv().await {
                let msg = match event {
                    DownloadEvent::Progress {
                        name,
                        received,
                        total,
                        ..
                    } => HandoffMsg::Progress {
                        name,
                        percent: total.filter(|t| *t > 0).map(|t| received * 100 / t),
                    },
                    DownloadEvent::Finished { name, result, .. } => {
                        HandoffMsg::Finished { name, result }
                    }
                };
                if tx.send(Msg::Handoff(msg)).is_err() {
                    return;
                }
            }
        });
        let (config, database, tx) = (self.config.clone(), self.database.clone(), self.tx.clone());
        self.handle.spawn(async move {
            if let Err(e) = downloads::run(&config, &database, Some(ids), Some(events)).await {
                let _ = tx.send(Msg::Error(crate::i18n::say(&e)));
            }
        });
    }
}
