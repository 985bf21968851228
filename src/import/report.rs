//! What an import found and what it could not place, each with the place in
//! the source a person looks at (line, page and line, paragraph, or cell),
//! so a draft can be checked against its document in minutes.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::document::Origin;
use crate::plan::{Comparator, Plan, Task};

/// Where each area and task of the draft came from, and what was left over.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// The source place of each area and task id.
    pub places: HashMap<String, Origin>,
    /// What could not be placed, in document order.
    pub unplaced: Vec<Unplaced>,
    /// Rules the document states once for every item, as read.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unplaced {
    pub origin: Option<Origin>,
    pub kind: UnplacedKind,
    /// The item, paragraph or number concerned, as written (shortened).
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnplacedKind {
    /// A task that names no lead unit (its id is in the text).
    ItemWithoutUnits,
    /// A paragraph of the body that belongs to no task.
    Paragraph,
    /// A number with a unit that was not read as a target.
    Number,
    /// A numbered section left out: preamble or safeguards.
    SectionLeftOut,
}

impl UnplacedKind {
    fn label(self) -> &'static str {
        match self {
            UnplacedKind::ItemWithoutUnits => "numbered item without units",
            UnplacedKind::Paragraph => "paragraph assigned to no task",
            UnplacedKind::Number => "number not taken as a target",
            UnplacedKind::SectionLeftOut => "section left out",
        }
    }
}

impl Report {
    /// The report of a plan drafted from a task table: each task at the
    /// cell its row starts at, and the rows that name no lead unit.
    pub fn of_table(plan: &Plan, origins: &[(String, Origin)]) -> Self {
        let places: HashMap<String, Origin> = origins.iter().cloned().collect();
        let unplaced = plan
            .areas
            .iter()
            .flat_map(|a| a.all_tasks())
            .filter(|task| task.lead.is_empty())
            .map(|task| Unplaced {
                origin: places.get(&task.id).cloned(),
                kind: UnplacedKind::ItemWithoutUnits,
                text: format!("{} {}", task.id, task.title),
            })
            .collect();
        Report {
            places,
            unplaced,
            notes: Vec::new(),
        }
    }

    pub fn count(&self, kind: UnplacedKind) -> usize {
        self.unplaced.iter().filter(|u| u.kind == kind).count()
    }

    fn place(&self, id: &str) -> String {
        self.places
            .get(id)
            .map(|o| format!("  [{o}]"))
            .unwrap_or_default()
    }

    /// The report as text: the areas, tasks with units and targets, then
    /// what could not be placed.
    pub fn render(&self, plan: &Plan) -> String {
        let mut out = String::new();
        let tasks: usize = plan.task_count();
        let with_target = plan
            .milestones()
            .filter(|m| m.milestone.target.is_some())
            .count();
        let _ = writeln!(
            out,
            "import report: {} — {} areas, {} tasks, {} milestones ({} with a target), {} goals",
            plan.title,
            plan.areas.len(),
            tasks,
            plan.milestones().count(),
            with_target,
            plan.goals.len()
        );
        for goal in &plan.goals {
            let _ = writeln!(out, "goal {} {}{}", goal.id, goal.title, target_text(goal));
        }
        for area in &plan.areas {
            let _ = writeln!(
                out,
                "\n{} {} {}{}",
                area.id,
                area.number,
                area.title,
                self.place(&area.id)
            );
            for task in &area.tasks {
                self.render_task(&mut out, task, 1);
            }
        }
        let _ = writeln!(out, "\nnot placed: {}", self.unplaced.len());
        for item in &self.unplaced {
            let place = item
                .origin
                .as_ref()
                .map(|o| o.to_string())
                .unwrap_or_else(|| "-".into());
            let _ = writeln!(out, "  {place}: {}: {}", item.kind.label(), item.text);
        }
        for note in &self.notes {
            let _ = writeln!(out, "note: {note}");
        }
        out
    }

    fn render_task(&self, out: &mut String, task: &Task, depth: usize) {
        let indent = "  ".repeat(depth);
        let _ = writeln!(
            out,
            "{indent}{} {} {}{}",
            task.id,
            task.number,
            task.title,
            self.place(&task.id)
        );
        let lead = if task.lead.is_empty() {
            "(none)".to_string()
        } else {
            task.lead.join("、")
        };
        let _ = write!(out, "{indent}  lead: {lead}");
        if !task.support.is_empty() {
            let _ = write!(out, "; support: {}", task.support.join("、"));
        }
        out.push('\n');
        for m in task.milestones.iter().filter(|m| m.target.is_some()) {
            let _ = writeln!(out, "{indent}  {} {}{}", m.id, m.title, target_text(m));
        }
        for sub in &task.tasks {
            self.render_task(out, sub, depth + 1);
        }
    }
}

fn target_text(m: &crate::plan::Milestone) -> String {
    let Some(t) = &m.target else {
        return String::new();
    };
    let cmp = match t.comparator {
        Comparator::AtLeast => ">=",
        Comparator::AtMost => "<=",
        Comparator::About => "~",
        Comparator::Exactly => "=",
    };
    let value = match t.max {
        Some(max) => format!("{}-{}", t.value, max),
        None => t.value.to_string(),
    };
    let due = m.due.map(|d| format!(" by {d}")).unwrap_or_default();
    format!(": {cmp}{value}{}{due}", t.unit)
}
