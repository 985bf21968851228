//! The meeting report as Markdown: headings, the headline paragraph and
//! pipe tables (the burn-up as its table of points), to paste into a
//! document or a chat.

use chrono::Datelike;

use super::MeetingReport;
use super::tables::{self, Table};

pub fn render(report: &MeetingReport) -> String {
    let year = report.as_of.year();
    let mut out = format!(
        "# {}\n\n{}\n",
        tables::title(report),
        tables::dateline(report)
    );
    for plan in &report.plans {
        if report.plans.len() > 1 {
            out.push_str(&format!("\n## {}（{}）\n", plan.title, plan.id));
        }
        out.push_str(&format!(
            "\n### {}\n\n{}\n\n",
            tables::OVERVIEW,
            plan.headline(report.as_of)
        ));
        push_table(&mut out, &tables::trend(plan));
        out.push_str(&format!("\n### {}\n\n", tables::AREAS));
        push_table(&mut out, &tables::areas(plan));
        out.push_str(&format!("\n### {}\n\n", tables::UNITS));
        push_table(&mut out, &tables::units(plan));
        out.push_str(&format!("\n### {}\n\n", tables::FLAGGED));
        push_table(&mut out, &tables::flagged(plan, year));
        out.push_str(&format!(
            "\n### {}\n\n",
            tables::changes_heading(report, plan)
        ));
        push_table(&mut out, &tables::changes(plan));
    }
    out
}

fn push_table(out: &mut String, table: &Table) {
    if table.rows.is_empty() {
        out.push_str("无。\n");
        return;
    }
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    out.push_str(&format!("| {} |\n", table.headings.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(table.headings.len())));
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
}
