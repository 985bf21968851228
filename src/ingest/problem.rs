//! Why a returned workbook is refused, as data: each type's `Display` is
//! the English, and `crate::i18n::ledger::ingest_error` renders the
//! Chinese from the same fields, so a message is never translated back
//! from English text.

use std::fmt;

use crate::plan::quantity::ValueError;
use crate::report::fillin_xlsx::{FILL_SHEET, ID_HEADING, META_SHEET, VALUE_HEADING};
use crate::state::{BadPeriod, Status};

#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{file}: cannot read as a workbook (xlsx, xls or ods): {why}")]
    Unreadable { file: String, why: Unreadable },
    #[error(
        "{file}: not a fill-in workbook made by taizhang ({why}); make one with `taizhang export PLAN --format xlsx --lead UNIT -o FILE`"
    )]
    NotOurs { file: String, why: NotOurs },
    #[error("{file}: a fill-in workbook of plan `{plan}`, {why}")]
    OtherPlan {
        file: String,
        plan: String,
        why: PlanRefused,
    },
    /// Every bad cell, one line each.
    #[error("{}", lines(.0))]
    Cells(Vec<BadCell>),
}

fn lines(cells: &[BadCell]) -> String {
    let lines: Vec<String> = cells.iter().map(BadCell::to_string).collect();
    lines.join("\n")
}

/// Why the file does not open as a workbook.
#[derive(Debug, thiserror::Error)]
pub enum Unreadable {
    /// The file itself cannot be opened (missing, not allowed).
    #[error("{0}")]
    Io(std::io::Error),
    /// Neither xlsx, xls, xlsb nor ods by its contents.
    #[error("not a workbook format taizhang reads")]
    UnknownFormat,
    /// A workbook format, but damaged: the reader's own detail.
    #[error("{0}")]
    Damaged(String),
}

/// Why a workbook is not one of taizhang's fill-in workbooks.
#[derive(Debug, thiserror::Error)]
pub enum NotOurs {
    #[error("it has no hidden sheet {META_SHEET}")]
    NoHiddenSheet,
    #[error("its hidden sheet lacks the taizhang marker")]
    NoMarker,
    #[error("its hidden sheet is incomplete")]
    Incomplete,
    #[error("{0}")]
    BadPeriod(BadPeriod),
    #[error("its export time does not read")]
    BadExportTime,
    #[error("it has no sheet {FILL_SHEET}")]
    NoFillSheet,
}

/// Why the workbook's plan is not taken.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PlanRefused {
    /// `--plan` named another.
    #[error("not of plan `{0}` named by --plan")]
    NotNamed(String),
    #[error("which is not loaded (load it with --plans DIR)")]
    NotLoaded,
}

/// One bad cell (or row, or header) of sheet 填报, at its place.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{place}: {problem}")]
pub struct BadCell {
    pub place: Place,
    pub problem: CellProblem,
}

/// `FILE:填报!H12`: the file, and the cell of sheet 填报 (0-based here).
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub file: String,
    pub row: u32,
    pub column: u32,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let column = super::column_name(self.column);
        write!(f, "{}:{FILL_SHEET}!{column}{}", self.file, self.row + 1)
    }
}

/// What is wrong with a cell.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CellProblem {
    #[error("no header row (a row starting with {ID_HEADING})")]
    NoHeader,
    /// A column heading the header row lacks.
    #[error("no column {0}")]
    NoColumn(&'static str),
    #[error("a filled-in row without {ID_HEADING}")]
    RowWithoutId,
    #[error("`{id}` is not a milestone of plan `{plan}`")]
    NotInPlan { id: String, plan: String },
    #[error("milestone `{0}` was not in this workbook when it was exported")]
    NotExported(String),
    #[error("milestone `{0}` appears twice")]
    Twice(String),
    /// The 状态 as written, `None` when empty.
    #[error("{} is not a status: choose one of {}", quoted_or_empty(.0), statuses())]
    NotAStatus(Option<String>),
    #[error("this milestone has no numeric target: leave {VALUE_HEADING} empty")]
    NoTarget,
    /// A 完成值 typed as text that does not read against the target.
    #[error("{0}")]
    Value(ValueError),
    /// A 完成值 cell that is neither a number nor text (a date, a truth
    /// value, an error), as the spreadsheet shows it.
    #[error("`{0}` is not a number: write the value as a number, such as 1.2 or 12000")]
    NotANumber(String),
}

fn quoted_or_empty(text: &Option<String>) -> String {
    text.as_ref()
        .map_or("an empty cell".to_string(), |s| format!("`{s}`"))
}

/// The statuses a 状态 cell takes, as its drop-down lists them.
pub fn statuses() -> String {
    Status::ALL.map(|s| s.zh()).join("、")
}
