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
    let locale = context.config.locale();
    let report = crate::sync::sync(&context.dirs, remote, &reviewer, locale)?;
    for line in report.lines_in(locale) {
        outln!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

fn print_status(context: &Context) -> Result<ExitCode, CliError> {
    let mut status = crate::sync::status(&context.dirs);
    if let Some(problem) = status.problem.take() {
        // reported as every sync error is, in the user's language
        return Err(problem.into());
    }
    let locale = context.config.locale();
    let Some(remote) = &status.remote else {
        outln!("{}", crate::i18n::sync::not_set_up(locale));
        return Ok(ExitCode::SUCCESS);
    };
    let last_sync = status.last_sync.map(|at| {
        at.with_timezone(&chrono::Local)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    });
    let waiting = status.local_changes_waiting;
    for line in crate::i18n::sync::status_lines(remote, last_sync, waiting, locale) {
        outln!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// `taizhang merge-driver BASE OURS THEIRS [PATH]`, run by git: merge the
/// two state files into OURS; exit 1 (git then reports a conflict, with no
/// markers written) when one does not parse.
pub fn merge_driver(ours: &Path, theirs: &Path, path: Option<&str>) -> ExitCode {
    // run by git with no settings read: the environment's language
    let locale = crate::config::locale_from_env();
    let name = path.unwrap_or(match locale {
        crate::config::Locale::Zh => "状态文件",
        crate::config::Locale::En => "state file",
    });
    match crate::sync::driver::run(ours, theirs) {
        Ok(conflicts) => {
            for conflict in conflicts {
                let line = crate::i18n::sync::driver_conflict(name, &conflict.milestone, locale);
                eprintln!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{}", crate::i18n::sync::driver_failed(name, &err, locale));
            ExitCode::FAILURE
        }
    }
}
