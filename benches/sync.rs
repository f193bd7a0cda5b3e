//! Sync at scale against a real Miniflux on 127.0.0.1: the first sync of 1,000 feeds and
//! 100,000 entries, then a sync with nothing new. Prints wall time (and how much of it was
//! griot's CPU), HTTP requests and the peak RSS of the `griot refresh` process for each.
//!
//! Run with `cargo bench --bench sync` (`GRIOT_BENCH_FEEDS` and `GRIOT_BENCH_ENTRIES` change the
//! size: feeds, and entries per feed). The server's feeds and entries are written straight
//! into its database (the server would otherwise spend minutes fetching 1,000 feeds), so only
//! griot's side is measured.

#[allow(dead_code)]
#[path = "../tests/common/miniflux.rs"]
mod miniflux;

use std::process::{Command, Stdio};
use std::time::Instant;

fn main() {
    let size = |var: &str, default: usize| {
        std::env::var(var)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (feeds, per_feed) = (
        size("GRIOT_BENCH_FEEDS", 1000),
        size("GRIOT_BENCH_ENTRIES", 100),
    );
    let mf = miniflux::Miniflux::shared();
    let user = mf.new_user();
    let category = user.category("Bench");
    let uid = user.id;
    let body =
        "<p>Un paragraphe du corps de l’article, pour qu’il pèse ce que pèse un article. </p>"
            .repeat(20);
    let started = Instant::now();
    mf.psql(
        "miniflux",
        &format!(
            "INSERT INTO feeds(user_id, category_id, title, feed_url, site_url)
             SELECT {uid}, {category}, 'Feed ' || g, 'http://127.0.0.1:9/feed/' || g,
                    'http://127.0.0.1:9/'
             FROM generate_series(1, {feeds}) g;
             INSERT INTO entries(user_id, feed_id, hash, published_at, title, url, content, status,
                                 created_at, changed_at, author)
             SELECT {uid}, f.id, md5(f.id || '-' || g), now() - interval '1 hour' - g * interval '1 minute',
                    'Article ' || g || ' of ' || f.title,
                    'http://127.0.0.1:9/a/' || f.id || '/' || g, '{body}', 'unread',
                    now() - interval '1 hour', now() - interval '1 hour', ''
             FROM feeds f, generate_series(1, {per_feed}) g WHERE f.user_id = {uid};"
        ),
    )
    .expect("server data");
    eprintln!(
        "server: {feeds} feeds, {} entries written in {:.1} s",
        feeds * per_feed,
        started.elapsed().as_secs_f64()
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[sync]\nservice = \"miniflux\"\nurl = \"{}\"\nusername = \"{}\"\n\
             password_command = \"printf '%s\\\\n' '{}'\"\n",
            mf.base_url, user.name, user.password
        ),
    )
    .expect("config");
    for label in ["first sync", "empty sync"] {
        let started = Instant::now();
        let child = Command::new(env!("CARGO_BIN_EXE_griot"))
            .arg("--config")
            .arg(&config)
            .arg("--data-dir")
            .arg(dir.path().join("data"))
            .arg("refresh")
            .stdout(Stdio::piped())
            .spawn()
            .expect("griot runs");
        let (output, usage) = wait_with_usage(child);
        let line = String::from_utf8_lossy(&output);
        let cpu = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        println!(
            "{label}: {:.2} s ({:.2} s of it griot's CPU), peak RSS {} MiB — {}",
            started.elapsed().as_secs_f64(),
            cpu(usage.ru_utime) + cpu(usage.ru_stime),
            usage.ru_maxrss / 1024,
            line.trim()
        );
    }
}

/// Waits for the child; returns its stdout and its resource usage (CPU time, peak RSS in KiB).
fn wait_with_usage(mut child: std::process::Child) -> (Vec<u8>, libc::rusage) {
    use std::io::Read;
    let mut out = Vec::new();
    if let Some(mut stdout) = child.stdout.take() {
        let _ = stdout.read_to_end(&mut out);
    }
    let mut status = 0;
    // SAFETY: rusage is plain data, filled in by wait4 for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let pid = child.id() as libc::pid_t;
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(rc, pid, "wait4");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "griot refresh failed"
    );
    (out, usage)
}
