//! What a progress meeting looks at: per plan the totals, a row per action
//! area (or per lead unit, or per status), the milestones that need
//! attention (overdue or red) and what moved since a date. Pure: built from
//! plans, their saved state and an as-of date; the renderers
//! (`render_text`, `render_markdown`, `csv`) and `serde_json` turn it into
//! output. The JSON shape is documented in the README ("Summaries").
//!
//! Decisions:
//! - The plan's headline goals (总体目标) count in the plan totals and form
//!   their own pseudo-area, id [`GOALS_ID`], titled [`GOALS_TITLE`], listed
//!   first; so the area rows add up to the plan totals.
//! - A sub-task without its own lead (or supporting) units inherits its
//!   parent's. A milestone counts once for each of its lead units, so lead
//!   rows may add up to more than the plan; one without any lead unit counts
//!   under [`NO_LEAD`].
//! - `overdue_only` keeps the plan totals whole, but keeps only the rows
//!   with something overdue and lists only overdue milestones.
//! - Changes are those recorded on or after `changed_since` and on or before
//!   the as-of date (by the date of the timestamp as recorded).

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::plan::Plan;
use crate::state::{Field, Light, LightRules, PlanState, Status, Totals};

mod entries;
pub use entries::{Entry, entries};

/// Id of the pseudo-area holding the plan's headline goals.
pub const GOALS_ID: &str = "goals";
/// Title of the pseudo-area holding the plan's headline goals.
pub const GOALS_TITLE: &str = "总体目标";
/// The lead unit of milestones whose task names none.
pub const NO_LEAD: &str = "未明确牵头单位";

/// How the table rows are grouped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum GroupBy {
    #[default]
    Area,
    Lead,
    Status,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub by: GroupBy,
    /// Only rows with something overdue; only overdue milestones listed.
    pub overdue_only: bool,
    /// List the changes recorded since this date.
    pub changed_since: Option<NaiveDate>,
    /// The light rules (the settings' `lights:`).
    pub rules: LightRules,
}

#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub as_of: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changed_since: Option<NaiveDate>,
    #[serde(skip)]
    pub by: GroupBy,
    #[serde(skip)]
    pub overdue_only: bool,
    pub plans: Vec<PlanSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanSummary {
    pub id: String,
    pub title: String,
    pub totals: Totals,
    pub areas: Vec<AreaRow>,
    pub leads: Vec<LeadRow>,
    pub statuses: Vec<StatusRow>,
    /// Overdue or red milestones, most overdue first (by due date).
    pub attention: Vec<Attention>,
    /// Present only when `changed_since` was asked for; oldest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<Moved>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaRow {
    pub id: String,
    pub title: String,
    pub totals: Totals,
}

#[derive(Debug, Clone, Serialize)]
pub struct LeadRow {
    pub unit: String,
    pub totals: Totals,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusRow {
    pub status: Status,
    pub label: &'static str,
    pub totals: Totals,
}

/// A milestone that needs attention.
#[derive(Debug, Clone, Serialize)]
pub struct Attention {
    pub id: String,
    pub title: String,
    /// Title of the area holding it ([`GOALS_TITLE`] for a goal).
    pub area: String,
    pub due: Option<NaiveDate>,
    pub lead: Vec<String>,
    pub status: Status,
    pub light: Light,
    pub overdue: bool,
    /// Days past the due date; 0 when not overdue.
    pub days_overdue: i64,
}

/// One recorded change of a milestone.
#[derive(Debug, Clone, Serialize)]
pub struct Moved {
    pub at: DateTime<FixedOffset>,
    pub id: String,
    pub title: String,
    pub field: Field,
    pub from: Option<String>,
    pub to: Option<String>,
    pub by: String,
    pub note: Option<String>,
    /// Whether this change reverted an earlier one.
    pub undo: bool,
    /// The reporting period of a report part (`progress`, `problems`, `next`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

/// A table row whatever the grouping: its key (area id, unit, status), its
/// label and its totals.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub key: &'a str,
    pub label: &'a str,
    pub totals: &'a Totals,
}

impl GroupBy {
    /// The heading of the first column.
    pub fn heading(self) -> &'static str {
        match self {
            Self::Area => "行动领域",
            Self::Lead => "牵头单位",
            Self::Status => "状态",
        }
    }
}

impl PlanSummary {
    /// The table rows for `by`.
    pub fn rows(&self, by: GroupBy) -> Vec<Row<'_>> {
        match by {
            GroupBy::Area => self
                .areas
                .iter()
                .map(|a| Row {
                    key: &a.id,
                    label: &a.title,
                    totals: &a.totals,
                })
                .collect(),
            GroupBy::Lead => self
                .leads
                .iter()
                .map(|l| Row {
                    key: &l.unit,
                    label: &l.unit,
                    totals: &l.totals,
                })
                .collect(),
            GroupBy::Status => self
                .statuses
                .iter()
                .map(|s| Row {
                    key: s.status.as_str(),
                    label: s.label,
                    totals: &s.totals,
                })
                .collect(),
        }
    }
}

/// Build the summary of `plans`, each paired with its saved state.
pub fn summarize(plans: &[(&Plan, &PlanState)], as_of: NaiveDate, options: &Options) -> Summary {
    Summary {
        as_of,
        changed_since: options.changed_since,
        by: options.by,
        overdue_only: options.overdue_only,
        // plan by plan, independent of each other: in parallel
        plans: crate::par::map(plans, |(plan, state)| {
            plan_summary(plan, state, as_of, options)
        }),
    }
}

fn plan_summary(
    plan: &Plan,
    state: &PlanState,
    as_of: NaiveDate,
    options: &Options,
) -> PlanSummary {
    let entries = entries(plan, state, as_of, &options.rules);
    let totals: Totals = entries.iter().map(|e| e.standing).collect();
    let Groups {
        mut areas,
        mut leads,
        mut statuses,
    } = groups(plan, &entries);
    if options.overdue_only {
        areas.retain(|a| a.totals.overdue > 0);
        leads.retain(|l| l.totals.overdue > 0);
        statuses.retain(|s| s.totals.overdue > 0);
    }
    PlanSummary {
        id: plan.id.clone(),
        title: plan.title.clone(),
        totals,
        areas,
        leads,
        statuses,
        attention: attention(&entries, as_of, options.overdue_only),
        changes: options
            .changed_since
            .map(|since| changes(&entries, since, as_of)),
    }
}

/// The rows a plan's milestones are counted in: by area, lead unit, status.
struct Groups {
    areas: Vec<AreaRow>,
    leads: Vec<LeadRow>,
    statuses: Vec<StatusRow>,
}

fn groups(plan: &Plan, entries: &[Entry]) -> Groups {
    let mut areas = Vec::new();
    if !plan.goals.is_empty() {
        areas.push(AreaRow {
            id: GOALS_ID.to_string(),
            title: GOALS_TITLE.to_string(),
            totals: Totals::default(),
        });
    }
    areas.extend(plan.areas.iter().map(|a| AreaRow {
        id: a.id.clone(),
        title: a.title.clone(),
        totals: Totals::default(),
    }));
    let mut leads: Vec<LeadRow> = Vec::new();
    let mut lead_index: HashMap<String, usize> = HashMap::new();
    let mut statuses: Vec<StatusRow> = Status::ALL
        .into_iter()
        .map(|status| StatusRow {
            status,
            label: status.zh(),
            totals: Totals::default(),
        })
        .collect();

    for e in entries {
        if let Some(row) = areas.iter_mut().find(|a| a.id == e.area_id()) {
            row.totals.add(&e.standing);
        }
        let units: Vec<&str> = if e.lead.is_empty() {
            vec![NO_LEAD]
        } else {
            e.lead.iter().map(String::as_str).collect()
        };
        for unit in units {
            let index = *lead_index.entry(unit.to_string()).or_insert_with(|| {
                leads.push(LeadRow {
                    unit: unit.to_string(),
                    totals: Totals::default(),
                });
                leads.len() - 1
            });
            leads[index].totals.add(&e.standing);
        }
        if let Some(row) = statuses.iter_mut().find(|s| s.status == e.standing.status) {
            row.totals.add(&e.standing);
        }
    }

    // Units without a name for themselves go last, whatever came first.
    if let Some(index) = leads.iter().position(|l| l.unit == NO_LEAD) {
        let none = leads.remove(index);
        leads.push(none);
    }
    Groups {
        areas,
        leads,
        statuses,
    }
}

/// The milestones that need attention: overdue or red (only overdue ones
/// with `overdue_only`), most overdue first, those without a due date last.
fn attention(entries: &[Entry], as_of: NaiveDate, overdue_only: bool) -> Vec<Attention> {
    let mut attention: Vec<Attention> = entries
        .iter()
        .filter(|e| {
            if overdue_only {
                e.standing.overdue
            } else {
                e.standing.overdue || e.standing.light == Light::Red
            }
        })
        .map(|e| Attention {
            id: e.milestone.id.clone(),
            title: e.milestone.title.clone(),
            area: e.area_title().to_string(),
            due: e.milestone.due,
            lead: e.lead.to_vec(),
            status: e.standing.status,
            light: e.standing.light,
            overdue: e.standing.overdue,
            days_overdue: match e.milestone.due {
                Some(due) if e.standing.overdue => (as_of - due).num_days(),
                _ => 0,
            },
        })
        .collect();
    // Most overdue first; those without a due date last; else document order.
    attention.sort_by_key(|a| (a.due.is_none(), a.due));
    attention
}

/// The changes recorded from `since` to `as_of` (by the recorded date), in
/// time order.
fn changes(entries: &[Entry], since: NaiveDate, as_of: NaiveDate) -> Vec<Moved> {
    let mut moved: Vec<Moved> = entries
        .iter()
        .flat_map(|e| {
            e.state.history.iter().filter_map(move |change| {
                let day = change.at.date_naive();
                (day >= since && day <= as_of).then(|| Moved {
                    at: change.at,
                    id: e.milestone.id.clone(),
                    title: e.milestone.title.clone(),
                    field: change.field,
                    from: change.from.clone(),
                    to: change.to.clone(),
                    by: change.by.clone(),
                    note: change.note.clone(),
                    undo: change.undoes.is_some(),
                    period: change.period.clone(),
                })
            })
        })
        .collect();
    moved.sort_by_key(|m| m.at);
    moved
}

/// A status value as recorded (`todo`) in the office's words (未启动);
/// other text unchanged.
pub fn status_label(text: &str) -> String {
    crate::i18n::status_name(text, crate::config::Locale::Zh)
}

/// The Chinese name of a field (one name everywhere: see [`crate::i18n`]).
pub fn field_label(field: Field) -> &'static str {
    crate::i18n::field_name(field, crate::config::Locale::Zh)
}

/// `状态 未启动 -> 推进中`, `完成值 3 -> 5`, `备注 <text>`; `（撤销）` after an
/// undo: the one description of a change ([`crate::i18n::describe`]), in
/// the office's words.
pub fn describe_change(moved: &Moved) -> String {
    crate::i18n::describe(moved.parts(), crate::config::Locale::Zh)
}

impl Moved {
    /// What the change did, for [`crate::i18n::describe`].
    pub fn parts(&self) -> crate::i18n::ChangeParts<'_> {
        crate::i18n::ChangeParts {
            field: self.field,
            from: self.from.as_deref(),
            to: self.to.as_deref(),
            period: self.period.as_deref(),
            undo: self.undo,
        }
    }
}

/// How an attention item stands: 逾期N天, 受阻, or 严重滞后.
pub fn attention_reason(item: &Attention) -> String {
    if item.overdue {
        format!("逾期{}天", item.days_overdue)
    } else if item.status == Status::Blocked {
        "受阻".to_string()
    } else {
        "严重滞后".to_string()
    }
}

/// `市工信局、市发改委`, or [`NO_LEAD`] when there is none.
pub fn join_units(units: &[String]) -> String {
    if units.is_empty() {
        NO_LEAD.to_string()
    } else {
        units.join("、")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Change;

    fn fixture() -> Plan {
        let text = include_str!("../../tests/fixtures/summary/sx-shuzi.yaml");
        crate::plan::validate::check(text, "sx-shuzi.yaml", Some("sx-shuzi")).unwrap()
    }

    fn date(text: &str) -> NaiveDate {
        crate::plan::model::parse_date(text).unwrap()
    }

    #[test]
    fn entries_follow_the_document_and_inherit_lead_units() {
        let plan = fixture();
        let state = PlanState::new("sx-shuzi");
        let entries = entries(&plan, &state, date("2025-06-30"), &LightRules::default());
        let ids: Vec<&str> = entries.iter().map(|e| e.milestone.id.as_str()).collect();
        let document: Vec<&str> = plan.milestones().map(|m| m.milestone.id.as_str()).collect();
        assert_eq!(ids, document);
        let m4 = entries.iter().find(|e| e.milestone.id == "m4").unwrap();
        assert_eq!(m4.task.unwrap().id, "t2-1");
        assert_eq!(m4.lead, ["市发改委", "市大数据局"]);
        assert_eq!(
            (entries[0].area_id(), entries[0].area_title()),
            (GOALS_ID, GOALS_TITLE)
        );
    }

    #[test]
    fn rows_by_grouping_and_units_without_a_name_last() {
        let plan = fixture();
        let state = PlanState::new("sx-shuzi");
        let summary = summarize(&[(&plan, &state)], date("2024-01-02"), &Options::default());
        let p = &summary.plans[0];
        assert_eq!(p.totals.milestones, 9);
        let areas: Vec<&str> = p.rows(GroupBy::Area).iter().map(|r| r.key).collect();
        assert_eq!(areas, ["goals", "a1", "a2", "a3"]);
        let leads: Vec<&str> = p.rows(GroupBy::Lead).iter().map(|r| r.label).collect();
        assert_eq!(
            leads,
            [
                "市工信局",
                "市发改委",
                "市大数据局",
                "市行政审批局",
                NO_LEAD
            ]
        );
        let statuses: Vec<(&str, usize)> = p
            .rows(GroupBy::Status)
            .iter()
            .map(|r| (r.label, r.totals.milestones))
            .collect();
        assert_eq!(
            statuses,
            [("未启动", 9), ("推进中", 0), ("已完成", 0), ("受阻", 0)]
        );
        // nothing is late on the second day, and nothing was asked to move
        assert!(p.attention.is_empty());
        assert!(p.changes.is_none());
    }

    #[test]
    fn changes_read_in_the_office_s_words() {
        let moved = |field, from: &str, to: &str, undo| Moved {
            at: chrono::DateTime::parse_from_rfc3339("2025-06-01T08:00:00+08:00").unwrap(),
            id: "m1".into(),
            title: "x".into(),
            field,
            from: Some(from.into()),
            to: Some(to.into()),
            by: "张三".into(),
            note: None,
            undo,
            period: None,
        };
        assert_eq!(
            describe_change(&moved(Field::Status, "todo", "doing", false)),
            "状态 未启动 -> 推进中"
        );
        assert_eq!(
            describe_change(&moved(Field::Status, "doing", "todo", true)),
            "状态 推进中 -> 未启动（撤销）"
        );
        assert_eq!(
            describe_change(&moved(Field::Value, "3", "5", false)),
            "完成值 3 -> 5"
        );
        assert_eq!(
            describe_change(&moved(Field::Note, "", "已调度", false)),
            "备注 已调度"
        );
        // an undo in the history is marked as one
        let mut state = PlanState::new("sx-shuzi");
        let at = chrono::DateTime::parse_from_rfc3339("2025-06-10T08:00:00+08:00").unwrap();
        state
            .milestones
            .entry("m2".into())
            .or_default()
            .history
            .push(Change {
                id: "c2".into(),
                at,
                by: "李四".into(),
                field: Field::Status,
                from: Some("doing".into()),
                to: Some("todo".into()),
                note: None,
                session: None,
                undoes: Some("c1".into()),
                period: None,
            });
        let plan = fixture();
        let options = Options {
            changed_since: Some(date("2025-06-10")),
            ..Options::default()
        };
        let summary = summarize(&[(&plan, &state)], date("2025-06-10"), &options);
        let changes = summary.plans[0].changes.as_ref().unwrap();
        assert_eq!(changes.len(), 1);
        assert!(changes[0].undo);
        // the summary, the app and log, and the ledger's 最后变更 column
        // describe the change in the same words
        let change = &state.milestones["m2"].history[0];
        let app_words = crate::i18n::describe_change(change, crate::config::Locale::Zh);
        assert_eq!(app_words, "状态 推进中 -> 未启动（撤销）");
        assert_eq!(describe_change(&changes[0]), app_words);
        let rules = LightRules::default();
        let entries = entries(&plan, &state, date("2025-06-10"), &rules);
        let m2 = entries.iter().find(|e| e.milestone.id == "m2").unwrap();
        assert_eq!(
            crate::report::ledger_xlsx::last_change(m2),
            format!("2025-06-10 08:00 李四 {app_words}")
        );
    }
}
