//! Reading the files plans are published in: text in any of the encodings
//! Chinese offices use, Word `.docx`, PDF with a text layer, web pages saved
//! from a government site, and spreadsheets of task tables (任务分解表).
//!
//! The kind of file is told by its content first (the bytes a format starts
//! with, the parts a zip package holds, the streams of an OLE file, the tags
//! of a page) and by its extension only when the content does not say: a
//! government site's `.doc` download is often a web page, and a `.txt` may be
//! GB18030. Files that cannot be read (a Word 97-2003 or WPS binary, a
//! scanned PDF) get one line saying how to convert them.

mod docx;
mod docx_numbering;
mod html;
mod pdf;
mod sheets;
mod text;

use std::path::{Path, PathBuf};

use super::document::Document;
pub use sheets::{Sheet, Workbook};

/// What a file holds: running text, or spreadsheet tables.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Document(Document),
    Table(Workbook),
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{}: a Word 97-2003 (.doc) or WPS (.wps) file cannot be read: open it in Word or WPS and save it as .docx (文件 → 另存为 → *.docx), or run `soffice --headless --convert-to docx {}`, then import the .docx",
        path.display(),
        path.display()
    )]
    LegacyWord { path: PathBuf },
    #[error(
        "{}: the PDF has no text layer (a scan or pictures of pages): import the plan's .docx or web page, or run OCR on the PDF first (e.g. `ocrmypdf -l chi_sim {} out.pdf`)",
        path.display(),
        path.display()
    )]
    NoTextLayer { path: PathBuf },
    #[error(
        "{}: not a plan text: the PDF's text layer holds only `{text}` (a caption of a map, chart or picture); import the plan document itself",
        path.display()
    )]
    NotPlanText { path: PathBuf, text: String },
    #[error(
        "{}: not a readable {format} file: {detail}{}",
        path.display(),
        if *incomplete { " (a damaged or incomplete download?)" } else { "" }
    )]
    Corrupt {
        path: PathBuf,
        format: &'static str,
        /// The library's own words.
        detail: String,
        /// The package cannot even be opened: likely a cut download.
        incomplete: bool,
    },
    #[error(
        "{}: cannot decode the text: expected UTF-8, UTF-16 (with a BOM) or GB18030/GBK",
        path.display()
    )]
    Encoding { path: PathBuf },
    #[error(
        "{}: {what} cannot be imported: expected a plan as .txt, .docx, .pdf, .html, .xlsx, .xls, .ods or .csv",
        path.display()
    )]
    Unsupported { path: PathBuf, what: Unreadable },
}

/// A kind of file that holds no plan taizhang reads, and what to do instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    Rtf,
    /// A picture, by its format (`PNG`): a scan.
    Picture(&'static str),
    /// An OpenDocument text or presentation.
    OpenDocument,
    PowerPoint,
    /// A zip archive that is no office package.
    Zip,
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Rtf => write!(f, "an RTF document (save it as .docx)"),
            Unreadable::Picture(format) => {
                write!(f, "a {format} picture (a scan needs OCR first)")
            }
            Unreadable::OpenDocument => {
                write!(f, "an OpenDocument text or presentation (save it as .docx)")
            }
            Unreadable::PowerPoint => {
                write!(f, "a PowerPoint presentation (import the plan's document)")
            }
            Unreadable::Zip => write!(
                f,
                "a zip archive that is not a .docx, .xlsx or .ods (unpack it first)"
            ),
        }
    }
}

/// The formats told apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Docx,
    Pdf,
    Xlsx,
    Xls,
    Ods,
    Csv,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "HTML",
            Format::Docx => "docx",
            Format::Pdf => "PDF",
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
            Format::Csv => "CSV",
        }
    }

    pub fn is_table(self) -> bool {
        matches!(self, Format::Xlsx | Format::Xls | Format::Ods | Format::Csv)
    }
}

/// Read a file as a document or as tables, by its content and extension.
pub fn read_input(path: &Path) -> Result<Input, ReadError> {
    let bytes = std::fs::read(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let format = detect(path, &bytes)?;
    let corrupt = |detail: String| ReadError::Corrupt {
        path: path.to_path_buf(),
        format: format.name(),
        detail,
        incomplete: false,
    };
    let decode = || text::decode(&bytes).ok_or_else(|| ReadError::Encoding { path: path.into() });
    Ok(match format {
        Format::Text => Input::Document(Document::from_text(&decode()?)),
        Format::Html => Input::Document(html::read(&decode()?)),
        Format::Docx => Input::Document(docx::read(&bytes).map_err(corrupt)?),
        Format::Pdf => Input::Document(pdf::read(path, &bytes)?),
        Format::Csv => Input::Table(sheets::read_csv(&decode()?, path)),
        Format::Xlsx | Format::Xls | Format::Ods => {
            Input::Table(sheets::read_workbook(&bytes, format).map_err(corrupt)?)
        }
    })
}

/// Read a file as a document; a spreadsheet gives one paragraph per row,
/// cells joined by tabs.
pub fn read_file(path: &Path) -> Result<Document, ReadError> {
    Ok(match read_input(path)? {
        Input::Document(doc) => doc,
        Input::Table(workbook) => workbook.to_document(),
    })
}

const OLE: &[u8] = &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

fn extension(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Tell the format by content, then by extension.
pub fn detect(path: &Path, bytes: &[u8]) -> Result<Format, ReadError> {
    let ext = extension(path);
    let unsupported = |what: Unreadable| ReadError::Unsupported {
        path: path.to_path_buf(),
        what,
    };
    if bytes.starts_with(b"PK\x03\x04") {
        if let Err(err) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
            return Err(ReadError::Corrupt {
                path: path.to_path_buf(),
                format: match ext.as_str() {
                    "docx" => "docx",
                    "xlsx" => "xlsx",
                    "ods" => "ods",
                    _ => "zip",
                },
                detail: err.to_string(),
                incomplete: true,
            });
        }
        return zip_kind(bytes).ok_or_else(|| unsupported(zip_what(bytes)));
    }
    if bytes.len() >= 5
        && bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(OLE) {
        return ole_kind(bytes, &ext).ok_or_else(|| ReadError::LegacyWord { path: path.into() });
    }
    if bytes.starts_with(b"{\\rtf") {
        return Err(unsupported(Unreadable::Rtf));
    }
    if let Some(image) = image_kind(bytes) {
        return Err(unsupported(Unreadable::Picture(image)));
    }
    let head = text::sniff(&bytes[..bytes.len().min(4096)]);
    if html::looks_like_html(&head) {
        return Ok(Format::Html);
    }
    Ok(match ext.as_str() {
        "csv" => Format::Csv,
        "html" | "htm" | "shtml" | "xhtml" => Format::Html,
        "doc" | "wps" | "dot" | "wpt" => return Err(ReadError::LegacyWord { path: path.into() }),
        _ => Format::Text,
    })
}

/// A zip package by the parts it holds.
fn zip_kind(bytes: &[u8]) -> Option<Format> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    if archive.index_for_name("word/document.xml").is_some() {
        return Some(Format::Docx);
    }
    if archive.index_for_name("xl/workbook.xml").is_some() {
        return Some(Format::Xlsx);
    }
    let mut mimetype = String::new();
    if let Ok(mut file) = archive.by_name("mimetype") {
        use std::io::Read;
        file.read_to_string(&mut mimetype).ok()?;
    }
    (mimetype.trim() == "application/vnd.oasis.opendocument.spreadsheet").then_some(Format::Ods)
}

/// What a zip package that is not read holds, for the message.
fn zip_what(bytes: &[u8]) -> Unreadable {
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes));
    match archive {
        Ok(a) if a.index_for_name("content.xml").is_some() => Unreadable::OpenDocument,
        Ok(a) if a.index_for_name("ppt/presentation.xml").is_some() => Unreadable::PowerPoint,
        _ => Unreadable::Zip,
    }
}

/// An OLE compound file by its streams' names (UTF-16 in the directory):
/// `Workbook`/`Book` is Excel (or WPS 表格), `WordDocument` Word or WPS 文字.
/// `None`: a word-processor file, which cannot be read.
fn ole_kind(bytes: &[u8], ext: &str) -> Option<Format> {
    let utf16 =
        |name: &str| -> Vec<u8> { name.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let has = |name: &str| {
        let needle = utf16(name);
        bytes.windows(needle.len()).any(|w| w == needle.as_slice())
    };
    if has("WordDocument") {
        return None;
    }
    if has("Workbook") || has("Book") || matches!(ext, "xls" | "et" | "xlt") {
        return Some(Format::Xls);
    }
    None
}

fn image_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG") {
        Some("PNG")
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        Some("JPEG")
    } else if bytes.starts_with(b"GIF8") {
        Some("GIF")
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        Some("TIFF")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_wins_over_the_extension() {
        let page = "<html><body><p>一、总体要求</p></body></html>".as_bytes();
        assert_eq!(detect(Path::new("plan.doc"), page).unwrap(), Format::Html);
        assert_eq!(
            detect(Path::new("plan.txt"), b"%PDF-1.7\n...").unwrap(),
            Format::Pdf
        );
        assert_eq!(
            detect(Path::new("plan.csv"), "序号,任务".as_bytes()).unwrap(),
            Format::Csv
        );
        assert_eq!(
            detect(Path::new("plan"), "一、总体要求".as_bytes()).unwrap(),
            Format::Text
        );
        assert!(matches!(
            detect(Path::new("scan.txt"), b"\x89PNG\r\n\x1a\n...."),
            Err(ReadError::Unsupported { .. })
        ));
    }

    #[test]
    fn a_cut_zip_is_damaged_not_unknown() {
        let err = detect(Path::new("plan.docx"), b"PK\x03\x04\x14\x00\x06\x00").unwrap_err();
        assert!(
            matches!(err, ReadError::Corrupt { format: "docx", .. }),
            "{err}"
        );
    }

    #[test]
    fn ole_files_by_their_streams() {
        let mut word = OLE.to_vec();
        word.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(matches!(
            detect(Path::new("plan.xls"), &word),
            Err(ReadError::LegacyWord { .. })
        ));
        let mut excel = OLE.to_vec();
        excel.extend("Workbook".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(detect(Path::new("表.dat"), &excel).unwrap(), Format::Xls);
        assert!(matches!(
            detect(Path::new("plan.wps"), OLE),
            Err(ReadError::LegacyWord { .. })
        ));
    }
}
