//! The terminal the app runs in: set up (raw mode, alternate screen,
//! bracketed paste), given back on every way out (quit, error, panic,
//! SIGTERM, SIGHUP, SIGINT, the terminal closing), and read through
//! [`super::decode`], whose decoding never waits for bytes that may never
//! come, so `q` and Ctrl-C always reach the app.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::Event;

use super::decode::Decoder;

/// A signal that asks the app to end (0: none yet).
static TERMINATE: AtomicI32 = AtomicI32::new(0);
static RESIZED: AtomicBool = AtomicBool::new(false);

/// What woke the app up.
#[derive(Debug, Clone, PartialEq)]
pub enum Wake {
    Event(Event),
    /// A signal (or the terminal closing) ends the app: restore the
    /// terminal, then end as that signal would.
    Terminate(i32),
}

/// Off: bracketed paste, then every mouse report mode an app may have
/// turned on. Harmless when they were not on.
const RESET_MODES: &str = "\x1b[?2004l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l";

/// Raw mode and the alternate screen (ratatui), bracketed paste, and
/// handlers for the signals that end the app or resize it.
pub fn enter() -> io::Result<ratatui::DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    // ratatui's panic hook restores raw mode and the screen; this one, run
    // before it, turns off the modes ratatui does not know about
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = write_modes_off();
        previous(info);
    }));
    install_handlers();
    let mut out = io::stdout();
    out.write_all(b"\x1b[?2004h")?;
    out.flush()?;
    Ok(terminal)
}

/// Give the terminal back as it was, and the signals their usual effect
/// (a Ctrl-C after the app has ended stops the command as always).
pub fn leave() -> io::Result<()> {
    write_modes_off()?;
    let restored = ratatui::try_restore();
    for signal in SIGNALS {
        unsafe {
            libc::signal(signal, libc::SIG_DFL);
        }
    }
    restored
}

/// After [`leave`]: end the process as the signal that asked for it would
/// have (its default action), so that the parent sees why.
pub fn end_by_signal(signal: i32) -> ! {
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
    std::process::exit(128 + signal)
}

fn write_modes_off() -> io::Result<()> {
    let mut out = io::stdout();
    out.write_all(RESET_MODES.as_bytes())?;
    out.flush()
}

extern "C" fn on_signal(signal: libc::c_int) {
    // only atomics here: this runs between any two instructions
    if signal == libc::SIGWINCH {
        RESIZED.store(true, Ordering::SeqCst);
    } else {
        TERMINATE.store(signal, Ordering::SeqCst);
    }
}

/// The signals the app handles while it has the terminal.
const SIGNALS: [libc::c_int; 5] = [
    libc::SIGTERM,
    libc::SIGHUP,
    libc::SIGINT,
    libc::SIGQUIT,
    libc::SIGWINCH,
];

fn install_handlers() {
    for signal in SIGNALS {
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as *const () as libc::sighandler_t;
            libc::sigemptyset(&mut action.sa_mask);
            // no SA_RESTART: a signal interrupts the wait for input
            action.sa_flags = 0;
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// Terminal input, read from standard input (a terminal: the app checks).
#[derive(Debug, Default)]
pub struct Input {
    decoder: Decoder,
}

impl Input {
    /// The next event, or `None` when `timeout` passes first.
    pub fn next(&mut self, timeout: Duration) -> io::Result<Option<Wake>> {
        let deadline = Instant::now() + timeout;
        loop {
            let signal = TERMINATE.load(Ordering::SeqCst);
            if signal != 0 {
                return Ok(Some(Wake::Terminate(signal)));
            }
            if let Some(event) = self.decoder.next_event() {
                return Ok(Some(Wake::Event(event)));
            }
            if RESIZED.swap(false, Ordering::SeqCst) {
                let (columns, rows) = ratatui::crossterm::terminal::size()?;
                return Ok(Some(Wake::Event(Event::Resize(columns, rows))));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            let gap = self.decoder.gap();
            let wait = gap.map_or(left, |gap| gap.min(left));
            match wait_readable(wait)? {
                Ready::Bytes => {
                    let mut buffer = [0u8; 4096];
                    let n = unsafe { libc::read(0, buffer.as_mut_ptr().cast(), buffer.len()) };
                    match n {
                        // the terminal is gone: as a hang-up
                        0 => return Ok(Some(Wake::Terminate(libc::SIGHUP))),
                        n if n > 0 => self.decoder.feed(&buffer[..n as usize]),
                        _ => interrupted_or(io::Error::last_os_error())?,
                    }
                }
                Ready::Closed => return Ok(Some(Wake::Terminate(libc::SIGHUP))),
                Ready::Interrupted => {}
                Ready::Nothing if gap.is_some_and(|gap| gap <= left) => self.decoder.timed_out(),
                Ready::Nothing => return Ok(None),
            }
        }
    }
}

enum Ready {
    Bytes,
    Closed,
    Interrupted,
    Nothing,
}

fn wait_readable(wait: Duration) -> io::Result<Ready> {
    let mut poll = libc::pollfd {
        fd: 0,
        events: libc::POLLIN,
        revents: 0,
    };
    let millis = wait.as_millis().min(i32::MAX as u128) as i32;
    let ready = unsafe { libc::poll(&mut poll, 1, millis) };
    if ready < 0 {
        interrupted_or(io::Error::last_os_error())?;
        return Ok(Ready::Interrupted);
    }
    if ready == 0 {
        return Ok(Ready::Nothing);
    }
    if poll.revents & libc::POLLIN != 0 {
        Ok(Ready::Bytes)
    } else {
        Ok(Ready::Closed)
    }
}

fn interrupted_or(err: io::Error) -> io::Result<()> {
    match err.kind() {
        io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock => Ok(()),
        _ => Err(err),
    }
}
