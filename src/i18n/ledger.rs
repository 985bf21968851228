//! `ingest`'s words in the user's language. The field names and statuses
//! are the workbook's own headings (状态, 完成值, 进展情况) in both: they
//! quote the sheet the user filled in. A refused workbook's problems
//! ([`ingest_error`]) are rendered from `crate::ingest::problem`'s data;
//! the English is their `Display`.

use crate::config::Locale;
use crate::ingest::{BadCell, CellProblem, IngestError, NotOurs, PlanRefused, Unreadable};
use crate::state::BadPeriod;

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
    }
}

/// Why a returned workbook is refused, in the user's language: each bad
/// cell on a line of its own, `FILE:填报!H12: …`.
pub fn ingest_error(err: &IngestError, locale: Locale) -> String {
    if locale == Locale::En {
        return err.to_string();
    }
    match err {
        IngestError::Unreadable { file, why } => {
            format!(
                "{file}：无法作为工作簿（xlsx、xls 或 ods）读取：{}",
                unreadable(why)
            )
        }
        IngestError::NotOurs { file, why } => format!(
            "{file}：不是 taizhang 生成的填报工作簿（{}）；请用 `taizhang export 计划 --format xlsx --lead 单位 -o 文件` 生成",
            not_ours(why)
        ),
        IngestError::OtherPlan { file, plan, why } => {
            let why = match why {
                PlanRefused::NotNamed(wanted) => format!("不属于 --plan 指定的计划 `{wanted}`"),
                PlanRefused::NotLoaded => "该计划未载入（用 --plans 目录 载入）".to_string(),
            };
            format!("{file}：这是计划 `{plan}` 的填报工作簿，{why}")
        }
        IngestError::Cells(cells) => {
            let lines: Vec<String> = cells.iter().map(bad_cell_zh).collect();
            lines.join("\n")
        }
    }
}

fn unreadable(why: &Unreadable) -> String {
    match why {
        Unreadable::Io(err) => match err.kind() {
            std::io::ErrorKind::NotFound => "文件不存在".to_string(),
            std::io::ErrorKind::PermissionDenied => "没有读取权限".to_string(),
            // the system's own detail
            _ => format!("无法打开（{err}）"),
        },
        Unreadable::UnknownFormat => "内容不是 taizhang 能读的工作簿格式".to_string(),
        // the reader's own detail
        Unreadable::Damaged(detail) => format!("文件已损坏（{detail}）"),
    }
}

fn not_ours(why: &NotOurs) -> String {
    use crate::report::fillin_xlsx::{FILL_SHEET, META_SHEET};
    match why {
        NotOurs::NoHiddenSheet => format!("没有隐藏工作表 {META_SHEET}"),
        NotOurs::NoMarker => "隐藏工作表中没有 taizhang 的标记".to_string(),
        NotOurs::Incomplete => "隐藏工作表不完整".to_string(),
        NotOurs::BadPeriod(bad) => bad_period(bad, Locale::Zh),
        NotOurs::BadExportTime => "导出时间无法识别".to_string(),
        NotOurs::NoFillSheet => format!("没有工作表 {FILL_SHEET}"),
    }
}

/// One bad cell: its place as written in every language (a place tools
/// and people jump to), the problem in Chinese.
fn bad_cell_zh(cell: &BadCell) -> String {
    use crate::report::fillin_xlsx::{ID_HEADING, VALUE_HEADING};
    let problem = match &cell.problem {
        CellProblem::NoHeader => format!("没有表头行（以 {ID_HEADING} 开头的一行）"),
        CellProblem::NoColumn(heading) => format!("表头行中没有 {heading} 列"),
        CellProblem::RowWithoutId => format!("这一行填了内容，但没有 {ID_HEADING}"),
        CellProblem::NotInPlan { id, plan } => format!("`{id}` 不是计划 `{plan}` 的里程碑"),
        CellProblem::NotExported(id) => format!("导出时本工作簿中没有里程碑 `{id}`"),
        CellProblem::Twice(id) => format!("里程碑 `{id}` 出现了两次"),
        CellProblem::NotAStatus(text) => {
            let statuses = crate::ingest::problem::statuses();
            match text {
                Some(text) => format!("`{text}` 不是状态：请从 {statuses} 中选择"),
                None => format!("状态为空：请从 {statuses} 中选择"),
            }
        }
        CellProblem::NoTarget => format!("该里程碑没有数值目标：{VALUE_HEADING} 请留空"),
        CellProblem::Value(err) => err.message(Locale::Zh),
        CellProblem::NotANumber(text) => {
            format!("`{text}` 不是数字：请填写数字，例如 1.2 或 12000")
        }
    };
    format!("{}: {problem}", cell.place)
}

/// A text that is not a reporting period (`export --period`, a workbook's
/// hidden sheet).
pub fn bad_period(bad: &BadPeriod, locale: Locale) -> String {
    match locale {
        Locale::Zh => format!(
            "报告期 `{}` 无效：应为月份（如 2025-06）或季度（如 2025-Q2）",
            bad.text
        ),
        Locale::En => bad.to_string(),
    }
}
