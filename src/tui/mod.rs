//! The terminal UI: one synchronous loop of read key → `update` → draw.
//! `app` holds the state, `action`/`keymap` the one key table, `update` the
//! transitions, `view` one widget per pane.

pub mod action;
pub mod app;
pub mod input;
pub mod keymap;
pub mod labels;
pub mod persist;
pub mod picker;
pub mod review;
pub mod sync;
pub mod theme;
pub mod update;
pub mod view;
pub mod wrap;

use std::io::IsTerminal;
use std::time::Duration;

use ratatui::crossterm::event::{self, Event};

use self::keymap::Key;
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
/// path out (quit, error, panic: ratatui's hook restores it).
pub fn run(app: &mut App) -> Result<(), TuiError> {
    require_terminal()?;
    let mut terminal = ratatui::try_init()?;
    let result = event_loop(&mut terminal, app);
    ratatui::try_restore()?;
    result
}

/// The app needs an interactive terminal on both ends.
pub fn require_terminal() -> Result<(), TuiError> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(TuiError::NoTerminal)
    }
}

fn event_loop(terminal: &mut ratatui::DefaultTerminal, app: &mut App) -> Result<(), TuiError> {
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
        if !event::poll(timeout)? {
            if sync::poll(app) {
                terminal.draw(|frame| view::draw(frame, app))?;
            }
            continue;
        }
        match event::read()? {
            Event::Key(key) => {
                if let Some(key) = Key::from_event(&key) {
                    update::handle_key(app, key);
                }
            }
            Event::Resize(..) => {}
            _ => continue,
        }
        sync::poll(app);
        terminal.draw(|frame| view::draw(frame, app))?;
    }
    sync::wait(app);
    Ok(())
}
