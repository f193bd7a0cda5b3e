//! Running a third-party parser that may panic on hostile input, without a word on the
//! terminal.
//!
//! feed-rs and quick-xml panic on some inputs. [`catch_quietly`] catches the panic and
//! turns it into an error the caller reports as the feed's own one-line parse error. The
//! panic hook is process-wide, so catching is not enough to keep the default hook from
//! printing the panic message (and a backtrace with `RUST_BACKTRACE` set) on stderr — in
//! a cron mail, or over the reader's screen. A hook installed once, the first time the
//! guard is used, stays silent for panics raised inside the guard on the current thread
//! and hands every other panic to the hook that was there before; the panic's message and
//! place are kept for the caller's log line instead.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, PanicHookInfo};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`catch_quietly`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
    /// What the last quiet panic said, and where.
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

static INSTALL: Once = Once::new();

/// Whether a panic now would be caught by [`catch_quietly`] on this thread: other panic
/// hooks (the reader's terminal restorer) leave the terminal alone then.
pub fn is_quiet() -> bool {
    QUIET.try_with(Cell::get).unwrap_or(false)
}

/// Installs the quiet hook in front of whatever hook is there (once per process).
/// [`catch_quietly`] calls this itself; calling it early changes nothing else.
pub fn install() {
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if is_quiet() {
                let _ = LAST.try_with(|last| *last.borrow_mut() = Some(describe(info)));
            } else {
                previous(info);
            }
        }));
    });
}

/// Runs `f`; a panic inside it becomes `Err` with the panic's message and place, and
/// nothing is printed.
pub fn catch_quietly<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    install();
    let outer = QUIET.replace(true);
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.set(outer);
    result.map_err(|_| {
        LAST.with(|last| last.borrow_mut().take())
            .unwrap_or_else(|| "a panic without a message".to_string())
    })
}

/// "message (at file:line)" on one line.
fn describe(info: &PanicHookInfo<'_>) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string());
    let message = message.replace(['\n', '\r'], " ");
    match info.location() {
        Some(at) => format!("{message} (at {}:{})", at.file(), at.line()),
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_gives_its_message_and_leaves_the_guard() {
        let caught = catch_quietly(|| -> u8 { panic!("bad\ninput") });
        let message = caught.expect_err("caught");
        assert!(message.starts_with("bad input (at "), "{message}");
        assert!(!is_quiet());
        assert_eq!(catch_quietly(|| 7), Ok(7));
    }
}
