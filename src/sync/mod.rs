//! Team sync: the state folder (`<config dir>/state`) is a git repository
//! shared through a remote (a bare repository on a shared drive, Gitea,
//! GitLab). A sync commits local changes, fetches, merges and pushes.
//!
//! How merging works. Git never merges state files itself during a sync:
//! after the fetch, taizhang merges each of the remote's state files into
//! the local one in-process ([`Store::save_merged`]: under the plan's lock,
//! history united by change id, later change wins per field), stages the
//! result and records it as a merge commit whose parents are the local and
//! the remote commit (`git commit-tree`), or fast-forwards when the result
//! is exactly the remote's tree. Git only ever reads the working files, so
//! a `mark` or a TUI save running meanwhile is never overwritten; whatever
//! it wrote after the staging is committed by the next sync. The push is
//! then always a fast-forward: nothing is ever force-pushed, and a remote
//! that was rewritten or moved is merged like any other.
//!
//! For git commands run by hand (`git pull`, `git rebase`), the repository
//! is set up with a merge driver (`merge.taizhang.driver`, `.gitattributes`:
//! `*.yaml merge=taizhang`) that does the same merge, so no state file ever
//! gets conflict markers; `pull.rebase=false` so a plain `git pull` works.

pub mod account;
pub mod driver;
pub mod git;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};

use self::git::{Failure, Git};
use crate::paths::Dirs;
use crate::state::format;
use crate::state::lock::PlanLock;
use crate::state::model::FORMAT_VERSION;
use crate::state::{Field, PlanState, StateError, Store};

/// The remote's name in the state repository.
pub const REMOTE: &str = "origin";
/// The branch every taizhang shares.
pub const BRANCH: &str = "main";
/// In `<state>/.git/`: the time of the last sync that reached the remote.
pub const LAST_SYNC_FILE: &str = "taizhang-last-sync";
/// In `<state>/`: held while a sync runs (ignored by git, as `*.lock`).
pub const SYNC_LOCK_FILE: &str = ".taizhang-sync.lock";
/// Fetch-merge-push rounds when the remote keeps moving under us.
const TRIES: usize = 3;
/// How long a second sync waits for a running one.
const SYNC_WAIT: Duration = Duration::from_millis(300);

/// What the state repository ignores: backups, locks, temp files of the
/// store, editor leftovers, and review sessions (`sessions/`: each
/// reviewer's own, resumed by them alone).
pub const GITIGNORE_LINES: &[&str] = &["*.bak", "*.lock", "*.tmp", "*.swp", "*~", "sessions/"];
/// Which files the merge driver handles.
pub const GITATTRIBUTES_LINES: &[&str] = &["*.yaml merge=taizhang"];

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
        self.committed.is_none() && self.pulled == 0 && !self.pushed && self.conflicts.is_empty()
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
    #[error("another sync of this state folder is running; try again in a moment")]
    Busy,
    #[error("{action} failed: {detail}; local work is kept")]
    Git { action: String, detail: String },
    #[error("{}: {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        source: std::io::Error,
    },
}

fn io(path: &Path, action: &'static str) -> impl FnOnce(std::io::Error) -> SyncError {
    let path = path.to_path_buf();
    move |source| SyncError::Io {
        path,
        action,
        source,
    }
}

/// Commit local changes, fetch, merge, push. `remote` sets `origin` (the
/// first sync needs it; later it replaces the URL). Blocks for as long as
/// git talks to the remote: call it off the UI thread.
pub fn sync(dirs: &Dirs, remote: Option<&str>, reviewer: &str) -> Result<SyncReport, SyncError> {
    let dir = dirs.state();
    let remote = remote.map(str::trim).filter(|r| !r.is_empty());
    let repo = dir.join(".git");
    if !repo.exists() && remote.is_none() {
        return Err(SyncError::NotConfigured { dir });
    }
    fs::create_dir_all(&dir).map_err(io(&dir, "cannot create the state folder"))?;
    let git = Git::new(&dir, reviewer);
    git.text(["--version"])?;
    let _sync_lock = match PlanLock::acquire(&dir.join(SYNC_LOCK_FILE), SYNC_WAIT) {
        Ok(lock) => lock,
        Err(StateError::Locked { .. }) => return Err(SyncError::Busy),
        Err(other) => return Err(SyncError::LocalFile(other)),
    };
    let store = Store::new(&dir);
    check_local_files(&store)?;
    if repo.exists() {
        check_no_operation_in_progress(&repo, &dir)?;
    }
    let (initialized, url) = ensure_repo(&git, remote)?;
    let git = git.with_batch_ssh();
    let mut report = SyncReport {
        initialized,
        remote: url,
        ..Default::default()
    };
    // on a fresh folder with nothing recorded yet, the repository's own
    // settings wait: a first sync of a new member then takes the remote's
    // history as it is (a fast-forward) instead of merging a set-up commit
    report.committed = commit_local(&git, reviewer, false)?;
    let mut sent = false;
    for _ in 0..TRIES {
        fetch(&git, &report.remote)?;
        let theirs = git.resolve(&remote_ref())?;
        if let Some(theirs) = &theirs {
            let (pulled, conflicts) = merge_remote(&git, &store, theirs, reviewer)?;
            report.pulled += pulled;
            report.conflicts.extend(conflicts);
        }
        let mut head = git.resolve("HEAD")?;
        if head.is_none() {
            // an empty remote and nothing recorded: share the set-up
            report.committed = commit_local(&git, reviewer, true)?;
            head = git.resolve("HEAD")?;
        }
        let Some(head) = head else {
            sent = true;
            break;
        };
        if theirs.as_deref() == Some(head.as_str()) {
            sent = true;
            break;
        }
        if push(&git, &report.remote)? {
            report.pushed = true;
            sent = true;
            break;
        }
    }
    if !sent {
        return Err(SyncError::KeptMoving {
            remote: report.remote,
        });
    }
    let stamp = crate::state::store::now().to_rfc3339();
    let last = repo.join(LAST_SYNC_FILE);
    fs::write(&last, format!("{stamp}\n")).map_err(io(&last, "cannot write"))?;
    Ok(report)
}

/// Where sharing stands: a few milliseconds (two git commands), never
/// touching the network or taking a lock.
pub fn status(dirs: &Dirs) -> SyncStatus {
    let dir = dirs.state();
    let repo = dir.join(".git");
    if !repo.exists() {
        return SyncStatus::default();
    }
    let last_sync = fs::read_to_string(repo.join(LAST_SYNC_FILE))
        .ok()
        .and_then(|t| DateTime::parse_from_rfc3339(t.trim()).ok());
    let mut status = SyncStatus {
        last_sync,
        ..Default::default()
    };
    let git = Git::new(&dir, "taizhang");
    match git.output(["config", "--get", &format!("remote.{REMOTE}.url")]) {
        Ok(out) if out.status.success() => {
            let url = String::from_utf8_lossy(&out.stdout).trim().to_string();
            status.remote = Some(url).filter(|u| !u.is_empty());
        }
        Ok(_) => {}
        Err(err) => {
            status.problem = Some(err.to_string());
            return status;
        }
    }
    match git.bytes([
        "status",
        "--porcelain=v2",
        "--branch",
        "-z",
        "--untracked-files=all",
        "--no-renames",
    ]) {
        Ok(out) => {
            let text = String::from_utf8_lossy(&out);
            let mut has_commit = false;
            let mut compared = false;
            let mut ahead = false;
            let mut dirty = false;
            for entry in text.split('\0').filter(|e| !e.is_empty()) {
                if let Some(oid) = entry.strip_prefix("# branch.oid ") {
                    has_commit = oid != "(initial)";
                } else if let Some(ab) = entry.strip_prefix("# branch.ab ") {
                    compared = true;
                    ahead = ab.split(' ').next().is_some_and(|a| a != "+0");
                } else if let Some(path) = porcelain_v2_path(entry) {
                    dirty |= is_shared_path(path);
                }
            }
            status.local_changes_waiting = dirty || ahead || (has_commit && !compared);
        }
        Err(err) => status.problem = Some(err.to_string()),
    }
    status
}

/// The path of one `git status --porcelain=v2 -z` entry (renames are off).
fn porcelain_v2_path(entry: &str) -> Option<&str> {
    let fields = match entry.as_bytes().first()? {
        b'1' => 9,
        b'2' => 10,
        b'u' => 11,
        b'?' | b'!' => 2,
        _ => return None,
    };
    entry.splitn(fields, ' ').nth(fields - 1)
}

/// `origin/main`
fn remote_ref() -> String {
    format!("refs/remotes/{REMOTE}/{BRANCH}")
}

/// Files a sync shares: the state files and the repository's own settings.
/// Backups, locks and temp files never are (they are in `.gitignore` too).
fn is_shared_path(path: &str) -> bool {
    !path.contains('/')
        && (path == ".gitignore"
            || path == ".gitattributes"
            || (path.ends_with(".yaml") && !path.starts_with('.') && path.len() > 5))
}

/// The plan id a state file's name stands for (`demo.yaml` → `demo`).
fn plan_of(path: &str) -> Option<&str> {
    (is_shared_path(path) && path.ends_with(".yaml")).then(|| &path[..path.len() - 5])
}

/// Every state file must load before anything is committed: a hand edit
/// that does not parse stops the sync with `FILE:LINE:COL`.
fn check_local_files(store: &Store) -> Result<(), SyncError> {
    let dir = store.dir();
    let entries = fs::read_dir(dir).map_err(io(dir, "cannot read the state folder"))?;
    let mut plans = BTreeSet::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(plan) = plan_of(&name)
            && entry.path().is_file()
        {
            plans.insert(plan.to_string());
        }
    }
    for plan in plans {
        store.load(&plan).map_err(SyncError::LocalFile)?;
    }
    Ok(())
}

/// A merge, rebase, cherry-pick or revert left half done by hand.
fn check_no_operation_in_progress(repo: &Path, dir: &Path) -> Result<(), SyncError> {
    let markers = [
        ("MERGE_HEAD", "merge"),
        ("rebase-merge", "rebase"),
        ("rebase-apply", "rebase"),
        ("CHERRY_PICK_HEAD", "cherry-pick"),
        ("REVERT_HEAD", "revert"),
    ];
    for (marker, what) in markers {
        if repo.join(marker).exists() {
            return Err(SyncError::InProgress {
                what,
                dir: dir.to_path_buf(),
            });
        }
    }
    Ok(())
}

/// `'path' merge-driver %O %A %B %P`: this taizhang when it is the
/// `taizhang` program (not a test harness), else `taizhang` on PATH.
fn driver_command() -> String {
    let program = std::env::current_exe()
        .ok()
        .filter(|p| {
            p.file_stem()
                .is_some_and(|s| s.to_string_lossy() == "taizhang")
        })
        .map(|p| shell_quote(&p.to_string_lossy()))
        .unwrap_or_else(|| "taizhang".to_string());
    format!("{program} merge-driver %O %A %B %P")
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A remote given as a local path is made absolute (git runs in the state
/// folder, not where the command was typed); URLs and `host:path` are kept.
fn normalize_remote(remote: &str) -> String {
    let path = Path::new(remote);
    if path.exists() {
        return fs::canonicalize(path)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|_| remote.to_string());
    }
    let scp_like = remote
        .split_once(':')
        .is_some_and(|(host, _)| !host.contains('/') && host.len() > 1);
    if remote.contains("://") || scp_like || path.is_absolute() {
        return remote.to_string();
    }
    std::path::absolute(path)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| remote.to_string())
}

/// Make the state folder a repository on first use; (re)apply the settings
/// every sync (the driver's path changes when taizhang is reinstalled); set
/// `origin`. Whether it was created now, and the remote's URL.
fn ensure_repo(git: &Git, remote: Option<&str>) -> Result<(bool, String), SyncError> {
    let dir = git.dir().to_path_buf();
    let mut initialized = false;
    if !dir.join(".git").exists() {
        git.text(["init", "-q"])?;
        git.text(["symbolic-ref", "HEAD", &format!("refs/heads/{BRANCH}")])?;
        initialized = true;
    }
    let listed = git.bytes(["config", "--local", "-z", "--list"])?;
    let listed = String::from_utf8_lossy(&listed);
    let current = |key: &str| {
        listed
            .split('\0')
            .filter_map(|e| e.split_once('\n'))
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.to_string())
    };
    let settings = [
        (
            "merge.taizhang.name".to_string(),
            "taizhang state files: union of history, later change wins".to_string(),
        ),
        ("merge.taizhang.driver".to_string(), driver_command()),
        ("pull.rebase".to_string(), "false".to_string()),
        ("core.autocrlf".to_string(), "false".to_string()),
        (format!("branch.{BRANCH}.remote"), REMOTE.to_string()),
        (
            format!("branch.{BRANCH}.merge"),
            format!("refs/heads/{BRANCH}"),
        ),
    ];
    for (key, value) in &settings {
        if current(key).as_deref() != Some(value.as_str()) {
            git.text(["config", "--local", key, value])?;
        }
    }
    ensure_lines(&dir.join(".gitignore"), GITIGNORE_LINES)?;
    ensure_lines(&dir.join(".gitattributes"), GITATTRIBUTES_LINES)?;
    let existing = current(&format!("remote.{REMOTE}.url"));
    let url = match (remote.map(normalize_remote), existing) {
        (Some(url), None) => {
            git.text(["remote", "add", REMOTE, &url])?;
            url
        }
        (Some(url), Some(old)) if url != old => {
            git.text(["remote", "set-url", REMOTE, &url])?;
            url
        }
        (Some(url), Some(_)) => url,
        (None, Some(old)) => old,
        (None, None) => return Err(SyncError::NotConfigured { dir }),
    };
    Ok((initialized, url))
}

/// Add the lines a file lacks (keeping what the team added by hand).
fn ensure_lines(path: &Path, lines: &[&str]) -> Result<(), SyncError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(err) => return Err(io(path, "cannot read")(err)),
    };
    let merged = union_lines(&text, &lines.join("\n"));
    if merged != text {
        fs::write(path, merged).map_err(io(path, "cannot write"))?;
    }
    Ok(())
}

/// `ours` with the lines of `theirs` it lacks appended.
fn union_lines(ours: &str, theirs: &str) -> String {
    let have: BTreeSet<&str> = ours.lines().map(str::trim).collect();
    let mut out = ours.to_string();
    for line in theirs.lines() {
        if line.trim().is_empty()
            || have.contains(line.trim())
            || out.lines().any(|l| l.trim() == line.trim())
        {
            continue;
        }
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Paths with local changes that a sync shares (`git status`).
fn changed_paths(git: &Git) -> Result<Vec<String>, SyncError> {
    let out = git.bytes([
        "status",
        "--porcelain",
        "-z",
        "--untracked-files=all",
        "--no-renames",
    ])?;
    Ok(String::from_utf8_lossy(&out)
        .split('\0')
        .filter(|e| e.len() > 3)
        .map(|e| e[3..].to_string())
        .filter(|p| is_shared_path(p))
        .collect())
}

fn stage(git: &Git, paths: &[String]) -> Result<(), SyncError> {
    if paths.is_empty() {
        return Ok(());
    }
    let mut args = vec!["add".to_string(), "-A".to_string(), "--".to_string()];
    args.extend(paths.iter().cloned());
    git.text(args).map(|_| ())
}

/// A state file's content at `rev:path`, parsed; `None` when missing or
/// unreadable.
fn state_at(git: &Git, spec: &str) -> Option<PlanState> {
    let bytes = git.bytes(["cat-file", "blob", spec]).ok()?;
    format::from_text(&String::from_utf8(bytes).ok()?).ok()
}

/// Commit what changed locally (state files edited by taizhang or by hand,
/// all of them checked to load); its message, `None` when nothing changed.
/// Before the first commit, only when a state file changed or `set_up`.
fn commit_local(git: &Git, reviewer: &str, set_up: bool) -> Result<Option<String>, SyncError> {
    let paths = changed_paths(git)?;
    if !set_up && git.resolve("HEAD")?.is_none() && !paths.iter().any(|p| plan_of(p).is_some()) {
        return Ok(None);
    }
    stage(git, &paths)?;
    let out = git.bytes(["diff", "--cached", "--name-status", "-z", "--no-renames"])?;
    let out = String::from_utf8_lossy(&out);
    let fields: Vec<&str> = out.split('\0').filter(|f| !f.is_empty()).collect();
    if fields.is_empty() {
        return Ok(None);
    }
    let head = git.resolve("HEAD")?;
    let mut files = Vec::new();
    for pair in fields.chunks(2) {
        let [status, path] = pair else { continue };
        let Some(plan) = plan_of(path) else { continue };
        let old = head
            .as_ref()
            .and_then(|_| state_at(git, &format!("HEAD:{path}")));
        let new = if status.starts_with('D') {
            None
        } else {
            state_at(git, &format!(":{path}"))
        };
        files.push(account::file_change(plan, old.as_ref(), new.as_ref()));
    }
    let message = account::message(reviewer, &files);
    git.text(["commit", "-q", "--no-verify", "-m", &message])?;
    Ok(Some(message))
}

fn fetch(git: &Git, remote: &str) -> Result<(), SyncError> {
    let out = git.output(["fetch", "-q", "--no-tags", REMOTE])?;
    if out.status.success() {
        return Ok(());
    }
    Err(remote_error(remote, &out.stderr, "git fetch"))
}

/// Push HEAD to the remote's branch, never forced. `false` when rejected
/// because the remote moved (fetch and merge again).
fn push(git: &Git, remote: &str) -> Result<bool, SyncError> {
    let out = git.output([
        "push",
        "-q",
        "--no-verify",
        REMOTE,
        &format!("HEAD:refs/heads/{BRANCH}"),
    ])?;
    if out.status.success() {
        return Ok(true);
    }
    match git::diagnose(&out.stderr) {
        (Failure::Rejected, _) => Ok(false),
        (Failure::Other, detail) => Err(SyncError::PushRefused {
            remote: remote.to_string(),
            detail,
        }),
        _ => Err(remote_error(remote, &out.stderr, "git push")),
    }
}

fn remote_error(remote: &str, stderr: &[u8], action: &str) -> SyncError {
    let (failure, detail) = git::diagnose(stderr);
    match failure {
        Failure::AuthRefused => SyncError::AuthRefused {
            remote: remote.to_string(),
            detail,
        },
        Failure::Unreachable => {
            let local = Path::new(remote).is_absolute() && !Path::new(remote).exists();
            SyncError::Unreachable {
                remote: remote.to_string(),
                detail,
                hint: if local {
                    format!(
                        " (no such folder: check the shared drive is mounted; a new shared repository is made with `git init --bare {remote}`)"
                    )
                } else {
                    String::new()
                },
            }
        }
        _ => SyncError::Git {
            action: action.to_string(),
            detail,
        },
    }
}

/// Merge the remote's commit `theirs` into the local state: each remote
/// state file is merged into the local one under its lock, the result
/// committed with both parents (or fast-forwarded). The changes received
/// and the milestones both sides changed.
fn merge_remote(
    git: &Git,
    store: &Store,
    theirs: &str,
    reviewer: &str,
) -> Result<(usize, Vec<Resolved>), SyncError> {
    let head = git.resolve("HEAD")?;
    if let Some(head) = &head
        && git.is_ancestor(theirs, head)?
    {
        return Ok((0, Vec::new()));
    }
    // read and check every remote file before changing anything
    let listing = git.bytes(["ls-tree", "-z", theirs])?;
    let listing = String::from_utf8_lossy(&listing).into_owned();
    let mut states = Vec::new();
    let mut others = Vec::new();
    for entry in listing.split('\0').filter(|e| !e.is_empty()) {
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (_, kind, oid) = (meta.next(), meta.next(), meta.next());
        if kind != Some("blob") {
            continue;
        }
        let oid = oid.unwrap_or_default().to_string();
        let bytes = git.bytes(["cat-file", "blob", &oid])?;
        match plan_of(path) {
            Some(plan) => states.push(parse_remote(path, plan, &bytes)?),
            None => others.push((path.to_string(), bytes)),
        }
    }
    let fast_forward = match &head {
        None => true,
        Some(head) => git.is_ancestor(head, theirs)?,
    };
    let mut pulled = 0;
    let mut resolved = Vec::new();
    let mut extra = Vec::new();
    for (theirs_state, theirs_text) in &states {
        let (before, merged, conflicts) =
            merge_file(store, theirs_state, theirs_text, fast_forward)
                .map_err(SyncError::LocalFile)?;
        pulled += account::new_changes(Some(&before), theirs_state).len();
        for conflict in conflicts {
            let latest = merged.get(&conflict.milestone).history.last();
            resolved.push(Resolved {
                plan: theirs_state.plan.clone(),
                milestone: conflict.milestone.clone(),
                fields: conflict.fields.clone(),
                kept_by: latest.map(|c| c.by.clone()).unwrap_or_default(),
                kept_at: latest
                    .map(|c| c.at)
                    .unwrap_or_else(crate::state::store::now),
            });
        }
    }
    let dir = git.dir();
    for (path, bytes) in others {
        let local = dir.join(&path);
        let theirs_text = String::from_utf8_lossy(&bytes);
        if path == ".gitignore" || path == ".gitattributes" {
            let ours = fs::read_to_string(&local).unwrap_or_default();
            let merged = union_lines(&ours, &theirs_text);
            if merged != ours {
                fs::write(&local, merged).map_err(io(&local, "cannot write"))?;
            }
        } else if !local.exists() {
            // a file someone shared by hand: take it, keep ours otherwise
            fs::write(&local, &bytes).map_err(io(&local, "cannot write"))?;
            extra.push(path);
        } else {
            extra.push(path);
        }
    }
    let mut paths = changed_paths(git)?;
    paths.extend(extra);
    stage(git, &paths)?;
    let tree = git.text(["write-tree"])?.trim().to_string();
    let their_tree = git
        .text(["rev-parse", &format!("{theirs}^{{tree}}")])?
        .trim()
        .to_string();
    let old = head.clone().unwrap_or_default();
    if fast_forward && tree == their_tree {
        git.text([
            "update-ref",
            "-m",
            "taizhang sync: fast-forward",
            "HEAD",
            theirs,
            &old,
        ])?;
        return Ok((pulled, resolved));
    }
    let mut message = match pulled {
        0 => format!("{reviewer}: merge {REMOTE} (no new changes)"),
        n => format!("{reviewer}: merge {n} change(s) from {REMOTE}"),
    };
    if !resolved.is_empty() {
        let names: Vec<String> = resolved
            .iter()
            .map(|r| format!("{}/{}", r.plan, r.milestone))
            .collect();
        message.push_str(&format!(
            "; changed on both sides, later change kept: {}",
            names.join(", ")
        ));
    }
    let mut args = vec!["commit-tree".to_string(), tree];
    if let Some(head) = &head {
        args.extend(["-p".to_string(), head.clone()]);
    }
    args.extend([
        "-p".to_string(),
        theirs.to_string(),
        "-m".to_string(),
        message,
    ]);
    let commit = git.text(args)?.trim().to_string();
    git.text([
        "update-ref",
        "-m",
        "taizhang sync: merge",
        "HEAD",
        &commit,
        &old,
    ])?;
    Ok((pulled, resolved))
}

/// Merge the remote's version of a plan's state into the local file under
/// the plan's lock (the store's lock: a `mark` or TUI save waits, then
/// re-reads). When the local file has nothing the remote lacks and the
/// remote is ahead (`fast_forward`), the remote's text is taken as it is,
/// so its comments and layout survive; otherwise the merged state is
/// written in the store's layout. The state before, after, and the
/// milestones both sides changed.
fn merge_file(
    store: &Store,
    theirs: &PlanState,
    theirs_text: &str,
    fast_forward: bool,
) -> Result<(PlanState, PlanState, Vec<crate::state::Conflict>), StateError> {
    let plan = &theirs.plan;
    let _lock = PlanLock::acquire(&store.lock_path(plan), crate::state::lock::WAIT)?;
    let (disk, existing) = store.load_text(plan)?;
    let (merged, conflicts) = crate::state::merge(&disk, theirs);
    let text = if fast_forward && merged == *theirs {
        theirs_text.to_string()
    } else if merged == disk && existing.is_some() {
        return Ok((disk, merged, conflicts));
    } else {
        format::to_text(&merged)
    };
    if existing.as_deref() != Some(text.as_str()) {
        write_state(store, plan, &text, existing.is_some())?;
    }
    Ok((disk, merged, conflicts))
}

/// Replace a state file as the store does: the current file becomes the
/// `.bak`, the new text goes to a synced temp file renamed over it.
fn write_state(store: &Store, plan: &str, text: &str, exists: bool) -> Result<(), StateError> {
    use std::io::Write;
    let path = store.path(plan);
    let fail = |action: &'static str| {
        let path = path.clone();
        move |source| StateError::Io {
            path,
            action,
            source,
        }
    };
    if exists {
        let backup = store.backup_path(plan);
        let staging = store.dir().join(format!(".{plan}.yaml.bak.tmp"));
        fs::copy(&path, &staging).map_err(fail("cannot keep the backup"))?;
        fs::rename(&staging, &backup).map_err(fail("cannot keep the backup"))?;
    }
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{plan}.yaml."))
        .suffix(".tmp")
        .tempfile_in(store.dir())
        .map_err(fail("cannot create a temp file beside"))?;
    temp.write_all(text.as_bytes())
        .map_err(fail("cannot write"))?;
    temp.as_file().sync_all().map_err(fail("cannot sync"))?;
    temp.persist(&path)
        .map_err(|e| fail("cannot replace")(e.error))?;
    if let Ok(dir) = fs::File::open(store.dir()) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// A remote state file, checked like a local one; its state and text.
fn parse_remote(path: &str, plan: &str, bytes: &[u8]) -> Result<(PlanState, String), SyncError> {
    let corrupt = |line, column, message: String| SyncError::RemoteCorrupt {
        file: path.to_string(),
        line,
        column,
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|_| corrupt(1, 1, "not UTF-8 text".into()))?;
    let state = format::from_text(text).map_err(|p| corrupt(p.line, p.column, p.message))?;
    if state.version > FORMAT_VERSION {
        return Err(corrupt(
            1,
            1,
            format!(
                "state format version {} is newer than this taizhang understands ({FORMAT_VERSION}); upgrade taizhang",
                state.version
            ),
        ));
    }
    if state.plan != plan {
        return Err(corrupt(
            1,
            1,
            format!(
                "holds the state of plan `{}`, expected `{plan}`",
                state.plan
            ),
        ));
    }
    Ok((state, text.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_state_files_and_settings_are_shared() {
        for path in ["demo.yaml", ".gitignore", ".gitattributes", "十四五.yaml"] {
            assert!(is_shared_path(path), "{path}");
        }
        for path in [
            "demo.yaml.bak",
            "demo.lock",
            ".demo.yaml.x1.tmp",
            "sub/demo.yaml",
            ".yaml",
            "notes.txt",
        ] {
            assert!(!is_shared_path(path), "{path}");
        }
        assert_eq!(plan_of("demo.yaml"), Some("demo"));
        assert_eq!(plan_of(".gitignore"), None);
    }

    #[test]
    fn an_operation_left_half_done_by_hand_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join(".git");
        fs::create_dir_all(repo.join("rebase-merge")).unwrap();
        let err = check_no_operation_in_progress(&repo, dir.path()).unwrap_err();
        assert!(
            err.to_string().contains("a git rebase started by hand"),
            "{err}"
        );
        assert!(err.to_string().contains("rebase --abort"), "{err}");
        fs::remove_dir(repo.join("rebase-merge")).unwrap();
        check_no_operation_in_progress(&repo, dir.path()).unwrap();
    }

    #[test]
    fn lines_are_united_without_repeats() {
        assert_eq!(union_lines("a\nb", "b\nc\n"), "a\nb\nc\n");
        assert_eq!(union_lines("", "*.bak\n*.lock"), "*.bak\n*.lock\n");
        assert_eq!(union_lines("x\n", "x\n"), "x\n");
    }

    #[test]
    fn remotes_given_as_paths_become_absolute() {
        assert_eq!(
            normalize_remote("https://git.example/x.git"),
            "https://git.example/x.git"
        );
        assert_eq!(
            normalize_remote("git@gitea:ops/x.git"),
            "git@gitea:ops/x.git"
        );
        assert_eq!(normalize_remote("/srv/x.git"), "/srv/x.git");
        assert!(Path::new(&normalize_remote("shared/x.git")).is_absolute());
        assert_eq!(shell_quote("/a b/it's"), r"'/a b/it'\''s'");
    }

    #[test]
    fn a_report_says_what_happened_in_one_line() {
        let mut report = SyncReport {
            remote: "/srv/x.git".into(),
            ..Default::default()
        };
        assert!(report.is_noop());
        assert_eq!(report.summary(), "synced: up to date");
        assert_eq!(
            report.lines(),
            vec!["up to date with /srv/x.git; nothing to do"]
        );
        report.pushed = true;
        report.pulled = 3;
        report.conflicts.push(Resolved {
            plan: "demo".into(),
            milestone: "t1.m1".into(),
            fields: vec![Field::Status],
            kept_by: "李四".into(),
            kept_at: DateTime::parse_from_rfc3339("2025-03-01T10:04:00+08:00").unwrap(),
        });
        assert_eq!(
            report.summary(),
            "synced: sent local changes, received 3 change(s), 1 milestone(s) changed on both sides (later change kept)"
        );
        assert!(report.lines()[1].contains("kept the later change by 李四 at 2025-03-01 10:04:00"));
    }
}
