//! Reading and writing the per-plan state files under `<config dir>/state/`:
//! `<plan>.yaml` (the state), `<plan>.yaml.bak` (the previous good file) and
//! `<plan>.lock` (the advisory lock). Every write happens under the lock,
//! re-reads the file first, and replaces it atomically: a temp file in the
//! same folder, fsync, rename, fsync of the folder. A file that does not load
//! is never overwritten.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, Timelike};

use super::format;
use super::history::{self, Edit};
use super::lock::{self, PlanLock};
use super::merge::{Conflict, merge};
use super::model::{Change, FORMAT_VERSION, PlanState};
use crate::plan::Plan;

/// What the store was doing when the system refused (`i18n` words it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StoreStep {
    #[error("cannot lock")]
    Lock,
    #[error("cannot read")]
    Read,
    #[error("cannot create the state folder")]
    CreateFolder,
    #[error("cannot write")]
    Write,
    #[error("cannot replace")]
    Replace,
    #[error("cannot keep the backup")]
    KeepBackup,
    #[error("cannot sync the folder")]
    SyncFolder,
}

#[derive(Debug, thiserror::Error)]
pub enum StateError {
    #[error("{}: {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: StoreStep,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}; the file was refused and not changed; {}", path.display(), backup_hint(backup))]
    Corrupt {
        path: PathBuf,
        line: usize,
        column: usize,
        message: super::format::StateProblem,
        /// The previous good file, when there is one.
        backup: Option<PathBuf>,
    },
    #[error("{}: state format version {found} is newer than this taizhang understands ({FORMAT_VERSION}); upgrade taizhang (the file was not changed)", path.display())]
    Version { path: PathBuf, found: u32 },
    #[error(
        "unknown milestone `{id}` in plan `{plan}`; the nearest ids are {}",
        list_some(nearest)
    )]
    UnknownMilestone {
        plan: String,
        id: String,
        /// The plan's ids nearest to `id` ([`Plan::nearest_milestone_ids`]).
        nearest: Vec<String>,
    },
    #[error(
        "milestone `{milestone}` of plan `{plan}` has no numeric target, so it takes no value; set its status instead"
    )]
    NoTarget { plan: String, milestone: String },
    #[error("invalid value `{text}`: expected a number such as 17000 or 1.7")]
    BadValue { text: String },
    #[error("nothing to undo in plan `{plan}`")]
    NothingToUndo { plan: String },
    #[error("{}: another taizhang has held this lock for {}s; try again (nothing was written)", path.display(), waited.as_secs())]
    Locked { path: PathBuf, waited: Duration },
}

fn backup_hint(backup: &Option<PathBuf>) -> String {
    match backup {
        Some(path) => format!(
            "the previous good version is {} (fix the file, or copy that over it)",
            path.display()
        ),
        None => "there is no previous version (.bak); fix the file by hand".to_string(),
    }
}

/// `a, b, c` or `a, b, … (40 in all)`.
fn list_some(items: &[String]) -> String {
    const SHOWN: usize = 12;
    if items.is_empty() {
        return "none".to_string();
    }
    if items.len() <= SHOWN {
        return items.join(", ");
    }
    format!(
        "{}, … ({} in all; `taizhang export PLAN` lists them)",
        items[..SHOWN].join(", "),
        items.len()
    )
}

/// The time to record for a change made now: local, with its offset, to the
/// microsecond.
pub fn now() -> DateTime<FixedOffset> {
    let now = chrono::Local::now().fixed_offset();
    now.with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now)
}

/// The state folder.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    wait: Duration,
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self {
            dir: dir.into(),
            wait: lock::WAIT,
        }
    }

    /// How long a save waits for another writer's lock (default 20 s).
    pub fn with_lock_wait(mut self, wait: Duration) -> Self {
        self.wait = wait;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// `<dir>/<plan>.yaml`
    pub fn path(&self, plan: &str) -> PathBuf {
        self.dir.join(format!("{plan}.yaml"))
    }

    /// `<dir>/<plan>.yaml.bak`: the previous good file.
    pub fn backup_path(&self, plan: &str) -> PathBuf {
        self.dir.join(format!("{plan}.yaml.bak"))
    }

    /// `<dir>/<plan>.lock`: the advisory lock writers take.
    pub fn lock_path(&self, plan: &str) -> PathBuf {
        self.dir.join(format!("{plan}.lock"))
    }

    /// The saved state of `plan`; an empty state when nothing is saved yet.
    pub fn load(&self, plan: &str) -> Result<PlanState, StateError> {
        Ok(self.load_text(plan)?.0)
    }

    /// The state and the file's text (`None` when there is no file yet).
    pub fn load_text(&self, plan: &str) -> Result<(PlanState, Option<String>), StateError> {
        let path = self.path(plan);
        let bytes = match crate::yaml::read_document(&path) {
            Ok(Ok(bytes)) => bytes,
            Ok(Err(len)) => {
                let message =
                    super::format::StateProblem::Yaml(crate::yaml::too_large(len).problem);
                return Err(StateError::Corrupt {
                    backup: Some(self.backup_path(plan)).filter(|b| b.is_file()),
                    path,
                    line: 1,
                    column: 1,
                    message,
                });
            }
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Ok((PlanState::new(plan), None));
            }
            Err(source) => {
                return Err(StateError::Io {
                    path,
                    action: StoreStep::Read,
                    source,
                });
            }
        };
        let backup = Some(self.backup_path(plan)).filter(|b| b.is_file());
        let corrupt = |line: usize, column: usize, message| StateError::Corrupt {
            path: path.clone(),
            line,
            column,
            message,
            backup: backup.clone(),
        };
        let text = String::from_utf8(bytes)
            .map_err(|_| corrupt(1, 1, super::format::StateProblem::NotUtf8))?;
        let state = format::from_text(&text).map_err(|p| corrupt(p.line, p.column, p.message))?;
        if state.version > FORMAT_VERSION {
            return Err(StateError::Version {
                path,
                found: state.version,
            });
        }
        if state.plan != plan {
            let (line, column) = crate::yaml::Locator::new(&text)
                .find("plan")
                .unwrap_or((1, 1));
            return Err(corrupt(
                line,
                column,
                super::format::StateProblem::WrongPlan {
                    found: state.plan.clone(),
                    expected: plan.to_string(),
                },
            ));
        }
        Ok((state, Some(text)))
    }

    /// Record `edits` to `plan` made by `who` at `now`: check them against
    /// the plan (nothing is written when one is wrong), lock, re-read the
    /// file, append the changes, save, unlock. The saved state and the
    /// changes recorded (edits that change nothing record nothing and, when
    /// none changes anything, the file is not written).
    pub fn apply(
        &self,
        plan: &Plan,
        edits: &[Edit],
        who: &str,
        session: Option<&str>,
        now: DateTime<FixedOffset>,
    ) -> Result<(PlanState, Vec<Change>), StateError> {
        history::check_edits(plan, edits)?;
        let _lock = self.lock(&plan.id)?;
        let (mut state, existing) = self.load_text(&plan.id)?;
        let changes = history::apply_edits(&mut state, edits, who, session, now);
        if !changes.is_empty() {
            self.save_locked(&plan.id, &state, existing.is_some())?;
        }
        Ok((state, changes))
    }

    /// Revert the last change to `plan` not yet undone (with the changes
    /// made in the same command), recorded as new changes by `who`. The
    /// saved state and the reverting changes, each with its milestone id.
    pub fn undo(
        &self,
        plan: &str,
        who: &str,
        session: Option<&str>,
        now: DateTime<FixedOffset>,
    ) -> Result<(PlanState, Vec<(String, Change)>), StateError> {
        self.undo_of(plan, who, session, now, &|_| true)
    }

    /// As [`Store::undo`], among the changes `mine` accepts only (the app's
    /// and a review session's own, see [`history::undo_last_of`]).
    pub fn undo_of(
        &self,
        plan: &str,
        who: &str,
        session: Option<&str>,
        now: DateTime<FixedOffset>,
        mine: &dyn Fn(&Change) -> bool,
    ) -> Result<(PlanState, Vec<(String, Change)>), StateError> {
        let nothing = || StateError::NothingToUndo {
            plan: plan.to_string(),
        };
        if !self.path(plan).is_file() {
            // check it loads (a broken file is reported, not "nothing")
            self.load(plan)?;
            return Err(nothing());
        }
        let _lock = self.lock(plan)?;
        let (mut state, existing) = self.load_text(plan)?;
        let reverts =
            history::undo_last_of(&mut state, who, session, now, mine).ok_or_else(nothing)?;
        self.save_locked(plan, &state, existing.is_some())?;
        Ok((state, reverts))
    }

    /// Save a state changed elsewhere (the TUI's copy, another branch's
    /// file): under the lock, merge it with the file on disk
    /// ([`merge`]), save the result when it differs. The result and the
    /// milestones both sides changed.
    pub fn save_merged(
        &self,
        theirs: &PlanState,
    ) -> Result<(PlanState, Vec<Conflict>), StateError> {
        let _lock = self.lock(&theirs.plan)?;
        let (disk, existing) = self.load_text(&theirs.plan)?;
        let (merged, conflicts) = merge(&disk, theirs);
        if merged != disk || existing.is_none() {
            self.save_locked(&theirs.plan, &merged, existing.is_some())?;
        }
        Ok((merged, conflicts))
    }

    fn lock(&self, plan: &str) -> Result<PlanLock, StateError> {
        self.ensure_dir()?;
        PlanLock::acquire(&self.lock_path(plan), self.wait)
    }

    fn ensure_dir(&self) -> Result<(), StateError> {
        if self.dir.is_dir() {
            return Ok(());
        }
        fs::create_dir_all(&self.dir).map_err(|source| StateError::Io {
            path: self.dir.clone(),
            action: StoreStep::CreateFolder,
            source,
        })?;
        if let Some(parent) = self.dir.parent() {
            sync_dir(parent)?;
        }
        Ok(())
    }

    /// Write `state` over the file; the caller holds the lock and has just
    /// loaded the file (so it is good and may become the `.bak`).
    fn save_locked(&self, plan: &str, state: &PlanState, exists: bool) -> Result<(), StateError> {
        self.write_text_locked(plan, &format::to_text(state), exists)
    }

    /// Write a state file's `text` over the file (team sync keeps a
    /// remote's text as it is); the same guarantees as every save. The
    /// caller holds the plan's lock and has checked the text loads.
    pub fn write_text_locked(
        &self,
        plan: &str,
        text: &str,
        exists: bool,
    ) -> Result<(), StateError> {
        let path = self.path(plan);
        let io = |action: StoreStep| {
            let path = path.clone();
            move |source| StateError::Io {
                path,
                action,
                source,
            }
        };
        self.remove_stale_temps(plan);
        // the new text is written and synced first: a full disk fails here,
        // before the good `.bak` is touched
        let prepared =
            crate::fsutil::Prepared::new(&path, text.as_bytes()).map_err(io(StoreStep::Write))?;
        if exists {
            self.keep_backup(plan)?;
        }
        prepared.commit().map_err(io(StoreStep::Replace))
    }

    /// Make the current file the `.bak`: a hard link (cheap, and the file is
    /// never changed in place), else a synced copy; put in place by rename.
    fn keep_backup(&self, plan: &str) -> Result<(), StateError> {
        let path = self.path(plan);
        let backup = self.backup_path(plan);
        let staging = self.dir.join(format!(".{plan}.yaml.bak.tmp"));
        let io = |source| StateError::Io {
            path: backup.clone(),
            action: StoreStep::KeepBackup,
            source,
        };
        let _ = fs::remove_file(&staging);
        if fs::hard_link(&path, &staging).is_err() {
            fs::copy(&path, &staging).map_err(io)?;
            File::open(&staging)
                .and_then(|f| f.sync_all())
                .map_err(io)?;
        }
        fs::rename(&staging, &backup).map_err(io)?;
        // when the .bak already was this very file (a writer was killed
        // between the two renames), rename does nothing and leaves the link
        let _ = fs::remove_file(&staging);
        Ok(())
    }

    /// Temp files left by a writer that was killed mid-save. Only called
    /// under the lock, when no other writer of this plan can be saving.
    fn remove_stale_temps(&self, plan: &str) {
        let prefix = format!(".{plan}.yaml.");
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(&prefix) && name.ends_with(".tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// fsync a folder, so a rename in it survives a power cut.
fn sync_dir(dir: &Path) -> Result<(), StateError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|source| StateError::Io {
            path: dir.to_path_buf(),
            action: StoreStep::SyncFolder,
            source,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::history::{Set, apply_edits};
    use crate::state::model::Status;

    fn at(minute: u32) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2025-03-01T10:{minute:02}:00+08:00")).unwrap()
    }

    #[test]
    fn save_merged_keeps_what_was_saved_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().join("state"));
        // the TUI's copy, taken before someone else saved
        let mut stale = store.load("demo").unwrap();
        let mut other = stale.clone();
        apply_edits(
            &mut other,
            &[Edit::new("m1", Set::Status(Status::Done))],
            "b",
            None,
            at(1),
        );
        store.save_merged(&other).unwrap();
        apply_edits(
            &mut stale,
            &[Edit::new("m2", Set::Status(Status::Blocked))],
            "a",
            None,
            at(2),
        );
        let (merged, conflicts) = store.save_merged(&stale).unwrap();
        assert!(conflicts.is_empty());
        let disk = store.load("demo").unwrap();
        assert_eq!(disk, merged);
        assert_eq!(disk.get("m1").status, Status::Done);
        assert_eq!(disk.get("m2").status, Status::Blocked);
        assert!(store.backup_path("demo").is_file());
        // a file that does not load is refused, not overwritten
        std::fs::write(store.path("demo"), "version: [\n").unwrap();
        let err = store.save_merged(&stale).unwrap_err();
        assert!(matches!(err, StateError::Corrupt { .. }), "{err}");
        assert_eq!(
            std::fs::read_to_string(store.path("demo")).unwrap(),
            "version: [\n"
        );
    }
}
