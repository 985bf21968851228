//! The record of a review session: its scope, reviewer, start and end, the
//! queue it walks and how far it got, saved after every step so an
//! interrupted session can be resumed. One file per session under
//! `<state>/sessions/<plan>/`, so two people's sessions never touch the
//! same file when the state folder is shared.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use super::queue::Scope;
use crate::plan::Plan;
use crate::state::{Light, PlanState, Status, standing};
use crate::yaml;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionRecord {
    /// Short and typable: `20250630-150200-7f3a`.
    pub id: String,
    pub plan: String,
    pub scope: Scope,
    pub reviewer: String,
    pub started: DateTime<FixedOffset>,
    #[serde(default)]
    pub ended: Option<DateTime<FixedOffset>>,
    /// Milestone ids, in review order.
    pub queue: Vec<String>,
    /// Where the session stands in the queue.
    #[serde(default)]
    pub position: usize,
    /// Milestones passed over with Space or →.
    #[serde(default)]
    pub skipped: BTreeSet<String>,
    /// Milestones reviewed: decided on, skipped, or given a value or note
    /// (being shown is not enough).
    #[serde(default)]
    pub seen: BTreeSet<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Corrupt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: SessionProblem,
    },
    #[error(
        "no review session `{id}` for plan `{plan}`; `taizhang log {plan} --sessions` lists them"
    )]
    Unknown { plan: String, id: String },
    #[error(
        "`{id}` is not a review session id: ids are 1 to 64 letters, digits, `-` or `_`, starting with a letter or digit (as `20250630-150200-7f3a`)"
    )]
    InvalidId { id: String },
    #[error("no interrupted review session to resume{}", plan.as_ref().map(|p| format!(" for plan `{p}`")).unwrap_or_default())]
    NothingToResume { plan: Option<String> },
}

/// What is wrong with a session file (`i18n::review` words it in Chinese).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SessionProblem {
    #[error("{0}")]
    Yaml(crate::yaml::YamlProblem),
    /// `id` is shown as the file has it, quoted and escaped.
    #[error(
        "id {id:?} is not this file's name: a session id is letters, digits, `-` or `_` and names its file"
    )]
    IdNotName { id: String },
    #[error("plan {plan:?} is not the folder this session file is in")]
    PlanNotFolder { plan: String },
}

impl SessionRecord {
    pub fn new(
        plan: &str,
        scope: Scope,
        reviewer: &str,
        queue: Vec<String>,
        now: DateTime<FixedOffset>,
    ) -> Self {
        // the random tail of a v7 id tells apart two sessions of one second
        let unique = crate::state::history::new_id(&uuid::ContextV7::new(), now);
        SessionRecord {
            id: format!(
                "{}-{}",
                now.format("%Y%m%d-%H%M%S"),
                &unique[unique.len() - 4..]
            ),
            plan: plan.to_string(),
            scope,
            reviewer: reviewer.to_string(),
            started: now,
            ended: None,
            queue,
            position: 0,
            skipped: BTreeSet::new(),
            seen: BTreeSet::new(),
        }
    }
}

/// Session files of every plan.
#[derive(Debug, Clone)]
pub struct SessionStore {
    dir: PathBuf,
}

impl SessionStore {
    /// Sessions live beside the state files: `<state dir>/sessions/`.
    pub fn new(state_dir: &Path) -> Self {
        SessionStore {
            dir: state_dir.join("sessions"),
        }
    }

    /// The file of a session: both names checked, so an id (or plan) read
    /// from a session file or typed never reaches outside the folder.
    fn path(&self, plan: &str, id: &str) -> Result<PathBuf, SessionError> {
        if !is_valid_session_id(id) {
            return Err(SessionError::InvalidId { id: id.to_string() });
        }
        if !crate::plan::validate::is_valid_id(plan) {
            return Err(SessionError::InvalidId {
                id: format!("{plan}/{id}"),
            });
        }
        Ok(self.dir.join(plan).join(format!("{id}.yaml")))
    }

    /// Save after every step (atomically: a crash keeps the last step).
    pub fn save(&self, record: &SessionRecord) -> Result<(), SessionError> {
        let path = self.path(&record.plan, &record.id)?;
        let io = |source| SessionError::Io {
            path: path.clone(),
            source,
        };
        std::fs::create_dir_all(path.parent().expect("session files have a folder")).map_err(io)?;
        let text = yaml::to_string(record).map_err(|e| io(std::io::Error::other(e.to_string())))?;
        crate::fsutil::write_atomic(&path, text.as_bytes()).map_err(io)
    }

    pub fn load(&self, plan: &str, id: &str) -> Result<SessionRecord, SessionError> {
        let path = self.path(plan, id)?;
        match std::fs::read_to_string(&path) {
            Ok(text) => parse(&path, &text),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Err(SessionError::Unknown {
                plan: plan.to_string(),
                id: id.to_string(),
            }),
            Err(source) => Err(SessionError::Io { path, source }),
        }
    }

    /// Every session of `plan`, oldest first.
    pub fn list(&self, plan: &str) -> Result<Vec<SessionRecord>, SessionError> {
        let folder = self.dir.join(plan);
        let entries = match std::fs::read_dir(&folder) {
            Ok(entries) => entries,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(SessionError::Io {
                    path: folder,
                    source,
                });
            }
        };
        let mut records = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|x| x == "yaml") {
                let text = std::fs::read_to_string(&path).map_err(|source| SessionError::Io {
                    path: path.clone(),
                    source,
                })?;
                records.push(parse(&path, &text)?);
            }
        }
        records.sort_by(|a, b| (a.started, &a.id).cmp(&(b.started, &b.id)));
        Ok(records)
    }

    /// The newest unfinished session of `plans` (of any of them).
    pub fn latest_unfinished(&self, plans: &[&str]) -> Result<SessionRecord, SessionError> {
        let mut best: Option<SessionRecord> = None;
        for plan in plans {
            for record in self.list(plan)? {
                if record.ended.is_none()
                    && best.as_ref().is_none_or(|b| record.started > b.started)
                {
                    best = Some(record);
                }
            }
        }
        best.ok_or_else(|| SessionError::NothingToResume {
            plan: (plans.len() == 1).then(|| plans[0].to_string()),
        })
    }
}

/// A session file read back: it must be the file its own id and plan name
/// (`<plan>/<id>.yaml`), since resuming saves it there again; a file whose
/// `id` says `../x` is refused at that line.
fn parse(path: &Path, text: &str) -> Result<SessionRecord, SessionError> {
    let record: SessionRecord = yaml::from_str(text).map_err(|e| SessionError::Corrupt {
        path: path.to_path_buf(),
        line: e.line.unwrap_or(1),
        column: e.column.unwrap_or(1),
        message: SessionProblem::Yaml(e.problem),
    })?;
    let stem = path.file_stem().map(|s| s.to_string_lossy());
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .map(|s| s.to_string_lossy());
    let refuse = |key: &str, message: SessionProblem| {
        let (line, column) = yaml::Locator::new(text).find_key(key).unwrap_or((1, 1));
        SessionError::Corrupt {
            path: path.to_path_buf(),
            line,
            column,
            message,
        }
    };
    if !is_valid_session_id(&record.id) || stem.as_deref() != Some(record.id.as_str()) {
        return Err(refuse(
            "id",
            SessionProblem::IdNotName {
                id: record.id.clone(),
            },
        ));
    }
    if folder.as_deref() != Some(record.plan.as_str()) {
        return Err(refuse(
            "plan",
            SessionProblem::PlanNotFolder {
                plan: record.plan.clone(),
            },
        ));
    }
    Ok(record)
}

/// Session ids become file names: 1 to 64 ASCII letters, digits, `-`, `_`,
/// starting with a letter or digit (what [`SessionRecord::new`] makes).
pub fn is_valid_session_id(id: &str) -> bool {
    id.len() <= 64
        && id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// What a session did, for its closing screen and `taizhang log --session`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionSummary {
    pub id: String,
    pub scope: String,
    pub reviewer: String,
    pub started: DateTime<FixedOffset>,
    pub ended: Option<DateTime<FixedOffset>>,
    pub queued: usize,
    /// Milestones shown.
    pub reviewed: usize,
    /// Milestones with a change recorded in the session.
    pub changed: usize,
    /// Skipped and never decided.
    pub skipped: usize,
    /// Status now of the changed milestones.
    pub by_status: BTreeMap<Status, usize>,
    /// Queue milestones red now: (id, title).
    pub red: Vec<(String, String)>,
}

pub fn summarize(
    record: &SessionRecord,
    plan: &Plan,
    state: &PlanState,
    as_of: NaiveDate,
    rules: &crate::state::LightRules,
    locale: crate::config::Locale,
) -> SessionSummary {
    let changed: BTreeSet<&String> = state
        .milestones
        .iter()
        .filter(|(_, m)| {
            m.history
                .iter()
                .any(|c| c.session.as_deref() == Some(record.id.as_str()))
        })
        .map(|(id, _)| id)
        .collect();
    let mut by_status = BTreeMap::new();
    for id in &changed {
        *by_status.entry(state.get(id).status).or_insert(0) += 1;
    }
    let red = record
        .queue
        .iter()
        .filter_map(|id| plan.find_milestone(id))
        .filter(|m| {
            standing(
                m.milestone,
                state.get(&m.milestone.id),
                plan.span,
                as_of,
                rules,
            )
            .light
                == Light::Red
        })
        .map(|m| (m.milestone.id.clone(), m.milestone.title.clone()))
        .collect();
    SessionSummary {
        id: record.id.clone(),
        scope: crate::i18n::review::scope(&record.scope, plan, locale),
        reviewer: record.reviewer.clone(),
        started: record.started,
        ended: record.ended,
        queued: record.queue.len(),
        reviewed: record.seen.len(),
        changed: changed.len(),
        skipped: record
            .skipped
            .iter()
            .filter(|id| !changed.contains(id))
            .count(),
        by_status,
        red,
    }
}

impl SessionSummary {
    /// The summary as text lines (for the screen and for `log`).
    pub fn lines(&self, zh: bool) -> Vec<String> {
        let t = |zh_text: &'static str, en: &'static str| if zh { zh_text } else { en };
        let mut lines = vec![
            format!(
                "{} {}  {}",
                t("调度审阅", "Review session"),
                self.id,
                self.scope
            ),
            format!(
                "{}: {}  {}: {} {}",
                t("审阅人", "reviewer"),
                self.reviewer,
                t("时间", "time"),
                self.started.format("%Y-%m-%d %H:%M"),
                self.ended
                    .map(|e| format!("-> {}", e.format("%H:%M")))
                    .unwrap_or_else(|| t("(未结束)", "(not ended)").to_string()),
            ),
            format!(
                "{} {}  {} {}  {} {}  {} {}",
                t("待审", "queued"),
                self.queued,
                t("已审", "reviewed"),
                self.reviewed,
                t("有变更", "changed"),
                self.changed,
                t("跳过", "skipped"),
                self.skipped
            ),
        ];
        if !self.by_status.is_empty() {
            let parts: Vec<String> = self
                .by_status
                .iter()
                .map(|(status, n)| {
                    format!("{} {n}", if zh { status.zh() } else { status.as_str() })
                })
                .collect();
            lines.push(format!(
                "{}: {}",
                t("新状态", "new status"),
                parts.join("  ")
            ));
        }
        lines.push(format!("{}: {}", t("现为红色", "now red"), self.red.len()));
        for (id, title) in &self.red {
            lines.push(format!("  {id}  {title}"));
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, plan: &str) -> SessionRecord {
        let now = chrono::DateTime::parse_from_rfc3339("2025-06-30T15:02:00+08:00").unwrap();
        let mut record = SessionRecord::new(plan, Scope::default(), "x", vec![], now);
        record.id = id.to_string();
        record
    }

    #[test]
    fn ids_that_are_file_names_and_those_that_are_not() {
        assert!(is_valid_session_id("20250630-150200-7f3a"));
        assert!(is_valid_session_id("a_1"));
        for id in [
            "",
            "../x",
            "a/b",
            ".hidden",
            "-x",
            "a b",
            "a.yaml",
            &"x".repeat(65),
        ] {
            assert!(!is_valid_session_id(id), "{id:?}");
        }
    }

    #[test]
    fn a_record_is_saved_only_under_its_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let store = SessionStore::new(dir.path());
        let err = store.save(&record("../../evil", "demo")).unwrap_err();
        assert!(
            err.to_string().contains("is not a review session id"),
            "{err}"
        );
        assert!(store.save(&record("ok-1", "../demo")).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let good = record("20250630-150200-7f3a", "demo");
        store.save(&good).unwrap();
        assert_eq!(store.load("demo", &good.id).unwrap(), good);
    }
}
