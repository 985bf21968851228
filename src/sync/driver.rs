//! The git merge driver for state files (`taizhang merge-driver %O %A %B
//! %P`): both versions are parsed and merged as history (union by change
//! id, later change wins per field), so a `git pull` or `git rebase` in the
//! state folder never writes conflict markers into a state file.
//!
//! The common ancestor (%O) is not needed: history is append-only, so the
//! union of both sides is the answer whatever the base was.

use std::path::Path;

use crate::state::format;
use crate::state::model::FORMAT_VERSION;
use crate::state::{Conflict, PlanState, merge};

/// Merge the texts of two versions of one plan's state file: the merged
/// text and the milestones both sides changed. A side that does not parse
/// is an error naming it (`ours` or `theirs`) with `LINE:COL`.
pub fn merge_texts(ours: &str, theirs: &str) -> Result<(String, Vec<Conflict>), String> {
    let parse = |side: &str, text: &str| -> Result<PlanState, String> {
        let state = format::from_text(text)
            .map_err(|p| format!("{side} {}:{}: {}", p.line, p.column, p.message))?;
        if state.version > FORMAT_VERSION {
            return Err(format!(
                "{side}: state format version {} is newer than this taizhang understands ({FORMAT_VERSION}); upgrade taizhang",
                state.version
            ));
        }
        Ok(state)
    };
    let ours = parse("ours", ours)?;
    let theirs = parse("theirs", theirs)?;
    if ours.plan != theirs.plan {
        return Err(format!(
            "ours is the state of plan `{}`, theirs of plan `{}`",
            ours.plan, theirs.plan
        ));
    }
    let (merged, conflicts) = merge(&ours, &theirs);
    let text = format::to_text(&merged);
    Ok((text, conflicts))
}

/// What git's merge driver does: merge `ours` and `theirs` and write the
/// result over `ours` (git's temp file, not the state file itself). On an
/// error `ours` is left as it was and git reports the file as conflicted,
/// without markers.
pub fn run(ours: &Path, theirs: &Path) -> Result<Vec<Conflict>, String> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))
    };
    let (text, conflicts) = merge_texts(&read(ours)?, &read(theirs)?)?;
    crate::fsutil::write_atomic(ours, text.as_bytes())
        .map_err(|e| format!("{}: cannot write: {e}", ours.display()))?;
    Ok(conflicts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Status;
    use crate::state::history::{Edit, Set, apply_edits};
    use chrono::DateTime;

    fn at(minute: u32) -> chrono::DateTime<chrono::FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2025-03-01T10:{minute:02}:00+08:00")).unwrap()
    }

    fn text(state: &PlanState) -> String {
        format::to_text(state)
    }

    #[test]
    fn the_driver_merges_files_in_place() {
        let mut base = PlanState::new("demo");
        apply_edits(
            &mut base,
            &[Edit::new("m1", Set::Status(Status::Doing))],
            "a",
            None,
            at(0),
        );
        let mut ours = base.clone();
        let mut theirs = base.clone();
        apply_edits(
            &mut ours,
            &[Edit::new("m1", Set::Status(Status::Done))],
            "a",
            None,
            at(2),
        );
        apply_edits(
            &mut theirs,
            &[Edit::new("m1", Set::Status(Status::Blocked))],
            "b",
            None,
            at(1),
        );
        apply_edits(
            &mut theirs,
            &[Edit::new("m2", Set::Status(Status::Doing))],
            "b",
            None,
            at(3),
        );
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, text(&ours)).unwrap();
        std::fs::write(&b, text(&theirs)).unwrap();
        let conflicts = run(&a, &b).unwrap();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].milestone, "m1");
        let merged = format::from_text(&std::fs::read_to_string(&a).unwrap()).unwrap();
        assert_eq!(
            merged.get("m1").status,
            Status::Done,
            "the later change wins"
        );
        assert_eq!(
            merged.get("m1").history.len(),
            3,
            "both sides' changes kept"
        );
        assert_eq!(merged.get("m2").status, Status::Doing);
    }

    #[test]
    fn a_broken_side_is_named_and_ours_is_left_alone() {
        let good = text(&PlanState::new("demo"));
        let err = merge_texts(&good, "version: [\n").unwrap_err();
        assert!(err.starts_with("theirs "), "{err}");
        let err = merge_texts(&good, &text(&PlanState::new("other"))).unwrap_err();
        assert!(err.contains("plan `other`"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, "milestones: [oops\n").unwrap();
        std::fs::write(&b, &good).unwrap();
        let err = run(&a, &b).unwrap_err();
        assert!(err.starts_with("ours "), "{err}");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "milestones: [oops\n");
    }
}
