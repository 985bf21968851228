//! Spreadsheets as grids of cell texts: `.xlsx`, `.xls` (Excel or WPS 表格)
//! and `.ods` through calamine, `.csv` by a small RFC 4180 reader.
//!
//! Merged cells are filled as a person reads them: a region merged down
//! (`序号` or `牵头单位` spanning a task's rows) repeats its value in each row
//! of its first column; a region merged across (a title or group row) keeps
//! its value in its first cell only. calamine gives xlsx and xls merges; for
//! ods it gives none, so they are read from `content.xml`.

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Dimensions, Ods, Reader, Xls, Xlsx, open_workbook_from_rs};

use super::super::document::{Document, Origin, Paragraph};
use super::Format;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Workbook {
    pub sheets: Vec<Sheet>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    pub name: String,
    /// Cell texts from A1, merged cells filled (see the module doc).
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    /// A sheet of the given cell texts, for tests.
    #[cfg(test)]
    pub fn of_rows(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "表1".into(),
            rows: rows
                .iter()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect(),
        }
    }

    /// The text of a cell (0-based), or "" outside the grid.
    pub fn cell(&self, row: usize, col: usize) -> &str {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .map(String::as_str)
            .unwrap_or("")
    }

    pub fn origin(&self, row: usize, col: usize) -> Origin {
        Origin::Cell {
            sheet: self.name.clone(),
            row: row as u32 + 1,
            col: col as u32 + 1,
        }
    }
}

impl Workbook {
    /// Every non-empty row as a paragraph, its cells joined by tabs.
    pub fn to_document(&self) -> Document {
        let mut paragraphs = Vec::new();
        for sheet in &self.sheets {
            for (r, row) in sheet.rows.iter().enumerate() {
                let Some(first) = row.iter().position(|c| !c.trim().is_empty()) else {
                    continue;
                };
                let last = row
                    .iter()
                    .rposition(|c| !c.trim().is_empty())
                    .unwrap_or(first);
                paragraphs.push(Paragraph {
                    text: row[first..=last].join("\t"),
                    origin: sheet.origin(r, first),
                });
            }
        }
        Document { paragraphs }
    }
}

pub fn read_workbook(bytes: &[u8], format: Format) -> Result<Workbook, String> {
    let cursor = Cursor::new(bytes.to_vec());
    let err = |e: &dyn std::fmt::Display| e.to_string();
    let mut sheets = Vec::new();
    match format {
        Format::Xlsx => {
            let mut book: Xlsx<_> = open_workbook_from_rs(cursor).map_err(|e| err(&e))?;
            for name in book.sheet_names() {
                let range = book.worksheet_range(&name).map_err(|e| err(&e))?;
                let merges = book
                    .worksheet_merge_cells(&name)
                    .and_then(Result::ok)
                    .unwrap_or_default();
                sheets.push(sheet(name, &range, &merges));
            }
        }
        Format::Xls => {
            let mut book: Xls<_> = open_workbook_from_rs(cursor).map_err(|e| err(&e))?;
            for name in book.sheet_names() {
                let range = book.worksheet_range(&name).map_err(|e| err(&e))?;
                let merges = book.worksheet_merge_cells(&name).unwrap_or_default();
                sheets.push(sheet(name, &range, &merges));
            }
        }
        Format::Ods => {
            let mut merges = ods_merges(bytes);
            let mut book: Ods<_> = open_workbook_from_rs(cursor).map_err(|e| err(&e))?;
            for name in book.sheet_names() {
                let range = book.worksheet_range(&name).map_err(|e| err(&e))?;
                let merges = merges.remove(&name).unwrap_or_default();
                sheets.push(sheet(name, &range, &merges));
            }
        }
        _ => return Err(format!("{} is not a workbook", format.name())),
    }
    Ok(Workbook { sheets })
}

fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        // a 完成时限 typed as a date: written so the deadline parser reads it
        Data::DateTime(dt) => {
            let base = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("a date");
            let date = base + chrono::Duration::days(dt.as_f64().floor() as i64);
            date.format("%Y年%-m月%-d日").to_string()
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

/// The grid from A1, with merged regions filled.
fn sheet(name: String, range: &calamine::Range<Data>, merges: &[Dimensions]) -> Sheet {
    let (height, width) = match (range.start(), range.end()) {
        (Some(_), Some((r, c))) => (r as usize + 1, c as usize + 1),
        _ => (0, 0),
    };
    let mut rows = vec![vec![String::new(); width]; height];
    for (r, c, data) in range.used_cells() {
        let (r0, c0) = range.start().unwrap_or_default();
        let (r, c) = (r + r0 as usize, c + c0 as usize);
        rows[r][c] = cell_text(data);
    }
    for merge in merges {
        let (r0, c) = (merge.start.0 as usize, merge.start.1 as usize);
        let value = rows
            .get(r0)
            .and_then(|row| row.get(c))
            .cloned()
            .unwrap_or_default();
        let last = (merge.end.0 as usize).min(height.saturating_sub(1));
        for row in rows.iter_mut().take(last + 1).skip(r0 + 1) {
            if let Some(cell) = row.get_mut(c) {
                *cell = value.clone();
            }
        }
    }
    Sheet { name, rows }
}

/// The merged regions of each sheet of an ods file (`table:number-rows-spanned`
/// and `table:number-columns-spanned` in `content.xml`).
fn ods_merges(bytes: &[u8]) -> HashMap<String, Vec<Dimensions>> {
    use quick_xml::events::Event;
    let mut out: HashMap<String, Vec<Dimensions>> = HashMap::new();
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let mut xml = String::new();
    if archive
        .by_name("content.xml")
        .map(|mut f| f.read_to_string(&mut xml))
        .is_err()
    {
        return out;
    }
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut sheet, mut row, mut col) = (String::new(), 0u32, 0u32);
    let attr = |e: &quick_xml::events::BytesStart, name: &str| -> Option<String> {
        e.attributes()
            .with_checks(false)
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .map(|a| a.value.to_string())
    };
    let number = |v: Option<String>| v.and_then(|v| v.parse::<u32>().ok()).unwrap_or(1);
    loop {
        let (e, is_empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) if e.name().as_ref() == "table:table-row" => {
                continue;
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => continue,
        };
        match e.name().as_ref() {
            "table:table" => {
                sheet = attr(&e, "table:name").unwrap_or_default();
                row = 0;
            }
            "table:table-row" => {
                let repeated = number(attr(&e, "table:number-rows-repeated"));
                col = 0;
                // the row's own index is `row`; the next starts after repeats
                row += repeated;
                if is_empty {
                    continue;
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let r = row.saturating_sub(1);
                let rows = number(attr(&e, "table:number-rows-spanned"));
                let cols = number(attr(&e, "table:number-columns-spanned"));
                if e.name().as_ref() == "table:table-cell" && (rows > 1 || cols > 1) {
                    out.entry(sheet.clone())
                        .or_default()
                        .push(Dimensions::new((r, col), (r + rows - 1, col + cols - 1)));
                }
                col += number(attr(&e, "table:number-columns-repeated"));
            }
            _ => {}
        }
    }
    out
}

/// A CSV file (comma, semicolon or tab separated, fields quoted with `"`)
/// as one sheet named after the file.
pub fn read_csv(text: &str, path: &Path) -> Workbook {
    let text = text.trim_start_matches('\u{feff}');
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = [',', ';', '\t']
        .into_iter()
        .max_by_key(|d| first_line.matches(*d).count())
        .unwrap_or(',');
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    Workbook {
        sheets: vec![Sheet {
            name,
            rows: parse_csv(text, delimiter),
        }],
    }
}

fn parse_csv(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            '"' if field.is_empty() => quoted = true,
            c if c == delimiter && !quoted => {
                row.push(std::mem::take(&mut field).trim().to_string())
            }
            '\r' if !quoted => {}
            '\n' if !quoted => {
                row.push(std::mem::take(&mut field).trim().to_string());
                rows.push(std::mem::take(&mut row));
            }
            c => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field.trim().to_string());
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_commas_and_newlines() {
        let rows = parse_csv(
            "序号,任务,牵头单位\r\n1,\"建设平台，\"\"一网通办\"\"\n二期\",市大数据局\r\n",
            ',',
        );
        assert_eq!(
            rows,
            [
                vec!["序号", "任务", "牵头单位"],
                vec!["1", "建设平台，\"一网通办\"\n二期", "市大数据局"]
            ]
        );
        let book = read_csv("\u{feff}序号;任务\n1;建设", Path::new("/x/表.csv"));
        assert_eq!(book.sheets[0].name, "表");
        assert_eq!(book.sheets[0].rows[1], ["1", "建设"]);
    }

    #[test]
    fn rows_become_tab_joined_paragraphs_at_their_cells() {
        let book = Workbook {
            sheets: vec![Sheet {
                name: "表1".into(),
                rows: vec![
                    vec!["".into(), "序号".into(), "任务".into(), "".into()],
                    vec!["".into(); 4],
                    vec!["".into(), "1".into(), "建设".into(), "".into()],
                ],
            }],
        };
        let doc = book.to_document();
        assert_eq!(doc.text(), "序号\t任务\n1\t建设");
        assert_eq!(doc.paragraphs[1].origin.to_string(), "表1!B3");
    }
}
