//! The report's tables as headings and text cells, built once from the
//! model so that the Markdown, HTML and docx renderers show the same
//! columns and the same figures.

use chrono::Datelike;

use super::{MeetingReport, PlanReport, chinese_date};
use crate::report::summary::describe_change;

/// A table: headings and rows of text cells.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub headings: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
    /// The light of each row, when the table has one (for colouring).
    pub lights: Vec<Option<crate::state::Light>>,
}

/// Section headings, in order.
pub const OVERVIEW: &str = "一、总体情况";
pub const AREAS: &str = "二、分领域推进情况";
pub const UNITS: &str = "三、牵头单位推进情况";
pub const FLAGGED: &str = "四、红黄灯事项";
pub const CHANGES: &str = "五、近期变化";
/// Chart captions.
pub const BURN_UP_CAPTION: &str =
    "图1 完成情况趋势（蓝：已完成占比；绿：平均完成率；灰虚线：序时进度）";
pub const AREA_CAPTION: &str = "图2 各领域红黄蓝灯分布（横轴为上表序号；蓝、黄、红自下而上）";
pub const UNIT_CAPTION: &str = "图3 牵头单位完成率与序时进度（横轴为上表名次；彩色：完成率，蓝为不低于序时进度、红为落后；灰：序时进度）";

fn percent(value: f64) -> String {
    format!("{value:.1}%")
}

/// 二、per area: 序号, 行动领域, 里程碑, 已完成, 正常推进, 滞后, 严重滞后, 完成率, 灯.
pub fn areas(plan: &PlanReport) -> Table {
    let rows = plan
        .areas
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let t = &a.totals;
            vec![
                (i + 1).to_string(),
                a.title.clone(),
                t.milestones.to_string(),
                t.done.to_string(),
                a.on_schedule().to_string(),
                t.yellow.to_string(),
                t.red.to_string(),
                percent(t.percent),
                t.light().zh().to_string(),
            ]
        })
        .collect();
    Table {
        headings: vec![
            "序号",
            "行动领域",
            "任务节点",
            "已完成",
            "正常推进",
            "滞后",
            "严重滞后",
            "完成率",
            "灯",
        ],
        rows,
        lights: plan.areas.iter().map(|a| Some(a.totals.light())).collect(),
    }
}

/// 三、the scorecard, ranked.
pub fn units(plan: &PlanReport) -> Table {
    let rows = plan
        .scorecard
        .iter()
        .enumerate()
        .map(|(i, u)| {
            vec![
                (i + 1).to_string(),
                u.unit.clone(),
                u.milestones.to_string(),
                u.done.to_string(),
                u.done_on_time.to_string(),
                u.overdue.to_string(),
                u.red.to_string(),
                percent(u.percent),
                percent(u.schedule),
                format!("{:+.1}", u.ahead()),
            ]
        })
        .collect();
    Table {
        headings: vec![
            "名次",
            "牵头单位",
            "任务节点",
            "已完成",
            "按期完成",
            "逾期",
            "红灯",
            "完成率",
            "序时进度",
            "快慢（百分点）",
        ],
        lights: vec![None; plan.scorecard.len()],
        rows,
    }
}

/// 四、red and yellow milestones.
pub fn flagged(plan: &PlanReport, year: i32) -> Table {
    let rows = plan
        .flagged
        .iter()
        .map(|f| {
            let mut situation = f.note.clone().unwrap_or_default();
            if let Some(report) = &f.report {
                situation = format!(
                    "{}进展情况：{}；存在问题：{}",
                    report.period, report.progress, report.problems
                );
            }
            vec![
                f.light.zh().to_string(),
                f.id.clone(),
                f.title.clone(),
                f.unit.clone(),
                f.due
                    .map(|d| chinese_date(d, year))
                    .unwrap_or_else(|| "—".into()),
                f.value.clone(),
                f.why.clone(),
                situation,
            ]
        })
        .collect();
    Table {
        headings: vec![
            "灯",
            "编号",
            "事项",
            "牵头单位",
            "完成时限",
            "完成值/目标",
            "原因",
            "进展情况",
        ],
        rows,
        lights: plan.flagged.iter().map(|f| Some(f.light)).collect(),
    }
}

/// 五、changes since the date, oldest first.
pub fn changes(plan: &PlanReport) -> Table {
    let rows = plan
        .changes
        .iter()
        .map(|m| {
            vec![
                m.at.format("%Y-%m-%d").to_string(),
                m.id.clone(),
                m.title.clone(),
                describe_change(m),
                m.by.clone(),
            ]
        })
        .collect();
    Table {
        headings: vec!["日期", "编号", "事项", "变化", "填报人"],
        lights: vec![None; plan.changes.len()],
        rows,
    }
}

/// The burn-up's points as a table (the chart's data).
pub fn trend(plan: &PlanReport) -> Table {
    let rows = plan
        .trend
        .iter()
        .map(|p| {
            vec![
                p.date.format("%Y-%m-%d").to_string(),
                p.done.to_string(),
                percent(p.done_percent()),
                percent(p.percent),
                percent(p.schedule),
            ]
        })
        .collect();
    Table {
        headings: vec!["日期", "已完成", "已完成占比", "平均完成率", "序时进度"],
        lights: vec![None; plan.trend.len()],
        rows,
    }
}

/// The document's title: 《…》推进情况通报 for one plan, 行动计划推进情况通报 for many.
pub fn title(report: &MeetingReport) -> String {
    match report.plans.as_slice() {
        [one] => format!("《{}》推进情况通报", one.title),
        _ => "行动计划推进情况通报".to_string(),
    }
}

/// 截至2025年6月30日 · 变化自2025年6月1日起.
pub fn dateline(report: &MeetingReport) -> String {
    format!(
        "截至{}；近期变化自{}起",
        super::chinese_full_date(report.as_of),
        super::chinese_full_date(report.since)
    )
}

/// `五、近期变化（自6月1日以来，共N项）`.
pub fn changes_heading(report: &MeetingReport, plan: &PlanReport) -> String {
    format!(
        "{CHANGES}（{}以来，共{}条）",
        chinese_date(report.since, report.as_of.year()),
        plan.changes.len()
    )
}
