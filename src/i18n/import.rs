//! `import` in the user's language: the readers' errors (with their
//! conversion hints), the pipeline's and the task table importer's, and
//! the import report. The libraries' and the system's
//! own details (`{source}`, `{detail}`) are kept as they say them.

use chrono::NaiveDate;

use crate::config::Locale;
use crate::import::ImportError;
use crate::import::document::Origin;
use crate::import::read::{ReadError, Unreadable};
use crate::import::report::{Counts, Report, Rule, UnplacedKind, Words};
use crate::import::sheet::SheetError;
use crate::plan::Plan;

/// A document that cannot be read, and how to make it readable.
pub fn read_error(err: &ReadError, locale: Locale) -> String {
    if locale == Locale::En {
        return err.to_string();
    }
    match err {
        ReadError::Io { path, source } => format!(
            "{}：无法读取：{}",
            path.display(),
            super::io_reason(source, locale)
        ),
        ReadError::LegacyWord { path } => format!(
            "{0}：无法读取 Word 97-2003（.doc）或 WPS（.wps）文件：请在 Word 或 WPS 中打开并另存为 .docx（文件 → 另存为 → *.docx），或运行 `soffice --headless --convert-to docx {0}`，然后导入该 .docx",
            path.display()
        ),
        ReadError::NoTextLayer { path } => format!(
            "{0}：该 PDF 没有文字层（扫描件或页面图片）：请导入方案的 .docx 或网页，或先对 PDF 做文字识别（如 `ocrmypdf -l chi_sim {0} out.pdf`）",
            path.display()
        ),
        ReadError::NotPlanText { path, text } => format!(
            "{}：不是方案正文：该 PDF 的文字层只有“{text}”（地图、图表或图片的说明）；请导入方案文件本身",
            path.display()
        ),
        ReadError::Corrupt {
            path,
            format,
            detail,
            incomplete,
        } => {
            let hint = if *incomplete {
                "（文件损坏或未下载完整？）"
            } else {
                ""
            };
            format!(
                "{}：无法作为 {format} 文件读取：{detail}{hint}",
                path.display()
            )
        }
        ReadError::Encoding { path } => format!(
            "{}：无法解码文字：应为 UTF-8、UTF-16（带 BOM）或 GB18030/GBK",
            path.display()
        ),
        ReadError::Unsupported { path, what } => format!(
            "{}：{} 不能导入：方案应为 .txt、.docx、.pdf、.html、.xlsx、.xls、.ods 或 .csv",
            path.display(),
            unreadable(*what)
        ),
    }
}

/// A kind of file that holds no readable plan, and what to do instead.
fn unreadable(what: Unreadable) -> String {
    match what {
        Unreadable::Rtf => "RTF 文档（请另存为 .docx）".into(),
        Unreadable::Picture(format) => format!("{format} 图片（扫描件需先做文字识别）"),
        Unreadable::OpenDocument => "OpenDocument 文本或演示文稿（请另存为 .docx）".into(),
        Unreadable::PowerPoint => "PowerPoint 演示文稿（请导入方案的文档）".into(),
        Unreadable::Zip => "不是 .docx、.xlsx 或 .ods 的 zip 压缩包（请先解压）".into(),
    }
}

/// A document read whose text is not a plan.
pub fn import_error(err: &ImportError, locale: Locale) -> String {
    if locale == Locale::En {
        return err.to_string();
    }
    match err {
        ImportError::Empty => "文档是空的：应为方案的正文".into(),
        ImportError::NoStructure => "看不出结构：没有找到 一、（一）1. 这样的编号标题".into(),
        ImportError::NoTasks => {
            "没有找到任务：每个编号部分都是前言、目标或保障措施（任务应在“重点任务”这类部分之下）"
                .into()
        }
        ImportError::BadId(id) => format!(
            "计划编号 `{id}` 不合规：请用 1 到 40 个小写字母、数字、`.`、`-` 或 `_`，以字母或数字开头"
        ),
        // validate's problems, without their draft's positions
        ImportError::Invalid(problems) => {
            let problems: Vec<String> = problems
                .iter()
                .map(|p| super::plan::message(p, locale))
                .collect();
            format!("草稿未通过检查，未写入任何内容：{}", problems.join("；"))
        }
    }
}

/// No plan id can be made from the file's name.
pub fn no_id(file: &str, locale: Locale) -> String {
    match locale {
        Locale::Zh => format!(
            "{file}：无法从文件名得出计划编号；请用 --id 指定（小写字母、数字、`.`、`-`、`_`）"
        ),
        Locale::En => format!(
            "{file}: cannot make a plan id from the file name; give one with --id (lowercase letters, digits, `.`, `-`, `_`)"
        ),
    }
}

/// The draft as YAML, its header (a draft to be checked) in the user's
/// language.
pub fn draft_yaml(plan: &Plan, locale: Locale) -> String {
    match locale {
        Locale::En => crate::import::to_yaml(plan),
        Locale::Zh => {
            let from = plan
                .source
                .as_deref()
                .map(|s| format!("从 {s} "))
                .unwrap_or_default();
            let header = format!(
                "# 由 `taizhang import` {from}起草。\n# 请对照原文逐一核对每个领域、任务、单位、目标和日期。\n"
            );
            crate::import::with_header(plan, &header)
        }
    }
}

/// A place in the source document: `第12行`, `第2页第14行`, `第3段`, a cell
/// as spreadsheets name it (`表!A5`); in English `line 12` and so on.
pub fn origin(origin: &Origin, locale: Locale) -> String {
    match (locale, origin) {
        (Locale::En, _) | (_, Origin::Cell { .. }) => origin.to_string(),
        (Locale::Zh, Origin::Line(n)) => format!("第{n}行"),
        (Locale::Zh, Origin::Page { page, line }) => format!("第{page}页第{line}行"),
        (Locale::Zh, Origin::Paragraph(n)) => format!("第{n}段"),
    }
}

/// The import report (what was found, what could not be placed) in the
/// user's language; the layout is [`Report::render_in`]'s.
pub fn report(report: &Report, plan: &Plan, locale: Locale) -> String {
    match locale {
        Locale::Zh => report.render_in(plan, &Chinese),
        Locale::En => report.render(plan),
    }
}

/// The report's words in Chinese (领域, 任务, 里程碑, 牵头单位 and 配合单位
/// as in the summary and the ledger).
struct Chinese;

impl Words for Chinese {
    fn summary(&self, c: Counts<'_>) -> String {
        format!(
            "导入报告：{} — {} 个领域，{} 项任务，{} 个里程碑（{} 个有目标），{} 个总体目标",
            c.title, c.areas, c.tasks, c.milestones, c.with_target, c.goals
        )
    }
    fn goal(&self) -> &'static str {
        "总体目标"
    }
    fn origin(&self, place: &Origin) -> String {
        origin(place, Locale::Zh)
    }
    fn colon(&self) -> &'static str {
        "："
    }
    fn lead(&self) -> &'static str {
        "牵头单位："
    }
    fn support(&self) -> &'static str {
        "；配合单位："
    }
    fn no_units(&self) -> &'static str {
        "（无）"
    }
    fn due(&self, date: NaiveDate) -> String {
        format!("，{date} 前")
    }
    fn not_placed(&self) -> &'static str {
        "未能归入："
    }
    fn kind(&self, kind: UnplacedKind) -> &'static str {
        match kind {
            UnplacedKind::ItemWithoutUnits => "未写明单位的编号事项",
            UnplacedKind::Paragraph => "不属于任何任务的段落",
            UnplacedKind::Number => "未作为目标的数字",
            UnplacedKind::SectionLeftOut => "未导入的部分",
        }
    }
    fn clause(&self, clause: &str) -> String {
        format!("（原文“{clause}”）")
    }
    fn note(&self) -> &'static str {
        "说明："
    }
    fn rule(&self, rule: &Rule) -> String {
        match rule {
            Rule::FirstLeads { clause } => {
                format!("自此起，所列第一个单位为牵头单位，其余为配合单位（“{clause}”）")
            }
            Rule::ForAll { units } => format!(
                "{} 是对每一项统一提出的，不作为任何一项的配合单位",
                units.join("、")
            ),
        }
    }
}

/// A task table that cannot be drafted, in the user's language.
pub fn sheet_error(err: &SheetError, locale: Locale) -> String {
    if locale == Locale::En {
        return err.to_string();
    }
    match err {
        SheetError::NoHeader => "没有任务表：没有哪个工作表的表头行同时写明任务（任务、重点任务、工作任务、主要任务、主要内容或工作事项）和单位（牵头单位、责任单位或牵头部门）".into(),
        SheetError::NoTasks {
            sheet,
            row,
            headings,
            template,
        } => {
            let template = template
                .as_ref()
                .map(|t| format!("：第{}行是 `{}` 这样的模板字段（空模板？）", t.row, t.field))
                .unwrap_or_default();
            format!(
                "{sheet}!A{row}：任务表的表头（{}）之下没有任务行{template}",
                headings.join("、")
            )
        }
        // validate's problem, without its draft's position
        SheetError::Invalid(problem) => format!(
            "由任务表起草的计划未通过检查，未写入任何内容：{}",
            super::plan::message(problem, locale)
        ),
        SheetError::Import(err) => import_error(err, locale),
    }
}
