//! Progress reports per reporting period: a lead unit's 进展情况 (progress),
//! 存在问题 (problems) and 下步计划 (next steps) for `2025-06` or `2025-Q2`.
//! They are not stored beside the status: each part is a change in the
//! milestone's history (fields `progress`, `problems`, `next`, with the
//! change's `period`), so the state merge and sync unite them by change id
//! like every other change, and the report is read back from the history.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::format::is_later;
use super::model::{Change, Field, MilestoneState, PlanState};

/// How long a reporting period is: a month or a quarter (setting
/// `report_period` in the config).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    #[default]
    Month,
    Quarter,
}

/// A reporting period: `2025-06` (a month) or `2025-Q2` (a quarter).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    year: i32,
    /// 1–12 for a month; 1–4 for a quarter.
    number: u32,
    kind: PeriodKind,
}

impl Period {
    /// The period of `kind` that holds `date`.
    pub fn containing(date: NaiveDate, kind: PeriodKind) -> Self {
        let number = match kind {
            PeriodKind::Month => date.month(),
            PeriodKind::Quarter => (date.month() - 1) / 3 + 1,
        };
        Self {
            year: date.year(),
            number,
            kind,
        }
    }

    pub fn kind(&self) -> PeriodKind {
        self.kind
    }

    /// The last day of the period (the 截至日期 of its report).
    pub fn end(&self) -> NaiveDate {
        let last_month = match self.kind {
            PeriodKind::Month => self.number,
            PeriodKind::Quarter => self.number * 3,
        };
        let (year, month) = if last_month == 12 {
            (self.year + 1, 1)
        } else {
            (self.year, last_month + 1)
        };
        NaiveDate::from_ymd_opt(year, month, 1)
            .and_then(|d| d.pred_opt())
            .expect("a valid month")
    }

    /// The order reports are listed in: by the period's end, a month before
    /// the quarter ending with it.
    fn sort_key(&self) -> (NaiveDate, u8) {
        (self.end(), (self.kind == PeriodKind::Quarter) as u8)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Month => write!(f, "{}-{:02}", self.year, self.number),
            PeriodKind::Quarter => write!(f, "{}-Q{}", self.year, self.number),
        }
    }
}

/// A text that is not a reporting period (`2025-06`, `2025-Q2`); the
/// Chinese is `crate::i18n::ledger::bad_period`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("invalid period `{text}`: expected a month such as 2025-06 or a quarter such as 2025-Q2")]
pub struct BadPeriod {
    pub text: String,
}

impl FromStr for Period {
    type Err = BadPeriod;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || BadPeriod {
            text: text.to_string(),
        };
        let (year, rest) = text.trim().split_once('-').ok_or_else(bad)?;
        if year.len() != 4 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let (kind, digits, max) = match rest.strip_prefix(['Q', 'q']) {
            Some(q) => (PeriodKind::Quarter, q, 4),
            None if rest.len() == 2 => (PeriodKind::Month, rest, 12),
            None => return Err(bad()),
        };
        let number: u32 = digits.parse().map_err(|_| bad())?;
        if !(1..=max).contains(&number) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        Ok(Self { year, number, kind })
    }
}

/// One period's report of one milestone, as its history has it now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub period: String,
    pub progress: Option<String>,
    pub problems: Option<String>,
    pub next: Option<String>,
    /// Who made, and when, the latest change to this period's report.
    pub by: String,
    pub at: DateTime<FixedOffset>,
}

impl Report {
    /// The text of one part.
    pub fn part(&self, field: Field) -> Option<&str> {
        match field {
            Field::Progress => self.progress.as_deref(),
            Field::Problems => self.problems.as_deref(),
            Field::Next => self.next.as_deref(),
            _ => None,
        }
    }
}

/// The parts of a report, in the order they are shown.
pub const PARTS: [Field; 3] = [Field::Progress, Field::Problems, Field::Next];

/// The heading offices use for a part: 进展情况 / 存在问题 / 下步计划.
pub fn part_label(field: Field) -> &'static str {
    match field {
        Field::Progress => "进展情况",
        Field::Problems => "存在问题",
        Field::Next => "下步计划",
        _ => "",
    }
}

/// The current text of one part of `period`'s report: the `to` of the
/// latest change to it.
pub fn part_text(milestone: &MilestoneState, period: &str, field: Field) -> Option<String> {
    latest(
        milestone
            .history
            .iter()
            .filter(|c| c.field == field && c.period.as_deref() == Some(period)),
    )
    .and_then(|c| c.to.clone())
}

fn latest<'a>(changes: impl Iterator<Item = &'a Change>) -> Option<&'a Change> {
    changes.reduce(|a, b| if is_later(b, a) { b } else { a })
}

/// Every period's report of a milestone, oldest period first. A period
/// whose parts were all cleared is left out.
pub fn reports(milestone: &MilestoneState) -> Vec<Report> {
    let mut periods: Vec<&str> = Vec::new();
    for change in &milestone.history {
        if let Some(period) = change
            .period
            .as_deref()
            .filter(|_| change.field.is_report())
            && !periods.contains(&period)
        {
            periods.push(period);
        }
    }
    let mut out: Vec<Report> = periods
        .into_iter()
        .filter_map(|period| {
            let last = latest(
                milestone
                    .history
                    .iter()
                    .filter(|c| c.field.is_report() && c.period.as_deref() == Some(period)),
            )?;
            let report = Report {
                period: period.to_string(),
                progress: part_text(milestone, period, Field::Progress),
                problems: part_text(milestone, period, Field::Problems),
                next: part_text(milestone, period, Field::Next),
                by: last.by.clone(),
                at: last.at,
            };
            PARTS
                .iter()
                .any(|f| report.part(*f).is_some())
                .then_some(report)
        })
        .collect();
    out.sort_by_cached_key(|r| {
        (
            r.period.parse::<Period>().ok().map(|p| p.sort_key()),
            r.period.clone(),
        )
    });
    out
}

/// The latest period's report of `milestone` in `state`, if it has any:
/// what the detail pane, the fill-in workbook and the meeting report show.
pub fn latest_report(state: &PlanState, milestone: &str) -> Option<Report> {
    reports(state.get(milestone)).pop()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::history::{Edit, Set, apply_edits};

    fn at(minute: u32) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2025-06-01T10:{minute:02}:00+08:00")).unwrap()
    }

    fn report(period: &str, field: Field, text: &str) -> Edit {
        Edit::new(
            "m1",
            Set::Report {
                period: period.parse().unwrap(),
                field,
                text: Some(text.into()),
            },
        )
    }

    #[test]
    fn periods_parse_print_and_end() {
        let june: Period = "2025-06".parse().unwrap();
        assert_eq!(june.to_string(), "2025-06");
        assert_eq!(june.end(), NaiveDate::from_ymd_opt(2025, 6, 30).unwrap());
        let q4: Period = "2025-q4".parse().unwrap();
        assert_eq!(q4.to_string(), "2025-Q4");
        assert_eq!(q4.end(), NaiveDate::from_ymd_opt(2025, 12, 31).unwrap());
        let day = NaiveDate::from_ymd_opt(2025, 5, 20).unwrap();
        assert_eq!(
            Period::containing(day, PeriodKind::Quarter).to_string(),
            "2025-Q2"
        );
        assert_eq!(
            Period::containing(day, PeriodKind::Month).to_string(),
            "2025-05"
        );
        for bad in ["2025-13", "2025-Q5", "2025-6", "25-06", "2025", "2025-Q0"] {
            let err = bad.parse::<Period>().unwrap_err();
            assert_eq!(err.text, bad);
            assert!(err.to_string().contains("such as 2025-06"), "{bad}: {err}");
        }
    }

    #[test]
    fn reports_come_from_the_history_oldest_period_first() {
        let mut state = PlanState::new("demo");
        apply_edits(
            &mut state,
            &[
                report("2025-06", Field::Progress, "六月进展"),
                report("2025-06", Field::Next, "七月验收"),
            ],
            "张三",
            None,
            at(5),
        );
        apply_edits(
            &mut state,
            &[report("2025-05", Field::Problems, "用地未批")],
            "李四",
            None,
            at(6),
        );
        let all = reports(state.get("m1"));
        let periods: Vec<&str> = all.iter().map(|r| r.period.as_str()).collect();
        assert_eq!(periods, ["2025-05", "2025-06"]);
        assert_eq!(all[1].progress.as_deref(), Some("六月进展"));
        assert_eq!(all[1].problems, None);
        assert_eq!((all[1].by.as_str(), all[1].at), ("张三", at(5)));
        let latest = latest_report(&state, "m1").unwrap();
        assert_eq!(latest.period, "2025-06");
        // the same text again records nothing; a new text is a change from the old
        let changes = apply_edits(
            &mut state,
            &[report("2025-06", Field::Progress, "六月进展")],
            "王五",
            None,
            at(7),
        );
        assert!(changes.is_empty());
        let changes = apply_edits(
            &mut state,
            &[report("2025-06", Field::Progress, "已完工")],
            "王五",
            None,
            at(8),
        );
        assert_eq!(changes[0].from.as_deref(), Some("六月进展"));
        assert_eq!(changes[0].period.as_deref(), Some("2025-06"));
        // status, value and note are untouched by reports
        assert_eq!(state.get("m1").note, None);
        assert!(latest_report(&state, "m2").is_none());
    }

    #[test]
    fn undo_reverts_a_report_part_of_its_own_period() {
        let mut state = PlanState::new("demo");
        apply_edits(
            &mut state,
            &[report("2025-05", Field::Progress, "五月")],
            "a",
            None,
            at(1),
        );
        apply_edits(
            &mut state,
            &[report("2025-06", Field::Progress, "初稿")],
            "a",
            None,
            at(2),
        );
        apply_edits(
            &mut state,
            &[report("2025-06", Field::Progress, "定稿")],
            "a",
            None,
            at(3),
        );
        let reverts = crate::state::history::undo_last(&mut state, "b", None, at(4)).unwrap();
        assert_eq!(reverts[0].1.period.as_deref(), Some("2025-06"));
        assert_eq!(reverts[0].1.from.as_deref(), Some("定稿"));
        let all = reports(state.get("m1"));
        assert_eq!(all[0].progress.as_deref(), Some("五月"), "May untouched");
        assert_eq!(all[1].progress.as_deref(), Some("初稿"));
    }

    #[test]
    fn reports_merge_by_change_id() {
        let base = PlanState::new("demo");
        let mut ours = base.clone();
        let mut theirs = base.clone();
        apply_edits(
            &mut ours,
            &[report("2025-06", Field::Progress, "ours")],
            "a",
            None,
            at(1),
        );
        apply_edits(
            &mut theirs,
            &[report("2025-06", Field::Problems, "theirs")],
            "b",
            None,
            at(2),
        );
        let (merged, _) = crate::state::merge(&ours, &theirs);
        let report = latest_report(&merged, "m1").unwrap();
        assert_eq!(report.progress.as_deref(), Some("ours"));
        assert_eq!(report.problems.as_deref(), Some("theirs"));
        assert_eq!(crate::state::merge(&merged, &theirs).0, merged);
    }
}
