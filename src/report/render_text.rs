//! The summary as text for people: tables aligned by display width (a
//! Chinese character is two cells), progress bars of plain ASCII (one cell
//! on every terminal, Chinese ones included: block characters such as █ are
//! East-Asian-ambiguous and take two cells there), and colour only when the
//! caller asks for it (see `cli::summary` for when it does).

use chrono::NaiveDate;

use super::columns::{COUNT_COLUMNS, counts_line, no_rows, table_headings};
use super::summary::{
    GroupBy, Moved, PlanSummary, Summary, attention_reason, describe_change, join_units,
};
use super::text::width;
use crate::config::Colour;
use crate::state::{Light, Totals};

/// The bar's filled and empty cells.
pub const BAR_FILL: char = '#';
pub const BAR_EMPTY: char = '-';
/// Cells of a progress bar, brackets excluded.
pub const BAR_CELLS: usize = 10;
/// Titles longer than this many cells are cut (and end in `..`).
pub(super) const TITLE_CELLS: usize = 36;

/// SGR parameters (`94`, `38;2;r;g;b`) of the colours the summary uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    pub blue: String,
    pub yellow: String,
    pub red: String,
    pub accent: String,
    pub muted: String,
}

impl Default for Palette {
    fn default() -> Self {
        Self {
            blue: "94".into(),
            yellow: "33".into(),
            red: "91".into(),
            accent: "36".into(),
            muted: "90".into(),
        }
    }
}

impl Palette {
    /// The settings' colours (parsed and checked with the config).
    pub fn from_config(colors: &crate::config::Colors) -> Self {
        Self {
            blue: sgr(colors.blue),
            yellow: sgr(colors.yellow),
            red: sgr(colors.red),
            accent: sgr(colors.accent),
            muted: sgr(colors.muted),
        }
    }

    fn light(&self, light: Light) -> &str {
        match light {
            Light::Blue => &self.blue,
            Light::Yellow => &self.yellow,
            Light::Red => &self.red,
        }
    }
}

/// The SGR foreground parameters of a colour: `31`, `94`, `38;5;9`,
/// `38;2;r;g;b`, `39` for reset.
pub fn sgr(colour: Colour) -> String {
    match colour {
        Colour::Reset => "39".to_string(),
        Colour::Basic(index @ 0..8) => (30 + index).to_string(),
        Colour::Basic(index) => (90 + (index - 8) % 8).to_string(),
        Colour::Indexed(index) => format!("38;5;{index}"),
        Colour::Rgb(r, g, b) => format!("38;2;{r};{g};{b}"),
    }
}

/// What to colour a cell with.
#[derive(Debug, Clone, Copy)]
pub(super) enum Paint {
    Light(Light),
    Accent,
    Muted,
}

/// How to draw: with a palette, or without any escape codes.
#[derive(Debug, Clone, Default)]
pub struct Style {
    pub palette: Option<Palette>,
}

impl Style {
    pub fn plain() -> Self {
        Self { palette: None }
    }

    pub fn colored(palette: Palette) -> Self {
        Self {
            palette: Some(palette),
        }
    }

    fn paint(&self, text: &str, paint: Option<Paint>) -> String {
        let mut out = String::with_capacity(text.len() + 12);
        self.paint_into(&mut out, text, paint);
        out
    }

    /// [`paint`](Self::paint), appended to `out` (no allocation).
    fn paint_into(&self, out: &mut String, text: &str, paint: Option<Paint>) {
        let (Some(palette), Some(paint)) = (&self.palette, paint) else {
            out.push_str(text);
            return;
        };
        let code = match paint {
            Paint::Light(light) => palette.light(light),
            Paint::Accent => &palette.accent,
            Paint::Muted => &palette.muted,
        };
        out.push_str("\x1b[");
        out.push_str(code);
        out.push('m');
        out.push_str(text);
        out.push_str("\x1b[0m");
    }
}

/// `[####------]`: `percent` (0–100) of `cells`, rounded to the nearest cell.
pub fn bar(percent: f64, cells: usize) -> String {
    let filled = ((percent.clamp(0.0, 100.0) / 100.0) * cells as f64).round() as usize;
    let mut text = String::with_capacity(cells + 2);
    text.push('[');
    text.extend(std::iter::repeat_n(BAR_FILL, filled));
    text.extend(std::iter::repeat_n(BAR_EMPTY, cells - filled));
    text.push(']');
    text
}

/// `text`, cut to at most `cells` cells, ending in `..` when cut.
pub fn clip(text: &str, cells: usize) -> String {
    if width(text) <= cells {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w + 2 > cells {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push_str("..");
    out
}

pub(super) struct Cell {
    text: String,
    paint: Option<Paint>,
}

/// A cell's text comes from plan and state files: a control character in
/// it (a terminal escape, a newline) is shown escaped, never obeyed.
pub(super) fn cell(text: impl Into<String>) -> Cell {
    Cell {
        text: shown(text.into()),
        paint: None,
    }
}

pub(super) fn painted(text: impl Into<String>, paint: Paint) -> Cell {
    Cell {
        text: shown(text.into()),
        paint: Some(paint),
    }
}

fn shown(text: String) -> String {
    match crate::safe_text::escape(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(escaped) => escaped,
    }
}

/// A table, columns two spaces apart, padded by display width before any
/// colour is added (escape codes take no cells); `right[i]` right-aligns
/// column i. No trailing spaces. Written straight into one string: at a
/// province's scale (27,000 rows) allocating per cell was most of the
/// rendering time.
pub(super) fn table(header: &[&str], rows: &[Vec<Cell>], right: &[bool], style: &Style) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    let mut cell_widths: Vec<usize> = Vec::with_capacity(rows.len() * header.len());
    for row in rows {
        for (i, c) in row.iter().enumerate() {
            let w = width(&c.text);
            widths[i] = widths[i].max(w);
            cell_widths.push(w);
        }
    }
    let header_row: Vec<Cell> = header.iter().map(|h| painted(*h, Paint::Muted)).collect();
    let mut known = cell_widths.into_iter();
    let mut out = String::with_capacity((rows.len() + 1) * widths.iter().sum::<usize>() * 2);
    for (index, row) in std::iter::once(&header_row).chain(rows).enumerate() {
        let line_start = out.len();
        let last = row.len().saturating_sub(1);
        for (i, c) in row.iter().enumerate() {
            let right = right.get(i).copied().unwrap_or(false);
            let text = c.text.as_str();
            let cells = if index == 0 {
                width(text)
            } else {
                known.next().unwrap_or(0)
            };
            let fill = if i == last && !right {
                0
            } else {
                widths[i].saturating_sub(cells)
            };
            // keep the padding (and the text's own outer spaces) outside the colour
            let body = text.trim();
            if right {
                push_spaces(&mut out, fill);
            }
            if body.is_empty() {
                out.push_str(text);
            } else {
                let lead = text.len() - text.trim_start().len();
                out.push_str(&text[..lead]);
                style.paint_into(&mut out, body, c.paint);
                out.push_str(&text[lead + body.len()..]);
            }
            if !right {
                push_spaces(&mut out, fill);
            }
            if i != last {
                out.push_str("  ");
            }
        }
        let kept = out[line_start..].trim_end().len();
        out.truncate(line_start + kept);
        out.push('\n');
    }
    out
}

fn push_spaces(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

/// The whole summary as text.
pub fn render(summary: &Summary, style: &Style) -> String {
    let mut out = header_line(summary.as_of, summary.changed_since, style);
    // each plan's section on its own (136 at a province's scale: in parallel)
    let sections = crate::par::map(&summary.plans, |plan| plan_section(summary, plan, style));
    out.reserve(sections.iter().map(|s| s.len() + 1).sum());
    for section in sections {
        out.push('\n');
        out.push_str(&section);
    }
    if summary.plans.is_empty() {
        out.push_str("\n没有计划。\n");
    }
    out
}

pub(super) fn header_line(as_of: NaiveDate, since: Option<NaiveDate>, style: &Style) -> String {
    let mut line = format!("台账汇总  截至 {as_of}");
    if let Some(since) = since {
        line.push_str(&format!("  变化自 {since}"));
    }
    format!("{}\n", style.paint(&line, Some(Paint::Accent)))
}

/// `里程碑 9  未启动 2 …  完成率 46.0%`
pub fn totals_line(totals: &Totals) -> String {
    format!(
        "{}  完成率 {:.1}%",
        counts_line(totals, "  "),
        totals.percent
    )
}

fn plan_section(summary: &Summary, plan: &PlanSummary, style: &Style) -> String {
    let mut out = String::new();
    let title = shown(format!("{}（{}）", plan.title, plan.id));
    out.push_str(&style.paint(&title, Some(Paint::Accent)));
    out.push('\n');
    out.push_str(&format!(
        "合计：{}  {}\n\n",
        totals_line(&plan.totals),
        bar(plan.totals.percent, BAR_CELLS)
    ));
    out.push_str(&group_table(summary, plan, style));
    out.push('\n');
    out.push_str(&attention_table(summary, plan, style));
    if let (Some(changes), Some(since)) = (&plan.changes, summary.changed_since) {
        out.push('\n');
        out.push_str(&changes_table(changes, since, style));
    }
    out
}

/// A row per area, lead unit or status, with its counts, light and bar.
fn group_table(summary: &Summary, plan: &PlanSummary, style: &Style) -> String {
    let by = summary.by;
    let rows = plan.rows(by);
    if rows.is_empty() {
        return no_rows(summary.overdue_only).to_string();
    }
    let header = table_headings(by.heading());
    let cells: Vec<Vec<Cell>> = rows
        .iter()
        .map(|row| {
            let t = row.totals;
            let label = if by == GroupBy::Status {
                row.label.to_string()
            } else {
                clip(row.label, TITLE_CELLS)
            };
            let light = t.light();
            let mut cells = vec![cell(label)];
            cells.extend(COUNT_COLUMNS.iter().map(|column| {
                let n = (column.get)(t);
                match column.alarm {
                    Some(alarm) => count_cell(n, alarm),
                    None => cell(n.to_string()),
                }
            }));
            cells.extend([
                cell(format!("{:.1}%", t.percent)),
                painted(light.zh(), Paint::Light(light)),
                cell(bar(t.percent, BAR_CELLS)),
            ]);
            cells
        })
        .collect();
    let mut right = vec![false];
    right.extend([true; 10]);
    table(&header, &cells, &right, style)
}

/// The milestones overdue or red (overdue only with `--overdue`).
fn attention_table(summary: &Summary, plan: &PlanSummary, style: &Style) -> String {
    let heading = if summary.overdue_only {
        "逾期事项"
    } else {
        "需关注（逾期或红灯）"
    };
    if plan.attention.is_empty() {
        return format!("{heading}：无\n");
    }
    let cells: Vec<Vec<Cell>> = plan
        .attention
        .iter()
        .map(|item| {
            vec![
                painted(item.id.clone(), Paint::Muted),
                cell(clip(&item.title, TITLE_CELLS)),
                cell(item.due.map_or("-".to_string(), |d| d.to_string())),
                cell(join_units(&item.lead)),
                painted(item.light.zh(), Paint::Light(item.light)),
                cell(attention_reason(item)),
            ]
        })
        .collect();
    format!("{heading}：{} 项\n", plan.attention.len())
        + &table(
            &["编号", "事项", "截止日期", "牵头单位", "灯", "情况"],
            &cells,
            &[],
            style,
        )
}

/// What changed since `--changed-since`, in time order.
fn changes_table(changes: &[Moved], since: NaiveDate, style: &Style) -> String {
    if changes.is_empty() {
        return format!("自 {since} 以来的变化：无\n");
    }
    let cells: Vec<Vec<Cell>> = changes
        .iter()
        .map(|moved| {
            let mut change = describe_change(moved);
            if let Some(note) = moved.note.as_deref().filter(|n| !n.is_empty()) {
                change.push_str(&format!("（{note}）"));
            }
            vec![
                cell(moved.at.format("%Y-%m-%d %H:%M").to_string()),
                painted(moved.id.clone(), Paint::Muted),
                cell(clip(&moved.title, TITLE_CELLS)),
                cell(change),
                cell(moved.by.clone()),
            ]
        })
        .collect();
    format!("自 {since} 以来的变化：{} 条\n", changes.len())
        + &table(
            &["时间", "编号", "事项", "变化", "记录人"],
            &cells,
            &[],
            style,
        )
}

/// A count, coloured when not zero.
pub(super) fn count_cell(count: usize, light: Light) -> Cell {
    if count > 0 {
        painted(count.to_string(), Paint::Light(light))
    } else {
        cell(count.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthChar;

    #[test]
    fn bar_chars_are_one_cell_on_chinese_terminals() {
        for ch in [BAR_FILL, BAR_EMPTY, '[', ']', '.'] {
            assert_eq!(ch.width(), Some(1), "{ch:?}");
            assert_eq!(ch.width_cjk(), Some(1), "{ch:?} is ambiguous width");
        }
        // the characters this module avoids, for the record
        for ch in ['█', '▇', '■', '●', '·', '—', '→', '…'] {
            assert_ne!(ch.width_cjk(), Some(1), "{ch:?}");
        }
    }

    #[test]
    fn bar_rounds_to_cells() {
        assert_eq!(bar(0.0, 10), "[----------]");
        assert_eq!(bar(46.0, 10), "[#####-----]");
        assert_eq!(bar(44.9, 10), "[####------]");
        assert_eq!(bar(100.0, 10), "[##########]");
        assert_eq!(bar(130.0, 4), "[####]");
    }

    #[test]
    fn clip_counts_cells() {
        assert_eq!(clip("推进企业上云", 20), "推进企业上云");
        assert_eq!(clip("推进企业上云", 8), "推进企..");
        assert_eq!(width(&clip("推进企业上云用云", 9)), 8);
    }

    #[test]
    fn colour_names() {
        let code = |name: &str| sgr(name.parse().unwrap());
        assert_eq!(code("lightblue"), "94");
        assert_eq!(code("red"), "31");
        assert_eq!(code("gray"), "37");
        assert_eq!(code("darkgray"), "90");
        assert_eq!(code("white"), "97");
        assert_eq!(code("9"), "38;5;9");
        assert_eq!(code("#FF8000"), "38;2;255;128;0");
        assert_eq!(code("reset"), "39");
    }

    #[test]
    fn colour_stays_outside_the_padding() {
        let rows = vec![vec![cell("济宁"), painted("红", Paint::Light(Light::Red))]];
        let plain = table(&["单位", "灯"], &rows, &[], &Style::plain());
        assert_eq!(plain, "单位  灯\n济宁  红\n");
        assert!(!plain.contains('\x1b'));
        let colored = table(
            &["单位", "灯"],
            &rows,
            &[],
            &Style::colored(Palette::default()),
        );
        assert!(colored.contains("济宁  \x1b[91m红\x1b[0m\n"), "{colored:?}");
    }
}
