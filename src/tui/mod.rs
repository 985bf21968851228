//! The terminal UI: one synchronous loop of read key → `update` → draw.
//! `app` holds the state, `action`/`keymap` the one key table, `update` the
//! transitions, `view` one widget per pane.

pub mod action;
pub mod app;
pub mod chooser;
pub mod input;
pub mod keymap;
pub mod labels;
pub mod mouse;
pub mod persist;
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
    // ratatui's hook (set by try_init) restores the screen on a panic; mouse
    // capture is given back first, so the shell does not receive clicks
    let restore_screen = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = release_mouse();
        restore_screen(info);
    }));
    let result = capture_mouse().and_then(|()| event_loop(&mut terminal, app));
    let released = release_mouse();
    ratatui::try_restore()?;
    result.and(released.map_err(TuiError::from))
}

fn capture_mouse() -> Result<(), TuiError> {
    ratatui::crossterm::execute!(std::io::stdout(), event::EnableMouseCapture)?;
    Ok(())
}

fn release_mouse() -> std::io::Result<()> {
    ratatui::crossterm::execute!(std::io::stdout(), event::DisableMouseCapture)
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
            Event::Mouse(mouse) => {
                let size = terminal.size()?;
                mouse::handle_mouse(
                    app,
                    mouse,
                    ratatui::layout::Rect::new(0, 0, size.width, size.height),
                );
            }
            Event::Resize(..) => {}
            _ => continue,
        }
        sync::poll(app);
        terminal.draw(|frame| view::draw(frame, app))?;
    }
    sync::stop(app);
    Ok(())
}
