//! What is saved about progress: per milestone its status, value, note and
//! full history. One file per plan, laid out so that git merges two people's
//! changes to different milestones line by line (one block per milestone,
//! sorted by id, history appended at the block's end).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

/// The state file format version this build writes and reads.
pub const FORMAT_VERSION: u32 = 1;

/// Where a milestone stands.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Todo,
    Doing,
    Done,
    Blocked,
}

impl Status {
    pub const ALL: [Status; 4] = [Self::Todo, Self::Doing, Self::Done, Self::Blocked];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Todo => "todo",
            Self::Doing => "doing",
            Self::Done => "done",
            Self::Blocked => "blocked",
        }
    }

    /// The label offices use: 未启动 / 推进中 / 已完成 / 受阻.
    pub fn zh(self) -> &'static str {
        match self {
            Self::Todo => "未启动",
            Self::Doing => "推进中",
            Self::Done => "已完成",
            Self::Blocked => "受阻",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `todo`, `doing`, `done`, `blocked`, or their Chinese labels.
impl FromStr for Status {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(text) || s.zh() == text)
            .ok_or_else(|| {
                format!("unknown status `{text}`: allowed are todo, doing, done, blocked (未启动, 推进中, 已完成, 受阻)")
            })
    }
}

/// Which field a change touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Status,
    Value,
    Note,
    /// 进展情况 of a period's progress report (the change names the period).
    Progress,
    /// 存在问题 of a period's report.
    Problems,
    /// 下步计划 of a period's report.
    Next,
}

impl Field {
    pub const ALL: [Field; 6] = [
        Self::Status,
        Self::Value,
        Self::Note,
        Self::Progress,
        Self::Problems,
        Self::Next,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Status => "status",
            Self::Value => "value",
            Self::Note => "note",
            Self::Progress => "progress",
            Self::Problems => "problems",
            Self::Next => "next",
        }
    }

    /// A part of a period's progress report: its changes carry a `period`.
    pub fn is_report(self) -> bool {
        matches!(self, Self::Progress | Self::Problems | Self::Next)
    }
}

/// One recorded change. Never rewritten once saved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// Unique id (UUID v7: sorts by time, unique across machines).
    pub id: String,
    pub at: DateTime<FixedOffset>,
    pub by: String,
    pub field: Field,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The review session the change was made in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The change this one reverts (`taizhang undo`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undoes: Option<String>,
    /// The reporting period (`2025-06`, `2025-Q2`) of a report change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

/// The saved progress of one milestone.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneState {
    #[serde(default)]
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<FixedOffset>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Oldest first; new changes are appended.
    #[serde(default)]
    pub history: Vec<Change>,
}

/// The saved progress of one plan: `<config dir>/state/<plan id>.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanState {
    pub version: u32,
    pub plan: String,
    /// Keyed and sorted by milestone id.
    #[serde(default)]
    pub milestones: BTreeMap<String, MilestoneState>,
}

impl PlanState {
    pub fn new(plan: &str) -> Self {
        Self {
            version: FORMAT_VERSION,
            plan: plan.to_string(),
            milestones: BTreeMap::new(),
        }
    }

    /// The state of a milestone, or the default (todo, nothing recorded).
    pub fn get(&self, milestone: &str) -> &MilestoneState {
        static EMPTY: MilestoneState = MilestoneState {
            status: Status::Todo,
            value: None,
            note: None,
            updated: None,
            by: None,
            history: Vec::new(),
        };
        self.milestones.get(milestone).unwrap_or(&EMPTY)
    }
}
