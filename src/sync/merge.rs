//! Merging the remote's state into the local files, plan by plan under
//! each plan's lock, and recording the merge commit.

use super::*;
use crate::state::format::StateProblem;

/// Merge the remote's commit `theirs` into the local state: each remote
/// state file is merged into the local one under its lock, the result
/// committed with both parents (or fast-forwarded).
pub(super) fn merge_remote(
    git: &Git,
    store: &Store,
    theirs: &str,
    reviewer: &str,
    locale: Locale,
) -> Result<Merged, SyncError> {
    let head = git.resolve("HEAD")?;
    if let Some(head) = &head
        && git.is_ancestor(theirs, head)?
    {
        return Ok(Merged {
            pulled: 0,
            resolved: Vec::new(),
            refused: Vec::new(),
        });
    }
    // read and check every remote file before changing anything
    let (states, refused) = read_remote_tree(git, theirs)?;
    let fast_forward = match &head {
        None => true,
        Some(head) => git.is_ancestor(head, theirs)?,
    };
    let mut pulled = 0;
    let mut resolved = Vec::new();
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
    let merged = Merged {
        pulled,
        resolved,
        refused,
    };
    record_merge(
        git,
        head.as_deref(),
        theirs,
        fast_forward,
        &merge_message(reviewer, &merged, locale),
    )?;
    Ok(merged)
}

/// The merge commit's message: what came in, and what both sides changed.
fn merge_message(reviewer: &str, merged: &Merged, locale: Locale) -> String {
    let both: Vec<String> = merged
        .resolved
        .iter()
        .map(|r| format!("{}/{}", r.plan, r.milestone))
        .collect();
    crate::i18n::sync::merge_message(reviewer, merged.pulled, &both, locale)
}

/// Stage the merged files and move HEAD: to `theirs` when that is exactly
/// the result of a fast-forward, else to a new commit with both parents.
fn record_merge(
    git: &Git,
    head: Option<&str>,
    theirs: &str,
    fast_forward: bool,
    message: &str,
) -> Result<(), SyncError> {
    // the remote's .gitignore and .gitattributes are never taken: taizhang
    // wrote its own at the start of this sync, and the merge records them
    stage(git, &changed_paths(git)?)?;
    let tree = git.text(["write-tree"])?.trim().to_string();
    let their_tree = git
        .text(["rev-parse", &format!("{theirs}^{{tree}}")])?
        .trim()
        .to_string();
    let old = head.unwrap_or_default();
    if fast_forward && tree == their_tree {
        git.text([
            "update-ref",
            "-m",
            "taizhang sync: fast-forward",
            "HEAD",
            theirs,
            old,
        ])?;
        return Ok(());
    }
    let mut args = vec!["commit-tree".to_string(), tree];
    if let Some(head) = head {
        args.extend(["-p".to_string(), head.to_string()]);
    }
    args.extend([
        "-p".to_string(),
        theirs.to_string(),
        "-m".to_string(),
        message.to_string(),
    ]);
    let commit = git.text(args)?.trim().to_string();
    git.text([
        "update-ref",
        "-m",
        "taizhang sync: merge",
        "HEAD",
        &commit,
        old,
    ])?;
    Ok(())
}

/// What merging the remote's commit did.
pub(super) struct Merged {
    /// Changes (history entries) received.
    pub pulled: usize,
    pub resolved: Vec<Resolved>,
    /// Entries of the remote's tree that were not taken (see
    /// [`read_remote_tree`]).
    pub refused: Vec<String>,
}

/// A remote state file: its state and its text as it is.
type RemoteState = (PlanState, String);

/// The remote's state files, parsed and checked, and the entries refused.
/// Only regular files named `<plan>.yaml` directly in the state folder are
/// ever taken from a remote (and taizhang's own `.gitignore` and
/// `.gitattributes`, whose content taizhang writes itself): an entry named
/// `../config.yaml`, an absolute path, a folder, a symbolic link or a
/// submodule is never written anywhere. Their names are returned, for the
/// report.
fn read_remote_tree(git: &Git, theirs: &str) -> Result<(Vec<RemoteState>, Vec<String>), SyncError> {
    let listing = git.bytes(["ls-tree", "-z", theirs])?;
    let listing = String::from_utf8_lossy(&listing).into_owned();
    let mut states = Vec::new();
    let mut refused = Vec::new();
    for entry in listing.split('\0').filter(|e| !e.is_empty()) {
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let mut meta = meta.split(' ');
        let (mode, kind, oid) = (meta.next(), meta.next(), meta.next());
        let regular_file = kind == Some("blob") && matches!(mode, Some("100644" | "100755"));
        if !regular_file || !is_shared_path(path) {
            refused.push(path.to_string());
            continue;
        }
        let Some(plan) = plan_of(path) else {
            continue; // .gitignore, .gitattributes: taizhang's own
        };
        let bytes = git.bytes(["cat-file", "blob", oid.unwrap_or_default()])?;
        states.push(parse_remote(path, plan, &bytes)?);
    }
    Ok((states, refused))
}

/// Merge the remote's version of a plan's state into the local file under
/// the plan's lock (the store's lock: a `mark` or TUI save waits, then
/// re-reads). When the local file has nothing the remote lacks and the
/// remote is ahead (`fast_forward`), the remote's text is taken as it is,
/// so its comments and layout survive; otherwise the merged state is
/// written in the store's layout. The state before, after, and the
/// milestones both sides changed.
pub(super) fn merge_file(
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
        store.write_text_locked(plan, &text, existing.is_some())?;
    }
    Ok((disk, merged, conflicts))
}

/// A remote state file, checked like a local one; its state and text.
pub(super) fn parse_remote(
    path: &str,
    plan: &str,
    bytes: &[u8],
) -> Result<(PlanState, String), SyncError> {
    let corrupt = |line, column, message| SyncError::RemoteCorrupt {
        file: path.to_string(),
        line,
        column,
        message,
    };
    let text = std::str::from_utf8(bytes).map_err(|_| corrupt(1, 1, StateProblem::NotUtf8))?;
    let state = format::from_text(text).map_err(|p| corrupt(p.line, p.column, p.message))?;
    if state.version > FORMAT_VERSION {
        return Err(corrupt(
            1,
            1,
            StateProblem::NewerVersion {
                found: state.version,
            },
        ));
    }
    if state.plan != plan {
        return Err(corrupt(
            1,
            1,
            StateProblem::WrongPlan {
                found: state.plan.clone(),
                expected: plan.to_string(),
            },
        ));
    }
    Ok((state, text.to_string()))
}
