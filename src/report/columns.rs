//! The count columns every summary shows (text, Markdown, CSV, the
//! workbook), in one table, so the formats cannot disagree on what they
//! show or in which order.

use crate::state::{Light, Totals};

/// One count column: its heading, how it is read from the totals, and the
/// light a non-zero count is painted in (text output) when it is an alarm.
pub struct CountColumn {
    pub heading: &'static str,
    pub get: fn(&Totals) -> usize,
    pub alarm: Option<Light>,
}

pub const COUNT_COLUMNS: [CountColumn; 9] = [
    CountColumn {
        heading: "里程碑",
        get: |t| t.milestones,
        alarm: None,
    },
    CountColumn {
        heading: "未启动",
        get: |t| t.todo,
        alarm: None,
    },
    CountColumn {
        heading: "推进中",
        get: |t| t.doing,
        alarm: None,
    },
    CountColumn {
        heading: "已完成",
        get: |t| t.done,
        alarm: None,
    },
    CountColumn {
        heading: "受阻",
        get: |t| t.blocked,
        alarm: None,
    },
    CountColumn {
        heading: "逾期",
        get: |t| t.overdue,
        alarm: Some(Light::Red),
    },
    CountColumn {
        heading: "蓝",
        get: |t| t.blue,
        alarm: None,
    },
    CountColumn {
        heading: "黄",
        get: |t| t.yellow,
        alarm: Some(Light::Yellow),
    },
    CountColumn {
        heading: "红",
        get: |t| t.red,
        alarm: Some(Light::Red),
    },
];

/// The headings of the count columns.
pub fn count_headings() -> impl Iterator<Item = &'static str> {
    COUNT_COLUMNS.iter().map(|c| c.heading)
}

/// The counts of `totals`, in column order.
pub fn counts(totals: &Totals) -> impl Iterator<Item = usize> + '_ {
    COUNT_COLUMNS.iter().map(move |c| (c.get)(totals))
}

/// `里程碑 9  未启动 2  …  红 3`: the counts as one line of text.
pub fn counts_line(totals: &Totals, separator: &str) -> String {
    COUNT_COLUMNS
        .iter()
        .map(|c| format!("{} {}", c.heading, (c.get)(totals)))
        .collect::<Vec<_>>()
        .join(separator)
}

/// The headings of a summary table for people (text, Markdown): the row's
/// label, the counts, then percent, light and bar.
pub fn table_headings(label: &'static str) -> Vec<&'static str> {
    let mut headings = vec![label];
    headings.extend(count_headings());
    headings.extend(["完成率", "灯", "进度"]);
    headings
}

/// What a summary says when a plan has no rows to show.
pub fn no_rows(overdue_only: bool) -> &'static str {
    if overdue_only {
        "没有逾期的事项。\n"
    } else {
        "没有事项。\n"
    }
}
