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

/// A figure of a roll-up row, as each format writes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    Count(usize),
    /// 0–100, one decimal.
    Percent(f64),
    Light(Light),
}

impl Figure {
    /// For people: `12`, `45.3%`, `红`.
    pub fn text(self) -> String {
        match self {
            Self::Count(n) => n.to_string(),
            Self::Percent(p) => format!("{p:.1}%"),
            Self::Light(light) => light.zh().to_string(),
        }
    }

    /// For a spreadsheet: the percent as a bare number.
    pub fn csv(self) -> String {
        match self {
            Self::Percent(p) => format!("{p:.1}"),
            other => other.text(),
        }
    }
}

/// One column of the roll-up over many plans: its heading, the figure it
/// shows of a row's totals, and the light a non-zero count is an alarm in.
pub struct RollupColumn {
    pub heading: &'static str,
    /// The heading in CSV, where the unit goes into the heading.
    pub csv_heading: &'static str,
    pub get: fn(&Totals) -> Figure,
    pub alarm: Option<Light>,
}

/// The roll-up's columns (text, Markdown, CSV; JSON carries the totals
/// whole): what a provincial office compares plans by.
pub const ROLLUP_COLUMNS: [RollupColumn; 6] = [
    RollupColumn {
        heading: "里程碑",
        csv_heading: "里程碑",
        get: |t| Figure::Count(t.milestones),
        alarm: None,
    },
    RollupColumn {
        heading: "已完成",
        csv_heading: "已完成",
        get: |t| Figure::Count(t.done),
        alarm: None,
    },
    RollupColumn {
        heading: "逾期",
        csv_heading: "逾期",
        get: |t| Figure::Count(t.overdue),
        alarm: Some(Light::Red),
    },
    RollupColumn {
        heading: "红",
        csv_heading: "红",
        get: |t| Figure::Count(t.red),
        alarm: Some(Light::Red),
    },
    RollupColumn {
        heading: "完成率",
        csv_heading: "完成率(%)",
        get: |t| Figure::Percent(t.percent),
        alarm: None,
    },
    RollupColumn {
        heading: "灯",
        csv_heading: "灯",
        get: |t| Figure::Light(t.light()),
        alarm: None,
    },
];

/// The headings of a roll-up table: the row's own columns, then the figures.
pub fn rollup_headings(first: &[&'static str]) -> Vec<&'static str> {
    let mut headings = first.to_vec();
    headings.extend(ROLLUP_COLUMNS.iter().map(|c| c.heading));
    headings
}

/// The headings of the roll-up's attention list.
pub const ROLLUP_ATTENTION_HEADINGS: [&str; 7] =
    ["计划", "编号", "事项", "截止日期", "牵头单位", "灯", "情况"];
