//! `taizhang log PLAN --sessions` and `--session ID`: the review sessions
//! of a plan, and one session's summary (the same as its closing screen).

use std::process::ExitCode;

use super::{CliError, Context};
use crate::config::Locale;
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
    let summary = session::summarize(&record, plan, &state, context.as_of, &context.rules());
    for line in summary.lines(context.config.locale() == Locale::Zh) {
        // names and notes from the session and state files: shown, not obeyed
        outln!("{}", escape(&line));
    }
    Ok(ExitCode::SUCCESS)
}

pub fn list(context: &Context, plan_id: &str) -> Result<ExitCode, CliError> {
    let catalog = context.catalog_for(&[plan_id])?;
    let plan = catalog.get(plan_id)?;
    let records = store(context).list(&plan.id).map_err(fail(context))?;
    if records.is_empty() {
        match context.config.locale() {
            crate::config::Locale::Zh => eprintln!("计划 `{}` 没有审阅会话", plan.id),
            crate::config::Locale::En => eprintln!("no review sessions of `{}`", plan.id),
        }
        return Ok(ExitCode::SUCCESS);
    }
    let state = context.store().load(&plan.id)?;
    let who_width = records
        .iter()
        .map(|r| width(&escape(&r.reviewer)))
        .max()
        .unwrap_or(0);
    for record in &records {
        let summary = session::summarize(record, plan, &state, context.as_of, &context.rules());
        let ended = match record.ended {
            Some(at) => at.format("%H:%M").to_string(),
            None => "interrupted".to_string(),
        };
        outln!(
            "{}  {} -> {:<11}  {}  {}/{} reviewed, {} changed, {} skipped  {}",
            escape(&record.id),
            record.started.format("%Y-%m-%d %H:%M"),
            ended,
            pad(&escape(&record.reviewer), who_width, false),
            summary.reviewed,
            summary.queued,
            summary.changed,
            summary.skipped,
            summary.scope,
        );
    }
    Ok(ExitCode::SUCCESS)
}
