//! What an import found and what it could not place, each with the place in
//! the source a person looks at (line, page and line, paragraph, or cell),
//! so a draft can be checked against its document in minutes.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use chrono::NaiveDate;

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
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unplaced {
    pub origin: Option<Origin>,
    pub kind: UnplacedKind,
    /// The item, paragraph or number concerned, as written (shortened).
    pub text: String,
    /// The clause a number stands in (shortened), when it helps find it.
    pub clause: Option<String>,
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

/// A rule the document states once for every item, where it is stated.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    pub origin: Option<Origin>,
    pub rule: Rule,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    /// From here on the first unit listed leads (the clause, shortened).
    FirstLeads { clause: String },
    /// Units named once for every item: no item's supporting units.
    ForAll { units: Vec<String> },
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::FirstLeads { clause } => write!(
                f,
                "from here on the first unit listed leads, the others support (“{clause}”)"
            ),
            Rule::ForAll { units } => write!(
                f,
                "{} are named once for every item; they are no item's supporting units",
                units.join("、")
            ),
        }
    }
}

/// The counts the report's first line gives.
#[derive(Debug, Clone, Copy)]
pub struct Counts<'a> {
    pub title: &'a str,
    pub areas: usize,
    pub tasks: usize,
    pub milestones: usize,
    pub with_target: usize,
    pub goals: usize,
}

/// The words of the report in one language. [`Report::render_in`] lays the
/// report out; [`English`] says it in English, `crate::i18n::import` in
/// Chinese. Plan text, ids, places of cells, units and numbers are given
/// as they are.
pub trait Words {
    /// The first line: title and counts.
    fn summary(&self, counts: Counts<'_>) -> String;
    /// `goal` before a headline goal's id.
    fn goal(&self) -> &'static str;
    /// A place in the source: `line 12`, `page 2, line 14`, `表!A5`.
    fn origin(&self, origin: &Origin) -> String;
    /// What follows a place, a heading or a target's title: `: `.
    fn colon(&self) -> &'static str;
    /// `lead: ` before a task's lead units.
    fn lead(&self) -> &'static str;
    /// `; support: ` before its supporting units.
    fn support(&self) -> &'static str;
    /// Said for a task without lead units.
    fn no_units(&self) -> &'static str;
    /// A target's due date: ` by 2025-12-31`.
    fn due(&self, date: NaiveDate) -> String;
    /// `not placed: ` before the number of items left over.
    fn not_placed(&self) -> &'static str;
    fn kind(&self, kind: UnplacedKind) -> &'static str;
    /// The clause a number stands in: ` (in “…”)`.
    fn clause(&self, clause: &str) -> String;
    /// `note: ` before a rule.
    fn note(&self) -> &'static str;
    fn rule(&self, rule: &Rule) -> String;
}

/// The report's words in English.
pub struct English;

impl Words for English {
    fn summary(&self, c: Counts<'_>) -> String {
        format!(
            "import report: {} — {} areas, {} tasks, {} milestones ({} with a target), {} goals",
            c.title, c.areas, c.tasks, c.milestones, c.with_target, c.goals
        )
    }
    fn goal(&self) -> &'static str {
        "goal"
    }
    fn origin(&self, origin: &Origin) -> String {
        origin.to_string()
    }
    fn colon(&self) -> &'static str {
        ": "
    }
    fn lead(&self) -> &'static str {
        "lead: "
    }
    fn support(&self) -> &'static str {
        "; support: "
    }
    fn no_units(&self) -> &'static str {
        "(none)"
    }
    fn due(&self, date: NaiveDate) -> String {
        format!(" by {date}")
    }
    fn not_placed(&self) -> &'static str {
        "not placed: "
    }
    fn kind(&self, kind: UnplacedKind) -> &'static str {
        kind.label()
    }
    fn clause(&self, clause: &str) -> String {
        format!(" (in “{clause}”)")
    }
    fn note(&self) -> &'static str {
        "note: "
    }
    fn rule(&self, rule: &Rule) -> String {
        rule.to_string()
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
                clause: None,
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

    fn place(&self, id: &str, words: &dyn Words) -> String {
        self.places
            .get(id)
            .map(|o| format!("  [{}]", words.origin(o)))
            .unwrap_or_default()
    }

    /// The report as English text (see [`Report::render_in`]).
    pub fn render(&self, plan: &Plan) -> String {
        self.render_in(plan, &English)
    }

    /// The report as text in the language of `words`: the areas, tasks
    /// with units and targets, then what could not be placed.
    pub fn render_in(&self, plan: &Plan, words: &dyn Words) -> String {
        let mut out = String::new();
        let counts = Counts {
            title: &plan.title,
            areas: plan.areas.len(),
            tasks: plan.task_count(),
            milestones: plan.milestones().count(),
            with_target: plan
                .milestones()
                .filter(|m| m.milestone.target.is_some())
                .count(),
            goals: plan.goals.len(),
        };
        let _ = writeln!(out, "{}", words.summary(counts));
        for goal in &plan.goals {
            let target = target_text(goal, words);
            let _ = writeln!(out, "{} {} {}{target}", words.goal(), goal.id, goal.title);
        }
        for area in &plan.areas {
            let place = self.place(&area.id, words);
            let _ = writeln!(out, "\n{} {} {}{place}", area.id, area.number, area.title);
            for task in &area.tasks {
                self.render_task(&mut out, task, 1, words);
            }
        }
        let _ = writeln!(out, "\n{}{}", words.not_placed(), self.unplaced.len());
        let colon = words.colon();
        for item in &self.unplaced {
            let place = item
                .origin
                .as_ref()
                .map(|o| words.origin(o))
                .unwrap_or_else(|| "-".into());
            let clause = item
                .clause
                .as_deref()
                .map(|c| words.clause(c))
                .unwrap_or_default();
            let kind = words.kind(item.kind);
            let _ = writeln!(out, "  {place}{colon}{kind}{colon}{}{clause}", item.text);
        }
        for note in &self.notes {
            let place = note
                .origin
                .as_ref()
                .map(|o| format!("{}{colon}", words.origin(o)))
                .unwrap_or_default();
            let _ = writeln!(out, "{}{place}{}", words.note(), words.rule(&note.rule));
        }
        out
    }

    fn render_task(&self, out: &mut String, task: &Task, depth: usize, words: &dyn Words) {
        let indent = "  ".repeat(depth);
        let place = self.place(&task.id, words);
        let _ = writeln!(
            out,
            "{indent}{} {} {}{place}",
            task.id, task.number, task.title
        );
        let lead = if task.lead.is_empty() {
            words.no_units().to_string()
        } else {
            task.lead.join("、")
        };
        let _ = write!(out, "{indent}  {}{lead}", words.lead());
        if !task.support.is_empty() {
            let _ = write!(out, "{}{}", words.support(), task.support.join("、"));
        }
        out.push('\n');
        for m in task.milestones.iter().filter(|m| m.target.is_some()) {
            let _ = writeln!(
                out,
                "{indent}  {} {}{}",
                m.id,
                m.title,
                target_text(m, words)
            );
        }
        for sub in &task.tasks {
            self.render_task(out, sub, depth + 1, words);
        }
    }
}

fn target_text(m: &crate::plan::Milestone, words: &dyn Words) -> String {
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
    let due = m.due.map(|d| words.due(d)).unwrap_or_default();
    format!("{}{cmp}{value}{}{due}", words.colon(), t.unit)
}
