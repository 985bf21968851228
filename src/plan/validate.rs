//! Checking a plan file: every problem, each with its `FILE:LINE:COL`.

use std::collections::HashMap;
use std::fmt;

use super::model::{Milestone, Plan, Task};
use crate::yaml::{self, Locator};

/// One problem in a file, printed as `FILE:LINE:COL: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Parse and check a plan. `file` names it in messages; `stem`, when given,
/// is the file stem the plan id must equal.
pub fn check(text: &str, file: &str, stem: Option<&str>) -> Result<Plan, Vec<Problem>> {
    let plan: Plan = yaml::from_str(text).map_err(|err| {
        vec![Problem {
            file: file.to_string(),
            line: err.line.unwrap_or(1),
            column: err.column.unwrap_or(1),
            message: err.message,
        }]
    })?;
    let issues = semantic_issues(&plan, stem);
    if issues.is_empty() {
        return Ok(plan);
    }
    let locator = Locator::new(text);
    Err(issues
        .into_iter()
        .map(|(path, message)| {
            let (line, column) = locator.find(&path).unwrap_or((1, 1));
            Problem {
                file: file.to_string(),
                line,
                column,
                message,
            }
        })
        .collect())
}

/// Is `id` short and typable: lowercase ASCII letters, digits, `.`, `-`, `_`?
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 40
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
}

/// Problems a parser cannot see, as (path inside the document, message).
fn semantic_issues(plan: &Plan, stem: Option<&str>) -> Vec<(String, String)> {
    let mut checker = Checker::default();
    if let Some(stem) = stem
        && plan.id != stem
    {
        checker.issue(
            "id",
            format!(
                "plan id `{}` must equal the file name `{stem}` (the file stem is the plan id)",
                plan.id
            ),
        );
    }
    checker.id("id", &plan.id);
    checker.title("title", &plan.title);
    if plan.span.start > plan.span.end {
        checker.issue(
            "span.end",
            format!(
                "span ends ({}) before it starts ({})",
                plan.span.end, plan.span.start
            ),
        );
    }
    for (index, goal) in plan.goals.iter().enumerate() {
        checker.milestone(&format!("goals[{index}]"), goal);
    }
    for (a, area) in plan.areas.iter().enumerate() {
        let path = format!("areas[{a}]");
        checker.id(&format!("{path}.id"), &area.id);
        checker.title(&format!("{path}.title"), &area.title);
        for (t, task) in area.tasks.iter().enumerate() {
            checker.task(&format!("{path}.tasks[{t}]"), task);
        }
    }
    checker.issues
}

#[derive(Default)]
struct Checker {
    /// id → path of its first use
    seen: HashMap<String, String>,
    issues: Vec<(String, String)>,
}

impl Checker {
    fn issue(&mut self, path: &str, message: String) {
        self.issues.push((path.to_string(), message));
    }

    fn id(&mut self, path: &str, id: &str) {
        if !is_valid_id(id) {
            self.issue(
                path,
                format!(
                    "id `{id}` is not allowed: use 1-40 lowercase letters, digits, `.`, `-` or `_`, starting with a letter or digit"
                ),
            );
        }
        if let Some(first) = self.seen.get(id) {
            let first = first.clone();
            self.issue(
                path,
                format!(
                    "duplicate id `{id}`: ids must be unique in a plan (first used at {first})"
                ),
            );
        } else {
            self.seen.insert(id.to_string(), path.to_string());
        }
    }

    fn title(&mut self, path: &str, title: &str) {
        if title.trim().is_empty() {
            self.issue(
                path,
                "empty title: every plan, area, task and milestone needs one".into(),
            );
        }
    }

    fn task(&mut self, path: &str, task: &Task) {
        self.id(&format!("{path}.id"), &task.id);
        self.title(&format!("{path}.title"), &task.title);
        for (m, milestone) in task.milestones.iter().enumerate() {
            self.milestone(&format!("{path}.milestones[{m}]"), milestone);
        }
        for (s, sub) in task.tasks.iter().enumerate() {
            self.task(&format!("{path}.tasks[{s}]"), sub);
        }
    }

    fn milestone(&mut self, path: &str, milestone: &Milestone) {
        self.id(&format!("{path}.id"), &milestone.id);
        self.title(&format!("{path}.title"), &milestone.title);
        if let Some(target) = &milestone.target {
            if !target.value.is_finite() {
                self.issue(
                    &format!("{path}.target.value"),
                    "target value must be a number".into(),
                );
            }
            if let Some(max) = target.max
                && max < target.value
            {
                self.issue(
                    &format!("{path}.target.max"),
                    format!("target range {}..{} runs backwards", target.value, max),
                );
            }
        }
    }
}
