//! What every store-using command needs: the environment (paths, config) and an open store.

use super::Cli;
use crate::config::Config;
use crate::library::environment::announce_on_terminal;
use crate::library::{Environment, Launch};
use crate::paths::Paths;
use crate::store::Store;

/// The environment a command runs in.
pub struct Context {
    pub paths: Paths,
    pub config: Config,
    pub store: Store,
}

impl Context {
    /// Sets up the environment (paths, config, log, language) and opens the store.
    pub fn open(cli: &Cli) -> anyhow::Result<Context> {
        let env = Environment::open(&cli.launch())?;
        let store = env.open_store(announce_on_terminal)?;
        let Environment { paths, config } = env;
        Ok(Context {
            paths,
            config,
            store,
        })
    }
}

impl Cli {
    /// The launch options as plain values, for the application layer.
    pub fn launch(&self) -> Launch {
        Launch {
            config: self.config.clone(),
            data_dir: self.data_dir.clone(),
            log_level: self.log_level.clone(),
        }
    }
}
