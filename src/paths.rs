//! Where griot keeps its files.
//!
//! The config file lives in the platform's config directory (`~/.config/griot/config.toml` on
//! Linux), the database and the log in its data directory (`~/.local/share/griot/`).
//! `--config`/`GRIOT_CONFIG` and `--data-dir`/`GRIOT_DATA_DIR` override them.

use std::path::{Path, PathBuf};

use serde::Serialize;

/// The resolved locations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paths {
    pub config_file: PathBuf,
    pub data_dir: PathBuf,
    pub database: PathBuf,
    pub log_file: PathBuf,
}

/// Why the locations could not be worked out.
#[derive(Debug, thiserror::Error)]
pub enum PathsError {
    #[error("cannot find a home directory; set GRIOT_DATA_DIR and GRIOT_CONFIG or pass --data-dir and --config")]
    NoHome,
}

impl crate::i18n::Explain for PathsError {
    fn explain(&self) -> crate::i18n::Phrase {
        match self {
            PathsError::NoHome => crate::i18n::Phrase::of(
                "cannot find a home directory; set GRIOT_DATA_DIR and GRIOT_CONFIG or pass --data-dir and --config",
            ),
        }
    }
}

impl Paths {
    /// Resolves the paths, preferring the explicit overrides.
    pub fn resolve(config: Option<&Path>, data_dir: Option<&Path>) -> Result<Paths, PathsError> {
        let dirs = directories::ProjectDirs::from("", "", "griot");
        let config_file = match (config, &dirs) {
            (Some(c), _) => c.to_path_buf(),
            (None, Some(d)) => d.config_dir().join("config.toml"),
            (None, None) => return Err(PathsError::NoHome),
        };
        let data_dir = match (data_dir, &dirs) {
            (Some(d), _) => d.to_path_buf(),
            (None, Some(d)) => d.data_dir().to_path_buf(),
            (None, None) => return Err(PathsError::NoHome),
        };
        Ok(Paths::in_data_dir(config_file, data_dir))
    }

    /// The layout inside a given data directory.
    pub fn in_data_dir(config_file: PathBuf, data_dir: PathBuf) -> Paths {
        Paths {
            database: data_dir.join("griot.db"),
            log_file: data_dir.join("griot.log"),
            config_file,
            data_dir,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_win() {
        let p = Paths::resolve(Some(Path::new("/x/c.toml")), Some(Path::new("/d"))).unwrap();
        assert_eq!(p.config_file, Path::new("/x/c.toml"));
        assert_eq!(p.database, Path::new("/d/griot.db"));
        assert_eq!(p.log_file, Path::new("/d/griot.log"));
    }
}
