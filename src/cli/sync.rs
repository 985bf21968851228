//! `taizhang sync [--remote URL] [--status]` and the hidden
//! `taizhang merge-driver` git calls for state files.

use std::path::Path;
use std::process::ExitCode;

use super::{CliError, Context};

/// `taizhang sync`: commit, fetch, merge, push; print what happened.
pub fn sync(context: &Context, remote: Option<&str>, status: bool) -> Result<ExitCode, CliError> {
    if status {
        return print_status(context);
    }
    let reviewer = context.config.reviewer_name();
    let report = crate::sync::sync(&context.dirs, remote, &reviewer)?;
    for line in report.lines() {
        outln!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

fn print_status(context: &Context) -> Result<ExitCode, CliError> {
    let status = crate::sync::status(&context.dirs);
    if let Some(problem) = &status.problem {
        return Err(CliError::Message(problem.clone()));
    }
    let Some(remote) = &status.remote else {
        outln!("sync is not set up: run `taizhang sync --remote URL` once");
        return Ok(ExitCode::SUCCESS);
    };
    outln!("remote: {remote}");
    match status.last_sync {
        Some(at) => outln!(
            "last sync: {}",
            at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M:%S")
        ),
        None => outln!("last sync: never"),
    }
    outln!(
        "local changes waiting: {}",
        if status.local_changes_waiting {
            "yes"
        } else {
            "no"
        }
    );
    Ok(ExitCode::SUCCESS)
}

/// `taizhang merge-driver BASE OURS THEIRS [PATH]`, run by git: merge the
/// two state files into OURS; exit 1 (git then reports a conflict, with no
/// markers written) when one does not parse.
pub fn merge_driver(ours: &Path, theirs: &Path, path: Option<&str>) -> ExitCode {
    let name = path.unwrap_or("state file");
    match crate::sync::driver::run(ours, theirs) {
        Ok(conflicts) => {
            for conflict in conflicts {
                eprintln!(
                    "taizhang: {name}: {} changed on both sides; kept the later change, both are in the history",
                    conflict.milestone
                );
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("taizhang merge-driver: {name}: {err}; left our version in place");
            ExitCode::FAILURE
        }
    }
}
