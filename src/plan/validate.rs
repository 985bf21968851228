//! Checking a plan file: every problem, each with its `FILE:LINE:COL`.

use std::collections::HashMap;
use std::fmt;

use chrono::NaiveDate;

use super::model::{Milestone, Plan, Task};
use crate::yaml::{self, Locator, YamlProblem};

/// One problem in a file, printed as `FILE:LINE:COL: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: Message,
}

/// What a [`Problem`] is, in English here; `i18n::plan` words each case
/// in Chinese from the same data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Message {
    /// The document does not parse, or is past a limit.
    #[error("{0}")]
    Yaml(YamlProblem),
    #[error("plan id `{id}` must equal the file name `{stem}` (the file stem is the plan id)")]
    IdNotStem { id: String, stem: String },
    #[error(
        "id `{id}` is not allowed: use 1-40 lowercase letters, digits, `.`, `-` or `_`, starting with a letter or digit"
    )]
    BadId { id: String },
    #[error("duplicate id `{id}`: ids must be unique in a plan{}", first_use(*.first_line))]
    DuplicateId {
        id: String,
        first_line: Option<usize>,
    },
    #[error("empty title: every plan, area, task and milestone needs one")]
    EmptyTitle,
    #[error("span ends ({end}) before it starts ({start})")]
    SpanBackwards { start: NaiveDate, end: NaiveDate },
    #[error("target value must be a number")]
    TargetNotNumber,
    /// The two ends as written in the file's numbers.
    #[error("target range {from}..{to} runs backwards")]
    RangeBackwards { from: String, to: String },
    #[error("not UTF-8 text (save the file as UTF-8)")]
    NotUtf8,
    /// The system's reason, as it gives it.
    #[error("cannot read: {0}")]
    Unreadable(String),
    /// A setting serde refuses: its path and serde's words.
    #[error("{path}: {parser}")]
    Setting { path: String, parser: String },
    #[error("lights.yellow_behind: must be a number of points from 0 to 100")]
    YellowBehind,
    #[error("lights.red_behind: must be a number of points from yellow_behind ({yellow}) to 100")]
    RedBehind { yellow: String },
}

fn first_use(line: Option<usize>) -> String {
    line.map(|line| format!(" (first used on line {line})"))
        .unwrap_or_default()
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
    check_parsed(yaml::from_str(text), text, file, stem)
}

/// [`check`] for a plan compiled into the binary (see
/// [`yaml::from_embedded_str`]).
pub fn check_embedded(
    text: &'static str,
    file: &str,
    stem: Option<&str>,
) -> Result<Plan, Vec<Problem>> {
    check_parsed(yaml::from_embedded_str(text), text, file, stem)
}

fn check_parsed(
    parsed: Result<Plan, yaml::YamlError>,
    text: &str,
    file: &str,
    stem: Option<&str>,
) -> Result<Plan, Vec<Problem>> {
    let plan: Plan = parsed.map_err(|err| {
        let (line, column) = refine_position(
            text,
            &err.problem.to_string(),
            (err.line.unwrap_or(1), err.column.unwrap_or(1)),
        );
        vec![Problem {
            file: file.to_string(),
            line,
            column,
            message: Message::Yaml(err.problem),
        }]
    })?;
    let issues = semantic_issues(&plan, stem);
    if issues.is_empty() {
        return Ok(plan);
    }
    let locator = Locator::new(text);
    Err(issues
        .into_iter()
        .map(|issue| {
            let (line, column) = locator.find(&issue.path).unwrap_or((1, 1));
            let mut message = issue.message;
            if let Message::DuplicateId { first_line, .. } = &mut message {
                *first_line = issue
                    .first
                    .and_then(|path| locator.find(&path))
                    .map(|(line, _)| line);
            }
            Problem {
                file: file.to_string(),
                line,
                column,
                message,
            }
        })
        .collect())
}

/// serde_yaml places an error in a value's own check (a bad date) at the
/// mapping that holds it; point at the value itself when it can be found
/// on or after that line.
fn refine_position(text: &str, message: &str, (line, column): (usize, usize)) -> (usize, usize) {
    let Some(bad) = message
        .split_once("invalid date `")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(value, _)| value)
    else {
        return (line, column);
    };
    crate::yaml::strip_bom(text)
        .lines()
        .enumerate()
        .skip(line.saturating_sub(1))
        .find_map(|(index, content)| {
            content
                .find(bad)
                .map(|at| (index + 1, content[..at].chars().count() + 1))
        })
        .unwrap_or((line, column))
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

/// A problem a parser cannot see: where it is (a path inside the
/// document), what it is, and for a duplicate where the first one is.
struct Issue {
    path: String,
    message: Message,
    first: Option<String>,
}

/// Problems a parser cannot see.
fn semantic_issues(plan: &Plan, stem: Option<&str>) -> Vec<Issue> {
    let mut checker = Checker::default();
    if let Some(stem) = stem
        && plan.id != stem
    {
        checker.issue(
            "id",
            Message::IdNotStem {
                id: plan.id.clone(),
                stem: stem.to_string(),
            },
        );
    }
    checker.id("id", &plan.id);
    checker.title("title", &plan.title);
    if plan.span.start > plan.span.end {
        checker.issue(
            "span.end",
            Message::SpanBackwards {
                start: plan.span.start,
                end: plan.span.end,
            },
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
    issues: Vec<Issue>,
}

impl Checker {
    fn issue(&mut self, path: &str, message: Message) {
        self.issues.push(Issue {
            path: path.to_string(),
            message,
            first: None,
        });
    }

    fn id(&mut self, path: &str, id: &str) {
        if !is_valid_id(id) {
            self.issue(path, Message::BadId { id: id.to_string() });
        }
        if let Some(first) = self.seen.get(id) {
            self.issues.push(Issue {
                path: path.to_string(),
                message: Message::DuplicateId {
                    id: id.to_string(),
                    first_line: None,
                },
                first: Some(first.clone()),
            });
        } else {
            self.seen.insert(id.to_string(), path.to_string());
        }
    }

    fn title(&mut self, path: &str, title: &str) {
        if title.trim().is_empty() {
            self.issue(path, Message::EmptyTitle);
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
                self.issue(&format!("{path}.target.value"), Message::TargetNotNumber);
            }
            if let Some(max) = target.max
                && max < target.value
            {
                self.issue(
                    &format!("{path}.target.max"),
                    Message::RangeBackwards {
                        from: target.value.to_string(),
                        to: max.to_string(),
                    },
                );
            }
        }
    }
}
