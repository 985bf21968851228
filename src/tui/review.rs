//! The review mode: one milestone at a time, one key each. Every decision
//! goes to the state store at once with the session's id; the session
//! record is saved after every step, so a session cut short by a dying
//! terminal is resumed where it stopped.

use ratatui::crossterm::event::KeyCode;

use super::action::Action;
use super::app::{App, Flash, Pending};
use super::keymap::Key;
use super::persist;
use super::update::act_on;
use crate::review::{Scope, SessionRecord, SessionStore, SessionSummary, queue, session};
use crate::state::Set;
use crate::state::store::now;

/// A review under way in the app (or its closing summary).
#[derive(Debug, Clone)]
pub struct ReviewRun {
    pub record: SessionRecord,
    pub sessions: SessionStore,
    /// Set when the session has ended: the summary screen is showing.
    pub summary: Option<SessionSummary>,
    /// Started by `taizhang review`: leave the app after the summary.
    pub exit_after: bool,
}

impl ReviewRun {
    /// The milestone under review, if the queue is not through.
    pub fn current(&self) -> Option<&str> {
        self.record
            .queue
            .get(self.record.position)
            .map(String::as_str)
    }
}

/// Start a new session of `scope` on the app's plan.
pub fn start(app: &mut App, scope: Scope, exit_after: bool) -> Result<(), String> {
    let plan = app.plan();
    let locale = app.labels.locale;
    queue::check(plan, &scope).map_err(|e| crate::i18n::review::scope_error(&e, locale))?;
    let sessions = SessionStore::new(app.store.dir());
    let last_review = sessions
        .list(&plan.id)
        .map_err(|e| crate::i18n::review::session_error(&e, locale))?
        .iter()
        .rev()
        .find(|r| r.scope.same_selection(&scope))
        .map(|r| r.started);
    let now = now();
    let queue = queue::build(plan, &app.state, &scope, now, last_review);
    let record = SessionRecord::new(&plan.id, scope, &app.reviewer, queue, now);
    begin(app, record, sessions, exit_after)
}

/// Continue an interrupted session.
pub fn resume(app: &mut App, record: SessionRecord, exit_after: bool) -> Result<(), String> {
    let sessions = SessionStore::new(app.store.dir());
    begin(app, record, sessions, exit_after)
}

fn begin(
    app: &mut App,
    record: SessionRecord,
    sessions: SessionStore,
    exit_after: bool,
) -> Result<(), String> {
    let mut run = ReviewRun {
        record,
        sessions,
        summary: None,
        exit_after,
    };
    if run.current().is_none() {
        // nothing to review: go straight to the summary
        end(app, &mut run)?;
    } else {
        step(&mut run)?;
    }
    app.review = Some(run);
    Ok(())
}

/// Save the record after a step.
fn step(run: &mut ReviewRun) -> Result<(), String> {
    run.sessions.save(&run.record).map_err(|e| e.to_string())
}

/// Count the current milestone as reviewed: it was decided on, skipped, or
/// given a value or note. Only showing it is not reviewing it, so opening
/// a session and quitting at once reviews none.
fn reviewed(run: &mut ReviewRun) {
    if let Some(id) = run.current().map(str::to_string) {
        run.record.seen.insert(id);
    }
}

fn end(app: &App, run: &mut ReviewRun) -> Result<(), String> {
    run.record.ended = Some(now());
    run.sessions.save(&run.record).map_err(|e| e.to_string())?;
    run.summary = Some(session::summarize(
        &run.record,
        app.plan(),
        &app.state,
        app.as_of,
        &app.rules,
        app.labels.locale,
    ));
    Ok(())
}

/// A key in the review mode (text prompts are handled by the app's input).
pub fn handle_key(app: &mut App, key: Key) {
    let Some(mut run) = app.review.take() else {
        return;
    };
    if run.summary.is_some() {
        // any key closes the summary
        if run.exit_after {
            app.quit = true;
        }
        return;
    }
    let action = app.keymap.action(key);
    let result = match (key.code, action) {
        (_, Some(Action::Mark(status))) => decide(app, &mut run, status),
        (_, Some(Action::Value)) => prompt(app, &mut run, Pending::Value),
        (_, Some(Action::Note)) => prompt(app, &mut run, Pending::Note),
        (_, Some(Action::Report)) => prompt(app, &mut run, Pending::Report),
        (KeyCode::Char(' '), _) | (KeyCode::Right, _) => skip(&mut run),
        (KeyCode::Left, _) => back(&mut run),
        (_, Some(Action::Undo)) => undo(app, &mut run),
        (_, Some(Action::Quit)) | (KeyCode::Esc, _) => end(app, &mut run),
        (_, Some(Action::Help)) => {
            app.mode = super::app::Mode::Help;
            Ok(())
        }
        _ => Ok(()),
    };
    if let Err(err) = result {
        app.flash = Some(Flash {
            text: err,
            error: true,
        });
    }
    app.review = Some(run);
}

fn decide(app: &mut App, run: &mut ReviewRun, status: crate::state::Status) -> Result<(), String> {
    let Some(id) = run.current().map(str::to_string) else {
        return Ok(());
    };
    app.review = Some(run.clone());
    let saved = persist::save(app, &id, Set::Status(status));
    app.review = None;
    let summary = saved?;
    app.flash = Some(Flash {
        text: format!("{id}: {summary}"),
        error: false,
    });
    run.record.skipped.remove(&id);
    reviewed(run);
    advance(app, run)
}

fn advance(app: &App, run: &mut ReviewRun) -> Result<(), String> {
    run.record.position += 1;
    if run.current().is_none() {
        end(app, run)
    } else {
        step(run)
    }
}

fn skip(run: &mut ReviewRun) -> Result<(), String> {
    if let Some(id) = run.current().map(str::to_string) {
        run.record.skipped.insert(id);
    }
    reviewed(run);
    run.record.position = (run.record.position + 1).min(run.record.queue.len().saturating_sub(1));
    step(run)
}

fn back(run: &mut ReviewRun) -> Result<(), String> {
    run.record.position = run.record.position.saturating_sub(1);
    step(run)
}

fn prompt(app: &mut App, run: &mut ReviewRun, pending: Pending) -> Result<(), String> {
    if let Some(id) = run.current().map(str::to_string) {
        reviewed(run);
        act_on(app, &id, pending);
    }
    step(run)
}

/// Undo the session's last decision and go back to its milestone.
fn undo(app: &mut App, run: &mut ReviewRun) -> Result<(), String> {
    app.review = Some(run.clone());
    let undone = persist::undo_with_ids(app);
    app.review = None;
    match undone? {
        Some(ids) => {
            if let Some(position) = ids
                .iter()
                .filter_map(|id| run.record.queue.iter().position(|q| q == id))
                .min()
            {
                run.record.position = position;
            }
            app.flash = Some(Flash {
                text: format!("{}: {}", app.labels.undone(), ids.join(", ")),
                error: false,
            });
            step(run)
        }
        None => {
            app.flash = Some(Flash {
                text: app.labels.nothing_to_undo().to_string(),
                error: true,
            });
            Ok(())
        }
    }
}
