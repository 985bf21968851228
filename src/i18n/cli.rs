//! The command line's own messages (usage problems of `export`, `report`,
//! `import`), in the user's language.

use crate::config::Locale;

/// A message of the command line, with what it names.
pub enum Msg<'a> {
    XlsxOnePlan(usize),
    XlsxNeedsOutput,
    CannotBuild(String),
    FillInNeedsXlsx,
    FillInOnePlan(usize),
    NameTheUnit,
    LeadNeedsOutput,
    CannotCreate(String, String),
    NoLeadUnit(&'a str),
    /// unit, with supported tasks too, plan, the plan's lead units
    NoMilestones(&'a str, bool, &'a str, &'a [String]),
    DocxNeedsOutput,
    /// --since, the as-of date
    SinceAfter(String, String),
    /// `import -o`: file, areas, tasks, milestones
    Wrote(String, usize, usize, usize),
    /// `log PLAN --sessions` with none: the plan
    NoSessions(&'a str),
}

pub fn text(msg: Msg, locale: Locale) -> String {
    match locale {
        Locale::Zh => zh(msg),
        Locale::En => en(msg),
    }
}

fn zh(msg: Msg) -> String {
    match msg {
        Msg::XlsxOnePlan(n) => format!("export --format xlsx 只接受一个计划，给了 {n} 个"),
        Msg::XlsxNeedsOutput => "export --format xlsx 需要 -o 文件：工作簿不输出到终端".into(),
        Msg::CannotBuild(e) => format!("无法生成工作簿：{e}"),
        Msg::FillInNeedsXlsx => {
            "--lead、--per-lead、--include-support 和 --period 用于生成填报工作簿：请与 --format xlsx 一起使用".into()
        }
        Msg::FillInOnePlan(n) => format!("填报工作簿只针对一个计划生成，给了 {n} 个"),
        Msg::NameTheUnit => {
            "请指定单位：--lead 单位 -o 文件，或用 --per-lead 目录 为每个牵头单位各生成一份".into()
        }
        Msg::LeadNeedsOutput => "--lead 单位 需要 -o 文件：工作簿不输出到终端".into(),
        Msg::CannotCreate(dir, e) => format!("{dir}：无法创建：{e}"),
        Msg::NoLeadUnit(plan) => {
            format!("计划 `{plan}` 没有列出牵头单位：没有可发送工作簿的单位")
        }
        Msg::NoMilestones(unit, support, plan, units) => {
            let role = if support { "牵头或配合" } else { "牵头" };
            let units = if units.is_empty() {
                "无".to_string()
            } else {
                units.join("、")
            };
            format!("单位 `{unit}` 不{role}计划 `{plan}` 的任何任务；该计划的牵头单位：{units}")
        }
        Msg::DocxNeedsOutput => "report --format docx 需要 -o 文件：文档不输出到终端".into(),
        Msg::SinceAfter(since, as_of) => format!(
            "--since {since} 晚于判断日期 {as_of}：列出的是从 --since 到 --as-of 的变更"
        ),
        Msg::Wrote(file, areas, tasks, milestones) => format!(
            "已写入 {file}：{areas} 个领域，{tasks} 项任务，{milestones} 个里程碑；请对照原文核对，然后运行 `taizhang validate {file}`"
        ),
        Msg::NoSessions(plan) => format!("计划 `{plan}` 没有审阅会话"),
    }
}

fn en(msg: Msg) -> String {
    match msg {
        Msg::XlsxOnePlan(n) => format!("export --format xlsx takes exactly one plan, {n} given"),
        Msg::XlsxNeedsOutput => {
            "export --format xlsx needs -o FILE: a workbook is not printed to the terminal".into()
        }
        Msg::CannotBuild(e) => format!("cannot build the workbook: {e}"),
        Msg::FillInNeedsXlsx => {
            "--lead, --per-lead, --include-support and --period make fill-in workbooks: use them with --format xlsx".into()
        }
        Msg::FillInOnePlan(n) => {
            format!("a fill-in workbook is made for exactly one plan, {n} given")
        }
        Msg::NameTheUnit => {
            "name the unit: --lead UNIT -o FILE, or --per-lead DIR for every lead unit".into()
        }
        Msg::LeadNeedsOutput => {
            "--lead UNIT needs -o FILE: a workbook is not printed to the terminal".into()
        }
        Msg::CannotCreate(dir, e) => format!("{dir}: cannot create: {e}"),
        Msg::NoLeadUnit(plan) => {
            format!("plan `{plan}` names no lead unit: there is nobody to send a workbook to")
        }
        Msg::NoMilestones(unit, support, plan, units) => {
            let role = if support { "leads or supports" } else { "leads" };
            let units = if units.is_empty() {
                "none".to_string()
            } else {
                units.join(", ")
            };
            format!("unit `{unit}` {role} no task of plan `{plan}`; its lead units are: {units}")
        }
        Msg::DocxNeedsOutput => {
            "report --format docx needs -o FILE: a document is not printed to the terminal".into()
        }
        Msg::SinceAfter(since, as_of) => format!(
            "--since {since} is after the as-of date {as_of}: changes are listed from --since up to --as-of"
        ),
        Msg::Wrote(file, areas, tasks, milestones) => format!(
            "wrote {file}: {areas} areas, {tasks} tasks, {milestones} milestones; check it against the document, then `taizhang validate {file}`"
        ),
        Msg::NoSessions(plan) => format!("no review sessions of `{plan}`"),
    }
}

/// The column headings of `taizhang plans`.
pub fn plans_header(locale: Locale) -> [&'static str; 5] {
    match locale {
        Locale::Zh => ["编号", "领域", "任务", "里程碑", "标题"],
        Locale::En => ["id", "areas", "tasks", "milestones", "title"],
    }
}

/// When a review session ran, for `log PLAN --sessions`: `2025-06-30 15:02
/// -> 15:40`, or `-> interrupted` / `-> 已中断` when it never ended.
pub fn session_span(
    started: &dyn std::fmt::Display,
    ended: Option<String>,
    locale: Locale,
) -> String {
    let ended = ended.unwrap_or_else(|| {
        match locale {
            Locale::Zh => "已中断",
            Locale::En => "interrupted",
        }
        .to_string()
    });
    format!("{started} -> {ended}")
}

/// A review session's counts, for `log PLAN --sessions`: `2/10 reviewed, 2
/// changed, 1 skipped` / `已审 2/10，有变更 2，跳过 1` (the words of its summary).
pub fn session_counts(
    reviewed: usize,
    queued: usize,
    changed: usize,
    skipped: usize,
    locale: Locale,
) -> String {
    match locale {
        Locale::Zh => format!("已审 {reviewed}/{queued}，有变更 {changed}，跳过 {skipped}"),
        Locale::En => {
            format!("{reviewed}/{queued} reviewed, {changed} changed, {skipped} skipped")
        }
    }
}

/// A warning line: `warning: …` / `警告：…`.
pub fn warning(text: &str, locale: Locale) -> String {
    match locale {
        Locale::Zh => format!("警告：{text}"),
        Locale::En => format!("warning: {text}"),
    }
}

/// `validate`'s last line: plans checked, problems, warnings about kept
/// state.
pub fn validated(checked: usize, problems: usize, warnings: usize, locale: Locale) -> String {
    match locale {
        Locale::Zh => {
            let warned = match warnings {
                0 => String::new(),
                n => format!("；{n} 条关于保留状态的警告"),
            };
            match problems {
                0 => format!("已检查 {checked} 个计划，没有问题{warned}"),
                n => format!("{n} 个问题{warned}"),
            }
        }
        Locale::En => {
            let warned = match warnings {
                0 => String::new(),
                n => format!("; {n} warning(s) about kept state"),
            };
            match problems {
                0 => format!("{checked} plan(s) checked, no problems{warned}"),
                n => format!("{n} problem(s){warned}"),
            }
        }
    }
}
