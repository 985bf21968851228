//! What a sync tells: its report, the cheap status for the app's header,
//! and its errors, each one line.

use super::*;

/// What a sync did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncReport {
    /// The state folder became a git repository on this sync.
    pub initialized: bool,
    /// The remote's URL or path.
    pub remote: String,
    /// The message of the commit of local changes, when there were any.
    pub committed: Option<String>,
    /// Changes (history entries) received from the remote.
    pub pulled: usize,
    /// Whether local commits were sent to the remote.
    pub pushed: bool,
    /// Milestones changed on both sides, resolved by later-change-wins.
    pub conflicts: Vec<Resolved>,
    /// What else the sync did or refused, one line each (a refused remote
    /// entry, a stale git lock recovered).
    pub notes: Vec<String>,
}

/// A milestone both sides changed: every change of both is in its history,
/// and each field holds its latest change.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub plan: String,
    pub milestone: String,
    /// The fields both sides changed (empty: they changed different fields,
    /// so both changes hold).
    pub fields: Vec<Field>,
    /// Who made the latest change of the milestone, and when.
    pub kept_by: String,
    pub kept_at: DateTime<FixedOffset>,
}

impl Resolved {
    /// `demo/t1.m1: changed on both sides (status); kept the later change
    /// by 李四 at 2025-03-01 10:04; both are in the history`
    pub fn describe(&self) -> String {
        let fields = if self.fields.is_empty() {
            "different fields, both kept".to_string()
        } else {
            self.fields
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        format!(
            "{}/{}: changed on both sides ({fields}); kept the later change by {} at {}; both are in the history",
            self.plan,
            self.milestone,
            self.kept_by,
            self.kept_at.format("%Y-%m-%d %H:%M:%S")
        )
    }
}

impl SyncReport {
    /// Nothing committed, received or sent.
    pub fn is_noop(&self) -> bool {
        self.committed.is_none()
            && self.pulled == 0
            && !self.pushed
            && self.conflicts.is_empty()
            && self.notes.is_empty()
    }

    /// One line for a status bar: `synced: sent, received 3 changes, 1
    /// milestone changed on both sides (later change kept)`.
    pub fn summary(&self) -> String {
        if self.is_noop() {
            return "synced: up to date".to_string();
        }
        let mut parts = Vec::new();
        if self.pushed {
            parts.push("sent local changes".to_string());
        } else if self.committed.is_some() {
            parts.push("committed local changes".to_string());
        }
        if self.pulled > 0 {
            parts.push(format!("received {} change(s)", self.pulled));
        }
        if !self.conflicts.is_empty() {
            parts.push(format!(
                "{} milestone(s) changed on both sides (later change kept)",
                self.conflicts.len()
            ));
        }
        parts.extend(self.notes.iter().cloned());
        format!("synced: {}", parts.join(", "))
    }

    /// What `taizhang sync` prints, one line each.
    pub fn lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.initialized {
            lines.push(format!(
                "the state folder is now a git repository shared through {}",
                self.remote
            ));
        }
        if let Some(message) = &self.committed {
            lines.push(format!("committed: {message}"));
        }
        if self.pulled > 0 {
            lines.push(format!(
                "received {} change(s) from {}",
                self.pulled, self.remote
            ));
        }
        for conflict in &self.conflicts {
            lines.push(conflict.describe());
        }
        lines.extend(self.notes.iter().cloned());
        if self.pushed {
            lines.push(format!("sent to {}", self.remote));
        }
        if self.is_noop() {
            lines.push(format!("up to date with {}; nothing to do", self.remote));
        }
        lines
    }
}

/// Where sharing stands, cheaply (for the TUI's header after each save).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SyncStatus {
    /// The last sync that reached the remote.
    pub last_sync: Option<DateTime<FixedOffset>>,
    /// Local changes not yet on the remote (uncommitted, or committed and
    /// not sent).
    pub local_changes_waiting: bool,
    /// `None`: sync is not set up.
    pub remote: Option<String>,
    /// Why the status could not be read (git missing, a broken repository).
    pub problem: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(
        "git is not installed (or not on PATH): taizhang sync uses the git command; install git and sync again (nothing was changed)"
    )]
    GitMissing,
    #[error(
        "sync is not set up for {}: run `taizhang sync --remote URL` once (URL: a git remote, or the path of a bare repository)", dir.display()
    )]
    NotConfigured { dir: PathBuf },
    #[error(
        "cannot reach the remote {remote}: {detail}; local work is kept (committed in the state folder) and the next sync sends it{hint}"
    )]
    Unreachable {
        remote: String,
        detail: String,
        hint: String,
    },
    #[error(
        "the remote {remote} refused access: {detail}; check your credentials (git credential helper, SSH key); local work is kept and the next sync sends it"
    )]
    AuthRefused { remote: String, detail: String },
    #[error(
        "the remote {remote} refused the push: {detail}; local work is kept (committed in the state folder)"
    )]
    PushRefused { remote: String, detail: String },
    #[error(
        "the remote {remote} kept changing while syncing ({TRIES} tries); local work is kept; sync again"
    )]
    KeptMoving { remote: String },
    #[error(
        "another sync was pushing to {remote} at the same moment; try again (local work is kept, committed in the state folder)"
    )]
    Raced { remote: String },
    #[error("{0}; nothing was synced")]
    LocalFile(#[source] StateError),
    #[error(
        "the remote's {file}:{line}:{column}: {message}; nothing was merged; local work is kept (fix the file on the remote, then sync again)"
    )]
    RemoteCorrupt {
        file: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "a git {what} started by hand is in progress in {}: finish or abort it (`git -C {} {what} --abort`), then sync again (nothing was changed)", dir.display(), dir.display()
    )]
    InProgress { what: &'static str, dir: PathBuf },
    #[error(
        "a git command ({holder}) is working in {}: it holds {lock}; let it finish, then sync again (nothing was changed)", dir.display()
    )]
    GitRunning {
        dir: PathBuf,
        lock: String,
        /// `process 1234`, or `a process` where it cannot be told
        holder: String,
    },
    #[error("another sync of this state folder is running; try again in a moment")]
    Busy,
    #[error(
        "{what} did not finish within {seconds} s (the remote does not answer, or the line is too slow) and was stopped; local work is kept (committed in the state folder) and the next sync sends it"
    )]
    TimedOut { what: String, seconds: u64 },
    #[error("the sync was stopped because taizhang is quitting; local work is kept")]
    Cancelled,
    #[error("{action} failed: {detail}; local work is kept")]
    Git { action: String, detail: String },
    #[error("{}: {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
}

pub(super) fn io(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> SyncError {
    let path = path.to_path_buf();
    move |source| SyncError::Io {
        path,
        action,
        source,
    }
}
