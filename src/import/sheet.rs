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

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use super::document::Origin;
use super::read::{Sheet, Workbook};
use super::targets::{self, Due};
use super::text::{normalize, trim_punct};
use super::units::split_units;
use super::{Context, ImportError, ImportOptions, ids, milestones};
use crate::plan::{Area, Plan, Span, Task};

#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error(
        "no task table: no sheet has a header row naming the tasks (任务, 重点任务, 工作任务, 主要任务, 主要内容 or 工作事项) and their units (牵头单位, 责任单位 or 牵头部门)"
    )]
    NoHeader,
    #[error(
        "{sheet}!A{row}: the header of a task table ({headings}), but no task rows under it{template}"
    )]
    NoTasks {
        sheet: String,
        row: usize,
        headings: String,
        template: String,
    },
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Number,
    Area,
    /// The task's name (工作事项, 重点任务).
    Item,
    /// The task's body (主要内容, 具体措施).
    Content,
    Lead,
    Support,
    Deadline,
    /// Targets stated in a column of their own (目标, 全年目标).
    Target,
}

const HEADINGS: &[(Role, &[&str])] = &[
    (Role::Number, &["序号", "编号", "序"]),
    (
        Role::Area,
        &[
            "领域",
            "类别",
            "行动",
            "重点领域",
            "任务类别",
            "专项行动",
            "板块",
            "要点内容",
            "工作要点",
        ],
    ),
    (
        Role::Item,
        &[
            "工作事项",
            "重点任务",
            "工作任务",
            "主要任务",
            "任务",
            "任务名称",
            "事项",
            "重点工作",
        ],
    ),
    (
        Role::Content,
        &[
            "主要内容",
            "任务内容",
            "具体任务",
            "工作内容",
            "具体措施",
            "工作措施",
            "主要措施",
            "具体内容",
        ],
    ),
    (
        Role::Lead,
        &[
            "牵头单位",
            "责任单位",
            "牵头部门",
            "责任部门",
            "主责单位",
            "牵头责任单位",
            "责任主体",
        ],
    ),
    (
        Role::Support,
        &[
            "配合单位",
            "配合部门",
            "协办单位",
            "参与单位",
            "协同单位",
            "参加单位",
        ],
    ),
    (
        Role::Deadline,
        &[
            "完成时限",
            "时间节点",
            "完成时间",
            "时限",
            "时间安排",
            "进度安排",
            "完成时限要求",
        ],
    ),
    (
        Role::Target,
        &[
            "目标",
            "全年目标",
            "预期目标",
            "工作目标",
            "目标任务",
            "年度目标",
        ],
    ),
];

/// The role of a heading cell (spaces and full-width forms ignored).
pub fn role_of(heading: &str) -> Option<Role> {
    let key: String = normalize(heading)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    HEADINGS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(role, _)| *role)
}

/// The columns of a task table and the rows its header takes.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    /// 0-based index of the header's first row.
    pub row: usize,
    /// How many rows the header takes (two when `责任单位` spans
    /// `牵头单位 | 配合单位`).
    pub height: usize,
    /// (column, role, heading as written), in column order.
    pub columns: Vec<(usize, Role, String)>,
}

impl Header {
    fn col(&self, role: Role) -> Option<usize> {
        self.columns
            .iter()
            .find(|(_, r, _)| *r == role)
            .map(|(c, _, _)| *c)
    }

    fn cols(&self, role: Role) -> Vec<usize> {
        self.columns
            .iter()
            .filter(|(_, r, _)| *r == role)
            .map(|(c, _, _)| *c)
            .collect()
    }

    fn headings(&self) -> String {
        self.columns
            .iter()
            .map(|(_, _, h)| h.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn roles(row: &[String]) -> Vec<(usize, Role, String)> {
    let mut out: Vec<(usize, Role, String)> = Vec::new();
    for (c, cell) in row.iter().enumerate() {
        if let Some(role) = role_of(cell) {
            // the first column of a role wins, except target columns (all kept)
            if role == Role::Target || !out.iter().any(|(_, r, _)| *r == role) {
                out.push((c, role, cell.trim().to_string()));
            }
        }
    }
    out
}

/// The header of the first task table in a sheet (searched in its first 20
/// rows): a row naming tasks and their lead units, with the row under it
/// when that row names columns too.
pub fn find_header(sheet: &Sheet) -> Option<Header> {
    for r in 0..sheet.rows.len().min(20) {
        let mut columns = roles(&sheet.rows[r]);
        if columns.is_empty() {
            continue;
        }
        let has =
            |cols: &[(usize, Role, String)], role: Role| cols.iter().any(|(_, x, _)| *x == role);
        let mut height = 1;
        if let Some(next) = sheet.rows.get(r + 1) {
            let below = roles(next);
            let only_headings = next.iter().enumerate().all(|(c, cell)| {
                cell.trim().is_empty() || role_of(cell).is_some() || sheet.cell(r, c) == cell
            });
            if !below.is_empty() && only_headings {
                height = 2;
                for (c, role, name) in below {
                    columns.retain(|(col, _, _)| *col != c);
                    columns.retain(|(_, x, _)| *x != role || role == Role::Target);
                    columns.push((c, role, name));
                }
                columns.sort_by_key(|(c, _, _)| *c);
            }
        }
        let names_tasks = has(&columns, Role::Item) || has(&columns, Role::Content);
        if names_tasks && has(&columns, Role::Lead) {
            return Some(Header {
                row: r,
                height,
                columns,
            });
        }
    }
    None
}

static TEMPLATE_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{[^}]*\}|<jx:|</jx:|\{\{[^}]*\}\}").unwrap());

static GROUP_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|[0-9]+[、.．])\s*").unwrap()
});

/// A task as its rows give it.
struct Draft {
    number: Option<String>,
    item: String,
    content: Vec<String>,
    targets: Vec<String>,
    lead: Vec<String>,
    support: Vec<String>,
    deadline: Option<String>,
    origin: Origin,
}

struct AreaRows {
    number: Option<String>,
    title: String,
    tasks: Vec<Draft>,
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

fn unit_cell(text: &str) -> Vec<String> {
    let text = text.trim();
    if text.is_empty() || matches!(text, "/" | "／" | "无" | "-" | "—" | "——") {
        return Vec::new();
    }
    split_units(text)
}

fn add_units(into: &mut Vec<String>, units: Vec<String>) {
    for unit in units {
        if !into.contains(&unit) {
            into.push(unit);
        }
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
        let (title, areas, placeholders) = read_rows(sheet, &header);
        if areas.iter().all(|a| a.tasks.is_empty()) {
            empty_table.get_or_insert(SheetError::NoTasks {
                sheet: sheet.name.clone(),
                row: header.row + 1,
                headings: header.headings(),
                template: placeholders
                    .map(|p| {
                        format!(
                            ": row {} holds template fields such as `{p}` (an empty template?)",
                            header.row + header.height + 1
                        )
                    })
                    .unwrap_or_default(),
            });
            continue;
        }
        let title = title.unwrap_or_else(|| options.id.clone());
        let (plan, origins) = build_plan(&title, areas, options);
        return Ok(SheetImport {
            plan,
            sheet: sheet.name.clone(),
            header,
            origins,
        });
    }
    Err(empty_table.unwrap_or(SheetError::NoHeader))
}

/// The title above the header, the areas with their tasks, and the first
/// template field met (a template has those where tasks would be).
fn read_rows(sheet: &Sheet, header: &Header) -> (Option<String>, Vec<AreaRows>, Option<String>) {
    let title = sheet.rows[..header.row]
        .iter()
        .filter_map(|row| row.iter().find(|c| !c.trim().is_empty()))
        .map(|c| {
            let c = c.trim();
            let c = c
                .strip_prefix("附件")
                .map(|r| {
                    r.trim_start_matches(|ch: char| ch.is_ascii_digit() || "：:　 ".contains(ch))
                })
                .unwrap_or(c);
            c.trim().to_string()
        })
        .rfind(|c| c.chars().count() >= 4);
    let cell = |r: usize, col: Option<usize>| col.map(|c| sheet.cell(r, c).trim()).unwrap_or("");
    let mut areas: Vec<AreaRows> = Vec::new();
    let mut placeholder = None;
    let (number_col, area_col) = (header.col(Role::Number), header.col(Role::Area));
    let (item_col, content_col) = (header.col(Role::Item), header.col(Role::Content));
    for r in header.row + header.height..sheet.rows.len() {
        let row = &sheet.rows[r];
        let filled: Vec<usize> = (0..row.len())
            .filter(|c| !row[*c].trim().is_empty())
            .collect();
        if filled.is_empty() {
            continue;
        }
        if let Some(m) = row.iter().find_map(|c| TEMPLATE_FIELD.find(c)) {
            placeholder.get_or_insert_with(|| m.as_str().to_string());
            continue;
        }
        let number = cell(r, number_col);
        let is_number = ids::number_value(trim_punct(number)).is_some();
        // a group row: one cell filled, not a numbered task
        if filled.len() == 1 && !is_number && area_col.is_none() {
            let text = row[filled[0]].trim();
            let (num, title) = match GROUP_NUMBER.find(text) {
                Some(m) => (Some(m.as_str().trim().to_string()), text[m.end()..].trim()),
                None => (None, text),
            };
            areas.push(AreaRows {
                number: num,
                title: trim_punct(title).to_string(),
                tasks: Vec::new(),
            });
            continue;
        }
        if let Some(area) = area_col
            .map(|c| sheet.cell(r, c).trim())
            .filter(|a| !a.is_empty())
            && areas.last().is_none_or(|last| last.title != area)
        {
            areas.push(AreaRows {
                number: None,
                title: area.to_string(),
                tasks: Vec::new(),
            });
        }
        if areas.is_empty() {
            areas.push(AreaRows {
                number: None,
                title: String::new(),
                tasks: Vec::new(),
            });
        }
        let tasks = &mut areas.last_mut().expect("an area").tasks;
        let item = cell(r, item_col);
        let continues = tasks.last().is_some_and(|last: &Draft| {
            let same_number = number.is_empty() || last.number.as_deref() == Some(number);
            let same_item = item.is_empty() || item_col == content_col || last.item == item;
            same_number && same_item
        });
        if !continues {
            tasks.push(Draft {
                number: is_number.then(|| number.to_string()),
                item: item.to_string(),
                content: Vec::new(),
                targets: Vec::new(),
                lead: Vec::new(),
                support: Vec::new(),
                deadline: None,
                origin: sheet.origin(r, filled[0]),
            });
        }
        let task = tasks.last_mut().expect("a task");
        let content = cell(r, content_col);
        if !content.is_empty()
            && content_col != item_col
            && !task.content.iter().any(|c| c == content)
        {
            task.content.push(content.to_string());
        }
        for c in header.cols(Role::Target) {
            let target = sheet.cell(r, c).trim();
            if !target.is_empty() && target != "/" && !task.targets.iter().any(|t| t == target) {
                task.targets.push(target.to_string());
            }
        }
        add_units(&mut task.lead, unit_cell(cell(r, header.col(Role::Lead))));
        add_units(
            &mut task.support,
            unit_cell(cell(r, header.col(Role::Support))),
        );
        let deadline = cell(r, header.col(Role::Deadline));
        if task.deadline.is_none() && !deadline.is_empty() && deadline != "/" {
            task.deadline = Some(written_date(deadline));
        }
    }
    areas.retain(|a| !a.tasks.is_empty());
    (title, areas, placeholder)
}

static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$").unwrap());

/// A date as a CSV or an ods date cell gives it (`2023/12/31`,
/// `2023-12-31T00:00:00`) written as the deadline parser reads dates.
fn written_date(cell: &str) -> String {
    match NUMERIC_DATE.captures(cell.trim()) {
        Some(c) => format!(
            "{}年{}月{}日",
            &c[1],
            c[2].trim_start_matches('0'),
            c[3].trim_start_matches('0')
        ),
        None => cell.to_string(),
    }
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
    let due = draft
        .deadline
        .as_deref()
        .and_then(|d| targets::parse_deadline(d, context.plan_year))
        .and_then(|due| match due {
            Due::Date(date) => Some(date),
            _ => None,
        })
        .unwrap_or(context.span.end);
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

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "表1".into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        }
    }

    #[test]
    fn a_two_row_header_under_a_title() {
        let s = sheet(&[
            &["某市2024年重点任务分解表", "", "", "", ""],
            &["序号", "重点任务", "责任单位", "", "完成时限"],
            &["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
            &["1", "建设平台", "市工信局", "/", "2024年底前"],
        ]);
        let header = find_header(&s).unwrap();
        assert_eq!((header.row, header.height), (1, 2));
        let roles: Vec<Role> = header.columns.iter().map(|(_, r, _)| *r).collect();
        assert_eq!(
            roles,
            [
                Role::Number,
                Role::Item,
                Role::Lead,
                Role::Support,
                Role::Deadline
            ]
        );
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
        let book = Workbook { sheets: vec![s] };
        let options = ImportOptions {
            id: "t".into(),
            source: None,
        };
        let import = import_workbook(&book, &options).unwrap();
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
