//! The roll-up over many plans (`report::rollup`) as text, Markdown and
//! CSV, every figure from the one columns table
//! (`columns::ROLLUP_COLUMNS`).

use super::columns::{Figure, ROLLUP_ATTENTION_HEADINGS, ROLLUP_COLUMNS, rollup_headings};
use super::csv;
use super::render_markdown::{escape, header as md_header, row as md_row};
use super::render_text::{
    BAR_CELLS, Cell, Paint, Style, TITLE_CELLS, bar, cell, clip, count_cell, header_line, painted,
    table, totals_line,
};
use super::rollup::{PlanAttention, Rollup, RollupBy};
use super::summary::{attention_reason, join_units};
use crate::state::Totals;

/// A table row of the roll-up, whatever it is of: its own cells (id and
/// title, or unit and plan count) and its totals.
struct Line<'a> {
    own: Vec<String>,
    totals: &'a Totals,
}

fn lines(rollup: &Rollup) -> (Vec<&'static str>, Vec<Line<'_>>) {
    match (&rollup.leads, rollup.by) {
        (Some(leads), RollupBy::Lead) => (
            vec!["牵头单位", "计划数"],
            leads
                .iter()
                .map(|r| Line {
                    own: vec![r.unit.clone(), r.plans.to_string()],
                    totals: &r.totals,
                })
                .collect(),
        ),
        _ => (
            vec!["编号", "计划"],
            rollup
                .plans
                .iter()
                .map(|r| Line {
                    own: vec![r.id.clone(), r.title.clone()],
                    totals: &r.totals,
                })
                .collect(),
        ),
    }
}

fn figures(totals: &Totals) -> impl Iterator<Item = (Figure, Option<crate::state::Light>)> + '_ {
    ROLLUP_COLUMNS
        .iter()
        .map(move |c| ((c.get)(totals), c.alarm))
}

/// `计划 140 个  按完成率（低者在前）`
fn scope(rollup: &Rollup) -> String {
    format!("计划 {} 个  {}", rollup.plan_count, rollup.sort.zh())
}

fn attention_heading(rollup: &Rollup) -> String {
    let what = if rollup.overdue_only {
        "逾期事项"
    } else {
        "需关注（逾期或红灯）"
    };
    let total = rollup.attention_total;
    if total == 0 {
        format!("{what}：无")
    } else if rollup.attention.len() < total {
        format!(
            "{what}：共 {total} 项，列出逾期最久的 {} 项（--all 列出全部）",
            rollup.attention.len()
        )
    } else {
        format!("{what}：共 {total} 项")
    }
}

fn attention_cells(item: &PlanAttention) -> [String; 7] {
    let a = &item.item;
    [
        item.plan.clone(),
        a.id.clone(),
        a.title.clone(),
        a.due.map_or("-".to_string(), |d| d.to_string()),
        join_units(&a.lead),
        a.light.zh().to_string(),
        attention_reason(a),
    ]
}

/// The roll-up as text for people.
pub fn text(rollup: &Rollup, style: &Style) -> String {
    let mut out = header_line(rollup.as_of, None, style);
    out.push_str(&format!(
        "{}\n合计：{}  {}\n\n",
        scope(rollup),
        totals_line(&rollup.totals),
        bar(rollup.totals.percent, BAR_CELLS)
    ));
    let (own, rows) = lines(rollup);
    if rows.is_empty() {
        out.push_str(super::columns::no_rows(rollup.overdue_only));
    } else {
        let mut headings = vec!["排名"];
        headings.extend(rollup_headings(&own));
        headings.push("进度");
        let cells: Vec<Vec<Cell>> = rows
            .iter()
            .enumerate()
            .map(|(rank, row)| {
                let mut cells = vec![cell((rank + 1).to_string())];
                cells.extend(row.own.iter().map(|c| cell(clip(c, TITLE_CELLS))));
                cells.extend(
                    figures(row.totals).map(|(figure, alarm)| match (figure, alarm) {
                        (Figure::Count(n), Some(alarm)) => count_cell(n, alarm),
                        (Figure::Light(light), _) => painted(light.zh(), Paint::Light(light)),
                        (figure, _) => cell(figure.text()),
                    }),
                );
                cells.push(cell(bar(row.totals.percent, BAR_CELLS)));
                cells
            })
            .collect();
        // rank right; the row's own columns left (a plan count right); figures right
        let mut right = vec![true, false, own[1] == "计划数"];
        right.extend([true; 6]);
        out.push_str(&table(&headings, &cells, &right, style));
    }
    out.push('\n');
    out.push_str(&attention_heading(rollup));
    out.push('\n');
    if !rollup.attention.is_empty() {
        let cells: Vec<Vec<Cell>> = rollup
            .attention
            .iter()
            .map(|item| {
                let [plan, id, title, due, lead, light, reason] = attention_cells(item);
                vec![
                    cell(plan),
                    painted(id, Paint::Muted),
                    cell(clip(&title, TITLE_CELLS)),
                    cell(due),
                    cell(clip(&lead, TITLE_CELLS)),
                    painted(light, Paint::Light(item.item.light)),
                    cell(reason),
                ]
            })
            .collect();
        out.push_str(&table(&ROLLUP_ATTENTION_HEADINGS, &cells, &[], style));
    }
    out
}

/// The roll-up as Markdown, to paste into a report.
pub fn markdown(rollup: &Rollup) -> String {
    let mut out = format!("# 台账汇总（截至 {}）\n\n", rollup.as_of);
    out.push_str(&format!(
        "{}。\n\n**合计**：{}\n\n",
        scope(rollup),
        super::render_markdown::totals_sentence(&rollup.totals)
    ));
    let (own, rows) = lines(rollup);
    if rows.is_empty() {
        out.push_str(super::columns::no_rows(rollup.overdue_only));
    } else {
        let mut headings = vec!["排名"];
        headings.extend(rollup_headings(&own));
        let mut right = vec![true, false, own[1] == "计划数"];
        right.extend([true; 6]);
        out.push_str(&md_header(&headings, &right));
        for (rank, row) in rows.iter().enumerate() {
            let mut cells = vec![(rank + 1).to_string()];
            cells.extend(row.own.iter().map(|c| escape(c)));
            cells.extend(figures(row.totals).map(|(f, _)| f.text()));
            out.push_str(&md_row(&cells));
        }
    }
    out.push_str(&format!("\n### {}\n\n", attention_heading(rollup)));
    if !rollup.attention.is_empty() {
        out.push_str(&md_header(&ROLLUP_ATTENTION_HEADINGS, &[]));
        for item in &rollup.attention {
            let mut cells = attention_cells(item).map(|c| escape(&c));
            cells[1] = format!("`{}`", cells[1]);
            out.push_str(&md_row(&cells));
        }
    }
    out
}

/// The roll-up as CSV: one row per plan (or unit), the figures of the
/// columns table; the attention list is not a table of the same rows and
/// stays in the other formats.
pub fn csv(rollup: &Rollup) -> String {
    let (own, rows) = lines(rollup);
    let mut header: Vec<String> = own.iter().map(|h| h.to_string()).collect();
    header.extend(ROLLUP_COLUMNS.iter().map(|c| c.csv_heading.to_string()));
    let mut out = String::from(csv::BOM);
    out.push_str(&csv::line(&header));
    for row in rows {
        let mut fields = row.own.clone();
        fields.extend(figures(row.totals).map(|(f, _)| f.csv()));
        out.push_str(&csv::line(&fields));
    }
    out
}
