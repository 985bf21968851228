//! The terminal UI: one synchronous loop of read key → `update` → draw.
//! `app` holds the state, `action`/`keymap` the one key table, `update` the
//! transitions (`prompt` those of the one-line prompts, `search` finding
//! places), `view` one widget per pane.

pub mod action;
pub mod app;
pub mod chooser;
pub mod decode;
pub mod input;
pub mod keymap;
pub mod labels;
pub mod mouse;
pub mod persist;
pub mod picker;
pub mod prompt;
pub mod review;
pub mod search;
pub mod sync;
pub mod terminal;
pub mod theme;
pub mod update;
pub mod view;
pub mod wrap;

use std::io::IsTerminal;
use std::time::Duration;

use ratatui::crossterm::event::Event;

use self::keymap::Key;
use self::terminal::Wake;
use crate::tui::app::App;

/// Why the terminal UI could not run.
#[derive(Debug, thiserror::Error)]
pub enum TuiError {
    #[error(
        "not a terminal: the app needs an interactive terminal. Without one, use the commands: `taizhang plans`, `taizhang export`, `taizhang summary`, `taizhang mark PLAN MILESTONE STATUS`"
    )]
    NoTerminal,
    #[error("terminal: {0}")]
    Io(#[from] std::io::Error),
}

/// Run the app until the user quits; the terminal is given back on every
/// path out (quit, error, panic, a signal: see [`terminal`]).
pub fn run(app: &mut App) -> Result<(), TuiError> {
    require_terminal()?;
    let mut terminal = terminal::enter()?;
    // mouse reporting on after the terminal is entered; leave(), the panic
    // hook and the signal path all turn it off again
    let result = capture_mouse().and_then(|()| event_loop(&mut terminal, app));
    terminal::leave()?;
    match result {
        Ok(Some(signal)) => terminal::end_by_signal(signal),
        Ok(None) => Ok(()),
        Err(err) => Err(err),
    }
}

fn capture_mouse() -> Result<(), TuiError> {
    ratatui::crossterm::execute!(
        std::io::stdout(),
        ratatui::crossterm::event::EnableMouseCapture
    )?;
    Ok(())
}

/// The app needs an interactive terminal on both ends.
pub fn require_terminal() -> Result<(), TuiError> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(TuiError::NoTerminal)
    }
}

/// The loop; `Some(signal)` when a signal (or the terminal closing) ended
/// it, after the decisions already made were saved (each is saved at once).
fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    app: &mut App,
) -> Result<Option<i32>, TuiError> {
    let mut input = terminal::Input::default();
    terminal.draw(|frame| view::draw(frame, app))?;
    while !app.quit {
        // block until something happens (a resize redraws like a key does);
        // while a sync runs, wake up often to pick up its result
        let syncing = app.sync.as_ref().is_some_and(sync::SyncState::is_running);
        let timeout = if syncing {
            Duration::from_millis(100)
        } else {
            Duration::from_secs(60)
        };
        let Some(wake) = input.next(timeout)? else {
            if sync::poll(app) {
                terminal.draw(|frame| view::draw(frame, app))?;
            }
            continue;
        };
        match wake {
            Wake::Terminate(signal) => return Ok(Some(signal)),
            Wake::Event(Event::Key(key)) => {
                if let Some(key) = Key::from_event(&key) {
                    update::handle_key(app, key);
                }
            }
            Wake::Event(Event::Mouse(mouse)) => {
                let size = terminal.size()?;
                mouse::handle_mouse(
                    app,
                    mouse,
                    ratatui::layout::Rect::new(0, 0, size.width, size.height),
                );
            }
            Wake::Event(Event::Paste(text)) => update::handle_paste(app, &text),
            Wake::Event(Event::Resize(..)) => {}
            Wake::Event(_) => continue,
        }
        sync::poll(app);
        terminal.draw(|frame| view::draw(frame, app))?;
    }
    sync::stop(app);
    Ok(None)
}
