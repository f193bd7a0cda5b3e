//! The terminal reader: feeds, headlines and articles in a TUI that never blocks.
//!
//! The shape is the Elm architecture, as in gitui and television:
//!
//! - [`event`]: the [`Msg`]s (input, clock, background results) and [`Command`]s (work);
//! - [`app`]: the [`State`](app::State) and [`update`](app::update) — no I/O;
//! - [`view`]: [`draw`](view::draw), a pure function of the state;
//! - [`tasks`]: the store thread answering jobs;
//! - [`net`]: refreshes, full text, discovery, saving and pictures on the async runtime;
//! - [`pictures`]: pictures on the terminal (ratatui-image: kitty, iTerm2, sixel, half-blocks);
//! - [`system`]: layout off the loop, browser, clipboard, notifications;
//! - [`terminal`]: raw mode, alternate screen, restoring on every way out.
//!
//! [`run`] wires them: terminal input is read on its own thread, background work reports on
//! the same channel, and each batch of messages is followed by one draw.

pub mod app;
pub mod event;
pub mod geometry;
pub mod handoff;
pub mod line_edit;
pub mod net;
pub mod pictures;
pub mod system;
pub mod tasks;
pub mod terminal;
pub mod theme;
pub mod view;

#[cfg(test)]
mod tests;

use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use crossterm::event::Event;
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use crate::config::Config;
use crate::library::{setup, Environment, Launch};
use crate::paths::Paths;
use crate::store::Store;

use app::{Settings, State};
use event::{Command, Job, Msg};
use theme::Theme;

/// Messages handled before a frame is drawn, at most.
const BATCH: usize = 512;

/// Opens the reader: on the user's data (`demo` false) or on the bundled sample articles in a
/// throwaway data directory, with no network.
pub fn run(launch: &Launch, demo: bool) -> anyhow::Result<ExitCode> {
    let (demo_dir, env) = if demo {
        let (dir, env) = Environment::demo(launch.log_level.as_deref())?;
        (Some(dir), env)
    } else {
        (None, Environment::open(launch)?)
    };
    let keymap = env.config.key_map().map_err(|(key, message)| {
        anyhow::anyhow!(
            "{}: [keys] {key}: {message}",
            env.paths.config_file.display()
        )
    })?;
    let mut store = env.open_store(crate::library::environment::announce_on_terminal)?;
    let Environment { paths, config } = env;
    // With a sync account, local changes are queued for the server as they are made.
    store.set_sync_armed(config.sync.is_some() && demo_dir.is_none())?;
    let first_run = setup::is_empty(&store)?;
    if demo_dir.is_some() {
        setup::seed_demo(&mut store).context("cannot prepare the demo articles")?;
    } else if first_run && config.default_feeds {
        setup::default_feeds(&mut store).context("cannot subscribe to the default feeds")?;
    }
    let mut settings = Settings::from_config(&config);
    settings.network = demo_dir.is_none();
    let theme = Theme::new(&config.theme, Theme::no_color_env());
    let result = run_loop(
        store,
        paths,
        Arc::new(config),
        keymap,
        theme,
        settings,
        first_run && demo_dir.is_none(),
    );
    drop(demo_dir);
    result.map(|()| ExitCode::SUCCESS)
}

fn run_loop(
    store: Store,
    paths: Paths,
    config: Arc<Config>,
    keymap: crate::config::KeyMap,
    theme: Theme,
    settings: Settings,
    welcome: bool,
) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .thread_name("griot-net")
        .build()
        .context("cannot start the async runtime")?;
    let (tx, rx) = mpsc::channel::<Msg>();
    let jobs = tasks::spawn(store, tx.clone());
    let net = net::Net::new(
        config.clone(),
        paths.database.clone(),
        tx.clone(),
        jobs.clone(),
    );
    spawn_clock(&runtime, tx.clone());
    spawn_signals(&runtime, tx.clone());

    terminal::install_panic_hook();
    terminal::enter().context("cannot set up the terminal")?;
    // The terminal is asked how it draws pictures before the input thread reads its answers.
    let picker = pictures::picker(config.reader.images);
    tracing::info!("pictures drawn with {}", pictures::protocol_name(&picker));
    let gate = Arc::new(handoff::InputGate::default());
    let spawned_input = spawn_input(tx.clone(), gate.clone());
    let result = (|| -> anyhow::Result<()> {
        spawned_input?;
        let backend = CrosstermBackend::new(std::io::stdout());
        let mut term = Terminal::new(backend)?;
        let size = term.size()?;
        let mut state = State::new((size.width, size.height), keymap, theme, settings);
        state.handoff = app::handoff::HandoffSettings::from_config(&config);
        state.pictures = app::pictures::Pictures::from_config(&config);
        let font = picker.font_size();
        state.pictures.cell = (font.width, font.height);
        state.welcome = welcome;
        let first = state.init();
        let outside = handoff::Outside {
            config: config.clone(),
            database: paths.database.clone(),
            tx: tx.clone(),
            handle: runtime.handle().clone(),
            gate,
        };
        let mut rt = Runtime {
            jobs,
            net,
            tx,
            handle: runtime.handle().clone(),
            notify: config.notify,
            outside,
            picker,
        };
        rt.execute(first, &mut term)?;
        term.draw(|f| view::draw(f, &state))?;
        main_loop(&mut state, &rx, &mut rt, &mut term)
    })();
    terminal::leave();
    runtime.shutdown_background();
    result
}

/// Carries out commands.
struct Runtime {
    jobs: Sender<Job>,
    net: net::Net,
    tx: Sender<Msg>,
    handle: tokio::runtime::Handle,
    notify: crate::config::Notify,
    outside: handoff::Outside,
    picker: ratatui_image::picker::Picker,
}

type Term = Terminal<CrosstermBackend<std::io::Stdout>>;

impl Runtime {
    fn execute(&mut self, commands: Vec<Command>, term: &mut Term) -> anyhow::Result<bool> {
        let mut quit = false;
        for c in commands {
            match c {
                Command::Job(job) => {
                    let _ = self.jobs.send(job);
                }
                Command::Layout {
                    article,
                    width,
                    measure,
                    link_list,
                    pictures,
                } => {
                    let tx = self.tx.clone();
                    self.handle.spawn_blocking(move || {
                        let laid = system::lay_out_with(
                            &article,
                            width,
                            measure,
                            link_list,
                            pictures.as_deref(),
                        );
                        let _ = tx.send(Msg::ArticleLaidOut(laid));
                    });
                }
                Command::LoadPicture {
                    article,
                    url,
                    keep,
                    network,
                } => {
                    let task = self.net.clone().picture(article, url, keep, network);
                    self.handle.spawn(task);
                }
                Command::EncodePicture {
                    url,
                    picture,
                    cols,
                    rows,
                } => {
                    let (tx, picker) = (self.tx.clone(), self.picker.clone());
                    self.handle.spawn_blocking(move || {
                        let _ = tx.send(system::encode_picture(&picker, url, &picture, cols, rows));
                    });
                }
                Command::Refresh(scope) => {
                    self.handle.spawn(self.net.clone().refresh(scope));
                }
                Command::KeepFullText => {
                    self.handle.spawn(self.net.clone().keep_full_text());
                }
                Command::FullText { id, url } => {
                    self.handle.spawn(self.net.clone().full_text(id, url));
                }
                Command::ResolveFeed(url) => {
                    self.handle.spawn(self.net.clone().resolve(url));
                }
                Command::SavePage(url) => {
                    self.handle.spawn(self.net.clone().save_page(url));
                }
                Command::OpenUrl(url) => {
                    if !system::open_url(&url) {
                        let _ = self.tx.send(Msg::Error(format!(
                            "{} {url}",
                            crate::i18n::t("No browser found to open")
                        )));
                    }
                }
                Command::Copy(text) => system::copy(&text, &mut std::io::stdout()),
                Command::Notify(text) => system::notify(self.notify, &text, &mut std::io::stdout()),
                Command::Suspend => {
                    terminal::suspend()?;
                    redraw_all(term)?;
                }
                Command::Redraw => redraw_all(term)?,
                Command::Quit => quit = true,
                Command::Handoff(c) => {
                    // A foreground pipe had the terminal: draw everything again.
                    if self.outside.execute(c)? {
                        redraw_all(term)?;
                    }
                }
            }
        }
        Ok(quit)
    }
}

/// Makes the next frame draw every cell: the screen is cleared and ratatui forgets what it
/// thought was there. (`Terminal::clear` would first ask the terminal where its cursor is,
/// and fail where no answer comes.)
fn redraw_all(term: &mut Term) -> anyhow::Result<()> {
    let size = term.size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    Ok(())
}

fn main_loop(
    state: &mut State,
    rx: &Receiver<Msg>,
    rt: &mut Runtime,
    term: &mut Term,
) -> anyhow::Result<()> {
    loop {
        let Ok(first) = rx.recv() else {
            return Ok(());
        };
        let mut msgs = vec![first];
        msgs.extend(rx.try_iter().take(BATCH));
        for msg in msgs {
            if let Msg::Resize(..) = msg {
                term.autoresize()?;
            }
            let commands = app::update(state, msg);
            if rt.execute(commands, term)? || state.quit {
                return Ok(());
            }
        }
        state.now = Some(chrono::Utc::now());
        term.draw(|f| view::draw(f, state))?;
    }
}

/// How long the input thread waits for an event before looking at its gate again.
const INPUT_SLICE: Duration = Duration::from_millis(100);

/// Reads terminal events on their own thread; stops reading while the gate is closed (a
/// piped command such as `less` has the terminal).
fn spawn_input(tx: Sender<Msg>, gate: Arc<handoff::InputGate>) -> anyhow::Result<()> {
    std::thread::Builder::new()
        .name("griot-input".into())
        .spawn(move || loop {
            gate.wait_open();
            match crossterm::event::poll(INPUT_SLICE) {
                Ok(false) => continue,
                Ok(true) => {}
                Err(e) => {
                    tracing::error!("terminal input failed: {e}");
                    let _ = tx.send(Msg::Terminate);
                    return;
                }
            }
            let msg = match crossterm::event::read() {
                Ok(Event::Key(k)) => Msg::Key(k),
                Ok(Event::Mouse(m)) => Msg::Mouse(m, Instant::now()),
                Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
                Ok(Event::Paste(s)) => Msg::Paste(s),
                Ok(_) => continue,
                Err(e) => {
                    tracing::error!("terminal input failed: {e}");
                    Msg::Terminate
                }
            };
            let stop = matches!(msg, Msg::Terminate);
            if tx.send(msg).is_err() || stop {
                return;
            }
        })
        .context("cannot start the input thread")?;
    Ok(())
}

/// The quarter-second tick.
fn spawn_clock(runtime: &tokio::runtime::Runtime, tx: Sender<Msg>) {
    runtime.spawn(async move {
        let mut interval = tokio::time::interval(Duration::from_millis(250));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            interval.tick().await;
            if tx.send(Msg::Tick).is_err() {
                return;
            }
        }
    });
}

/// SIGTERM, SIGHUP and SIGINT end the reader cleanly (the terminal is restored); SIGTSTP
/// suspends it the way Ctrl-Z does, terminal restored first.
fn spawn_signals(runtime: &tokio::runtime::Runtime, tx: Sender<Msg>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let suspend = tx.clone();
        runtime.spawn(async move {
            let Ok(mut tstp) = signal(SignalKind::from_raw(libc::SIGTSTP)) else {
                return;
            };
            while tstp.recv().await.is_some() {
                if suspend.send(Msg::Suspend).is_err() {
                    return;
                }
            }
        });
    }
    #[cfg(unix)]
    runtime.spawn(async move {
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut term), Ok(mut hup), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            signal(SignalKind::interrupt()),
        ) else {
            return;
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = hup.recv() => {}
            _ = int.recv() => {}
        }
        let _ = tx.send(Msg::Terminate);
    });
    #[cfg(not(unix))]
    let _ = (runtime, tx);
}
