//! `taizhang export PLAN --format xlsx --lead UNIT`: the workbook a lead
//! unit fills in for one reporting period and sends back (`taizhang
//! ingest` reads it). Sheet 填报: a title block (plan, 文号, 填报单位, 报告期,
//! 截至日期, 填报人, 联系电话), then a header row and one row per milestone of
//! the unit. The plan's columns are locked (sheet protection, no password);
//! 完成值, 状态 and the report's three parts are not, 状态 has a drop-down of
//! the Chinese status names, 完成值 takes numbers in the unit shown beside
//! it. A hidden sheet carries what the returned file is matched and checked
//! against: the plan, unit, period, export time and each milestone's state
//! as exported.

use chrono::{DateTime, FixedOffset, SecondsFormat};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, DocProperties, Format, FormatAlign,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::sheet::{
    Column, Kind, Value, body_format, cell_format, column, print_setup, text, title_row, wide,
    write_table, write_value,
};
use super::summary::{self, Entry};
use crate::plan::Plan;
use crate::state::history::current_text;
use crate::state::{Field, Period, PlanState, Status, format::value_text};

/// The sheet the unit fills in, and the hidden one taizhang reads back.
pub const FILL_SHEET: &str = "填报";
pub const META_SHEET: &str = "_taizhang";
/// First cell of the hidden sheet: marks a workbook made by taizhang.
pub const MARKER: &str = "taizhang-fillin";
pub const META_VERSION: &str = "1";

/// Labels of the title block, in column A from row 1; values in column B.
pub const PLAN_LABEL: &str = "计划";
pub const DOC_LABEL: &str = "文号";
pub const UNIT_LABEL: &str = "填报单位";
pub const PERIOD_LABEL: &str = "报告期";
pub const DATE_LABEL: &str = "截至日期";
pub const REPORTER_LABEL: &str = "填报人";
pub const PHONE_LABEL: &str = "联系电话";
const BLOCK: [&str; 7] = [
    PLAN_LABEL,
    DOC_LABEL,
    UNIT_LABEL,
    PERIOD_LABEL,
    DATE_LABEL,
    REPORTER_LABEL,
    PHONE_LABEL,
];
/// Rows of the title block the unit fills in.
const FILLED_BLOCK: [&str; 2] = [REPORTER_LABEL, PHONE_LABEL];

pub const ID_HEADING: &str = "编号";
pub const VALUE_HEADING: &str = "完成值";
pub const STATUS_HEADING: &str = "状态";

/// The columns of sheet 填报. The last five are filled in.
pub const COLUMNS: [Column; 11] = [
    wide(ID_HEADING, Kind::Plain, 10),
    column("任务", Kind::Wrap),
    column("里程碑", Kind::Wrap),
    column("目标", Kind::Plain),
    column("截止日期", Kind::Date),
    column("单位", Kind::Plain),
    wide(VALUE_HEADING, Kind::Plain, 10),
    wide(STATUS_HEADING, Kind::Plain, 10),
    wide("进展情况", Kind::Wrap, 30),
    wide("存在问题", Kind::Wrap, 24),
    wide("下步计划", Kind::Wrap, 24),
];
/// The report part each report column holds.
pub const REPORT_COLUMNS: [(&str, Field); 3] = [
    ("进展情况", Field::Progress),
    ("存在问题", Field::Problems),
    ("下步计划", Field::Next),
];
/// The header row (title in row 0, the title block in rows 1–7, a hint in 8).
pub const HEADER_ROW: u32 = 9;

/// The fields of the state as exported, in the hidden sheet's columns.
pub const META_FIELDS: [Field; 5] = [
    Field::Status,
    Field::Value,
    Field::Progress,
    Field::Problems,
    Field::Next,
];

/// Which milestones a unit's workbook holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope<'a> {
    pub unit: &'a str,
    /// Also the milestones of tasks the unit supports (配合).
    pub include_support: bool,
}

impl Scope<'_> {
    pub fn holds(&self, entry: &Entry) -> bool {
        entry.lead.iter().any(|u| u == self.unit)
            || (self.include_support && entry.support.iter().any(|u| u == self.unit))
    }
}

/// What a fill-in workbook is made for.
pub struct Request<'a> {
    pub plan: &'a Plan,
    pub state: &'a PlanState,
    pub scope: Scope<'a>,
    pub period: &'a Period,
    pub now: DateTime<FixedOffset>,
    /// The light rules of the settings (the workbook shows no light, but
    /// which milestones it holds follows the same entries as the ledger).
    pub rules: &'a crate::state::LightRules,
}

/// Every lead unit of the plan, in order of first appearance.
pub fn lead_units(plan: &Plan) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for task in plan.areas.iter().flat_map(|a| a.all_tasks()) {
        for unit in &task.lead {
            if !units.contains(unit) {
                units.push(unit.clone());
            }
        }
    }
    units
}

/// The unit's workbook, as bytes; `None` when the unit has no milestone in
/// the plan.
pub fn fill_in(request: &Request) -> Result<Option<Vec<u8>>, XlsxError> {
    let plan = request.plan;
    let as_of = request.period.end();
    let entries: Vec<Entry> = summary::entries(plan, request.state, as_of, request.rules)
        .into_iter()
        .filter(|e| request.scope.holds(e))
        .collect();
    if entries.is_empty() {
        return Ok(None);
    }
    let period = request.period.to_string();
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} 台账填报表", plan.title))
            .set_subject(format!("{} {period}", request.scope.unit))
            .set_author("taizhang"),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(FILL_SHEET)?;
    title_row(
        sheet,
        0,
        COLUMNS.len(),
        &format!("{} 台账填报表（{period}）", plan.title),
    )?;
    title_block(sheet, request)?;
    let rows: Vec<Vec<Value>> = entries.iter().map(|e| row(e, &period)).collect();
    let fillable = fill_format();
    let takes_value: Vec<bool> = entries
        .iter()
        .map(|e| e.milestone.target.is_some())
        .collect();
    write_table(sheet, HEADER_ROW, &COLUMNS, &rows, &|col, kind, row| {
        let heading = COLUMNS[col].heading;
        let value_cell = heading == VALUE_HEADING && takes_value[row];
        if value_cell || heading == STATUS_HEADING || is_report_column(heading) {
            let format = fillable.clone();
            if kind == Kind::Wrap {
                format.set_text_wrap()
            } else {
                format
            }
        } else {
            body_format(kind, None)
        }
    })?;
    let first = HEADER_ROW + 1;
    let last = HEADER_ROW + rows.len() as u32;
    validations(sheet, first, last, &entries)?;
    sheet.set_freeze_panes(first, 1)?;
    print_setup(sheet, (HEADER_ROW, HEADER_ROW))?;
    sheet.protect_with_options(&ProtectionOptions {
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    meta_sheet(workbook.add_worksheet(), request, &entries, &period)?;
    workbook.save_to_buffer().map(Some)
}

fn is_report_column(heading: &str) -> bool {
    REPORT_COLUMNS.iter().any(|(h, _)| *h == heading)
}

/// Unlocked, and tinted so the unit sees where to write.
fn fill_format() -> Format {
    cell_format()
        .set_unlocked()
        .set_background_color(Color::RGB(0xFFF9E5))
}

pub fn column_of(heading: &str) -> u16 {
    COLUMNS
        .iter()
        .position(|c| c.heading == heading)
        .expect("a heading of COLUMNS") as u16
}

fn title_block(sheet: &mut Worksheet, request: &Request) -> Result<(), XlsxError> {
    let plan = request.plan;
    let label = Format::new().set_bold().set_align(FormatAlign::Right);
    let plain = Format::new().set_align(FormatAlign::Left);
    let fillable = fill_format().set_align(FormatAlign::Left);
    let last_col = column_of("目标");
    for (index, name) in BLOCK.iter().enumerate() {
        let row = 1 + index as u32;
        sheet.write_string_with_format(row, 0, *name, &label)?;
        let value = match *name {
            PLAN_LABEL => format!("{}（{}）", plan.title, plan.id),
            DOC_LABEL => plan.doc_number.clone().unwrap_or_default(),
            UNIT_LABEL => request.scope.unit.to_string(),
            PERIOD_LABEL => request.period.to_string(),
            DATE_LABEL => request.period.end().to_string(),
            _ => String::new(),
        };
        let format = if FILLED_BLOCK.contains(name) {
            &fillable
        } else {
            &plain
        };
        sheet.merge_range(row, 1, row, last_col, &value, format)?;
    }
    let hint = "填写说明：只填有底色的单元格。状态请从下拉列表选择；完成值填数字，单位见左列“单位”；进展情况、存在问题、下步计划按本报告期填写。";
    sheet.merge_range(8, 0, 8, COLUMNS.len() as u16 - 1, hint, &Format::new())?;
    Ok(())
}

fn row(e: &Entry, period: &str) -> Vec<Value> {
    let m = e.milestone;
    let task = e
        .task
        .map(|t| format!("{}{}", t.number, t.title))
        .unwrap_or_default();
    let report = |field| text(current_text(e.state, field, Some(period)).unwrap_or_default());
    vec![
        text(&m.id),
        text(task),
        text(&m.title),
        text(m.target.as_ref().map(|t| t.describe()).unwrap_or_default()),
        m.due.map_or(Value::Empty, Value::Date),
        text(
            m.target
                .as_ref()
                .map(|t| t.unit.clone())
                .unwrap_or_default(),
        ),
        e.state.value.map_or(Value::Empty, Value::Number),
        text(e.state.status.zh()),
        report(Field::Progress),
        report(Field::Problems),
        report(Field::Next),
    ]
}

/// 状态: one of the Chinese names; 完成值: a number (rows with a target).
fn validations(
    sheet: &mut Worksheet,
    first: u32,
    last: u32,
    entries: &[Entry],
) -> Result<(), XlsxError> {
    let names: Vec<&str> = Status::ALL.iter().map(|s| s.zh()).collect();
    let status = DataValidation::new()
        .allow_list_strings(&names)?
        .set_error_title("状态")?
        .set_error_message(format!("请从列表中选择：{}", names.join("、")))?;
    let col = column_of(STATUS_HEADING);
    sheet.add_data_validation(first, col, last, col, &status)?;
    let number = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
        .set_error_title("完成值")?
        .set_error_message("请填写数字（单位见左列）")?;
    let col = column_of(VALUE_HEADING);
    for (index, entry) in entries.iter().enumerate() {
        if entry.milestone.target.is_some() {
            let row = first + index as u32;
            sheet.add_data_validation(row, col, row, col, &number)?;
        }
    }
    Ok(())
}

/// The hidden sheet: `key, value` rows, then a table of each milestone's
/// fields as exported (the texts a change records).
fn meta_sheet(
    sheet: &mut Worksheet,
    request: &Request,
    entries: &[Entry],
    period: &str,
) -> Result<(), XlsxError> {
    sheet.set_name(META_SHEET)?;
    sheet.set_hidden(true);
    let exported = request.now.to_rfc3339_opts(SecondsFormat::Micros, false);
    let scope = if request.scope.include_support {
        "lead+support"
    } else {
        "lead"
    };
    let pairs = [
        (MARKER, META_VERSION),
        ("plan", request.plan.id.as_str()),
        ("unit", request.scope.unit),
        ("period", period),
        ("exported", exported.as_str()),
        ("sheet", FILL_SHEET),
        ("scope", scope),
    ];
    let plain = Format::new();
    for (row, (key, value)) in pairs.iter().enumerate() {
        sheet.write_string(row as u32, 0, *key)?;
        sheet.write_string(row as u32, 1, *value)?;
    }
    let table = pairs.len() as u32 + 1;
    sheet.write_string(table, 0, "milestone")?;
    for (col, field) in META_FIELDS.iter().enumerate() {
        sheet.write_string(table, col as u16 + 1, field.as_str())?;
    }
    for (index, e) in entries.iter().enumerate() {
        let row = table + 1 + index as u32;
        sheet.write_string(row, 0, &e.milestone.id)?;
        for (col, field) in META_FIELDS.iter().enumerate() {
            let exported = match field {
                Field::Value => e.state.value.map(value_text),
                _ => current_text(e.state, *field, Some(period)),
            };
            write_value(
                sheet,
                row,
                col as u16 + 1,
                &text(exported.unwrap_or_default()),
                &plain,
            )?;
        }
    }
    Ok(())
}
