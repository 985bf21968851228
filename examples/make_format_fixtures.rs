//! Make the format fixtures of `tests/fixtures/formats/` from the texts in
//! `tests/fixtures/documents/`: `cargo run --example make_format_fixtures -- OUT_DIR`.
//! `scripts/make_format_fixtures.sh` runs this, then LibreOffice for the
//! PDF, ODS and .doc files (see `tests/fixtures/formats/README.md`).
//!
//! Everything is written from the source texts by rule, so the importer's
//! result on a fixture can be compared with its result on the text:
//! - `guangzhou-numbered.docx`: the Guangzhou plan with its `一、` `（一）` `1.`
//!   numbers moved out of the text into Word's automatic numbering
//!   (`word/numbering.xml`), and its two attachment tables as Word tables
//!   (the rows the text gives fewer cells are vertically merged cells);
//! - `guangzhou-task-table.docx`: attachment 2 alone, its title and the table;
//! - `jining.docx`: the Jining plan as typed (numbers in the text), with a page
//!   header and a `— N —` page-number footer, for the PDF;
//! - `wenshang-gov-page.html`: the Wenshang plan as a government site's article
//!   page (navigation, breadcrumbs, share and print links, related links,
//!   footer around the body);
//! - `guangzhou-task-table.xlsx` and `.csv`: the Guangzhou task table
//!   (attachment 2) as a 任务分解表: a title row, two header rows, group rows
//!   for the plan's sections, 序号 and 工作事项 merged over a task's rows, `/`
//!   for none, and a 完成时限 column;
//! - `jining-gb18030.txt`, `jining-utf16le.txt`: the Jining text re-encoded.

use std::io::Write;
use std::path::{Path, PathBuf};

const DOCUMENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/documents");
const GUANGZHOU: &str = "corpus/guangzhou-2023-jiatingyisheng-fengongbiao.txt";
const JINING: &str = "seeds/001_cd3cf581713ab216.txt";
const WENSHANG: &str = "seeds/002_a3713a6d512530b7.txt";

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .ok_or("usage: make_format_fixtures OUT_DIR")?,
    );
    std::fs::create_dir_all(&out)?;
    let source = |name: &str| std::fs::read_to_string(Path::new(DOCUMENTS).join(name));
    let guangzhou = source(GUANGZHOU)?;
    let jining = source(JINING)?;
    let wenshang = source(WENSHANG)?;

    write_docx(
        &out.join("guangzhou-numbered.docx"),
        &numbered_body(&guangzhou),
        None,
    )?;
    let jining_paragraphs: Vec<Block> = jining
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| Block::Paragraph(None, l.to_string()))
        .collect();
    write_docx(
        &out.join("jining.docx"),
        &jining_paragraphs,
        Some("济宁市人民政府文件"),
    )?;
    write_docx(
        &out.join("guangzhou-task-table.docx"),
        &table_only(&guangzhou),
        None,
    )?;
    std::fs::write(out.join("wenshang-gov-page.html"), gov_page(&wenshang))?;
    let table = task_table(&guangzhou);
    write_xlsx(&out.join("guangzhou-task-table.xlsx"), &table)?;
    std::fs::write(out.join("guangzhou-task-table.csv"), csv(&table))?;

    let (gb, _, lossy) = encoding_rs::GB18030.encode(&jining);
    assert!(!lossy, "the Jining text is all in GB18030");
    std::fs::write(out.join("jining-gb18030.txt"), gb)?;
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(jining.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(out.join("jining-utf16le.txt"), utf16)?;
    eprintln!("wrote the fixtures in {}", out.display());
    Ok(())
}

/// A body paragraph (with its automatic-numbering level) or a table.
enum Block {
    Paragraph(Option<u8>, String),
    /// Rows of cells; a row with fewer cells than the widest lines up from
    /// the right, its first cells merged with the row above.
    Table(Vec<Vec<String>>),
}

/// The numbering level of a plan heading and the text after its number:
/// `一、` → 0, `（一）` → 1, `1.` → 2.
fn split_number(line: &str) -> Option<(u8, &str)> {
    let han = |c: char| "一二三四五六七八九十".contains(c);
    let digits = line.chars().take_while(|c| han(*c)).count();
    if digits > 0 {
        let rest = &line[digits * 3..];
        return rest.strip_prefix('、').map(|r| (0, r));
    }
    if let Some(rest) = line.strip_prefix('（') {
        let digits = rest.chars().take_while(|c| han(*c)).count();
        if digits > 0 {
            return rest[digits * 3..].strip_prefix('）').map(|r| (1, r));
        }
    }
    let digits = line.chars().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 {
        return line[digits..].strip_prefix('.').map(|r| (2, r));
    }
    None
}

/// The Guangzhou text with the body's numbers taken out (they come back from
/// numbering.xml) and its tab-separated rows as tables.
fn numbered_body(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut in_body = false;
    let mut rows: Vec<Vec<String>> = Vec::new();
    for line in text.lines().map(str::trim_end) {
        if line.contains('\t') {
            rows.push(line.split('\t').map(str::to_string).collect());
            continue;
        }
        if !rows.is_empty() {
            blocks.push(Block::Table(std::mem::take(&mut rows)));
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with("关于推进") && line.ends_with("实施方案") {
            in_body = true;
        } else if line.starts_with("附件") {
            in_body = false;
        }
        match split_number(line).filter(|_| in_body) {
            Some((level, rest)) => blocks.push(Block::Paragraph(Some(level), rest.to_string())),
            None => blocks.push(Block::Paragraph(None, line.to_string())),
        }
    }
    if !rows.is_empty() {
        blocks.push(Block::Table(rows));
    }
    blocks
}

/// Attachment 2 of the Guangzhou text alone, as the 任务分工表 is often sent:
/// its title, then the table.
fn table_only(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("序号\t工作事项"))
        .expect("task table");
    let rows = lines[header..]
        .iter()
        .take_while(|l| l.contains('\t'))
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    vec![
        Block::Paragraph(None, lines[header - 1].trim().to_string()),
        Block::Table(rows),
    ]
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn run(text: &str) -> String {
    format!(
        r#"<w:r><w:rPr><w:rFonts w:ascii="Noto Serif CJK SC" w:hAnsi="Noto Serif CJK SC" w:eastAsia="Noto Serif CJK SC"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>"#,
        escape(text)
    )
}

fn paragraph(level: Option<u8>, text: &str) -> String {
    let numbering = level
        .map(|l| {
            format!(
                r#"<w:pPr><w:numPr><w:ilvl w:val="{l}"/><w:numId w:val="1"/></w:numPr></w:pPr>"#
            )
        })
        .unwrap_or_default();
    format!("<w:p>{numbering}{}</w:p>", run(text))
}

fn table(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    // None: the cell continues the merged cell above
    let grid: Vec<Vec<Option<&str>>> = rows
        .iter()
        .map(|row| {
            let mut cells = vec![None; width - row.len()];
            cells.extend(row.iter().map(|c| Some(c.as_str())));
            cells
        })
        .collect();
    // the grid, as Word writes it: without one, LibreOffice guesses the columns
    let columns = format!(r#"<w:gridCol w:w="{}"/>"#, 9000 / width.max(1)).repeat(width);
    let mut xml = format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{columns}</w:tblGrid>"#
    );
    for (r, row) in grid.iter().enumerate() {
        xml.push_str("<w:tr>");
        for (c, cell) in row.iter().enumerate() {
            let below_continues = grid.get(r + 1).is_some_and(|next| next[c].is_none());
            let merge = match cell {
                None => r#"<w:tcPr><w:vMerge/></w:tcPr>"#,
                Some(_) if below_continues => r#"<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>"#,
                Some(_) => "",
            };
            xml.push_str(&format!(
                "<w:tc>{merge}{}</w:tc>",
                paragraph(None, cell.unwrap_or(""))
            ));
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
    xml
}

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:lvlJc w:val="left"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"#;

const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// A minimal WordprocessingML package: document, numbering, and (for the
/// PDF) a page header and a `— N —` footer.
fn write_docx(path: &Path, blocks: &[Block], header: Option<&str>) -> Result<()> {
    let mut body = String::new();
    for block in blocks {
        match block {
            Block::Paragraph(level, text) => body.push_str(&paragraph(*level, text)),
            Block::Table(rows) => body.push_str(&table(rows)),
        }
    }
    let section = if header.is_some() {
        r#"<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="720" w:footer="720"/></w:sectPr>"#
    } else {
        r#"<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>"#
    };
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}{section}</w:body></w:document>"#
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdNumbering" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>"#,
    );
    let mut overrides = String::new();
    if header.is_some() {
        rels.push_str(r#"<Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#);
        overrides.push_str(r#"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#);
    }
    rels.push_str("</Relationships>");
    let content_types = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>{overrides}</Types>"#
    );
    let package_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

    let mut zip = zip::ZipWriter::new(std::fs::File::create(path)?);
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut part = |name: &str, text: &str| -> Result<()> {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
        Ok(())
    };
    part("[Content_Types].xml", &content_types)?;
    part("_rels/.rels", package_rels)?;
    part("word/document.xml", &document)?;
    part("word/_rels/document.xml.rels", &rels)?;
    part("word/numbering.xml", NUMBERING)?;
    if let Some(header) = header {
        part(
            "word/header1.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr {NS}><w:p><w:pPr><w:jc w:val="center"/></w:pPr>{}</w:p></w:hdr>"#,
                run(header)
            ),
        )?;
        part(
            "word/footer1.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:ftr {NS}><w:p><w:pPr><w:jc w:val="center"/></w:pPr>{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>{}</w:p></w:ftr>"#,
                run("— "),
                run(" —")
            ),
        )?;
    }
    zip.finish()?;
    Ok(())
}

/// The Wenshang text as the article page of a county government site.
fn gov_page(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let title = "汶上县人民政府办公室关于印发汶上县深化新旧动能转换推动绿色低碳高质量发展2023年重点工作任务的通知";
    let mut body = String::new();
    for line in &lines {
        body.push_str(&format!(
            "<p style=\"text-indent:2em\">{}</p>\n",
            escape(line)
        ));
    }
    let related: String = [
        "汶上县2023年政府工作报告",
        "关于印发汶上县优化营商环境工作方案的通知",
        "汶上县“十四五”规划纲要",
    ]
    .iter()
    .map(|t| format!("<li><a href=\"/art/x.html\">{t}</a></li>"))
    .collect();
    format!(
        r##"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}_汶上县人民政府</title>
<link rel="stylesheet" href="/css/main.css"><script>var siteId = "wenshang";</script></head>
<body>
<div class="top"><div class="topbar"><a href="/">汶上县人民政府欢迎您！</a><a href="javascript:;">无障碍</a><a href="javascript:;">长者模式</a><a href="javascript:;">网站地图</a></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/col/zwgk/">政务公开</a></li><li><a href="/col/zwfw/">政务服务</a></li><li><a href="/col/hdjl/">互动交流</a></li><li><a href="/col/zjws/">走进汶上</a></li></ul></div>
<div class="main">
<div class="position">您当前的位置：<a href="/">首页</a> &gt; <a href="/col/zwgk/">政务公开</a> &gt; <a href="/col/zfwj/">政府文件</a></div>
<div class="article">
<h1 class="title">{title}</h1>
<div class="info"><span>发布时间：2023-07-17</span><span>来源：汶上县人民政府办公室</span><span>浏览次数：1024</span><span>字体：[<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>]</span></div>
<div id="zoom"><div class="TRS_Editor">
{body}</div></div>
<div class="share">分享到：<a href="javascript:;">微信</a> <a href="javascript:;">微博</a> <a href="javascript:;">QQ空间</a></div>
<div class="tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="related"><h3>相关链接</h3><ul>{related}</ul></div>
</div>
<div class="footer"><p>主办单位：汶上县人民政府办公室　承办单位：汶上县大数据中心</p><p>网站标识码：3708300000　鲁ICP备05002389号　鲁公网安备 37083002000123号</p><p>联系电话：0537-7212345</p></div>
</body></html>
"##
    )
}

/// The Guangzhou task table as a 任务分解表: title row, two header rows,
/// then per section a group row and per task its rows (序号 and 工作事项
/// only in a task's first row: they are merged down over the rest).
struct TaskTable {
    title: String,
    rows: Vec<TableRow>,
}

enum TableRow {
    Group(String),
    /// Task number, item, contents, lead, supporting, deadline; the first
    /// two only in the task's first row.
    Task {
        first: bool,
        cells: [String; 6],
    },
}

/// A 完成时限 written as a date: a date cell in the xlsx, `2023/12/31` in
/// the CSV (as Excel saves a date).
const ISSUE_YEAR_END: &str = "2023/12/31";

const HEADER_1: [&str; 6] = ["序号", "工作事项", "主要内容", "责任单位", "", "完成时限"];
const HEADER_2: [&str; 6] = ["", "", "", "牵头单位", "配合单位", ""];

fn task_table(text: &str) -> TaskTable {
    let lines: Vec<&str> = text.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.starts_with("序号\t工作事项"))
        .expect("task table");
    let title = lines[..header]
        .iter()
        .rev()
        .find(|l| l.starts_with("附件2"))
        .map(|l| l.trim_start_matches("附件2").trim().to_string())
        .expect("attachment title");
    let groups = section_groups(&lines[..header]);
    let mut rows = Vec::new();
    let mut number = 0;
    let mut task_rows: Vec<Vec<&str>> = Vec::new();
    let flush = |number: usize, task_rows: &mut Vec<Vec<&str>>, rows: &mut Vec<TableRow>| {
        if task_rows.is_empty() {
            return;
        }
        if let Some((_, title)) = groups.iter().find(|(first, _)| *first == number) {
            rows.push(TableRow::Group(title.clone()));
        }
        let contents: String = task_rows.iter().map(|r| r[r.len() - 5]).collect();
        // the 完成时限 column is not in the source: the last year a task's
        // contents name, the organisational tasks (组织实施) by the end of
        // the year of issue as a date cell, the rest 长期坚持
        let organisational = groups
            .iter()
            .any(|(first, title)| title == "组织实施" && number >= *first);
        let deadline = if organisational {
            ISSUE_YEAR_END
        } else if contents.contains("2025年") {
            "2025年底前"
        } else if contents.contains("2023年") {
            "2023年底前"
        } else {
            "长期坚持"
        };
        for (k, row) in task_rows.drain(..).enumerate() {
            let n = row.len();
            let cell = |s: &str| {
                if s.trim().is_empty() {
                    "/".to_string()
                } else {
                    s.trim().to_string()
                }
            };
            let (num, item) = if k == 0 {
                (row[0].to_string(), row[1].to_string())
            } else {
                (String::new(), String::new())
            };
            rows.push(TableRow::Task {
                first: k == 0,
                cells: [
                    num,
                    item,
                    row[n - 5].to_string(),
                    cell(row[n - 4]),
                    cell(row[n - 3]),
                    if k == 0 {
                        deadline.to_string()
                    } else {
                        String::new()
                    },
                ],
            });
        }
    };
    for line in &lines[header + 1..] {
        if !line.contains('\t') {
            break;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        if cells.len() == 7 {
            flush(number, &mut task_rows, &mut rows);
            number = cells[0].trim().parse().expect("序号");
        }
        task_rows.push(cells);
    }
    flush(number, &mut task_rows, &mut rows);
    TaskTable { title, rows }
}

/// The sections of the plan body the numbered items fall in: (number of the
/// section's first item, section title). A section heading is a numbered line
/// without a full stop; an item is one with a full stop.
fn section_groups(lines: &[&str]) -> Vec<(usize, String)> {
    let mut groups = Vec::new();
    let mut current: Option<String> = None;
    let mut count = 0;
    let mut in_tasks = false;
    for line in lines.iter().map(|l| l.trim()) {
        if line.starts_with("二、") {
            in_tasks = true;
        }
        if line.starts_with("附件") {
            break;
        }
        let Some((_, rest)) = split_number(line).filter(|_| in_tasks) else {
            continue;
        };
        if rest.contains('。') {
            count += 1;
            if let Some(title) = current.take() {
                groups.push((count, title));
            }
        } else {
            current = Some(rest.to_string());
        }
    }
    groups
}

fn write_xlsx(path: &Path, table: &TaskTable) -> Result<()> {
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("任务分解表")?;
    let border = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::VerticalCenter);
    let bold = border.clone().set_bold().set_align(FormatAlign::Center);
    sheet.merge_range(
        0,
        0,
        0,
        5,
        &table.title,
        &Format::new()
            .set_bold()
            .set_font_size(16)
            .set_align(FormatAlign::Center),
    )?;
    for (c, name) in HEADER_1.iter().enumerate() {
        if HEADER_2[c].is_empty() {
            sheet.merge_range(1, c as u16, 2, c as u16, name, &bold)?;
        }
    }
    sheet.merge_range(1, 3, 1, 4, "责任单位", &bold)?;
    sheet.write_with_format(2, 3, "牵头单位", &bold)?;
    sheet.write_with_format(2, 4, "配合单位", &bold)?;
    for (c, width) in [6.0, 18.0, 60.0, 24.0, 24.0, 12.0].iter().enumerate() {
        sheet.set_column_width(c as u16, *width)?;
    }
    let mut r: u32 = 3;
    let mut task_start: Option<(u32, [String; 6])> = None;
    let close = |sheet: &mut rust_xlsxwriter::Worksheet,
                 start: Option<(u32, [String; 6])>,
                 end: u32|
     -> Result<()> {
        if let Some((first, cells)) = start {
            for c in [0u16, 1, 5] {
                let value = &cells[c as usize];
                if end > first {
                    sheet.merge_range(first, c, end, c, value, &border)?;
                } else {
                    sheet.write_with_format(first, c, value, &border)?;
                }
                // 序号 as a number and a date as a date, as a person types them
                if let Ok(n) = value.parse::<f64>() {
                    sheet.write_number_with_format(first, c, n, &border)?;
                } else if value == ISSUE_YEAR_END {
                    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2023, 12, 31)?;
                    let format = border.clone().set_num_format("yyyy\"年\"m\"月\"d\"日\"");
                    sheet.write_datetime_with_format(first, c, date, &format)?;
                }
            }
        }
        Ok(())
    };
    for row in &table.rows {
        match row {
            TableRow::Group(title) => {
                close(sheet, task_start.take(), r - 1)?;
                sheet.merge_range(r, 0, r, 5, title, &bold)?;
            }
            TableRow::Task { first, cells } => {
                if *first {
                    close(sheet, task_start.take(), r - 1)?;
                    task_start = Some((r, cells.clone()));
                }
                for (c, value) in cells.iter().enumerate().take(5).skip(2) {
                    sheet.write_with_format(r, c as u16, value, &border)?;
                }
            }
        }
        r += 1;
    }
    close(sheet, task_start.take(), r - 1)?;
    workbook.save(path)?;
    Ok(())
}

/// The same table as a spreadsheet saves it as CSV (UTF-8 with a BOM, as
/// Excel's "CSV UTF-8"): merged cells hold their value in the first row only.
fn csv(table: &TaskTable) -> String {
    let field = |s: &str| {
        if s.contains([',', '"', '\n']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let line =
        |cells: &[&str]| cells.iter().map(|c| field(c)).collect::<Vec<_>>().join(",") + "\r\n";
    let mut out = String::from("\u{feff}");
    out.push_str(&line(&[&table.title, "", "", "", "", ""]));
    out.push_str(&line(&HEADER_1));
    out.push_str(&line(&HEADER_2));
    for row in &table.rows {
        match row {
            TableRow::Group(title) => out.push_str(&line(&[title, "", "", "", "", ""])),
            TableRow::Task { cells, .. } => {
                let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
                out.push_str(&line(&refs));
            }
        }
    }
    out
}
