//! Where a session of griot lives: the resolved paths, the loaded config, the log and the
//! interface language — set up once, from plain values, for the reader and the command line
//! alike (neither front end resolves paths or starts logging on its own).

use std::path::PathBuf;

use chrono::Utc;

use crate::config::{Config, ConfigError};
use crate::i18n::{set_language, Lang};
use crate::paths::{Paths, PathsError};
use crate::store::{Store, StoreError};

/// What the user asked for at launch, as plain values (the command line or a test fills it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Launch {
    /// `--config FILE`: a named file must exist.
    pub config: Option<PathBuf>,
    /// `--data-dir DIR`.
    pub data_dir: Option<PathBuf>,
    /// `--log-level LEVEL`, over the config's `log_level`.
    pub log_level: Option<String>,
}

/// Why griot could not set up its environment.
#[derive(Debug, thiserror::Error)]
pub enum EnvironmentError {
    #[error(transparent)]
    Paths(#[from] PathsError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("config file {} does not exist (griot config --default prints one to start from)", path.display())]
    NoConfig { path: PathBuf },
    #[error("cannot create data directory {}: {source}", path.display())]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The resolved paths and the config in effect.
#[derive(Debug, Clone)]
pub struct Environment {
    pub paths: Paths,
    pub config: Config,
}

/// An archive this large (about 20,000 articles) takes long enough to upgrade that the user is
/// told what the wait is ([`Environment::open_store`]).
const ANNOUNCED_UPGRADE_BYTES: u64 = 64 << 20;

/// What the command line and the reader say (on standard error, before the reader takes the
/// terminal) while a large archive is upgraded.
pub const UPGRADING: &str =
    "griot: updating the archive for this version of griot (once; a large archive takes a moment)…";

/// How both front ends announce an upgrade: [`UPGRADING`] on standard error when it is a
/// terminal (a script reading griot's output is not told).
pub fn announce_on_terminal() {
    use std::io::IsTerminal as _;
    if std::io::stderr().is_terminal() {
        eprintln!("{}", crate::i18n::t(UPGRADING));
    }
}

impl Environment {
    /// Opens the store, calling `announce` first when it is about to upgrade a large archive
    /// to this version (a wait worth a word: about a second per 100,000 articles, once).
    pub fn open_store(&self, announce: impl FnOnce()) -> Result<Store, StoreError> {
        Store::open_announcing_upgrade(&self.paths.database, ANNOUNCED_UPGRADE_BYTES, announce)
    }

    /// Resolves paths, loads the config, starts logging, sets the language and makes sure the
    /// data directory exists.
    pub fn open(launch: &Launch) -> Result<Environment, EnvironmentError> {
        let paths = Paths::resolve(launch.config.as_deref(), launch.data_dir.as_deref())?;
        named_config_exists(launch)?;
        let config = Config::load(&paths.config_file)?;
        Environment { paths, config }.start(launch.log_level.as_deref())
    }

    /// Resolves paths and loads the config only: no log, no language, nothing created
    /// (`griot paths`, `griot config`).
    pub fn peek(launch: &Launch) -> Result<(Paths, Result<Config, ConfigError>), PathsError> {
        let paths = Paths::resolve(launch.config.as_deref(), launch.data_dir.as_deref())?;
        let config = Config::load(&paths.config_file);
        Ok((paths, config))
    }

    /// `--demo`: a throwaway data directory (removed when the [`DemoDir`] drops), a config
    /// that never refreshes, the log inside it.
    pub fn demo(log_level: Option<&str>) -> Result<(DemoDir, Environment), EnvironmentError> {
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or(0);
        let path = std::env::temp_dir().join(format!("griot-demo-{}-{nanos}", std::process::id()));
        let dir = DemoDir { path };
        let paths = Paths::in_data_dir(dir.path.join("config.toml"), dir.path.clone());
        let config = Config {
            refresh_on_start: false,
            refresh_interval: 0,
            default_feeds: false,
            ..Config::default()
        };
        let env = Environment { paths, config }.start(log_level)?;
        Ok((dir, env))
    }

    fn start(self, log_level: Option<&str>) -> Result<Environment, EnvironmentError> {
        std::fs::create_dir_all(&self.paths.data_dir).map_err(|source| {
            EnvironmentError::DataDir {
                path: self.paths.data_dir.clone(),
                source,
            }
        })?;
        let level = log_level.unwrap_or(self.config.log_level.as_str());
        crate::logging::init(&self.paths.log_file, level);
        set_language(Lang::choose(self.config.language));
        Ok(self)
    }
}

/// A config file the user named must exist (only the default location may be absent).
pub fn named_config_exists(launch: &Launch) -> Result<(), EnvironmentError> {
    match &launch.config {
        Some(path) if !path.exists() => Err(EnvironmentError::NoConfig { path: path.clone() }),
        _ => Ok(()),
    }
}

/// The demo's throwaway data directory; removed when dropped.
pub struct DemoDir {
    pub path: PathBuf,
}

impl Drop for DemoDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

impl crate::i18n::Explain for EnvironmentError {
    fn explain(&self) -> crate::i18n::Phrase {
        use crate::i18n::Phrase;
        match self {
            EnvironmentError::Paths(e) => Phrase::verbatim(e.to_string()),
            EnvironmentError::Config(e) => e.explain(),
            EnvironmentError::NoConfig { path } => Phrase::of(
                "config file {} does not exist (griot config --default prints one to start from)",
            )
            .word(path.display()),
            EnvironmentError::DataDir { path, source } => {
                Phrase::of("cannot create data directory {}: {}")
                    .word(path.display())
                    .word(source)
            }
        }
    }
}
