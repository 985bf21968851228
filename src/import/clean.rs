//! Cleaning a captured document before its structure is read: site
//! navigation, PDF page headers and page numbers, a body captured twice, and
//! (for PDF extractions) lines broken in mid-sentence, the `¤` separator,
//! spaces put beside brackets and quotes, and `.` printed for `。`.
//! Wording is never changed: only what the capture added is removed.

use std::sync::LazyLock;

use regex::Regex;

use super::outline::heading_of;
use super::text::{is_han, normalize};

/// The cleaned document.
pub struct Cleaned {
    /// Non-empty lines, trimmed, artifacts removed.
    pub lines: Vec<String>,
    /// Paragraphs: the lines, or for a PDF extraction the broken lines
    /// joined back together.
    pub paragraphs: Vec<String>,
    /// For each paragraph, the line number of its first line.
    pub paragraph_lines: Vec<usize>,
}

static NAVIGATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"网站地图|无障碍|您当前位置|当前位置[:：]|浏览次数|^发布日期[:：]|^发布时间[:：]|^来源[:：]|【文字版】|【PDF版】|【打印】|打印本页|关闭窗口|^分享到|扫一扫|字体[:：]?\s*\[|^\[\s*(大|中|小)\s*\]",
    )
    .unwrap()
});

/// A PDF running header: a line of single ideographs spaced out,
/// like `山 东 省 人 民 政 府`.
static PAGE_HEADER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:\p{Han}[ \u{3000}]+){3,}\p{Han}$").unwrap());

/// A lone page number, with or without dashes: `12`, `— 3 —`, `－１５－`.
static PAGE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-—－–]?\s*[0-9０-９]{1,3}\s*[-—－–]?$").unwrap());

pub fn clean(text: &str) -> Cleaned {
    let text = text
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let (mut lines, mut line_numbers): (Vec<String>, Vec<usize>) = text
        .lines()
        .enumerate()
        .map(|(i, line)| (trim_line(line), i + 1))
        .filter(|(line, _)| !line.is_empty())
        .filter(|(line, _)| !is_artifact(line))
        .map(|(line, n)| {
            // private-use glyphs (a font's own bullets or separators, as in
            // `1\u{e010}突破…`) carry no text
            let line: String = line
                .chars()
                .filter(|c| !('\u{e000}'..='\u{f8ff}').contains(c))
                .collect();
            let line = line
                .replace('¤', "．")
                .replace('«', "《")
                .replace('»', "》");
            (line, n)
        })
        .unzip();
    drop_repeated_body(&mut lines);
    line_numbers.truncate(lines.len());
    let pdf = looks_like_pdf(&lines);
    if pdf {
        let has_full_stop = lines.iter().any(|l| l.contains('。'));
        for line in &mut lines {
            *line = close_pdf_spaces(line);
            if !has_full_stop {
                *line = restore_full_stops(line);
            }
        }
    }
    let (paragraphs, paragraph_lines) = if pdf {
        join_broken_lines(&lines, &line_numbers)
    } else {
        (lines.clone(), line_numbers.clone())
    };
    Cleaned {
        lines,
        paragraphs,
        paragraph_lines,
    }
}

/// Trim spaces at both ends; a table row keeps its tabs (an empty last cell
/// is still a cell).
fn trim_line(line: &str) -> String {
    let spaces = |c: char| c == ' ' || c == '\u{3000}' || c == '\u{a0}';
    let trimmed = line.trim_matches(spaces);
    if trimmed.trim_matches('\t').contains('\t') {
        trimmed.to_string()
    } else {
        trimmed.trim().to_string()
    }
}

pub fn is_table_row(line: &str) -> bool {
    line.contains('\t')
}

/// Navigation is a short line of links; a paragraph of the plan may well
/// speak of 无障碍 (accessibility) and is kept.
fn is_artifact(line: &str) -> bool {
    const NAVIGATION_LINE: usize = 60;
    (NAVIGATION.is_match(line) && line.chars().count() <= NAVIGATION_LINE)
        || PAGE_HEADER.is_match(line)
        || PAGE_NUMBER.is_match(line)
}

/// A web capture may hold the whole document twice. Find the first line
/// from which five lines in a row repeat earlier ones and cut there, along
/// with the few lines just before it that also repeat the first copy's
/// header (the second copy's own title line).
fn drop_repeated_body(lines: &mut Vec<String>) {
    const RUN: usize = 5;
    let mut first_seen: std::collections::HashMap<&str, usize> = Default::default();
    let mut cut = None;
    for j in 0..lines.len() {
        let line = lines[j].as_str();
        if let Some(&i) = first_seen.get(line)
            && line.chars().count() >= 6
            && j + RUN <= lines.len()
            && i + RUN <= j
            && (0..RUN).all(|k| lines[i + k] == lines[j + k])
        {
            let mut start = j;
            for back in 1..=4 {
                let Some(candidate) = j.checked_sub(back) else {
                    break;
                };
                if candidate <= i + RUN {
                    break;
                }
                if lines[..i].contains(&lines[candidate]) {
                    start = candidate;
                }
            }
            cut = Some(start);
            break;
        }
        first_seen.entry(line).or_insert(j);
    }
    if let Some(start) = cut {
        lines.truncate(start);
    }
}

/// A PDF extraction has lines of a page's width (a web page has whole
/// paragraphs), and most of them stop in mid-sentence.
fn looks_like_pdf(lines: &[String]) -> bool {
    let mut lengths: Vec<usize> = lines
        .iter()
        .filter(|l| !is_table_row(l))
        .map(|l| l.chars().count())
        .collect();
    lengths.sort_unstable();
    if lengths
        .get(lengths.len() / 2)
        .is_none_or(|median| *median > 60)
    {
        return false;
    }
    let mut long = 0;
    let mut broken = 0;
    for line in lines {
        if is_table_row(line) || line.chars().count() < 12 {
            continue;
        }
        long += 1;
        let last = normalize(line).chars().last().unwrap_or('。');
        if is_han(last) || last.is_ascii_alphanumeric() || matches!(last, '、' | ',' | '，') {
            broken += 1;
        }
    }
    long >= 8 && broken * 10 >= long * 4
}

/// A PDF extraction puts spaces before brackets and quotes (`各县 (市、区)`,
/// ` “千亿”`); drop every space that touches a Chinese character or
/// Chinese punctuation. Spaces between Latin words stay.
fn close_pdf_spaces(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let wide = |c: char| is_han(c) || !c.is_ascii();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let before = chars[..i].iter().rev().find(|c| **c != ' ');
            let after = chars[i + 1..].iter().find(|c| **c != ' ');
            let ascii_before = before.is_some_and(|c| !wide(*c) && !matches!(c, '(' | ')'));
            let ascii_after = after.is_some_and(|c| !wide(*c) && !matches!(c, '(' | ')'));
            if !(ascii_before && ascii_after) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Some PDF extractions print the full stop `。` as `.`; put it back where a
/// `.` follows Chinese text or a closing bracket (never between digits).
fn restore_full_stops(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            let after_text = prev.is_some_and(|p| {
                is_han(p) || matches!(p, ')' | '）' | '”' | '’' | '》' | '」' | '%' | '％')
            });
            let before_digit = next.is_some_and(|n| n.is_ascii_digit());
            if c == '.' && after_text && !before_digit {
                '。'
            } else {
                c
            }
        })
        .collect()
}

/// Rejoin a PDF's broken lines: a line continues the one before unless it
/// starts a heading, an own-line lead clause, or the one before was short
/// (the last line of a paragraph).
fn join_broken_lines(lines: &[String], numbers: &[usize]) -> (Vec<String>, Vec<usize>) {
    let mut widths: Vec<usize> = lines
        .iter()
        .filter(|l| !is_table_row(l))
        .map(|l| l.chars().count())
        .collect();
    widths.sort_unstable();
    let width = widths
        .get(widths.len() * 3 / 4)
        .copied()
        .unwrap_or_default();
    let short = |line: &str| line.chars().count() * 4 < width * 3;
    let mut paragraphs: Vec<String> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    let mut open = false;
    for (line, &number) in lines.iter().zip(numbers) {
        let starts_new = heading_of(line).is_some()
            || is_table_row(line)
            || super::units::lead_line(line).is_some()
            || super::outline::is_end_marker(line);
        match paragraphs.last_mut() {
            Some(last) if open && !starts_new => last.push_str(line),
            _ => {
                paragraphs.push(line.clone());
                starts.push(number);
            }
        }
        open = !short(line) && !is_table_row(line);
    }
    (paragraphs, starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn navigation_page_headers_and_numbers_go() {
        let text = "峄城区政府网站欢迎您! 简体繁体无障碍 网站地图\n您当前位置:首页>详细资料\n正文一行。\n 山 东 省 人 民 政 府\n— 3 —\n１２\n正文二行。";
        let cleaned = clean(text);
        assert_eq!(cleaned.lines, vec!["正文一行。", "正文二行。"]);
    }

    #[test]
    fn a_body_captured_twice_is_kept_once() {
        let body: Vec<String> = (1..=8).map(|i| format!("第{i}段正文内容。")).collect();
        let mut text = vec!["标题行一二三".to_string()];
        text.extend(body.clone());
        text.push("发布时间: 2024-12-31".into());
        text.push("标题行一二三".into());
        text.extend(body);
        let cleaned = clean(&text.join("\n"));
        assert_eq!(cleaned.lines.len(), 9, "{:?}", cleaned.lines);
        assert_eq!(cleaned.lines[8], "第8段正文内容。");
    }

    #[test]
    fn pdf_lines_are_joined_and_spaces_closed() {
        let mut text = String::new();
        for i in 0..5 {
            text.push_str(&format!(
                "这是第{i}个很长的句子被断开在了这里没有结束的地\n\n方继续写下去直到一行的末尾处仍然没有结束的样\n\n子.\n"
            ));
        }
        text.push_str("１¤培育优势产业集群.推动各县 (市、区)形成 “千亿”县域的发展格局和态\n势.\n");
        let cleaned = clean(&text);
        assert!(looks_like_pdf(&cleaned.lines));
        assert_eq!(
            cleaned.paragraphs[0],
            "这是第0个很长的句子被断开在了这里没有结束的地方继续写下去直到一行的末尾处仍然没有结束的样子。"
        );
        assert_eq!(
            cleaned.paragraphs.last().unwrap(),
            "１．培育优势产业集群。推动各县(市、区)形成“千亿”县域的发展格局和态势。"
        );
    }

    #[test]
    fn decimals_keep_their_point() {
        assert_eq!(restore_full_stops("达到1.7万个以上."), "达到1.7万个以上。");
    }
}
