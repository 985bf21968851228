//! Headings and the outline tree. A heading is a paragraph that starts with
//! a numbering marker; its style gives its rank:
//!
//! | rank | style | examples |
//! |---|---|---|
//! | 0 | chapter | `第一章` `第二部分` |
//! | 1 | Chinese numeral and `、`; an article | `一、` `十一、` `第三条` |
//! | 2 | Chinese numeral in brackets | `(一)` `（七十八）` |
//! | 3 | Arabic number and `.` `．` `﹒` `、` (`¤` in PDFs), or none | `1.` `１．` `1、` `1突破…` |
//! | 4 | Arabic number in brackets | `(1)` `（２）` |
//! | 5 | circled number | `①` |
//!
//! A heading of lower rank nests under the nearest open heading of higher
//! rank, so a document that starts at `(一)` simply has those at the top.
//! Two forms are read as headings only where the numbering expects them
//! (the next number at that rank): a number with no separator (`1突破…`) and
//! a number whose text starts with digits (`4.0402年启动…`), which could be a
//! decimal or a count otherwise.

use std::sync::LazyLock;

use regex::Regex;

use super::clean::{Cleaned, is_table_row};
use super::ids::number_value;
use super::text::{Chars, char_index, normalize, trim_punct};
use super::units;

/// How many ranks there are (see the table above).
pub const RANKS: usize = 6;

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

const NUMERALS: &str = "一二三四五六七八九十百零〇";

static CHAPTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^第([{NUMERALS}]+)(?:章|部分|篇)\s*")).unwrap());
static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^第([{NUMERALS}]+)条\s*")).unwrap());
static CHINESE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^([{NUMERALS}]+)、")).unwrap());
static PAREN_CHINESE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^\(\s*([{NUMERALS}]+)\s*\)")).unwrap());
static ARABIC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([0-9]{1,3})[.、]").unwrap());
static BARE_ARABIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{1,2})\p{Han}").unwrap());
static PAREN_ARABIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(\s*([0-9]{1,3})\s*\)").unwrap());
static CIRCLED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([①-⑳])").unwrap());

/// Characters that after a bare number make it a quantity or a date
/// (`3家企业`, `5月`), not a heading.
const MEASURE_WORDS: &str = "年月日时个家项万亿千百十元倍名条次人所座处批类件户号期届级层位种份台套辆吨米亩周天岁成只支部场";

/// A numbering marker found at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub heading: Heading,
    /// Read as a heading only where the numbering expects this number.
    pub ambiguous: bool,
}

/// The heading a paragraph starts with, if it certainly starts with one.
pub fn heading_of(paragraph: &str) -> Option<Heading> {
    candidate(paragraph)
        .filter(|c| !c.ambiguous)
        .map(|c| c.heading)
}

/// The numbering marker a paragraph may start with (see [`Candidate`]).
pub fn candidate(paragraph: &str) -> Option<Candidate> {
    let chars = Chars::new(paragraph);
    let norm = chars.norm_string();
    let patterns: [(&Regex, u8); 8] = [
        (&CHAPTER, 0),
        (&ARTICLE, 1),
        (&CHINESE, 1),
        (&PAREN_CHINESE, 2),
        (&ARABIC, 3),
        (&BARE_ARABIC, 3),
        (&PAREN_ARABIC, 4),
        (&CIRCLED, 5),
    ];
    for (n, (pattern, rank)) in patterns.into_iter().enumerate() {
        let Some(caps) = pattern.captures(&norm) else {
            continue;
        };
        let bare = n == 5;
        let digits = caps.get(1).unwrap();
        let whole_end = if bare {
            digits.end()
        } else {
            caps.get(0).unwrap().end()
        };
        let marker_len = norm[..whole_end].chars().count();
        let next = chars.norm.get(marker_len).copied();
        let mut ambiguous = false;
        if rank == 3 && !bare && next.is_some_and(|c| c.is_ascii_digit()) {
            // `1.7万` is a number; `4.0402年启动` may be item 4
            ambiguous = true;
        }
        if bare {
            if next.is_none_or(|c| MEASURE_WORDS.contains(c)) {
                continue;
            }
            ambiguous = true;
        }
        let value = match rank {
            5 => digits
                .as_str()
                .chars()
                .next()
                .map(|c| c as u32 - '①' as u32 + 1),
            _ => number_value(digits.as_str()),
        };
        let rest = chars.orig(marker_len, chars.len()).trim().to_string();
        return Some(Candidate {
            heading: Heading {
                rank,
                number: chars.orig(0, marker_len).trim().to_string(),
                value,
                rest,
            },
            ambiguous,
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
    /// The line (1-based, in the text imported) the heading stands on.
    pub line: usize,
    /// Paragraphs after the heading's own paragraph, before the next heading.
    pub body: Vec<String>,
    /// The line each body paragraph starts on.
    pub body_lines: Vec<usize>,
    /// Own-line clauses after the item: `牵头单位：…`, `完成时限：…`.
    pub lead_lines: Vec<String>,
    pub children: Vec<Node>,
    /// Filled by the importer from the lead clauses, lead lines or a table.
    pub lead: Vec<String>,
    pub support: Vec<String>,
    /// Whether the item itself states who does it (a clause, a lead line or
    /// a table row), even one naming no unit.
    pub responsible: bool,
    /// A deadline given for the whole item (完成时限).
    pub deadline: Option<String>,
    /// The item ended with a responsibility clause: a later paragraph
    /// without one is not part of it.
    closed: bool,
}

impl Node {
    fn new(heading: Heading, line: usize) -> Self {
        let closed = units::trailing_clause(&heading.rest).is_some();
        Self {
            heading,
            line,
            body: Vec::new(),
            body_lines: Vec::new(),
            lead_lines: Vec::new(),
            children: Vec::new(),
            lead: Vec::new(),
            support: Vec::new(),
            responsible: false,
            deadline: None,
            closed,
        }
    }

    fn push_body(&mut self, paragraph: String, line: usize) {
        self.closed = units::trailing_clause(&paragraph).is_some();
        self.body.push(paragraph);
        self.body_lines.push(line);
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
    /// Paragraphs of the body that belong to no item, with their lines:
    /// text after an item's closing clause, 专栏 boxes, stray captions.
    pub unplaced: Vec<(usize, String)>,
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
    let paragraphs = reflow(
        cleaned.paragraphs[first..]
            .iter()
            .cloned()
            .zip(cleaned.paragraph_lines[first..].iter().copied()),
    );
    let mut builder = Builder::default();
    for (paragraph, line) in paragraphs {
        if is_table_row(&paragraph) {
            continue;
        }
        if is_end_marker(&paragraph) {
            break;
        }
        builder.paragraph(paragraph, line);
    }
    Some(builder.finish(header_lines))
}

/// The outline as it is built, paragraph by paragraph.
#[derive(Default)]
struct Builder {
    roots: Vec<Node>,
    stack: Vec<Node>,
    /// A short unpunctuated paragraph (a signature, a stray caption) is held
    /// back until more text shows it belongs to the item.
    pending: Vec<(String, usize)>,
    /// Inside a 专栏 box: its paragraphs are not the item's text.
    in_box: bool,
    /// The last number seen at each rank, and under the open parent.
    last_any: [Option<u32>; RANKS],
    last_here: [Option<u32>; RANKS],
    unplaced: Vec<(usize, String)>,
}

impl Builder {
    fn expects(&self, heading: &Heading) -> bool {
        let rank = usize::from(heading.rank);
        let Some(value) = heading.value else {
            return false;
        };
        value == self.last_here[rank].map_or(1, |v| v + 1)
            || self.last_any[rank].is_some_and(|v| value == v + 1)
    }

    fn heading(&self, paragraph: &str) -> Option<Heading> {
        let found = candidate(paragraph)?;
        (!found.ambiguous || self.expects(&found.heading)).then_some(found.heading)
    }

    fn open(&mut self, heading: Heading, line: usize) {
        self.unplace_pending();
        self.in_box = false;
        let rank = usize::from(heading.rank);
        self.last_any[rank] = heading.value;
        self.last_here[rank] = heading.value;
        for lower in &mut self.last_here[rank + 1..] {
            *lower = None;
        }
        close_to_rank(&mut self.stack, &mut self.roots, heading.rank);
        self.stack.push(Node::new(heading, line));
    }

    fn unplace_pending(&mut self) {
        for (text, line) in self.pending.drain(..) {
            self.unplaced.push((line, text));
        }
    }

    fn paragraph(&mut self, paragraph: String, line: usize) {
        if let Some(heading) = self.heading(&paragraph) {
            self.open(heading, line);
            return;
        }
        if self.in_box || paragraph.starts_with("专栏") {
            self.in_box = true;
            self.unplaced.push((line, paragraph));
            return;
        }
        let Some(node) = self.stack.last_mut() else {
            self.unplaced.push((line, paragraph));
            return;
        };
        if units::lead_line(&paragraph).is_some() {
            node.lead_lines.push(paragraph);
            self.pending.clear();
            return;
        }
        // a heading wrapped over two lines: `…核心引领` then `区`
        if node.body.is_empty()
            && node.lead_lines.is_empty()
            && !node.closed
            && paragraph.chars().count() <= 3
            && !paragraph.chars().any(super::text::is_punct)
            && !node.heading.rest.is_empty()
            && !node.heading.rest.ends_with(super::text::is_punct)
        {
            node.heading.rest.push_str(&paragraph);
            return;
        }
        let has_clause = !units::clauses(&paragraph).is_empty();
        if (node.closed || !node.lead_lines.is_empty()) && !has_clause {
            self.unplaced.push((line, paragraph));
            return;
        }
        let caption_like = paragraph.chars().count() <= 25
            && !paragraph
                .chars()
                .any(|c| super::text::is_punct(c) && c != ' ');
        if caption_like {
            self.pending.push((paragraph, line));
        } else {
            for (text, at) in self.pending.drain(..) {
                node.push_body(text, at);
            }
            node.push_body(paragraph, line);
        }
    }

    fn finish(mut self, header_lines: usize) -> Outline {
        self.unplace_pending();
        close_to_rank(&mut self.stack, &mut self.roots, 0);
        self.unplaced.sort_by_key(|(line, _)| *line);
        Outline {
            roots: self.roots,
            header_lines,
            unplaced: self.unplaced,
        }
    }
}

static GLUED_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"\)\s*(\(\s*[{NUMERALS}]+\s*\)|[{NUMERALS}]+、|第[{NUMERALS}]+[章条])"
    ))
    .unwrap()
});

/// Mend what a capture did to paragraph boundaries: a responsibility
/// clause broken over two lines is joined (`(青岛市…高` + `质量…负责)`), and a
/// heading glued after a clause (`…负责)(十四)中国智港…`, `…负责)四、实施…`)
/// starts a paragraph of its own.
fn reflow(paragraphs: impl Iterator<Item = (String, usize)>) -> Vec<(String, usize)> {
    let mut joined: Vec<(String, usize)> = Vec::new();
    let mut open_bracket = false;
    for (text, line) in paragraphs {
        match joined.last_mut() {
            Some((last, _)) if open_bracket && heading_of(&text).is_none() => {
                last.push_str(&text);
            }
            _ => joined.push((text, line)),
        }
        let last = &joined.last().unwrap().0;
        open_bracket = unclosed_bracket(last) && last.chars().count() < 2000;
    }
    let mut out = Vec::with_capacity(joined.len());
    for (text, line) in joined {
        split_glued(&text, line, &mut out);
    }
    out
}

/// Whether the text ends inside a bracket it opened.
fn unclosed_bracket(text: &str) -> bool {
    let mut depth = 0i32;
    for c in text.chars() {
        match super::text::normalize_char(c) {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            _ => {}
        }
    }
    depth > 0
}

fn split_glued(text: &str, line: usize, out: &mut Vec<(String, usize)>) {
    let norm = normalize(text);
    // the byte offset in `text` of each char (norm maps char to char)
    let offsets: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut from = 0;
    for caps in GLUED_HEADING.captures_iter(&norm) {
        let close = char_index(&norm, caps.get(0).unwrap().start()) + 1;
        let at = char_index(&norm, caps.get(1).unwrap().start());
        let before = &text[offsets[from]..offsets[close]];
        if close <= from || units::trailing_clause(before).is_none() {
            continue;
        }
        out.push((before.to_string(), line));
        from = at;
    }
    out.push((text[offsets[from]..].to_string(), line));
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
#[path = "tests/outline.rs"]
mod tests;
