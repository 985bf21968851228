//! The province view: one row per plan (or per lead unit across plans),
//! ranked, with the totals of them all and the milestones that need
//! attention across every plan, most overdue first and capped. Built from
//! digests (`plan::digest`, `state::digest`), not from whole plans, so that
//! a roll-up over a province's 136 plans decodes no task text; the numbers
//! are those of each plan's own summary (`report::summary`), by the same
//! standing rules (tested).
//!
//! Decisions:
//! - `percent` ranks the least done first, `red` and `overdue` the most
//!   first, `id` by id (unit name for lead rows); ties go by id.
//! - A milestone counts once for each of its lead units, as in a plan's
//!   lead rows; a lead row says in how many plans the unit leads something;
//!   [`NO_LEAD`] comes last whatever the sort.
//! - The attention list is every overdue or red milestone (only overdue
//!   with `overdue_only`) of every plan, most overdue first (earliest due
//!   date; none last), then by plan id and document order; `limit` keeps
//!   the first N and `attention_total` says how many there were.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::summary::{Attention, GOALS_TITLE, NO_LEAD};
use crate::plan::digest::PlanDigest;
use crate::state::digest::StateDigest;
use crate::state::{Light, Standing, Totals, standing};

/// How rows are ranked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    #[default]
    Percent,
    Red,
    Overdue,
    Id,
}

impl SortBy {
    pub const ALL: [SortBy; 4] = [Self::Percent, Self::Red, Self::Overdue, Self::Id];

    /// What the ranking is called in the output: 按完成率 …
    pub fn zh(self) -> &'static str {
        match self {
            Self::Percent => "按完成率（低者在前）",
            Self::Red => "按红灯数（多者在前）",
            Self::Overdue => "按逾期数（多者在前）",
            Self::Id => "按编号",
        }
    }
}

/// What a row is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RollupBy {
    #[default]
    Plan,
    Lead,
}

#[derive(Debug, Clone, Default)]
pub struct RollupOptions {
    pub by: RollupBy,
    pub sort: SortBy,
    /// At most this many attention items (`None`: all).
    pub limit: Option<usize>,
    /// Only plans (units) with something overdue; only overdue listed.
    pub overdue_only: bool,
    /// The light rules of the settings, as every summary uses them.
    pub rules: crate::state::LightRules,
}

#[derive(Debug, Clone, Serialize)]
pub struct Rollup {
    pub as_of: NaiveDate,
    pub by: RollupBy,
    pub sort: SortBy,
    #[serde(skip)]
    pub overdue_only: bool,
    /// How many plans are rolled up (also those `overdue_only` leaves out).
    pub plan_count: usize,
    /// Every plan's milestones together.
    pub totals: Totals,
    pub light: Light,
    /// One row per plan, ranked.
    pub plans: Vec<PlanRow>,
    /// With `by` lead: one row per lead unit across the plans, ranked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leads: Option<Vec<UnitRow>>,
    /// How many milestones need attention in all.
    pub attention_total: usize,
    /// The first of them (see the module's decisions).
    pub attention: Vec<PlanAttention>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanRow {
    pub id: String,
    pub title: String,
    pub totals: Totals,
    pub light: Light,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub unit: String,
    /// In how many plans the unit leads a milestone.
    pub plans: usize,
    pub totals: Totals,
    pub light: Light,
}

/// A milestone that needs attention, and the plan it is in.
#[derive(Debug, Clone, Serialize)]
pub struct PlanAttention {
    pub plan: String,
    #[serde(flatten)]
    pub item: Attention,
}

/// What one plan contributes: its totals, its units' totals, and its
/// attention candidates (milestone index, standing).
struct PlanPart {
    totals: Totals,
    units: Vec<(u32, Totals)>,
    attention: Vec<(usize, Standing)>,
}

/// The roll-up of `plans`, each a plan's digest with its state's.
pub fn rollup(
    plans: &[(&PlanDigest, &StateDigest)],
    as_of: NaiveDate,
    options: &RollupOptions,
) -> Rollup {
    let parts = crate::par::map(plans, |(plan, state)| part(plan, state, as_of, options));
    let mut totals = Totals::default();
    let mut rows = Vec::with_capacity(plans.len());
    for ((plan, _), part) in plans.iter().zip(&parts) {
        totals.merge(&part.totals);
        if options.overdue_only && part.totals.overdue == 0 {
            continue;
        }
        rows.push(PlanRow {
            id: plan.id.clone(),
            title: plan.title.clone(),
            totals: part.totals,
            light: part.totals.light(),
        });
    }
    rank(&mut rows, options.sort, |r| (&r.id, &r.totals));
    let leads = (options.by == RollupBy::Lead).then(|| unit_rows(plans, &parts, options));
    let (attention_total, attention) = attention(plans, &parts, as_of, options.limit);
    Rollup {
        as_of,
        by: options.by,
        sort: options.sort,
        overdue_only: options.overdue_only,
        plan_count: plans.len(),
        light: totals.light(),
        totals,
        plans: rows,
        leads,
        attention_total,
        attention,
    }
}

fn part(
    plan: &PlanDigest,
    state: &StateDigest,
    as_of: NaiveDate,
    options: &RollupOptions,
) -> PlanPart {
    let span = plan.span();
    let mut totals = Totals::default();
    let mut units: Vec<Totals> = vec![Totals::default(); plan.units.len() + 1];
    let mut attention = Vec::new();
    for (index, milestone) in plan.milestones.iter().enumerate() {
        let saved = state.get(&milestone.id);
        let standing = standing(
            &milestone.as_milestone(),
            &saved,
            span,
            as_of,
            &options.rules,
        );
        totals.add(&standing);
        if options.by == RollupBy::Lead {
            if milestone.lead.is_empty() {
                units[plan.units.len()].add(&standing); // NO_LEAD
            }
            for &unit in &milestone.lead {
                units[unit as usize].add(&standing);
            }
        }
        let needs = if options.overdue_only {
            standing.overdue
        } else {
            standing.overdue || standing.light == Light::Red
        };
        if needs {
            attention.push((index, standing));
        }
    }
    let units = units
        .into_iter()
        .enumerate()
        .filter(|(_, t)| t.milestones > 0)
        .map(|(i, t)| (i as u32, t))
        .collect();
    PlanPart {
        totals,
        units,
        attention,
    }
}

/// Lead rows across plans, by unit name.
fn unit_rows(
    plans: &[(&PlanDigest, &StateDigest)],
    parts: &[PlanPart],
    options: &RollupOptions,
) -> Vec<UnitRow> {
    let mut rows: Vec<UnitRow> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for ((plan, _), part) in plans.iter().zip(parts) {
        for (unit, totals) in &part.units {
            let name = plan
                .units
                .get(*unit as usize)
                .map_or(NO_LEAD, String::as_str);
            let at = *index.entry(name).or_insert_with(|| {
                rows.push(UnitRow {
                    unit: name.to_string(),
                    plans: 0,
                    totals: Totals::default(),
                    light: Light::Blue,
                });
                rows.len() - 1
            });
            rows[at].plans += 1;
            rows[at].totals.merge(totals);
        }
    }
    for row in &mut rows {
        row.light = row.totals.light();
    }
    if options.overdue_only {
        rows.retain(|r| r.totals.overdue > 0);
    }
    rank(&mut rows, options.sort, |r| (&r.unit, &r.totals));
    // units without a name for themselves go last, whatever the sort
    if let Some(at) = rows.iter().position(|r| r.unit == NO_LEAD) {
        let none = rows.remove(at);
        rows.push(none);
    }
    rows
}

/// Sort `rows` by `sort`, ties by key.
fn rank<R>(rows: &mut [R], sort: SortBy, key: impl Fn(&R) -> (&String, &Totals)) {
    rows.sort_by(|a, b| {
        let ((ka, ta), (kb, tb)) = (key(a), key(b));
        let order = match sort {
            SortBy::Percent => ta.percent.total_cmp(&tb.percent),
            SortBy::Red => tb.red.cmp(&ta.red),
            SortBy::Overdue => tb.overdue.cmp(&ta.overdue),
            SortBy::Id => std::cmp::Ordering::Equal,
        };
        order.then_with(|| ka.cmp(kb))
    });
}

/// How many need attention, and the first `limit` of them in full.
fn attention(
    plans: &[(&PlanDigest, &StateDigest)],
    parts: &[PlanPart],
    as_of: NaiveDate,
    limit: Option<usize>,
) -> (usize, Vec<PlanAttention>) {
    // light candidates first (plan, milestone): ordered, cut, then made whole
    let mut found: Vec<(usize, usize, Standing)> = parts
        .iter()
        .enumerate()
        .flat_map(|(p, part)| part.attention.iter().map(move |(m, s)| (p, *m, *s)))
        .collect();
    let due = |p: usize, m: usize| plans[p].0.milestones[m].due;
    // plan order (by id) and document order break ties; only the first
    // `limit` need be in order
    let key = |&(p, m, _): &(usize, usize, Standing)| (due(p, m).is_none(), due(p, m), p, m);
    let total = found.len();
    let keep = limit.unwrap_or(usize::MAX).min(total);
    if keep > 0 && keep < total {
        found.select_nth_unstable_by_key(keep - 1, key);
    }
    found.truncate(keep);
    found.sort_unstable_by_key(key);
    let items = found
        .into_iter()
        .map(|(p, m, standing)| {
            let plan = plans[p].0;
            let milestone = &plan.milestones[m];
            let due = milestone.due.map(crate::plan::digest::date);
            PlanAttention {
                plan: plan.id.clone(),
                item: Attention {
                    id: milestone.id.clone(),
                    title: milestone.title.clone(),
                    area: milestone
                        .area
                        .and_then(|a| plan.areas.get(a as usize))
                        .map_or(GOALS_TITLE.to_string(), Clone::clone),
                    due,
                    lead: milestone
                        .lead
                        .iter()
                        .filter_map(|&u| plan.units.get(u as usize).cloned())
                        .collect(),
                    status: standing.status,
                    light: standing.light,
                    overdue: standing.overdue,
                    days_overdue: match due {
                        Some(due) if standing.overdue => (as_of - due).num_days(),
                        _ => 0,
                    },
                },
            }
        })
        .collect();
    (total, items)
}

#[cfg(test)]
#[path = "rollup_tests.rs"]
mod tests;
