//! Link the griot binary with packed relative relocations (`DT_RELR`) where the C library
//! supports them (glibc 2.36 and later).
//!
//! A position-independent Rust binary carries about 50,000 relative relocations. Stored the
//! classic way (`.rela.dyn`, 24 bytes each) they are 1.2 MB that the dynamic loader reads at
//! every start; packed, they take 15 KB. Every `griot` command starts faster and the reader
//! keeps about 2 MB less resident (measured in `benches/PROFILING.md`). Older C libraries
//! cannot load such a binary, so the flag is only passed when building on and for a glibc
//! that can; elsewhere the binary is linked as before.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target = std::env::var("TARGET").unwrap_or_default();
    let host = std::env::var("HOST").unwrap_or_default();
    let glibc_target = target.ends_with("-linux-gnu")
        && (target.starts_with("x86_64") || target.starts_with("aarch64"));
    if glibc_target && target == host && host_glibc_at_least(2, 36) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
    link_order(&target);
}

/// With LLD (Rust's default linker on x86_64 Linux), lays out the functions griot runs in its
/// common work side by side (`assets/link-order.txt`, written by `benches/link-order.sh`).
/// The kernel maps code in 64 KB windows: scattered among cold code, the 3 MB of hot
/// functions kept about 8.6 MB of the binary resident during a refresh.
fn link_order(target: &str) {
    println!("cargo:rerun-if-changed=assets/link-order.txt");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    let custom_linker = std::env::var_os("RUSTC_LINKER").is_some()
        || std::env::var("CARGO_ENCODED_RUSTFLAGS").is_ok_and(|f| f.contains("link"));
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default();
    let order = std::path::Path::new(&manifest).join("assets/link-order.txt");
    if target == "x86_64-unknown-linux-gnu" && !custom_linker && order.is_file() {
        println!(
            "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
}

/// Whether the building machine's glibc (`getconf GNU_LIBC_VERSION`: "glibc 2.36") is at
/// least MAJOR.MINOR.
fn host_glibc_at_least(major: u32, minor: u32) -> bool {
    let Ok(out) = Command::new("getconf").arg("GNU_LIBC_VERSION").output() else {
        return false;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(version) = text.split_whitespace().nth(1) else {
        return false;
    };
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let found = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    found >= (major, minor)
}
