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
}

impl<'a> AreaDraft<'a> {
    fn of_children(node: &'a Node) -> Self {
        Self {
            number: node.heading.number.clone(),
            title: node.title(),
            tasks: node.children.iter().collect(),
            single: false,
        }
    }

    fn single(node: &'a Node) -> Self {
        Self {
            number: node.heading.number.clone(),
            title: node.title(),
            tasks: vec![node],
            single: true,
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
}

fn has_lead(node: &Node) -> bool {
    let mut found = false;
    node.walk(&mut |n| found |= !n.lead.is_empty());
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

pub fn analyse<'a>(roots: &'a [Node], plan_title: &str) -> Structure<'a> {
    let mut goals = Vec::new();
    let mut body: Vec<&Node> = Vec::new();
    let mut safeguards: Vec<&Node> = Vec::new();
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
            Section::Preamble => {}
            Section::Safeguard => safeguards.push(root),
            Section::Body => body.push(root),
        }
    }
    let height = body.iter().map(|n| n.height()).max().unwrap_or(0);
    let mut areas: Vec<AreaDraft> = Vec::new();
    match height {
        0 if !body.is_empty() => areas.push(AreaDraft {
            number: String::new(),
            title: plan_title.to_string(),
            tasks: body.clone(),
            single: false,
        }),
        0 => {}
        1 => {
            for root in &body {
                areas.push(if root.is_leaf() {
                    AreaDraft::single(root)
                } else {
                    AreaDraft::of_children(root)
                });
            }
        }
        _ => {
            for root in &body {
                if root.is_leaf() {
                    areas.push(AreaDraft::single(root));
                    continue;
                }
                for child in &root.children {
                    areas.push(if child.is_leaf() {
                        AreaDraft::single(child)
                    } else {
                        AreaDraft::of_children(child)
                    });
                }
            }
        }
    }
    for root in safeguards {
        if has_lead(root) || continues_numbering(&areas, root) {
            areas.push(if root.is_leaf() {
                AreaDraft::single(root)
            } else {
                AreaDraft::of_children(root)
            });
        }
    }
    Structure { goals, areas }
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
