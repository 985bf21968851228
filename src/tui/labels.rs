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

label! {
    areas: "行动领域", "Action areas";
    tasks: "任务", "Tasks";
    detail: "详情", "Detail";
    as_of: "截至", "as of";
    progress: "进度", "progress";
    lead: "牵头单位", "Lead";
    support: "配合单位", "Support";
    target: "目标", "Target";
    value: "当前值", "Value";
    due: "期限", "Due";
    note: "备注", "Note";
    status_label: "状态", "Status";
    history: "最近变更", "Recent changes";
    goals: "总体目标", "Headline goals";
    overdue: "逾期", "overdue";
    search_prompt: "搜索", "Search";
    value_prompt: "当前值", "Value";
    note_prompt: "备注", "Note";
    no_match: "没有匹配", "no match";
    too_small: "窗口太小，请放大到至少 60x16", "Window too small: make it at least 60x16";
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
    not_numeric: "请输入数字，例如 17000 或 1.7", "enter a number such as 17000 or 1.7";
    nothing_to_undo: "没有可撤销的变更", "nothing to undo";
    undone: "已撤销", "undone";
    syncing: "正在同步...", "syncing...";
    no_sync: "未设置同步：先运行 taizhang sync --remote URL", "sync is not set up: run `taizhang sync --remote URL` once";
    last_sync: "上次同步", "last sync";
    never_synced: "未同步", "never synced";
    waiting: "有未同步的更改", "changes waiting";
}

impl Labels {
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
