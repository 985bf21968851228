//! A plan straight from a task table (任务分解表, 任务分工表) in a
//! spreadsheet: the header row is found by its headings (序号, 任务 or
//! 重点任务 or 主要内容…, 牵头单位 or 责任单位…, 配合单位, 完成时限), also
//! when it spans two rows (`责任单位` over `牵头单位 | 配合单位`) or sits under
//! a title row. Each numbered row is a task (rows that continue it, with no
//! number of their own or the number merged down, add to it); areas come
//! from a 领域/类别/行动 column, from group rows (a row with only its first
//! cell filled), or there is one area. Units are split as in text import,
//! deadlines read from 完成时限, targets from the task's text by the same
//! extraction as text import.

mod header;
mod rows;

use chrono::{Datelike, NaiveDate};

use super::document::{Document, Origin};
use super::read::{Sheet, Workbook};
use super::targets;
use super::text::trim_punct;
use super::{Context, ImportError, ImportOptions, ids, milestones};
use crate::plan::{Area, Plan, Span, Task};
pub use header::{Header, Role, find_header, role_of};
use rows::{AreaRows, Draft, Rows, read_rows};

#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error(
        "no task table: no sheet has a header row naming the tasks (任务, 重点任务, 工作任务, 主要任务, 主要内容 or 工作事项) and their units (牵头单位, 责任单位 or 牵头部门)"
    )]
    NoHeader,
    #[error(
        "{sheet}!A{row}: the header of a task table ({}), but no task rows under it{}",
        .headings.join(", "),
        .template.as_ref().map(|t| format!(": {t}")).unwrap_or_default()
    )]
    NoTasks {
        sheet: String,
        row: usize,
        /// The header's headings, as written.
        headings: Vec<String>,
        /// Template fields under the header: an empty template.
        template: Option<Template>,
    },
    #[error("the draft from the task table does not validate: {0}")]
    Invalid(crate::plan::validate::Message),
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// A row of template fields (`${data.zyrw}`, `<jx:forEach …>`) where the
/// tasks should be: a template exported before it was filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The row, 1-based as the spreadsheet numbers it.
    pub row: usize,
    /// The first field, as written.
    pub field: String,
}

impl std::fmt::Display for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "row {} holds template fields such as `{}` (an empty template?)",
            self.row, self.field
        )
    }
}

/// A plan drafted from a task table, with where each task was read.
#[derive(Debug, Clone)]
pub struct SheetImport {
    pub plan: Plan,
    pub sheet: String,
    pub header: Header,
    /// Each task's id and the cell its row starts at.
    pub origins: Vec<(String, Origin)>,
}

/// The task tables of a document that is nothing but its tables (a 任务分解表
/// sent as a .docx or web page: no numbered headings for the text importer),
/// as a sheet: its tab-separated lines, a line with fewer cells than the one
/// before lined up from the right (its first cells were merged down).
pub fn document_table(doc: &Document) -> Workbook {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut width = 0;
    for p in &doc.paragraphs {
        let mut cells: Vec<String> = p.text.split('\t').map(|c| c.trim().to_string()).collect();
        if cells.len() == 1 {
            width = 0;
        } else if cells.len() < width {
            let mut padded = vec![String::new(); width - cells.len()];
            padded.append(&mut cells);
            cells = padded;
        } else {
            width = cells.len();
        }
        rows.push(cells);
    }
    Workbook {
        sheets: vec![Sheet {
            name: "表".to_string(),
            rows,
        }],
    }
}

/// Draft a plan from the first sheet of `workbook` that holds a task table.
pub fn import_workbook(
    workbook: &Workbook,
    options: &ImportOptions,
) -> Result<SheetImport, SheetError> {
    if !crate::plan::validate::is_valid_id(&options.id) {
        return Err(ImportError::BadId(options.id.clone()).into());
    }
    let mut empty_table: Option<SheetError> = None;
    for sheet in &workbook.sheets {
        let Some(header) = find_header(sheet) else {
            continue;
        };
        let Rows {
            title,
            areas,
            placeholder,
        } = read_rows(sheet, &header);
        if areas.is_empty() {
            empty_table.get_or_insert(SheetError::NoTasks {
                sheet: sheet.name.clone(),
                row: header.row + 1,
                headings: header.headings(),
                template: placeholder.map(|field| Template {
                    row: header.row + header.height + 1,
                    field,
                }),
            });
            continue;
        }
        let title = title.unwrap_or_else(|| options.id.clone());
        let (plan, origins) = build_plan(&title, areas, options);
        // a draft always passes validation, or nothing is written
        let yaml = super::to_yaml(&plan);
        if let Err(problems) = crate::plan::validate::check(&yaml, "draft.yaml", None)
            && let Some(first) = problems.into_iter().next()
        {
            return Err(SheetError::Invalid(first.message));
        }
        return Ok(SheetImport {
            plan,
            sheet: sheet.name.clone(),
            header,
            origins,
        });
    }
    Err(empty_table.unwrap_or(SheetError::NoHeader))
}

/// Join a task's parts into its text, each part a sentence.
fn join_sentences(parts: &[&str]) -> String {
    let mut text = String::new();
    for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        if !text.is_empty() && !text.ends_with(|c: char| "。；;！？!?：:".contains(c)) {
            text.push('。');
        }
        text.push_str(part);
    }
    text
}

fn build_plan(
    title: &str,
    areas: Vec<AreaRows>,
    options: &ImportOptions,
) -> (Plan, Vec<(String, Origin)>) {
    let span = table_span(title, &areas);
    let context = Context {
        span,
        plan_year: span.start.year(),
    };
    let numbers: Vec<Option<u32>> = areas
        .iter()
        .flat_map(|a| {
            a.tasks
                .iter()
                .map(|t| t.number.as_deref().and_then(ids::number_value))
        })
        .collect();
    let runs_on = areas.len() > 1
        && numbers.iter().all(Option::is_some)
        && numbers.windows(2).all(|w| w[0] < w[1]);
    let single = areas.len() == 1;
    let mut origins = Vec::new();
    let mut plan_areas = Vec::new();
    for (k, area) in areas.into_iter().enumerate() {
        let mut tasks = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (pos, draft) in area.tasks.into_iter().enumerate() {
            let mut n = draft
                .number
                .as_deref()
                .and_then(ids::number_value)
                .unwrap_or(pos as u32 + 1);
            if !seen.insert(n) {
                n = pos as u32 + 1;
            }
            let id = ids::task_id(k + 1, n, runs_on || single);
            origins.push((id.clone(), draft.origin.clone()));
            tasks.push(build_task(draft, id, &context));
        }
        let area_title = if area.title.is_empty() {
            title.to_string()
        } else {
            area.title
        };
        plan_areas.push(Area {
            id: ids::area_id(k + 1),
            number: area.number.unwrap_or_default(),
            title: area_title,
            tasks,
        });
    }
    let plan = Plan {
        id: options.id.clone(),
        title: title.to_string(),
        issuer: None,
        doc_number: None,
        issued: None,
        span,
        source: options.source.clone(),
        goals: Vec::new(),
        areas: plan_areas,
    };
    (plan, origins)
}

fn build_task(draft: Draft, id: String, context: &Context) -> Task {
    let content: Vec<&str> = draft.content.iter().map(String::as_str).collect();
    let title = if draft.item.is_empty() {
        super::outline::short_title(content.first().copied().unwrap_or_default())
    } else {
        trim_punct(&draft.item).to_string()
    };
    let mut parts = vec![draft.item.as_str()];
    parts.extend(&content);
    let text = join_sentences(&parts);
    let mut target_parts = content.clone();
    target_parts.extend(draft.targets.iter().map(String::as_str));
    if target_parts.is_empty() {
        target_parts.push(&draft.item);
    }
    let due = super::due_date(draft.deadline.as_deref(), context);
    let milestones = milestones(&id, &title, &join_sentences(&target_parts), due, context);
    let support = draft
        .support
        .into_iter()
        .filter(|s| !draft.lead.contains(s))
        .collect();
    Task {
        id,
        number: draft.number.unwrap_or_default(),
        title,
        text,
        lead: draft.lead,
        support,
        milestones,
        tasks: Vec::new(),
    }
}

/// From 1 January of the first year the table names to 31 December of the
/// last (deadlines, targets and the title's year range).
fn table_span(title: &str, areas: &[AreaRows]) -> Span {
    let mut years = targets::deadline_years(title);
    for task in areas.iter().flat_map(|a| &a.tasks) {
        for text in task
            .content
            .iter()
            .chain(&task.targets)
            .chain(task.deadline.iter())
        {
            years.extend(targets::deadline_years(text));
        }
    }
    let first = years
        .iter()
        .copied()
        .min()
        .unwrap_or_else(|| chrono::Local::now().year());
    years.retain(|y| *y <= first + 15);
    let last = years.iter().copied().max().unwrap_or(first);
    let start = NaiveDate::from_ymd_opt(first, 1, 1).unwrap_or_default();
    let end = NaiveDate::from_ymd_opt(last, 12, 31).unwrap_or(start);
    Span { start, end }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::read::Sheet;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet::of_rows(rows)
    }

    /// A workbook of the one sheet `s`, imported as plan `t`.
    fn import_one(s: Sheet) -> SheetImport {
        let book = Workbook { sheets: vec![s] };
        let options = ImportOptions {
            id: "t".into(),
            source: None,
        };
        import_workbook(&book, &options).unwrap()
    }

    #[test]
    fn areas_from_a_column_and_tasks_from_rows() {
        let s = sheet(&[
            &[
                "领域",
                "序号",
                "重点任务",
                "牵头单位",
                "配合单位",
                "完成时限",
            ],
            &[
                "数字经济",
                "1",
                "新建5G基站1.7万个以上",
                "市工信局、市大数据局",
                "/",
                "2025年底前",
            ],
            &[
                "数字经济",
                "2",
                "培育平台",
                "市工信局",
                "各区政府",
                "2024年6月底前",
            ],
            &["数字经济", "", "", "市商务局", "", ""],
            &[
                "绿色低碳",
                "3",
                "建设光伏项目",
                "市能源局",
                "市发展改革委，市自然资源局",
                "长期坚持",
            ],
        ]);
        let import = import_one(s);
        let plan = &import.plan;
        assert_eq!(plan.areas.len(), 2);
        assert_eq!(plan.areas[1].title, "绿色低碳");
        let t2 = &plan.areas[0].tasks[1];
        assert_eq!(t2.id, "t2");
        assert_eq!(t2.lead, ["市工信局", "市商务局"]);
        assert_eq!(t2.support, ["各区政府"]);
        assert_eq!(t2.milestones[0].due, NaiveDate::from_ymd_opt(2024, 6, 30));
        let t1 = &plan.areas[0].tasks[0];
        let target = t1.milestones[0].target.as_ref().expect("a target");
        assert_eq!((target.value, target.unit.as_str()), (1.7, "万个"));
        assert_eq!(
            plan.areas[1].tasks[0].support,
            ["市发展改革委", "市自然资源局"]
        );
        assert_eq!(
            import.origins[2],
            (
                "t3".into(),
                Origin::Cell {
                    sheet: "表1".into(),
                    row: 5,
                    col: 1
                }
            )
        );
    }

    #[test]
    fn without_a_number_column_each_row_with_text_is_a_task() {
        let s = sheet(&[
            &["主要内容", "责任单位", "完成时间"],
            &["建设工业互联网平台", "市工信局", "2024年底前"],
            &["", "市大数据局", ""],
            &["培育专精特新企业50家", "市工信局", "2025年底前"],
        ]);
        let import = import_one(s);
        let tasks = &import.plan.areas[0].tasks;
        assert_eq!(tasks.len(), 2);
        assert_eq!(tasks[0].lead, ["市工信局", "市大数据局"]);
        assert_eq!(
            (tasks[1].id.as_str(), tasks[1].title.as_str()),
            ("t2", "培育专精特新企业50家")
        );
    }

    #[test]
    fn groups_numbered_in_chinese_in_the_number_column() {
        let s = sheet(&[
            &["序号", "重点任务", "牵头单位", "完成时限"],
            &["一", "数字经济", "", ""],
            &["1", "建设工业互联网平台", "市工信局", "2024年底前"],
            &["二", "绿色低碳", "", ""],
            &["2", "建设光伏项目", "市能源局", "2025年底前"],
        ]);
        let import = import_one(s);
        let areas: Vec<(&str, &str)> = import
            .plan
            .areas
            .iter()
            .map(|a| (a.number.as_str(), a.title.as_str()))
            .collect();
        assert_eq!(areas, [("一", "数字经济"), ("二", "绿色低碳")]);
        assert_eq!(import.plan.areas[1].tasks[0].id, "t2");
    }

    #[test]
    fn a_document_of_a_task_table_is_read_as_one() {
        let doc = Document::from_text(
            "2024年重点任务分解表\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n1\t建设工业互联网平台\t市工信局\t/\t2024年6月底前\n市大数据局\t市发展改革委\t\n2\t培育专精特新企业50家\t市工信局\t市财政局\t2024年底前",
        );
        let import = import_workbook(
            &document_table(&doc),
            &ImportOptions {
                id: "t".into(),
                source: None,
            },
        )
        .unwrap();
        let plan = &import.plan;
        assert_eq!(plan.title, "2024年重点任务分解表");
        let t1 = &plan.areas[0].tasks[0];
        assert_eq!(t1.lead, ["市工信局", "市大数据局"]);
        assert_eq!(t1.support, ["市发展改革委"]);
        assert_eq!(t1.milestones[0].due, NaiveDate::from_ymd_opt(2024, 6, 30));
        assert_eq!(plan.task_count(), 2);
    }

    #[test]
    fn a_template_has_no_tasks() {
        let s = sheet(&[
            &["要点内容", "主要任务", "牵头部门", "配合部门"],
            &["<jx:forEach items=\"${list}\" var=\"data\">", "", "", ""],
            &[
                "${data.ydnrmc}",
                "${data.zyrw}",
                "${data.qtbm}",
                "${data.phbm}",
            ],
        ]);
        let book = Workbook { sheets: vec![s] };
        let err = import_workbook(
            &book,
            &ImportOptions {
                id: "t".into(),
                source: None,
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "表1!A1: the header of a task table (要点内容, 主要任务, 牵头部门, 配合部门), but no task rows under it: row 2 holds template fields such as `<jx:` (an empty template?)"
        );
    }
}
