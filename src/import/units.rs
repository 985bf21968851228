//! Lead and supporting units: the trailing clause of an item
//! (`(市发展改革委牵头,市直有关部门配合)`, `（牵头单位：县科技局、…）`,
//! `(责任单位:区工信局、…)`, `（海关总署、商务部负责）`, `（X会同Y负责）`,
//! `（X、Y分别牵头）`) and own-line clauses after an item (`牵头单位：…`,
//! `配合单位：…`, `完成时限：…`).
//!
//! A list of units that are only said to be responsible (`X、Y负责`,
//! `责任单位：X、Y`) are all leads, unless the document has stated that the
//! first listed leads ("列第一位者为牵头单位，下同", "排在第一位的部门为牵头部门，
//! 下同"): from that clause on, the first is the lead and the rest support.

use std::sync::LazyLock;

use regex::Regex;

use super::text::{Chars, normalize};

/// What the document says about who does an item.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Units {
    pub lead: Vec<String>,
    pub support: Vec<String>,
    /// A deadline given for the whole item (完成时限), as written.
    pub deadline: Option<String>,
}

impl Units {
    fn add_lead(&mut self, units: Vec<String>) {
        for unit in units {
            if !self.lead.contains(&unit) {
                self.lead.push(unit);
            }
        }
    }

    fn add_support(&mut self, units: Vec<String>) {
        for unit in units {
            if !self.support.contains(&unit) {
                self.support.push(unit);
            }
        }
    }

    /// Responsible units: all lead, or with the first-listed rule the first
    /// leads (unless a lead is already named, then all support).
    fn add_responsible(&mut self, units: Vec<String>, rules: &Rules) {
        if !self.lead.is_empty() {
            self.add_support(units);
        } else if rules.first_is_lead {
            let mut units = units.into_iter();
            self.add_lead(units.next().into_iter().collect());
            self.add_support(units.collect());
        } else {
            self.add_lead(units);
        }
    }

    /// Merge `other` in (its units after ours) and drop supports that lead.
    pub fn merge(&mut self, other: Units) {
        self.add_lead(other.lead);
        self.add_support(other.support);
        if self.deadline.is_none() {
            self.deadline = other.deadline;
        }
        let lead = self.lead.clone();
        self.support.retain(|s| !lead.contains(s));
    }
}

/// Rules a document states once for all later clauses.
#[derive(Debug, Default, Clone, Copy)]
pub struct Rules {
    /// "列第一位者为牵头单位，下同": the first listed unit leads.
    pub first_is_lead: bool,
}

const KEYWORDS: [&str; 10] = [
    "牵头",
    "负责",
    "责任单位",
    "责任部门",
    "配合",
    "承办",
    "参加单位",
    "协办",
    "具体实施",
    "分头落实",
];

/// A clause's inner text longer than this is prose in brackets, not a clause.
const CLAUSE_MAX: usize = 300;

fn is_clause(inner: &str) -> bool {
    KEYWORDS.iter().any(|k| inner.contains(k)) && inner.chars().count() < CLAUSE_MAX
}

/// Every responsibility clause of a text, wherever it stands (after a
/// sentence, mid-paragraph, at the end): char range of the brackets and the
/// inner text as written.
pub fn clauses(text: &str) -> Vec<(usize, usize, String)> {
    let chars = Chars::new(text);
    let mut out = Vec::new();
    let mut depth = 0;
    let mut open = 0;
    for (i, &c) in chars.norm.iter().enumerate() {
        match c {
            '(' => {
                if depth == 0 {
                    open = i;
                }
                depth += 1;
            }
            ')' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    let inner = chars.orig(open + 1, i);
                    if is_clause(&inner) {
                        out.push((open, i + 1, inner));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The text without its responsibility clauses.
pub fn without_clauses(text: &str) -> String {
    let found = clauses(text);
    if found.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (i, c) in text.chars().enumerate() {
        while at < found.len() && i >= found[at].1 {
            at += 1;
        }
        if at < found.len() && i >= found[at].0 && i < found[at].1 {
            continue;
        }
        out.push(c);
    }
    out
}

/// The lead clause an item ends with: the char index of its opening bracket
/// and its inner text as written.
pub fn trailing_clause(text: &str) -> Option<(usize, String)> {
    let chars = Chars::new(text);
    let mut close = chars.len();
    while close > 0 && matches!(chars.norm[close - 1], '。' | '.' | ' ' | '\n' | ';' | '；') {
        close -= 1;
    }
    if close == 0 || chars.norm[close - 1] != ')' {
        return None;
    }
    let close = close - 1;
    let mut depth = 0;
    let mut open = None;
    for i in (0..=close).rev() {
        match chars.norm[i] {
            ')' => depth += 1,
            '(' => {
                depth -= 1;
                if depth == 0 {
                    open = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    let open = open?;
    let inner = chars.orig(open + 1, close);
    is_clause(&inner).then_some((open, inner))
}

static FIRST_IS_LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"列第一位(?:者|的)?(?:部门|单位)?为牵头|排在第一位的?(?:部门|单位)?为牵头|第一位(?:的)?(?:部门|单位)为牵头")
        .unwrap()
});

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(牵头考核单位|牵头单位|牵头部门|责任单位|责任部门|主责单位|配合单位|配合部门|协办单位|协办部门|参与单位|参与部门|参加单位|完成时限|完成时间|时间节点)\s*[:：]")
        .unwrap()
});

/// `以下均需X落实，不再逐一列出`: units said once for every item; they are
/// not the supporting units of this one.
static FOR_ALL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"以下均[需由要](.+?)(?:落实|负责|实施)").unwrap());

/// The units a clause names once for every item (`以下均需X落实，不再逐一列出`).
pub fn stated_for_all(inner: &str) -> Vec<String> {
    FOR_ALL
        .captures(inner)
        .map(|c| split_units(&c[1]))
        .unwrap_or_default()
}

/// Read a lead clause's inner text, updating `rules` when it states one.
pub fn parse_clause(inner: &str, rules: &mut Rules) -> Units {
    if FIRST_IS_LEAD.is_match(inner) {
        rules.first_is_lead = true;
    }
    let mut units = Units::default();
    let labels: Vec<_> = LABEL.captures_iter(inner).collect();
    if let Some(first) = labels.first() {
        // `（5月底前，牵头单位：X）`: a deadline before the first label
        let before = trim_list(&inner[..first.get(0).unwrap().start()]);
        if !before.is_empty() && super::deadlines::parse_deadline(before, 2000).is_some() {
            units.deadline = Some(before.to_string());
        }
        for (n, caps) in labels.iter().enumerate() {
            let whole = caps.get(0).unwrap();
            let end = labels
                .get(n + 1)
                .map(|next| next.get(0).unwrap().start())
                .unwrap_or(inner.len());
            let content = &inner[whole.end()..end];
            apply_label(&mut units, &caps[1], content, rules);
        }
        return units;
    }
    let for_all = stated_for_all(inner);
    let parts: Vec<&str> = split_top(inner, &['，', ',', '。', '；', ';'])
        .into_iter()
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "下同" && !FIRST_IS_LEAD.is_match(p))
        .filter(|p| !p.starts_with("以下") && !p.contains("不再逐一列出"))
        .collect();
    // `负责` names the lead unless the clause names one with `牵头`
    let names_lead = parts.iter().any(|p| role_of(p).0 == Role::Lead);
    let mut pending: Vec<String> = Vec::new();
    for part in parts {
        let (role, list) = role_of(part);
        let mut list_units = match role {
            Role::None if looks_like_unit_list(part) => {
                pending.extend(split_units(part));
                continue;
            }
            Role::None => continue,
            _ => std::mem::take(&mut pending),
        };
        match role {
            Role::Lead => {
                list_units.extend(split_units(list));
                units.add_lead(list_units);
            }
            Role::Support => {
                list_units.extend(split_units(list));
                units.add_support(list_units);
            }
            Role::Responsible => {
                if let Some((lead, support)) = list.split_once("会同") {
                    list_units.extend(split_units(lead));
                    if names_lead {
                        units.add_support(list_units);
                    } else {
                        units.add_lead(list_units);
                    }
                    units.add_support(split_units(support));
                } else {
                    list_units.extend(split_units(list));
                    if names_lead {
                        units.add_support(list_units);
                    } else {
                        units.add_responsible(list_units, rules);
                    }
                }
            }
            Role::None => {}
        }
    }
    units.lead.retain(|u| !for_all.contains(u));
    units.support.retain(|u| !for_all.contains(u));
    let lead = units.lead.clone();
    units.support.retain(|s| !lead.contains(s));
    units
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Lead,
    Support,
    /// `负责`: the lead, unless the clause names a `牵头` unit.
    Responsible,
    None,
}

/// The role a part of a clause states and the list of units it names.
fn role_of(part: &str) -> (Role, &str) {
    const LEAD: [&str; 4] = ["牵头负责", "分别牵头", "共同牵头", "牵头"];
    const SUPPORT: [&str; 9] = [
        "配合",
        "协助",
        "参与",
        "协同",
        "协办",
        "参加",
        "分头落实",
        "具体实施",
        "落实",
    ];
    const RESPONSIBLE: [&str; 3] = ["分工负责", "负责", "承办"];
    let strip = |list: &'static [&'static str]| list.iter().find_map(|s| part.strip_suffix(s));
    let (role, list) = if let Some(list) = strip(&LEAD) {
        (Role::Lead, list)
    } else if let Some(list) = strip(&SUPPORT) {
        (Role::Support, list)
    } else if let Some(list) = strip(&RESPONSIBLE) {
        (Role::Responsible, list)
    } else {
        return (Role::None, part);
    };
    (role, strip_manner(list))
}

/// `X按职责分工配合` → `X`: the words saying how, not who.
fn strip_manner(list: &str) -> &str {
    let mut list = list.trim();
    loop {
        let before = list;
        for word in [
            "按职责分工",
            "按照职责分工",
            "按职责",
            "分工",
            "分别",
            "共同",
            "各自",
        ] {
            if let Some(rest) = list.strip_suffix(word) {
                list = rest.trim();
            }
        }
        if list == before {
            return list;
        }
    }
}

fn trim_list(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || "，,；;。".contains(c))
}

fn apply_label(units: &mut Units, label: &str, content: &str, rules: &Rules) {
    let content = trim_list(content);
    match label {
        "完成时限" | "完成时间" | "时间节点" => {
            units.deadline = Some(content.to_string())
        }
        "配合单位" | "配合部门" | "协办单位" | "协办部门" | "参与单位" | "参与部门"
        | "参加单位" => units.add_support(split_units(content)),
        "牵头单位" | "牵头部门" | "主责单位" | "牵头考核单位" => {
            units.add_lead(split_units(content))
        }
        _ => units.add_responsible(split_units(content), rules),
    }
}

/// A part with no role word that may still be units listed before one,
/// e.g. `…、市场监管总局，各省级人民政府按职责分工负责`.
fn looks_like_unit_list(part: &str) -> bool {
    let n = part.chars().count();
    n > 1 && n < 120 && !part.contains('以') && !part.contains("不再")
}

/// Split a list of units at `、` `，` `,` `；` (not inside brackets); `/`
/// means none; `X等有关部门` gives `X` and `有关部门`. A piece too short to
/// be a unit that names no kind of body (`各区、市政府`, `济南、青岛、烟台市政府`)
/// is part of the name that follows it, as written.
pub fn split_units(list: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for group in split_top(list, &['，', ',', '；', ';', '\n']) {
        for item in join_stubs(split_top(group, &['、'])) {
            push_unit(&mut out, &item);
        }
    }
    out
}

/// Endings of the names of bodies: a piece ending so is a unit of its own.
const BODY_ENDINGS: &str = "局厅委部办府会院司行心室所署馆团社组队处站校库台关";

fn is_stub(piece: &str) -> bool {
    let piece = piece.trim();
    let n = piece.chars().count();
    let open_prefix = ["各", "有关", "相关"].iter().any(|p| piece.starts_with(p));
    (n > 0 && n <= 2 || open_prefix && n <= 3)
        && piece.chars().all(super::text::is_han)
        && !piece.ends_with(|c: char| BODY_ENDINGS.contains(c))
}

fn join_stubs(pieces: Vec<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for piece in pieces {
        match out.last_mut() {
            Some(last) if open => {
                last.push('、');
                last.push_str(piece.trim());
            }
            _ => out.push(piece.trim().to_string()),
        }
        open = is_stub(piece);
    }
    out
}

fn push_unit(out: &mut Vec<String>, item: &str) {
    let item = item
        .trim()
        .trim_matches(|c: char| c.is_whitespace() || c == '。' || c == '.');
    let item = item.strip_prefix("由").unwrap_or(item);
    if item.is_empty() || item == "/" || item == "无" {
        return;
    }
    let pieces: Vec<&str> = match item.find('等') {
        Some(at)
            if item[at + '等'.len_utf8()..].starts_with("有关")
                || item[at + '等'.len_utf8()..].starts_with("相关") =>
        {
            vec![&item[..at], &item[at + '等'.len_utf8()..]]
        }
        Some(at) if at + '等'.len_utf8() == item.len() => vec![&item[..at]],
        _ => vec![item],
    };
    for piece in pieces {
        let piece = piece.trim();
        if !piece.is_empty() && !out.iter().any(|u| u == piece) {
            out.push(piece.to_string());
        }
    }
}

/// Split at any of `separators` outside brackets and quotes.
pub fn split_top<'a>(text: &'a str, separators: &[char]) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '（' | '“' | '《' | '〈' | '[' | '【' => depth += 1,
            ')' | '）' | '”' | '》' | '〉' | ']' | '】' => depth = (depth - 1).max(0),
            _ if depth == 0 && separators.contains(&c) => {
                parts.push(&text[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// An own-line clause after an item: `牵头单位：…`, `配合单位：…`,
/// `责任单位：…`, `完成时限：…`. Returns the units it names.
pub fn lead_line(line: &str) -> Option<(String, String)> {
    let norm = normalize(line);
    let caps = LABEL.captures(&norm)?;
    let whole = caps.get(0).unwrap();
    if whole.start() != 0 {
        return None;
    }
    let label = caps[1].to_string();
    let offset = norm[..whole.end()].chars().count();
    let content: String = line.chars().skip(offset).collect();
    Some((label, content.trim().to_string()))
}

/// Units from own-line clauses.
pub fn parse_lead_line(line: &str, rules: &Rules) -> Units {
    let mut units = Units::default();
    if let Some((label, content)) = lead_line(line) {
        apply_label(&mut units, &label, &content, rules);
    }
    units
}

#[cfg(test)]
#[path = "tests/units.rs"]
mod tests;
