//! `cargo run --example store_check -- PATH/griot.db`: opens a griot database the way griot
//! does and runs SQLite's `PRAGMA integrity_check` through [`Store::integrity_check`].
//!
//! Prints `ok` and exits 0 when the database is sound; prints the problem and exits 1
//! otherwise. Used by `scripts/crash-test.sh`, which must not depend on the sqlite3 tool.

use std::path::PathBuf;
use std::process::ExitCode;

use griot::store::Store;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: store_check PATH/griot.db");
        return ExitCode::from(2);
    };
    let result = Store::open(&path).and_then(|store| store.integrity_check());
    match result {
        Ok(()) => {
            println!("ok");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}
