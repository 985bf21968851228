//! What every reader of a publication format hands the importer: the
//! document's paragraphs in reading order, each with the place it came from,
//! so that what the importer reports (an item without units, a number not
//! taken as a target) can name the line, page or cell a person looks at.

use std::fmt;

/// A document as text: one paragraph per entry, in reading order. A table
/// row is one paragraph whose cells are separated by tabs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Paragraph {
    pub text: String,
    pub origin: Origin,
}

/// Where a paragraph stands in the file it was read from (all 1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A line of a text file.
    Line(usize),
    /// A line of a PDF page's text.
    Page { page: usize, line: usize },
    /// A paragraph (or table row) of a word-processor document or web page.
    Paragraph(usize),
    /// A cell of a spreadsheet, as `SHEET!B12`.
    Cell { sheet: String, row: u32, col: u32 },
}

impl Document {
    /// A plain text, one paragraph per line, each at its line number.
    pub fn from_text(text: &str) -> Self {
        let paragraphs = text
            .lines()
            .enumerate()
            .map(|(i, line)| Paragraph {
                text: line.to_string(),
                origin: Origin::Line(i + 1),
            })
            .collect();
        Document { paragraphs }
    }

    /// The paragraphs joined by newlines: line N of this text is paragraph N.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, p) in self.paragraphs.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&p.text);
        }
        out
    }

    /// The origin of line `n` (1-based) of [`Document::text`].
    pub fn origin_of_line(&self, n: usize) -> Option<&Origin> {
        n.checked_sub(1)
            .and_then(|i| self.paragraphs.get(i))
            .map(|p| &p.origin)
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Line(n) => write!(f, "line {n}"),
            Origin::Page { page, line } => write!(f, "page {page}, line {line}"),
            Origin::Paragraph(n) => write!(f, "paragraph {n}"),
            Origin::Cell { sheet, row, col } => write!(f, "{sheet}!{}{row}", column_name(*col)),
        }
    }
}

/// Spreadsheet column letters: 1 → A, 27 → AA.
pub fn column_name(mut col: u32) -> String {
    let mut letters = Vec::new();
    while col > 0 {
        let rem = (col - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        col = (col - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_their_numbers() {
        let doc = Document::from_text("一、总体要求\n（一）发展目标");
        assert_eq!(doc.text(), "一、总体要求\n（一）发展目标");
        assert_eq!(doc.origin_of_line(2), Some(&Origin::Line(2)));
        assert_eq!(doc.origin_of_line(0), None);
    }

    #[test]
    fn cells_are_named_as_spreadsheets_name_them() {
        let cell = Origin::Cell {
            sheet: "任务分解表".into(),
            row: 12,
            col: 28,
        };
        assert_eq!(cell.to_string(), "任务分解表!AB12");
        assert_eq!(column_name(1), "A");
        assert_eq!(column_name(26), "Z");
    }
}
