//! The rows of a task table under its header: the title row above it, group
//! rows (areas), task rows and the rows that continue them, and the fields of
//! an empty template.

use std::sync::LazyLock;

use regex::Regex;

use super::super::document::Origin;
use super::super::ids;
use super::super::read::Sheet;
use super::super::text::trim_punct;
use super::super::units::split_units;
use super::header::{Header, Role};

static TEMPLATE_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{[^}]*\}|<jx:|</jx:|\{\{[^}]*\}\}").unwrap());

static GROUP_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|[0-9]+[、.．])\s*").unwrap()
});

static NUMERIC_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$").unwrap());

/// A task as its rows give it.
pub struct Draft {
    pub number: Option<String>,
    pub item: String,
    pub content: Vec<String>,
    pub targets: Vec<String>,
    pub lead: Vec<String>,
    pub support: Vec<String>,
    pub deadline: Option<String>,
    pub origin: Origin,
}

pub struct AreaRows {
    pub number: Option<String>,
    pub title: String,
    pub tasks: Vec<Draft>,
}

/// What the rows under a header hold.
pub struct Rows {
    /// The table's title (the last title-like row above the header).
    pub title: Option<String>,
    pub areas: Vec<AreaRows>,
    /// The first template field met (`${data.zyrw}`, `<jx:forEach`): a
    /// template has those where tasks would be.
    pub placeholder: Option<String>,
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

fn add_text(into: &mut Vec<String>, text: &str) {
    if !text.is_empty() && text != "/" && !into.iter().any(|t| t == text) {
        into.push(text.to_string());
    }
}

/// A date as a CSV or an ods date cell gives it (`2023/12/31`,
/// `2023-12-31T00:00:00`), written as the deadline parser reads dates.
pub fn written_date(cell: &str) -> String {
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

/// The last row above the header that reads as a title (`附件2` cut).
fn title_above(sheet: &Sheet, header: &Header) -> Option<String> {
    sheet.rows[..header.row]
        .iter()
        .filter_map(|row| row.iter().find(|c| !c.trim().is_empty()))
        .map(|c| {
            let c = c.trim();
            c.strip_prefix("附件")
                .map(|r| {
                    r.trim_start_matches(|ch: char| ch.is_ascii_digit() || "：:　 ".contains(ch))
                })
                .unwrap_or(c)
                .trim()
                .to_string()
        })
        .rfind(|c| c.chars().count() >= 4)
}

/// A group row: one cell filled, at the table's left edge, not a number.
fn group_row(
    row: &[String],
    filled: &[usize],
    header: &Header,
    is_number: bool,
) -> Option<AreaRows> {
    let first_col = header.columns.first().map(|(c, _, _)| *c).unwrap_or(0);
    if filled.len() != 1 || filled[0] > first_col || is_number || header.col(Role::Area).is_some() {
        return None;
    }
    let text = row[filled[0]].trim();
    let (number, title) = match GROUP_NUMBER.find(text) {
        Some(m) => (Some(m.as_str().trim().to_string()), text[m.end()..].trim()),
        None => (None, text),
    };
    Some(AreaRows {
        number,
        title: trim_punct(title).to_string(),
        tasks: Vec::new(),
    })
}

/// A group row numbered in Chinese in the 序号 column (`一` | `数字经济`)
/// while its tasks are numbered `1` `2`: it names units for no task.
fn numbered_group(number: &str, item: &str, lead: &str) -> Option<AreaRows> {
    let numeral = trim_punct(number);
    let chinese = !numeral.is_empty()
        && !numeral.chars().any(|c| c.is_ascii_digit())
        && ids::chinese_number(numeral).is_some();
    (chinese && !item.is_empty() && lead.is_empty()).then(|| AreaRows {
        number: Some(number.to_string()),
        title: trim_punct(item).to_string(),
        tasks: Vec::new(),
    })
}

/// Read the rows under `header`.
pub fn read_rows(sheet: &Sheet, header: &Header) -> Rows {
    let mut rows = Rows {
        title: title_above(sheet, header),
        areas: Vec::new(),
        placeholder: None,
    };
    let cell = |r: usize, role: Role| {
        header
            .col(role)
            .map(|c| sheet.cell(r, c).trim())
            .unwrap_or("")
    };
    for r in header.row + header.height..sheet.rows.len() {
        let row = &sheet.rows[r];
        let filled: Vec<usize> = (0..row.len())
            .filter(|c| !row[*c].trim().is_empty())
            .collect();
        if filled.is_empty() {
            continue;
        }
        if let Some(m) = row.iter().find_map(|c| TEMPLATE_FIELD.find(c)) {
            rows.placeholder
                .get_or_insert_with(|| m.as_str().to_string());
            continue;
        }
        let number = cell(r, Role::Number);
        let is_number = ids::number_value(trim_punct(number)).is_some();
        if let Some(group) = group_row(row, &filled, header, is_number)
            .or_else(|| numbered_group(number, cell(r, Role::Item), cell(r, Role::Lead)))
        {
            rows.areas.push(group);
            continue;
        }
        let area = cell(r, Role::Area);
        let new_area = rows.areas.is_empty()
            || (!area.is_empty() && rows.areas.last().is_some_and(|last| last.title != area));
        if new_area {
            rows.areas.push(AreaRows {
                number: None,
                title: area.to_string(),
                tasks: Vec::new(),
            });
        }
        let tasks = &mut rows.areas.last_mut().expect("an area").tasks;
        let (item, content) = (cell(r, Role::Item), cell(r, Role::Content));
        if !continues(tasks.last(), header, number, item, content) {
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
        if header.col(Role::Content) != header.col(Role::Item) {
            add_text(&mut task.content, content);
        }
        for c in header.cols(Role::Target) {
            add_text(&mut task.targets, sheet.cell(r, c).trim());
        }
        add_units(&mut task.lead, unit_cell(cell(r, Role::Lead)));
        add_units(&mut task.support, unit_cell(cell(r, Role::Support)));
        let deadline = cell(r, Role::Deadline);
        if task.deadline.is_none() && !deadline.is_empty() && deadline != "/" {
            task.deadline = Some(written_date(deadline));
        }
    }
    // a row with a number or units but no task text is no task
    for area in &mut rows.areas {
        area.tasks
            .retain(|t| !t.item.is_empty() || !t.content.is_empty());
    }
    rows.areas.retain(|a| !a.tasks.is_empty());
    rows
}

/// Whether a row continues the task above: its number and name are empty
/// or merged down from it; without those columns, it has no text of its own.
fn continues(
    last: Option<&Draft>,
    header: &Header,
    number: &str,
    item: &str,
    content: &str,
) -> bool {
    let Some(last) = last else { return false };
    let same_item = item.is_empty() || last.item == item;
    match (header.col(Role::Number), header.col(Role::Item)) {
        (Some(_), _) => (number.is_empty() || last.number.as_deref() == Some(number)) && same_item,
        (None, Some(_)) => same_item,
        (None, None) => content.is_empty(),
    }
}
