//! `taizhang report`: the meeting report (调度通报) as HTML, docx or
//! Markdown. The model and its renderers are `report::meeting`; this file
//! picks plans, loads state, decides the "changes since" date and writes.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{Duration, NaiveDate};
use clap::{Args, ValueEnum};

use super::{CliError, Context, parse_date_arg};
use crate::i18n::cli::Msg;
use crate::report::meeting;
use crate::review::session::SessionStore;
use crate::state::PlanState;

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Plan ids (all plans, one section each, when none is named).
    pub plans: Vec<String>,
    /// List the changes from DATE (YYYY-MM-DD) on; default: the day of the
    /// last review session, else 30 days before --as-of.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub since: Option<NaiveDate>,
    #[arg(long, value_enum)]
    pub format: ReportFormat,
    /// Write to FILE (atomically) instead of printing; required for docx.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained page with inline charts, for screens and A4 print.
    Html,
    /// A Word document (Word, WPS) with tables and chart images.
    Docx,
    Markdown,
}

pub fn run(context: &Context, args: &ReportArgs) -> Result<ExitCode, CliError> {
    let say = |msg| CliError::Message(crate::i18n::cli::text(msg, context.config.locale()));
    if args.format == ReportFormat::Docx && args.output.is_none() {
        return Err(say(Msg::DocxNeedsOutput));
    }
    let catalog = context.catalog()?;
    let plans = catalog.select(&args.plans)?;
    let store = context.store();
    let states: Vec<PlanState> = super::cached::load_states(&store, &plans, context.cache())?;
    let pairs: Vec<_> = plans.iter().copied().zip(states.iter()).collect();
    let ids: Vec<&str> = plans.iter().map(|p| p.id.as_str()).collect();
    let since = match args.since {
        Some(since) => since,
        None => default_since(context, &ids)?,
    };
    if since > context.as_of {
        let (since, as_of) = (since.to_string(), context.as_of.to_string());
        return Err(say(Msg::SinceAfter(since, as_of)));
    }
    let report = meeting::build(&pairs, context.as_of, since, &context.rules());
    let bytes = match args.format {
        ReportFormat::Html => meeting::html::render(&report).into_bytes(),
        ReportFormat::Markdown => meeting::markdown::render(&report).into_bytes(),
        ReportFormat::Docx => meeting::docx::render(&report).map_err(CliError::Message)?,
    };
    super::emit(args.output.as_deref(), &bytes)?;
    Ok(ExitCode::SUCCESS)
}

/// The day the last review session of these plans started, on or before
/// the as-of date; with none, 30 days before the as-of date.
fn default_since(context: &Context, plans: &[&str]) -> Result<NaiveDate, CliError> {
    let sessions = SessionStore::new(&context.dirs.state());
    let mut last: Option<NaiveDate> = None;
    for plan in plans {
        let records = sessions
            .list(plan)
            .map_err(|e| CliError::Message(e.to_string()))?;
        for record in records {
            let day = record.started.date_naive();
            if day <= context.as_of && last.is_none_or(|l| day > l) {
                last = Some(day);
            }
        }
    }
    Ok(last.unwrap_or(context.as_of - Duration::days(30)))
}
