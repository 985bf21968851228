//! `taizhang ingest FILE… [--yes] [--dry-run]`: returned fill-in workbooks
//! into the state. Each file is read and every cell checked first; a file
//! with a bad cell is refused whole (each bad cell printed as
//! `FILE:SHEET!H12: message`). The changes are listed per milestone and
//! applied on confirmation: a y/N question on a terminal, `--yes` in a
//! script; without either nothing is applied.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use super::{CliError, Context};
use crate::config::Locale;
use crate::i18n::ledger::{self, Said, said};
use crate::ingest::diff::{self, Outcome};
use crate::ingest::{self, PlanRefused, Returned, field_heading};
use crate::plan::Plan;
use crate::report::summary::status_label;
use crate::state::Field;

#[derive(Debug, Clone, clap::Args)]
pub struct IngestArgs {
    /// Returned workbooks (xlsx, xls, ods), as made by `export --lead`.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Apply without asking.
    #[arg(long, conflicts_with = "dry_run")]
    pub yes: bool,
    /// Only list what would change.
    #[arg(long)]
    pub dry_run: bool,
    /// Refuse workbooks of any other plan.
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<String>,
}

/// One file read, checked and compared, waiting to be applied.
struct Ready<'p> {
    returned: Returned,
    plan: &'p Plan,
    outcome: Outcome,
}

pub fn run(context: &Context, args: &IngestArgs) -> Result<ExitCode, CliError> {
    let catalog = context.catalog()?;
    let store = context.store();
    let locale = context.config.locale();
    let plan_of = |id: &str| -> Result<&Plan, PlanRefused> {
        if let Some(wanted) = args.plan.as_deref().filter(|wanted| *wanted != id) {
            return Err(PlanRefused::NotNamed(wanted.to_string()));
        }
        catalog
            .plans
            .iter()
            .map(|p| &p.plan)
            .find(|p| p.id == id)
            .ok_or(PlanRefused::NotLoaded)
    };
    let mut failed = false;
    let mut ready: Vec<Ready> = Vec::new();
    for file in &args.files {
        match ingest::read(file, &plan_of) {
            Ok((returned, plan)) => {
                let state = store.load(&plan.id)?;
                let outcome = diff::outcome(&returned, &state);
                print_outcome(&returned, plan, &outcome, locale)?;
                ready.push(Ready {
                    returned,
                    plan,
                    outcome,
                });
            }
            Err(err) => {
                failed = true;
                eprintln!("{}", ledger::ingest_error(&err, locale));
                let file = file.display().to_string();
                eprintln!("{}", said(Said::Refused(&file), locale));
            }
        }
    }
    let count: usize = ready.iter().map(|r| r.outcome.changes.len()).sum();
    if count == 0 {
        outln!("{}", said(Said::NothingToChange, locale));
        return Ok(exit(failed));
    }
    if args.dry_run {
        outln!("{}", said(Said::DryRun(count), locale));
        return Ok(exit(failed));
    }
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            eprintln!("{}", said(Said::NeedsYes(count), locale));
            return Ok(ExitCode::FAILURE);
        }
        if !confirm(count, locale)? {
            outln!("{}", said(Said::NotApplied, locale));
            return Ok(exit(failed));
        }
    }
    let now = crate::state::store::now();
    for item in &ready {
        let edits = item.outcome.edits(&item.returned);
        if edits.is_empty() {
            continue;
        }
        let (_, changes) = store.apply(item.plan, &edits, item.returned.by(), None, now)?;
        let file = &item.returned.file;
        let applied = Said::Applied(file, changes.len(), item.returned.by());
        outln!("{}", said(applied, locale));
    }
    Ok(exit(failed))
}

fn exit(failed: bool) -> ExitCode {
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn confirm(count: usize, locale: Locale) -> Result<bool, CliError> {
    print!("{}", said(Said::Ask(count), locale));
    std::io::stdout().flush().map_err(CliError::CannotPrint)?;
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| {
            let reason = crate::i18n::io_reason(&e, locale);
            CliError::Message(said(Said::CannotRead(reason), locale))
        })?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "是"))
}

/// `FILE: 填报单位 …, 报告期 …, 填报人 …`, then per milestone each field
/// `from → to`, then the conflicts.
fn print_outcome(
    returned: &Returned,
    plan: &Plan,
    outcome: &Outcome,
    locale: Locale,
) -> Result<(), CliError> {
    let period = returned.period.to_string();
    let who = (returned.unit.as_str(), period.as_str(), returned.by());
    let counts = (outcome.changes.len(), outcome.milestones().len());
    let heading = ledger::file_heading(&returned.file, &plan.id, who, counts, locale);
    outln!("{heading}");
    for id in outcome.milestones() {
        let title = plan
            .find_milestone(id)
            .map_or("", |m| m.milestone.title.as_str());
        outln!("  {id} {title}");
        for change in outcome.changes.iter().filter(|c| c.milestone == id) {
            outln!(
                "    {}: {} → {}",
                label(change.field, returned),
                shown(change.field, &change.from),
                shown(change.field, &change.to)
            );
        }
    }
    for clash in &outcome.clashes {
        let clash = ledger::Clash {
            milestone: &clash.milestone,
            label: &label(clash.field, returned),
            office_to: &shown(clash.field, &clash.office_to),
            office_by: &clash.office_by,
            office_at: clash.office_at.format("%Y-%m-%d %H:%M").to_string(),
            sheet_to: &shown(clash.field, &clash.sheet_to),
            sheet_wins: clash.sheet_wins,
        };
        outln!("{}", ledger::clash(&clash, locale));
    }
    Ok(())
}

fn label(field: Field, returned: &Returned) -> String {
    if field.is_report() {
        format!("{}({})", field_heading(field), returned.period)
    } else {
        field_heading(field).to_string()
    }
}

fn shown(field: Field, text: &Option<String>) -> String {
    match (field, text) {
        (_, None) => "无".to_string(),
        (Field::Status, Some(t)) => status_label(t),
        (_, Some(t)) => t.replace('\n', " / "),
    }
}
