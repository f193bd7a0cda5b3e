//! What the reader asks of the world outside the terminal: laying out an article and
//! encoding its pictures (CPU work done off the loop), opening a browser, the clipboard and notifications. Every process is
//! spawned detached, with its output discarded, and reaped on a background thread, so the
//! loop never waits for it.

use std::io::Write;
use std::process::{Command as Process, Stdio};
use std::sync::Arc;

use crate::config::Notify;
use crate::library::reading;
use crate::model::Article;
use crate::render::{LayoutOptions, PictureSize, PictureSpace};

use super::event::{LaidOut, PictureSizes};

/// Lays an article out as the application layer sets it out: header, a blank line, the body
/// and its numbered links.
pub fn lay_out(article: &Article, width: u16, measure: u16, link_list: bool) -> LaidOut {
    lay_out_with(article, width, measure, link_list, None)
}

/// Lays an article out with rows kept for its pictures, as `pictures` sizes them (a picture
/// not yet asked for is counted as on its way).
pub fn lay_out_with(
    article: &Article,
    width: u16,
    measure: u16,
    link_list: bool,
    pictures: Option<&PictureSizes>,
) -> LaidOut {
    let opts = LayoutOptions {
        width: width.max(1),
        measure,
        link_list,
    };
    let size_of = |url: &str| {
        pictures
            .and_then(|p| p.sizes.get(url).copied())
            .unwrap_or(PictureSize::Loading)
    };
    let space = pictures.map(|p| PictureSpace {
        size_of: &size_of,
        cell: p.cell,
        max_rows: p.max_rows,
    });
    let set = reading::set_out_with(article, &opts, space.as_ref());
    let wanted = crate::library::images::wanted(&set.document)
        .into_iter()
        .map(|w| w.url)
        .collect();
    LaidOut {
        id: article.id,
        width,
        lines: Arc::new(set.lines),
        links: Arc::new(set.document.links),
        header_rows: set.header_rows,
        images: Arc::new(set.images),
        wanted,
    }
}

/// Encodes a picture for the terminal (CPU work, off the loop) and says so in the message
/// the loop expects.
pub fn encode_picture(
    picker: &ratatui_image::picker::Picker,
    url: String,
    picture: &crate::images::Picture,
    cols: u16,
    rows: u16,
) -> super::event::Msg {
    super::event::Msg::PictureEncoded {
        url,
        size: (cols, rows),
        encoded: super::pictures::encode(picker, picture, cols, rows).map(Arc::new),
    }
}

/// Runs a program detached: no terminal I/O, reaped in the background.
fn spawn_detached(program: &str, args: &[&str], stdin: Option<Vec<u8>>) -> bool {
    let mut cmd = Process::new(program);
    cmd.args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
    match cmd.spawn() {
        Ok(mut child) => {
            if let (Some(data), Some(mut pipe)) = (stdin, child.stdin.take()) {
                let _ = pipe.write_all(&data);
            }
            std::thread::spawn(move || {
                let _ = child.wait();
            });
            true
        }
        Err(_) => false,
    }
}

/// Opens a URL in `$BROWSER`, else the system opener. Returns whether something started.
pub fn open_url(url: &str) -> bool {
    if let Ok(browser) = std::env::var("BROWSER") {
        for candidate in browser.split(':').filter(|b| !b.trim().is_empty()) {
            let mut parts = candidate.split_whitespace();
            if let Some(program) = parts.next() {
                let mut args: Vec<String> = parts.map(|p| p.replace("%s", url)).collect();
                if !candidate.contains("%s") {
                    args.push(url.to_string());
                }
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                if spawn_detached(program, &args, None) {
                    return true;
                }
            }
        }
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    spawn_detached(opener, &[url], None)
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard (works over SSH).
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// Copies to the clipboard: OSC 52 to the terminal, plus the first system tool that runs.
pub fn copy(text: &str, out: &mut impl Write) {
    let _ = out.write_all(osc52(text).as_bytes());
    let _ = out.flush();
    let tools: &[(&str, &[&str])] = &[
        ("wl-copy", &[]),
        ("xclip", &["-selection", "clipboard"]),
        ("xsel", &["--clipboard", "--input"]),
        ("pbcopy", &[]),
    ];
    let wayland = std::env::var_os("WAYLAND_DISPLAY").is_some();
    let x11 = std::env::var_os("DISPLAY").is_some();
    for (tool, args) in tools {
        let usable = match *tool {
            "wl-copy" => wayland,
            "xclip" | "xsel" => x11,
            _ => cfg!(target_os = "macos"),
        };
        if usable && spawn_detached(tool, args, Some(text.as_bytes().to_vec())) {
            break;
        }
    }
}

/// Announces new articles the configured way.
pub fn notify(how: Notify, text: &str, out: &mut impl Write) {
    let text = crate::render::sanitize::clean_line(text);
    match how {
        Notify::Off => {}
        Notify::Bell => {
            let _ = out.write_all(b"\x07");
        }
        Notify::Osc9 => {
            let _ = out.write_all(format!("\x1b]9;griot: {text}\x07").as_bytes());
        }
        Notify::Desktop => {
            if !desktop_notification(&text) {
                let _ = out.write_all(b"\x07");
            }
        }
    }
    let _ = out.flush();
}

/// Shows a desktop notification through the system's notification service, on a thread of
/// its own (the D-Bus round trip must not hold up the reader). Built with the
/// `desktop-notifications` feature.
#[cfg(feature = "desktop-notifications")]
fn desktop_notification(text: &str) -> bool {
    let text = text.to_string();
    std::thread::Builder::new()
        .name("notify".into())
        .spawn(move || {
            let shown = notify_rust::Notification::new()
                .appname("griot")
                .summary("griot")
                .body(&text)
                .show();
            if let Err(e) = shown {
                tracing::warn!("desktop notification: {e}");
            }
        })
        .is_ok()
}

/// Shows a desktop notification with `notify-send` (libnotify's tool); false when it cannot
/// run. Builds with the `desktop-notifications` feature talk to the service directly.
#[cfg(not(feature = "desktop-notifications"))]
fn desktop_notification(text: &str) -> bool {
    spawn_detached("notify-send", &["griot", text], None)
}

/// Standard base64 (RFC 4648) with padding.
pub fn base64(data: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn osc52_wraps_the_link() {
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
    }
}
