//! Merging two versions of one plan's state: what a save does when the file
//! changed under it, and what a git merge driver does with two branches.
//! Pure: no disk, no clock.

use std::collections::{BTreeMap, BTreeSet};

use super::history::replay;
use super::model::{Change, Field, MilestoneState, PlanState};

/// A milestone both sides changed (each has changes the other lacks). The
/// merge still resolves it (later change wins per field); this says so.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    pub milestone: String,
    /// Fields changed on both sides; empty when the sides touched different
    /// fields.
    pub fields: Vec<Field>,
    /// Ids of the changes only ours has, and only theirs has.
    pub ours: Vec<String>,
    pub theirs: Vec<String>,
    /// Ids present on both sides with different content (a hand edit of the
    /// history); ours is kept.
    pub diverged: Vec<String>,
}

/// Merge `theirs` into `ours`: history entries are united by id (sorted by
/// time, then id); each field of a milestone is the `to` of its latest
/// change; a milestone without history keeps ours, else theirs. Milestones
/// changed on both sides are reported. Nothing is ever dropped.
pub fn merge(ours: &PlanState, theirs: &PlanState) -> (PlanState, Vec<Conflict>) {
    let mut merged = PlanState {
        version: ours.version.max(theirs.version),
        plan: ours.plan.clone(),
        milestones: BTreeMap::new(),
    };
    let mut conflicts = Vec::new();
    let ids: BTreeSet<&String> = ours
        .milestones
        .keys()
        .chain(theirs.milestones.keys())
        .collect();
    for id in ids {
        let (milestone, conflict) = match (ours.milestones.get(id), theirs.milestones.get(id)) {
            (Some(a), Some(b)) => merge_milestone(id, a, b),
            (Some(one), None) | (None, Some(one)) => (one.clone(), None),
            (None, None) => unreachable!("id comes from one of the maps"),
        };
        merged.milestones.insert(id.clone(), milestone);
        conflicts.extend(conflict);
    }
    (merged, conflicts)
}

fn merge_milestone(
    id: &str,
    ours: &MilestoneState,
    theirs: &MilestoneState,
) -> (MilestoneState, Option<Conflict>) {
    let mine: BTreeMap<&str, &Change> = ours.history.iter().map(|c| (c.id.as_str(), c)).collect();
    let other: BTreeMap<&str, &Change> =
        theirs.history.iter().map(|c| (c.id.as_str(), c)).collect();
    let only_ours: Vec<&Change> = ours
        .history
        .iter()
        .filter(|c| !other.contains_key(c.id.as_str()))
        .collect();
    let only_theirs: Vec<&Change> = theirs
        .history
        .iter()
        .filter(|c| !mine.contains_key(c.id.as_str()))
        .collect();
    let diverged: Vec<String> = ours
        .history
        .iter()
        .filter(|c| other.get(c.id.as_str()).is_some_and(|o| *o != *c))
        .map(|c| c.id.clone())
        .collect();

    let base = if ours.history.is_empty() && !theirs.history.is_empty() {
        theirs
    } else {
        ours
    };
    let mut merged = base.clone();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    merged.history = ours
        .history
        .iter()
        .chain(theirs.history.iter())
        .filter(|c| seen.insert(c.id.as_str()))
        .cloned()
        .collect();
    merged
        .history
        .sort_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)));
    replay(&mut merged);

    let conflict = if (!only_ours.is_empty() && !only_theirs.is_empty()) || !diverged.is_empty() {
        let fields = Field::ALL
            .into_iter()
            .filter(|f| {
                only_ours.iter().any(|c| c.field == *f) && only_theirs.iter().any(|c| c.field == *f)
            })
            .collect();
        Some(Conflict {
            milestone: id.to_string(),
            fields,
            ours: only_ours.iter().map(|c| c.id.clone()).collect(),
            theirs: only_theirs.iter().map(|c| c.id.clone()).collect(),
            diverged,
        })
    } else {
        None
    };
    (merged, conflict)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::history::{Edit, Set, apply_edits};
    use crate::state::model::Status;
    use chrono::{DateTime, FixedOffset};

    fn at(minute: u32) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2025-03-01T10:{minute:02}:00+08:00")).unwrap()
    }

    fn mark(state: &mut PlanState, milestone: &str, set: Set, who: &str, minute: u32) {
        apply_edits(state, &[Edit::new(milestone, set)], who, None, at(minute));
    }

    fn base() -> PlanState {
        let mut state = PlanState::new("demo");
        mark(&mut state, "m1", Set::Status(Status::Doing), "a", 0);
        mark(&mut state, "m2", Set::Status(Status::Doing), "a", 1);
        state
    }

    #[test]
    fn different_milestones_merge_without_conflict() {
        let base = base();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        mark(&mut ours, "m1", Set::Status(Status::Done), "a", 5);
        mark(&mut theirs, "m2", Set::Value(Some(3.0)), "b", 6);
        mark(&mut theirs, "m3", Set::Note(Some("新".into())), "b", 7);
        let (merged, conflicts) = merge(&ours, &theirs);
        assert!(conflicts.is_empty(), "{conflicts:?}");
        assert_eq!(merged.get("m1").status, Status::Done);
        assert_eq!(merged.get("m2").value, Some(3.0));
        assert_eq!(merged.get("m2").status, Status::Doing);
        assert_eq!(merged.get("m3").note.as_deref(), Some("新"));
        // symmetric, and merging again changes nothing
        assert_eq!(merge(&theirs, &ours).0, merged);
        assert_eq!(merge(&merged, &theirs).0, merged);
        assert_eq!(merge(&merged, &merged), (merged.clone(), vec![]));
    }

    #[test]
    fn same_milestone_later_change_wins_per_field_and_is_reported() {
        let base = base();
        let mut ours = base.clone();
        let mut theirs = base.clone();
        mark(&mut ours, "m1", Set::Status(Status::Blocked), "a", 9);
        mark(&mut ours, "m1", Set::Note(Some("ours".into())), "a", 3);
        mark(&mut theirs, "m1", Set::Status(Status::Done), "b", 4);
        let (merged, conflicts) = merge(&ours, &theirs);
        let m1 = merged.get("m1");
        assert_eq!(m1.status, Status::Blocked, "the later status wins");
        assert_eq!(m1.note.as_deref(), Some("ours"), "untouched by theirs");
        assert_eq!((m1.updated, m1.by.as_deref()), (Some(at(9)), Some("a")));
        // every change of both sides is kept, in time order
        let times: Vec<_> = m1.history.iter().map(|c| c.at).collect();
        assert_eq!(times, vec![at(0), at(3), at(4), at(9)]);
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].milestone, "m1");
        assert_eq!(conflicts[0].fields, vec![Field::Status]);
        assert_eq!((conflicts[0].ours.len(), conflicts[0].theirs.len()), (2, 1));
        assert_eq!(merge(&theirs, &ours).0, merged);
    }

    #[test]
    fn a_rewritten_entry_is_reported_and_ours_kept() {
        let ours = base();
        let mut theirs = ours.clone();
        theirs.milestones.get_mut("m1").unwrap().history[0].by = "forger".into();
        let (merged, conflicts) = merge(&ours, &theirs);
        assert_eq!(merged, ours);
        assert_eq!(conflicts[0].diverged.len(), 1);
    }
}
