//! Taking the terminal over and giving it back, whatever happens.
//!
//! The reader runs in the alternate screen, in raw mode, with mouse reporting and bracketed
//! paste. [`leave`] undoes all of it; it runs on quit, on a panic (from the hook installed by
//! [`install_panic_hook`], before the panic message is printed), on SIGTERM/SIGHUP/SIGINT (as
//! a message to the loop) and around a Ctrl-Z suspension.

use std::io::{self, Write};

use crossterm::cursor::{Hide, Show};
use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};

/// Enters raw mode and the alternate screen, with mouse and paste reporting.
pub fn enter() -> io::Result<()> {
    enable_raw_mode()?;
    let mut out = io::stdout();
    execute!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        Hide
    )?;
    out.flush()
}

/// Gives the terminal back as it was. Safe to call more than once.
pub fn leave() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
    let _ = out.flush();
}

/// Restores the terminal before any panic message is printed.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A feed parser's panic is caught quietly and reported as the feed's error.
        if !crate::fetch::guard::is_quiet() {
            leave();
        }
        previous(info);
    }));
}

/// Stops the process as Ctrl-Z would in a normal terminal, and takes the terminal back
/// when it is resumed (`fg`).
pub fn suspend() -> io::Result<()> {
    leave();
    #[cfg(unix)]
    // SAFETY: raise() only sends a signal to this process. SIGSTOP (not SIGTSTP, which the
    // reader catches to get here) stops it until SIGCONT, then raise returns.
    unsafe {
        libc::raise(libc::SIGSTOP);
    }
    enter()
}
