//! Quantitative targets in an item's text.
//!
//! A quantity is a number with a unit (`1.7万个`, `６％`, `85亿元`, `1—2个`);
//! years, months, ages and numbers inside 《》 or quotation marks are not.
//! A quantity is a commitment when it closes its clause (`新建5G基站200个。`),
//! is a percentage or a range, carries a comparator word (`20家以上…`), or
//! follows a verb of doing (`打造6个省级工业互联网平台`); it is a qualifier,
//! not a target, when `的` follows (`1000亿元以上的县`) or when it sizes
//! the thing a later quantity counts (`500万元以上工业技改项目40个`).
//!
//! Comparators: 以上 / 不少于 / 不低于 / 至少 / 突破 / 超过 and growth words
//! (增长, 提高, 降低…) → at least; 以内 / 以下 / 不超过 / 控制在 → at most;
//! 左右 → about; 达到 / 稳定在 / 保持在 / a bare number → exactly. A word
//! after the number wins over one before it (`达到100家以上` is at least).
//!
//! Due dates come from [`super::deadlines`]; none → the end of the plan's span.

use super::text::{Chars, is_punct, quoted_mask, trim_punct};
use crate::plan::{Comparator, Target};

use super::deadlines::deadlines;
pub use super::deadlines::{Due, deadline_years, parse_deadline};
use super::folded;

mod clause;
use clause::{Clause, commitments, due_before};

/// A target found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// A short title; `None` when the text gives none (use the task's).
    pub title: Option<String>,
    pub target: Target,
    pub due: Due,
    /// The clause the target was read from, as written.
    pub quote: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Follow {
    /// Punctuation or the end of the text: the quantity closes its clause.
    Tail,
    /// `的`: the quantity describes the noun after it.
    De,
    /// A noun follows directly: `打造6个省级…平台`.
    Noun,
}

#[derive(Debug, Clone)]
struct Quantity {
    start: usize,
    end: usize,
    value: f64,
    max: Option<f64>,
    unit: String,
    comparator: Comparator,
    suffix: bool,
    follow: Follow,
}

impl Quantity {
    fn is_percent(&self) -> bool {
        matches!(self.unit.as_str(), "%" | "‰" | "个百分点")
    }
}

/// Words after a number that make it a date, an age or a duration.
const NOT_UNITS: [&str; 20] = [
    "个月",
    "个工作日",
    "个小时",
    "周岁",
    "岁",
    "年",
    "月",
    "日",
    "天",
    "小时",
    "分钟",
    "时",
    "号",
    "级",
    "星",
    "型",
    "届",
    "版",
    "代",
    "秒",
];

const UNITS: [&str; 52] = [
    "个百分点",
    // computing power and storage (算力, 存储): 12EFLOPS, 10EB
    "EFLOPS",
    "PFLOPS",
    "EB",
    "PB",
    "平方公里",
    "平方米",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "人次",
    "场次",
    "户次",
    "公里",
    "千米",
    "美元",
    "元",
    "个",
    "家",
    "项",
    "人",
    "名",
    "场",
    "次",
    "处",
    "所",
    "条",
    "户",
    "座",
    "亩",
    "吨",
    "头",
    "只",
    "件",
    "套",
    "台",
    "辆",
    "篇",
    "部",
    "间",
    "床",
    "份",
    "支",
    "种",
    "类",
    "款",
    "倍",
    "批",
    "栋",
    "艘",
    "%",
    "‰",
];

const SUFFIXES: [(&str, Comparator); 7] = [
    ("及以上", Comparator::AtLeast),
    ("以上", Comparator::AtLeast),
    ("以内", Comparator::AtMost),
    ("以下", Comparator::AtMost),
    ("左右", Comparator::About),
    ("多", Comparator::AtLeast),
    ("余", Comparator::AtLeast),
];

/// Comparator words just before a number, longest first.
const PREFIXES: [(&str, Comparator); 28] = [
    ("不少于", Comparator::AtLeast),
    ("不低于", Comparator::AtLeast),
    ("不超过", Comparator::AtMost),
    ("不高于", Comparator::AtMost),
    ("控制在", Comparator::AtMost),
    ("稳定在", Comparator::Exactly),
    ("保持在", Comparator::Exactly),
    ("至少", Comparator::AtLeast),
    ("超过", Comparator::AtLeast),
    ("突破", Comparator::AtLeast),
    ("高于", Comparator::AtLeast),
    ("多于", Comparator::AtLeast),
    ("增长", Comparator::AtLeast),
    ("增加", Comparator::AtLeast),
    ("提高", Comparator::AtLeast),
    ("提升", Comparator::AtLeast),
    ("降低", Comparator::AtLeast),
    ("下降", Comparator::AtLeast),
    ("减少", Comparator::AtLeast),
    ("压减", Comparator::AtLeast),
    ("增幅", Comparator::AtLeast),
    ("低于", Comparator::AtMost),
    ("少于", Comparator::AtMost),
    ("达到", Comparator::Exactly),
    ("保持", Comparator::Exactly),
    ("达", Comparator::Exactly),
    ("为", Comparator::Exactly),
    ("约", Comparator::About),
];

/// Verbs that make a count followed by its noun a commitment.
const VERBS: [&str; 40] = [
    "建设", "新建", "改建", "扩建", "建成", "完成", "打造", "培育", "培养", "新增", "启动", "实施",
    "创建", "争创", "引进", "招引", "招聘", "开发", "举办", "组织", "认定", "确定", "申报", "推动",
    "布局", "培训", "发展", "形成", "评选", "备案", "建立", "设立", "开展", "开通", "改造", "增加",
    "提供", "部署", "实现", "支持",
];

fn starts_with_at(norm: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(i, w)| norm.get(i) == Some(&w))
}

fn ends_with_at(norm: &[char], end: usize, word: &str) -> bool {
    let n = word.chars().count();
    end >= n && starts_with_at(norm, end - n, word)
}

fn read_number(norm: &[char], at: usize) -> Option<(f64, usize)> {
    let mut i = at;
    while norm.get(i).is_some_and(|c| c.is_ascii_digit()) {
        i += 1;
    }
    if norm.get(i) == Some(&'.') && norm.get(i + 1).is_some_and(|c| c.is_ascii_digit()) {
        i += 1;
        while norm.get(i).is_some_and(|c| c.is_ascii_digit()) {
            i += 1;
        }
    }
    let text: String = norm[at..i].iter().collect();
    text.parse().ok().map(|v| (v, i))
}

/// The quantities of `norm[start..end]`, skipping quoted text and brackets.
fn quantities(norm: &[char], mask: &[bool], start: usize, end: usize) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut i = start;
    while i < end {
        let c = norm[i];
        if c == '(' {
            depth += 1;
        } else if c == ')' {
            depth = (depth - 1).max(0);
        }
        if !c.is_ascii_digit() || mask[i] || depth > 0 {
            i += 1;
            continue;
        }
        match quantity_at(norm, start, end, i) {
            Read::NotANumber => i += 1,
            Read::Skip(next) => i = next,
            Read::Quantity(quantity) => {
                i = quantity.end;
                out.push(quantity);
            }
        }
    }
    out
}

/// What stands at a digit of a clause.
enum Read {
    NotANumber,
    /// A number that is no quantity (a year, an id, a condition): go on
    /// after it.
    Skip(usize),
    Quantity(Quantity),
}

/// The quantity whose number starts at `i`, in the clause `start..end`.
fn quantity_at(norm: &[char], start: usize, end: usize, i: usize) -> Read {
    let prev = i.checked_sub(1).map(|p| norm[p]);
    let Some((value, mut j)) = read_number(norm, i) else {
        return Read::NotANumber;
    };
    if prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == '第') {
        return Read::Skip(j);
    }
    let mut max = None;
    if matches!(norm.get(j), Some('-' | '至' | '~'))
        && norm.get(j + 1).is_some_and(|c| c.is_ascii_digit())
        && let Some((upper, after)) = read_number(norm, j + 1)
    {
        max = Some(upper);
        j = after;
    }
    if NOT_UNITS.iter().any(|w| starts_with_at(norm, j, w)) {
        return Read::Skip(j);
    }
    // a rank: `全市进5强`, `前3名` — a place of N or better
    let rank_open = ends_with_at(norm, i, "进") || ends_with_at(norm, i, "前");
    if rank_open
        && max.is_none()
        && ["强", "名", "位"]
            .iter()
            .any(|w| starts_with_at(norm, j, w))
    {
        return Read::Quantity(Quantity {
            start: i,
            end: j + 1,
            value,
            max: None,
            unit: "名".to_string(),
            comparator: Comparator::AtMost,
            suffix: true,
            follow: Follow::Tail,
        });
    }
    let Some((unit, mut k)) = unit_at(norm, j) else {
        return Read::Skip(j);
    };
    if is_negated(norm, i) {
        return Read::Skip(k);
    }
    let mut comparator = comparator_before(norm, start, i);
    let mut suffix = false;
    if let Some((word, cmp)) = SUFFIXES.iter().find(|(w, _)| starts_with_at(norm, k, w)) {
        comparator = Some(*cmp);
        suffix = true;
        k += word.chars().count();
    }
    Read::Quantity(Quantity {
        start: i,
        end: k,
        value,
        max,
        unit,
        comparator: comparator.unwrap_or(Comparator::Exactly),
        suffix,
        follow: follow_at(norm, k, end),
    })
}

/// The unit after a number ending at `j` (a magnitude 万亿/亿/万, then a
/// unit word, either or both) and where it ends; `None` for a bare number.
fn unit_at(norm: &[char], j: usize) -> Option<(String, usize)> {
    let mut unit = String::new();
    let mut k = j;
    for magnitude in ["万亿", "亿", "万"] {
        if starts_with_at(norm, k, magnitude) {
            unit.push_str(magnitude);
            k += magnitude.chars().count();
            break;
        }
    }
    match UNITS.iter().find(|u| starts_with_at(norm, k, u)) {
        Some(u) => {
            unit.push_str(u);
            k += u.chars().count();
        }
        None if !unit.is_empty() => {}
        None => return None,
    }
    Some((unit, k))
}

/// `未达到5%则…` states a condition, not a target.
fn is_negated(norm: &[char], i: usize) -> bool {
    ["未达到", "未达", "不到", "未"]
        .iter()
        .any(|w| ends_with_at(norm, i, w))
        || PREFIXES.iter().any(|(w, _)| {
            ends_with_at(norm, i, w) && {
                let at = i - w.chars().count();
                at > 0 && norm[at - 1] == '未'
            }
        })
}

/// The comparator a word before the number at `i` gives: one right before
/// it, else 至少/不少于/不低于 anywhere earlier in the clause.
fn comparator_before(norm: &[char], start: usize, i: usize) -> Option<Comparator> {
    let right_before = PREFIXES
        .iter()
        .find(|(w, _)| ends_with_at(norm, i, w))
        .map(|(_, c)| *c);
    right_before.or_else(|| {
        let before: String = norm[start..i].iter().collect();
        ["至少", "不少于", "不低于"]
            .iter()
            .any(|w| before.contains(w))
            .then_some(Comparator::AtLeast)
    })
}

/// What follows a quantity ending at `k` in a clause ending at `end`.
fn follow_at(norm: &[char], k: usize, end: usize) -> Follow {
    match norm.get(k) {
        None => Follow::Tail,
        Some(_) if k >= end => Follow::Tail,
        Some('的') => Follow::De,
        Some(&n) if is_punct(n) || matches!(n, ')' | '(' | '、' | '/') => Follow::Tail,
        Some(_) => Follow::Noun,
    }
}

/// Spans of `norm[start..end]` split at any of `seps` outside brackets.
fn split_spans(norm: &[char], start: usize, end: usize, seps: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut depth = 0i32;
    let mut from = start;
    for (i, &c) in norm.iter().enumerate().take(end).skip(start) {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = (depth - 1).max(0),
            c if depth == 0 && seps.contains(&c) => {
                spans.push((from, i));
                from = i + 1;
            }
            _ => {}
        }
    }
    spans.push((from, end));
    spans.retain(|(s, e)| e > s);
    spans
}

/// The targets of `text`, in order. `plan_year` is the year 年内 refers to.
pub fn extract(text: &str, plan_year: i32) -> Vec<Draft> {
    scan(text, plan_year).0
}

/// A quantity of the text that was not read as a target, as written, with
/// the clause it stands in (shortened), for the import report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotTarget {
    pub number: String,
    pub clause: String,
}

impl std::fmt::Display for NotTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (in “{}”)", self.number, self.clause)
    }
}

/// The quantities of `text` that were not read as targets (qualifiers,
/// sizes of a later count), as written, each with its clause.
pub fn not_targets(text: &str, plan_year: i32) -> Vec<NotTarget> {
    scan(text, plan_year).1
}

fn scan(text: &str, plan_year: i32) -> (Vec<Draft>, Vec<NotTarget>) {
    let chars = Chars::new(text);
    let mask = quoted_mask(&chars.norm);
    let all_deadlines = deadlines(&chars, &mask, plan_year);
    let mut drafts = Vec::new();
    let mut rejected = Vec::new();
    let sentence_ends = ['。', ';', '；', '!', '！', '?', '？', '\n'];
    for (s_start, s_end) in split_spans(&chars.norm, 0, chars.len(), &sentence_ends) {
        let mut previous_title: Option<String> = None;
        for (c_start, c_end) in split_spans(&chars.norm, s_start, s_end, &[',', '，', ':', '：'])
        {
            let found = quantities(&chars.norm, &mask, c_start, c_end);
            let keep = commitments(&chars, c_start, &found);
            let clause = Clause {
                chars: &chars,
                start: c_start,
                end: c_end,
                quote: trim_punct(&chars.orig(c_start, c_end)).to_string(),
                found: &found,
                keep: &keep,
            };
            rejected.extend(clause.not_targets());
            let due = |q: &Quantity| due_before(&all_deadlines, q.start, s_start);
            drafts.extend(clause.drafts(&mut previous_title, due));
        }
    }
    (drafts, rejected)
}

#[cfg(test)]
#[path = "tests/targets.rs"]
mod tests;
