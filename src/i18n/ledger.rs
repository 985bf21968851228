//! `ingest`'s words in the user's language. The field names and statuses
//! are the workbook's own headings (状态, 完成值, 进展情况) in both: they
//! quote the sheet the user filled in.

use crate::config::Locale;

/// `FILE: plan demo, 填报单位 …, 报告期 …, 填报人 …: 7 change(s) to 3 milestone(s)`.
pub fn file_heading(
    file: &str,
    plan: &str,
    (unit, period, by): (&str, &str, &str),
    (changes, milestones): (usize, usize),
    locale: Locale,
) -> String {
    match locale {
        Locale::Zh => format!(
            "{file}：计划 {plan}，填报单位 {unit}，报告期 {period}，填报人 {by}：{milestones} 个里程碑共 {changes} 项变更"
        ),
        Locale::En => format!(
            "{file}: plan {plan}, 填报单位 {unit}, 报告期 {period}, 填报人 {by}: {changes} change(s) to {milestones} milestone(s)"
        ),
    }
}

/// A change the office made after the export, against the sheet's.
pub struct Clash<'a> {
    pub milestone: &'a str,
    pub label: &'a str,
    pub office_to: &'a str,
    pub office_by: &'a str,
    pub office_at: String,
    pub sheet_to: &'a str,
    pub sheet_wins: bool,
}

/// `  conflict t1.m1 状态: changed to 受阻 by 张三 at … after the export; …`.
pub fn clash(c: &Clash, locale: Locale) -> String {
    let (id, label, to, by, at, sheet) = (
        c.milestone,
        c.label,
        c.office_to,
        c.office_by,
        &c.office_at,
        c.sheet_to,
    );
    match locale {
        Locale::Zh => {
            let verdict = if c.sheet_wins {
                format!("表格保存得更晚：采用 {sheet}")
            } else {
                format!("办公室的变更更晚，予以保留；表格中的 {sheet} 不采用")
            };
            format!("  冲突 {id} {label}：导出后已由 {by} 于 {at} 改为 {to}；{verdict}")
        }
        Locale::En => {
            let verdict = if c.sheet_wins {
                format!("the sheet was saved later: {sheet} applied")
            } else {
                format!(
                    "the office's change is later and is kept; the sheet's {sheet} is not applied"
                )
            };
            format!(
                "  conflict {id} {label}: changed to {to} by {by} at {at} after the export; {verdict}"
            )
        }
    }
}

/// The lines of `ingest` that carry a count or a file.
pub enum Said<'a> {
    /// A file with a bad cell: nothing from it applied.
    Refused(&'a str),
    NothingToChange,
    DryRun(usize),
    /// Listed, no terminal to ask and no `--yes`.
    NeedsYes(usize),
    /// The y/N question.
    Ask(usize),
    NotApplied,
    /// `FILE: N change(s) applied as made by WHO`.
    Applied(&'a str, usize, &'a str),
    /// The answer to the question could not be read.
    CannotRead(String),
    /// `--plan P` named, the workbook is of another plan.
    OtherPlan(&'a str),
    /// The workbook's plan is not loaded.
    NotLoaded,
}

pub fn said(what: Said, locale: Locale) -> String {
    let zh = locale == Locale::Zh;
    match what {
        Said::Refused(file) if zh => format!("{file}：已拒收；其中的内容均未采用"),
        Said::Refused(file) => format!("{file}: refused; nothing from it was applied"),
        Said::NothingToChange if zh => "没有需要更改的内容".into(),
        Said::NothingToChange => "nothing to change".into(),
        Said::DryRun(n) if zh => format!("试运行：列出 {n} 项变更，均未采用"),
        Said::DryRun(n) => format!("dry run: {n} change(s) listed, nothing applied"),
        Said::NeedsYes(n) if zh => {
            format!("taizhang：未采用：已列出 {n} 项变更；没有终端时请加 --yes 采用")
        }
        Said::NeedsYes(n) => format!(
            "taizhang: not applied: {n} change(s) listed; pass --yes to apply them without a terminal"
        ),
        Said::Ask(n) if zh => format!("采用这 {n} 项变更吗？[y/N] "),
        Said::Ask(n) => format!("apply these {n} change(s)? [y/N] "),
        Said::NotApplied if zh => "未采用".into(),
        Said::NotApplied => "not applied".into(),
        Said::Applied(file, n, by) if zh => format!("{file}：已采用 {n} 项变更，记为 {by} 所改"),
        Said::Applied(file, n, by) => format!("{file}: {n} change(s) applied as made by {by}"),
        Said::CannotRead(e) if zh => format!("无法读取回答：{e}"),
        Said::CannotRead(e) => format!("cannot read the answer: {e}"),
        Said::OtherPlan(plan) if zh => format!("不属于 --plan 指定的计划 `{plan}`"),
        Said::OtherPlan(plan) => format!("not of plan `{plan}` named by --plan"),
        Said::NotLoaded if zh => "该计划未载入（用 --plans 目录 载入）".into(),
        Said::NotLoaded => "which is not loaded (load it with --plans DIR)".into(),
    }
}
