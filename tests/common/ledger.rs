//! The ledger tests' helpers: one lead unit's fill-in workbook of the demo
//! plan exported as of 2025-06-20, read back, and ingested.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use super::Home;
use super::workbook::cell;

pub const AS_OF: &str = "2025-06-20";
pub const GX: &str = "市工业和信息化局";
pub const FG: &str = "市发展改革委";

/// `export demo --format xlsx --lead UNIT -o FILE`, and `extra`; stdout.
pub fn export(home: &Home, unit: &str, file: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "--as-of",
        AS_OF,
        "export",
        "demo",
        "--format",
        "xlsx",
        "--lead",
        unit,
        "-o",
        file.to_str().unwrap(),
    ];
    args.extend(extra);
    home.ok(&args)
}

/// GX's workbook of the demo plan exported as of 2025-06-20 (once per
/// `dir`), and a copy re-saved by 王五 after the export with `fill`, as
/// `name` in the same folder: what a unit sends back.
pub fn filled(home: &Home, dir: &Path, name: &str, fill: &[(&str, &str, Data)]) -> String {
    let sent = dir.join("sent.xlsx");
    if !sent.exists() {
        export(home, GX, &sent, &[]);
    }
    let back = dir.join(name);
    super::workbook::refill(&sent, &back, fill, "王五", "2099-01-01T00:00:00Z");
    back.to_str().unwrap().to_string()
}

/// The milestone ids of sheet 填报, under its header row (row 10).
pub fn ids(file: &Path) -> Vec<String> {
    let mut book = open_workbook_auto(file).unwrap();
    let sheet = book.worksheet_range("填报").unwrap();
    (10..sheet.height() as u32)
        .filter_map(|r| match cell(&sheet, r, 0) {
            Data::String(id) => Some(id),
            _ => None,
        })
        .collect()
}

pub fn zip_text(file: &Path, entry: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut zip.by_name(entry).unwrap(), &mut text).unwrap();
    text
}

/// `taizhang ingest ARGS`.
pub fn ingest(home: &Home, args: &[&str]) -> std::process::Output {
    let mut all = vec!["ingest"];
    all.extend(args);
    home.run(&all)
}

/// Bytes as text, lossily (stdout and stderr).
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
