//! `taizhang log PLAN --sessions` and `--session ID`: the review sessions
//! of a plan, and one session's summary (the same as its closing screen).

use std::process::ExitCode;

use super::{CliError, Context};
use crate::config::Locale;
use crate::i18n::cli::{self as i18n, Msg};
use crate::report::text::{pad, width};
use crate::review::{SessionStore, session};
use crate::safe_text::escape;

fn store(context: &Context) -> SessionStore {
    SessionStore::new(context.store().dir())
}

fn fail(context: &Context) -> impl Fn(session::SessionError) -> CliError + '_ {
    |err| {
        CliError::Message(crate::i18n::review::session_error(
            &err,
            context.config.locale(),
        ))
    }
}

pub fn show(context: &Context, plan_id: &str, id: &str) -> Result<ExitCode, CliError> {
    let catalog = context.catalog_for(&[plan_id])?;
    let plan = catalog.get(plan_id)?;
    let record = store(context).load(&plan.id, id).map_err(fail(context))?;
    let state = context.store().load(&plan.id)?;
    let locale = context.config.locale();
    let summary = session::summarize(
        &record,
        plan,
        &state,
        context.as_of,
        &context.rules(),
        locale,
    );
    for line in summary.lines(locale == Locale::Zh) {
        // names and notes from the session and state files: shown, not obeyed
        outln!("{}", escape(&line));
    }
    Ok(ExitCode::SUCCESS)
}

/// One line per session, its columns aligned by display width: id, start
/// -> end (or interrupted), reviewer, counts, scope.
pub fn list(context: &Context, plan_id: &str) -> Result<ExitCode, CliError> {
    let catalog = context.catalog_for(&[plan_id])?;
    let plan = catalog.get(plan_id)?;
    let locale = context.config.locale();
    let records = store(context).list(&plan.id).map_err(fail(context))?;
    if records.is_empty() {
        eprintln!("{}", i18n::text(Msg::NoSessions(&plan.id), locale));
        return Ok(ExitCode::SUCCESS);
    }
    let state = context.store().load(&plan.id)?;
    let rows: Vec<[String; 5]> = records
        .iter()
        .map(|record| {
            let summary = session::summarize(
                record,
                plan,
                &state,
                context.as_of,
                &context.rules(),
                locale,
            );
            let ended = record.ended.map(|at| at.format("%H:%M").to_string());
            [
                escape(&record.id).into_owned(),
                i18n::session_span(&record.started.format("%Y-%m-%d %H:%M"), ended, locale),
                escape(&record.reviewer).into_owned(),
                i18n::session_counts(
                    summary.reviewed,
                    summary.queued,
                    summary.changed,
                    summary.skipped,
                    locale,
                ),
                escape(&summary.scope).into_owned(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..5)
        .map(|i| rows.iter().map(|row| width(&row[i])).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, &w)| pad(cell, w, false))
            .collect();
        outln!("{}", cells.join("  ").trim_end());
    }
    Ok(ExitCode::SUCCESS)
}
