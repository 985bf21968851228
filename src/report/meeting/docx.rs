//! The meeting report as a Word document (docx) that Word and WPS open: A4,
//! headings in 黑体 and body in 仿宋 as official 通报 are set, the tables as
//! Word tables and the charts as PNG images (the same pictures as the
//! HTML's SVG, from `charts`).

use std::io::Cursor;

use chrono::Datelike;
use docx_rs::{
    AlignmentType, BreakType, Docx, PageMargin, Paragraph, Pic, Run, RunFonts, Shading, Table,
    TableCell, TableRow, WidthType,
};

use super::charts::{self, Chart};
use super::tables;
use super::{MeetingReport, PlanReport};
use crate::state::Light;

/// A4 in twentieths of a point, and margins of about 2.5 cm / 2.8 cm.
const A4: (u32, u32) = (11906, 16838);
const MARGIN_TOP: i32 = 1440;
const MARGIN_SIDE: i32 = 1588;
/// Font sizes in half-points: 二号 22pt title, 三号 16pt headings and body,
/// 五号 10.5pt tables.
const TITLE_SIZE: usize = 44;
const HEADING_SIZE: usize = 32;
const BODY_SIZE: usize = 32;
const TABLE_SIZE: usize = 21;
/// Charts 15.5 cm wide, in EMU.
const CHART_WIDTH_EMU: u32 = 5_580_000;

const HEITI: &str = "黑体";
const FANGSONG: &str = "仿宋";

fn fonts(east_asia: &str, latin: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(latin)
        .hi_ansi(latin)
        .cs(latin)
}

fn heiti() -> RunFonts {
    fonts(HEITI, "SimHei")
}

fn fangsong() -> RunFonts {
    fonts(FANGSONG, "FangSong")
}

fn text_run(text: &str, fonts: RunFonts, size: usize) -> Run {
    Run::new().add_text(text).fonts(fonts).size(size)
}

fn heading(text: &str) -> Paragraph {
    Paragraph::new().add_run(text_run(text, heiti(), HEADING_SIZE))
}

fn body(text: &str) -> Paragraph {
    // two characters' indent, as official texts begin a paragraph
    Paragraph::new()
        .indent(
            None,
            Some(docx_rs::SpecialIndentType::FirstLine(640)),
            None,
            None,
        )
        .add_run(text_run(text, fangsong(), BODY_SIZE))
}

fn caption(text: &str) -> Paragraph {
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(text_run(text, fangsong(), TABLE_SIZE))
}

/// The document as docx bytes.
pub fn render(report: &MeetingReport) -> Result<Vec<u8>, String> {
    let labels = charts::labels_available();
    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_TOP)
                .left(MARGIN_SIDE)
                .right(MARGIN_SIDE),
        )
        .default_fonts(fangsong())
        .default_size(BODY_SIZE)
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(text_run(&tables::title(report), heiti(), TITLE_SIZE)),
        )
        .add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(text_run(&tables::dateline(report), fangsong(), BODY_SIZE)),
        );
    for (index, plan) in report.plans.iter().enumerate() {
        if index > 0 {
            doc =
                doc.add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)));
        }
        doc = plan_section(doc, report, plan, labels);
    }
    let mut out = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| format!("cannot build the document: {e}"))?;
    repeat_header_rows(&out.into_inner()).map_err(|e| format!("cannot build the document: {e}"))
}

/// docx-rs cannot mark a table's heading row to repeat on every page
/// (`w:tblHeader`), which a long list of red items needs; so the package is
/// rewritten with it. Heading rows are the only rows without `cantSplit`
/// (see [`table`]): their empty `<w:trPr />` is what is replaced.
fn repeat_header_rows(package: &[u8]) -> Result<Vec<u8>, zip::result::ZipError> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(Cursor::new(package))?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut file = archive.by_index(index)?;
        if file.name() != "word/document.xml" {
            out.raw_copy_file(file)?;
            continue;
        }
        let mut xml = String::new();
        file.read_to_string(&mut xml)?;
        let xml = xml.replace("<w:tr><w:trPr />", "<w:tr><w:trPr><w:tblHeader /></w:trPr>");
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        out.start_file(file.name().to_string(), options)?;
        out.write_all(xml.as_bytes())?;
    }
    Ok(out.finish()?.into_inner())
}

fn plan_section(mut doc: Docx, report: &MeetingReport, plan: &PlanReport, labels: bool) -> Docx {
    if report.plans.len() > 1 {
        doc = doc.add_paragraph(heading(&format!("{}（{}）", plan.title, plan.id)));
    }
    doc = doc
        .add_paragraph(heading(tables::OVERVIEW))
        .add_paragraph(body(&plan.headline(report.as_of)))
        .add_paragraph(image(Chart::BurnUp(&plan.trend), labels))
        .add_paragraph(caption(tables::BURN_UP_CAPTION))
        .add_paragraph(heading(tables::AREAS))
        .add_table(table(&tables::areas(plan)))
        .add_paragraph(image(Chart::AreaLights(&plan.areas), labels))
        .add_paragraph(caption(tables::AREA_CAPTION))
        .add_paragraph(heading(tables::UNITS))
        .add_table(table(&tables::units(plan)))
        .add_paragraph(image(Chart::Scorecard(&plan.scorecard), labels))
        .add_paragraph(caption(tables::UNIT_CAPTION))
        .add_paragraph(heading(tables::FLAGGED));
    doc = with_table(doc, &tables::flagged(plan, report.as_of.year()));
    doc = doc.add_paragraph(heading(&tables::changes_heading(report, plan)));
    with_table(doc, &tables::changes(plan))
}

fn with_table(doc: Docx, data: &tables::Table) -> Docx {
    if data.rows.is_empty() {
        doc.add_paragraph(body("无。"))
    } else {
        doc.add_table(table(data))
    }
}

fn image(chart: Chart, labels: bool) -> Paragraph {
    let png = charts::png(chart, labels);
    let height = CHART_WIDTH_EMU as u64 * charts::HEIGHT as u64 / charts::WIDTH as u64;
    let pic = Pic::new_with_dimensions(png, charts::WIDTH, charts::HEIGHT)
        .size(CHART_WIDTH_EMU, height as u32);
    Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_image(pic))
}

fn light_fill(light: Light) -> &'static str {
    match light {
        Light::Blue => "BDD7EE",
        Light::Yellow => "FFE699",
        Light::Red => "F8CBAD",
    }
}

fn cell(text: &str, fonts: RunFonts, fill: Option<&str>) -> TableCell {
    let mut cell =
        TableCell::new().add_paragraph(Paragraph::new().add_run(text_run(text, fonts, TABLE_SIZE)));
    if let Some(fill) = fill {
        cell = cell.shading(Shading::new().fill(fill));
    }
    cell
}

/// Column widths in twips over the text width, in proportion to the
/// longest text of each column (between 2 and 14 characters), so names and
/// reasons get room and counts stay narrow.
fn column_widths(data: &tables::Table) -> Vec<usize> {
    let text_width = (A4.0 as i32 - 2 * MARGIN_SIDE) as usize;
    let weights: Vec<usize> = (0..data.headings.len())
        .map(|column| {
            let cells = data.rows.iter().filter_map(|row| row.get(column));
            let longest = cells
                .map(|c| c.chars().count())
                .chain([data.headings[column].chars().count().min(4)])
                .max()
                .unwrap_or(2);
            longest.clamp(2, 14)
        })
        .collect();
    let total: usize = weights.iter().sum::<usize>().max(1);
    weights.iter().map(|w| text_width * w / total).collect()
}

fn table(data: &tables::Table) -> Table {
    let widths = column_widths(data);
    let sized = |c: TableCell, column: usize| c.width(widths[column], WidthType::Dxa);
    let header = TableRow::new(
        data.headings
            .iter()
            .enumerate()
            .map(|(i, h)| sized(cell(h, heiti(), Some("E7E6E6")), i))
            .collect(),
    );
    let rows = data.rows.iter().zip(&data.lights).map(|(row, light)| {
        TableRow::new(
            row.iter()
                .enumerate()
                .map(|(i, text)| {
                    let fill = light.filter(|l| text == l.zh()).map(light_fill);
                    sized(cell(text, fangsong(), fill), i)
                })
                .collect(),
        )
        .cant_split()
    });
    Table::new(std::iter::once(header).chain(rows).collect())
        .set_grid(widths.clone())
        .width(widths.iter().sum(), WidthType::Dxa)
}
