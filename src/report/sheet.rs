//! What every workbook taizhang writes shares: a table whose columns are
//! described once (heading and kind: the kind says how a cell is formatted,
//! wrapped or filled, so no code keeps column numbers by hand), a title row,
//! borders, row heights that show wrapped text, and print settings as the
//! offices print them (A4 landscape, fitted to the page width, the title and
//! header rows repeated on every page).

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Worksheet, XlsxError,
};

use crate::plan::model::format_number;
use crate::state::Light;

/// How a column's cells are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Short text or numbers, on one line.
    Plain,
    /// Long text: wrapped at [`MAX_WIDTH`], the row made tall enough.
    Wrap,
    /// A date cell shown `yyyy-mm-dd`.
    Date,
    /// A share (0–1) shown as a percentage with one decimal.
    Percent,
    /// The light's name, the cell filled in its colour.
    Light,
}

/// One column: its heading and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub heading: &'static str,
    pub kind: Kind,
    /// Narrowest it may be (a column to be filled in starts empty).
    pub min_width: usize,
}

pub const fn column(heading: &'static str, kind: Kind) -> Column {
    Column {
        heading,
        kind,
        min_width: MIN_WIDTH,
    }
}

/// A column at least `min_width` units wide.
pub const fn wide(heading: &'static str, kind: Kind, min_width: usize) -> Column {
    Column {
        heading,
        kind,
        min_width,
    }
}

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Empty,
}

impl Value {
    /// Display cells of the widest line (a Chinese character counts two).
    fn cells(&self) -> usize {
        match self {
            Value::Text(text) => text.lines().map(super::text::width).max().unwrap_or(0),
            Value::Number(n) => format_number(*n).len(),
            Value::Date(_) => DATE_WIDTH,
            Value::Empty => 0,
        }
    }
}

/// Text, or an empty cell for empty text.
pub fn text(value: impl Into<String>) -> Value {
    let value = value.into();
    if value.is_empty() {
        Value::Empty
    } else {
        Value::Text(value)
    }
}

/// Widest a column grows, in Excel character units; longer text wraps.
pub const MAX_WIDTH: usize = 40;
const MIN_WIDTH: usize = 6;
/// `2025-06-30` and a little room: narrower shows `####` in Excel.
pub const DATE_WIDTH: usize = 12;
/// Points per line of 11-point text, CJK fonts included.
const LINE_HEIGHT: f64 = 16.0;

/// A4 in Excel's paper-size numbering.
pub const PAPER_A4: u8 = 9;

/// The fill and font colour of a light's cell: strong enough that red,
/// yellow and blue read as red, yellow and blue, on screen and on paper.
pub fn light_colors(light: Light) -> (Color, Color) {
    match light {
        Light::Blue => (Color::RGB(0x2F75B5), Color::White),
        Light::Yellow => (Color::RGB(0xFFFF00), Color::Black),
        Light::Red => (Color::RGB(0xFF0000), Color::White),
    }
}

pub fn date_format() -> Format {
    Format::new().set_num_format("yyyy-mm-dd")
}

pub fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)
}

/// A table cell: thin borders, text at the top.
pub fn cell_format() -> Format {
    Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top)
}

fn heading_format() -> Format {
    cell_format()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xD9D9D9))
}

/// The format of a body cell of `kind`.
pub fn body_format(kind: Kind, light: Option<Light>) -> Format {
    let base = cell_format();
    match kind {
        Kind::Plain => base,
        Kind::Wrap => base.set_text_wrap(),
        Kind::Date => base.set_num_format("yyyy-mm-dd"),
        Kind::Percent => base.set_num_format("0.0%"),
        Kind::Light => match light {
            Some(light) => {
                let (fill, font) = light_colors(light);
                base.set_background_color(fill)
                    .set_font_color(font)
                    .set_bold()
                    .set_align(FormatAlign::Center)
            }
            None => base,
        },
    }
}

/// The title row: `title` in bold across all columns of row `row`.
pub fn title_row(
    sheet: &mut Worksheet,
    row: u32,
    columns: usize,
    title: &str,
) -> Result<(), XlsxError> {
    let format = Format::new()
        .set_bold()
        .set_font_size(16)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    let last = columns.max(2) as u16 - 1;
    sheet.merge_range(row, 0, row, last, title, &format)?;
    sheet.set_row_height(row, 30)?;
    Ok(())
}

/// Write the header at `header_row` and the rows under it (`format_of` gives
/// each body cell's format: column index, kind, row index); set column
/// widths to the contents and row heights to the wrapped text. The widths.
pub fn write_table(
    sheet: &mut Worksheet,
    header_row: u32,
    columns: &[Column],
    rows: &[Vec<Value>],
    format_of: &dyn Fn(usize, Kind, usize) -> Format,
) -> Result<Vec<usize>, XlsxError> {
    let widths = column_widths(columns, rows);
    let heading = heading_format();
    for (col, column) in columns.iter().enumerate() {
        sheet.write_string_with_format(header_row, col as u16, column.heading, &heading)?;
    }
    let heading_lines = columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| lines_needed(c.heading, *w))
        .max()
        .unwrap_or(1);
    sheet.set_row_height(header_row, LINE_HEIGHT * heading_lines as f64 + 4.0)?;
    for (index, values) in rows.iter().enumerate() {
        let row = header_row + 1 + index as u32;
        let mut lines = 1;
        for (col, (value, column)) in values.iter().zip(columns).enumerate() {
            let format = format_of(col, column.kind, index);
            write_value(sheet, row, col as u16, value, &format)?;
            if column.kind == Kind::Wrap
                && let Value::Text(text) = value
            {
                lines = lines.max(lines_needed(text, widths[col]));
            }
        }
        sheet.set_row_height(row, LINE_HEIGHT * lines as f64 + 4.0)?;
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, *width as f64)?;
    }
    Ok(widths)
}

/// Every column as wide as its widest cell (and heading), within bounds;
/// a date column never narrower than a date.
pub fn column_widths(columns: &[Column], rows: &[Vec<Value>]) -> Vec<usize> {
    columns
        .iter()
        .enumerate()
        .map(|(col, column)| {
            let widest = rows
                .iter()
                .filter_map(|r| r.get(col))
                .map(Value::cells)
                .chain([heading_cells(column)])
                .max()
                .unwrap_or(0);
            let floor = if column.kind == Kind::Date {
                DATE_WIDTH.max(column.min_width)
            } else {
                column.min_width
            };
            (widest + 2).clamp(floor, MAX_WIDTH)
        })
        .collect()
}

/// A heading may wrap onto two lines: half its width (plus room) will do.
fn heading_cells(column: &Column) -> usize {
    let width = super::text::width(column.heading);
    if width > 8 {
        width.div_ceil(2) + 1
    } else {
        width
    }
}

/// Lines `text` takes in a wrapped column `width` units wide.
pub fn lines_needed(text: &str, width: usize) -> usize {
    let room = width.saturating_sub(1).max(1);
    text.lines()
        .map(|line| super::text::width(line).div_ceil(room).max(1))
        .sum::<usize>()
        .max(1)
}

pub fn write_value(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: &Value,
    format: &Format,
) -> Result<(), XlsxError> {
    match value {
        Value::Text(s) => sheet.write_string_with_format(row, col, s, format)?,
        Value::Number(n) => sheet.write_number_with_format(row, col, *n, format)?,
        Value::Date(d) => sheet.write_datetime_with_format(row, col, excel_date(*d)?, format)?,
        // written blank, so the borders print
        Value::Empty => sheet.write_blank(row, col, format)?,
    };
    Ok(())
}

/// Print as offices do: A4 landscape, all columns on the page width (as
/// many pages down as it takes), rows `repeated.0..=repeated.1` (the
/// title and header) on every page, centred, page numbers in the footer.
pub fn print_setup(sheet: &mut Worksheet, repeated: (u32, u32)) -> Result<(), XlsxError> {
    sheet.set_landscape();
    sheet.set_paper_size(PAPER_A4);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(repeated.0, repeated.1)?;
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    sheet.set_footer("&C第 &P 页，共 &N 页");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_text_takes_the_lines_it_needs() {
        // 20 Chinese characters are 40 cells: three lines in a column 20 wide
        assert_eq!(lines_needed(&"字".repeat(20), 20), 3);
        assert_eq!(lines_needed("短", 20), 1);
        assert_eq!(lines_needed("一\n二\n三", 20), 3);
        assert_eq!(lines_needed("", 20), 1);
    }

    #[test]
    fn lights_fill_in_plain_red_yellow_and_blue() {
        let fill = |light| match light_colors(light).0 {
            Color::RGB(rgb) => rgb,
            other => panic!("{other:?}"),
        };
        assert_eq!(fill(Light::Red), 0xFF0000);
        assert_eq!(fill(Light::Yellow), 0xFFFF00);
        // a full blue, dark enough for white text
        assert_eq!(fill(Light::Blue), 0x2F75B5);
    }

    #[test]
    fn date_columns_fit_a_date() {
        let columns = [column("日期", Kind::Date), column("数", Kind::Plain)];
        let widths = column_widths(&columns, &[vec![Value::Empty, Value::Number(1.0)]]);
        assert_eq!(widths, vec![DATE_WIDTH, MIN_WIDTH]);
    }
}
