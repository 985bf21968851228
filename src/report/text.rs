//! Plain-text tables aligned by display width: a Chinese character takes two
//! terminal cells, so `len()` and `chars().count()` both misalign.

use unicode_width::UnicodeWidthStr;

/// Display width of `text` in terminal cells.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` padded with spaces to `cells` (left-aligned, or right when `right`).
pub fn pad(text: &str, cells: usize, right: bool) -> String {
    let fill = " ".repeat(cells.saturating_sub(width(text)));
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

/// A table with a header row, columns two spaces apart; `right[i]` aligns
/// column i to the right (numbers). The last column is not padded.
pub fn table_of(header: &[String], rows: &[Vec<String>], right: &[bool]) -> String {
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(width(cell));
        }
    }
    let mut out = String::new();
    for row in std::iter::once(header).chain(rows.iter().map(|r| r.as_slice())) {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let right = right.get(i).copied().unwrap_or(false);
                if i + 1 == columns && !right {
                    cell.clone()
                } else {
                    pad(cell, widths[i], right)
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_two_cells() {
        assert_eq!(width("济宁"), 4);
        assert_eq!(pad("济宁", 6, false), "济宁  ");
        assert_eq!(pad("7", 3, true), "  7");
        let text = table_of(
            &["id".into(), "n".into(), "title".into()],
            &[
                vec!["a1".into(), "12".into(), "实施行动".into()],
                vec!["a10".into(), "3".into(), "x".into()],
            ],
            &[false, true, false],
        );
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "a1   12  实施行动");
        assert_eq!(lines[2], "a10   3  x");
    }
}
