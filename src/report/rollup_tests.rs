//! The roll-up against the per-plan summaries it must agree with.

use super::*;
use crate::plan::Plan;
use crate::plan::synthetic::{Shape, county_plan, year_of_history};
use crate::report::summary::{GroupBy, Options, Summary, summarize};
use crate::state::PlanState;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

/// Eight small county plans with a year of history, and the shipped plans
/// with none.
fn province() -> Vec<(Plan, PlanState)> {
    let shape = Shape {
        areas: 3,
        tasks_per_area: 4,
        milestones_per_task: 2,
    };
    let mut plans: Vec<(Plan, PlanState)> = (0..8)
        .map(|i| {
            let plan = county_plan(i, shape, 3);
            let state = year_of_history(&plan, i as u64);
            (plan, state)
        })
        .collect();
    for loaded in crate::plan::Catalog::embedded().unwrap().plans {
        let state = PlanState::new(&loaded.plan.id);
        plans.push((loaded.plan, state));
    }
    plans.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    plans
}

fn digests(plans: &[(Plan, PlanState)]) -> Vec<(PlanDigest, StateDigest)> {
    plans
        .iter()
        .map(|(p, s)| (PlanDigest::of(p), StateDigest::of(s)))
        .collect()
}

fn roll(digests: &[(PlanDigest, StateDigest)], options: &RollupOptions) -> Rollup {
    let pairs: Vec<(&PlanDigest, &StateDigest)> = digests.iter().map(|(p, s)| (p, s)).collect();
    rollup(&pairs, as_of(), options)
}

#[test]
fn the_numbers_are_the_per_plan_summaries() {
    let plans = province();
    let pairs: Vec<(&Plan, &PlanState)> = plans.iter().map(|(p, s)| (p, s)).collect();
    let by_lead = Options {
        by: GroupBy::Lead,
        ..Options::default()
    };
    let each = summarize(&pairs, as_of(), &by_lead);
    let options = RollupOptions {
        by: RollupBy::Lead,
        sort: SortBy::Id,
        limit: None,
        overdue_only: false,
        rules: Default::default(),
    };
    let all = roll(&digests(&plans), &options);
    assert_eq!(all.plans.len(), plans.len());
    let mut sum = Totals::default();
    for (row, plan) in all.plans.iter().zip(&each.plans) {
        assert_eq!(row.id, plan.id);
        assert_eq!(row.title, plan.title);
        assert_eq!(row.totals, plan.totals, "{}", plan.id);
        assert_eq!(row.light, plan.totals.light());
        sum.merge(&plan.totals);
    }
    assert_eq!(all.totals, sum);
    assert!(
        all.totals.overdue > 0 && all.totals.red > 0,
        "something to show"
    );

    assert_attention_is_each_plans(&all, &each);
    assert_lead_rows_sum_the_plans(&all, &each);
}

/// Every plan's attention items, in the same order within a plan.
fn assert_attention_is_each_plans(all: &Rollup, each: &Summary) {
    let expected: usize = each.plans.iter().map(|p| p.attention.len()).sum();
    assert_eq!(all.attention_total, expected);
    assert_eq!(all.attention.len(), expected, "no limit");
    for plan in &each.plans {
        let ours: Vec<(&str, i64, Light)> = all
            .attention
            .iter()
            .filter(|a| a.plan == plan.id)
            .map(|a| (a.item.id.as_str(), a.item.days_overdue, a.item.light))
            .collect();
        let theirs: Vec<(&str, i64, Light)> = plan
            .attention
            .iter()
            .map(|a| (a.id.as_str(), a.days_overdue, a.light))
            .collect();
        assert_eq!(ours, theirs, "{}", plan.id);
        for (a, b) in all
            .attention
            .iter()
            .filter(|a| a.plan == plan.id)
            .zip(&plan.attention)
        {
            assert_eq!(
                (
                    &a.item.title,
                    &a.item.area,
                    a.item.due,
                    &a.item.lead,
                    a.item.status
                ),
                (&b.title, &b.area, b.due, &b.lead, b.status)
            );
        }
    }
}

/// Lead rows: each unit's totals over the plans' own lead rows, by name,
/// the unit without one last.
fn assert_lead_rows_sum_the_plans(all: &Rollup, each: &Summary) {
    let mut units: HashMap<&str, (usize, Totals)> = HashMap::new();
    for plan in &each.plans {
        for lead in &plan.leads {
            let entry = units.entry(&lead.unit).or_default();
            entry.0 += 1;
            entry.1.merge(&lead.totals);
        }
    }
    let leads = all.leads.as_ref().unwrap();
    assert_eq!(leads.len(), units.len());
    for row in leads {
        let (plans, totals) = units[row.unit.as_str()];
        assert_eq!((row.plans, row.totals), (plans, totals), "{}", row.unit);
    }
    // by name, the unit without one last
    let names: Vec<&str> = leads.iter().map(|r| r.unit.as_str()).collect();
    let mut sorted = names.clone();
    sorted.retain(|n| *n != NO_LEAD);
    sorted.sort();
    if names.contains(&NO_LEAD) {
        sorted.push(NO_LEAD);
    }
    assert_eq!(names, sorted);
}

#[test]
fn the_attention_list_is_capped_most_overdue_first() {
    let digests = digests(&province());
    let all = roll(&digests, &RollupOptions::default());
    let capped = roll(
        &digests,
        &RollupOptions {
            limit: Some(5),
            ..RollupOptions::default()
        },
    );
    assert!(all.attention_total > 5);
    assert_eq!(capped.attention_total, all.attention_total);
    assert_eq!(capped.attention.len(), 5);
    let key = |a: &PlanAttention| (a.plan.clone(), a.item.id.clone());
    let first: Vec<_> = all.attention.iter().take(5).map(key).collect();
    assert_eq!(capped.attention.iter().map(key).collect::<Vec<_>>(), first);
    // most overdue first; those without a due date last
    let days: Vec<(bool, Option<NaiveDate>)> = all
        .attention
        .iter()
        .map(|a| (a.item.due.is_none(), a.item.due))
        .collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "{days:?}");
    assert!(all.attention[0].item.days_overdue >= all.attention[4].item.days_overdue);

    // only overdue: plans with none drop out, the totals stay whole
    let overdue = roll(
        &digests,
        &RollupOptions {
            overdue_only: true,
            ..RollupOptions::default()
        },
    );
    assert_eq!(overdue.totals, all.totals);
    assert!(overdue.plans.iter().all(|p| p.totals.overdue > 0));
    assert!(
        overdue.plans.len() < all.plans.len(),
        "shipped plans have none"
    );
    assert!(overdue.attention.iter().all(|a| a.item.overdue));
    assert_eq!(overdue.attention_total, all.totals.overdue);
}

#[test]
fn rows_rank_by_the_sort_asked_ties_by_id() {
    let digests = digests(&province());
    let rows = |sort| {
        roll(
            &digests,
            &RollupOptions {
                sort,
                ..RollupOptions::default()
            },
        )
        .plans
    };
    let percent = rows(SortBy::Percent);
    assert!(
        percent
            .windows(2)
            .all(|w| w[0].totals.percent < w[1].totals.percent
                || (w[0].totals.percent == w[1].totals.percent && w[0].id < w[1].id))
    );
    let red = rows(SortBy::Red);
    assert!(red.windows(2).all(|w| w[0].totals.red > w[1].totals.red
        || (w[0].totals.red == w[1].totals.red && w[0].id < w[1].id)));
    let overdue = rows(SortBy::Overdue);
    assert!(
        overdue
            .windows(2)
            .all(|w| w[0].totals.overdue >= w[1].totals.overdue)
    );
    assert!(overdue[0].totals.overdue > overdue.last().unwrap().totals.overdue);
    let by_id: Vec<String> = rows(SortBy::Id).into_iter().map(|r| r.id).collect();
    let mut sorted = by_id.clone();
    sorted.sort();
    assert_eq!(by_id, sorted);
    let by_percent: Vec<String> = percent.into_iter().map(|r| r.id).collect();
    assert_ne!(by_percent, by_id, "the sort changes the order");
}

#[test]
fn the_light_rules_of_the_settings_judge_the_roll_up_too() {
    let plans = province();
    let digests = digests(&plans);
    let lenient = roll(&digests, &RollupOptions::default());
    let strict = roll(
        &digests,
        &RollupOptions {
            rules: crate::state::LightRules {
                yellow_behind: 1.0,
                red_behind: 2.0,
                warn_days: 0,
            },
            sort: SortBy::Id,
            ..RollupOptions::default()
        },
    );
    assert!(
        strict.totals.red > lenient.totals.red,
        "{} red with 1/2 points against {} with the defaults",
        strict.totals.red,
        lenient.totals.red
    );
    // and as each plan's own summary judges with those rules
    let pairs: Vec<(&Plan, &PlanState)> = plans.iter().map(|(p, s)| (p, s)).collect();
    let each = summarize(
        &pairs,
        as_of(),
        &Options {
            rules: crate::state::LightRules {
                yellow_behind: 1.0,
                red_behind: 2.0,
                warn_days: 0,
            },
            ..Options::default()
        },
    );
    for (row, plan) in strict.plans.iter().zip(&each.plans) {
        assert_eq!(row.totals, plan.totals, "{}", plan.id);
    }
}
