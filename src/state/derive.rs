//! What is derived from a milestone's saved state and the calendar: its
//! progress, whether it is overdue, and its 蓝黄红 light; and roll-ups of
//! those for a task, an area or a plan.
//!
//! The rules (also in the README):
//! - **progress** (0–1): `done` is 1. With a numeric target and a recorded
//!   value: at least / exactly → value ÷ target (capped at 1); at most → 1
//!   while value ≤ target, else target ÷ value; about → 1 within 5% of the
//!   target, else the nearer ratio. Otherwise by status: todo 0, doing 0.5,
//!   blocked 0.
//! - **overdue**: a due date before the as-of date, and not done.
//! - **light**: blue when done; red when blocked or overdue; otherwise the
//!   schedule expects the elapsed share of the time from the plan's start to
//!   the due date (the plan's end when there is none), 序时进度. Lagging that
//!   expectation by at most [`LightRules::yellow_behind`] points (default 25)
//!   is blue (on schedule), by at most [`LightRules::red_behind`] (default
//!   50) yellow (lagging), by more red (seriously lagging). 临期预警: a
//!   milestone not done and due within [`LightRules::warn_days`] days
//!   (default 0: off) is at least yellow.
//!
//! The rules are passed in by the caller (from `lights:` in the settings),
//! never read here, so every screen and file judges with the same ones.
//! - **roll-up light** of a group: red when more than a quarter of its
//!   milestones are red, yellow when more than a quarter are yellow or red,
//!   else blue.

use chrono::NaiveDate;
use serde::Serialize;

use super::model::{MilestoneState, Status};
use crate::plan::{Comparator, Milestone, Span};

/// 蓝 / 黄 / 红.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    Blue,
    Yellow,
    Red,
}

impl Light {
    pub const ALL: [Light; 3] = [Self::Blue, Self::Yellow, Self::Red];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Blue => "blue",
            Self::Yellow => "yellow",
            Self::Red => "red",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Self::Blue => "蓝",
            Self::Yellow => "黄",
            Self::Red => "红",
        }
    }
}

/// The bands and the warning window that decide a milestone's light; the
/// settings' `lights:` (see `config/default.yaml`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LightRules {
    /// Percentage points behind 序时进度 beyond which a milestone is yellow.
    pub yellow_behind: f64,
    /// Percentage points behind 序时进度 beyond which it is red.
    pub red_behind: f64,
    /// 临期预警: not done and due within this many days → at least yellow;
    /// 0 turns the warning off.
    pub warn_days: u32,
}

impl Default for LightRules {
    /// The rules of `config/default.yaml` (a test checks they agree).
    fn default() -> Self {
        Self {
            yellow_behind: 25.0,
            red_behind: 50.0,
            warn_days: 0,
        }
    }
}
/// 左右 tolerance.
const ABOUT_TOLERANCE: f64 = 0.05;

/// A milestone's derived standing on one as-of date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    pub status: Status,
    pub progress: f64,
    pub overdue: bool,
    pub light: Light,
}

/// Derive a milestone's standing from its plan entry and saved state.
pub fn standing(
    milestone: &Milestone,
    state: &MilestoneState,
    span: Span,
    as_of: NaiveDate,
    rules: &LightRules,
) -> Standing {
    let progress = progress(milestone, state);
    let overdue = state.status != Status::Done && milestone.due.is_some_and(|due| due < as_of);
    let light = if state.status == Status::Done {
        Light::Blue
    } else if state.status == Status::Blocked || overdue {
        Light::Red
    } else {
        let due = milestone.due.unwrap_or(span.end);
        let behind = (expected_progress(span.start, due, as_of) - progress) * 100.0;
        let warned = rules.warn_days > 0
            && milestone
                .due
                .is_some_and(|due| (due - as_of).num_days() <= i64::from(rules.warn_days));
        // a hair of tolerance so that 25 points behind is not "more than 25"
        // through rounding of the day fractions
        if behind > rules.red_behind + 1e-9 {
            Light::Red
        } else if behind > rules.yellow_behind + 1e-9 || warned {
            Light::Yellow
        } else {
            Light::Blue
        }
    };
    Standing {
        status: state.status,
        progress,
        overdue,
        light,
    }
}

/// Progress from 0 to 1, by value against target or by status.
pub fn progress(milestone: &Milestone, state: &MilestoneState) -> f64 {
    if state.status == Status::Done {
        return 1.0;
    }
    if let (Some(target), Some(value)) = (&milestone.target, state.value)
        && target.value > 0.0
    {
        let goal = target.value;
        let ratio = match target.comparator {
            Comparator::AtLeast | Comparator::Exactly => value / goal,
            Comparator::AtMost => {
                if value <= goal {
                    1.0
                } else {
                    goal / value
                }
            }
            Comparator::About => {
                if (value - goal).abs() <= goal * ABOUT_TOLERANCE {
                    1.0
                } else if value < goal {
                    value / goal
                } else {
                    goal / value
                }
            }
        };
        return ratio.clamp(0.0, 1.0);
    }
    match state.status {
        Status::Todo | Status::Blocked => 0.0,
        Status::Doing => 0.5,
        Status::Done => 1.0,
    }
}

/// A milestone's 序时进度 on `as_of` (0–1): the share of the time from the
/// plan's start to its due date (the plan's end when it has none) passed.
pub fn schedule(milestone: &Milestone, span: Span, as_of: NaiveDate) -> f64 {
    expected_progress(span.start, milestone.due.unwrap_or(span.end), as_of)
}

/// The share of the time from `start` to `due` that has passed on `as_of`.
fn expected_progress(start: NaiveDate, due: NaiveDate, as_of: NaiveDate) -> f64 {
    if as_of >= due {
        return 1.0;
    }
    if as_of <= start {
        return 0.0;
    }
    let total = (due - start).num_days().max(1) as f64;
    (as_of - start).num_days() as f64 / total
}

/// Counts and progress of a group of milestones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Totals {
    pub milestones: usize,
    pub todo: usize,
    pub doing: usize,
    pub done: usize,
    pub blocked: usize,
    pub overdue: usize,
    pub blue: usize,
    pub yellow: usize,
    pub red: usize,
    /// Mean progress, 0–100, one decimal.
    pub percent: f64,
    #[serde(skip)]
    progress_sum: f64,
}

impl Totals {
    pub fn add(&mut self, standing: &Standing) {
        self.milestones += 1;
        match standing.status {
            Status::Todo => self.todo += 1,
            Status::Doing => self.doing += 1,
            Status::Done => self.done += 1,
            Status::Blocked => self.blocked += 1,
        }
        if standing.overdue {
            self.overdue += 1;
        }
        match standing.light {
            Light::Blue => self.blue += 1,
            Light::Yellow => self.yellow += 1,
            Light::Red => self.red += 1,
        }
        self.progress_sum += standing.progress;
        self.percent = (self.progress_sum / self.milestones as f64 * 1000.0).round() / 10.0;
    }

    pub fn merge(&mut self, other: &Totals) {
        self.milestones += other.milestones;
        self.todo += other.todo;
        self.doing += other.doing;
        self.done += other.done;
        self.blocked += other.blocked;
        self.overdue += other.overdue;
        self.blue += other.blue;
        self.yellow += other.yellow;
        self.red += other.red;
        self.progress_sum += other.progress_sum;
        if self.milestones > 0 {
            self.percent = (self.progress_sum / self.milestones as f64 * 1000.0).round() / 10.0;
        }
    }

    /// Mean progress from 0 to 1.
    pub fn progress(&self) -> f64 {
        if self.milestones == 0 {
            0.0
        } else {
            self.progress_sum / self.milestones as f64
        }
    }

    /// The group's light (see the module rules); blue when empty.
    pub fn light(&self) -> Light {
        let quarter = self.milestones as f64 / 4.0;
        if self.red as f64 > quarter {
            Light::Red
        } else if (self.red + self.yellow) as f64 > quarter {
            Light::Yellow
        } else {
            Light::Blue
        }
    }

    pub fn count(&self, light: Light) -> usize {
        match light {
            Light::Blue => self.blue,
            Light::Yellow => self.yellow,
            Light::Red => self.red,
        }
    }
}

impl FromIterator<Standing> for Totals {
    fn from_iter<I: IntoIterator<Item = Standing>>(iter: I) -> Self {
        let mut totals = Totals::default();
        for standing in iter {
            totals.add(&standing);
        }
        totals
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Target;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn span() -> Span {
        Span {
            start: date("2024-01-01"),
            end: date("2025-12-31"),
        }
    }

    fn milestone(target: Option<(f64, Comparator)>, due: &str) -> Milestone {
        Milestone {
            id: "t1.m1".into(),
            title: "x".into(),
            due: Some(date(due)),
            target: target.map(|(value, comparator)| Target {
                value,
                max: None,
                unit: "个".into(),
                comparator,
            }),
            quote: None,
        }
    }

    fn state(status: Status, value: Option<f64>) -> MilestoneState {
        MilestoneState {
            status,
            value,
            ..Default::default()
        }
    }

    fn standing_default(
        m: &Milestone,
        s: &MilestoneState,
        span: Span,
        as_of: NaiveDate,
    ) -> Standing {
        standing(m, s, span, as_of, &LightRules::default())
    }

    #[test]
    fn bands_and_warning_window_are_the_rules_passed_in() {
        let m = milestone(Some((100.0, Comparator::AtLeast)), "2025-12-31");
        let todo = state(Status::Todo, None);
        // 2024-07-01: 182 of 730 days, 24.9 points of 序时进度 behind
        let early = date("2024-07-01");
        let strict = LightRules {
            yellow_behind: 10.0,
            red_behind: 30.0,
            warn_days: 0,
        };
        assert_eq!(
            standing(&m, &todo, span(), early, &strict).light,
            Light::Yellow
        );
        let stricter = LightRules {
            red_behind: 20.0,
            ..strict
        };
        assert_eq!(
            standing(&m, &todo, span(), early, &stricter).light,
            Light::Red
        );
        // 临期预警: done on schedule but due in 20 days → yellow with a 30-day window
        let near = date("2025-12-11");
        let on_track = state(Status::Doing, Some(99.0));
        assert_eq!(
            standing_default(&m, &on_track, span(), near).light,
            Light::Blue
        );
        let warn = LightRules {
            warn_days: 30,
            ..LightRules::default()
        };
        assert_eq!(
            standing(&m, &on_track, span(), near, &warn).light,
            Light::Yellow
        );
        let short = LightRules {
            warn_days: 19,
            ..LightRules::default()
        };
        assert_eq!(
            standing(&m, &on_track, span(), near, &short).light,
            Light::Blue
        );
        // done is never warned
        let done = state(Status::Done, None);
        assert_eq!(standing(&m, &done, span(), near, &warn).light, Light::Blue);
        assert!((schedule(&m, span(), early) - 182.0 / 730.0).abs() < 1e-12);
    }

    #[test]
    fn progress_by_comparator() {
        let at_least = milestone(Some((200.0, Comparator::AtLeast)), "2025-12-31");
        assert_eq!(progress(&at_least, &state(Status::Doing, Some(50.0))), 0.25);
        assert_eq!(progress(&at_least, &state(Status::Doing, Some(300.0))), 1.0);
        let at_most = milestone(Some((10.0, Comparator::AtMost)), "2025-12-31");
        assert_eq!(progress(&at_most, &state(Status::Doing, Some(8.0))), 1.0);
        assert_eq!(progress(&at_most, &state(Status::Doing, Some(20.0))), 0.5);
        let about = milestone(Some((100.0, Comparator::About)), "2025-12-31");
        assert_eq!(progress(&about, &state(Status::Doing, Some(96.0))), 1.0);
        assert_eq!(progress(&about, &state(Status::Doing, Some(80.0))), 0.8);
        let qualitative = milestone(None, "2025-12-31");
        assert_eq!(progress(&qualitative, &state(Status::Doing, None)), 0.5);
        assert_eq!(progress(&qualitative, &state(Status::Done, None)), 1.0);
        assert_eq!(progress(&at_least, &state(Status::Done, Some(1.0))), 1.0);
    }

    #[test]
    fn lights_follow_the_schedule() {
        let m = milestone(Some((100.0, Comparator::AtLeast)), "2025-12-31");
        // a quarter of the way through, nothing done: lag 0.25 → still blue
        let early = date("2024-07-01");
        assert_eq!(
            standing_default(&m, &state(Status::Todo, None), span(), early).light,
            Light::Blue
        );
        // two thirds through with 20% done: lag ~0.47 → yellow
        let later = date("2025-05-01");
        assert_eq!(
            standing_default(&m, &state(Status::Doing, Some(20.0)), span(), later).light,
            Light::Yellow
        );
        // nearly due with nothing: red
        let late = date("2025-12-01");
        assert_eq!(
            standing_default(&m, &state(Status::Todo, None), span(), late).light,
            Light::Red
        );
        // blocked is red at once; done is blue even when late
        assert_eq!(
            standing_default(&m, &state(Status::Blocked, None), span(), early).light,
            Light::Red
        );
        let after = date("2026-02-01");
        let done = standing_default(&m, &state(Status::Done, None), span(), after);
        assert_eq!((done.light, done.overdue), (Light::Blue, false));
        let overdue = standing_default(&m, &state(Status::Doing, Some(99.0)), span(), after);
        assert_eq!((overdue.light, overdue.overdue), (Light::Red, true));
    }

    #[test]
    fn totals_roll_up() {
        let m = milestone(None, "2025-12-31");
        let as_of = date("2024-02-01");
        let totals: Totals = [Status::Done, Status::Doing, Status::Todo, Status::Blocked]
            .into_iter()
            .map(|s| standing_default(&m, &state(s, None), span(), as_of))
            .collect();
        assert_eq!(
            (totals.milestones, totals.done, totals.blocked, totals.red),
            (4, 1, 1, 1)
        );
        assert_eq!(totals.percent, 37.5);
        // one red in four is not more than a quarter
        assert_eq!(totals.light(), Light::Blue);
        let mut more = totals;
        more.merge(&totals);
        assert_eq!(more.milestones, 8);
        assert_eq!(more.percent, 37.5);
    }
}
