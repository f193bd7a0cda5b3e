//! The log file: griot never writes diagnostics to the terminal while the reader owns it.
//!
//! Logs go to `griot.log` in the data directory (shown by `griot paths`), at the level from
//! `--log-level` or the config.

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Mutex;

/// Starts logging to `path` at `level` ("error" … "trace"); a failure to open the file
/// leaves logging off rather than stopping griot.
pub fn init(path: &Path, level: &str) {
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let Ok(file) = OpenOptions::new().create(true).append(true).open(path) else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_new(format!("griot={level},warn"))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("griot=info,warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_target(false)
        .try_init();
}
