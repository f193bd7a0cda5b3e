//! Feeds that do not come over HTTP: local files (`file://` URLs and plain paths) and
//! commands (`exec:COMMAND`, whose standard output is the feed — as newsboat users know), and
//! feeds that come over HTTP through a command (`filter:SCRIPT:URL`: the feed's bytes on the
//! script's standard input, its standard output read as the feed, as in newsboat).
//!
//! Both follow the same limits as the network: a file or a command's output larger than
//! the body cap is refused, and a command is killed (with everything it started) when it
//! runs past its timeout.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use tokio::io::{AsyncRead, AsyncReadExt};
use url::Url;

use super::client::{parse_http_url, truncate_for_message, FeedBody, FetchOutcome, Validators};
use super::{FetchError, FetchOptions};

/// Where a feed comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An `http://` or `https://` URL.
    Http(Url),
    /// A local file, from a `file://` URL or a path (`/…`, `./…`, `../…`, `~/…`).
    File(PathBuf),
    /// `exec:COMMAND`: the command is run by the shell and its standard output read.
    Exec(String),
    /// `filter:SCRIPT:URL`: the feed at `url`, passed through `script` (run by the shell).
    Filter { script: String, url: Url },
}

impl Source {
    /// Recognises a feed location. Unknown schemes are a clear error.
    pub fn parse(location: &str) -> Result<Source, FetchError> {
        let loc = location.trim();
        if let Some(command) = loc.strip_prefix("exec:") {
            let command = command.trim();
            if command.is_empty() {
                return Err(FetchError::InvalidUrl {
                    url: truncate_for_message(loc),
                    reason: "empty command".into(),
                });
            }
            return Ok(Source::Exec(command.to_string()));
        }
        if let Some(rest) = loc.strip_prefix("filter:") {
            let invalid = |reason: &str| FetchError::InvalidUrl {
                url: truncate_for_message(loc),
                reason: reason.into(),
            };
            let (script, url) = rest
                .split_once(':')
                .ok_or_else(|| invalid("expected filter:SCRIPT:URL"))?;
            if script.trim().is_empty() {
                return Err(invalid("empty script"));
            }
            return Ok(Source::Filter {
                script: script.trim().to_string(),
                url: parse_http_url(url.trim())?,
            });
        }
        if loc.starts_with('/') || loc.starts_with("./") || loc.starts_with("../") {
            return Ok(Source::File(PathBuf::from(loc)));
        }
        if let Some(rest) = loc.strip_prefix("~/") {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_default();
            return Ok(Source::File(home.join(rest)));
        }
        match Url::parse(loc) {
            Ok(url) if url.scheme() == "file" => {
                url.to_file_path()
                    .map(Source::File)
                    .map_err(|()| FetchError::InvalidUrl {
                        url: truncate_for_message(loc),
                        reason: "not a local file path".into(),
                    })
            }
            Ok(url) if matches!(url.scheme(), "http" | "https") => {
                parse_http_url(loc).map(Source::Http)
            }
            Ok(url) => Err(FetchError::UnsupportedScheme {
                scheme: url.scheme().to_string(),
            }),
            Err(url::ParseError::RelativeUrlWithoutBase) if Path::new(loc).exists() => {
                Ok(Source::File(PathBuf::from(loc)))
            }
            Err(e) => Err(FetchError::InvalidUrl {
                url: truncate_for_message(loc),
                reason: match e {
                    url::ParseError::RelativeUrlWithoutBase => {
                        "not a URL or an existing file (missing http:// or https://?)".to_string()
                    }
                    other => other.to_string(),
                },
            }),
        }
    }
}

/// Reads a local feed file, refusing files larger than the body cap. The file's
/// modification time and size serve as its validator, so an unchanged file is
/// "not modified" like a 304.
pub async fn read_file(
    path: &Path,
    validators: &Validators,
    options: &FetchOptions,
) -> Result<FetchOutcome, FetchError> {
    let path = path.to_path_buf();
    let validators = validators.clone();
    let max = options.max_body;
    tokio::task::spawn_blocking(move || read_file_blocking(&path, &validators, max))
        .await
        .map_err(|e| FetchError::Internal(e.to_string()))?
}

fn read_file_blocking(
    path: &Path,
    validators: &Validators,
    max: usize,
) -> Result<FetchOutcome, FetchError> {
    use std::io::Read;
    let shown = path.display().to_string();
    let file_error = |e: std::io::Error| FetchError::File {
        path: truncate_for_message(&shown),
        reason: e.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(file_error)?;
    if meta.is_dir() {
        return Err(FetchError::File {
            path: truncate_for_message(&shown),
            reason: "is a directory".into(),
        });
    }
    if meta.len() > max as u64 {
        return Err(FetchError::BodyTooLarge { limit: max });
    }
    let stamp = meta.modified().ok().and_then(|m| {
        let d = m.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(format!(
            "file:{}.{:09}:{}",
            d.as_secs(),
            d.subsec_nanos(),
            meta.len()
        ))
    });
    if stamp.is_some() && validators.last_modified == stamp {
        return Ok(FetchOutcome::NotModified { moved_to: None });
    }
    let file = std::fs::File::open(path).map_err(file_error)?;
    // Special files (/dev/zero) report a size of 0: the cap is enforced while reading too.
    let mut body = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    file.take(limit)
        .read_to_end(&mut body)
        .map_err(file_error)?;
    if body.len() > max {
        return Err(FetchError::BodyTooLarge { limit: max });
    }
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    let final_url = Url::from_file_path(&absolute)
        .map(String::from)
        .unwrap_or_else(|()| shown.clone());
    Ok(FetchOutcome::Modified(FeedBody {
        final_url,
        moved_to: None,
        validators: Validators {
            etag: None,
            last_modified: stamp,
        },
        content_type: None,
        body: body.into(),
    }))
}

/// Most of a command's standard error kept for the error message.
const STDERR_KEEP: usize = 64 * 1024;

/// Runs `exec:` command through the shell; its standard output is the feed. The command
/// (and every process it started) is killed when it exceeds the exec timeout or writes
/// more than the body cap; a non-zero exit is an error carrying the first line of its
/// standard error.
pub async fn run_exec(command: &str, options: &FetchOptions) -> Result<FetchOutcome, FetchError> {
    let out = run_command(command, None, options).await?;
    Ok(FetchOutcome::Modified(FeedBody {
        final_url: format!("exec:{command}"),
        moved_to: None,
        validators: Validators::default(),
        content_type: None,
        body: out.into(),
    }))
}

/// Passes a fetched feed through a `filter:` script with the same caps and time-out as
/// `exec:`; the feed keeps its address (for relative links) and its validators (an unchanged
/// feed is not run through the script again). A permanent move is kept behind the script.
pub async fn run_filter(
    script: &str,
    fetched: FeedBody,
    options: &FetchOptions,
) -> Result<FetchOutcome, FetchError> {
    let out = run_command(script, Some(fetched.body), options).await?;
    Ok(FetchOutcome::Modified(FeedBody {
        final_url: fetched.final_url,
        moved_to: fetched.moved_to.map(|url| format!("filter:{script}:{url}")),
        validators: fetched.validators,
        content_type: None,
        body: out.into(),
    }))
}

/// Runs a command through the shell with `input` on its standard input (or none); returns its
/// standard output. Killed (with everything it started) past the exec timeout or the body cap.
async fn run_command(
    command: &str,
    input: Option<bytes::Bytes>,
    options: &FetchOptions,
) -> Result<Vec<u8>, FetchError> {
    let mut cmd = shell_command(command);
    cmd.stdin(if input.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .kill_on_drop(true);
    #[cfg(unix)]
    cmd.process_group(0);
    let mut child = cmd
        .spawn()
        .map_err(|e| FetchError::ExecSpawn(e.to_string()))?;
    let pid = child.id();
    let (Some(stdout), Some(stderr)) = (child.stdout.take(), child.stderr.take()) else {
        kill_tree(&mut child, pid);
        return Err(FetchError::ExecSpawn("no pipes to the command".into()));
    };
    // The input is written on its own task, so a script that writes before it has read
    // everything cannot deadlock with us; one that never reads just gets a broken pipe.
    let stdin_task = match (child.stdin.take(), input) {
        (Some(mut stdin), Some(bytes)) => Some(tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            let _ = stdin.write_all(&bytes).await;
        })),
        _ => None,
    };
    let max = options.max_body;
    let deadline = tokio::time::Instant::now() + options.exec_timeout;
    // Standard error is drained on its own task so a command stuck writing to a full
    // stderr pipe cannot stall the read of its output.
    let stderr_task = tokio::spawn(drain_keep(stderr, STDERR_KEEP));
    let result = tokio::time::timeout_at(deadline, async {
        match read_capped(stdout, max).await {
            Ok(Some(out)) => {
                let status = child.wait().await;
                Ok((out, status))
            }
            Ok(None) => Err(FetchError::BodyTooLarge { limit: max }),
            Err(e) => Err(FetchError::ExecSpawn(e.to_string())),
        }
    })
    .await;
    let (out, status) = match result {
        Err(_) => {
            kill_tree(&mut child, pid);
            stderr_task.abort();
            if let Some(task) = &stdin_task {
                task.abort();
            }
            return Err(FetchError::ExecTimeout {
                secs: options.exec_timeout.as_secs(),
            });
        }
        Ok(Err(e)) => {
            kill_tree(&mut child, pid);
            stderr_task.abort();
            return Err(e);
        }
        Ok(Ok(v)) => v,
    };
    if let Some(task) = stdin_task {
        task.abort();
    }
    let err = if status.as_ref().is_ok_and(|s| !s.success()) {
        tokio::time::timeout_at(deadline, stderr_task)
            .await
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default()
    } else {
        stderr_task.abort();
        Vec::new()
    };
    let status = status.map_err(|e| FetchError::ExecSpawn(e.to_string()))?;
    if !status.success() {
        let first_line = String::from_utf8_lossy(&err)
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .map(truncate_for_message)
            .unwrap_or_default();
        return Err(FetchError::ExecFailed {
            status: status.to_string(),
            stderr: first_line,
        });
    }
    Ok(out)
}

#[cfg(unix)]
fn shell_command(command: &str) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new("sh");
    cmd.arg("-c").arg(command);
    cmd
}

#[cfg(not(unix))]
fn shell_command(command: &str) -> tokio::process::Command {
    let mut cmd = tokio::process::Command::new("cmd");
    cmd.arg("/C").arg(command);
    cmd
}

/// Kills the command and its process group (what the shell started with it).
fn kill_tree(child: &mut tokio::process::Child, pid: Option<u32>) {
    #[cfg(unix)]
    if let Some(pgid) = pid.and_then(|p| i32::try_from(p).ok()) {
        // SAFETY: kill(2) with a negative pid signals the process group we created with
        // `process_group(0)`; it touches no memory.
        unsafe {
            libc::kill(-pgid, libc::SIGKILL);
        }
    }
    #[cfg(not(unix))]
    let _ = pid;
    let _ = child.start_kill();
}

/// Reads everything up to `max` bytes; `Ok(None)` when there is more than that.
async fn read_capped<R: AsyncRead + Unpin>(
    reader: R,
    max: usize,
) -> std::io::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    reader.take(limit).read_to_end(&mut out).await?;
    Ok((out.len() <= max).then_some(out))
}

/// Reads a stream to its end, keeping the first `keep` bytes (so a chatty command
/// never blocks on a full pipe).
async fn drain_keep<R: AsyncRead + Unpin>(mut reader: R, keep: usize) -> Vec<u8> {
    let mut kept = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match reader.read(&mut buf).await {
            Ok(0) | Err(_) => return kept,
            Ok(n) => {
                let room = keep.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_are_recognised() {
        assert!(matches!(
            Source::parse("https://example.org/feed"),
            Ok(Source::Http(_))
        ));
        assert_eq!(
            Source::parse("exec: cat feed.xml").ok(),
            Some(Source::Exec("cat feed.xml".into()))
        );
        assert_eq!(
            Source::parse("file:///tmp/a.xml").ok(),
            Some(Source::File(PathBuf::from("/tmp/a.xml")))
        );
        assert_eq!(
            Source::parse("/tmp/a.xml").ok(),
            Some(Source::File(PathBuf::from("/tmp/a.xml")))
        );
        let e = Source::parse("ftp://example.org/feed").unwrap_err();
        assert_eq!(
            e.to_string(),
            "unsupported URL scheme \"ftp\" (use http, https, file or exec:)"
        );
        assert!(matches!(
            Source::parse("example.org/feed"),
            Err(FetchError::InvalidUrl { .. })
        ));
        assert!(matches!(
            Source::parse("exec:"),
            Err(FetchError::InvalidUrl { .. })
        ));
    }
}
