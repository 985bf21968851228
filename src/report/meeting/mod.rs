//! The meeting report (调度通报): what the office sends up after a review.
//! One model per plan, computed once from the summary (`report::summary`)
//! and the derived standings (`state::derive`), so its numbers are the
//! summary's and the export's; one renderer per format (`markdown`, `html`,
//! `docx`) and the charts (`charts`) read the model and never judge a
//! milestone themselves.
//!
//! Decisions:
//! - The headline counts milestones (任务节点): 已完成 = done; 正常推进 = not
//!   done and blue; 滞后 = yellow or red (of which 严重滞后 = red). They add up
//!   to the plan's milestones.
//! - The lead-unit scorecard counts a milestone once for each lead unit (as
//!   `summary --by lead`). Units are ranked on results only: points ahead of
//!   (or behind) their 序时进度, then the share red, then the share overdue,
//!   then the share done on time, then the name. Nothing about use of the
//!   tool (changes, notes, logins) enters.
//! - "Done on time": done, with the change that made it done dated on or
//!   before its due date (no due date, or no recorded change: on time).
//! - The trend is computed from the history alone (see [`trend`]).

pub mod charts;
pub mod docx;
pub mod html;
pub mod markdown;
pub mod tables;
pub mod trend;

use chrono::{Datelike, NaiveDate};

use super::summary::{self, Entry, GOALS_TITLE, Moved, NO_LEAD, Options, PlanSummary};
use crate::plan::Plan;
use crate::state::derive::schedule;
use crate::state::{Field, Light, LightRules, PlanState, Status, Totals};
pub use trend::TrendPoint;

/// The report of one or more plans on one date.
#[derive(Debug, Clone)]
pub struct MeetingReport {
    pub as_of: NaiveDate,
    /// Changes are listed from this date on.
    pub since: NaiveDate,
    pub plans: Vec<PlanReport>,
}

/// One plan's section.
#[derive(Debug, Clone)]
pub struct PlanReport {
    pub id: String,
    pub title: String,
    /// The summary the report is built on (`taizhang summary`'s numbers).
    pub summary: PlanSummary,
    /// 序时进度 of the whole plan on the as-of date, 0–100.
    pub schedule: f64,
    pub areas: Vec<AreaLine>,
    pub scorecard: Vec<UnitScore>,
    /// Red, then yellow milestones (not done), most urgent first.
    pub flagged: Vec<Flagged>,
    /// Changes from `since` to the as-of date, oldest first.
    pub changes: Vec<Moved>,
    /// The burn-up: a point per month end from the plan's start, and the as-of date.
    pub trend: Vec<TrendPoint>,
}

/// A row of the per-area table.
#[derive(Debug, Clone)]
pub struct AreaLine {
    pub id: String,
    pub title: String,
    pub totals: Totals,
}

impl AreaLine {
    /// Not done and blue: 正常推进.
    pub fn on_schedule(&self) -> usize {
        on_schedule(&self.totals)
    }
}

/// Not done and blue.
pub fn on_schedule(totals: &Totals) -> usize {
    totals.blue.saturating_sub(totals.done)
}

/// A lead unit's results.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitScore {
    pub unit: String,
    pub milestones: usize,
    pub done: usize,
    pub done_on_time: usize,
    pub overdue: usize,
    pub red: usize,
    /// Mean progress, 0–100 (the summary's percent).
    pub percent: f64,
    /// Mean 序时进度 of its milestones, 0–100.
    pub schedule: f64,
}

impl UnitScore {
    /// Points ahead of 序时进度 (negative: behind).
    pub fn ahead(&self) -> f64 {
        self.percent - self.schedule
    }
}

/// A red or yellow milestone.
#[derive(Debug, Clone)]
pub struct Flagged {
    pub id: String,
    pub title: String,
    pub area: String,
    pub unit: String,
    pub due: Option<NaiveDate>,
    /// `35 / ≥100个`, or the status for a milestone without a numeric target.
    pub value: String,
    pub light: Light,
    /// 逾期N天 / 受阻 / 严重滞后（落后序时进度N个百分点） / 滞后… / 临期预警…
    pub why: String,
    pub note: Option<String>,
    /// The latest 进展情况/存在问题, when the lead unit has reported one.
    pub report: Option<ProgressReport>,
}

/// A lead unit's latest periodic report on a milestone (进展情况/存在问题).
#[derive(Debug, Clone, PartialEq)]
pub struct ProgressReport {
    pub period: String,
    pub progress: String,
    pub problems: String,
}

/// The latest 进展情况/存在问题 reported for `milestone` (the state's
/// per-period reports); `None` when its latest period says neither.
pub fn latest_progress_report(
    _plan: &Plan,
    state: &PlanState,
    milestone: &str,
) -> Option<ProgressReport> {
    let report = crate::state::latest_report(state, milestone)?;
    if report.progress.is_none() && report.problems.is_none() {
        return None;
    }
    let part = |text: Option<String>| text.unwrap_or_else(|| "无".to_string());
    Some(ProgressReport {
        period: report.period,
        progress: part(report.progress),
        problems: part(report.problems),
    })
}

/// Build the report of `plans`, each paired with its saved state.
pub fn build(
    plans: &[(&Plan, &PlanState)],
    as_of: NaiveDate,
    since: NaiveDate,
    rules: &LightRules,
) -> MeetingReport {
    let options = Options {
        changed_since: Some(since),
        rules: *rules,
        ..Options::default()
    };
    let summary = summary::summarize(plans, as_of, &options);
    let sections = plans
        .iter()
        .zip(summary.plans)
        .map(|((plan, state), summary)| plan_report(plan, state, summary, as_of, rules))
        .collect();
    MeetingReport {
        as_of,
        since,
        plans: sections,
    }
}

fn plan_report(
    plan: &Plan,
    state: &PlanState,
    mut summary: PlanSummary,
    as_of: NaiveDate,
    rules: &LightRules,
) -> PlanReport {
    let entries = summary::entries(plan, state, as_of, rules);
    let schedule = mean(
        entries
            .iter()
            .map(|e| schedule(e.milestone, plan.span, as_of)),
    );
    let areas = summary
        .areas
        .iter()
        .map(|a| AreaLine {
            id: a.id.clone(),
            title: a.title.clone(),
            totals: a.totals,
        })
        .collect();
    let scorecard = scorecard(plan, &summary, &entries, as_of);
    let flagged = flagged(plan, state, &entries, as_of, rules);
    let changes = summary.changes.take().unwrap_or_default();
    PlanReport {
        id: plan.id.clone(),
        title: plan.title.clone(),
        schedule: (schedule * 1000.0).round() / 10.0,
        areas,
        scorecard,
        flagged,
        changes,
        trend: trend::burn_up(plan, state, as_of, None, rules),
        summary,
    }
}

fn mean(values: impl Iterator<Item = f64>) -> f64 {
    let (sum, count) = values.fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    if count == 0 { 0.0 } else { sum / count as f64 }
}

/// The units of an entry as the summary counts them.
fn units_of<'a>(entry: &Entry<'a>) -> Vec<&'a str> {
    if entry.lead.is_empty() {
        vec![NO_LEAD]
    } else {
        entry.lead.iter().map(String::as_str).collect()
    }
}

/// Whether a done milestone was done by its due date.
fn done_on_time(entry: &Entry) -> bool {
    if entry.standing.status != Status::Done {
        return false;
    }
    let Some(due) = entry.milestone.due else {
        return true;
    };
    let done_at = entry
        .state
        .history
        .iter()
        .filter(|c| c.field == Field::Status && c.to.as_deref() == Some(Status::Done.as_str()))
        .map(|c| c.at.date_naive())
        .max();
    done_at.is_none_or(|day| day <= due)
}

/// The scorecard: the summary's lead rows, with on-time and 序时进度 added,
/// ranked on results.
pub fn scorecard(
    plan: &Plan,
    summary: &PlanSummary,
    entries: &[Entry],
    as_of: NaiveDate,
) -> Vec<UnitScore> {
    let mut scores: Vec<UnitScore> = summary
        .leads
        .iter()
        .map(|lead| {
            let mine: Vec<&Entry> = entries
                .iter()
                .filter(|e| units_of(e).contains(&lead.unit.as_str()))
                .collect();
            let schedule = mean(mine.iter().map(|e| schedule(e.milestone, plan.span, as_of)));
            UnitScore {
                unit: lead.unit.clone(),
                milestones: lead.totals.milestones,
                done: lead.totals.done,
                done_on_time: mine.iter().filter(|e| done_on_time(e)).count(),
                overdue: lead.totals.overdue,
                red: lead.totals.red,
                percent: lead.totals.percent,
                schedule: (schedule * 1000.0).round() / 10.0,
            }
        })
        .collect();
    scores.sort_by(|a, b| {
        let share = |n: usize, s: &UnitScore| n as f64 / s.milestones.max(1) as f64;
        b.ahead()
            .total_cmp(&a.ahead())
            .then(share(a.red, a).total_cmp(&share(b.red, b)))
            .then(share(a.overdue, a).total_cmp(&share(b.overdue, b)))
            .then(share(b.done_on_time, b).total_cmp(&share(a.done_on_time, a)))
            .then(a.unit.cmp(&b.unit))
    });
    scores
}

/// The scorecard of one plan on `as_of`, as the report ranks it (for the
/// app's `U` screen).
pub fn unit_scores(
    plan: &Plan,
    state: &PlanState,
    as_of: NaiveDate,
    rules: &LightRules,
) -> Vec<UnitScore> {
    let options = Options {
        rules: *rules,
        ..Options::default()
    };
    let summary = summary::summarize(&[(plan, state)], as_of, &options);
    let entries = summary::entries(plan, state, as_of, rules);
    scorecard(plan, &summary.plans[0], &entries, as_of)
}

fn flagged(
    plan: &Plan,
    state: &PlanState,
    entries: &[Entry],
    as_of: NaiveDate,
    rules: &LightRules,
) -> Vec<Flagged> {
    let mut out: Vec<Flagged> = entries
        .iter()
        .filter(|e| e.standing.status != Status::Done && e.standing.light != Light::Blue)
        .map(|e| Flagged {
            id: e.milestone.id.clone(),
            title: e.milestone.title.clone(),
            area: e.area.map_or(GOALS_TITLE, |a| a.title.as_str()).to_string(),
            unit: summary::join_units(e.lead),
            due: e.milestone.due,
            value: value_against_target(e),
            light: e.standing.light,
            why: why(plan, e, as_of, rules),
            note: e.state.note.clone(),
            report: latest_progress_report(plan, state, &e.milestone.id),
        })
        .collect();
    // red first; within a light, the earliest due first; else document order
    out.sort_by_key(|f| (std::cmp::Reverse(f.light), f.due.is_none(), f.due));
    out
}

/// `35 / ≥100个`, `推进中` without a numeric target or value.
fn value_against_target(entry: &Entry) -> String {
    match (&entry.milestone.target, entry.state.value) {
        (Some(target), Some(value)) => format!(
            "{} / {}",
            crate::plan::model::format_number(value),
            target.describe()
        ),
        (Some(target), None) => format!("未填报 / {}", target.describe()),
        (None, _) => entry.standing.status.zh().to_string(),
    }
}

/// Why a milestone is red or yellow, in the office's words.
fn why(plan: &Plan, entry: &Entry, as_of: NaiveDate, rules: &LightRules) -> String {
    let behind = (schedule(entry.milestone, plan.span, as_of) - entry.standing.progress) * 100.0;
    if entry.standing.overdue {
        let days = entry
            .milestone
            .due
            .map_or(0, |due| (as_of - due).num_days());
        return format!("逾期{days}天");
    }
    if entry.standing.status == Status::Blocked {
        return "受阻".to_string();
    }
    match entry.standing.light {
        Light::Red => format!("严重滞后（落后序时进度{behind:.0}个百分点）"),
        _ if behind > rules.yellow_behind => format!("滞后（落后序时进度{behind:.0}个百分点）"),
        _ => {
            let days = entry
                .milestone
                .due
                .map_or(0, |due| (due - as_of).num_days());
            format!("临期预警（{days}天后到期）")
        }
    }
}

/// `6月30日` as official texts write a date in the current year, with the
/// year when it is not `year`.
pub fn chinese_date(day: NaiveDate, year: i32) -> String {
    if day.year() == year {
        format!("{}月{}日", day.month(), day.day())
    } else {
        format!("{}年{}月{}日", day.year(), day.month(), day.day())
    }
}

/// `2025年6月30日`.
pub fn chinese_full_date(day: NaiveDate) -> String {
    format!("{}年{}月{}日", day.year(), day.month(), day.day())
}

impl PlanReport {
    /// The headline paragraph (截至6月30日，N项任务中已完成X项、正常推进Y项、滞后Z项…).
    pub fn headline(&self, as_of: NaiveDate) -> String {
        let t = &self.summary.totals;
        let lagging = t.yellow + t.red;
        let mut text = format!(
            "截至{}，《{}》{}项任务中已完成{}项、正常推进{}项、滞后{}项",
            chinese_full_date(as_of),
            self.title,
            t.milestones,
            t.done,
            on_schedule(t),
            lagging
        );
        if lagging > 0 {
            text.push_str(&format!("（其中严重滞后{}项）", t.red));
        }
        text.push_str(&format!(
            "；逾期{}项、受阻{}项。总体完成率{:.1}%，序时进度{:.1}%，亮蓝灯{}项、黄灯{}项、红灯{}项。",
            t.overdue, t.blocked, t.percent, self.schedule, t.blue, t.yellow, t.red
        ));
        text
    }
}

#[cfg(test)]
mod tests;
