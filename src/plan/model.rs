//! The plan as its document states it: metadata, headline goals and action
//! areas holding numbered tasks, each with milestones (measurable
//! commitments). Plans are read-only; progress lives in `state`.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

/// One action plan, loaded from `plans/<id>.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// Short, typable id; equals the file stem.
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// 文号, e.g. 济政字〔2024〕46号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_number: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "optional_date"
    )]
    pub issued: Option<NaiveDate>,
    /// The period the plan covers; 年内 means `span.end`, 每年 repeats a
    /// target for each year of it.
    pub span: Span,
    /// The source document the plan was drawn from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Headline goals (总体目标), tracked like any milestone.
    #[serde(default)]
    pub goals: Vec<Milestone>,
    /// Action areas, in document order.
    pub areas: Vec<Area>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Span {
    #[serde(deserialize_with = "date")]
    pub start: NaiveDate,
    #[serde(deserialize_with = "date")]
    pub end: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Area {
    pub id: String,
    /// The numbering as written in the document, e.g. `(三)` or `三、`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub number: String,
    pub title: String,
    #[serde(default)]
    pub tasks: Vec<Task>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Task {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub number: String,
    pub title: String,
    /// The task's full text, verbatim from the document.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// 牵头单位 / 责任单位.
    #[serde(default)]
    pub lead: Vec<String>,
    /// 配合单位.
    #[serde(default)]
    pub support: Vec<String>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    /// Sub-tasks, when the document numbers items inside the task.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
}

/// A measurable commitment (or, for a task with no number, a qualitative one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub id: String,
    pub title: String,
    #[serde(default, deserialize_with = "optional_date")]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub target: Option<Target>,
    /// The words of the document the milestone was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The number as written (万 and 亿 are kept in the unit, not multiplied out).
    pub value: f64,
    /// For a range such as 1—2个, the upper end; `value` is the lower end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// The unit as written: 个, 万人, %, 亿元…
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub comparator: Comparator,
}

/// How a value is held against the target.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// 以上, 不少于, 突破, 超过: reaching the value is success.
    #[default]
    AtLeast,
    /// 以内, 不超过, 控制在: staying at or below is success.
    AtMost,
    /// 左右: within 5% either way.
    About,
    /// 达到, 稳定在, or a bare number.
    Exactly,
}

impl Comparator {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AtLeast => "at_least",
            Self::AtMost => "at_most",
            Self::About => "about",
            Self::Exactly => "exactly",
        }
    }

    /// A short sign to print before the value: ≥ is ambiguous-width on
    /// Chinese terminals, so plain ASCII is used; an exact target needs none.
    pub fn sign(self) -> &'static str {
        match self {
            Self::AtLeast => ">=",
            Self::AtMost => "<=",
            Self::About => "~",
            Self::Exactly => "",
        }
    }
}

impl Target {
    /// `>=1.7万个`, `~12个`, `<=60%`, `3个` (exactly), `1-2个`.
    pub fn describe(&self) -> String {
        let value = format_number(self.value);
        match self.max {
            Some(max) => format!("{value}-{}{}", format_number(max), self.unit),
            None => format!("{}{value}{}", self.comparator.sign(), self.unit),
        }
    }
}

/// 17000.0 → "17000", 1.5 → "1.5".
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        let text = format!("{value:.4}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Dates are written `YYYY-MM-DD`; say so when one is not.
fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_date(&text).map_err(serde::de::Error::custom)
}

fn optional_date<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<NaiveDate>, D::Error> {
    match Option::<String>::deserialize(deserializer)? {
        None => Ok(None),
        Some(text) => parse_date(&text)
            .map(Some)
            .map_err(serde::de::Error::custom),
    }
}

/// Parse a `YYYY-MM-DD` date with a message that says what is allowed.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("invalid date `{text}`: expected a real date as YYYY-MM-DD"))
}

impl Plan {
    /// Every milestone of the plan: goals first, then area by area in
    /// document order (task, then its sub-tasks).
    pub fn milestones(&self) -> impl Iterator<Item = MilestoneRef<'_>> {
        let goals = self.goals.iter().map(|milestone| MilestoneRef {
            area: None,
            task: None,
            milestone,
        });
        let areas = self.areas.iter().flat_map(|area| {
            area.all_tasks().flat_map(move |task| {
                task.milestones.iter().map(move |milestone| MilestoneRef {
                    area: Some(area),
                    task: Some(task),
                    milestone,
                })
            })
        });
        goals.chain(areas)
    }

    pub fn task_count(&self) -> usize {
        self.areas.iter().map(|a| a.all_tasks().count()).sum()
    }

    pub fn find_milestone(&self, id: &str) -> Option<MilestoneRef<'_>> {
        self.milestones().find(|m| m.milestone.id == id)
    }
}

impl Area {
    /// The area's tasks and all their sub-tasks, depth first in document order.
    pub fn all_tasks(&self) -> impl Iterator<Item = &Task> {
        self.tasks.iter().flat_map(|task| task.flatten())
    }
}

impl Task {
    /// This task followed by its sub-tasks, depth first.
    pub fn flatten(&self) -> Vec<&Task> {
        let mut out = vec![self];
        for sub in &self.tasks {
            out.extend(sub.flatten());
        }
        out
    }

    /// Milestones of this task and all its sub-tasks.
    pub fn all_milestones(&self) -> Vec<&Milestone> {
        self.flatten()
            .into_iter()
            .flat_map(|t| t.milestones.iter())
            .collect()
    }
}

/// A milestone with the area and task that hold it (none for a headline goal).
#[derive(Debug, Clone, Copy)]
pub struct MilestoneRef<'a> {
    pub area: Option<&'a Area>,
    pub task: Option<&'a Task>,
    pub milestone: &'a Milestone,
}

impl MilestoneRef<'_> {
    /// Lead units of the holding task; empty for goals.
    pub fn lead(&self) -> &[String] {
        self.task.map(|t| t.lead.as_slice()).unwrap_or(&[])
    }
}
