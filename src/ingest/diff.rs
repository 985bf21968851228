//! What a returned workbook changes. Only cells the unit changed count: a
//! field whose returned text differs from the text as exported. When the
//! office changed the same field after the export, that is a conflict, and
//! the later change wins as in sync: the sheet (as of when it was saved)
//! against the office's last change to that field.

use chrono::{DateTime, FixedOffset};

use super::Returned;
use crate::report::fillin_xlsx::META_FIELDS;
use crate::state::history::{Edit, Set, current_text};
use crate::state::{Change, Field, PlanState, Status};

/// One field the sheet changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposed {
    pub milestone: String,
    pub field: Field,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// A field both the unit (in the sheet) and the office (after the export)
/// changed.
#[derive(Debug, Clone, PartialEq)]
pub struct Clash {
    pub milestone: String,
    pub field: Field,
    /// The office's change.
    pub office_by: String,
    pub office_at: DateTime<FixedOffset>,
    pub office_to: Option<String>,
    /// The sheet's value.
    pub sheet_to: Option<String>,
    /// Whether the sheet is the later and is applied.
    pub sheet_wins: bool,
}

/// What ingesting a workbook would do.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outcome {
    /// In sheet order, conflicts the sheet won included.
    pub changes: Vec<Proposed>,
    pub clashes: Vec<Clash>,
}

impl Outcome {
    /// The milestones changed, in sheet order.
    pub fn milestones(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for change in &self.changes {
            if !ids.contains(&change.milestone.as_str()) {
                ids.push(&change.milestone);
            }
        }
        ids
    }

    /// The edits to record, each remarked with the workbook's file name.
    pub fn edits(&self, returned: &Returned) -> Vec<Edit> {
        let name = std::path::Path::new(&returned.file)
            .file_name()
            .map_or(returned.file.clone(), |n| n.to_string_lossy().into_owned());
        let remark = format!("填报表 {name}");
        self.changes
            .iter()
            .map(|c| Edit::new(&c.milestone, set(c, returned)).with_remark(Some(&remark)))
            .collect()
    }
}

fn set(change: &Proposed, returned: &Returned) -> Set {
    let to = change.to.clone();
    match change.field {
        Field::Status => Set::Status(
            to.as_deref()
                .and_then(|t| t.parse().ok())
                .unwrap_or(Status::Todo),
        ),
        Field::Value => Set::Value(to.and_then(|t| t.parse().ok())),
        Field::Note => Set::Note(to),
        field => Set::Report {
            period: returned.period.clone(),
            field,
            text: to,
        },
    }
}

/// Compare the returned rows with the state now.
pub fn outcome(returned: &Returned, state: &PlanState) -> Outcome {
    let period = returned.period.to_string();
    let mut out = Outcome::default();
    for row in &returned.rows {
        let saved = state.get(&row.milestone);
        for (index, field) in META_FIELDS.iter().enumerate() {
            let exported = &row.exported[index];
            let sheet = &row.returned[index];
            let now = current_text(saved, *field, Some(&period));
            if sheet == exported || *sheet == now {
                continue; // the unit left it, or it is already so
            }
            let proposed = Proposed {
                milestone: row.milestone.clone(),
                field: *field,
                from: now.clone(),
                to: sheet.clone(),
            };
            if now == *exported {
                out.changes.push(proposed);
                continue;
            }
            let office = last_change(&saved.history, *field, &period, returned.exported);
            let (office_by, office_at) = office.map_or_else(
                || ("?".to_string(), returned.exported),
                |c| (c.by.clone(), c.at),
            );
            let sheet_wins = returned.saved > office_at;
            out.clashes.push(Clash {
                milestone: row.milestone.clone(),
                field: *field,
                office_by,
                office_at,
                office_to: now,
                sheet_to: sheet.clone(),
                sheet_wins,
            });
            if sheet_wins {
                out.changes.push(proposed);
            }
        }
    }
    out
}

/// The latest change to `field` (of `period`, for a report part) made
/// after `since`.
fn last_change<'a>(
    history: &'a [Change],
    field: Field,
    period: &str,
    since: DateTime<FixedOffset>,
) -> Option<&'a Change> {
    history
        .iter()
        .filter(|c| c.field == field && c.at > since)
        .filter(|c| !field.is_report() || c.period.as_deref() == Some(period))
        .max_by(|a, b| (a.at, &a.id).cmp(&(b.at, &b.id)))
}
