//! Changing a plan's state in memory: checking edits against the plan,
//! appending them to the history, undoing, and recomputing a milestone's
//! current fields from its history. Pure: the store does the disk work.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset};

use super::format::{self, field_text, set_field};
use super::model::{Change, Field, MilestoneState, PlanState, Status};
use super::report::{self, Period};
use super::store::StateError;
use crate::plan::Plan;

/// One requested change to one milestone.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    pub milestone: String,
    pub set: Set,
    /// Why (recorded with the change, shown by `taizhang log`).
    pub remark: Option<String>,
}

/// The new value of one field.
#[derive(Debug, Clone, PartialEq)]
pub enum Set {
    Status(Status),
    /// `None` clears the value.
    Value(Option<f64>),
    /// `None` (or empty text) clears the note.
    Note(Option<String>),
    /// One part (`Field::Progress`, `Problems` or `Next`) of a period's
    /// progress report; `None` (or empty text) clears it.
    Report {
        period: Period,
        field: Field,
        text: Option<String>,
    },
}

impl Set {
    pub fn field(&self) -> Field {
        match self {
            Self::Status(_) => Field::Status,
            Self::Value(_) => Field::Value,
            Self::Note(_) => Field::Note,
            Self::Report { field, .. } => *field,
        }
    }

    /// The reporting period of a report part.
    pub fn period(&self) -> Option<String> {
        match self {
            Self::Report { period, .. } => Some(period.to_string()),
            _ => None,
        }
    }

    fn text(&self) -> Option<String> {
        let text = |text: &Option<String>| {
            text.as_deref()
                .map(str::trim_end)
                .filter(|n| !n.trim().is_empty())
                .map(str::to_string)
        };
        match self {
            Self::Status(status) => Some(status.as_str().to_string()),
            Self::Value(value) => value.map(format::value_text),
            Self::Note(note) => text(note),
            Self::Report { text: t, .. } => text(t),
        }
    }
}

/// The text a field has now, as a change records it: for a report part,
/// that of its period.
pub fn current_text(state: &MilestoneState, field: Field, period: Option<&str>) -> Option<String> {
    match period {
        Some(period) if field.is_report() => report::part_text(state, period, field),
        _ => field_text(state, field),
    }
}

impl Edit {
    pub fn new(milestone: &str, set: Set) -> Self {
        Self {
            milestone: milestone.to_string(),
            set,
            remark: None,
        }
    }

    pub fn with_remark(mut self, remark: Option<&str>) -> Self {
        self.remark = remark
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        self
    }
}

/// Check every edit against the plan before anything changes: the milestone
/// exists, a value is a finite number for a milestone with a numeric target.
pub fn check_edits(plan: &Plan, edits: &[Edit]) -> Result<(), StateError> {
    for edit in edits {
        let Some(found) = plan.find_milestone(&edit.milestone) else {
            return Err(StateError::UnknownMilestone {
                plan: plan.id.clone(),
                id: edit.milestone.clone(),
                nearest: plan.nearest_milestone_ids(&edit.milestone),
            });
        };
        if let Set::Report { field, .. } = &edit.set {
            assert!(field.is_report(), "a report edit names a report part");
        }
        if let Set::Value(Some(value)) = edit.set {
            if !value.is_finite() {
                return Err(StateError::BadValue {
                    text: value.to_string(),
                });
            }
            if found.milestone.target.is_none() {
                return Err(StateError::NoTarget {
                    plan: plan.id.clone(),
                    milestone: edit.milestone.clone(),
                });
            }
        }
    }
    Ok(())
}

/// A new change id: a UUID v7 from `now`, so ids sort by time and never
/// collide across machines; ids made with one `context` increase, so the
/// changes of one command keep their order.
pub fn new_id(context: &uuid::ContextV7, now: DateTime<FixedOffset>) -> String {
    let ts = uuid::Timestamp::from_unix(
        context,
        now.timestamp().max(0) as u64,
        now.timestamp_subsec_nanos(),
    );
    uuid::Uuid::new_v7(ts).to_string()
}

/// Append the edits that change something to `state`'s history and update
/// the milestones; the new changes. Edits that set a field to what it
/// already is record nothing. Check them with [`check_edits`] first.
pub fn apply_edits(
    state: &mut PlanState,
    edits: &[Edit],
    who: &str,
    session: Option<&str>,
    now: DateTime<FixedOffset>,
) -> Vec<Change> {
    let context = uuid::ContextV7::new();
    let mut changes = Vec::new();
    for edit in edits {
        let field = edit.set.field();
        let period = edit.set.period();
        let from = current_text(state.get(&edit.milestone), field, period.as_deref());
        let to = edit.set.text();
        if from == to {
            continue;
        }
        let change = Change {
            id: new_id(&context, now),
            at: now,
            by: who.to_string(),
            field,
            from,
            to,
            note: edit.remark.clone(),
            session: session.map(str::to_string),
            undoes: None,
            period,
        };
        let milestone = state.milestones.entry(edit.milestone.clone()).or_default();
        milestone.history.push(change.clone());
        replay(milestone);
        changes.push(change);
    }
    changes
}

/// Revert the last change that is not an undo and not undone yet, together
/// with the changes made with it (same time and person: one command). Each
/// revert is a new change that `undoes` the original; nothing is deleted.
/// Repeating steps further back. `None` when there is nothing to undo.
pub fn undo_last(
    state: &mut PlanState,
    who: &str,
    session: Option<&str>,
    now: DateTime<FixedOffset>,
) -> Option<Vec<(String, Change)>> {
    undo_last_of(state, who, session, now, &|_| true)
}

/// As [`undo_last`], among the changes `mine` accepts only: the app and a
/// review undo their own changes, never one another writer made meanwhile.
pub fn undo_last_of(
    state: &mut PlanState,
    who: &str,
    session: Option<&str>,
    now: DateTime<FixedOffset>,
    mine: &dyn Fn(&Change) -> bool,
) -> Option<Vec<(String, Change)>> {
    let undone: HashSet<&str> = state
        .milestones
        .values()
        .flat_map(|m| m.history.iter())
        .filter_map(|c| c.undoes.as_deref())
        .collect();
    let candidates = || {
        state.milestones.iter().flat_map(|(id, m)| {
            m.history
                .iter()
                .filter(|c| c.undoes.is_none() && !undone.contains(c.id.as_str()) && mine(c))
                .map(move |c| (id, c))
        })
    };
    let (_, last) = candidates().reduce(|a, b| if format::is_later(b.1, a.1) { b } else { a })?;
    let mut group: Vec<(String, Change)> = candidates()
        .filter(|(_, c)| c.at == last.at && c.by == last.by && c.session == last.session)
        .map(|(id, c)| (id.clone(), c.clone()))
        .collect();
    // newest first, so a field changed twice in the group ends at its start
    group.sort_by(|a, b| (b.1.at, &b.1.id).cmp(&(a.1.at, &a.1.id)));
    let context = uuid::ContextV7::new();
    let mut reverts = Vec::new();
    for (milestone_id, original) in group {
        let milestone = state.milestones.entry(milestone_id.clone()).or_default();
        let change = Change {
            id: new_id(&context, now),
            at: now,
            by: who.to_string(),
            field: original.field,
            from: current_text(milestone, original.field, original.period.as_deref()),
            to: original.from.clone(),
            note: None,
            session: session.map(str::to_string),
            undoes: Some(original.id.clone()),
            period: original.period.clone(),
        };
        milestone.history.push(change.clone());
        replay(milestone);
        reverts.push((milestone_id, change));
    }
    Some(reverts)
}

/// Recompute a milestone's current fields from its history: each field is
/// the `to` of the latest change (by time, then id) to it; a field no change
/// touched keeps its value. `updated`/`by` are those of the latest change.
pub fn replay(milestone: &mut MilestoneState) {
    for field in [Field::Status, Field::Value, Field::Note] {
        let latest = milestone
            .history
            .iter()
            .filter(|c| c.field == field)
            .reduce(|a, b| if format::is_later(b, a) { b } else { a })
            .map(|c| c.to.clone());
        if let Some(to) = latest {
            set_field(milestone, field, to.as_deref());
        }
    }
    if let Some(last) = milestone
        .history
        .iter()
        .reduce(|a, b| if format::is_later(b, a) { b } else { a })
    {
        milestone.updated = Some(last.at);
        milestone.by = Some(last.by.clone());
    }
}

/// Ids of milestones that have saved state but are not in the plan (the plan
/// was edited). Their state is kept and re-attaches when they come back.
pub fn orphans(state: &PlanState, plan: &Plan) -> Vec<String> {
    let known: HashSet<&str> = plan.milestones().map(|m| m.milestone.id.as_str()).collect();
    state
        .milestones
        .keys()
        .filter(|id| !known.contains(id.as_str()))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: u32) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2025-03-01T10:{minute:02}:00+08:00")).unwrap()
    }

    #[test]
    fn edits_record_from_and_to_and_skip_no_ops() {
        let mut state = PlanState::new("demo");
        let edits = [
            Edit::new("m1", Set::Status(Status::Doing)).with_remark(Some("开工")),
            Edit::new("m1", Set::Value(Some(1.7))),
        ];
        let changes = apply_edits(&mut state, &edits, "张三", None, at(0));
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].from.as_deref(), Some("todo"));
        assert_eq!(changes[0].to.as_deref(), Some("doing"));
        assert_eq!(changes[0].note.as_deref(), Some("开工"));
        assert_eq!(changes[1].from, None);
        assert!(changes[0].id < changes[1].id, "ids of one command increase");
        let m = state.get("m1");
        assert_eq!((m.status, m.value), (Status::Doing, Some(1.7)));
        assert_eq!((m.updated, m.by.as_deref()), (Some(at(0)), Some("张三")));
        // the same status again records nothing
        let again = apply_edits(&mut state, &edits[..1], "李四", None, at(1));
        assert!(again.is_empty());
        assert_eq!(state.get("m1").history.len(), 2);
    }

    #[test]
    fn undo_reverts_a_whole_command_then_steps_back() {
        let mut state = PlanState::new("demo");
        let first = [Edit::new("m1", Set::Status(Status::Doing))];
        apply_edits(&mut state, &first, "a", None, at(0));
        let second = [
            Edit::new("m1", Set::Status(Status::Done)),
            Edit::new("m2", Set::Note(Some("验收".into()))),
        ];
        apply_edits(&mut state, &second, "a", None, at(1));
        let reverts = undo_last(&mut state, "b", None, at(2)).unwrap();
        assert_eq!(reverts.len(), 2);
        assert_eq!(state.get("m1").status, Status::Doing);
        assert_eq!(state.get("m2").note, None);
        assert!(reverts.iter().all(|(_, c)| c.undoes.is_some()));
        // history only grew
        assert_eq!(state.get("m1").history.len(), 3);
        undo_last(&mut state, "b", None, at(3)).unwrap();
        assert_eq!(state.get("m1").status, Status::Todo);
        assert!(undo_last(&mut state, "b", None, at(4)).is_none());
        assert_eq!(state.get("m1").history.len(), 4);
    }

    #[test]
    fn undo_of_my_own_changes_leaves_another_writers_alone() {
        let mut state = PlanState::new("demo");
        let mine = apply_edits(
            &mut state,
            &[Edit::new("m1", Set::Status(Status::Done))],
            "app",
            None,
            at(0),
        );
        apply_edits(
            &mut state,
            &[Edit::new("m2", Set::Status(Status::Blocked))],
            "cli",
            None,
            at(1),
        );
        let own = |c: &Change| c.id == mine[0].id;
        let reverts = undo_last_of(&mut state, "app", None, at(2), &own).unwrap();
        assert_eq!(reverts.len(), 1);
        assert_eq!(reverts[0].0, "m1");
        assert_eq!(state.get("m1").status, Status::Todo);
        assert_eq!(state.get("m2").status, Status::Blocked);
        assert!(undo_last_of(&mut state, "app", None, at(3), &own).is_none());
    }

    #[test]
    fn replay_takes_the_latest_change_per_field() {
        let mut state = PlanState::new("demo");
        apply_edits(
            &mut state,
            &[Edit::new("m1", Set::Status(Status::Done))],
            "a",
            None,
            at(5),
        );
        let m = state.milestones.get_mut("m1").unwrap();
        let mut early = m.history[0].clone();
        early.id = "0".into();
        early.at = at(1);
        early.to = Some("blocked".into());
        m.history.insert(0, early);
        replay(m);
        assert_eq!(m.status, Status::Done);
        assert_eq!(m.updated, Some(at(5)));
    }
}
