//! The app's own words in Chinese and English (plan text is never translated).

use crate::config::Locale;
use crate::state::{Light, Status};

#[derive(Debug, Clone, Copy)]
pub struct Labels {
    pub locale: Locale,
}

macro_rules! label {
    ($($name:ident: $zh:literal, $en:literal;)*) => {
        impl Labels {
            $(pub fn $name(&self) -> &'static str {
                match self.locale { Locale::Zh => $zh, Locale::En => $en }
            })*
        }
    };
}

impl Labels {
    /// The notice shown instead of the screen when the terminal is smaller
    /// than the layout's minimum.
    pub fn too_small(&self) -> String {
        use super::view::{MIN_HEIGHT, MIN_WIDTH};
        match self.locale {
            Locale::Zh => format!("窗口太小，请放大到至少 {MIN_WIDTH}x{MIN_HEIGHT}"),
            Locale::En => format!("Window too small: make it at least {MIN_WIDTH}x{MIN_HEIGHT}"),
        }
    }
}

label! {
    areas: "行动领域", "Action areas";
    trend_title: "趋势图", "Trend";
    trend_done: "已完成占比", "done";
    trend_mean: "平均完成率", "mean progress";
    trend_schedule: "序时进度", "schedule";
    trend_again: "全计划/本领域", "whole plan/area";
    any_key: "任意键返回", "any key: back";
    scores_title: "牵头单位排名（按完成率与序时进度之差、红灯、逾期、按期完成）", "Lead units ranked on results (ahead of schedule, red, overdue, on time)";
    score_rank: "名次", "#";
    score_unit: "牵头单位", "Lead unit";
    score_count: "节点", "n";
    score_done: "完成", "done";
    score_on_time: "按期", "on time";
    score_overdue: "逾期", "late";
    score_red: "红", "red";
    score_percent: "完成率", "done%";
    score_schedule: "序时", "sched";
    score_ahead: "快慢", "+/-";
    tasks: "任务", "Tasks";
    detail: "详情", "Detail";
    as_of: "截至", "as of";
    progress: "进度", "progress";
    lead: "牵头单位", "Lead";
    support: "配合单位", "Support";
    target: "目标", "Target";
    // one name for the field everywhere: 完成值, as in the ledger and summary
    value: "完成值", "Value";
    due: "期限", "Due";
    note: "备注", "Note";
    status_label: "状态", "Status";
    history: "最近变更", "Recent changes";
    goals: "总体目标", "Headline goals";
    overdue: "逾期", "overdue";
    search_prompt: "搜索", "Search";
    value_prompt: "完成值", "Value";
    note_prompt: "备注", "Note";
    report: "进展报告", "Report";
    report_progress: "进展情况", "Progress";
    report_problems: "存在问题", "Problems";
    report_next: "下步计划", "Next steps";
    no_match: "没有匹配", "no match";
    choose_milestone: "选择里程碑", "Choose a milestone";
    choose_lead: "按牵头单位筛选", "Filter by lead unit";
    choose_plan: "选择计划", "Choose a plan";
    all_units: "全部单位", "All units";
    help_title: "按键", "Keys";
    saved: "已保存", "saved";
    attention_on: "只看逾期/红", "overdue/red only";
    filter: "筛选", "filter";
    empty: "（无）", "(none)";
    not_a_milestone: "请选中一个里程碑或任务", "select a milestone or a task";
    no_target: "这个里程碑没有数值目标，不填数值；请改它的状态", "this milestone has no numeric target, so it takes no value; set its status instead";
    reviewer_prompt: "首次使用：您的姓名（记入每条变更）", "First start: your name (recorded with every change)";
    unit_prompt: "您所在的单位（可空）", "Your office (may be empty)";
    save_anyway: "仍然保存", "save";
    do_not_save: "不保存", "do not save";
    not_saved: "未保存", "not saved";
    nothing_to_undo: "没有可撤销的变更", "nothing to undo";
    undone: "已撤销", "undone";
    syncing: "正在同步...", "syncing...";
    no_sync: "未设置同步：先运行 taizhang sync --remote URL", "sync is not set up: run `taizhang sync --remote URL` once";
    last_sync: "上次同步", "last sync";
    never_synced: "未同步", "never synced";
    waiting: "有未同步的更改", "changes waiting";
}

impl Labels {
    /// The heading of a report part (`Field::Progress`, `Problems`, `Next`).
    pub fn report_part(&self, field: crate::state::Field) -> &'static str {
        match field {
            crate::state::Field::Problems => self.report_problems(),
            crate::state::Field::Next => self.report_next(),
            _ => self.report_progress(),
        }
    }

    /// After the first-start prompts: who, and where it was saved.
    pub fn reviewer_saved(&self, name: &str, unit: &str, file: &std::path::Path) -> String {
        let who = if unit.is_empty() {
            name.to_string()
        } else {
            format!("{name} ({unit})")
        };
        match self.locale {
            Locale::Zh => format!("审阅人 {who} 已保存到 {}", file.display()),
            Locale::En => format!("reviewer {who} saved to {}", file.display()),
        }
    }

    /// The header's note when today is past the plan's end.
    pub fn past_end(&self, end: chrono::NaiveDate) -> String {
        match self.locale {
            Locale::Zh => format!("计划已于{end}结束，可用 --as-of {end} 查看当时"),
            Locale::En => format!("the plan ended {end}: --as-of {end} shows it then"),
        }
    }

    /// [`Labels::past_end`] for a narrow screen.
    pub fn past_end_short(&self, end: chrono::NaiveDate) -> String {
        match self.locale {
            Locale::Zh => format!("已结束 --as-of {end}"),
            Locale::En => format!("ended: --as-of {end}"),
        }
    }

    pub fn status(&self, status: Status) -> &'static str {
        match self.locale {
            Locale::Zh => status.zh(),
            Locale::En => status.as_str(),
        }
    }

    /// How the plan picker ranks: 按完成率 …
    pub fn sort_name(&self, sort: crate::report::rollup::SortBy) -> &'static str {
        use crate::report::rollup::SortBy;
        match (self.locale, sort) {
            (Locale::Zh, SortBy::Percent) => "按完成率",
            (Locale::Zh, SortBy::Red) => "按红灯数",
            (Locale::Zh, SortBy::Overdue) => "按逾期数",
            (Locale::Zh, SortBy::Id) => "按编号",
            (Locale::En, SortBy::Percent) => "by percent",
            (Locale::En, SortBy::Red) => "by red",
            (Locale::En, SortBy::Overdue) => "by overdue",
            (Locale::En, SortBy::Id) => "by id",
        }
    }

    /// A one-or-two-cell marker for a light; never an ambiguous-width glyph.
    pub fn light(&self, light: Light) -> &'static str {
        match self.locale {
            Locale::Zh => light.zh(),
            Locale::En => match light {
                Light::Blue => "B",
                Light::Yellow => "Y",
                Light::Red => "R",
            },
        }
    }
}
