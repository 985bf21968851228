//! What a sync tells: its report, the cheap status for the app's header,
//! and its errors, each one line.

use super::*;
use crate::config::Locale;

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
    pub notes: Vec<Note>,
}

/// Something else a sync did or refused (see [`crate::i18n::sync`] for its
/// words in the user's language; `Display` is English).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Note {
    /// An entry of the remote other than a state file, not written.
    #[error(
        "refused the remote's entry \"{0}\": a remote may only bring <plan-id>.yaml state files directly in the state folder; nothing was written for it"
    )]
    Refused(String),
    /// A git lock left by a stopped git command, removed (its path shown).
    #[error("removed {0}, left behind by a git command that was stopped (no process held it)")]
    RemovedLock(String),
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
        crate::i18n::sync::resolved(self, Locale::En)
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
    /// milestone changed on both sides (later change kept)`, in `locale`.
    pub fn summary_in(&self, locale: Locale) -> String {
        crate::i18n::sync::summary(self, locale)
    }

    /// [`Self::summary_in`] in English.
    pub fn summary(&self) -> String {
        self.summary_in(Locale::En)
    }

    /// What `taizhang sync` prints, one line each, in `locale`.
    pub fn lines_in(&self, locale: Locale) -> Vec<String> {
        crate::i18n::sync::lines(self, locale)
    }

    /// [`Self::lines_in`] in English.
    pub fn lines(&self) -> Vec<String> {
        self.lines_in(Locale::En)
    }
}

/// Where sharing stands, cheaply (for the TUI's header after each save).
#[derive(Debug, Default)]
pub struct SyncStatus {
    /// The last sync that reached the remote.
    pub last_sync: Option<DateTime<FixedOffset>>,
    /// Local changes not yet on the remote (uncommitted, or committed and
    /// not sent).
    pub local_changes_waiting: bool,
    /// `None`: sync is not set up.
    pub remote: Option<String>,
    /// Why the status could not be read (git missing, a broken repository);
    /// said in the user's language by [`crate::i18n::sync::sync_error`].
    pub problem: Option<SyncError>,
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
        "cannot reach the remote {remote}: {detail}; local work is kept (committed in the state folder) and the next sync sends it{}", no_such_folder_hint(*no_such_folder, remote)
    )]
    Unreachable {
        remote: String,
        detail: String,
        /// The remote is a path to a folder that does not exist (a shared
        /// drive not mounted, or no repository made yet).
        no_such_folder: bool,
    },
    #[error(
        "the remote {remote} refused access: {detail}; check your credentials (git credential helper, SSH key); local work is kept and the next sync sends it"
    )]
    AuthRefused { remote: String, detail: String },
    #[error(
        "the remote {remote} refused the push: {detail}; local work is kept (committed in the state folder)"
    )]
    PushRefused { remote: String, detail: String },
    /// The push went to a repository with its files checked out, which
    /// git refuses (its checkout would run the remote's filters here).
    #[error(
        "the remote {remote} refused the push: it is a repository with its files checked out, not a bare one; share a bare repository (`git init --bare`); local work is kept (committed in the state folder)"
    )]
    NotBare { remote: String },
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
        message: crate::state::format::StateProblem,
    },
    #[error(
        "a git {what} started by hand is in progress in {}: finish or abort it (`git -C {} {what} --abort`), then sync again (nothing was changed)", dir.display(), dir.display()
    )]
    InProgress { what: &'static str, dir: PathBuf },
    #[error(
        "a git command ({}) is working in {}: it holds {lock}; let it finish, then sync again (nothing was changed)", holder_words(*pid), dir.display()
    )]
    GitRunning {
        dir: PathBuf,
        lock: String,
        /// The process holding the lock, `None` where it cannot be told.
        pid: Option<u32>,
    },
    #[error("another sync of this state folder is running; try again in a moment")]
    Busy,
    #[error(
        "{what} did not finish within {seconds} s (the remote does not answer, or the line is too slow) and was stopped; local work is kept (committed in the state folder) and the next sync sends it"
    )]
    TimedOut { what: String, seconds: u64 },
    #[error("the sync was stopped because taizhang is quitting; local work is kept")]
    Cancelled,
    /// The git program was found but could not be started.
    #[error("run git failed: {detail}; local work is kept")]
    CannotRunGit { detail: String },
    /// A git command (`action`: `git status --porcelain=v2`) failed; `detail`
    /// is git's own line.
    #[error("{action} failed: {detail}; local work is kept")]
    Git { action: String, detail: String },
    #[error("{}: {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: IoStep,
        source: std::io::Error,
    },
}

/// What a sync was doing with a file when it failed (`Display` is English;
/// see [`crate::i18n::sync::sync_error`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IoStep {
    #[error("cannot create the state folder")]
    CreateStateFolder,
    #[error("cannot read the state folder")]
    ReadStateFolder,
    #[error("cannot read")]
    Read,
    #[error("cannot write")]
    Write,
    #[error("cannot remove the stale lock")]
    RemoveStaleLock,
}

/// `process 1234`, or `a process` where it cannot be told.
fn holder_words(pid: Option<u32>) -> String {
    match pid {
        Some(pid) => format!("process {pid}"),
        None => "a process".to_string(),
    }
}

fn no_such_folder_hint(no_such_folder: bool, remote: &str) -> String {
    if no_such_folder {
        format!(
            " (no such folder: check the shared drive is mounted; a new shared repository is made with `git init --bare {remote}`)"
        )
    } else {
        String::new()
    }
}

pub(super) fn io(path: &Path, action: IoStep) -> impl FnOnce(std::io::Error) -> SyncError {
    let path = path.to_path_buf();
    move |source| SyncError::Io {
        path,
        action,
        source,
    }
}
