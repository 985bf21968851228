//! The burn-up: where a plan (or one area) stood at the end of each month,
//! from its start to the as-of date, reconstructed from the history alone.
//! A milestone's state on a day is its history up to that day replayed
//! (`state::history::replay`, the same rule that gives today's state), and
//! its standing on that day is derived as every other (`summary::entries`).

use chrono::{Datelike, Duration, NaiveDate};

use crate::plan::Plan;
use crate::report::summary;
use crate::state::derive::schedule;
use crate::state::history::replay;
use crate::state::{LightRules, MilestoneState, PlanState, Totals};

/// One point of the burn-up.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrendPoint {
    pub date: NaiveDate,
    pub milestones: usize,
    /// Milestones done on that day.
    pub done: usize,
    /// Mean progress, 0–100 (as the summary computes it).
    pub percent: f64,
    /// Mean 序时进度, 0–100: where the schedule expects the mean to be.
    pub schedule: f64,
    pub red: usize,
}

impl TrendPoint {
    /// Share of the milestones done, 0–100.
    pub fn done_percent(&self) -> f64 {
        if self.milestones == 0 {
            0.0
        } else {
            self.done as f64 * 100.0 / self.milestones as f64
        }
    }
}

/// The last day of each month from the plan's start up to (not including)
/// the month of `as_of`, then `as_of` itself.
pub fn month_ends(start: NaiveDate, as_of: NaiveDate) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    let mut month = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).expect("valid date");
    loop {
        let next = month
            .checked_add_months(chrono::Months::new(1))
            .expect("a date far from the end of time");
        let end = next - Duration::days(1);
        if end >= as_of {
            break;
        }
        days.push(end);
        month = next;
    }
    days.push(as_of);
    days
}

/// The saved state as it was at the end of `day`: each milestone's history
/// up to that day, replayed.
pub fn state_on(state: &PlanState, day: NaiveDate) -> PlanState {
    let mut past = PlanState::new(&state.plan);
    for (id, milestone) in &state.milestones {
        if milestone.history.iter().all(|c| c.at.date_naive() <= day) {
            // nothing after the day: the saved state as it is
            past.milestones.insert(id.clone(), milestone.clone());
            continue;
        }
        let history: Vec<_> = milestone
            .history
            .iter()
            .filter(|c| c.at.date_naive() <= day)
            .cloned()
            .collect();
        if history.is_empty() {
            continue;
        }
        let mut then = MilestoneState {
            history,
            ..MilestoneState::default()
        };
        replay(&mut then);
        past.milestones.insert(id.clone(), then);
    }
    past
}

/// The burn-up of `plan` (or of the area with id `area`; `summary::GOALS_ID`
/// for the headline goals): one point per month end and the as-of date.
pub fn burn_up(
    plan: &Plan,
    state: &PlanState,
    as_of: NaiveDate,
    area: Option<&str>,
    rules: &LightRules,
) -> Vec<TrendPoint> {
    month_ends(plan.span.start, as_of)
        .into_iter()
        .map(|day| {
            let past = state_on(state, day);
            let entries: Vec<_> = summary::entries(plan, &past, day, rules)
                .into_iter()
                .filter(|e| area.is_none_or(|id| e.area_id() == id))
                .collect();
            let totals: Totals = entries.iter().map(|e| e.standing).collect();
            let expected: f64 = entries
                .iter()
                .map(|e| schedule(e.milestone, plan.span, day))
                .sum();
            TrendPoint {
                date: day,
                milestones: totals.milestones,
                done: totals.done,
                percent: totals.percent,
                schedule: if entries.is_empty() {
                    0.0
                } else {
                    (expected / entries.len() as f64 * 1000.0).round() / 10.0
                },
                red: totals.red,
            }
        })
        .collect()
}
