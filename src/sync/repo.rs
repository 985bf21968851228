//! The state repository on this machine: set up on first use, what it
//! shares, and committing local changes (checked to load first).

use super::*;

/// The path of one `git status --porcelain=v2 -z` entry (renames are off).
pub(super) fn porcelain_v2_path(entry: &str) -> Option<&str> {
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
pub(super) fn remote_ref() -> String {
    format!("refs/remotes/{REMOTE}/{BRANCH}")
}

/// Files a sync shares: the state files (`<plan-id>.yaml`, a valid plan
/// id, directly in the state folder) and the repository's own settings.
/// Backups, locks and temp files never are (they are in `.gitignore` too);
/// nor is anything else a remote's tree may hold.
pub(super) fn is_shared_path(path: &str) -> bool {
    path == ".gitignore" || path == ".gitattributes" || plan_of(path).is_some()
}

/// The plan id a state file's name stands for (`demo.yaml` → `demo`).
pub(super) fn plan_of(path: &str) -> Option<&str> {
    path.strip_suffix(".yaml")
        .filter(|id| crate::plan::validate::is_valid_id(id))
}

/// Every state file must load before anything is committed: a hand edit
/// that does not parse stops the sync with `FILE:LINE:COL`.
pub(super) fn check_local_files(store: &Store) -> Result<(), SyncError> {
    let dir = store.dir();
    let entries = fs::read_dir(dir).map_err(io(dir, IoStep::ReadStateFolder))?;
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
pub(super) fn check_no_operation_in_progress(repo: &Path, dir: &Path) -> Result<(), SyncError> {
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
pub(super) fn driver_command() -> String {
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

pub(super) fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A remote given as a local path is made absolute (git runs in the state
/// folder, not where the command was typed); URLs and `host:path` are kept.
pub(super) fn normalize_remote(remote: &str) -> String {
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
pub(super) fn ensure_repo(git: &Git, remote: Option<&str>) -> Result<(bool, String), SyncError> {
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
    ensure_own_file(&dir.join(".gitignore"), GITIGNORE_LINES)?;
    ensure_own_file(&dir.join(".gitattributes"), GITATTRIBUTES_LINES)?;
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

/// Write one of taizhang's own settings files (`.gitignore`,
/// `.gitattributes`) with exactly taizhang's lines, whatever it held: a
/// remote's `*.yaml` in `.gitignore` must never stop sharing.
pub(super) fn ensure_own_file(path: &Path, lines: &[&str]) -> Result<(), SyncError> {
    let wanted = own_text(lines);
    match fs::read(path) {
        Ok(text) if text == wanted.as_bytes() => return Ok(()),
        Ok(_) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => return Err(io(path, IoStep::Read)(err)),
    }
    crate::fsutil::write_atomic(path, wanted.as_bytes()).map_err(io(path, IoStep::Write))
}

/// The text of a settings file taizhang owns.
pub(super) fn own_text(lines: &[&str]) -> String {
    let mut text = String::from(OWN_FILE_HEADER);
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// Paths with local changes that a sync shares (`git status`).
pub(super) fn changed_paths(git: &Git) -> Result<Vec<String>, SyncError> {
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

pub(super) fn stage(git: &Git, paths: &[String]) -> Result<(), SyncError> {
    if paths.is_empty() {
        return Ok(());
    }
    let mut args = vec!["add".to_string(), "-A".to_string(), "--".to_string()];
    args.extend(paths.iter().cloned());
    git.text(args).map(|_| ())
}

/// A state file's content at `rev:path`, parsed; `None` when missing or
/// unreadable.
pub(super) fn state_at(git: &Git, spec: &str) -> Option<PlanState> {
    let bytes = git.bytes(["cat-file", "blob", spec]).ok()?;
    format::from_text(&String::from_utf8(bytes).ok()?).ok()
}

/// Commit what changed locally (state files edited by taizhang or by hand,
/// all of them checked to load); its message, `None` when nothing changed.
/// Before the first commit, only when a state file changed or `set_up`.
pub(super) fn commit_local(
    git: &Git,
    reviewer: &str,
    set_up: bool,
    locale: Locale,
) -> Result<Option<String>, SyncError> {
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
    let message = account::message(reviewer, &files, locale);
    git.text(["commit", "-q", "--no-verify", "-m", &message])?;
    Ok(Some(message))
}

/// The lock files a git command that was killed leaves in `.git`: the
/// index's, HEAD's, the config's, and those of refs.
fn git_lock_files(repo: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = ["index.lock", "HEAD.lock", "config.lock", "packed-refs.lock"]
        .iter()
        .map(|name| repo.join(name))
        .filter(|path| path.exists())
        .collect();
    let mut folders = vec![repo.join("refs")];
    while let Some(folder) = folders.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                folders.push(path);
            } else if path.extension().is_some_and(|x| x == "lock") {
                found.push(path);
            }
        }
    }
    found
}

/// Remove the git locks a killed sync left behind (a `.git/index.lock`
/// otherwise stops every later sync), when no process holds one open and
/// no git command runs in the state folder; a line for each removed. A
/// lock still in use is [`SyncError::GitRunning`]. Called under the sync
/// lock, so no other sync of this folder is running.
pub(super) fn recover_stale_locks(repo: &Path, dir: &Path) -> Result<Vec<Note>, SyncError> {
    let locks = git_lock_files(repo);
    if locks.is_empty() {
        return Ok(Vec::new());
    }
    let users = processes_using(dir, &locks);
    let mut notes = Vec::new();
    for lock in locks {
        let shown = lock
            .strip_prefix(dir)
            .unwrap_or(&lock)
            .display()
            .to_string();
        if let Some(pid) = users.held.get(&lock).or(users.git_in_folder.as_ref()) {
            return Err(SyncError::GitRunning {
                dir: dir.to_path_buf(),
                lock: shown,
                pid: Some(*pid).filter(|&pid| pid != 0),
            });
        }
        match fs::remove_file(&lock) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => return Err(io(&lock, IoStep::RemoveStaleLock)(err)),
        }
        notes.push(Note::RemovedLock(shown));
    }
    Ok(notes)
}

#[derive(Default)]
struct LockUsers {
    /// Lock file → a process holding it open.
    held: std::collections::BTreeMap<PathBuf, u32>,
    /// A git process working in the state folder (it may hold a lock
    /// without a file open, between writes).
    git_in_folder: Option<u32>,
}

/// Who uses the locks, from `/proc` (Linux). Where there is no `/proc`,
/// a lock younger than ten minutes counts as held by an unknown process
/// (pid 0).
fn processes_using(dir: &Path, locks: &[PathBuf]) -> LockUsers {
    let mut users = LockUsers::default();
    let Ok(processes) = fs::read_dir("/proc") else {
        for lock in locks {
            let young = fs::metadata(lock)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_none_or(|age| age < Duration::from_secs(600));
            if young {
                users.held.insert(lock.clone(), 0);
            }
        }
        return users;
    };
    let canonical = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let wanted: Vec<(PathBuf, PathBuf)> = locks.iter().map(|l| (canonical(l), l.clone())).collect();
    let folder = canonical(dir);
    let me = std::process::id();
    for process in processes.flatten() {
        let Some(pid) = process
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        let base = process.path();
        let is_git = fs::read_to_string(base.join("comm")).is_ok_and(|c| c.starts_with("git"));
        if is_git && fs::read_link(base.join("cwd")).is_ok_and(|cwd| cwd.starts_with(&folder)) {
            users.git_in_folder = Some(pid);
        }
        let Ok(fds) = fs::read_dir(base.join("fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if let Ok(target) = fs::read_link(fd.path())
                && let Some((_, lock)) = wanted.iter().find(|(c, _)| *c == target)
            {
                users.held.insert(lock.clone(), pid);
            }
        }
    }
    users
}
