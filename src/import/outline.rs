//! Headings and the outline tree. A heading is a paragraph that starts with
//! a numbering marker; its style gives its rank:
//!
//! | rank | style | examples |
//! |---|---|---|
//! | 0 | Chinese numeral and `、` | `一、` `十一、` |
//! | 1 | Chinese numeral in brackets | `(一)` `（七十八）` |
//! | 2 | Arabic number and `.` `．` `、` (`¤` in PDFs) | `1.` `１．` `1、` |
//! | 3 | Arabic number in brackets | `(1)` `（２）` |
//! | 4 | circled number | `①` |
//!
//! A heading of lower rank nests under the nearest open heading of higher
//! rank, so a document that starts at `(一)` simply has those at the top.

use std::sync::LazyLock;

use regex::Regex;

use super::clean::{Cleaned, is_table_row};
use super::ids::number_value;
use super::text::{Chars, normalize, trim_punct};
use super::units;

/// One numbering marker at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub rank: u8,
    /// The marker as written, e.g. `（七十八）`, `１．`, `1.`.
    pub number: String,
    pub value: Option<u32>,
    /// The rest of the paragraph after the marker.
    pub rest: String,
}

static CHINESE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([一二三四五六七八九十百零〇]+)、").unwrap());
static PAREN_CHINESE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(\s*([一二三四五六七八九十百零〇]+)\s*\)").unwrap());
static ARABIC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([0-9]{1,3})[.、]").unwrap());
static PAREN_ARABIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(\s*([0-9]{1,3})\s*\)").unwrap());
static CIRCLED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([①-⑳])").unwrap());

/// The heading a paragraph starts with, if any.
pub fn heading_of(paragraph: &str) -> Option<Heading> {
    let chars = Chars::new(paragraph);
    let norm = chars.norm_string();
    let patterns: [(&Regex, u8); 5] = [
        (&CHINESE, 0),
        (&PAREN_CHINESE, 1),
        (&ARABIC, 2),
        (&PAREN_ARABIC, 3),
        (&CIRCLED, 4),
    ];
    for (pattern, rank) in patterns {
        let Some(caps) = pattern.captures(&norm) else {
            continue;
        };
        let whole = caps.get(0).unwrap();
        let marker_len = norm[..whole.end()].chars().count();
        // `1.7万` is a number, not a heading
        if rank == 2
            && chars
                .norm
                .get(marker_len)
                .is_some_and(|c| c.is_ascii_digit())
        {
            continue;
        }
        let digits = &caps[1];
        let value = match rank {
            4 => digits.chars().next().map(|c| c as u32 - '①' as u32 + 1),
            _ => number_value(digits),
        };
        let rest = chars.orig(marker_len, chars.len()).trim().to_string();
        return Some(Heading {
            rank,
            number: chars.orig(0, marker_len),
            value,
            rest,
        });
    }
    None
}

static BARE_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$").unwrap());

/// A paragraph that is only a date, like a signature's `2024年9月20日`.
pub fn is_bare_date(paragraph: &str) -> bool {
    BARE_DATE.is_match(&normalize(paragraph.trim()))
}

/// Where the body of a document ends: attachments, the distribution list,
/// a publication note or a signature date.
pub fn is_end_marker(paragraph: &str) -> bool {
    let p = paragraph.trim();
    p.starts_with("附件")
        || p.starts_with("抄送")
        || p.starts_with("主送")
        || p.contains("此件公开发布")
        || p.contains("此件主动公开")
        || is_bare_date(p)
        || (p.ends_with("印发") && p.chars().count() < 40)
}

/// A numbered node of the document with what follows it.
#[derive(Debug, Clone)]
pub struct Node {
    pub heading: Heading,
    /// Paragraphs after the heading's own paragraph, before the next heading.
    pub body: Vec<String>,
    /// Own-line clauses after the item: `牵头单位：…`, `完成时限：…`.
    pub lead_lines: Vec<String>,
    pub children: Vec<Node>,
    /// Filled by the importer from the lead clause, lead lines or a table.
    pub lead: Vec<String>,
    pub support: Vec<String>,
    /// A deadline given for the whole item (完成时限).
    pub deadline: Option<String>,
}

impl Node {
    fn new(heading: Heading) -> Self {
        Self {
            heading,
            body: Vec::new(),
            lead_lines: Vec::new(),
            children: Vec::new(),
            lead: Vec::new(),
            support: Vec::new(),
            deadline: None,
        }
    }

    /// The full text of the item (without its number), paragraphs joined by
    /// line breaks.
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        if !self.heading.rest.is_empty() {
            parts.push(self.heading.rest.as_str());
        }
        parts.extend(self.body.iter().map(String::as_str));
        parts.join("\n")
    }

    /// The body paragraphs only (for a section heading such as `一、总体要求`).
    pub fn body_text(&self) -> String {
        self.body.join("\n")
    }

    /// Whether the item already ended with its lead clause, so what follows
    /// is not part of it.
    fn closed(&self) -> bool {
        units::trailing_clause(&self.text()).is_some()
    }

    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }

    /// 0 for a leaf, else one more than the tallest child.
    pub fn height(&self) -> usize {
        self.children
            .iter()
            .map(|c| c.height() + 1)
            .max()
            .unwrap_or(0)
    }

    /// The heading as a short title: the opening sentence when the item
    /// starts with one (`推进经济强县领跑。…`), the whole heading when it is a
    /// bare heading, else a short prefix.
    pub fn title(&self) -> String {
        let text = if self.heading.rest.is_empty() {
            self.body.first().cloned().unwrap_or_default()
        } else {
            self.heading.rest.clone()
        };
        short_title(&text)
    }

    /// This node and all below it, depth first.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Node)) {
        f(self);
        for child in &mut self.children {
            child.walk_mut(f);
        }
    }

    pub fn walk(&self, f: &mut dyn FnMut(&Node)) {
        f(self);
        for child in &self.children {
            child.walk(f);
        }
    }
}

/// A title from a heading paragraph (see [`Node::title`]).
pub fn short_title(text: &str) -> String {
    const SHORT: usize = 30;
    let first_line = text.lines().next().unwrap_or_default();
    if let Some(end) = first_line.find('。') {
        let sentence = trim_punct(&first_line[..end]);
        if sentence.chars().count() <= SHORT && !sentence.is_empty() {
            return sentence.to_string();
        }
    } else if first_line.chars().count() <= SHORT + 10 {
        return trim_punct(first_line).to_string();
    }
    let clause_end = first_line
        .char_indices()
        .find(|(_, c)| matches!(c, '，' | ',' | '；' | ';' | '。'))
        .map(|(i, _)| i)
        .unwrap_or(first_line.len());
    let clause = trim_punct(&first_line[..clause_end]);
    if clause.chars().count() <= SHORT && !clause.is_empty() {
        clause.to_string()
    } else {
        super::text::shorten(trim_punct(first_line), 20)
    }
}

/// The outline of a document.
pub struct Outline {
    /// Top-level nodes in document order.
    pub roots: Vec<Node>,
    /// Index in `Cleaned::lines` of the first heading (what comes before is
    /// the notice header: title, issuer, number, date).
    pub header_lines: usize,
}

/// Build the outline from the cleaned paragraphs; `None` when there is no
/// numbered heading at all.
pub fn build(cleaned: &Cleaned) -> Option<Outline> {
    let first = cleaned
        .paragraphs
        .iter()
        .position(|p| !is_table_row(p) && heading_of(p).is_some())?;
    let header_lines = cleaned
        .lines
        .iter()
        .position(|l| !is_table_row(l) && heading_of(l).is_some())
        .unwrap_or(0);

    let mut roots: Vec<Node> = Vec::new();
    let mut stack: Vec<Node> = Vec::new();
    // A short unpunctuated paragraph (a signature, a stray caption) is held
    // back until more text shows it belongs to the item.
    let mut pending: Vec<String> = Vec::new();
    for paragraph in &cleaned.paragraphs[first..] {
        if is_table_row(paragraph) {
            continue;
        }
        if is_end_marker(paragraph) {
            break;
        }
        if let Some(heading) = heading_of(paragraph) {
            pending.clear();
            close_to_rank(&mut stack, &mut roots, heading.rank);
            stack.push(Node::new(heading));
            continue;
        }
        let Some(node) = stack.last_mut() else {
            continue;
        };
        if units::lead_line(paragraph).is_some() {
            pending.clear();
            node.lead_lines.push(paragraph.clone());
            continue;
        }
        if node.closed() || !node.lead_lines.is_empty() {
            continue;
        }
        let caption_like = paragraph.chars().count() <= 25
            && !paragraph
                .chars()
                .any(|c| super::text::is_punct(c) && c != ' ');
        if caption_like {
            pending.push(paragraph.clone());
        } else {
            node.body.append(&mut pending);
            node.body.push(paragraph.clone());
        }
    }
    close_to_rank(&mut stack, &mut roots, 0);
    Some(Outline {
        roots,
        header_lines,
    })
}

fn close_to_rank(stack: &mut Vec<Node>, roots: &mut Vec<Node>, rank: u8) {
    while stack.last().is_some_and(|n| n.heading.rank >= rank) {
        let node = stack.pop().unwrap();
        match stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None => roots.push(node),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(text: &str) -> (u8, String, Option<u32>, String) {
        let h = heading_of(text).unwrap();
        (h.rank, h.number, h.value, h.rest)
    }

    #[test]
    fn heading_styles() {
        assert_eq!(
            h("一、总体要求"),
            (0, "一、".into(), Some(1), "总体要求".into())
        );
        assert_eq!(h("十一、切实抓好组织实施").2, Some(11));
        assert_eq!(h("(一)实施行动").0, 1);
        assert_eq!(h("（七十八）强化督导检查。").2, Some(78));
        assert_eq!(h("（二十三）提升。").1, "（二十三）");
        assert_eq!(
            h("1. 推进经济强县领跑。"),
            (2, "1.".into(), Some(1), "推进经济强县领跑。".into())
        );
        assert_eq!(h("１．培育").1, "１．");
        assert_eq!(h("１¤培育").2, Some(1));
        assert_eq!(h("12、加强").2, Some(12));
        assert_eq!(h("（1）子项").0, 3);
        assert_eq!(h("(２)子项").2, Some(2));
        assert_eq!(h("③细项").2, Some(3));
        assert!(heading_of("1.7万个基站").is_none());
        assert!(heading_of("2025年达到").is_none());
        assert!(heading_of("为推进工作").is_none());
    }

    #[test]
    fn short_titles() {
        assert_eq!(
            short_title("推进经济强县领跑。发挥邹城作用。"),
            "推进经济强县领跑"
        );
        assert_eq!(
            short_title("实施综合实力跃升强县行动"),
            "实施综合实力跃升强县行动"
        );
        let long = "对深化商事制度改革成效显著、落实事中事后监管等相关政策措施社会反映好的市，优先纳入试点。";
        assert_eq!(
            short_title(long),
            "对深化商事制度改革成效显著、落实事中事后…"
        );
    }

    #[test]
    fn outline_nests_by_rank() {
        let cleaned = super::super::clean::clean(
            "标题\n一、重点任务\n(一)甲行动\n1. 做甲。内容(甲局牵头)\n2. 做乙。内容\n续段。\n(二)乙行动\n3. 做丙。\n二、保障措施\n(一)加强领导。\n抄送：某某\n",
        );
        let outline = build(&cleaned).unwrap();
        assert_eq!(outline.header_lines, 1);
        assert_eq!(outline.roots.len(), 2);
        let tasks = &outline.roots[0].children[0].children;
        assert_eq!(tasks.len(), 2);
        assert_eq!(tasks[1].text(), "做乙。内容\n续段。");
        assert_eq!(outline.roots[0].height(), 2);
        assert_eq!(outline.roots[1].children.len(), 1);
    }
}
