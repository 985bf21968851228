//! `taizhang export --format json|yaml`: the plan tree with each milestone's
//! saved state, in a shape that is stable for scripts (documented in the
//! README).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;

use crate::plan::{Milestone, Plan, Task};
use crate::state::{Light, LightRules, PlanState, Report, Status, report, standing};

#[derive(Debug, Serialize)]
pub struct TreeExport {
    pub as_of: NaiveDate,
    pub plans: Vec<PlanNode>,
}

#[derive(Debug, Serialize)]
pub struct PlanNode {
    pub id: String,
    pub title: String,
    pub goals: Vec<MilestoneNode>,
    pub areas: Vec<AreaNode>,
}

#[derive(Debug, Serialize)]
pub struct AreaNode {
    pub id: String,
    pub title: String,
    pub tasks: Vec<TaskNode>,
}

#[derive(Debug, Serialize)]
pub struct TaskNode {
    pub id: String,
    pub title: String,
    pub text: String,
    pub lead: Vec<String>,
    pub support: Vec<String>,
    pub milestones: Vec<MilestoneNode>,
    pub tasks: Vec<TaskNode>,
}

#[derive(Debug, Serialize)]
pub struct TargetNode {
    pub value: f64,
    pub unit: String,
    pub comparator: &'static str,
}

#[derive(Debug, Serialize)]
pub struct MilestoneNode {
    pub id: String,
    pub title: String,
    pub due: Option<NaiveDate>,
    pub target: Option<TargetNode>,
    pub status: Status,
    pub value: Option<f64>,
    pub note: Option<String>,
    pub light: Light,
    pub overdue: bool,
    pub updated: Option<DateTime<FixedOffset>>,
    /// Progress reports per period, oldest first.
    pub reports: Vec<Report>,
}

/// Build the export of `plans`, each paired with its saved state.
pub fn export(plans: &[(&Plan, &PlanState)], as_of: NaiveDate, rules: &LightRules) -> TreeExport {
    TreeExport {
        as_of,
        plans: plans
            .iter()
            .map(|(plan, state)| plan_node(plan, state, as_of, rules))
            .collect(),
    }
}

fn plan_node(plan: &Plan, state: &PlanState, as_of: NaiveDate, rules: &LightRules) -> PlanNode {
    let milestone = |m: &Milestone| milestone_node(plan, state, m, as_of, rules);
    PlanNode {
        id: plan.id.clone(),
        title: plan.title.clone(),
        goals: plan.goals.iter().map(milestone).collect(),
        areas: plan
            .areas
            .iter()
            .map(|area| AreaNode {
                id: area.id.clone(),
                title: area.title.clone(),
                tasks: area
                    .tasks
                    .iter()
                    .map(|t| task_node(t, &milestone))
                    .collect(),
            })
            .collect(),
    }
}

fn task_node(task: &Task, milestone: &dyn Fn(&Milestone) -> MilestoneNode) -> TaskNode {
    TaskNode {
        id: task.id.clone(),
        title: task.title.clone(),
        text: task.text.clone(),
        lead: task.lead.clone(),
        support: task.support.clone(),
        milestones: task.milestones.iter().map(milestone).collect(),
        tasks: task.tasks.iter().map(|t| task_node(t, milestone)).collect(),
    }
}

fn milestone_node(
    plan: &Plan,
    state: &PlanState,
    m: &Milestone,
    as_of: NaiveDate,
    rules: &LightRules,
) -> MilestoneNode {
    let saved = state.get(&m.id);
    let standing = standing(m, saved, plan.span, as_of, rules);
    MilestoneNode {
        id: m.id.clone(),
        title: m.title.clone(),
        due: m.due,
        target: m.target.as_ref().map(|t| TargetNode {
            value: t.value,
            unit: t.unit.clone(),
            comparator: t.comparator.as_str(),
        }),
        status: saved.status,
        value: saved.value,
        note: saved.note.clone(),
        light: standing.light,
        overdue: standing.overdue,
        updated: saved.updated,
        reports: report::reports(saved),
    }
}
