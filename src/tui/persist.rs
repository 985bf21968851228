//! Every change made in the app goes straight to the state store (locked,
//! merged with what is on disk, saved atomically) and the app takes the
//! saved state back, so what is on screen is what is on disk.

use super::app::{App, Cursor, Mode};
use crate::state::store::now;
use crate::state::{Change, Edit, Set, StateError};

/// Save one edit; a short account of it for the status line.
pub fn save(app: &mut App, milestone: &str, set: Set) -> Result<String, String> {
    let edits = [Edit::new(milestone, set)];
    let session = app.review.as_ref().map(|r| r.record.id.as_str());
    let (state, changes) = app
        .store
        .apply(
            &app.plans[app.plan_index],
            &edits,
            &app.reviewer,
            session,
            now(),
        )
        .map_err(|e| crate::i18n::state_error(&e, app.labels.locale))?;
    app.own_changes
        .extend(changes.iter().map(|change| change.id.clone()));
    app.state = state;
    app.refresh_standings();
    app.rebuild_rows();
    refresh_sync_status(app);
    Ok(match changes.first() {
        Some(change) => describe(app, change),
        None => "-".to_string(),
    })
}

/// `状态 未启动 -> 已完成`, in the app's language.
fn describe(app: &App, change: &Change) -> String {
    crate::i18n::describe_change(change, app.labels.locale)
}

/// Undo the app's own last change to the plan; what was undone, or `None` when
/// there is nothing left to undo.
pub fn undo(app: &mut App) -> Result<Option<String>, String> {
    Ok(undo_changes(app)?.map(|reverted| {
        reverted
            .iter()
            .map(|(id, c)| format!("{id} {}", describe(app, c)))
            .collect::<Vec<_>>()
            .join(", ")
    }))
}

/// As [`undo`], giving the ids of the milestones reverted.
pub fn undo_with_ids(app: &mut App) -> Result<Option<Vec<String>>, String> {
    Ok(undo_changes(app)?.map(|reverted| reverted.into_iter().map(|(id, _)| id).collect()))
}

fn undo_changes(app: &mut App) -> Result<Option<Vec<(String, Change)>>, String> {
    let plan = app.plans[app.plan_index].id.clone();
    let session = app.review.as_ref().map(|r| r.record.id.clone());
    // only what this app (or this review session, also before a resume)
    // changed: never a change another writer made meanwhile
    let own = &app.own_changes;
    let mine = |change: &Change| {
        own.contains(&change.id) || (session.is_some() && change.session == session)
    };
    let (state, reverted) =
        match app
            .store
            .undo_of(&plan, &app.reviewer, session.as_deref(), now(), &mine)
        {
            Ok(done) => done,
            Err(StateError::NothingToUndo { .. }) => return Ok(None),
            Err(err) => return Err(crate::i18n::state_error(&err, app.labels.locale)),
        };
    app.state = state;
    app.refresh_standings();
    app.rebuild_rows();
    refresh_sync_status(app);
    Ok(Some(reverted))
}

/// Open another plan of the catalog.
pub fn switch_plan(app: &mut App, index: usize) -> Result<(), String> {
    let id = app.plans[index].id.clone();
    let state = app
        .store
        .load(&id)
        .map_err(|e| crate::i18n::state_error(&e, app.labels.locale))?;
    app.plan_index = index;
    app.state = state;
    app.areas = Cursor::default();
    app.tree = Cursor::default();
    app.collapsed.clear();
    app.filter_lead = None;
    app.search = None;
    app.mode = Mode::Normal;
    app.refresh_standings();
    app.rebuild_rows();
    Ok(())
}

/// After a save, "local changes waiting" may have become true.
fn refresh_sync_status(app: &mut App) {
    if let Some(sync) = app.sync.as_mut() {
        sync.refresh();
    }
}
