//! PDF with a text layer, through pdf-extract (which places text by its
//! position on the page, so a printed line comes out as one line; lopdf's own
//! `extract_text` gives one line per font change, `2024` and `年` apart).
//!
//! What the page layout added is taken out again: running headers and
//! footers (lines repeated at the top or bottom of most pages) and page
//! numbers (`- 3 -`, `— 3 —`, `第3页`, `3/12`); spaces the PDF put beside
//! digits and between Chinese characters (`2025 年` → `2025年`); and lines
//! broken at the page's width joined back into paragraphs. Each paragraph's
//! origin is the page and line it starts on.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::super::document::{Document, Origin, Paragraph};
use super::ReadError;

/// Fewer visible characters per page than this is a caption, not a text.
const CAPTION_CHARS_PER_PAGE: usize = 60;

static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[-—–－~\s]*[0-9０-９]{1,4}[-—–－~\s]*|第\s*[0-9０-９]+\s*页(?:\s*[,，/]?\s*共\s*[0-9０-９]+\s*页)?|[0-9]+\s*/\s*[0-9]+|[Pp]age\s*[0-9]+(?:\s*of\s*[0-9]+)?)$",
    )
    .unwrap()
});

/// A line as the page gave it.
struct Line {
    page: usize,
    /// 1-based, among the page's non-empty lines.
    number: usize,
    text: String,
}

pub fn read(path: &Path, bytes: &[u8]) -> Result<Document, ReadError> {
    let pages = extract(bytes).map_err(|detail| ReadError::Corrupt {
        path: path.to_path_buf(),
        format: "PDF",
        detail,
        incomplete: false,
    })?;
    let visible: String = pages
        .concat()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if visible.is_empty() {
        return Err(ReadError::NoTextLayer { path: path.into() });
    }
    if visible.chars().count() < CAPTION_CHARS_PER_PAGE * pages.len() {
        let text: String = pages
            .concat()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        return Err(ReadError::NotPlanText {
            path: path.into(),
            text: crate::import::text::shorten(&text, 60),
        });
    }
    let lines = drop_running_lines(page_lines(&pages));
    Ok(Document {
        paragraphs: join_lines(&lines),
    })
}

thread_local! {
    /// Whether this thread is reading a PDF, whose panics are not reported.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Wrap the panic hook once so that a panic inside pdf-extract prints
/// nothing (it becomes one "not a readable PDF" line); panics elsewhere,
/// on any thread, are reported as before.
fn quiet_pdf_panics() {
    static INSTALL: std::sync::Once = std::sync::Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
}

/// The text of each page; pdf-extract panics on some damaged files, which
/// is a damaged file, not a crash.
fn extract(bytes: &[u8]) -> Result<Vec<String>, String> {
    quiet_pdf_panics();
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem_by_pages(bytes));
    QUIET.with(|q| q.set(false));
    match result {
        Ok(Ok(pages)) => Ok(pages),
        Ok(Err(err)) => Err(err.to_string()),
        Err(_) => Err("the PDF's structure could not be read".to_string()),
    }
}

fn page_lines(pages: &[String]) -> Vec<Vec<Line>> {
    pages
        .iter()
        .enumerate()
        .map(|(p, text)| {
            text.lines()
                .map(|l| l.trim_matches(|c: char| c.is_whitespace()))
                .filter(|l| !l.is_empty())
                .enumerate()
                .map(|(i, l)| Line {
                    page: p + 1,
                    number: i + 1,
                    text: l.to_string(),
                })
                .collect()
        })
        .collect()
}

/// How many lines at the top and the bottom of a page may be a running
/// header or footer.
const EDGE: usize = 2;

/// A line with its digits and spaces taken out: the same on every page for
/// a header like `济宁市人民政府文件` or a footer like `— 3 —`.
fn running_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !c.is_ascii_digit() && !('０'..='９').contains(c))
        .collect()
}

fn drop_running_lines(pages: Vec<Vec<Line>>) -> Vec<Line> {
    let at_edge = |i: usize, len: usize| i < EDGE || i + EDGE >= len;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in &pages {
        let mut keys: Vec<String> = page
            .iter()
            .enumerate()
            .filter(|(i, _)| at_edge(*i, page.len()))
            .map(|(_, l)| running_key(&l.text))
            .collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            *seen.entry(key).or_default() += 1;
        }
    }
    // on most pages: all of two or three, half of more; never on one page
    let most = match pages.len() {
        0 | 1 => usize::MAX,
        n @ 2..=3 => n,
        n => n.div_ceil(2),
    };
    let mut out = Vec::new();
    for page in pages {
        let len = page.len();
        for (i, line) in page.into_iter().enumerate() {
            let edge = at_edge(i, len);
            let repeated = seen
                .get(&running_key(&line.text))
                .is_some_and(|n| *n >= most);
            if edge && (repeated || PAGE_NUMBER.is_match(&line.text)) {
                continue;
            }
            out.push(line);
        }
    }
    out
}

/// Chinese characters, Chinese punctuation and full-width forms.
fn is_wide(c: char) -> bool {
    !c.is_ascii() && !c.is_whitespace()
}

/// Drop the spaces a PDF puts between Chinese characters and around digits
/// (`2025 年`, `1. 推进`, `5G 基站`); a space between two Latin words or
/// numbers (`2024-09-20 16:55`, `Wi-Fi 6`) stays.
pub fn close_spaces(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let before = chars[..i].iter().rev().find(|c| !c.is_whitespace());
            let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            let keep = match (before, after) {
                (Some(b), Some(a)) => !is_wide(*b) && !is_wide(*a),
                _ => false,
            };
            if !keep || out.ends_with(' ') {
                continue;
            }
            out.push(' ');
            continue;
        }
        out.push(c);
    }
    out
}

/// Whether a line begins a paragraph of its own whatever came before: a
/// numbered heading, an own-line lead clause, a table row.
fn starts_paragraph(text: &str) -> bool {
    super::super::outline::heading_of(text).is_some()
        || super::super::units::lead_line(text).is_some()
        || super::super::outline::is_end_marker(text)
}

/// A line's printed width in half-em: in a Chinese PDF every non-ASCII
/// character, quotes and dashes included, takes a full em.
fn printed_width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

/// Join each line that runs to the page's right margin with the next one.
fn join_lines(lines: &[Line]) -> Vec<Paragraph> {
    let mut widths: Vec<usize> = lines.iter().map(|l| printed_width(&l.text)).collect();
    widths.sort_unstable();
    let full = widths.get(widths.len() * 4 / 5).copied().unwrap_or(0);
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let mut open = false;
    for line in lines {
        let text = close_spaces(&line.text);
        match paragraphs.last_mut() {
            Some(last) if open && !starts_paragraph(&text) => {
                let latin = last.text.ends_with(|c: char| c.is_ascii_alphabetic())
                    && text.starts_with(|c: char| c.is_ascii_alphabetic());
                if latin {
                    last.text.push(' ');
                }
                last.text.push_str(&text);
            }
            _ => paragraphs.push(Paragraph {
                text,
                origin: Origin::Page {
                    page: line.page,
                    line: line.number,
                },
            }),
        }
        // a line that stops short of the margin ends its paragraph
        open = printed_width(&line.text) * 10 >= full * 9;
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(texts: &[&str]) -> Vec<Vec<Line>> {
        let owned: Vec<String> = texts.iter().map(|s| s.to_string()).collect();
        page_lines(&owned)
    }

    #[test]
    fn spaces_around_digits_and_between_characters_go() {
        assert_eq!(
            close_spaces("力争到 2025 年, 全市 新 建 5G 基站"),
            "力争到2025年,全市新建5G基站"
        );
        assert_eq!(close_spaces("1. 推进经济强县领跑"), "1.推进经济强县领跑");
        assert_eq!(
            close_spaces("2024-09-20  16:55 Wi-Fi 6"),
            "2024-09-20 16:55 Wi-Fi 6"
        );
    }

    #[test]
    fn running_headers_and_page_numbers_go() {
        let lines = drop_running_lines(pages(&[
            "济宁市人民政府文件\n正文第一页内容。\n— 1 —",
            "济宁市人民政府文件\n正文第二页内容。\n- 2 -",
            "济宁市人民政府文件\n正文第三页内容。\n第3页 共3页",
        ]));
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            ["正文第一页内容。", "正文第二页内容。", "正文第三页内容。"]
        );
        assert_eq!((lines[1].page, lines[1].number), (2, 2));
    }

    #[test]
    fn a_line_at_the_edge_of_some_pages_is_not_a_header() {
        let lines = drop_running_lines(pages(&[
            "(市工信局牵头)\n正文一。",
            "(市工信局牵头)\n正文二。",
            "正文三。",
            "正文四。",
            "正文五。",
        ]));
        assert_eq!(lines.len(), 7, "on 2 of 5 pages: content");
        let lines =
            drop_running_lines(pages(&["(市工信局牵头)\n正文一。", "正文二。", "正文三。"]));
        assert_eq!(lines.len(), 4, "on 1 of 3 pages: content");
        let lines = drop_running_lines(pages(&["济宁市人民政府文件\n正文一。\n正文二。"]));
        assert_eq!(lines.len(), 3, "one page has no running lines");
    }

    #[test]
    fn broken_lines_are_joined_across_pages() {
        let lines = drop_running_lines(pages(&[
            "一、总体要求\n这是一个很长的句子被页面的宽度断开在这里没有\n结束。\n1. 推进经济强县领跑。这是另一段很长的句子也被\n",
            "断开了跨过了一页。\n(市发展改革委牵头)\n",
        ]));
        let paragraphs = join_lines(&lines);
        let texts: Vec<&str> = paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "一、总体要求",
                "这是一个很长的句子被页面的宽度断开在这里没有结束。",
                "1.推进经济强县领跑。这是另一段很长的句子也被断开了跨过了一页。",
                "(市发展改革委牵头)"
            ]
        );
        assert_eq!(paragraphs[2].origin, Origin::Page { page: 1, line: 4 });
    }
}
