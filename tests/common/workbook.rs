//! A spreadsheet program's re-save of a fill-in workbook, made in the
//! tests with calamine and rust_xlsxwriter (the LibreOffice round trip in
//! tests/ledger_ingest.rs is the real program).

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

/// The cell at row `r`, column `c` (0-based), empty when none.
pub fn cell(range: &calamine::Range<Data>, r: u32, c: u32) -> Data {
    range.get_value((r, c)).cloned().unwrap_or(Data::Empty)
}

/// A string cell.
pub fn s(text: &str) -> Data {
    Data::String(text.into())
}

/// A spreadsheet program's re-save of `src` with cells filled in: every
/// cell of every sheet copied (the hidden sheet stays hidden), then `fill`
/// (milestone id, column heading, value) and the 填报人 written; the file
/// says it was saved at `saved`.
pub fn refill(src: &Path, dst: &Path, fill: &[(&str, &str, Data)], reporter: &str, saved: &str) {
    let mut book = open_workbook_auto(src).unwrap();
    let mut out = Workbook::new();
    let saved = ExcelDateTime::parse_from_str(saved).unwrap();
    out.set_properties(&DocProperties::new().set_creation_datetime(&saved));
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let sheet = out.add_worksheet();
        sheet.set_name(&name).unwrap();
        sheet.set_hidden(name == "_taizhang");
        let header = (0..range.height() as u32).find(|r| cell(&range, *r, 0) == s("编号"));
        for (r, row) in range.rows().enumerate() {
            for (c, value) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                let id = cell(&range, r, 0);
                let mut value = value.clone();
                if let Some(h) = header {
                    for (milestone, heading, filled) in fill {
                        if id == s(milestone) && cell(&range, h, c as u32) == s(heading) {
                            value = filled.clone();
                        }
                    }
                }
                if c == 1 && id == s("填报人") {
                    value = s(reporter);
                }
                match value {
                    Data::String(t) => drop(sheet.write_string(r, c, t)),
                    Data::Float(f) => drop(sheet.write_number(r, c, f)),
                    Data::Int(i) => drop(sheet.write_number(r, c, i as f64)),
                    Data::DateTime(d) => drop(sheet.write_number(r, c, d.as_f64())),
                    _ => {}
                }
            }
        }
    }
    out.save(dst).unwrap();
}
