//! The plan picker (`P`, and at start-up when no plan is remembered): the
//! province roll-up of `summary` (`report::rollup`), one line per plan with
//! its percent, light, overdue and red counts, ranked; the next-pane key
//! (Tab) changes the ranking, Enter or a digit opens the plan.

use std::collections::HashMap;

use super::action::Action;
use super::app::{App, Chooser, ChooserPurpose};
use crate::plan::digest::PlanDigest;
use crate::report::rollup::{RollupOptions, SortBy, rollup};
use crate::state::digest::StateDigest;

/// Every plan with its roll-up figures, ranked by `sort`, the current plan
/// selected. A plan whose state cannot be read is listed last with `?`
/// (the error comes on opening it).
pub fn plan_picker_sorted(app: &App, sort: SortBy) -> Chooser {
    let (store, current, state) = (&app.store, &app.plan().id, &app.state);
    let states: Vec<Option<StateDigest>> = crate::par::map(&app.plans, |plan| {
        if &plan.id == current {
            Some(StateDigest::of(state))
        } else {
            store.load(&plan.id).ok().map(|s| StateDigest::of(&s))
        }
    });
    let digests: Vec<PlanDigest> = app.plans.iter().map(PlanDigest::of).collect();
    let pairs: Vec<(&PlanDigest, &StateDigest)> = digests
        .iter()
        .zip(&states)
        .filter_map(|(d, s)| Some((d, s.as_ref()?)))
        .collect();
    let options = RollupOptions {
        sort,
        limit: Some(0),
        rules: app.rules,
        ..RollupOptions::default()
    };
    let ranked = rollup(&pairs, app.as_of, &options);
    let index: HashMap<&str, usize> = app
        .plans
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let labels = app.labels;
    let mut order = Vec::with_capacity(app.plans.len());
    let mut items = Vec::with_capacity(app.plans.len());
    for row in &ranked.plans {
        order.push(index[row.id.as_str()]);
        let t = &row.totals;
        items.push(format!(
            "{:>5.1}%  {}  {} {:>3}  {} {:>3}  {}  {}",
            t.percent,
            labels.light(row.light),
            labels.overdue(),
            t.overdue,
            labels.light(crate::state::Light::Red),
            t.red,
            row.id,
            row.title
        ));
    }
    for (i, plan) in app.plans.iter().enumerate() {
        if states[i].is_none() {
            order.push(i);
            items.push(format!("  ?         {}  {}", plan.id, plan.title));
        }
    }
    let selected = order.iter().position(|&i| i == app.plan_index).unwrap_or(0);
    Chooser::new(ChooserPurpose::Plan { order, sort }, items, selected)
}

/// The picker ranked by percent (the least done first).
pub fn plan_picker(app: &App) -> Chooser {
    plan_picker_sorted(app, SortBy::Percent)
}

/// The ranking after `sort`, in the order of [`SortBy::ALL`].
pub fn next_sort(sort: SortBy) -> SortBy {
    let at = SortBy::ALL.iter().position(|&s| s == sort).unwrap_or(0);
    SortBy::ALL[(at + 1) % SortBy::ALL.len()]
}

/// What the picker's title says: which ranking, and the key for the next.
pub fn title(app: &App, sort: SortBy) -> String {
    let keys = app.keymap.keys_for(Action::NextPane);
    format!(
        "{}  {}  [{keys}]",
        app.labels.choose_plan(),
        app.labels.sort_name(sort)
    )
}
