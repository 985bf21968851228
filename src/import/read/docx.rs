//! Word `.docx`: the body's paragraphs and tables in order, with Word's
//! automatic numbering (`word/numbering.xml`) put back in front of the
//! paragraphs it numbers: in a plan typed in Word, `一、` `（一）` `1.` are
//! often not in the text at all.
//!
//! A table row becomes one paragraph, its cells joined by tabs, as the text
//! importer reads task tables (`import::table`): a cell merged down from the
//! row above (`w:vMerge`) is left out at the start of a row (the row lines up
//! from the right, as text copied from the table does) and repeated inside it.

use std::collections::HashMap;
use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::super::document::{Document, Origin, Paragraph};
use super::docx_numbering::Numbering;
use crate::import::sheet::role_of;

pub fn read(bytes: &[u8]) -> Result<Document, String> {
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut part = |name: &str| -> Option<String> {
        let mut file = archive.by_name(name).ok()?;
        let mut text = String::new();
        file.read_to_string(&mut text).ok()?;
        Some(text)
    };
    let document = part("word/document.xml").ok_or("no word/document.xml")?;
    let mut numbering = part("word/numbering.xml")
        .map(|xml| Numbering::parse(&xml))
        .unwrap_or_default();
    let styles = part("word/styles.xml")
        .map(|xml| style_numbering(&xml))
        .unwrap_or_default();
    body(&document, &mut numbering, &styles)
}

/// A paragraph's numbering reference: (numId, level).
type NumRef = (String, usize);

/// An attribute's value by its local name (`w:val` → `val`), unescaped.
pub(super) fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| {
            quick_xml::escape::unescape(&a.value)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
}

/// Paragraph styles that carry numbering (a heading style linked to a
/// list), with their `basedOn` parent: style id → (numId, level).
fn style_numbering(xml: &str) -> HashMap<String, NumRef> {
    let mut reader = Reader::from_str(xml);
    // style id → (numId, level, basedOn)
    type StyleNum = (Option<String>, Option<usize>, Option<String>);
    let mut found: HashMap<String, StyleNum> = HashMap::new();
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let name = e.local_name();
                match name.as_ref() {
                    "style" => current = attr(&e, "styleId"),
                    "numId" | "ilvl" | "basedOn" => {
                        if let Some(id) = &current {
                            let entry = found.entry(id.clone()).or_default();
                            let value = attr(&e, "val");
                            match name.as_ref() {
                                "numId" => entry.0 = value,
                                "ilvl" => entry.1 = value.and_then(|v| v.parse().ok()),
                                _ => entry.2 = value,
                            }
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    let mut out = HashMap::new();
    for id in found.keys() {
        // numId and level each from the nearest style in the basedOn chain
        let (mut num, mut level, mut at) = (None, None, Some(id.clone()));
        for _ in 0..8 {
            let Some((n, l, parent)) = at.as_ref().and_then(|a| found.get(a)) else {
                break;
            };
            num = num.or(n.clone());
            level = level.or(*l);
            at = parent.clone();
        }
        if let Some(num) = num {
            out.insert(id.clone(), (num, level.unwrap_or(0)));
        }
    }
    out
}

/// What the reader is inside of.
#[derive(Default)]
struct State {
    paragraphs: Vec<Paragraph>,
    /// The paragraph being read: its text and numbering.
    text: String,
    num: Option<NumRef>,
    style: Option<String>,
    in_text: bool,
    in_run: bool,
    /// Parts whose text is left out (deleted text, field codes, the
    /// fallback copy of a drawing, text boxes): nesting depth.
    skip: usize,
    /// Tables being read (a cell may hold a table).
    tables: Vec<Table>,
}

#[derive(Default)]
struct Table {
    rows: Vec<Vec<Cell>>,
    row: Vec<Cell>,
    cell: Vec<String>,
    continues: bool,
    span: usize,
}

/// A table cell: its text, or `None` when merged from the cell above
/// (`w:vMerge`), and how many grid columns it spans (`w:gridSpan`).
#[derive(Debug, Clone)]
struct Cell {
    text: Option<String>,
    span: usize,
}

const SKIPPED: &[&str] = &["del", "instrText", "Fallback", "txbxContent", "delText"];

fn body(
    xml: &str,
    numbering: &mut Numbering,
    styles: &HashMap<String, NumRef>,
) -> Result<Document, String> {
    let mut reader = Reader::from_str(xml);
    let mut s = State::default();
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if SKIPPED.contains(&name) || s.skip > 0 {
                    if SKIPPED.contains(&name) {
                        s.skip += 1;
                    }
                    continue;
                }
                start(&mut s, name, &e);
            }
            Event::Empty(e) if s.skip == 0 => {
                let name = e.local_name();
                empty(&mut s, name.as_ref(), &e);
            }
            Event::End(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                if SKIPPED.contains(&name) {
                    s.skip = s.skip.saturating_sub(1);
                } else if s.skip == 0 {
                    end(&mut s, name, numbering, styles);
                }
            }
            Event::Text(t) if s.in_text && s.skip == 0 => s.text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if s.in_text && s.skip == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    s.text.push(c);
                } else if let Some(text) = quick_xml::escape::resolve_predefined_entity(&r) {
                    s.text.push_str(text);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(Document {
        paragraphs: s.paragraphs,
    })
}

fn start(s: &mut State, name: &str, e: &BytesStart) {
    match name {
        "p" => {
            s.text.clear();
            s.num = None;
            s.style = None;
        }
        "t" => s.in_text = true,
        "r" => s.in_run = true,
        "tbl" => s.tables.push(Table::default()),
        "tr" => {
            if let Some(t) = s.tables.last_mut() {
                t.row.clear();
            }
        }
        "tc" => {
            if let Some(t) = s.tables.last_mut() {
                t.cell.clear();
                t.continues = false;
                t.span = 1;
            }
        }
        _ => empty(s, name, e),
    }
}

fn empty(s: &mut State, name: &str, e: &BytesStart) {
    match name {
        // `w:tab` also names a tab stop in a paragraph's properties
        "tab" if s.in_run => s.text.push(' '),
        "br" | "cr" if s.in_run && s.tables.is_empty() => s.text.push('\n'),
        "numId" => {
            let id = attr(e, "val").unwrap_or_default();
            let level = s.num.as_ref().map(|n| n.1).unwrap_or(0);
            s.num = Some((id, level));
        }
        "ilvl" => {
            let level = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
            let id = s.num.take().map(|n| n.0).unwrap_or_default();
            s.num = Some((id, level));
        }
        "pStyle" => s.style = attr(e, "val"),
        "vMerge" => {
            if let Some(t) = s.tables.last_mut() {
                t.continues = attr(e, "val").is_none_or(|v| v == "continue");
            }
        }
        "gridSpan" => {
            if let Some(t) = s.tables.last_mut() {
                t.span = attr(e, "val")
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1)
                    .max(1);
            }
        }
        _ => {}
    }
}

fn end(s: &mut State, name: &str, numbering: &mut Numbering, styles: &HashMap<String, NumRef>) {
    match name {
        "t" => s.in_text = false,
        "r" => s.in_run = false,
        "p" => {
            let num = s
                .num
                .take()
                .or_else(|| s.style.as_ref().and_then(|st| styles.get(st).cloned()));
            let prefix = num
                .and_then(|(id, level)| numbering.label(&id, level))
                .unwrap_or_default();
            let text = format!("{prefix}{}", s.text.trim_end());
            match s.tables.last_mut() {
                Some(table) => table.cell.push(text.trim().to_string()),
                None => {
                    for line in text.split('\n') {
                        push(&mut s.paragraphs, line.trim().to_string());
                    }
                }
            }
            s.text.clear();
        }
        "tc" => {
            if let Some(t) = s.tables.last_mut() {
                let text: String = t.cell.concat();
                t.row.push(Cell {
                    text: (!t.continues).then_some(text),
                    span: t.span.max(1),
                });
            }
        }
        "tr" => {
            if let Some(t) = s.tables.last_mut() {
                let row = std::mem::take(&mut t.row);
                t.rows.push(row);
            }
        }
        "tbl" => {
            let Some(table) = s.tables.pop() else { return };
            let lines = table_lines(&table.rows);
            match s.tables.last_mut() {
                // a table inside a cell: its rows run on in the cell
                Some(outer) => outer.cell.push(lines.join(" ")),
                None => lines.into_iter().for_each(|l| push(&mut s.paragraphs, l)),
            }
        }
        _ => {}
    }
}

/// Add a paragraph; empty ones (spacing) are left out, so paragraph N is
/// the Nth with text.
fn push(paragraphs: &mut Vec<Paragraph>, text: String) {
    if text.trim().is_empty() {
        return;
    }
    let n = paragraphs.len() + 1;
    paragraphs.push(Paragraph {
        text,
        origin: Origin::Paragraph(n),
    });
}

/// Rows as tab-joined lines: leading cells merged from above are left out,
/// later ones repeat the cell above. A header over two rows (`责任单位`
/// spanning `牵头单位 | 配合单位`, the other headings merged down) becomes one
/// header line, as wide as the rows under it.
fn table_lines(rows: &[Vec<Cell>]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    // the text of the cell starting at each grid column of the row above
    let mut above: Vec<Option<String>> = Vec::new();
    let mut above_is_header = false;
    for row in rows {
        let mut grid: Vec<Option<String>> = Vec::new();
        let mut cells: Vec<String> = Vec::new();
        for cell in row {
            let value = match &cell.text {
                Some(text) => text.clone(),
                None => above.get(grid.len()).cloned().flatten().unwrap_or_default(),
            };
            if cell.text.is_some() || !cells.is_empty() {
                cells.push(value.replace('\t', " "));
            }
            grid.push(Some(value));
            grid.extend(std::iter::repeat_n(None, cell.span - 1));
        }
        let own: Vec<&str> = row.iter().filter_map(|c| c.text.as_deref()).collect();
        let is_header = own.iter().filter(|t| role_of(t).is_some()).count() >= 2;
        let under_header = above_is_header
            && row.iter().any(|c| c.text.is_none())
            && !own.is_empty()
            && own
                .iter()
                .all(|t| t.trim().is_empty() || role_of(t).is_some());
        if under_header && let Some(last) = lines.last_mut() {
            *last = header_line(row, &above);
        } else if cells.iter().any(|c| !c.is_empty()) {
            lines.push(cells.join("\t"));
        }
        above_is_header = is_header || under_header;
        above = grid;
    }
    lines
}

/// The second row of a header merged with the first: each column named by
/// the lower row where it names it, else by the cell above.
fn header_line(row: &[Cell], above: &[Option<String>]) -> String {
    let mut names = Vec::new();
    let mut col = 0;
    for cell in row {
        match &cell.text {
            Some(text) => names.push(text.clone()),
            None => names.push(above.get(col).cloned().flatten().unwrap_or_default()),
        }
        col += cell.span;
    }
    names.join("\t")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str, merge: &str) -> String {
        format!("<w:tc><w:tcPr>{merge}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
    }

    #[test]
    fn merged_cells_line_up_from_the_right() {
        let restart = r#"<w:vMerge w:val="restart"/>"#;
        let cont = "<w:vMerge/>";
        let xml = format!(
            r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>附件</w:t></w:r><w:r><w:tab/><w:t>A &amp; B</w:t></w:r></w:p><w:tbl>
            <w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr><w:tr>{}{}{}</w:tr></w:tbl></w:body></w:document>"#,
            cell("1", restart),
            cell("扩大来源。", restart),
            cell("各区政府", ""),
            cell("", cont),
            cell("", cont),
            cell("市医保局", restart),
            cell("2", ""),
            cell("优化团队。", ""),
            cell("", cont),
        );
        let doc = body(&xml, &mut Numbering::default(), &HashMap::new()).unwrap();
        let texts: Vec<&str> = doc.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "附件 A & B",
                "1\t扩大来源。\t各区政府",
                "市医保局",
                "2\t优化团队。\t市医保局"
            ]
        );
        assert_eq!(doc.paragraphs[3].origin, Origin::Paragraph(4));
    }

    #[test]
    fn heading_styles_carry_numbering() {
        let styles = r#"<w:styles xmlns:w="w">
          <w:style w:styleId="1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
          <w:style w:styleId="2"><w:basedOn w:val="1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
          <w:style w:styleId="Body"/></w:styles>"#;
        let styles = style_numbering(styles);
        assert_eq!(styles.get("2"), Some(&("1".to_string(), 1)));
        assert_eq!(styles.get("Body"), None);
        let numbering = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
          </w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
        let p = |style: &str, text: &str| {
            format!(
                r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
            )
        };
        let xml = format!(
            r#"<w:document xmlns:w="w"><w:body>{}{}{}{}</w:body></w:document>"#,
            p("1", "总体要求"),
            p("2", "发展目标"),
            p("Body", "正文。"),
            p("2", "基本原则")
        );
        let doc = body(&xml, &mut Numbering::parse(numbering), &styles).unwrap();
        assert_eq!(
            doc.text(),
            "一、总体要求\n（一）发展目标\n正文。\n（二）基本原则"
        );
    }

    #[test]
    fn a_two_row_header_becomes_one_line() {
        let restart = r#"<w:vMerge w:val="restart"/>"#;
        let span = r#"<w:gridSpan w:val="2"/>"#;
        let xml = format!(
            r#"<w:document xmlns:w="w"><w:body><w:tbl>
            <w:tr>{}{}{}{}</w:tr><w:tr>{}{}{}{}{}</w:tr><w:tr>{}{}{}{}{}</w:tr></w:tbl></w:body></w:document>"#,
            cell("序号", restart),
            cell("重点任务", restart),
            cell("责任单位", span),
            cell("完成时限", restart),
            cell("", "<w:vMerge/>"),
            cell("", "<w:vMerge/>"),
            cell("牵头单位", ""),
            cell("配合单位", ""),
            cell("", "<w:vMerge/>"),
            cell("1", ""),
            cell("建设平台", ""),
            cell("市工信局", ""),
            cell("/", ""),
            cell("2024年底前", ""),
        );
        let doc = body(&xml, &mut Numbering::default(), &HashMap::new()).unwrap();
        assert_eq!(
            doc.text(),
            "序号\t重点任务\t牵头单位\t配合单位\t完成时限\n1\t建设平台\t市工信局\t/\t2024年底前"
        );
    }

    #[test]
    fn deleted_text_and_field_codes_are_left_out() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>删除</w:delText></w:r></w:del><w:r><w:instrText> PAGE </w:instrText></w:r><w:ins><w:r><w:t>插入</w:t></w:r></w:ins></w:p></w:body></w:document>"#;
        let doc = body(xml, &mut Numbering::default(), &HashMap::new()).unwrap();
        assert_eq!(doc.text(), "保留插入");
    }
}
