//! `mark`, `note`, `log`, `undo`: recording progress from the command line.
//! Every argument is checked before anything is written; a wrong one is a
//! one-line error naming what was wrong and what is allowed.

use std::process::ExitCode;

use chrono::{Local, NaiveDate};

use super::{CliError, Context};
use crate::config::Locale;
use crate::plan::{Plan, quantity};
use crate::report::text::pad;
use crate::safe_text::escape;
use crate::state::format::parse_value;
use crate::state::store::now;
use crate::state::{Change, Edit, Field, PlanState, Set, StateError, Status, Store, orphans};
use crate::yaml::Locator;

/// `taizhang mark PLAN MILESTONE STATUS [--value N] [--note TEXT]`
pub fn mark(
    context: &Context,
    plan_id: &str,
    milestone: &str,
    status: &str,
    value: Option<&str>,
    note: Option<&str>,
) -> Result<ExitCode, CliError> {
    let catalog = context.catalog_for(&[plan_id])?;
    let plan = catalog.get(plan_id)?;
    let locale = context.config.locale();
    let status: Status = status
        .parse()
        .map_err(|_| CliError::Message(crate::i18n::unknown_status(status, locale)))?;
    let milestone = &milestone_id(plan, milestone);
    let target = plan
        .find_milestone(milestone)
        .and_then(|m| m.milestone.target.as_ref());
    let value = match (value, target) {
        (None, _) => None,
        // as targets are written: 1.2万, 12000, 1.2 or 65% of the target
        (Some(text), Some(target)) => Some(
            quantity::parse_value(text, target)
                .map_err(|e| CliError::Message(e.message(locale)))?,
        ),
        // no numeric target: the store says so, once the number is one
        (Some(text), None) => Some(parse_value(text).map_err(CliError::Message)?),
    };
    let mut edits = vec![Edit::new(milestone, Set::Status(status)).with_remark(note)];
    if let Some(value) = value {
        edits.push(Edit::new(milestone, Set::Value(Some(value))).with_remark(note));
    }
    if let Some(note) = note {
        edits.push(Edit::new(milestone, Set::Note(Some(note.to_string()))));
    }
    record(context, plan, &edits)
}

/// `taizhang note PLAN MILESTONE TEXT` (empty TEXT clears the note)
pub fn note(
    context: &Context,
    plan_id: &str,
    milestone: &str,
    text: &str,
) -> Result<ExitCode, CliError> {
    let catalog = context.catalog_for(&[plan_id])?;
    let plan = catalog.get(plan_id)?;
    let milestone = &milestone_id(plan, milestone);
    let edits = [Edit::new(milestone, Set::Note(Some(text.to_string())))];
    record(context, plan, &edits)
}

/// The id of the milestone `text` names, in any case (`T9.M2` is `t9.m2`);
/// as typed when the plan has none, for the store to report with the
/// nearest ids.
fn milestone_id(plan: &Plan, text: &str) -> String {
    plan.resolve_milestone(text)
        .map(|m| m.milestone.id.clone())
        .unwrap_or_else(|| text.trim().to_string())
}

fn record(context: &Context, plan: &Plan, edits: &[Edit]) -> Result<ExitCode, CliError> {
    let who = context.config.reviewer_name();
    let (_, changes) = context.store().apply(plan, edits, &who, None, now())?;
    let locale = context.config.locale();
    if changes.is_empty() {
        let already = match locale {
            Locale::Zh => "已是如此，未记录",
            Locale::En => "already so; nothing recorded",
        };
        outln!("{}/{}: {already}", plan.id, edits[0].milestone);
    }
    for change in &changes {
        let text = describe(change, locale);
        outln!("{}/{}: {text}", plan.id, edits[0].milestone);
    }
    Ok(ExitCode::SUCCESS)
}

/// `taizhang undo PLAN`
pub fn undo(context: &Context, plan_id: &str) -> Result<ExitCode, CliError> {
    let catalog = context.catalog_for(&[plan_id])?;
    let plan = catalog.get(plan_id)?;
    let who = context.config.reviewer_name();
    let (_, reverts) = context.store().undo(&plan.id, &who, None, now())?;
    let locale = context.config.locale();
    let undone = match locale {
        Locale::Zh => "已撤销",
        Locale::En => "undone",
    };
    for (milestone, change) in &reverts {
        let text = describe(change, locale);
        outln!("{}/{milestone}: {undone}: {text}", plan.id);
    }
    Ok(ExitCode::SUCCESS)
}

/// `taizhang log PLAN [MILESTONE] [--since DATE]`: one line per change,
/// newest first; state the plan no longer has is reported at the end.
pub fn log(
    context: &Context,
    plan_id: &str,
    milestone: Option<&str>,
    since: Option<&str>,
) -> Result<ExitCode, CliError> {
    let catalog = context.catalog_for(&[plan_id])?;
    let plan = catalog.get(plan_id)?;
    let since: Option<NaiveDate> = since
        .map(crate::plan::model::parse_date)
        .transpose()
        .map_err(CliError::Message)?;
    let store = context.store();
    let (state, text) = store.load_text(&plan.id)?;
    let milestone = milestone.map(|m| milestone_id(plan, m));
    let milestone = milestone.as_deref();
    if let Some(id) = milestone
        && plan.find_milestone(id).is_none()
        && !state.milestones.contains_key(id)
    {
        return Err(StateError::UnknownMilestone {
            plan: plan.id.clone(),
            id: id.to_string(),
            nearest: plan.nearest_milestone_ids(id),
        }
        .into());
    }
    let mut entries: Vec<(&str, &Change)> = state
        .milestones
        .iter()
        .filter(|(id, _)| milestone.is_none_or(|m| m == id.as_str()))
        .flat_map(|(id, m)| m.history.iter().map(move |c| (id.as_str(), c)))
        .filter(|(_, c)| since.is_none_or(|d| c.at.with_timezone(&Local).date_naive() >= d))
        .collect();
    entries.sort_by(|a, b| (b.1.at, &b.1.id).cmp(&(a.1.at, &a.1.id)));
    // names and ids come from the state file: a newline or a terminal
    // escape in one is shown escaped, so no line of the log can be forged
    let who_width = entries
        .iter()
        .map(|(_, c)| width(&escape(&c.by)))
        .max()
        .unwrap_or(0);
    let id_width = entries
        .iter()
        .map(|(id, _)| width(&escape(id)))
        .max()
        .unwrap_or(0);
    for (id, change) in &entries {
        let time = change.at.with_timezone(&Local).format("%Y-%m-%d %H:%M");
        outln!(
            "{time}  {}  {}  {}",
            pad(&escape(&change.by), who_width, false),
            pad(&escape(id), id_width, false),
            describe(change, context.config.locale())
        );
    }
    if entries.is_empty() {
        match context.config.locale() {
            Locale::Zh => eprintln!("没有变更记录"),
            Locale::En => eprintln!("no changes recorded"),
        }
    }
    let path = store.path(&plan.id).display().to_string();
    let locale = context.config.locale();
    for warning in orphan_warnings(&path, text.as_deref(), &state, plan, locale) {
        outln!("{}", crate::i18n::cli::warning(&warning, locale));
    }
    Ok(ExitCode::SUCCESS)
}

/// `FILE:LINE:COL: state for milestone `x` which plan `p` no longer has
/// (kept)`, one per milestone the state has and the plan lacks.
pub fn orphan_warnings(
    path: &str,
    text: Option<&str>,
    state: &PlanState,
    plan: &Plan,
    locale: Locale,
) -> Vec<String> {
    let ids = orphans(state, plan);
    if ids.is_empty() {
        return Vec::new();
    }
    let locator = Locator::new(text.unwrap_or_default());
    ids.iter()
        .map(|id| {
            let (line, column) = locator
                .find_key(&format!("milestones.{id}"))
                .unwrap_or((1, 1));
            let (id, plan) = (escape(id), &plan.id);
            match locale {
                Locale::Zh => format!(
                    "{path}:{line}:{column}: 计划 `{plan}` 已没有里程碑 `{id}`，它的状态予以保留"
                ),
                Locale::En => format!(
                    "{path}:{line}:{column}: state for milestone `{id}` which plan `{plan}` no longer has (kept)"
                ),
            }
        })
        .collect()
}

/// `status  todo -> done  (note)`; under a Chinese locale the one
/// description of [`crate::i18n::describe_change`] (`状态 未启动 -> 已完成`).
fn describe(change: &Change, locale: Locale) -> String {
    if locale == Locale::Zh {
        let mut text = crate::i18n::describe_change(change, locale);
        if let Some(note) = &change.note {
            text.push_str("  ");
            text.push_str(&one_line(note));
        }
        return text;
    }
    let show = |text: &Option<String>| match (change.field, text) {
        (_, None) => "-".to_string(),
        (Field::Note | Field::Progress | Field::Problems | Field::Next, Some(t)) => {
            format!("\"{}\"", one_line(t))
        }
        (Field::Status, Some(t)) => match t.parse::<Status>() {
            Ok(status) => format!("{t}({})", status.zh()),
            Err(_) => one_line(t),
        },
        (Field::Value, Some(t)) => one_line(t),
    };
    let field = match &change.period {
        Some(period) => format!("{} {period}", change.field.as_str()),
        None => change.field.as_str().to_string(),
    };
    let mut out = format!(
        "{}  {} -> {}",
        pad(&field, 6, false),
        show(&change.from),
        show(&change.to)
    );
    if change.undoes.is_some() {
        out.push_str("  (undo)");
    }
    if let Some(note) = &change.note {
        out.push_str("  ");
        out.push_str(&one_line(note));
    }
    out
}

/// Text from the state file on one line of output, every control
/// character (newline, escape) shown escaped.
fn one_line(text: &str) -> String {
    escape(text).into_owned()
}

fn width(text: &str) -> usize {
    crate::report::text::width(text)
}

/// For `validate`: warnings about orphaned state, or the state file's
/// problem, for `plan`.
pub fn check_state(store: &Store, plan: &Plan, locale: Locale) -> Result<Vec<String>, StateError> {
    let (state, text) = store.load_text(&plan.id)?;
    let path = store.path(&plan.id).display().to_string();
    Ok(orphan_warnings(
        &path,
        text.as_deref(),
        &state,
        plan,
        locale,
    ))
}
