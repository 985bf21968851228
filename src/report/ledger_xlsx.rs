//! `taizhang export PLAN --format xlsx`: the ledger (台账) as a workbook.
//! Sheet 台账: a title row, a header row, then one row per milestone in
//! document order (goals first), header frozen and filterable, the light
//! cell filled in its colour. Sheet 汇总: the per-area summary with a 合计
//! row, and the plan and as-of date below it. Column widths follow the
//! display width of the contents (a Chinese character counts two), capped,
//! long text wrapped; both sheets print on A4 landscape (see `sheet`).

use chrono::NaiveDate;
use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

use super::columns::{count_headings, counts};
use super::sheet::{
    Column, DATE_WIDTH, Kind, Value, body_format, column, date_format, excel_date, print_setup,
    text, title_row, wide, write_table,
};
use super::summary::{self, Entry, Options, join_units};
use crate::plan::Plan;
use crate::state::report::reports;
use crate::state::{Field, Light, PlanState, Totals};

/// Sheet names.
pub const LEDGER_SHEET: &str = "台账";
pub const SUMMARY_SHEET: &str = "汇总";

/// Columns of the ledger sheet, in order: heading and how its cells are
/// written (wrapped, a date, a percentage, the light's fill).
pub const LEDGER_COLUMNS: [Column; 19] = [
    column("编号", Kind::Plain),
    column("行动领域", Kind::Wrap),
    column("任务", Kind::Wrap),
    column("里程碑", Kind::Wrap),
    column("牵头单位", Kind::Wrap),
    column("配合单位", Kind::Wrap),
    column("截止日期", Kind::Date),
    column("目标", Kind::Plain),
    column("完成值", Kind::Plain),
    column("进度", Kind::Percent),
    column("状态", Kind::Plain),
    column("灯", Kind::Light),
    column("逾期", Kind::Plain),
    column("备注", Kind::Wrap),
    column("最后变更", Kind::Wrap),
    // the latest period's progress report
    column("报告期", Kind::Plain),
    wide("进展情况", Kind::Wrap, 16),
    wide("存在问题", Kind::Wrap, 16),
    wide("下步计划", Kind::Wrap, 16),
];

/// The row of the headings (row 0 is the title); data starts below it.
pub const HEADER_ROW: u32 = 1;
/// Where the plan and as-of date go under the 汇总 table: label, value.
const BELOW_LABEL_COL: u16 = 0;
const BELOW_VALUE_COL: u16 = 1;

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
    let rows: Vec<Vec<Value>> = entries.iter().map(ledger_row).collect();
    let lights: Vec<Light> = entries.iter().map(|e| e.standing.light).collect();
    let sheet = workbook.add_worksheet();
    sheet.set_name(LEDGER_SHEET)?;
    let title = format!("{} 台账（截至 {as_of}）", plan.title);
    title_row(sheet, 0, LEDGER_COLUMNS.len(), &title)?;
    write_table(
        sheet,
        HEADER_ROW,
        &LEDGER_COLUMNS,
        &rows,
        &|_, kind, row| body_format(kind, Some(lights[row])),
    )?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    if !rows.is_empty() {
        let last_row = HEADER_ROW + rows.len() as u32;
        sheet.autofilter(HEADER_ROW, 0, last_row, LEDGER_COLUMNS.len() as u16 - 1)?;
    }
    print_setup(sheet, (0, HEADER_ROW))?;

    let options = Options {
        rules: *rules,
        ..Options::default()
    };
    let summary = summary::summarize(&[(plan, state)], as_of, &options);
    let plan_summary = &summary.plans[0];
    let mut rows: Vec<Vec<Value>> = Vec::new();
    let mut lights: Vec<Light> = Vec::new();
    for area in &plan_summary.areas {
        rows.push(summary_row(&area.title, &area.totals));
        lights.push(area.totals.light());
    }
    rows.push(summary_row("合计", &plan_summary.totals));
    lights.push(plan_summary.totals.light());
    let sheet = workbook.add_worksheet();
    sheet.set_name(SUMMARY_SHEET)?;
    let columns = summary_columns();
    let title = format!("{} 汇总（截至 {as_of}）", plan.title);
    title_row(sheet, 0, columns.len(), &title)?;
    let widths = write_table(sheet, HEADER_ROW, &columns, &rows, &|_, kind, row| {
        body_format(kind, Some(lights[row]))
    })?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    print_setup(sheet, (0, HEADER_ROW))?;
    let below = HEADER_ROW + rows.len() as u32 + 2;
    sheet.write_string(below, BELOW_LABEL_COL, "计划")?;
    sheet.write_string(
        below,
        BELOW_VALUE_COL,
        format!("{}（{}）", plan.title, plan.id),
    )?;
    sheet.write_string(below + 1, BELOW_LABEL_COL, "截至")?;
    sheet.write_datetime_with_format(
        below + 1,
        BELOW_VALUE_COL,
        excel_date(as_of)?,
        &date_format(),
    )?;
    // the as-of date must fit its column, or it prints as ####
    let value_width = widths[BELOW_VALUE_COL as usize].max(DATE_WIDTH);
    sheet.set_column_width(BELOW_VALUE_COL, value_width as f64)?;

    workbook.save_to_buffer()
}

/// 行动领域, the count columns, 完成率(%), 灯.
fn summary_columns() -> Vec<Column> {
    let mut columns = vec![column("行动领域", Kind::Wrap)];
    columns.extend(count_headings().map(|h| column(h, Kind::Plain)));
    columns.extend([column("完成率(%)", Kind::Plain), column("灯", Kind::Light)]);
    columns
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
    let report = reports(e.state).pop();
    let report_part = |field| {
        text(
            report
                .as_ref()
                .and_then(|r| r.part(field))
                .unwrap_or_default(),
        )
    };
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
        Value::Number((e.standing.progress * 1000.0).round() / 1000.0),
        text(e.state.status.zh()),
        text(e.standing.light.zh()),
        text(if e.standing.overdue { "是" } else { "" }),
        text(e.state.note.clone().unwrap_or_default()),
        text(last_change(e)),
        text(
            report
                .as_ref()
                .map(|r| r.period.clone())
                .unwrap_or_default(),
        ),
        report_part(Field::Progress),
        report_part(Field::Problems),
        report_part(Field::Next),
    ]
}

/// `2025-06-20 15:30 李四 状态 推进中 -> 已完成`, from the newest history
/// entry, else the time and person of the last update; empty when none.
pub fn last_change(e: &Entry) -> String {
    if let Some(change) = e.state.history.last() {
        return crate::i18n::history_line(change, crate::config::Locale::Zh);
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
