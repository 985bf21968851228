//! The summary as Markdown, to paste into a report: a heading per plan, the
//! totals as a sentence, then pipe tables.

use super::columns::{counts, no_rows, table_headings};
use super::render_text::{BAR_CELLS, bar};
use super::summary::{PlanSummary, Summary, attention_reason, describe_change, join_units};
use crate::state::Totals;

/// `|` and line breaks would break a table cell.
pub fn escape(text: &str) -> String {
    let text = text
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\r', '\n'], " ");
    // a terminal escape in a note or a name is shown, never obeyed
    crate::safe_text::escape(&text).into_owned()
}

pub(super) fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

pub(super) fn header(cells: &[&str], right: &[bool]) -> String {
    let mut out = row(&cells.iter().map(|c| c.to_string()).collect::<Vec<_>>());
    let rules: Vec<String> = (0..cells.len())
        .map(|i| {
            if right.get(i).copied().unwrap_or(false) {
                "---:".to_string()
            } else {
                "---".to_string()
            }
        })
        .collect();
    out.push_str(&format!("|{}|\n", rules.join("|")));
    out
}

/// 里程碑 9 项；未启动 2、推进中 4、已完成 2、受阻 1；逾期 1 项；蓝灯 4、黄灯 2、红灯 3；完成率 46.0%
pub fn totals_sentence(t: &Totals) -> String {
    format!(
        "里程碑 {} 项；未启动 {}、推进中 {}、已完成 {}、受阻 {}；逾期 {} 项；蓝灯 {}、黄灯 {}、红灯 {}；完成率 {:.1}%。",
        t.milestones,
        t.todo,
        t.doing,
        t.done,
        t.blocked,
        t.overdue,
        t.blue,
        t.yellow,
        t.red,
        t.percent
    )
}

pub fn render(summary: &Summary) -> String {
    let mut out = format!("# 台账汇总（截至 {}）\n", summary.as_of);
    if let Some(since) = summary.changed_since {
        out.push_str(&format!("\n变化统计自 {since} 起。\n"));
    }
    for plan in &summary.plans {
        out.push('\n');
        out.push_str(&plan_section(summary, plan));
    }
    out
}

fn plan_section(summary: &Summary, plan: &PlanSummary) -> String {
    let mut out = format!("## {}（{}）\n\n", escape(&plan.title), plan.id);
    out.push_str(&format!("**合计**：{}\n\n", totals_sentence(&plan.totals)));

    let by = summary.by;
    let rows = plan.rows(by);
    if rows.is_empty() {
        out.push_str(no_rows(summary.overdue_only));
    } else {
        let headings = table_headings(by.heading());
        let mut right = vec![false];
        right.extend([true; 10]);
        out.push_str(&header(&headings, &right));
        for r in &rows {
            let t = r.totals;
            let mut cells = vec![escape(r.label)];
            cells.extend(counts(t).map(|n| n.to_string()));
            cells.extend([
                format!("{:.1}%", t.percent),
                t.light().zh().to_string(),
                format!("`{}`", bar(t.percent, BAR_CELLS)),
            ]);
            out.push_str(&row(&cells));
        }
    }

    let heading = if summary.overdue_only {
        "逾期事项"
    } else {
        "需关注事项（逾期或红灯）"
    };
    out.push_str(&format!("\n### {heading}\n\n"));
    if plan.attention.is_empty() {
        out.push_str("无。\n");
    } else {
        out.push_str(&header(
            &["编号", "事项", "截止日期", "牵头单位", "灯", "情况"],
            &[],
        ));
        for item in &plan.attention {
            out.push_str(&row(&[
                format!("`{}`", item.id),
                escape(&item.title),
                item.due.map_or("-".to_string(), |d| d.to_string()),
                escape(&join_units(&item.lead)),
                item.light.zh().to_string(),
                attention_reason(item),
            ]));
        }
    }

    if let (Some(changes), Some(since)) = (&plan.changes, summary.changed_since) {
        out.push_str(&format!("\n### 自 {since} 以来的变化\n\n"));
        if changes.is_empty() {
            out.push_str("无。\n");
        } else {
            out.push_str(&header(&["时间", "编号", "事项", "变化", "记录人"], &[]));
            for moved in changes {
                let mut change = describe_change(moved);
                if let Some(note) = moved.note.as_deref().filter(|n| !n.is_empty()) {
                    change.push_str(&format!("（{note}）"));
                }
                out.push_str(&row(&[
                    moved.at.format("%Y-%m-%d %H:%M").to_string(),
                    format!("`{}`", moved.id),
                    escape(&moved.title),
                    escape(&change),
                    escape(&moved.by),
                ]));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_escaped() {
        assert_eq!(escape("a|b\nc"), "a\\|b c");
        assert_eq!(
            header(&["单位", "数"], &[false, true]),
            "| 单位 | 数 |\n|---|---:|\n"
        );
    }
}
