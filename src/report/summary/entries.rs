//! The milestones of a plan one by one, each with its place in the plan
//! (area, task, inherited lead and supporting units), its saved state and
//! its standing: what the summary counts and the ledger lists line by line.

use chrono::NaiveDate;

use super::{GOALS_ID, GOALS_TITLE};
use crate::plan::{Area, Milestone, Plan, Task};
use crate::state::{LightRules, MilestoneState, PlanState, Standing, standing};

/// One milestone of a plan with where it stands in the plan and its state:
/// a line of the ledger.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// None for a headline goal.
    pub area: Option<&'a Area>,
    pub task: Option<&'a Task>,
    pub milestone: &'a Milestone,
    /// Lead units, inherited from the parent task when the task names none.
    pub lead: &'a [String],
    pub support: &'a [String],
    pub state: &'a MilestoneState,
    pub standing: Standing,
}

impl Entry<'_> {
    pub fn area_id(&self) -> &str {
        self.area.map_or(GOALS_ID, |a| a.id.as_str())
    }

    pub fn area_title(&self) -> &str {
        self.area.map_or(GOALS_TITLE, |a| a.title.as_str())
    }
}

/// Every milestone of `plan` in document order (goals first, then area by
/// area, each task followed by its sub-tasks), with its standing on `as_of`
/// under `rules`.
pub fn entries<'a>(
    plan: &'a Plan,
    state: &'a PlanState,
    as_of: NaiveDate,
    rules: &LightRules,
) -> Vec<Entry<'a>> {
    let judge = Judge { as_of, rules };
    let mut out = Vec::new();
    for milestone in &plan.goals {
        out.push(entry(plan, state, judge, None, None, milestone, &[], &[]));
    }
    for area in &plan.areas {
        for task in &area.tasks {
            walk(plan, state, judge, area, task, &[], &[], &mut out);
        }
    }
    out
}

/// The as-of date and the rules a standing is judged by.
#[derive(Clone, Copy)]
struct Judge<'r> {
    as_of: NaiveDate,
    rules: &'r LightRules,
}

#[allow(clippy::too_many_arguments)]
fn walk<'a>(
    plan: &'a Plan,
    state: &'a PlanState,
    judge: Judge<'_>,
    area: &'a Area,
    task: &'a Task,
    lead: &'a [String],
    support: &'a [String],
    out: &mut Vec<Entry<'a>>,
) {
    let lead = if task.lead.is_empty() {
        lead
    } else {
        &task.lead
    };
    let support = if task.support.is_empty() {
        support
    } else {
        &task.support
    };
    for milestone in &task.milestones {
        out.push(entry(
            plan,
            state,
            judge,
            Some(area),
            Some(task),
            milestone,
            lead,
            support,
        ));
    }
    for sub in &task.tasks {
        walk(plan, state, judge, area, sub, lead, support, out);
    }
}

#[allow(clippy::too_many_arguments)]
fn entry<'a>(
    plan: &'a Plan,
    state: &'a PlanState,
    judge: Judge<'_>,
    area: Option<&'a Area>,
    task: Option<&'a Task>,
    milestone: &'a Milestone,
    lead: &'a [String],
    support: &'a [String],
) -> Entry<'a> {
    let saved = state.get(&milestone.id);
    Entry {
        area,
        task,
        milestone,
        lead,
        support,
        state: saved,
        standing: standing(milestone, saved, plan.span, judge.as_of, judge.rules),
    }
}
