//! The log file: griot never writes diagnostics to the terminal while the reader owns it.
//!
//! Logs go to `griot.log` in the data directory (shown by `griot paths`), at the level from
//! `--log-level` or the config.

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Mutex;

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;

/// Starts logging to `path` at `level` ("error" … "trace"); a failure to open the file
/// leaves logging off rather than stopping griot.
pub fn init(path: &Path, level: &str) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let Ok(file) = OpenOptions::new().create(true).append(true).open(path) else {
        return;
    };
    // A plain target filter: an `EnvFilter` compiled its directive parser's regular
    // expressions at every start, which cost more than the rest of a `griot list`.
    let level = level.parse::<LevelFilter>().unwrap_or(LevelFilter::INFO);
    let filter = Targets::new()
        .with_target("griot", level)
        .with_default(LevelFilter::WARN);
    let subscriber = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_target(false)
        .with_max_level(LevelFilter::TRACE)
        .finish()
        .with(filter);
    let _ = tracing::subscriber::set_global_default(subscriber);
}
