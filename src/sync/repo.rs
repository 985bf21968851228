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

/// Files a sync shares: the state files and the repository's own settings.
/// Backups, locks and temp files never are (they are in `.gitignore` too).
pub(super) fn is_shared_path(path: &str) -> bool {
    !path.contains('/')
        && (path == ".gitignore"
            || path == ".gitattributes"
            || (path.ends_with(".yaml") && !path.starts_with('.') && path.len() > 5))
}

/// The plan id a state file's name stands for (`demo.yaml` → `demo`).
pub(super) fn plan_of(path: &str) -> Option<&str> {
    (is_shared_path(path) && path.ends_with(".yaml")).then(|| &path[..path.len() - 5])
}

/// Every state file must load before anything is committed: a hand edit
/// that does not parse stops the sync with `FILE:LINE:COL`.
pub(super) fn check_local_files(store: &Store) -> Result<(), SyncError> {
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
pub(super) fn ensure_lines(path: &Path, lines: &[&str]) -> Result<(), SyncError> {
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
pub(super) fn union_lines(ours: &str, theirs: &str) -> String {
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
    let message = account::message(reviewer, &files);
    git.text(["commit", "-q", "--no-verify", "-m", &message])?;
    Ok(Some(message))
}
