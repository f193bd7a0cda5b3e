//! What every store-using command needs: resolved paths, the config, an open store.

use anyhow::Context as _;

use super::Cli;
use crate::config::Config;
use crate::paths::Paths;
use crate::store::Store;

/// The environment a command runs in.
pub struct Context {
    pub paths: Paths,
    pub config: Config,
    pub store: Store,
}

impl Context {
    /// Resolves paths, loads the config, starts logging and opens the store.
    pub fn open(cli: &Cli) -> anyhow::Result<Context> {
        let (paths, config) = load(cli)?;
        let store = Store::open(&paths.database)?;
        Ok(Context {
            paths,
            config,
            store,
        })
    }
}

/// Resolves paths and loads the config (and starts logging), without opening the store.
pub fn load(cli: &Cli) -> anyhow::Result<(Paths, Config)> {
    let paths = Paths::resolve(cli.config.as_deref(), cli.data_dir.as_deref())?;
    let config = Config::load(&paths.config_file)?;
    let level = cli
        .log_level
        .clone()
        .unwrap_or_else(|| config.log_level.as_str().to_string());
    crate::logging::init(&paths.log_file, &level);
    crate::i18n::set_language(crate::i18n::Lang::choose(config.language));
    std::fs::create_dir_all(&paths.data_dir)
        .with_context(|| format!("cannot create data directory {}", paths.data_dir.display()))?;
    Ok((paths, config))
}
