//! The few facts of a plan that a roll-up over many plans needs, without
//! its task texts: per milestone its id, title, area, due date, numeric
//! target and (inherited) lead units. Kept in the plan cache beside the
//! plan, so a province's roll-up decodes a few hundred kilobytes instead of
//! every plan's text.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::{Comparator, Milestone, Plan, Span, Target, Task};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanDigest {
    pub id: String,
    pub title: String,
    /// The plan's span, as days since 0001-01-01 ([`day`]).
    pub span: (i32, i32),
    /// The titles of the plan's areas, in order.
    pub areas: Vec<String>,
    /// Every lead unit named, in order of first appearance.
    pub units: Vec<String>,
    /// Every milestone in document order (goals first).
    pub milestones: Vec<MilestoneDigest>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MilestoneDigest {
    pub id: String,
    pub title: String,
    /// Index into [`PlanDigest::areas`]; `None` for a headline goal.
    pub area: Option<u32>,
    /// Days since 0001-01-01.
    pub due: Option<i32>,
    /// The target's comparator and value (its unit and upper end do not
    /// change the progress).
    pub target: Option<(Comparator, f64)>,
    /// Indices into [`PlanDigest::units`]: the task's lead units, or its
    /// parent's when it names none.
    pub lead: Vec<u32>,
}

/// A date as a day number (0001-01-01 is day 1).
pub fn day(date: NaiveDate) -> i32 {
    chrono::Datelike::num_days_from_ce(&date)
}

/// The date of a day number.
pub fn date(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(NaiveDate::MIN)
}

impl PlanDigest {
    pub fn of(plan: &Plan) -> Self {
        let mut digest = Self {
            id: plan.id.clone(),
            title: plan.title.clone(),
            span: (day(plan.span.start), day(plan.span.end)),
            areas: plan.areas.iter().map(|a| a.title.clone()).collect(),
            units: Vec::new(),
            milestones: Vec::new(),
        };
        for milestone in &plan.goals {
            digest.push(milestone, None, &[]);
        }
        for (index, area) in plan.areas.iter().enumerate() {
            for task in &area.tasks {
                digest.walk(task, index as u32, &[]);
            }
        }
        digest
    }

    fn walk(&mut self, task: &Task, area: u32, inherited: &[String]) {
        let lead = if task.lead.is_empty() {
            inherited
        } else {
            &task.lead
        };
        for milestone in &task.milestones {
            self.push(milestone, Some(area), lead);
        }
        for sub in &task.tasks {
            self.walk(sub, area, lead);
        }
    }

    fn push(&mut self, milestone: &Milestone, area: Option<u32>, lead: &[String]) {
        let lead = lead.iter().map(|unit| self.unit(unit)).collect();
        self.milestones.push(MilestoneDigest {
            id: milestone.id.clone(),
            title: milestone.title.clone(),
            area,
            due: milestone.due.map(day),
            target: milestone.target.as_ref().map(|t| (t.comparator, t.value)),
            lead,
        });
    }

    fn unit(&mut self, unit: &str) -> u32 {
        match self.units.iter().position(|u| u == unit) {
            Some(index) => index as u32,
            None => {
                self.units.push(unit.to_string());
                (self.units.len() - 1) as u32
            }
        }
    }

    pub fn span(&self) -> Span {
        Span {
            start: date(self.span.0),
            end: date(self.span.1),
        }
    }
}

impl MilestoneDigest {
    /// A milestone with what the standing rules read of it (due date and
    /// target), for [`crate::state::standing`]; no text.
    pub fn as_milestone(&self) -> Milestone {
        Milestone {
            id: String::new(),
            title: String::new(),
            due: self.due.map(date),
            target: self.target.map(|(comparator, value)| Target {
                value,
                max: None,
                unit: String::new(),
                comparator,
            }),
            quote: None,
        }
    }
}
