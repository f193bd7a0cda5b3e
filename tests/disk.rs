//! Disk trouble with the real binary: a read-only data directory, a write-protected
//! database file, a data directory that cannot be created, and a disk that fills up during
//! a refresh. Each gives a clear one-line error naming what is wrong, exit status 1 (or 2
//! for a refresh whose feeds could not be stored), never a panic, and the database stays
//! sound with every mark kept.
//!
//! Tests run as root here, and root writes through `chmod`. So, as root, read-only is made
//! real with a read-only bind mount inside a private mount namespace (`unshare --mount`,
//! which vanishes with the command: nothing is left mounted), the write-protected file
//! with `chattr +i`, and the full disk with a tiny tmpfs in such a namespace. As another
//! user, `chmod` does it. The full disk needs root (a tmpfs cannot be mounted otherwise).
//! When a case's prerequisite is missing (root, `unshare` from util-linux, mount rights,
//! `chattr` from e2fsprogs or a file system that supports it), the case **fails** under
//! `CI=true` with a message naming what is missing (`.ci/run` installs both packages); on a
//! developer's machine it says so loudly on stderr and checks nothing further. The full
//! disk is also covered everywhere by a store unit test (`PRAGMA max_page_count`).

mod common;

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use common::griot::Griot;
use griot::store::Store;

/// A prerequisite of the calling test is missing: under `CI=true` the test fails naming
/// it; elsewhere it is reported on stderr and the caller returns without checking.
fn prerequisite_missing(what: &str) {
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(
        !in_ci,
        "prerequisite missing under CI: {what}; install it (see .ci/run) or run as root"
    );
    // Straight to the process's stderr, past the test harness's capture, so it shows.
    let _ = writeln!(
        std::io::stderr(),
        "NOT RUN (prerequisite missing, and CI is not set): {what}"
    );
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// A data directory with a database holding one feed of 5 articles, article 1 read and
/// article 2 bookmarked.
fn populated() -> Griot {
    let g = Griot::new();
    let feed = g.file("feed.xml", &feed_xml("a", 5, 200));
    g.ok(&["add", feed.to_str().expect("utf-8")]);
    g.ok(&["refresh"]);
    g.ok(&["read", "1"]);
    g.ok(&["bookmark", "2"]);
    g
}

fn feed_xml(round: &str, items: usize, body_words: usize) -> String {
    // Varied words, so compression in the store cannot make the feed small.
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d ^ round.len() as u64;
    let mut words = |n: usize| {
        (0..n)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                format!("{:x}", seed & 0xff_ffff)
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut xml =
        String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Disk</title>\n");
    for i in 0..items {
        let body = words(body_words);
        xml.push_str(&format!(
            "<item><title>Item {round} {i}</title><guid>{round}-{i}</guid>\
             <description>&lt;p&gt;{body} {round} {i}&lt;/p&gt;</description></item>\n"
        ));
    }
    xml.push_str("</channel></rss>\n");
    xml
}

/// The database is sound and the marks made by [`populated`] are still there.
fn assert_intact(g: &Griot) {
    Store::open(&g.data_dir().join("griot.db"))
        .and_then(|s| s.integrity_check())
        .expect("the database is sound");
    let rows = g.json_lines(&["list", "--json"]);
    let mark = |id: i64, key: &str| {
        rows.iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("article {id} is still there"))[key]
            == true
    };
    assert!(mark(1, "read"), "article 1 is still read");
    assert!(mark(2, "bookmarked"), "article 2 is still bookmarked");
}

/// A failed command: the given exit status, one stderr line that names `path` and says
/// `what`, no panic.
fn assert_clear_error(out: &Output, code: i32, path: &Path, what: &str) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains(&path.display().to_string()),
        "the error names {}: {stderr}",
        path.display()
    );
    assert!(stderr.contains(what), "the error says {what:?}: {stderr}");
}

/// What [`in_mount_namespace`] needs.
const NAMESPACE: &str =
    "a private mount namespace: `unshare --mount` (package util-linux) and the right to mount";

/// Runs `script` (sh, with `$1`… = `args`) in a private mount namespace, or `None` when
/// this machine cannot make one.
fn in_mount_namespace(script: &str, args: &[&str]) -> Option<Output> {
    let probe = Command::new("unshare")
        .args(["--mount", "sh", "-c", "mount -t tmpfs none /tmp"])
        .output()
        .ok()?;
    if !probe.status.success() {
        return None;
    }
    Command::new("unshare")
        .args(["--mount", "sh", "-c", script, "sh"])
        .args(args)
        .output()
        .ok()
}

/// The griot command line, as a string for `sh`, for this data directory.
fn griot_argv(g: &Griot) -> Vec<String> {
    vec![
        env!("CARGO_BIN_EXE_griot").to_string(),
        "--config".into(),
        g.config_path().display().to_string(),
        "--data-dir".into(),
        g.data_dir().display().to_string(),
    ]
}

const COMMANDS: &[&[&str]] = &[
    &["refresh"],
    &["read", "3"],
    &["bookmark", "4"],
    &["list"],
    &["feeds"],
];

#[test]
fn a_read_only_data_directory_is_a_clear_error_and_changes_nothing() {
    let g = populated();
    let data = g.data_dir();
    let db = data.join("griot.db");
    if is_root() {
        // Root ignores permissions: a read-only bind mount of the data directory instead.
        let mut argv = griot_argv(&g);
        let script = "d=$1; shift; mount --bind \"$d\" \"$d\" && mount -o remount,bind,ro \"$d\" || exit 99; \
                      \"$@\" 2>&1 >/dev/null; echo \"exit=$?\"";
        for cmd in COMMANDS {
            argv.truncate(5);
            argv.extend(cmd.iter().map(|s| s.to_string()));
            let mut args: Vec<&str> = vec![data.to_str().expect("utf-8")];
            args.extend(argv.iter().map(String::as_str));
            let Some(out) = in_mount_namespace(script, &args) else {
                prerequisite_missing(NAMESPACE);
                return;
            };
            assert_ne!(out.status.code(), Some(99), "the bind mount failed");
            let text = String::from_utf8_lossy(&out.stdout);
            let (stderr, exit) = text.rsplit_once("exit=").expect("exit status");
            assert_eq!(
                exit.trim(),
                "1",
                "griot {cmd:?} in a read-only directory: {text}"
            );
            assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {text}");
            assert!(
                stderr.contains(&db.display().to_string()),
                "names the database: {text}"
            );
            assert!(stderr.contains("read-only"), "says read-only: {text}");
            assert!(!stderr.contains("panicked"), "{text}");
        }
    } else {
        let set = |mode: u32| {
            for entry in std::fs::read_dir(&data).expect("data dir") {
                let path = entry.expect("entry").path();
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode & 0o666))
                    .expect("chmod file");
            }
            std::fs::set_permissions(&data, std::fs::Permissions::from_mode(mode))
                .expect("chmod dir");
        };
        set(0o555);
        for cmd in COMMANDS {
            let out = g.run(cmd);
            assert_clear_error(&out, 1, &db, "read-only");
        }
        set(0o755);
    }
    assert_intact(&g);
}

#[test]
fn a_write_protected_database_file_is_refused_up_front() {
    let g = populated();
    let db = g.data_dir().join("griot.db");
    let protect = |on: bool| -> bool {
        if is_root() {
            Command::new("chattr")
                .arg(if on { "+i" } else { "-i" })
                .arg(&db)
                .status()
                .is_ok_and(|s| s.success())
        } else {
            let mode = if on { 0o444 } else { 0o644 };
            std::fs::set_permissions(&db, std::fs::Permissions::from_mode(mode)).is_ok()
        }
    };
    if !protect(true) {
        prerequisite_missing(
            "`chattr +i` (package e2fsprogs, on a file system that supports it) to make the \
             database immutable to root",
        );
        return;
    }
    let outs: Vec<Output> = COMMANDS.iter().map(|cmd| g.run(cmd)).collect();
    protect(false);
    for out in &outs {
        // Refused before any feed is fetched: one line, not one per feed.
        assert_clear_error(out, 1, &db, "read-only");
    }
    assert_intact(&g);
}

#[test]
fn a_data_directory_that_cannot_be_created_is_a_clear_error() {
    let g = Griot::new();
    let blocker = g.file("not-a-directory", "a regular file");
    let data = blocker.join("data");
    for cmd in COMMANDS {
        let out = Command::new(env!("CARGO_BIN_EXE_griot"))
            .arg("--config")
            .arg(g.config_path())
            .arg("--data-dir")
            .arg(&data)
            .args(*cmd)
            .output()
            .expect("griot runs");
        assert_clear_error(&out, 1, &data, "data directory");
    }
}

#[test]
fn a_disk_filling_up_during_a_refresh_is_a_clear_error_and_corrupts_nothing() {
    if !is_root() {
        prerequisite_missing(
            "root, to mount a tiny tmpfs (the store unit test covers a full disk)",
        );
        return;
    }
    let g = populated();
    // The feed grows far beyond what the 1 MiB file system can take.
    std::fs::write(g.dir.path().join("feed.xml"), feed_xml("b", 400, 2_000)).expect("feed");
    let data = g.data_dir();
    let tiny = g.dir.path().join("tiny");
    std::fs::create_dir_all(&tiny).expect("mount point");
    let argv = griot_argv(&g);
    // Inside the namespace: a 1 MiB tmpfs holds a copy of the data directory; griot
    // refreshes there; the result is copied back for the checks.
    let script = "data=$1; tiny=$2; shift 2; \
                  mount -t tmpfs -o size=1m tmpfs \"$tiny\" || exit 99; \
                  cp -a \"$data/.\" \"$tiny/\" && rm -f \"$tiny/griot.log\" || exit 98; \
                  mount --bind \"$tiny\" \"$data\" || exit 97; \
                  \"$@\" refresh > /dev/null 2> \"$tiny/../stderr\"; rc=$?; \
                  cp -a \"$data/.\" \"$tiny/../after/\"; echo \"exit=$rc\"";
    std::fs::create_dir_all(g.dir.path().join("after")).expect("after dir");
    let mut args = vec![data.to_str().expect("utf-8"), tiny.to_str().expect("utf-8")];
    args.extend(argv.iter().map(String::as_str));
    let Some(out) = in_mount_namespace(script, &args) else {
        prerequisite_missing(NAMESPACE);
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !matches!(out.status.code(), Some(97..=99)),
        "setting up the tiny file system failed: {text}"
    );
    let stderr = std::fs::read_to_string(g.dir.path().join("stderr")).unwrap_or_default();
    assert!(
        text.contains("exit=2"),
        "the refresh reports its feed failed: {text} {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(
        stderr.contains("full"),
        "the error says the disk is full: {stderr}"
    );

    // Put the copy taken inside the namespace in place and check it.
    let after = g.dir.path().join("after");
    for entry in std::fs::read_dir(&after).expect("after") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name");
        std::fs::copy(&path, data.join(name)).expect("copy back");
    }
    assert_intact(&g);
    let rows = g.json_lines(&["list", "--json", "--limit", "10000"]);
    assert!(
        rows.iter().all(|r| r["title"]
            .as_str()
            .is_some_and(|t| t.starts_with("Item a "))),
        "no article of the failed refresh was half-stored"
    );
}
