//! `taizhang export PLAN --format xlsx`: the ledger (台账) as a workbook.
//! Sheet 台账: a header row, then one row per milestone in document order
//! (goals first), header frozen and filterable, the light cell filled in its
//! colour. Sheet 汇总: the per-area summary with a 合计 row, and the plan and
//! as-of date below it. Column widths follow the display width of the
//! contents (a Chinese character counts two), capped, long text wrapped.

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError,
};

use super::columns::{count_headings, counts};
use super::summary::{self, Entry, Options, field_label, join_units, status_label};
use crate::plan::{Plan, model::format_number};
use crate::state::{Light, PlanState, Totals};

/// Sheet names.
pub const LEDGER_SHEET: &str = "台账";
pub const SUMMARY_SHEET: &str = "汇总";

/// Columns of the ledger sheet, in order.
pub const LEDGER_HEADINGS: [&str; 15] = [
    "编号",
    "行动领域",
    "任务",
    "里程碑",
    "牵头单位",
    "配合单位",
    "截止日期",
    "目标",
    "完成值",
    "进度(%)",
    "状态",
    "灯",
    "逾期",
    "备注",
    "最后变更",
];

/// Widest a column grows, in Excel character units; longer text wraps.
const MAX_WIDTH: usize = 40;
const MIN_WIDTH: usize = 6;

/// One cell's value.
enum Value {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Empty,
}

impl Value {
    fn cells(&self) -> usize {
        match self {
            Value::Text(text) => text.lines().map(super::text::width).max().unwrap_or(0),
            Value::Number(n) => format_number(*n).len(),
            Value::Date(_) => 10,
            Value::Empty => 0,
        }
    }
}

fn text(value: impl Into<String>) -> Value {
    let value = value.into();
    if value.is_empty() {
        Value::Empty
    } else {
        Value::Text(value)
    }
}

/// The fill of a light's cell.
fn light_fill(light: Light) -> Color {
    match light {
        Light::Blue => Color::RGB(0xBDD7EE),
        Light::Yellow => Color::RGB(0xFFE699),
        Light::Red => Color::RGB(0xF8CBAD),
    }
}

/// The workbook of one plan's ledger, as bytes, its lights judged by `rules`.
pub fn ledger(
    plan: &Plan,
    state: &PlanState,
    as_of: NaiveDate,
    rules: &crate::state::LightRules,
) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} 台账", plan.title))
            .set_subject(format!("截至 {as_of}")),
    );

    let entries = summary::entries(plan, state, as_of, rules);
    let rows: Vec<(Vec<Value>, Light)> = entries
        .iter()
        .map(|e| (ledger_row(e), e.standing.light))
        .collect();
    let sheet = workbook.add_worksheet();
    sheet.set_name(LEDGER_SHEET)?;
    write_table(sheet, &LEDGER_HEADINGS, &rows, Some(11), &[1, 2, 3, 13, 14])?;
    sheet.set_freeze_panes(1, 1)?;
    if !rows.is_empty() {
        sheet.autofilter(0, 0, rows.len() as u32, LEDGER_HEADINGS.len() as u16 - 1)?;
    }

    let options = Options {
        rules: *rules,
        ..Options::default()
    };
    let summary = summary::summarize(&[(plan, state)], as_of, &options);
    let plan_summary = &summary.plans[0];
    let mut rows: Vec<(Vec<Value>, Light)> = plan_summary
        .areas
        .iter()
        .map(|a| (summary_row(&a.title, &a.totals), a.totals.light()))
        .collect();
    rows.push((
        summary_row("合计", &plan_summary.totals),
        plan_summary.totals.light(),
    ));
    let sheet = workbook.add_worksheet();
    sheet.set_name(SUMMARY_SHEET)?;
    let mut headings = vec!["行动领域"];
    headings.extend(count_headings());
    headings.extend(["完成率(%)", "灯"]);
    let light_column = headings.len() - 1;
    write_table(sheet, &headings, &rows, Some(light_column), &[0])?;
    sheet.set_freeze_panes(1, 1)?;
    let below = rows.len() as u32 + 2;
    sheet.write_string(below, 0, "计划")?;
    sheet.write_string(below, 1, format!("{}（{}）", plan.title, plan.id))?;
    sheet.write_string(below + 1, 0, "截至")?;
    sheet.write_datetime_with_format(below + 1, 1, excel_date(as_of)?, &date_format())?;

    workbook.save_to_buffer()
}

fn date_format() -> Format {
    Format::new().set_num_format("yyyy-mm-dd")
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)
}

fn ledger_row(e: &Entry) -> Vec<Value> {
    let area = match e.area {
        Some(area) => format!("{}{}", area.number, area.title),
        None => e.area_title().to_string(),
    };
    let task = e
        .task
        .map(|t| format!("{}{}", t.number, t.title))
        .unwrap_or_default();
    let m = e.milestone;
    vec![
        text(&m.id),
        text(area),
        text(task),
        text(&m.title),
        text(if e.task.is_some() || !e.lead.is_empty() {
            join_units(e.lead)
        } else {
            String::new()
        }),
        text(e.support.join("、")),
        m.due.map_or(Value::Empty, Value::Date),
        text(m.target.as_ref().map(|t| t.describe()).unwrap_or_default()),
        e.state.value.map_or(Value::Empty, Value::Number),
        Value::Number((e.standing.progress * 1000.0).round() / 10.0),
        text(e.state.status.zh()),
        text(e.standing.light.zh()),
        text(if e.standing.overdue { "是" } else { "" }),
        text(e.state.note.clone().unwrap_or_default()),
        text(last_change(e)),
    ]
}

/// `2025-06-20 15:30 李四 状态 推进中 -> 已完成`, from the newest history
/// entry, else the time and person of the last update; empty when none.
pub fn last_change(e: &Entry) -> String {
    if let Some(change) = e.state.history.last() {
        let value = |v: &Option<String>| match v {
            None => "无".to_string(),
            Some(text) if change.field == crate::state::Field::Status => status_label(text),
            Some(text) => text.clone(),
        };
        let what = match change.field {
            crate::state::Field::Note => {
                format!("{} {}", field_label(change.field), value(&change.to))
            }
            _ => format!(
                "{} {} -> {}",
                field_label(change.field),
                value(&change.from),
                value(&change.to)
            ),
        };
        return format!(
            "{} {} {what}",
            change.at.format("%Y-%m-%d %H:%M"),
            change.by
        );
    }
    match (&e.state.updated, &e.state.by) {
        (Some(at), Some(by)) => format!("{} {by}", at.format("%Y-%m-%d %H:%M")),
        (Some(at), None) => at.format("%Y-%m-%d %H:%M").to_string(),
        _ => String::new(),
    }
}

fn summary_row(label: &str, t: &Totals) -> Vec<Value> {
    let mut row = vec![text(label)];
    row.extend(counts(t).map(|n| Value::Number(n as f64)));
    row.extend([Value::Number(t.percent), text(t.light().zh())]);
    row
}

/// Header in bold on row 0, then the rows; the `light_column` cell filled
/// in the row's light; `wrap` columns wrap at [`MAX_WIDTH`]; every column as
/// wide as its widest cell.
fn write_table(
    sheet: &mut Worksheet,
    headings: &[&str],
    rows: &[(Vec<Value>, Light)],
    light_column: Option<usize>,
    wrap: &[usize],
) -> Result<(), XlsxError> {
    let bold = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9D9D9));
    let mut widths: Vec<usize> = headings.iter().map(|h| super::text::width(h)).collect();
    for (col, heading) in headings.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *heading, &bold)?;
    }
    let wrapped = Format::new().set_text_wrap();
    for (index, (values, light)) in rows.iter().enumerate() {
        let row = index as u32 + 1;
        for (col, value) in values.iter().enumerate() {
            widths[col] = widths[col].max(value.cells());
            let c = col as u16;
            let mut format = if wrap.contains(&col) {
                wrapped.clone()
            } else {
                Format::new()
            };
            if light_column == Some(col) {
                format = format.set_background_color(light_fill(*light));
            }
            match value {
                Value::Text(s) => {
                    sheet.write_string_with_format(row, c, s, &format)?;
                }
                Value::Number(n) => {
                    sheet.write_number_with_format(row, c, *n, &format)?;
                }
                Value::Date(d) => {
                    sheet.write_datetime_with_format(row, c, excel_date(*d)?, &date_format())?;
                }
                Value::Empty => {}
            }
        }
    }
    for (col, cells) in widths.iter().enumerate() {
        let width = (cells + 2).clamp(MIN_WIDTH, MAX_WIDTH);
        sheet.set_column_width(col as u16, width as f64)?;
    }
    Ok(())
}
