//! Which numbered sections are areas, which hold the headline goals, and
//! which are preamble or safeguards.
//!
//! Top-level sections are sorted by their titles: 总体要求 / …目标 hold the
//! headline goals; 指导思想 / 基本原则 are preamble; 保障措施 / 组织保障 /
//! 组织实施 / 有关要求 are safeguards; all others hold the tasks. The area
//! level is the one above the tasks: when any task section nests two levels
//! (`二、重点任务` → `(一)…行动` → `1.`), the second level are the areas and a
//! second-level item with nothing under it is an area of one task (the five
//! 计划 of the Shandong plan); when the task sections nest one level
//! (`一、…` → `（一）…`), they are the areas; when nothing nests, the whole
//! document is one area.
//!
//! Safeguard sections are left out unless one of their items names a lead
//! unit (in its own clause or through a task table), or their items carry
//! on the plan's running task numbering (Wenshang's 十一、切实抓好组织实施
//! holds tasks （七十六）…（七十八）): then they are tasks of the plan and
//! become a final area titled as in the document.

use super::outline::Node;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Preamble,
    Goal,
    Safeguard,
    Body,
}

const SAFEGUARD_WORDS: [&str; 8] = [
    "保障措施",
    "组织保障",
    "组织实施",
    "组织领导",
    "工作要求",
    "有关要求",
    "实施要求",
    "工作保障",
];
const GOAL_WORDS: [&str; 5] = ["总体要求", "总体目标", "主要目标", "发展目标", "工作目标"];
const PREAMBLE_WORDS: [&str; 5] = ["指导思想", "基本原则", "工作原则", "总体思路", "基本要求"];

pub fn classify(title: &str) -> Section {
    if SAFEGUARD_WORDS.iter().any(|w| title.contains(w)) {
        Section::Safeguard
    } else if GOAL_WORDS.iter().any(|w| title.contains(w)) || title.ends_with("目标") {
        Section::Goal
    } else if PREAMBLE_WORDS.iter().any(|w| title.contains(w)) {
        Section::Preamble
    } else {
        Section::Body
    }
}

/// An area and the nodes that are its tasks.
pub struct AreaDraft<'a> {
    pub number: String,
    pub title: String,
    pub tasks: Vec<&'a Node>,
    /// The area is a single paragraph that is also its only task.
    pub single: bool,
    /// The line of its heading (none for the whole plan as one area).
    pub line: Option<usize>,
}

impl<'a> AreaDraft<'a> {
    fn of_children(node: &'a Node) -> Self {
        Self {
            number: node.heading.number.clone(),
            title: node.title(),
            tasks: node.children.iter().collect(),
            single: false,
            line: Some(node.line),
        }
    }

    fn single(node: &'a Node) -> Self {
        Self {
            number: node.heading.number.clone(),
            title: node.title(),
            tasks: vec![node],
            single: true,
            line: Some(node.line),
        }
    }
}

/// A section holding headline goals: its title and text.
pub struct GoalText {
    pub title: String,
    pub text: String,
}

pub struct Structure<'a> {
    pub goals: Vec<GoalText>,
    pub areas: Vec<AreaDraft<'a>>,
    /// Preamble and safeguard sections that hold no tasks.
    pub left_out: Vec<&'a Node>,
}

fn has_lead(node: &Node) -> bool {
    let mut found = false;
    node.walk(&mut |n| found |= !n.lead.is_empty() || n.responsible);
    found
}

/// Do the items of `root` carry on the task numbering of `areas` (same
/// heading style, next number)?
fn continues_numbering(areas: &[AreaDraft], root: &Node) -> bool {
    let last = areas
        .iter()
        .rev()
        .filter(|a| !a.single)
        .find_map(|a| a.tasks.last());
    match (last, root.children.first()) {
        (Some(last), Some(first)) => {
            first.heading.rank == last.heading.rank
                && matches!((last.heading.value, first.heading.value), (Some(l), Some(f)) if f == l + 1)
        }
        _ => false,
    }
}

/// How deep below a section its tasks stand: the depth (0 the section
/// itself, 1 its items…) holding the most items that state who does them.
/// `None` when no item of the section does.
fn task_depth(root: &Node) -> Option<usize> {
    let mut counts: Vec<usize> = Vec::new();
    fn count(node: &Node, depth: usize, counts: &mut Vec<usize>) {
        if counts.len() <= depth {
            counts.resize(depth + 1, 0);
        }
        counts[depth] += usize::from(node.responsible);
        for child in &node.children {
            count(child, depth + 1, counts);
        }
    }
    count(root, 0, &mut counts);
    let best = counts.iter().copied().max().filter(|n| *n > 0)?;
    counts.iter().position(|n| *n == best)
}

/// The areas of one section whose tasks stand `depth` below it: the nodes
/// one level above the tasks; a node that ends above them is an area of one
/// task (itself).
fn areas_at_depth<'a>(node: &'a Node, depth: usize, areas: &mut Vec<AreaDraft<'a>>) {
    match depth {
        0 => areas.push(AreaDraft::single(node)),
        1 if node.is_leaf() => areas.push(AreaDraft::single(node)),
        1 => areas.push(AreaDraft::of_children(node)),
        _ if node.is_leaf() => areas.push(AreaDraft::single(node)),
        _ => {
            for child in &node.children {
                areas_at_depth(child, depth - 1, areas);
            }
        }
    }
}

/// The task depth of a section none of whose items states who does them:
/// the leaves of the deepest section in the document (`height`) are tasks.
fn depth_by_height(height: usize) -> usize {
    height.clamp(1, 2)
}

pub fn analyse<'a>(roots: &'a [Node], plan_title: &str) -> Structure<'a> {
    let mut goals = Vec::new();
    let mut body: Vec<&Node> = Vec::new();
    let mut safeguards: Vec<&Node> = Vec::new();
    let mut left_out: Vec<&Node> = Vec::new();
    for root in roots {
        match classify(&root.title()) {
            Section::Goal => {
                let text = root.body_text();
                if !text.trim().is_empty() {
                    goals.push(GoalText {
                        title: root.title(),
                        text,
                    });
                }
                for child in &root.children {
                    if classify(&child.title()) == Section::Goal {
                        goals.push(GoalText {
                            title: child.title(),
                            text: child.text(),
                        });
                    }
                }
            }
            Section::Preamble => left_out.push(root),
            Section::Safeguard => safeguards.push(root),
            Section::Body => body.push(root),
        }
    }
    let height = body.iter().map(|n| n.height()).max().unwrap_or(0);
    let by_clauses: Vec<Option<usize>> = body.iter().map(|root| task_depth(root)).collect();
    // areas stand at one level across the document: where other sections
    // hold their tasks under areas (`三、` → `(一)…工程` → `1.`), a section whose
    // own items carry the clauses (`二、` → `(一)…计划`) makes each of them
    // an area of one task (the five 计划 of the Shandong plan)
    let area_level = by_clauses.iter().flatten().copied().max().unwrap_or(0);
    let depths: Vec<usize> = body
        .iter()
        .zip(&by_clauses)
        .map(|(root, depth)| match depth {
            Some(1) if area_level >= 2 && root.children.iter().all(Node::is_leaf) => 2,
            Some(d) => *d,
            None => depth_by_height(height),
        })
        .collect();
    let mut areas: Vec<AreaDraft> = Vec::new();
    if !body.is_empty() && (height == 0 || depths.iter().all(|d| *d == 0)) {
        // the top-level items are themselves the tasks (国办发〔2018〕117号)
        areas.push(AreaDraft {
            number: String::new(),
            title: plan_title.to_string(),
            tasks: body.clone(),
            single: false,
            line: None,
        });
    } else {
        for (root, depth) in body.iter().zip(&depths) {
            areas_at_depth(root, (*depth).max(1), &mut areas);
        }
    }
    for root in safeguards {
        if has_lead(root) || continues_numbering(&areas, root) {
            let depth = task_depth(root).unwrap_or(1).max(1);
            areas_at_depth(root, depth, &mut areas);
        } else {
            left_out.push(root);
        }
    }
    left_out.sort_by_key(|n| n.line);
    Structure {
        goals,
        areas,
        left_out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn section_kinds() {
        assert_eq!(classify("总体要求"), Section::Goal);
        assert_eq!(classify("主要目标"), Section::Goal);
        assert_eq!(classify("发展目标"), Section::Goal);
        assert_eq!(classify("指导思想"), Section::Preamble);
        assert_eq!(classify("保障措施"), Section::Safeguard);
        assert_eq!(classify("切实抓好组织实施"), Section::Safeguard);
        assert_eq!(classify("组织保障"), Section::Safeguard);
        assert_eq!(classify("重点任务"), Section::Body);
        assert_eq!(classify("大力实施创新驱动战略"), Section::Body);
    }
}
