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
mod merge;
mod process;
mod repo;
mod report;

use self::merge::*;
use self::repo::*;
pub use self::report::*;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};

use self::git::{Failure, Git};
use crate::config::Locale;
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
pub const TRIES: usize = 3;
/// The pause before trying again when another push held the remote.
const RACE_PAUSE: Duration = Duration::from_millis(300);
/// How long a second sync waits for a running one.
const SYNC_WAIT: Duration = Duration::from_millis(300);

/// What the state repository ignores: backups, locks, temp files of the
/// store, editor leftovers, and review sessions (`sessions/`: each
/// reviewer's own, resumed by them alone).
pub const GITIGNORE_LINES: &[&str] = &["*.bak", "*.lock", "*.tmp", "*.swp", "*~", "sessions/"];
/// Which files the merge driver handles.
pub const GITATTRIBUTES_LINES: &[&str] = &["*.yaml merge=taizhang"];
/// The first line of `.gitignore` and `.gitattributes`, which taizhang owns.
pub const OWN_FILE_HEADER: &str =
    "# written by taizhang on every sync (changes here are replaced)\n";

/// Commit local changes, fetch, merge, push. `remote` sets `origin` (the
/// first sync needs it; later it replaces the URL). The commits' messages
/// are in `locale`, the syncing user's language. Blocks for as long as git
/// talks to the remote: call it off the UI thread.
pub fn sync(
    dirs: &Dirs,
    remote: Option<&str>,
    reviewer: &str,
    locale: Locale,
) -> Result<SyncReport, SyncError> {
    let dir = dirs.state();
    let remote = remote.map(str::trim).filter(|r| !r.is_empty());
    let repo = dir.join(".git");
    if !repo.exists() && remote.is_none() {
        return Err(SyncError::NotConfigured { dir });
    }
    fs::create_dir_all(&dir).map_err(io(&dir, IoStep::CreateStateFolder))?;
    let git = Git::new(&dir, reviewer);
    git.text(["--version"])?;
    let _sync_lock = match PlanLock::acquire(&dir.join(SYNC_LOCK_FILE), SYNC_WAIT) {
        Ok(lock) => lock,
        Err(StateError::Locked { .. }) => return Err(SyncError::Busy),
        Err(other) => return Err(SyncError::LocalFile(other)),
    };
    let store = Store::new(&dir);
    check_local_files(&store)?;
    let mut recovered = Vec::new();
    if repo.exists() {
        recovered = recover_stale_locks(&repo, &dir)?;
        check_no_operation_in_progress(&repo, &dir)?;
    }
    let (initialized, url) = ensure_repo(&git, remote)?;
    let git = git.with_batch_ssh();
    let mut report = SyncReport {
        initialized,
        remote: url,
        notes: recovered,
        ..Default::default()
    };
    // on a fresh folder with nothing recorded yet, the repository's own
    // settings wait: a first sync of a new member then takes the remote's
    // history as it is (a fast-forward) instead of merging a set-up commit
    report.committed = commit_local(&git, reviewer, false, locale)?;
    exchange(&git, &store, reviewer, locale, &mut report)?;
    let stamp = crate::state::store::now().to_rfc3339();
    let last = repo.join(LAST_SYNC_FILE);
    crate::fsutil::write_atomic(&last, format!("{stamp}\n").as_bytes())
        .map_err(io(&last, IoStep::Write))?;
    Ok(report)
}

/// Fetch, merge and push until the remote holds what we have (up to
/// [`TRIES`] rounds when the remote moves, or another push holds it).
fn exchange(
    git: &Git,
    store: &Store,
    reviewer: &str,
    locale: Locale,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let mut raced = false;
    for _ in 0..TRIES {
        fetch(git, &report.remote)?;
        let theirs = git.resolve(&remote_ref())?;
        if let Some(theirs) = &theirs {
            let merged = merge_remote(git, store, theirs, reviewer, locale)?;
            report.pulled += merged.pulled;
            report.conflicts.extend(merged.resolved);
            for path in merged.refused {
                let note = Note::Refused(path.escape_debug().to_string());
                if !report.notes.contains(&note) {
                    report.notes.push(note);
                }
            }
        }
        let mut head = git.resolve("HEAD")?;
        if head.is_none() {
            // an empty remote and nothing recorded: share the set-up
            report.committed = commit_local(git, reviewer, true, locale)?;
            head = git.resolve("HEAD")?;
        }
        let Some(head) = head else {
            return Ok(());
        };
        if theirs.as_deref() == Some(head.as_str()) {
            return Ok(());
        }
        match push(git, &report.remote)? {
            Pushed::Sent => {
                report.pushed = true;
                return Ok(());
            }
            Pushed::Moved => raced = false,
            Pushed::Raced => {
                // another member's push holds the branch for a moment:
                // fetching, merging and pushing again is always safe (the
                // push is a fast-forward or nothing)
                raced = true;
                std::thread::sleep(RACE_PAUSE);
            }
        }
    }
    let remote = report.remote.clone();
    Err(if raced {
        SyncError::Raced { remote }
    } else {
        SyncError::KeptMoving { remote }
    })
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
            status.problem = Some(err);
            return status;
        }
    }
    match git.bytes([
        "status",
        "--porcelain=v2",
        "--branch",
        "-z",
        "--untracked-files=all",
        // whatever a .gitignore says: a state file is shared by the next sync
        "--ignored=matching",
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
        Err(err) => status.problem = Some(err),
    }
    status
}

fn fetch(git: &Git, remote: &str) -> Result<(), SyncError> {
    let mut args = vec!["fetch".to_string(), "-q".into(), "--no-tags".into()];
    args.extend(git.remote_program_args(remote, false));
    args.push(REMOTE.into());
    let out = git.remote_output(&args, "git fetch")?;
    if out.status.success() {
        return Ok(());
    }
    Err(remote_error(remote, &out.stderr, "git fetch"))
}

/// What git says when a push goes to the checked-out branch of a non-bare
/// repository (refused: its checkout would run the remote's filters here).
const CHECKED_OUT: &str = "branch is currently checked out";

/// How a push ended, when not with an error.
enum Pushed {
    Sent,
    /// Rejected: the remote moved since the fetch (fetch and merge again).
    Moved,
    /// Another push was updating the branch at the same moment.
    Raced,
}

/// Push HEAD to the remote's branch, never forced.
fn push(git: &Git, remote: &str) -> Result<Pushed, SyncError> {
    let mut args = vec!["push".to_string(), "-q".into(), "--no-verify".into()];
    args.extend(git.remote_program_args(remote, true));
    args.extend([REMOTE.to_string(), format!("HEAD:refs/heads/{BRANCH}")]);
    let out = git.remote_output(&args, "git push")?;
    if out.status.success() {
        return Ok(Pushed::Sent);
    }
    match git::diagnose(&out.stderr) {
        (Failure::Rejected, _) => Ok(Pushed::Moved),
        (Failure::Raced, _) => Ok(Pushed::Raced),
        (Failure::Other, _) if String::from_utf8_lossy(&out.stderr).contains(CHECKED_OUT) => {
            Err(SyncError::NotBare {
                remote: remote.to_string(),
            })
        }
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
                no_such_folder: local,
            }
        }
        _ => SyncError::Git {
            action: action.to_string(),
            detail,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_state_files_and_settings_are_shared() {
        for path in [
            "demo.yaml",
            ".gitignore",
            ".gitattributes",
            "jining-2024.yaml",
        ] {
            assert!(is_shared_path(path), "{path}");
        }
        for path in [
            "demo.yaml.bak",
            "demo.lock",
            ".demo.yaml.x1.tmp",
            "sub/demo.yaml",
            "../demo.yaml",
            "/demo.yaml",
            "十四五.yaml",
            "demo\n.yaml",
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

    #[test]
    fn a_note_alone_is_something_to_say() {
        let report = SyncReport {
            remote: "/srv/x.git".into(),
            notes: vec![Note::RemovedLock(".git/index.lock".into())],
            ..Default::default()
        };
        assert!(!report.is_noop());
        assert_eq!(
            report.lines(),
            [
                "removed .git/index.lock, left behind by a git command that was stopped (no process held it)"
            ]
        );
        assert_eq!(
            report.summary(),
            "synced: removed .git/index.lock, left behind by a git command that was stopped (no process held it)"
        );
    }

    #[test]
    fn locks_left_in_the_repository_are_removed_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join(".git");
        fs::create_dir_all(repo.join("refs/heads")).unwrap();
        fs::write(repo.join("index.lock"), "").unwrap();
        fs::write(repo.join("refs/heads/main.lock"), "").unwrap();
        fs::write(repo.join("refs/heads/main"), "x").unwrap();
        let notes = recover_stale_locks(&repo, dir.path()).unwrap();
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert!(
            notes[0]
                .to_string()
                .starts_with("removed .git/index.lock, left behind")
        );
        assert!(
            notes[1]
                .to_string()
                .starts_with("removed .git/refs/heads/main.lock")
        );
        assert!(!repo.join("index.lock").exists());
        assert!(repo.join("refs/heads/main").exists(), "only locks go");
        assert!(recover_stale_locks(&repo, dir.path()).unwrap().is_empty());
    }
}
