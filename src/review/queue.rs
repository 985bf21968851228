//! Which milestones a review session walks, and in what order.
//!
//! By default the milestones not done, in document order (headline goals,
//! then area, task, milestone). `area` and `lead` narrow it (goals belong to
//! no area and no lead, so either leaves them out); `due_before` keeps those
//! due before a date; `all` includes done ones. With `stale`, the milestones
//! not changed since the last review of the same scope (or, when there was
//! none, in the last `stale` days) come first, each group in document order.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::plan::Plan;
use crate::state::{PlanState, Status};

/// What a session reviews.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// 1-based action area number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_before: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stale: Option<u32>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub all: bool,
}

/// One part of a scope as it is named: `(3) 夯实基础设施`, a lead unit, a
/// due date, stale first, all (see [`crate::i18n::review::scope`] for the
/// words in each language).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopePart<'a> {
    /// The area's number and title (`?` when the plan has no such area).
    Area(usize, &'a str),
    Lead(&'a str),
    DueBefore(NaiveDate),
    StaleFirst(u32),
    All,
}

impl Scope {
    /// `(3) 夯实基础设施 · due < 2025-07-01`…, for headers and logs, in
    /// English; the plan's title when the scope narrows nothing.
    pub fn describe(&self, plan: &Plan) -> String {
        crate::i18n::review::scope(self, plan, crate::config::Locale::En)
    }

    /// What the scope narrows, in the order it is named.
    pub fn parts<'a>(&'a self, plan: &'a Plan) -> Vec<ScopePart<'a>> {
        let mut parts = Vec::new();
        if let Some(area) = self.area {
            let title = plan
                .areas
                .get(area.wrapping_sub(1))
                .map(|a| a.title.as_str())
                .unwrap_or("?");
            parts.push(ScopePart::Area(area, title));
        }
        if let Some(lead) = &self.lead {
            parts.push(ScopePart::Lead(lead));
        }
        if let Some(date) = self.due_before {
            parts.push(ScopePart::DueBefore(date));
        }
        if let Some(days) = self.stale {
            parts.push(ScopePart::StaleFirst(days));
        }
        if self.all {
            parts.push(ScopePart::All);
        }
        parts
    }

    /// Same milestones asked for (ordering options aside)?
    pub fn same_selection(&self, other: &Scope) -> bool {
        self.area == other.area
            && self.lead == other.lead
            && self.due_before == other.due_before
            && self.all == other.all
    }
}

/// Problems with a scope, said before anything starts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScopeError {
    #[error("plan `{plan}` has areas 1 to {count}; there is no area {area}")]
    NoSuchArea {
        plan: String,
        area: usize,
        count: usize,
    },
    #[error("no task of plan `{plan}` is led by `{lead}`; lead units are: {}", known.join(", "))]
    NoSuchLead {
        plan: String,
        lead: String,
        known: Vec<String>,
    },
}

/// Check a scope against a plan.
pub fn check(plan: &Plan, scope: &Scope) -> Result<(), ScopeError> {
    if let Some(area) = scope.area
        && (area == 0 || area > plan.areas.len())
    {
        return Err(ScopeError::NoSuchArea {
            plan: plan.id.clone(),
            area,
            count: plan.areas.len(),
        });
    }
    if let Some(lead) = &scope.lead {
        let mut known: Vec<String> = plan
            .areas
            .iter()
            .flat_map(|a| a.all_tasks())
            .flat_map(|t| t.lead.iter().cloned())
            .collect();
        known.sort();
        known.dedup();
        if !known.contains(lead) {
            return Err(ScopeError::NoSuchLead {
                plan: plan.id.clone(),
                lead: lead.clone(),
                known,
            });
        }
    }
    Ok(())
}

/// The queue: milestone ids in the order they are reviewed. `last_review`
/// is when the last session of the same selection started, if any.
pub fn build(
    plan: &Plan,
    state: &PlanState,
    scope: &Scope,
    now: DateTime<FixedOffset>,
    last_review: Option<DateTime<FixedOffset>>,
) -> Vec<String> {
    let selected: Vec<String> = plan
        .milestones()
        .filter(|m| {
            let area_ok = match (scope.area, m.area) {
                (None, _) => true,
                (Some(n), Some(area)) => plan.areas.get(n - 1).is_some_and(|a| a.id == area.id),
                (Some(_), None) => false,
            };
            let lead_ok = scope
                .lead
                .as_ref()
                .is_none_or(|lead| m.lead().contains(lead));
            let due_ok = scope
                .due_before
                .is_none_or(|date| m.milestone.due.is_some_and(|due| due < date));
            let status_ok = scope.all || state.get(&m.milestone.id).status != Status::Done;
            area_ok && lead_ok && due_ok && status_ok
        })
        .map(|m| m.milestone.id.clone())
        .collect();
    let Some(days) = scope.stale else {
        return selected;
    };
    // `--stale 100000000` reaches back before any date chrono can hold:
    // then every change is newer than the start, and only the untouched
    // milestones count as stale
    let since = last_review.unwrap_or_else(|| {
        Duration::try_days(i64::from(days))
            .and_then(|back| now.checked_sub_signed(back))
            .unwrap_or(DateTime::<chrono::Utc>::MIN_UTC.fixed_offset())
    });
    let is_stale = |id: &String| state.get(id).updated.is_none_or(|at| at < since);
    let (stale, fresh): (Vec<String>, Vec<String>) = selected.into_iter().partition(is_stale);
    stale.into_iter().chain(fresh).collect()
}
