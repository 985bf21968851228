//! The plan picker (`P`, and at start-up when no plan is remembered): the
//! province roll-up of `summary` (`report::rollup`), one line per plan with
//! its percent, light, overdue and red counts, ranked; the next-pane key
//! (Tab) changes the ranking, Enter or a digit opens the plan.

use std::collections::HashMap;

use super::action::Action;
use super::app::{App, Chooser, ChooserPurpose};
use crate::cache::states::load_digests;
use crate::plan::digest::PlanDigest;
use crate::report::rollup::{RollupOptions, SortBy, rollup};
use crate::state::digest::StateDigest;

/// What the roll-up needs of each plan's saved state, `None` for a state
/// that does not load. Through the cache when the app has one: at a
/// province's scale, parsing every state again each time the picker
/// opens is most of a second; the current plan's is the app's own.
fn saved_digests(app: &App) -> Vec<Option<StateDigest>> {
    let (store, current) = (&app.store, &app.plan().id);
    let ids: Vec<&str> = app.plans.iter().map(|p| p.id.as_str()).collect();
    let mut states: Vec<Option<StateDigest>> = match load_digests(store, &ids, app.cache.as_deref())
    {
        Ok(all) => all.into_iter().map(Some).collect(),
        // one state does not load: the others each on its own
        Err(_) => crate::par::map(&app.plans, |plan| {
            store.load(&plan.id).ok().map(|s| StateDigest::of(&s))
        }),
    };
    if let Some(at) = ids.iter().position(|id| id == current) {
        states[at] = Some(StateDigest::of(&app.state));
    }
    states
}

/// Every plan with its roll-up figures, ranked by `sort`, the current plan
/// selected. A plan whose state cannot be read is listed last with `?`
/// (the error comes on opening it).
pub fn plan_picker_sorted(app: &App, sort: SortBy) -> Chooser {
    let states = saved_digests(app);
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
