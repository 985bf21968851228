//! `S` in the app: a sync runs on a worker thread (git may talk to a remote
//! for seconds), so typing never waits on it; the loop picks the result up
//! and reloads the state, which may now hold other people's changes.

use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::app::{App, Flash};
use crate::paths::Dirs;
use crate::sync::{self, SyncError, SyncReport, SyncStatus};

/// The sync side of the app: where the state folder is, what the header
/// shows, and a sync under way.
pub struct SyncState {
    pub dirs: Dirs,
    pub status: SyncStatus,
    running: Option<Receiver<Result<SyncReport, SyncError>>>,
}

impl SyncState {
    pub fn new(dirs: Dirs) -> Self {
        let status = sync::status(&dirs);
        SyncState {
            dirs,
            status,
            running: None,
        }
    }

    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Re-read the header's facts (two local git commands; no network).
    pub fn refresh(&mut self) {
        self.status = sync::status(&self.dirs);
    }
}

/// Start a sync in the background, unless one is running.
pub fn start(app: &mut App) {
    let Some(state) = app.sync.as_mut() else {
        return;
    };
    if state.running.is_some() {
        return;
    }
    let (sender, receiver) = mpsc::channel();
    let dirs = state.dirs.clone();
    let reviewer = app.reviewer.clone();
    let locale = app.labels.locale;
    std::thread::spawn(move || {
        // the receiver may be gone if the app quit; nothing to do then
        let _ = sender.send(sync::sync(&dirs, None, &reviewer, locale));
    });
    state.running = Some(receiver);
    app.flash = Some(Flash {
        text: app.labels.syncing().to_string(),
        error: false,
    });
}

/// If the running sync has finished, take its result: reload the state and
/// say what happened. True when something changed on screen.
pub fn poll(app: &mut App) -> bool {
    let Some(state) = app.sync.as_mut() else {
        return false;
    };
    let Some(receiver) = &state.running else {
        return false;
    };
    let result = match receiver.try_recv() {
        Ok(result) => result,
        Err(TryRecvError::Empty) => return false,
        Err(TryRecvError::Disconnected) => Err(SyncError::Busy),
    };
    state.running = None;
    state.refresh();
    let flash = match result {
        Ok(report) => Flash {
            text: report.summary_in(app.labels.locale),
            error: false,
        },
        Err(err) => Flash {
            text: crate::i18n::sync::sync_error(&err, app.labels.locale),
            error: true,
        },
    };
    let id = app.plan().id.clone();
    match app.store.load(&id) {
        Ok(saved) => {
            app.state = saved;
            app.refresh_standings();
            app.rebuild_rows();
            app.flash = Some(flash);
        }
        Err(err) => {
            app.flash = Some(Flash {
                text: crate::i18n::state_error(&err, app.labels.locale),
                error: true,
            })
        }
    }
    true
}

/// Quitting: a running sync is stopped, not waited for (a remote that
/// never answers must not keep the app open). Its git commands are killed;
/// what they leave (a `.git/index.lock`) the next sync recovers, and state
/// files are only ever replaced whole, so nothing is lost.
pub fn stop(app: &mut App) {
    let running = app.sync.as_ref().is_some_and(SyncState::is_running);
    if !running {
        return;
    }
    crate::sync::git::cancel_all();
    // the worker ends at its next git command, which now fails at once
    while !poll(app) {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
