//! Running the real `griot` binary against a throwaway data directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A data directory and config file of its own, removed when dropped.
pub struct Griot {
    pub dir: tempfile::TempDir,
}

impl Griot {
    /// A fresh data directory with an empty config.
    pub fn new() -> Griot {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("config.toml"), "").expect("config");
        Griot { dir }
    }

    /// A fresh data directory with this config.
    pub fn with_config(config: &str) -> Griot {
        let g = Griot::new();
        std::fs::write(g.config_path(), config).expect("config");
        g
    }

    pub fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub fn config_path(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    /// The command with `--config` and `--data-dir` set, ready for arguments.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_griot"));
        c.arg("--config")
            .arg(self.config_path())
            .arg("--data-dir")
            .arg(self.data_dir())
            .env_remove("GRIOT_CONFIG")
            .env_remove("GRIOT_DATA_DIR")
            // Dates are printed in local time: the same zone on every machine.
            .env("TZ", "UTC")
            .env("NO_COLOR", "1");
        c
    }

    /// Runs griot with `args`.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("griot runs")
    }

    /// Runs griot and insists on success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "griot {args:?} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Runs a `--json` command and parses its lines.
    pub fn json_lines(&self, args: &[&str]) -> Vec<serde_json::Value> {
        self.ok(args)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}")))
            .collect()
    }

    /// Writes a file into the temp dir and returns its path.
    pub fn file(&self, name: &str, contents: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, contents).expect("write");
        p
    }
}

/// A fixture file's text.
pub fn fixture(path: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}
