//! `taizhang ingest`: reading the fill-in workbooks lead units send back
//! (as Excel, WPS or LibreOffice saved them: xlsx, xls, ods), checking every
//! cell, and working out what changes (see [`diff`]). Nothing here writes:
//! the command applies the changes through the state store.
//!
//! A workbook is matched by its hidden sheet (`report::fillin_xlsx`): the
//! plan, unit, period, the export time and each milestone's state as
//! exported. A workbook without it, or of a plan not loaded, is refused.

pub mod diff;
pub mod problem;

pub use problem::{BadCell, CellProblem, IngestError, NotOurs, Place, PlanRefused, Unreadable};

use std::path::Path;

use calamine::{Data, Range, Reader, open_workbook_auto};
use chrono::{DateTime, FixedOffset};

use crate::plan::quantity::ValueError;
use crate::plan::{Plan, Target};
use crate::report::fillin_xlsx::{
    FILL_SHEET, ID_HEADING, MARKER, META_FIELDS, META_SHEET, META_VERSION, REPORT_COLUMNS,
    REPORTER_LABEL, STATUS_HEADING, VALUE_HEADING,
};
use crate::state::{Field, Period, Status, format::value_text};

/// A returned workbook, read and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Returned {
    pub file: String,
    pub plan: String,
    pub unit: String,
    pub period: Period,
    pub exported: DateTime<FixedOffset>,
    /// When the unit's program last saved it (never before the export).
    pub saved: DateTime<FixedOffset>,
    /// The sheet's 填报人, when filled in.
    pub reporter: Option<String>,
    pub rows: Vec<Row>,
}

impl Returned {
    /// Who the changes are recorded as made by: the 填报人, else the unit.
    pub fn by(&self) -> &str {
        self.reporter.as_deref().unwrap_or(&self.unit)
    }
}

/// One milestone's row: each field of [`META_FIELDS`] as exported and as
/// returned, as the texts a change records.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub milestone: String,
    pub exported: Vec<Option<String>>,
    pub returned: Vec<Option<String>>,
}

/// A 完成值 typed as text, in the target's unit: read as targets are written
/// (`1.2万`, `12000`, `1.2`, `65%`: see [`crate::plan::quantity::parse_value`]),
/// as `mark --value` and the app's value prompt read it.
pub fn value_in_target_unit(text: &str, target: &Target) -> Result<f64, ValueError> {
    crate::plan::quantity::parse_value(text, target)
}

/// Read and check `path`; `plan_of` finds a loaded plan by id, or says
/// why the workbook's plan is not taken.
pub fn read<'p>(
    path: &Path,
    plan_of: &dyn Fn(&str) -> Result<&'p Plan, PlanRefused>,
) -> Result<(Returned, &'p Plan), IngestError> {
    let file = path.display().to_string();
    let mut book = open(path).map_err(|why| IngestError::Unreadable {
        file: file.clone(),
        why,
    })?;
    let not_ours = |why: NotOurs| IngestError::NotOurs {
        file: file.clone(),
        why,
    };
    let meta = book
        .worksheet_range(META_SHEET)
        .map_err(|_| not_ours(NotOurs::NoHiddenSheet))?;
    let key = |name: &str| -> Option<String> {
        (0..meta.height() as u32)
            .find(|r| cell_text(&meta, *r, 0).as_deref() == Some(name))
            .and_then(|r| cell_text(&meta, r, 1))
    };
    if key(MARKER).as_deref() != Some(META_VERSION) {
        return Err(not_ours(NotOurs::NoMarker));
    }
    let (Some(plan_id), Some(unit), Some(period), Some(exported)) =
        (key("plan"), key("unit"), key("period"), key("exported"))
    else {
        return Err(not_ours(NotOurs::Incomplete));
    };
    let period: Period = period
        .parse()
        .map_err(|bad| not_ours(NotOurs::BadPeriod(bad)))?;
    let exported =
        DateTime::parse_from_rfc3339(&exported).map_err(|_| not_ours(NotOurs::BadExportTime))?;
    let plan = plan_of(&plan_id).map_err(|why| IngestError::OtherPlan {
        file: file.clone(),
        plan: plan_id.clone(),
        why,
    })?;
    let exported_rows = exported_state(&meta);
    let sheet = book
        .worksheet_range(FILL_SHEET)
        .map_err(|_| not_ours(NotOurs::NoFillSheet))?;
    let saved = saved_time(path).map_or(exported, |t| t.max(exported));
    let (rows, reporter) = read_rows(&sheet, plan, &exported_rows, &file)?;
    Ok((
        Returned {
            file,
            plan: plan_id,
            unit,
            period,
            exported,
            saved,
            reporter,
            rows,
        },
        plan,
    ))
}

/// The workbook, or why it does not open: the file itself first, so a
/// missing file is said as such and not as a reader's detail.
fn open(path: &Path) -> Result<calamine::Sheets<std::io::BufReader<std::fs::File>>, Unreadable> {
    std::fs::File::open(path).map_err(Unreadable::Io)?;
    open_workbook_auto(path).map_err(|err| match err {
        // what calamine says when no reader takes the contents
        calamine::Error::Msg(_) => Unreadable::UnknownFormat,
        other => Unreadable::Damaged(other.to_string()),
    })
}

/// The hidden table: milestone id → its fields as exported.
fn exported_state(meta: &Range<Data>) -> Vec<(String, Vec<Option<String>>)> {
    let Some(header) =
        (0..meta.height() as u32).find(|r| cell_text(meta, *r, 0).as_deref() == Some("milestone"))
    else {
        return Vec::new();
    };
    let columns: Vec<Option<u32>> = META_FIELDS
        .iter()
        .map(|f| {
            (1..meta.width() as u32)
                .find(|c| cell_text(meta, header, *c).as_deref() == Some(f.as_str()))
        })
        .collect();
    (header + 1..meta.height() as u32)
        .filter_map(|r| {
            let id = cell_text(meta, r, 0)?;
            let fields = columns
                .iter()
                .map(|c| c.and_then(|c| cell_text(meta, r, c)))
                .collect();
            Some((id, fields))
        })
        .collect()
}

fn read_rows(
    sheet: &Range<Data>,
    plan: &Plan,
    exported: &[(String, Vec<Option<String>>)],
    file: &str,
) -> Result<(Vec<Row>, Option<String>), IngestError> {
    let bad = |row: u32, column: u32, problem: CellProblem| BadCell {
        place: Place {
            file: file.to_string(),
            row,
            column,
        },
        problem,
    };
    let height = sheet.end().map_or(0, |(r, _)| r + 1);
    let header = (0..height).find(|r| cell_text(sheet, *r, 0).as_deref() == Some(ID_HEADING));
    let Some(header) = header else {
        return Err(IngestError::Cells(vec![bad(0, 0, CellProblem::NoHeader)]));
    };
    let reporter = (0..header)
        .find(|r| cell_text(sheet, *r, 0).as_deref() == Some(REPORTER_LABEL))
        .and_then(|r| cell_text(sheet, r, 1));
    let columns = fill_columns(sheet, header, &bad)?;
    let mut problems = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    for r in header + 1..height {
        let Some(id) = cell_text(sheet, r, 0) else {
            if columns.iter().any(|c| cell_text(sheet, r, *c).is_some()) {
                problems.push(bad(r, 0, CellProblem::RowWithoutId));
            }
            continue;
        };
        let known = match plan.find_milestone(&id) {
            None => Err(CellProblem::NotInPlan {
                id: id.clone(),
                plan: plan.id.clone(),
            }),
            Some(found) => match exported.iter().find(|(m, _)| *m == id) {
                None => Err(CellProblem::NotExported(id.clone())),
                Some(_) if rows.iter().any(|row| row.milestone == id) => {
                    Err(CellProblem::Twice(id.clone()))
                }
                Some((_, was)) => Ok((found.milestone.target.as_ref(), was)),
            },
        };
        match known {
            Err(problem) => problems.push(bad(r, 0, problem)),
            Ok((target, was)) => {
                let cells = Cells {
                    sheet,
                    row: r,
                    columns: &columns,
                    bad: &bad,
                };
                if let Some(returned) = cells.returned(target, &mut problems) {
                    rows.push(Row {
                        milestone: id,
                        exported: was.iter().map(|t| t.as_deref().map(normalise)).collect(),
                        returned,
                    });
                }
            }
        }
    }
    if problems.is_empty() {
        Ok((rows, reporter))
    } else {
        Err(IngestError::Cells(problems))
    }
}

/// The columns of 完成值, 状态 and the report parts, in that order, or a
/// problem for each heading the header row lacks.
fn fill_columns(
    sheet: &Range<Data>,
    header: u32,
    bad: &dyn Fn(u32, u32, CellProblem) -> BadCell,
) -> Result<Vec<u32>, IngestError> {
    let width = sheet.end().map_or(0, |(_, c)| c + 1);
    let column = |heading: &str| {
        (0..width).find(|c| cell_text(sheet, header, *c).as_deref() == Some(heading))
    };
    let mut problems = Vec::new();
    let mut columns = Vec::new();
    for heading in [VALUE_HEADING, STATUS_HEADING]
        .into_iter()
        .chain(REPORT_COLUMNS.iter().map(|(h, _)| *h))
    {
        match column(heading) {
            Some(c) => columns.push(c),
            None => problems.push(bad(header, 0, CellProblem::NoColumn(heading))),
        }
    }
    if problems.is_empty() {
        Ok(columns)
    } else {
        Err(IngestError::Cells(problems))
    }
}

/// The fill-in cells of one row: 完成值, 状态, then the report columns.
struct Cells<'a> {
    sheet: &'a Range<Data>,
    row: u32,
    columns: &'a [u32],
    /// A problem at (row, column).
    bad: &'a dyn Fn(u32, u32, CellProblem) -> BadCell,
}

impl Cells<'_> {
    /// The row's fields in [`META_FIELDS`] order (status, value, the
    /// report parts), or `None` with its problems pushed.
    fn returned(
        &self,
        target: Option<&Target>,
        problems: &mut Vec<BadCell>,
    ) -> Option<Vec<Option<String>>> {
        let (r, [value_col, status_col, report_cols @ ..]) = (self.row, self.columns) else {
            return None;
        };
        let status_text = cell_text(self.sheet, r, *status_col);
        let status = match status_text.as_deref().map(str::parse::<Status>) {
            Some(Ok(status)) => Some(status.as_str().to_string()),
            _ => {
                let problem = CellProblem::NotAStatus(status_text);
                problems.push((self.bad)(r, *status_col, problem));
                None
            }
        };
        let value = match read_value(self.sheet, r, *value_col, target) {
            Ok(value) => Some(value.map(value_text)),
            Err(problem) => {
                problems.push((self.bad)(r, *value_col, problem));
                None
            }
        };
        let (Some(status), Some(value)) = (status, value) else {
            return None;
        };
        let mut returned = vec![Some(status), value];
        returned.extend(report_cols.iter().map(|c| cell_text(self.sheet, r, *c)));
        Some(returned)
    }
}

/// 完成值: a number cell, or text read by [`value_in_target_unit`]; empty
/// is no value. A milestone without a numeric target takes none.
fn read_value(
    sheet: &Range<Data>,
    r: u32,
    c: u32,
    target: Option<&Target>,
) -> Result<Option<f64>, CellProblem> {
    let cell = sheet.get_value((r, c)).unwrap_or(&Data::Empty);
    let number = match cell {
        Data::Empty => return Ok(None),
        Data::String(s) if s.trim().is_empty() => return Ok(None),
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    };
    let Some(target) = target else {
        return Err(CellProblem::NoTarget);
    };
    match (number, cell) {
        (Some(n), _) => Ok(Some(n)),
        (None, Data::String(s)) => value_in_target_unit(s, target)
            .map(Some)
            .map_err(CellProblem::Value),
        (None, other) => Err(CellProblem::NotANumber(other.to_string())),
    }
}

/// A cell as text: trimmed, line ends made `\n`; `None` when empty.
fn cell_text(range: &Range<Data>, r: u32, c: u32) -> Option<String> {
    let text = match range.get_value((r, c))? {
        Data::Empty => return None,
        Data::String(s) => s.clone(),
        Data::Float(f) => crate::plan::model::format_number(*f),
        Data::Int(i) => i.to_string(),
        other => other.to_string(),
    };
    Some(normalise(&text)).filter(|t| !t.is_empty())
}

fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string()
}

/// `A`, `B`, … `Z`, `AA`: a column's letters.
pub fn column_name(index: u32) -> String {
    let mut n = index + 1;
    let mut name = String::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        name.insert(0, (b'A' + rem as u8) as char);
        n = (n - 1) / 26;
    }
    name
}

/// When the file was last saved: its document properties (xlsx
/// `docProps/core.xml`, ods `meta.xml`), else the file's time.
fn saved_time(path: &Path) -> Option<DateTime<FixedOffset>> {
    let from_props = || -> Option<DateTime<FixedOffset>> {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
        for (entry, tag) in [
            ("docProps/core.xml", "dcterms:modified"),
            ("meta.xml", "dc:date"),
        ] {
            let Ok(mut file) = zip.by_name(entry) else {
                continue;
            };
            let mut xml = String::new();
            std::io::Read::read_to_string(&mut file, &mut xml).ok()?;
            let start = xml.find(&format!("<{tag}"))?;
            let text = xml[start..].split_once('>')?.1.split_once('<')?.0;
            return parse_time(text.trim());
        }
        None
    };
    from_props().or_else(|| {
        let modified = std::fs::metadata(path).ok()?.modified().ok()?;
        Some(DateTime::<chrono::Local>::from(modified).fixed_offset())
    })
}

/// RFC 3339, or a time without offset (taken as local).
fn parse_time(text: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_rfc3339(text).ok().or_else(|| {
        let naive = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").ok()?;
        naive
            .and_local_timezone(chrono::Local)
            .single()
            .map(|t| t.fixed_offset())
    })
}

/// The report part held in column `heading` (for messages).
pub fn field_heading(field: Field) -> &'static str {
    match field {
        Field::Status => STATUS_HEADING,
        Field::Value => VALUE_HEADING,
        _ => REPORT_COLUMNS
            .iter()
            .find(|(_, f)| *f == field)
            .map_or("", |(h, _)| h),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Comparator;

    #[test]
    fn column_names_are_spreadsheet_letters() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(7), "H");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
    }

    #[test]
    fn values_are_read_in_the_target_s_unit() {
        let target = Target {
            value: 1.7,
            max: None,
            unit: "万个".into(),
            comparator: Comparator::AtLeast,
        };
        assert_eq!(value_in_target_unit("1.2", &target), Ok(1.2));
        assert_eq!(value_in_target_unit(" 1.2万个 ", &target), Ok(1.2));
        assert_eq!(value_in_target_unit("1.2万", &target), Ok(1.2));
        // a count written out in 个 is read as 万个, as mark --value reads it
        assert_eq!(value_in_target_unit("12,000", &target), Ok(1.2));
        let err = value_in_target_unit("约一万", &target).unwrap_err();
        assert!(matches!(err, ValueError::NotANumber { .. }), "{err:?}");
    }
}
